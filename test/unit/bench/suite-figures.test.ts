import { describe, expect, test } from "vitest";
import { type SuiteOp, type SuiteRunFigures, suiteGoalCheck, suiteRatios } from "../../../bench/suite-figures";

const CONFIGS = ["memory-3", "memory-1", "baseline"];

const run = (round: number, config: string, op: SuiteOp, p50: number | null): SuiteRunFigures => ({
  round,
  config,
  op,
  p50,
});

describe("suiteRatios", () => {
  test("each configuration's p50 over the baseline's within each round, in round order, with the median and spread", () => {
    const ratios = suiteRatios(
      [
        run(2, "memory-1", "GetItem", 3),
        run(1, "memory-1", "GetItem", 1),
        run(3, "memory-1", "GetItem", 4),
        run(1, "baseline", "GetItem", 1),
        run(2, "baseline", "GetItem", 2),
        run(3, "baseline", "GetItem", 1),
      ],
      CONFIGS,
      "baseline",
      ["GetItem"],
    );
    expect(ratios).toEqual([
      {
        config: "memory-1",
        baseline: "baseline",
        op: "GetItem",
        rounds: [
          { round: 1, p50: 1 },
          { round: 2, p50: 1.5 },
          { round: 3, p50: 4 },
        ],
        p50: { median: 1.5, min: 1, max: 4, n: 3 },
      },
    ]);
  });

  test("a round without the baseline's run is left out; a p50 missing on either side gives no ratio", () => {
    const [ratio] = suiteRatios(
      [
        run(1, "memory-3", "Query", 2),
        run(2, "memory-3", "Query", 2),
        run(3, "memory-3", "Query", Number.NaN),
        run(4, "memory-3", "Query", 3),
        run(1, "baseline", "Query", 1),
        run(3, "baseline", "Query", 1),
        run(4, "baseline", "Query", null),
      ],
      CONFIGS,
      "baseline",
      ["Query"],
    );
    expect(ratio.rounds).toEqual([
      { round: 1, p50: 2 },
      { round: 3, p50: undefined },
      { round: 4, p50: undefined },
    ]);
    expect(ratio.p50).toEqual({ median: 2, min: 2, max: 2, n: 1 });
  });

  test("per configuration then operation; none for the baseline, or for an operation a configuration did not run", () => {
    const ratios = suiteRatios(
      [
        run(1, "memory-3", "PutItem", 2),
        run(1, "memory-3", "GetItem", 2),
        run(1, "memory-1", "PutItem", 1),
        run(1, "baseline", "PutItem", 1),
        run(1, "baseline", "GetItem", 1),
      ],
      CONFIGS,
      "baseline",
    );
    expect(ratios.map((r) => `${r.config} ${r.op} ${r.p50?.median}`)).toEqual([
      "memory-3 PutItem 2",
      "memory-3 GetItem 2",
      "memory-1 PutItem 1",
    ]);
  });
});

describe("suiteGoalCheck", () => {
  const ratios = suiteRatios(
    [
      run(1, "memory-1", "PutItem", 1),
      run(2, "memory-1", "PutItem", 0.8),
      run(1, "memory-1", "GetItem", 0.9),
      run(2, "memory-1", "GetItem", 1.2),
      run(1, "baseline", "PutItem", 1),
      run(2, "baseline", "PutItem", 1),
      run(1, "baseline", "GetItem", 1),
      run(2, "baseline", "GetItem", 1),
    ],
    CONFIGS,
    "baseline",
  );

  test("met when every operation's median is at most the goal (the edge included); the worst named", () => {
    // PutItem's median 0.9×, GetItem's 1.05×: the highest is GetItem's.
    const check = suiteGoalCheck(ratios, "memory-1", 1.05, ["PutItem", "GetItem"]);
    expect(check.ops.map((o) => [o.op, o.median])).toEqual([
      ["PutItem", expect.closeTo(0.9)],
      ["GetItem", expect.closeTo(1.05)],
    ]);
    expect(check.worst).toEqual({ op: "GetItem", median: expect.closeTo(1.05) });
    expect(check.met).toBe(true);
  });

  test("not met when one operation is over the goal, though the others are within it", () => {
    expect(suiteGoalCheck(ratios, "memory-1", 1, ["PutItem", "GetItem"]).met).toBe(false);
  });

  test("unknown when an operation has no ratio (not run, or no baseline), with no worst", () => {
    const check = suiteGoalCheck(ratios, "memory-1", 1.5);
    expect(check.ops.map((o) => o.op)).toEqual(["PutItem", "GetItem", "UpdateItem", "Query"]);
    expect(check.met).toBeUndefined();
    expect(check.worst).toBeUndefined();
    expect(suiteGoalCheck([], "memory-3", 1.5).met).toBeUndefined();
  });
});
