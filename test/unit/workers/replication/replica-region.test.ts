import { describe, expect, it } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { Link } from "../../../../workers/link/link";
import { Applier } from "../../../../workers/replica/applier";
import type { CommitOutcome } from "../../../../workers/replica/leader";
import { ReplicaLog } from "../../../../workers/replica/log";
import { decodeRecord, encodeRecord } from "../../../../workers/replica/log-record";
import type { RemoteChange, ReplicaConfig } from "../../../../workers/replica/protocol";
import type { StoredKey } from "../../../../workers/replica/storage";
import { storedKeyOf } from "../../../../workers/replica/stored-key";
import { decodeHlc, encodeHlc, type HlcTimestamp } from "../../../../workers/replication/hlc";
import { type Leading, RegionReplica } from "../../../../workers/replication/replica-region";
import { decodeVersion } from "../../../../workers/replication/version";
import { ManualClock } from "../../../helpers/manual-clock";
import { MemoryHolds, MemoryLocalEntries, MemoryStorage, MemoryStreamRecords } from "../../../helpers/memory-storage";

const SCHEMA: KeySchema = { hash: { name: "pk", type: "S" } };
const HERE = "us-east-1";
const THERE = "eu-west-1";

const CONFIG: ReplicaConfig = {
  tableId: "t-1",
  partitionId: "p-1",
  low: "0000000000000000",
  high: "ffffffffffffffff",
  mapVersion: 1,
  keySchema: SCHEMA,
  tableName: "Music",
  region: HERE,
  regions: [THERE],
};

const keyOf = (name: string): Item => ({ pk: { S: name } });
const stored = (name: string): StoredKey => storedKeyOf(keyOf(name), SCHEMA);
const itemOf = (name: string, value: string): string => JSON.stringify({ pk: { S: name }, v: { S: value } });

/** An HLC timestamp at `ms` past the start of the test's clock. */
const ts = (ms: number, logical = 0): HlcTimestamp => encodeHlc(START + ms, logical);
const version = (ms: number, region = THERE) => `${ts(ms)}/${region}`;
const START = 1_000_000;

const put = (name: string, value: string, v: string): { key: StoredKey; change: RemoteChange } => ({
  key: stored(name),
  change: {
    kind: "put",
    key: keyOf(name),
    itemJson: itemOf(name, value),
    size: itemOf(name, value).length,
    version: v,
  },
});
const del = (name: string, v: string): { key: StoredKey; change: RemoteChange } => ({
  key: stored(name),
  change: { kind: "delete", key: keyOf(name), version: v },
});

/** The member's leadership: its quorum answers as `outcome` says, and a committed lsn moves the commit index. */
class FakeLeading implements Leading {
  readonly term = 2;
  commitIndex = 0;
  active = true;
  outcome: CommitOutcome = "committed";
  readonly quorums: number[] = [];

  async quorum(lsn: number): Promise<CommitOutcome> {
    this.quorums.push(lsn);
    if (this.outcome === "committed") this.commitIndex = Math.max(this.commitIndex, lsn);
    return this.outcome;
  }
}

/** A member leading a partition of a global table: a real log and applier over storage in memory. */
function setup(options: { config?: ReplicaConfig | undefined; store?: MemoryStorage } = {}) {
  const config = "config" in options ? options.config : CONFIG;
  const store = options.store ?? new MemoryStorage();
  const clock = new ManualClock(START);
  const log = new ReplicaLog(store);
  const leading = new FakeLeading();
  const holder: { region?: RegionReplica } = {};
  const applier = new Applier({
    log,
    items: store,
    clock,
    transaction: (fn) => fn(),
    logOnly: () => false,
    keySchema: () => SCHEMA,
    storedKey: (key) => storedKeyOf(key, SCHEMA),
    localIndexes: () => undefined,
    localEntries: new MemoryLocalEntries(),
    holds: new MemoryHolds(),
    streamRecords: new MemoryStreamRecords(),
    frozen: { keep: () => {}, apply: () => {} },
    streamLabel: () => undefined,
    leaderCommit: () => leading.commitIndex,
    neededLsn: () => undefined,
    collected: (below, source) => holder.region?.collected(below, source),
    split: (record) => record.stats,
  });
  const state = { config };
  const region = new RegionReplica({
    clock,
    link: {} as Link, // never called: no test starts the shipper
    log,
    store,
    applier,
    config: () => state.config,
  });
  holder.region = region;
  /** Appends `count` noop records and applies them, as a follower would. */
  const applyNoops = (count: number) => {
    for (let i = 0; i < count; i++) {
      log.appendWire({
        lsn: log.last + 1,
        term: 1,
        record: encodeRecord({ kind: "noop", stats: { itemCount: 0, sizeBytes: 0 } }),
      });
    }
    log.markApplied(log.last);
  };
  return { store, clock, log, leading, applier, region, state, applyNoops };
}

describe("versions", () => {
  it("gives versions only to a global table's writes: one with its region and other regions", () => {
    expect(setup().region.nextVersion()).toBeDefined();
    expect(setup({ config: undefined }).region.nextVersion()).toBeUndefined();
    expect(setup({ config: { ...CONFIG, regions: undefined } }).region.nextVersion()).toBeUndefined();
    expect(setup({ config: { ...CONFIG, regions: [] } }).region.nextVersion()).toBeUndefined();
    expect(setup({ config: { ...CONFIG, region: undefined } }).region.nextVersion()).toBeUndefined();
  });

  it("versions carry the clock's time and this region, and increase with every write", async () => {
    const { region, clock } = setup();
    const first = region.nextVersion()!;
    expect(decodeVersion(first)).toEqual({ ts: ts(0), region: HERE });
    const second = region.nextVersion()!;
    expect(second > first).toBe(true);
    expect(decodeVersion(second).ts).toBe(ts(0, 1));

    await clock.advance(25);
    const third = region.nextVersion()!;
    expect(decodeHlc(decodeVersion(third).ts)).toEqual({ physical: START + 25, logical: 0 });
    expect(third > second).toBe(true);
  });

  it("is global only with regions to ship to", () => {
    expect(setup().region.global).toBe(true);
    expect(setup({ config: { ...CONFIG, regions: [] } }).region.global).toBe(false);
  });
});

describe("shipping cursors", () => {
  it("a region new to the table starts at the applied index, and known ones keep theirs", () => {
    const store = new MemoryStorage();
    store.setState("shipped", { [THERE]: 2 });
    const { region, state, applyNoops } = setup({ store });
    state.config = { ...CONFIG, regions: [THERE, "ap-south-1"] };
    applyNoops(5);
    region.startCursors();
    expect(region.cursors()).toEqual({ [THERE]: 2, "ap-south-1": 5 });
    expect(store.getState("shipped")).toEqual({ [THERE]: 2, "ap-south-1": 5 });
    expect(region.floors()).toEqual([3, 6]);
  });

  it("writes nothing when every region has a cursor", () => {
    const { region, store, applyNoops } = setup();
    applyNoops(3);
    region.startCursors();
    const writes = store.writesOf("shipped");
    expect(writes).toBe(1);
    applyNoops(2);
    region.startCursors();
    expect(store.writesOf("shipped")).toBe(writes);
    expect(region.cursors()).toEqual({ [THERE]: 3 });
  });

  it("has no cursors to keep for a table that is not global", () => {
    const { region, store } = setup({ config: { ...CONFIG, regions: [] } });
    region.startCursors();
    region.keep({ [THERE]: 4 });
    expect(region.cursors()).toBeUndefined();
    expect(region.floors()).toEqual([]);
    // The cursor itself is kept, for when the table becomes global again.
    expect(store.getState("shipped")).toEqual({ [THERE]: 4 });
  });

  it("keeps the leader's cursors only when they move forward", () => {
    const { region, store } = setup();
    region.keep({ [THERE]: 7 });
    expect(region.cursors()).toEqual({ [THERE]: 7 });
    const writes = store.writesOf("shipped");

    region.keep({ [THERE]: 4 });
    region.keep({ [THERE]: 7 });
    region.keep(undefined);
    expect(region.cursors()).toEqual({ [THERE]: 7 });
    expect(store.writesOf("shipped")).toBe(writes);

    region.keep({ [THERE]: 9 });
    expect(region.cursors()).toEqual({ [THERE]: 9 });
    // A restarted member resumes from the cursors stored.
    expect(setup({ store }).region.cursors()).toEqual({ [THERE]: 9 });
  });

  it("keeps a region's cursor when the leader's is behind, even as another region's moves forward", () => {
    const { region, state } = setup();
    state.config = { ...CONFIG, regions: [THERE, "ap-south-1"] };
    region.keep({ [THERE]: 7, "ap-south-1": 7 });
    region.keep({ [THERE]: 4, "ap-south-1": 9 });
    // Fails: keep() merges every cursor of the append once any one of them moved forward.
    expect(region.cursors()).toEqual({ [THERE]: 7, "ap-south-1": 9 });
  });
});

describe("applying other regions' changes", () => {
  it("orders a change newer than the key's version, with its version and origin, and applies it once committed", async () => {
    const { region, store, leading, log, applier } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "old"), size: 10, version: version(5) }, 0);
    const result = await region.applyRemote(leading, [put("a", "new", version(7))]);
    expect(result).toBe(1);
    expect(leading.quorums).toEqual([1]);
    const record = decodeRecord(log.after(0, 1)[0].record);
    expect(record).toMatchObject({ kind: "put", key: keyOf("a"), v: version(7), o: THERE });
    applier.applyCommitted();
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "new"));
    expect(store.versionOf(stored("a"))).toEqual({
      version: version(7),
      tombstone: false,
      size: itemOf("a", "new").length,
    });
  });

  it("skips a change older than or the same as the key's version", async () => {
    const { region, store, leading, log } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "kept"), size: 10, version: version(5) }, 0);
    expect(await region.applyRemote(leading, [put("a", "older", version(3))])).toBe(0);
    expect(await region.applyRemote(leading, [put("a", "again", version(5))])).toBe(0);
    expect(await region.applyRemote(leading, [del("a", version(4))])).toBe(0);
    expect(log.last).toBe(0);
    expect(leading.quorums).toEqual([]);
  });

  it("a newer delete leaves a tombstone that an older put then loses to", async () => {
    const { region, store, leading, applier } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "1"), size: 10, version: version(1) }, 0);
    expect(await region.applyRemote(leading, [del("a", version(6))])).toBe(1);
    applier.applyCommitted();
    expect(store.versionOf(stored("a"))).toEqual({ version: version(6), tombstone: true });
    expect(await region.applyRemote(leading, [put("a", "late", version(4))])).toBe(0);
    expect(store.getItem(stored("a"))).toBeUndefined();
  });

  it("breaks a tie of timestamps by region", async () => {
    const { region, store, leading } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "1"), size: 10, version: version(5, "eu-central-1") }, 0);
    expect(await region.applyRemote(leading, [put("a", "2", version(5, "ap-south-1"))])).toBe(0);
    expect(await region.applyRemote(leading, [put("a", "3", version(5, "eu-west-1"))])).toBe(1);
  });

  it("skips changes below the collection horizon", async () => {
    const { region, store, leading, log } = setup();
    region.collected(ts(10));
    expect(store.getState("collected")).toBe(ts(10));
    expect(await region.applyRemote(leading, [put("a", "1", version(9)), del("b", version(2))])).toBe(0);
    expect(log.last).toBe(0);
    expect(await region.applyRemote(leading, [put("a", "1", version(10))])).toBe(1);
  });

  it("decides against the version ordered and not yet applied rather than the stored one", async () => {
    const { region, store, leading, log } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "1"), size: 10, version: version(1) }, 0);
    leading.outcome = "timeout";
    expect(await region.applyRemote(leading, [put("a", "2", version(8))])).toBe("timeout");
    expect(log.applied).toBe(0);

    leading.outcome = "committed";
    expect(await region.applyRemote(leading, [put("a", "3", version(5))])).toBe(0);
    expect(log.last).toBe(1);
    expect(await region.applyRemote(leading, [put("a", "4", version(9))])).toBe(1);
    expect(log.last).toBe(2);
  });

  it("answers a change skipped for an ordered record only once that record is committed", async () => {
    const { region, leading, log } = setup();
    leading.outcome = "timeout";
    expect(await region.applyRemote(leading, [del("a", version(8))])).toBe("timeout");
    // Delivered again (the sender's call timed out): the ordered delete decides, and is not committed yet.
    expect(await region.applyRemote(leading, [del("a", version(8)), put("a", "old", version(3))])).toBe("timeout");
    expect(leading.quorums).toEqual([1, 1]);
    leading.outcome = "committed";
    expect(await region.applyRemote(leading, [del("a", version(8))])).toBe(0);
    expect(leading.quorums).toEqual([1, 1, 1]);
    expect(log.last).toBe(1);
  });

  it("treats an ordered delete as a tombstone of its version", async () => {
    const { region, store, leading, log } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "1"), size: 10, version: version(1) }, 0);
    leading.outcome = "timeout";
    await region.applyRemote(leading, [del("a", version(8))]);
    leading.outcome = "committed";
    expect(await region.applyRemote(leading, [put("a", "3", version(7))])).toBe(0);
    expect(log.last).toBe(1);
  });

  it("marks a put whose key holds no tombstone (nt), so that applying it removes none; a put over a tombstone removes it", async () => {
    const { region, store, leading, log, applier } = setup();
    store.putTombstone(stored("b"), version(2));
    expect(await region.applyRemote(leading, [put("a", "1", version(3)), put("b", "1", version(4))])).toBe(2);
    const [a, b] = log.after(0, 2).map((r) => decodeRecord(r.record));
    expect(a).toMatchObject({ key: keyOf("a"), nt: 1 });
    expect(b).not.toHaveProperty("nt");
    applier.applyCommitted();
    expect(store.versionOf(stored("b"))).toMatchObject({ version: version(4), tombstone: false });
    expect(store.tombstoneCount()).toBe(0);
    // A key whose ordered record is a delete will hold a tombstone: the put after it removes it.
    leading.outcome = "timeout";
    await region.applyRemote(leading, [del("a", version(5))]);
    await region.applyRemote(leading, [put("a", "2", version(6))]);
    expect(decodeRecord(log.after(3, 1)[0].record)).not.toHaveProperty("nt");
  });

  it("returns how many it applied once committed, after one quorum for the last", async () => {
    const { region, store, leading, log } = setup();
    store.putItem({ ...stored("b"), item: itemOf("b", "1"), size: 10, version: version(9) }, 0);
    const result = await region.applyRemote(leading, [
      put("a", "1", version(3)),
      put("b", "2", version(4)),
      del("c", version(5)),
    ]);
    expect(result).toBe(2);
    expect(log.last).toBe(2);
    expect(leading.quorums).toEqual([2]);
  });

  it("returns the outcome when the quorum is not reached", async () => {
    const { region, leading } = setup();
    leading.outcome = "deposed";
    expect(await region.applyRemote(leading, [put("a", "1", version(3))])).toBe("deposed");
    leading.outcome = "timeout";
    expect(await region.applyRemote(leading, [put("b", "1", version(3))])).toBe("timeout");
  });

  it("orders the stats after each change on top of everything ordered", async () => {
    const { region, leading, applier } = setup();
    await region.applyRemote(leading, [put("a", "1", version(3)), put("b", "22", version(3)), del("a", version(4))]);
    applier.applyCommitted();
    expect(applier.stats).toEqual({ itemCount: 1, sizeBytes: itemOf("b", "22").length });
  });

  it("moves its clock past every version it sees, applied or not", async () => {
    const { region, store, leading } = setup();
    store.putItem({ ...stored("a"), item: itemOf("a", "1"), size: 10, version: version(90_000) }, 0);
    await region.applyRemote(leading, [put("a", "stale", version(60_000))]);
    expect(region.nextVersion()! > version(60_000)).toBe(true);
    await region.applyRemote(leading, [put("b", "1", version(80_000))]);
    expect(region.nextVersion()! > version(80_000)).toBe(true);
  });
});

describe("tombstones", () => {
  it("orders no collect record when no tombstone is below the horizon", async () => {
    const { region, store, leading, log } = setup();
    expect(await region.collectTombstones(leading, ts(10))).toBe("committed");
    store.putTombstone(stored("a"), version(10));
    store.putTombstone(stored("b"), version(12));
    expect(await region.collectTombstones(leading, ts(10))).toBe("committed");
    expect(log.last).toBe(0);
    expect(leading.quorums).toEqual([]);
  });

  it("orders a collect record when the oldest tombstone is below the horizon; applied, it drops them", async () => {
    const { region, store, leading, log, applier } = setup();
    store.putTombstone(stored("a"), version(3));
    store.putTombstone(stored("b"), version(12));
    expect(await region.collectTombstones(leading, ts(10))).toBe("committed");
    expect(log.last).toBe(1);
    expect(decodeRecord(log.after(0, 1)[0].record)).toMatchObject({ kind: "collect", below: ts(10) });
    expect(leading.quorums).toEqual([1]);

    applier.applyCommitted();
    expect(store.versionOf(stored("a"))).toBeUndefined();
    expect(store.versionOf(stored("b"))?.version).toBe(version(12));
    expect(store.getState("collected")).toBe(ts(10));
    // Changes below the horizon are now skipped.
    expect(await region.applyRemote(leading, [put("a", "late", version(5))])).toBe(0);
  });

  it("a global index's collection drops one source's tombstones below an lsn, and skips that source's changes below it from then on", async () => {
    const { region, store, leading, log, applier } = setup();
    const lsn = (n: number) => n.toString(16).padStart(16, "0");
    const from = (n: number, source: string) => `${lsn(n)}/${source}`;
    store.putTombstone(stored("a"), from(5, "p1"));
    store.putTombstone(stored("b"), from(9, "p1"));
    store.putTombstone(stored("c"), from(2, "p2"));
    expect(await region.collectSourceTombstones(leading, "p1", lsn(9))).toBe("committed");
    expect(decodeRecord(log.after(0, 1)[0].record)).toMatchObject({ kind: "collect", below: lsn(9), source: "p1" });
    applier.applyCommitted();
    expect(store.versionOf(stored("a"))).toBeUndefined();
    expect(store.versionOf(stored("b"))?.version).toBe(from(9, "p1"));
    expect(store.versionOf(stored("c"))?.version).toBe(from(2, "p2"));
    expect(store.getState("collectedFrom")).toEqual({ p1: lsn(9) });
    // p1's changes below lsn 9 were acknowledged before: delivered again, they are skipped; p2's are not.
    expect(await region.applyRemote(leading, [put("a", "late", from(4, "p1"))])).toBe(0);
    expect(await region.applyRemote(leading, [put("d", "new", from(4, "p2"))])).toBe(1);
    expect(await region.applyRemote(leading, [put("a", "next", from(10, "p1"))])).toBe(1);
    // The same horizon again orders nothing.
    const last = log.last;
    expect(await region.collectSourceTombstones(leading, "p1", lsn(9))).toBe("committed");
    expect(log.last).toBe(last);
  });

  it("returns the quorum's outcome", async () => {
    const { region, store, leading } = setup();
    store.putTombstone(stored("a"), version(3));
    leading.outcome = "timeout";
    expect(await region.collectTombstones(leading, ts(10))).toBe("timeout");
  });

  it("keeps the highest collection horizon", () => {
    const { region, store } = setup();
    region.collected(ts(10));
    region.collected(ts(4));
    expect(store.getState("collected")).toBe(ts(10));
    region.collected(ts(20));
    expect(store.getState("collected")).toBe(ts(20));
  });

  it("reports its oldest tombstone", () => {
    const { region, store } = setup();
    expect(region.tombstoneReport()).toEqual({ below: {}, oldest: undefined });
    store.putTombstone(stored("a"), version(7));
    store.putTombstone(stored("b"), version(3));
    expect(region.tombstoneReport().oldest).toBe(version(3));
  });
});
