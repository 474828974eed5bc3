/**
 * The shipper's retries (workers/replication/ship-changes.ts `Shipper`): while a region cannot be
 * reached it backs off on its link's clock, and gives up after GIVE_UP_MS until the next kick.
 */
import { describe, expect, test } from "vitest";
import type { WireRecord } from "../../../../workers/replica/log";
import { encodeRecord } from "../../../../workers/replica/log-record";
import { encodeHlc } from "../../../../workers/replication/hlc";
import { Shipper, type ShipperHost } from "../../../../workers/replication/ship-changes";
import { ManualClock } from "../../../helpers/manual-clock";

const STATS = { itemCount: 0, sizeBytes: 0 };

/** This region's put of `k<lsn>`, a change to ship. */
function change(lsn: number, at: number): WireRecord {
  const record = encodeRecord({
    kind: "put",
    h: "0",
    key: { pk: { S: `k${lsn}` } },
    itemJson: "{}",
    size: 1,
    stats: STATS,
    v: `${encodeHlc(at, 0)}/us-east-1`,
  });
  return { lsn, term: 1, record };
}

/** A leader with one change to ship to eu-west-1, whose metadata object never answers. */
function unreachableRegion() {
  const clock = new ManualClock();
  const asked: number[] = [];
  const link = {
    clock,
    random: () => 0,
    call: () => Promise.reject(new Error("no replica call expected")),
    callMetadata: async () => {
      asked.push(clock.now());
      throw new Error("eu-west-1 is unreachable");
    },
  } as unknown as ShipperHost["link"];
  const log = [change(1, clock.now())];
  const shipper = new Shipper({
    link,
    tableName: () => "t",
    regions: () => ["eu-west-1"],
    committed: () => 1,
    records: (after, limit) => log.filter((r) => r.lsn > after).slice(0, limit),
    cursor: () => 0,
    setCursor: () => undefined,
    leading: () => true,
    resync: () => Promise.reject(new Error("no copies in these tests")),
  });
  return { clock, asked, shipper };
}

describe("Shipper: retries on the clock", () => {
  test("an unreachable region is retried after 25 ms, doubling up to 2 s, and given up once it has failed for over 10 s", async () => {
    const { clock, asked, shipper } = unreachableRegion();
    const start = clock.now();
    shipper.kick();
    await clock.advance(0);
    expect(asked).toEqual([start]);
    await clock.advance(24);
    expect(asked).toHaveLength(1);
    await clock.advance(1);
    expect(asked).toHaveLength(2);

    await clock.advance(20_000);
    expect(asked.map((t) => t - start)).toEqual([0, 25, 75, 175, 375, 775, 1575, 3175, 5175, 7175, 9175, 11175]);
    expect(clock.waiting).toBe(0);
  });

  test("after giving up, the next kick tries again at once", async () => {
    const { clock, asked, shipper } = unreachableRegion();
    shipper.kick();
    await clock.advance(20_000);
    const before = asked.length;
    shipper.kick();
    await clock.advance(0);
    expect(asked).toHaveLength(before + 1);
    expect(asked[before]).toBe(clock.now());
  });
});
