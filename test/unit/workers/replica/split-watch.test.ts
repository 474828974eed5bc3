/**
 * When a leader asks for a split (workers/replica/split-watch.ts): for size, at the median of its
 * items by size; for heat, at the median of its load by key; never for one item collection or
 * one hot key, never twice within ASK_EVERY_MS, never while a split is under way.
 */
import { describe, expect, test } from "vitest";
import type { ReplicaConfig, SplitReport } from "../../../../workers/replica/protocol";
import { ASK_EVERY_MS, loadMedian, SplitWatch, type SplitWatchHost } from "../../../../workers/replica/split-watch";
import { ManualClock } from "../../../helpers/manual-clock";

const CONFIG: ReplicaConfig = {
  tableId: "t",
  partitionId: "p0",
  low: "0000000000000000",
  high: "ffffffffffffffff",
  mapVersion: 1,
  keySchema: { hash: { name: "pk", type: "S" } },
  region: "us-east-1",
};

function watch(overrides: Partial<SplitWatchHost> = {}) {
  const asked: SplitReport[] = [];
  const clock = new ManualClock();
  const state = { sizeBytes: 0, writes: [0, 0, 0] };
  const host: SplitWatchHost = {
    clock,
    sizeBytes: 1000,
    heat: { share: 0.8, seconds: 3 },
    limits: { readUnits: 300, writeUnits: 100 },
    config: () => CONFIG,
    stats: () => ({ itemCount: 1, sizeBytes: state.sizeBytes }),
    sealed: () => false,
    medianHash: () => "8000000000000000",
    recent: () => ({ read: [0, 0, 0], write: state.writes }),
    loadByHash: () =>
      new Map([
        ["1000000000000000", 30],
        ["5000000000000000", 30],
        ["9000000000000000", 40],
      ]),
    ask: (report) => asked.push(report),
    ...overrides,
  };
  return { watch: new SplitWatch(host), asked, clock, state };
}

describe("SplitWatch", () => {
  test("a partition past SPLIT_SIZE_BYTES asks for a split at its median by size, once per ASK_EVERY_MS", async () => {
    const { watch: w, asked, clock, state } = watch();
    w.served();
    expect(asked).toEqual([]);
    state.sizeBytes = 1001;
    w.served();
    w.served();
    expect(asked).toEqual([{ mapId: "t", partitionId: "p0", point: "8000000000000000", reason: "size" }]);
    await clock.advance(ASK_EVERY_MS);
    w.served();
    expect(asked).toHaveLength(2);
  });

  test("a partition hot for each of the last seconds asks for a split at the median of its load", async () => {
    const { watch: w, asked, clock, state } = watch();
    state.writes = [80, 95, 79];
    w.served();
    expect(asked).toEqual([]);
    state.writes = [80, 95, 81];
    await clock.advance(1000);
    w.served();
    expect(asked).toEqual([{ mapId: "t", partitionId: "p0", point: "9000000000000000", reason: "heat" }]);
  });

  test.each<[string, Partial<SplitWatchHost>]>([
    ["one item collection", { medianHash: () => undefined }],
    ["a split under way", { config: () => ({ ...CONFIG, learners: [] }) }],
    ["a partition sealed by its split", { sealed: () => true }],
  ])("no split asked for with %s", (_, overrides) => {
    const { watch: w, asked, state } = watch(overrides);
    state.sizeBytes = 5000;
    w.served();
    expect(asked).toEqual([]);
  });
});

describe("loadMedian", () => {
  const load = (entries: [string, number][]) => new Map(entries);

  test("the first hash of the upper half of the load", () => {
    expect(
      loadMedian(
        load([
          ["a", 10],
          ["b", 10],
          ["c", 10],
          ["d", 10],
        ]),
        "0",
        "z",
      ),
    ).toBe("c");
    expect(
      loadMedian(
        load([
          ["a", 40],
          ["b", 5],
          ["c", 5],
          ["d", 45],
        ]),
        "0",
        "z",
      ),
    ).toBe("d");
  });

  test("none when one hash carries half the load or more, or only one hash is in the range", () => {
    expect(
      loadMedian(
        load([
          ["a", 50],
          ["b", 20],
          ["c", 30],
        ]),
        "0",
        "z",
      ),
    ).toBeUndefined();
    expect(loadMedian(load([["a", 10]]), "0", "z")).toBeUndefined();
    expect(
      loadMedian(
        load([
          ["a", 10],
          ["x", 10],
        ]),
        "0",
        "m",
      ),
    ).toBeUndefined();
  });
});
