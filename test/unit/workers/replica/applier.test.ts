import { describe, expect, it, vi } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { IndexShape } from "../../../../shared/indexes/entries";
import { encodeKeyValue } from "../../../../shared/keys/key-encoding";
import { APPLY_AFTER_MS, Applier } from "../../../../workers/replica/applier";
import { ReplicaLog } from "../../../../workers/replica/log";
import { decodeRecord, encodeRecord, itemEntry, type LogEntry } from "../../../../workers/replica/log-record";
import type { StoredKey } from "../../../../workers/replica/storage";
import { storedKeyOf } from "../../../../workers/replica/stored-key";
import { ManualClock } from "../../../helpers/manual-clock";
import { MemoryHolds, MemoryLocalEntries, MemoryStorage, MemoryStreamRecords } from "../../../helpers/memory-storage";

const SCHEMA: KeySchema = { hash: { name: "pk", type: "S" } };
const TERM = 2;

const keyOf = (name: string): Item => ({ pk: { S: name } });
const stored = (name: string): StoredKey => storedKeyOf(keyOf(name), SCHEMA);
const itemOf = (name: string, value: string): string => JSON.stringify({ pk: { S: name }, v: { S: value } });
const text = (name: string, value: string) => ({ item: itemOf(name, value), size: itemOf(name, value).length });

/** A member's applier over a real ReplicaLog on storage in memory, with a clock the test moves. */
function setup(
  options: { logOnly?: boolean; store?: MemoryStorage; localIndexes?: IndexShape[]; stream?: string } = {},
) {
  const store = options.store ?? new MemoryStorage();
  const log = new ReplicaLog(store);
  const clock = new ManualClock();
  const localEntries = new MemoryLocalEntries();
  const holds = new MemoryHolds();
  const streamRecords = new MemoryStreamRecords();
  const state = {
    stream: options.stream,
    leaderCommit: undefined as number | undefined,
    logOnly: options.logOnly ?? false,
    transactions: 0,
    collected: [] as string[],
    /** What the applier told the freeze (backup.ts): the keys it kept, the records it applied. */
    frozen: [] as string[],
  };
  const applier = new Applier({
    log,
    items: store,
    localEntries,
    holds,
    streamRecords,
    frozen: {
      keep: (key) => state.frozen.push(`keep ${key.h}`),
      apply: (record, lsn) => state.frozen.push(`${record.kind} ${record.backup} at ${lsn}`),
    },
    streamLabel: () => state.stream,
    clock,
    transaction: (fn) => {
      state.transactions++;
      fn();
    },
    logOnly: () => state.logOnly,
    keySchema: () => SCHEMA,
    storedKey: (key) => storedKeyOf(key, SCHEMA),
    localIndexes: () => options.localIndexes,
    leaderCommit: () => state.leaderCommit,
    neededLsn: () => undefined,
    collected: (below) => state.collected.push(below),
    split: (record) => record.stats,
  });

  /** The leader orders a write of `name` (`value` undefined: a delete), as writes.ts does. At exit: its lsn. */
  const order = (name: string, value: string | undefined, version?: string): number => {
    const key = stored(name);
    const next = value === undefined ? undefined : { item: itemOf(name, value), size: itemOf(name, value).length };
    const stats = applier.statsAfter(applier.latest(key)?.size, next?.size);
    return applier.order(TERM, itemEntry(key.h, keyOf(name), next, stats, { v: version }), key);
  };

  /** Stats running over the records `follow` appends, as the leader computed them. */
  let followStats = { itemCount: 0, sizeBytes: 0 };
  const followSizes = new Map<string, number>();
  /** A follower copies the leader's record of a write of `name`. At exit: its lsn. */
  const follow = (name: string, value: string | undefined, version?: string, term = TERM): number => {
    const key = stored(name);
    const next = value === undefined ? undefined : { item: itemOf(name, value), size: itemOf(name, value).length };
    const old = followSizes.get(name);
    followStats = {
      itemCount: followStats.itemCount + (next ? 1 : 0) - (old === undefined ? 0 : 1),
      sizeBytes: followStats.sizeBytes + (next?.size ?? 0) - (old ?? 0),
    };
    if (next) followSizes.set(name, next.size);
    else followSizes.delete(name);
    return appendWire(itemEntry(key.h, keyOf(name), next, followStats, { v: version }), term);
  };
  const appendWire = (entry: LogEntry, term = TERM): number => {
    const lsn = log.last + 1;
    log.appendWire({ lsn, term, record: encodeRecord(entry) });
    return lsn;
  };

  return { store, localEntries, holds, streamRecords, log, clock, state, applier, order, follow, appendWire };
}

/** A version of a global table's write: its HLC timestamp (16 hex digits) and region. */
const version = (ts: number, region = "us-east-1") => `${ts.toString(16).padStart(16, "0")}/${region}`;

describe("the leader's overlay", () => {
  it("makes an ordered record its key's latest state before it is applied", () => {
    const { applier, log, store, order } = setup();
    order("a", "1");
    expect(log.applied).toBe(0);
    expect(store.getItem(stored("a"))).toBeUndefined();
    expect(applier.latest(stored("a"))).toEqual({ item: itemOf("a", "1"), size: itemOf("a", "1").length });
    expect(applier.pendingAt(stored("a"))?.lsn).toBe(1);

    order("a", "2");
    expect(applier.latest(stored("a"))?.item).toBe(itemOf("a", "2"));
    expect(applier.pendingAt(stored("a"))?.lsn).toBe(2);
  });

  it("shows an ordered delete as no item, over the applied one", () => {
    const { applier, state, store, order } = setup();
    order("a", "1");
    state.leaderCommit = 1;
    applier.applyCommitted();
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "1"));

    order("a", undefined);
    expect(applier.latest(stored("a"))).toBeUndefined();
    expect(applier.pendingAt(stored("a"))).toEqual({ lsn: 2, item: undefined, version: undefined });
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "1"));
  });

  it("keeps the version an ordered record carries", () => {
    const { applier, order } = setup();
    order("a", "1", version(7));
    expect(applier.pendingAt(stored("a"))?.version).toBe(version(7));
  });

  it("drops what was ordered and not applied when leadership ends", () => {
    const { applier, order } = setup();
    order("a", "1");
    expect(applier.statsAfter(undefined, 5)).toEqual({ itemCount: 2, sizeBytes: itemOf("a", "1").length + 5 });

    applier.discardOverlay();
    expect(applier.pendingAt(stored("a"))).toBeUndefined();
    expect(applier.latest(stored("a"))).toBeUndefined();
    expect(applier.statsAfter(undefined, 5)).toEqual({ itemCount: 1, sizeBytes: 5 });
  });
});

describe("applying committed records", () => {
  it("applies the leader's records only up to its commit index, in order", () => {
    const { applier, log, state, store, order } = setup();
    order("a", "1");
    order("a", "2");
    order("b", "1");

    applier.applyCommitted();
    expect(log.applied).toBe(0);

    state.leaderCommit = 2;
    applier.applyCommitted();
    expect(log.applied).toBe(2);
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "2"));
    expect(store.getItem(stored("b"))).toBeUndefined();
    // Applied records leave the overlay; the one not yet applied stays the latest state.
    expect(applier.pendingAt(stored("a"))).toBeUndefined();
    expect(applier.pendingAt(stored("b"))?.lsn).toBe(3);
    expect(applier.latest(stored("b"))?.item).toBe(itemOf("b", "1"));
  });

  it("applies the leader's own records from memory, without reading the log", () => {
    const { applier, log, state, store, order } = setup();
    const records = vi.spyOn(log, "records");
    order("a", "1");
    order("b", "1");
    state.leaderCommit = 2;
    applier.applyCommitted();
    expect(records).not.toHaveBeenCalled();
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "1"));
    expect(store.getItem(stored("b"))?.item).toBe(itemOf("b", "1"));
    expect(log.applied).toBe(2);
  });

  it("applies a follower's records from the log up to the commit it learned, in order", () => {
    const { applier, log, store, follow } = setup();
    const records = vi.spyOn(log, "records");
    follow("a", "1");
    follow("a", "2");
    follow("b", "1");

    applier.learnCommit(2);
    applier.applyCommitted();
    expect(records).toHaveBeenCalledWith(0, 2);
    expect(log.applied).toBe(2);
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "2"));
    expect(store.getItem(stored("b"))).toBeUndefined();

    applier.learnCommit(3);
    applier.applyCommitted();
    expect(log.applied).toBe(3);
    expect(store.getItem(stored("b"))?.item).toBe(itemOf("b", "1"));
  });

  it("never applies past the log's last record, whatever commit it learned", () => {
    const { applier, log, follow } = setup();
    follow("a", "1");
    follow("b", "1");
    applier.learnCommit(10);
    applier.applyCommitted();
    expect(log.applied).toBe(2);
  });

  it("applies an earlier leader's records and its own ones after them, in one transaction", () => {
    const { applier, log, state, store, follow, order } = setup();
    follow("a", "1", undefined, 1);
    order("a", "2");
    order("b", "1");
    state.leaderCommit = 3;
    const before = state.transactions;
    applier.applyCommitted();
    expect(state.transactions - before).toBe(1);
    expect(log.applied).toBe(3);
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "2"));
    expect(store.getItem(stored("b"))?.item).toBe(itemOf("b", "1"));
    expect(applier.pendingAt(stored("a"))).toBeUndefined();
  });

  it("applies committed records before the leader reads a key's latest state", () => {
    const { applier, log, store, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    expect(applier.latest(stored("a"))?.item).toBe(itemOf("a", "1"));
    expect(log.applied).toBe(1);
    expect(store.getItem(stored("a"))?.item).toBe(itemOf("a", "1"));
  });

  it("does nothing when everything committed is applied", () => {
    const { applier, state, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    applier.applyCommitted();
    const before = state.transactions;
    applier.applyCommitted();
    expect(state.transactions).toBe(before);
  });
});

describe("applying soon", () => {
  it("applies only once APPLY_AFTER_MS have passed on the clock", async () => {
    const { applier, clock, log, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    applier.applySoon();
    await clock.advance(APPLY_AFTER_MS - 1);
    expect(log.applied).toBe(0);
    await clock.advance(1);
    expect(log.applied).toBe(1);
  });

  it("applies once however many times it is called before then", async () => {
    const { applier, clock, state, log, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    applier.applySoon();
    follow("b", "1");
    applier.learnCommit(2);
    applier.applySoon();
    applier.applySoon();
    expect(clock.waiting).toBe(1);
    const before = state.transactions;
    await clock.advance(APPLY_AFTER_MS * 10);
    expect(state.transactions - before).toBe(1);
    expect(log.applied).toBe(2);
  });

  it("schedules again once the last one ran", async () => {
    const { applier, clock, log, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    applier.applySoon();
    await clock.advance(APPLY_AFTER_MS);
    follow("b", "1");
    applier.learnCommit(2);
    applier.applySoon();
    expect(clock.waiting).toBe(1);
    await clock.advance(APPLY_AFTER_MS);
    expect(log.applied).toBe(2);
  });
});

describe("reaching an acknowledged record", () => {
  it("learns the commit when the log holds the record in its term", () => {
    const { applier, log, follow } = setup();
    follow("a", "1");
    follow("b", "1");
    expect(applier.reaches({ lsn: 2, term: TERM })).toBe(true);
    applier.applyCommitted();
    expect(log.applied).toBe(2);
  });

  it("does not when the record there has another term, or is not in the log", () => {
    const { applier, log, follow } = setup();
    follow("a", "1");
    follow("b", "1");
    expect(applier.reaches({ lsn: 2, term: TERM + 1 })).toBe(false);
    expect(applier.reaches({ lsn: 3, term: TERM })).toBe(false);
    applier.applyCommitted();
    expect(log.applied).toBe(0);
  });

  it("reaches whatever is applied already", () => {
    const { applier, follow } = setup();
    follow("a", "1");
    applier.learnCommit(1);
    applier.applyCommitted();
    // Applied records are committed: whichever term a router saw there, a read need not wait.
    expect(applier.reaches({ lsn: 1, term: TERM + 5 })).toBe(true);
    expect(applier.reaches({ lsn: 0, term: 0 })).toBe(true);
  });
});

describe("stats", () => {
  it("counts the items and their sizes after puts, replacements and deletes", () => {
    const { applier, state, order } = setup();
    order("a", "1");
    order("b", "22");
    order("a", "333");
    order("b", undefined);
    order("c", "4");
    // Not applied yet: the stats are those of the applied index.
    expect(applier.stats).toEqual({ itemCount: 0, sizeBytes: 0 });
    state.leaderCommit = 5;
    applier.applyCommitted();
    expect(applier.stats).toEqual({
      itemCount: 2,
      sizeBytes: itemOf("a", "333").length + itemOf("c", "4").length,
    });
  });

  it("takes a follower's stats from the records it applied, and a restarted member from the log", () => {
    const { applier, store, follow } = setup();
    follow("a", "1");
    follow("b", "22");
    follow("a", undefined);
    applier.learnCommit(3);
    applier.applyCommitted();
    const expected = { itemCount: 1, sizeBytes: itemOf("b", "22").length };
    expect(applier.stats).toEqual(expected);

    const restarted = setup({ store });
    expect(restarted.applier.stats).toEqual(expected);
    expect(restarted.log.applied).toBe(3);
  });
});

describe("versioned writes", () => {
  const paths = [
    {
      name: "the leader's own records",
      write: (s: ReturnType<typeof setup>, name: string, value: string | undefined, v?: string) => {
        const lsn = s.order(name, value, v);
        s.state.leaderCommit = lsn;
        s.applier.applyCommitted();
      },
    },
    {
      name: "records from the log",
      write: (s: ReturnType<typeof setup>, name: string, value: string | undefined, v?: string) => {
        const lsn = s.follow(name, value, v);
        s.applier.learnCommit(lsn);
        s.applier.applyCommitted();
      },
    },
  ];

  for (const { name, write } of paths) {
    describe(name, () => {
      it("a versioned delete leaves a tombstone with its version", () => {
        const s = setup();
        write(s, "a", "1", version(1));
        write(s, "a", undefined, version(2));
        expect(s.store.getItem(stored("a"))).toBeUndefined();
        expect(s.store.versionOf(stored("a"))).toEqual({ version: version(2), tombstone: true });
      });

      it("a versioned put removes the key's tombstone", () => {
        const s = setup();
        write(s, "a", undefined, version(2));
        expect(s.store.tombstoneCount()).toBe(1);
        write(s, "a", "1", version(3));
        expect(s.store.tombstoneCount()).toBe(0);
        expect(s.store.versionOf(stored("a"))).toMatchObject({ version: version(3), tombstone: false });
      });

      it("a write without a version leaves no tombstone and keeps others'", () => {
        const s = setup();
        s.store.putTombstone(stored("b"), version(1));
        write(s, "a", "1");
        write(s, "a", undefined);
        write(s, "b", "1");
        expect(s.store.versionOf(stored("a"))).toBeUndefined();
        expect(s.store.tombstones.size).toBe(1);
      });
    });
  }
});

describe("collecting tombstones", () => {
  it("a collect record deletes the tombstones below its horizon and reports it", () => {
    const { applier, state, store } = setup();
    store.putTombstone(stored("old"), version(1));
    store.putTombstone(stored("edge"), version(3));
    store.putTombstone(stored("new"), version(5));
    const below = version(3).slice(0, 16);
    const lsn = applier.orderControl(TERM, { kind: "collect", below });
    expect(state.collected).toEqual([]);

    state.leaderCommit = lsn;
    applier.applyCommitted();
    expect(store.versionOf(stored("old"))).toBeUndefined();
    expect(store.versionOf(stored("edge"))?.version).toBe(version(3));
    expect(store.versionOf(stored("new"))?.version).toBe(version(5));
    expect(state.collected).toEqual([below]);
  });

  it("a follower applies a collect record from the log", () => {
    const { applier, state, store, appendWire } = setup();
    store.putTombstone(stored("old"), version(1));
    const below = version(2).slice(0, 16);
    appendWire({ kind: "collect", below, stats: { itemCount: 0, sizeBytes: 0 } });
    applier.learnCommit(1);
    applier.applyCommitted();
    expect(store.tombstoneCount()).toBe(0);
    expect(state.collected).toEqual([below]);
  });
});

describe("a log replica", () => {
  it("applies no items but moves the applied index and the stats", () => {
    const { applier, log, store, follow, state } = setup({ logOnly: true });
    follow("a", "1", version(1));
    follow("b", "22");
    follow("b", undefined, version(2));
    applier.learnCommit(3);
    applier.applyCommitted();
    expect(log.applied).toBe(3);
    expect(store.items.size).toBe(0);
    expect(store.tombstones.size).toBe(0);
    expect(applier.stats).toEqual({ itemCount: 1, sizeBytes: itemOf("a", "1").length });
    expect(state.collected).toEqual([]);
  });
});

describe("local secondary indexes", () => {
  const byV: IndexShape = {
    name: "byV",
    key: { hash: SCHEMA.hash, range: { name: "v", type: "S" } },
    projection: { type: "ALL" },
  };
  const byW: IndexShape = { ...byV, name: "byW", key: { ...byV.key, range: { name: "w", type: "S" } } };

  it("keeps an entry beside each applied item that has the index's key, from the leader's own records", () => {
    const { applier, state, localEntries, order } = setup({ localIndexes: [byV, byW] });
    order("a", "1");
    expect(localEntries.byItem.size).toBe(0);
    state.leaderCommit = 1;
    applier.applyCommitted();
    const size = itemOf("a", "1").length;
    // In byV only: the item has no `w` (a sparse index).
    expect([...localEntries.byItem.values()]).toEqual([
      [{ idx: "byV", isk: encodeKeyValue({ S: "1" }), size: size + 100 }],
    ]);
  });

  it("replaces an item's entries when a follower applies a newer record, and drops them with the item", () => {
    const { applier, localEntries, follow } = setup({ localIndexes: [byV] });
    follow("a", "1");
    follow("a", "2");
    applier.learnCommit(2);
    applier.applyCommitted();
    expect([...localEntries.byItem.values()].flat().map((e) => e.isk)).toEqual([encodeKeyValue({ S: "2" })]);

    follow("a", undefined);
    applier.learnCommit(3);
    applier.applyCommitted();
    expect(localEntries.byItem.size).toBe(0);
  });

  it("writes no entry on a table without local indexes", () => {
    const { applier, state, localEntries, order } = setup();
    order("a", "1");
    state.leaderCommit = 1;
    applier.applyCommitted();
    expect(localEntries.byItem.size).toBe(0);
  });
});

describe("Applier: transactions' holds", () => {
  it("puts a hold record's items in the holds when it is applied, and takes them out with its release", () => {
    const { applier, holds, appendWire, store } = setup();
    const stats = { itemCount: 0, sizeBytes: 0 };
    const items = ["a", "b"].map((name) => ({
      h: stored(name).h,
      key: keyOf(name),
      write: { kind: "delete" as const },
    }));
    appendWire({ kind: "hold", tx: "t1", coordinator: "tx/us-east-1/0", since: 5, items, stats });
    applier.learnCommit(1);
    applier.applyCommitted();
    expect([...holds.byItem.values()]).toEqual(["t1", "t1"]);
    // A release is applied through the log too; the items it does not write stay as they were.
    appendWire({ kind: "release", tx: "t1", stats });
    applier.learnCommit(2);
    applier.applyCommitted();
    expect(holds.byItem.size).toBe(0);
    expect(store.getItem(stored("a"))).toBeUndefined();
  });
});

describe("Applier: stream records", () => {
  it("records INSERT, MODIFY and REMOVE with the items before and after, and nothing for a write that changes nothing", async () => {
    const { applier, state, streamRecords, clock, order } = setup({ stream: "L1" });
    const start = clock.now();
    order("a", "1");
    await clock.advance(1_000);
    order("a", "2");
    order("a", "2");
    order("a", undefined);
    order("b", undefined);
    state.leaderCommit = 5;
    applier.applyCommitted();
    expect([...streamRecords.byLsn]).toEqual([
      [1, { label: "L1", at: start, event: 1, keys: JSON.stringify(keyOf("a")), new: text("a", "1") }],
      [
        2,
        {
          label: "L1",
          at: start + 1_000,
          event: 2,
          keys: JSON.stringify(keyOf("a")),
          old: text("a", "1"),
          new: text("a", "2"),
        },
      ],
      [4, { label: "L1", at: start + 1_000, event: 3, keys: JSON.stringify(keyOf("a")), old: text("a", "2") }],
    ]);
  });

  it("takes a follower's records, label and time from the leader's log, whatever its own configuration", () => {
    const leader = setup({ stream: "L1" });
    leader.order("a", "1");
    leader.order("a", "2");
    const follower = setup();
    for (const { lsn, term, record } of leader.log.after(0, 10)) follower.log.appendWire({ lsn, term, record });
    follower.applier.learnCommit(2);
    follower.applier.applyCommitted();
    leader.state.leaderCommit = 2;
    leader.applier.applyCommitted();
    expect([...follower.streamRecords.byLsn]).toEqual([...leader.streamRecords.byLsn]);
    expect(follower.streamRecords.byLsn.get(2)).toMatchObject({ label: "L1", at: leader.clock.now(), event: 2 });
  });

  it("compares items as DynamoDB does: members and set elements in any order are the same item", () => {
    const { applier, state, streamRecords, store } = setup({ stream: "L1" });
    const key = stored("a");
    const first = JSON.stringify({ pk: { S: "a" }, s: { SS: ["x", "y"] }, m: { M: { p: { N: "1" }, q: { S: "z" } } } });
    const same = JSON.stringify({ m: { M: { q: { S: "z" }, p: { N: "1" } } }, s: { SS: ["y", "x"] }, pk: { S: "a" } });
    const other = JSON.stringify({ pk: { S: "a" }, s: { SS: ["x", "w"] }, m: { M: { p: { N: "1" }, q: { S: "z" } } } });
    for (const item of [first, same, other]) {
      const stats = applier.statsAfter(applier.latest(key)?.size, item.length);
      applier.order(TERM, itemEntry(key.h, keyOf("a"), { item, size: item.length }, stats, {}), key);
    }
    state.leaderCommit = 3;
    applier.applyCommitted();
    expect([...streamRecords.byLsn.keys()]).toEqual([1, 3]);
    expect(store.getItem(key)?.item).toBe(other);
  });

  it("marks the service's deletes, and records nothing while the table has no stream", () => {
    const { applier, state, streamRecords, order } = setup();
    order("a", "1");
    state.stream = "L2";
    const key = stored("a");
    const stats = applier.statsAfter(applier.latest(key)?.size, undefined);
    applier.order(TERM, itemEntry(key.h, keyOf("a"), undefined, stats, { s: 1 }), key);
    state.leaderCommit = 2;
    applier.applyCommitted();
    expect([...streamRecords.byLsn]).toEqual([
      [2, expect.objectContaining({ label: "L2", event: 3, service: true, old: text("a", "1") })],
    ]);
  });
});

describe("Applier: backups' freeze (backup.ts)", () => {
  it("stamps every item record with the leader's time, never below the last one", async () => {
    const { applier, clock, log, order } = setup();
    await clock.advance(50);
    order("a", "1");
    const first = decodeRecord(log.after(0, 1)[0].record);
    expect(first).toMatchObject({ kind: "put", t: clock.now() });
    expect(applier.stamp()).toBe(clock.now());
    expect("sl" in first).toBe(false);
  });

  it("gives the freeze each key before an item record changes it, on the leader's path and a follower's, and freeze and thaw records", () => {
    const leader = setup();
    leader.order("a", "1");
    const freezeLsn = leader.applier.orderControl(TERM, { kind: "freeze", backup: "b1", at: 7 });
    leader.order("b", "2");
    leader.state.leaderCommit = 3;
    leader.applier.applyCommitted();
    const follower = setup();
    for (const wire of leader.log.after(0, 10)) follower.log.appendWire(wire);
    follower.applier.learnCommit(3);
    follower.applier.applyCommitted();
    for (const { state } of [leader, follower]) {
      expect(state.frozen).toEqual([`keep ${stored("a").h}`, `freeze b1 at ${freezeLsn}`, `keep ${stored("b").h}`]);
    }
  });
});
