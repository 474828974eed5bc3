/**
 * A split's replica-side rules (workers/replica/split.ts): when a leader may order it, what a
 * child's member becomes, the split mark a member keeps, and the leader's sequence (everything
 * committed and delivered, then the record with each child's stats).
 */
import { describe, expect, test } from "vitest";
import type { CommitOutcome } from "../../../../workers/replica/leader";
import {
  type ReplicaConfig,
  type ReplicaRef,
  SPLIT_NOT_READY,
  SPLIT_UNSETTLED,
  type SplitRequest,
} from "../../../../workers/replica/protocol";
import {
  childConfig,
  childOf,
  orderSplit,
  type SplitLeader,
  SplitMark,
  type SplitRecord,
  splitRefusal,
} from "../../../../workers/replica/split";
import { ManualClock } from "../../../helpers/manual-clock";
import { MemoryStorage } from "../../../helpers/memory-storage";

const ref = (name: string): ReplicaRef => ({ name, zone: name.slice(-1), locationHint: "x" });
const group = (id: string) => ["a", "b", "c"].map((z) => ref(`t/${id}/r/${z}`));

const CONFIG: ReplicaConfig = {
  tableId: "t",
  partitionId: "p0",
  low: "0000000000000000",
  high: "ffffffffffffffff",
  mapVersion: 3,
  keySchema: { hash: { name: "pk", type: "S" } },
  members: group("p0"),
  learners: [...group("p1"), ...group("p2")],
};

const REQUEST: SplitRequest = {
  route: { tableId: "t", mapVersion: 3 },
  mapVersion: 4,
  children: [
    { id: "p1", low: "0000000000000000", high: "7fffffffffffffff", members: group("p1") },
    { id: "p2", low: "8000000000000000", high: "ffffffffffffffff", members: group("p2") },
  ],
};

function leader(overrides: Partial<SplitLeader> = {}): SplitLeader & { ordered: Omit<SplitRecord, "stats">[] } {
  const ordered: Omit<SplitRecord, "stats">[] = [];
  let last = 10;
  return {
    clock: new ManualClock(),
    timeoutMs: 1000,
    active: () => true,
    config: () => CONFIG,
    last: () => last,
    quorum: async (): Promise<CommitOutcome> => "committed",
    applyCommitted: () => undefined,
    caughtUp: () => true,
    holding: () => false,
    delivered: () => true,
    rangeStats: (low) => ({ itemCount: low === "0000000000000000" ? 3 : 5, sizeBytes: 100 }),
    order: (record) => {
      ordered.push(record);
      return ++last;
    },
    ordered,
    ...overrides,
  };
}

describe("splitRefusal", () => {
  test("a split whose children cover the range, a majority of each caught up, may be ordered", () => {
    expect(splitRefusal(leader(), REQUEST)).toBeUndefined();
  });

  test("children that leave a gap or pass the range are refused", () => {
    const gap = { ...REQUEST, children: [REQUEST.children[0], { ...REQUEST.children[1], low: "8000000000000001" }] };
    expect(splitRefusal(leader(), gap)?.error.type).toBe("ValidationException");
    const one = { ...REQUEST, children: [{ ...REQUEST.children[0], high: "ffffffffffffffff" }] };
    expect(splitRefusal(leader(), one)?.error.type).toBe("ValidationException");
  });

  test.each<[string, Partial<SplitLeader>]>([
    ["a child without a caught-up majority", { caughtUp: (m) => m.startsWith("t/p1/") || m.endsWith("/a") }],
    ["transactions holding items", { holding: () => true }],
    [
      "a global index being backfilled",
      {
        config: () => ({
          ...CONFIG,
          globalIndexes: [{ id: "i", name: "i", key: CONFIG.keySchema, projection: { type: "ALL" }, backfill: true }],
        }),
      },
    ],
  ])("not yet with %s", (_, overrides) => {
    expect(splitRefusal(leader(overrides), REQUEST)?.error.type).toBe(SPLIT_NOT_READY);
  });
});

describe("orderSplit", () => {
  test("orders the record once everything before it is committed and delivered, with each child's stats", async () => {
    let polls = 0;
    const l = leader({ delivered: () => ++polls > 2 });
    const clock = l.clock as ManualClock;
    const split = orderSplit(l, REQUEST);
    await clock.advance(100);
    expect(await split).toEqual({ ok: true, lsn: 11 });
    expect(polls).toBe(3);
    expect(l.ordered).toEqual([
      {
        kind: "split",
        mapVersion: 4,
        children: [
          { ...REQUEST.children[0], stats: { itemCount: 3, sizeBytes: 100 } },
          { ...REQUEST.children[1], stats: { itemCount: 5, sizeBytes: 100 } },
        ],
      },
    ]);
  });

  test("nothing is ordered when the records before it do not commit, or are not delivered in time: the partition serves again", async () => {
    const uncommitted = leader({ quorum: async () => "timeout" });
    expect((await orderSplit(uncommitted, REQUEST)).ok).toBe(false);
    expect(uncommitted.ordered).toEqual([]);
    const undelivered = leader({ delivered: () => false });
    const split = orderSplit(undelivered, REQUEST);
    await (undelivered.clock as ManualClock).advance(2000);
    // Sealed in vain: autoadmin asks at its next round, not at once (SPLIT_NOT_READY is "at once").
    expect(await split).toMatchObject({ ok: false, error: { type: SPLIT_UNSETTLED } });
    expect(undelivered.ordered).toEqual([]);
  });
});

describe("a child's member", () => {
  const record: SplitRecord = {
    kind: "split",
    mapVersion: 4,
    children: REQUEST.children.map((c) => ({ ...c, stats: { itemCount: 1, sizeBytes: 1 } })),
    stats: { itemCount: 2, sizeBytes: 2 },
  };

  test("finds its child by its name, and takes the child's configuration, its parent named", () => {
    expect(childOf(record, "t/p2/r/b")?.id).toBe("p2");
    expect(childOf(record, "t/p0/r/b")).toBeUndefined();
    const learner = { ...CONFIG, self: ref("t/p2/r/b") };
    expect(childConfig(learner, record, record.children[1], 42, ["t/p0/r/a"])).toEqual({
      tableId: "t",
      partitionId: "p2",
      low: "8000000000000000",
      high: "ffffffffffffffff",
      mapVersion: 4,
      keySchema: CONFIG.keySchema,
      members: group("p2"),
      parent: { id: "p0", members: ["t/p0/r/a"], lsn: 42 },
    });
  });

  test("keeps the latest split record of its log: dropped with a truncation past it, or a snapshot", () => {
    const store = new MemoryStorage();
    const mark = new SplitMark(store);
    mark.appended(7, record);
    expect(new SplitMark(store).latest).toEqual({ lsn: 7, record });
    mark.truncatedFrom(8);
    expect(mark.latest?.lsn).toBe(7);
    mark.truncatedFrom(7);
    expect(mark.latest).toBeUndefined();
    expect(new SplitMark(store).latest).toBeUndefined();
    mark.appended(9, record);
    mark.reset();
    expect(new SplitMark(store).latest).toBeUndefined();
  });
});
