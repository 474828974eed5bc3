/**
 * What a base partition's leader reports of its feeding of each global index
 * (workers/replica/index-feeder.ts `status`), for the admin API: the cursor, the committed
 * records past it, and the propagation lag of what it fed, on the link's clock.
 */
import { describe, expect, test } from "vitest";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { HASH_MAX, HASH_MIN, type PartitionMap } from "../../../../workers/metadata/partition-map";
import { type FeederHost, IndexFeeder } from "../../../../workers/replica/index-feeder";
import type { WireRecord } from "../../../../workers/replica/log";
import { encodeRecord, itemEntry } from "../../../../workers/replica/log-record";
import type { ReplicaConfig } from "../../../../workers/replica/protocol";
import { ManualClock } from "../../../helpers/manual-clock";

const table: KeySchema = { hash: { name: "pk", type: "S" } };
const S = (S: string) => ({ S });
const indexMap: PartitionMap = {
  tableId: "index-1",
  version: 1,
  partitions: [
    {
      id: "p0",
      low: HASH_MIN,
      high: HASH_MAX,
      replicas: [{ name: "index-1/p0/us-east-1/us-east-1a", zone: "us-east-1a", locationHint: "enam" }],
    },
  ],
};
const config: ReplicaConfig = {
  tableId: "t",
  partitionId: "p0",
  low: HASH_MIN,
  high: HASH_MAX,
  mapVersion: 1,
  keySchema: table,
  region: "us-east-1",
  tableName: "orders",
  globalIndexes: [{ id: "index-1", name: "byG", key: { hash: { name: "g", type: "S" } }, projection: { type: "ALL" } }],
};

/** A put of item `pk` keyed `g` in the index, at `lsn`. */
function put(lsn: number, pk: string, g: string): WireRecord {
  const item = { pk: S(pk), g: S(g) };
  const entry = itemEntry(
    "h",
    { pk: S(pk) },
    { item: JSON.stringify(item), size: 10 },
    { itemCount: 1, sizeBytes: 10 },
    {},
  );
  return { lsn, term: 1, record: encodeRecord(entry) };
}

/** A leader whose index partition acknowledges each batch `delayMs` after it is sent. */
function leader(delayMs: number) {
  const clock = new ManualClock();
  const log: WireRecord[] = [];
  let committed = 0;
  const state = new Map<string, unknown>();
  const link = {
    clock,
    random: () => 0,
    call: (_ref: unknown, method: string) => {
      if (method !== "applyRemote") return Promise.reject(new Error(`unexpected ${method}`));
      return new Promise((resolve) => clock.later(delayMs, () => resolve({ ok: true, applied: 1 })));
    },
    callMetadata: async () => ({ ok: true, table: {}, map: {}, indexMaps: { "index-1": indexMap } }),
  };
  const host = {
    link,
    store: {
      getState: (key: string) => state.get(key),
      setState: (key: string, value: unknown) => state.set(key, value),
    },
    config: () => config,
    committed: () => committed,
    records: (after: number, limit: number) => log.filter((r) => r.lsn > after).slice(0, limit),
    last: () => log[log.length - 1]?.lsn ?? 0,
    watch: () => watches.push(clock.now()),
    leading: () => true,
  } as unknown as FeederHost;
  /** When the feeder asked to be watched (feed-watch.ts). */
  const watches: number[] = [];
  const feeder = new IndexFeeder(host);
  /** Commits `record` and kicks the feeder, as the leader does after each commit. */
  const commit = (record: WireRecord) => {
    log.push(record);
    committed = record.lsn;
    feeder.kick();
  };
  return { clock, feeder, commit, watches };
}

describe("IndexFeeder: status", () => {
  test("before feeding: the cursor, the committed records past it, no lag yet", () => {
    const { feeder, commit } = leader(30);
    commit(put(1, "a", "x"));
    commit(put(2, "b", "x"));
    expect(feeder.status()).toEqual({ byG: { cursor: 0, pending: 2, lagsMs: [] } });
  });

  test("once fed: nothing pending, and a lag sample per commit, from the commit to the index's acknowledgement", async () => {
    const { clock, feeder, commit } = leader(30);
    commit(put(1, "a", "x"));
    await clock.advance(10);
    // Committed while the first batch is on its way: fed with the next batch.
    commit(put(2, "b", "y"));
    await clock.advance(100);
    const { byG } = feeder.status();
    expect(byG.cursor).toBe(2);
    expect(byG.pending).toBe(0);
    expect(byG.lagsMs).toEqual([30, 50]);
  });

  test("asks to be watched while committed records are unfed, and not once they are fed", async () => {
    const { clock, feeder, commit, watches } = leader(30);
    commit(put(1, "a", "x"));
    expect(watches).toHaveLength(1);
    expect(feeder.behind()).toBe(true);
    await clock.advance(50);
    expect(feeder.behind()).toBe(false);
    feeder.kick();
    expect(watches).toHaveLength(1);
  });
});
