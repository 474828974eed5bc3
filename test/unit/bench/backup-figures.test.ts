import { describe, expect, test } from "vitest";
import {
  countCheck,
  isPitrSegment,
  MB,
  PITR_THROUGHPUT_GOAL,
  pitrGoal,
  summarizePitrCost,
  transferSpeed,
} from "../../../bench/backup-figures";
import type { IndexCostRunFigures } from "../../../bench/index-figures";

describe("transferSpeed", () => {
  test("items and MB (10^6 bytes) per second over the step's time", () => {
    expect(transferSpeed(20_000, 21_000_000, 500)).toEqual({ seconds: 0.5, itemsPerSecond: 40_000, mbPerSecond: 42 });
    expect(MB).toBe(1_000_000);
  });

  test.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])("no speed without a measured time (%s ms)", (ms) => {
    expect(transferSpeed(20_000, 21_400_000, ms)).toBeUndefined();
  });
});

describe("countCheck", () => {
  test("equal only when the restore holds exactly the source's items", () => {
    expect(countCheck(20_000, 20_000)).toEqual({ source: 20_000, restored: 20_000, equal: true });
    expect(countCheck(20_000, 19_999).equal).toBe(false);
    expect(countCheck(20_000, 20_001).equal).toBe(false);
  });
});

const run = (round: number, table: "off" | "on", opsPerSecond: number, extra: Partial<IndexCostRunFigures> = {}) => ({
  round,
  table,
  requests: opsPerSecond * 5,
  opsPerSecond,
  p50: 30,
  p99: 90,
  errors: 0,
  serverCpu: 4,
  drainCpu: 0.1,
  drainMs: 1_500,
  ...extra,
});

describe("summarizePitrCost and pitrGoal", () => {
  test("on ÷ off within each round, in round order, whatever order the runs came in; the median against the goal", () => {
    const summary = summarizePitrCost([
      run(2, "on", 760),
      run(1, "off", 800),
      run(1, "on", 720),
      run(2, "off", 800),
      run(3, "off", 1_000),
      run(3, "on", 950),
    ]);
    expect(summary.tables.map((t) => [t.table, t.runs, t.opsPerSecond?.median])).toEqual([
      ["off", 3, 800],
      ["on", 3, 760],
    ]);
    const [ratio] = summary.ratios;
    expect(ratio.table).toBe("on");
    expect(ratio.baseline).toBe("off");
    expect(ratio.rounds.map((r) => [r.round, r.ops])).toEqual([
      [1, 0.9],
      [2, 0.95],
      [3, 0.95],
    ]);
    expect(pitrGoal(summary)).toEqual({ ratio: 0.95, rounds: 3, met: true });
  });

  test("the server CPU per write counts the archive pass after each run", () => {
    const summary = summarizePitrCost([
      run(1, "off", 1_000, { serverCpu: 4, drainCpu: 0 }),
      run(1, "on", 1_000, { serverCpu: 4, drainCpu: 1 }),
    ]);
    expect(summary.ratios[0].rounds[0].cpu).toBeCloseTo(1.25);
  });

  test("the goal is 0.9: exactly 0.9 meets it, just under does not", () => {
    expect(PITR_THROUGHPUT_GOAL).toBe(0.9);
    expect(pitrGoal(summarizePitrCost([run(1, "off", 1_000), run(1, "on", 900)])).met).toBe(true);
    expect(pitrGoal(summarizePitrCost([run(1, "off", 1_000), run(1, "on", 899)])).met).toBe(false);
  });

  test("a round missing either run is left out; no complete round: no ratio", () => {
    expect(pitrGoal(summarizePitrCost([run(1, "off", 1_000), run(2, "on", 900)]))).toEqual({ rounds: 0 });
    expect(pitrGoal(undefined)).toEqual({ rounds: 0 });
  });
});

describe("isPitrSegment", () => {
  test.each<[string, boolean]>([
    ["_dynaflare/000000000000/pitr/t7/p3/log/0000000000000012-0000000000000040.json", true],
    ["_dynaflare/000000000000/pitr/t7/p3/snap-0000000000000012/items-0.json", false],
    ["_dynaflare/000000000000/pitr/t7/p3/snap-0000000000000012/meta.json", false],
    ["_dynaflare/000000000000/backups/b1/p3/log.json", false],
    ["_dynaflare/000000000000/pitr/t7/p3/log/notes.txt", false],
    ["x/_dynaflare/000000000000/pitr/t7/p3/log/1-2.json", false],
  ])("%s: %s", (path, expected) => {
    expect(isPitrSegment(path)).toBe(expected);
  });
});
