/**
 * The shipper's watermarks (workers/replication/ship-changes.ts `Shipper.watermarks`): per
 * region, a clock below which every change the partition ordered has been acknowledged there.
 */
import { describe, expect, it } from "vitest";
import type { Link } from "../../../../workers/link/link";
import type { WireRecord } from "../../../../workers/replica/log";
import { encodeRecord } from "../../../../workers/replica/log-record";
import { encodeHlc, HLC_ZERO } from "../../../../workers/replication/hlc";
import { Shipper } from "../../../../workers/replication/ship-changes";

const T = 1_700_000_000_000;
const NOW = encodeHlc(T + 1000, 0);
const STATS = { itemCount: 0, sizeBytes: 0 };
const ts = (offset: number) => encodeHlc(T + offset, 0);

/** Record `lsn`: this region's put at clock T + offset, another region's (`origin`), or a noop. */
function record(lsn: number, offset?: number, origin?: string): WireRecord {
  const text =
    offset === undefined
      ? encodeRecord({ kind: "noop", stats: STATS })
      : encodeRecord({
          kind: "put",
          h: "0",
          key: { pk: { S: `k${lsn}` } },
          itemJson: "{}",
          size: 1,
          stats: STATS,
          v: `${ts(offset)}/us-east-1`,
          o: origin,
        });
  return { lsn, term: 1, record: text };
}

/** A shipper over a log starting at `log[0].lsn`, with `cursors` per region. */
function shipper(log: WireRecord[], cursors: Record<string, number>): Shipper {
  return new Shipper({
    link: { clock: { now: () => T } } as unknown as Link,
    tableName: () => "t",
    regions: () => Object.keys(cursors),
    committed: () => log[log.length - 1]?.lsn ?? 0,
    records: (after, limit) => log.filter((r) => r.lsn > after).slice(0, limit),
    cursor: (region) => cursors[region],
    setCursor: () => undefined,
    leading: () => true,
    resync: () => Promise.reject(new Error("no copies in these tests")),
  });
}

const last = (log: WireRecord[]) => log[log.length - 1].lsn;

describe("Shipper.watermarks", () => {
  const log = [record(1), record(2, 10), record(3, 20, "eu-west-1"), record(4, 30), record(5)];

  it("is the clock of the first change this region ordered past each region's cursor", () => {
    const cursors = { a: 0, b: 2, c: 3, d: 5 };
    expect(shipper(log, cursors).watermarks(NOW, last(log))).toEqual({
      a: ts(10),
      // Record 3 came from another region: it is not this region's to ship.
      b: ts(30),
      c: ts(30),
      // Everything acknowledged: every later change gets a later clock.
      d: NOW,
    });
  });

  it("never passes now, even below a change from a clock running ahead", () => {
    const ahead = [record(1, 5000)];
    expect(shipper(ahead, { a: 0 }).watermarks(NOW, 1)).toEqual({ a: NOW });
  });

  it("is zero for a region whose cursor the log no longer reaches", () => {
    const truncated = log.slice(2);
    expect(shipper(truncated, { a: 0, b: 2, c: 4 }).watermarks(NOW, last(log))).toEqual({
      a: HLC_ZERO,
      b: ts(30),
      c: NOW,
    });
  });

  it("reads the log in batches until every region has its clock", () => {
    const long = Array.from({ length: 700 }, (_, i) => record(i + 1, i === 650 ? 99 : undefined));
    expect(shipper(long, { a: 0, b: 651 }).watermarks(NOW, 700)).toEqual({ a: ts(99), b: NOW });
  });
});
