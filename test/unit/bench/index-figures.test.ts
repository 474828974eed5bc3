import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type IndexCostRunFigures, roundOrder, spreadOf, summarizeIndexCost } from "../../../bench/index-figures";

const TABLES = ["none", "one", "five"];

function run(round: number, table: string, opsPerSecond: number, extra: Partial<IndexCostRunFigures> = {}) {
  return {
    round,
    table,
    requests: opsPerSecond * 5,
    opsPerSecond,
    p50: 10,
    p99: 40,
    errors: 0,
    serverCpu: 4,
    drainCpu: 0,
    drainMs: 20,
    ...extra,
  } satisfies IndexCostRunFigures;
}

describe("spreadOf", () => {
  test.each([
    { name: "odd count: the middle value", values: [3, 1, 2], expected: { median: 2, min: 1, max: 3, n: 3 } },
    {
      name: "even count: the mean of the middle two",
      values: [4, 1, 3, 2],
      expected: { median: 2.5, min: 1, max: 4, n: 4 },
    },
    { name: "one value", values: [0.8], expected: { median: 0.8, min: 0.8, max: 0.8, n: 1 } },
    {
      name: "missing and non-finite values are left out",
      values: [undefined, 2, Number.NaN, Number.POSITIVE_INFINITY, 1],
      expected: { median: 1.5, min: 1, max: 2, n: 2 },
    },
  ])("$name", ({ values, expected }) => {
    expect(spreadOf(values)).toEqual(expected);
  });

  test("nothing usable: undefined", () => {
    expect(spreadOf([])).toBeUndefined();
    expect(spreadOf([undefined, Number.NaN])).toBeUndefined();
  });

  test("sorts numerically (10 > 9), and leaves its input alone", () => {
    const values = [10, 9, 100];
    expect(spreadOf(values)).toEqual({ median: 10, min: 9, max: 100, n: 3 });
    expect(values).toEqual([10, 9, 100]);
  });

  test("min ≤ median ≤ max, each within the values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const s = spreadOf(values);
          expect(s).toBeDefined();
          if (!s) return;
          expect(s.min).toBeLessThanOrEqual(s.median);
          expect(s.median).toBeLessThanOrEqual(s.max);
          expect(values).toContain(s.min);
          expect(values).toContain(s.max);
          expect(s.n).toBe(values.length);
        },
      ),
    );
  });
});

describe("summarizeIndexCost", () => {
  const runs = [
    run(1, "none", 1_000),
    run(1, "one", 800, { drainCpu: 1, drainMs: 300, backlog: 40, lagP99Ms: 80 }),
    run(1, "five", 400, { serverCpu: 5, drainCpu: 3 }),
    // a slow round: every table slower, the ratios hold
    run(2, "five", 200, { serverCpu: 5, drainCpu: 3 }),
    run(2, "none", 500),
    run(2, "one", 450, { drainCpu: 1, backlog: 0, lagP99Ms: 30 }),
    run(3, "none", 900, { errors: 2 }),
    run(3, "one", 810),
    run(3, "five", 360, { drainMs: null }),
  ];
  const summary = summarizeIndexCost(runs, TABLES);

  test("per table, in the order given: medians with their spread over the rounds, errors summed", () => {
    expect(summary.tables.map((t) => t.table)).toEqual(TABLES);
    const [none, one, five] = summary.tables;
    expect(none).toMatchObject({ runs: 3, errors: 2, opsPerSecond: { median: 900, min: 500, max: 1_000, n: 3 } });
    expect(one.opsPerSecond).toEqual({ median: 800, min: 450, max: 810, n: 3 });
    // 4 CPU s over 4,000 requests = 1,000 µs/op; with 1 s of drain 1,250
    expect(one.cpuUsPerOp?.min).toBeCloseTo((4 / 4_050) * 1e6);
    expect(one.cpuUsPerOpWithDrain?.max).toBeCloseTo((5 / 2_250) * 1e6);
    expect(five.drainMs).toEqual({ median: 20, min: 20, max: 20, n: 2 });
    expect(five.errors).toBe(0);
    // the server's figures over the runs that reported them
    expect(one.backlog).toEqual({ median: 20, min: 0, max: 40, n: 2 });
    expect(one.lagP99Ms).toEqual({ median: 55, min: 30, max: 80, n: 2 });
    expect(none.lagP99Ms).toBeUndefined();
  });

  test("each other table over the first, within each round, in round order", () => {
    const [one, five] = summary.ratios;
    expect(one).toMatchObject({ table: "one", baseline: "none" });
    expect(one.rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(one.rounds.map((r) => r.ops)).toEqual([0.8, 0.9, 0.9]);
    expect(one.ops).toEqual({ median: 0.9, min: 0.8, max: 0.9, n: 3 });
    expect(five.rounds.map((r) => r.ops)).toEqual([0.4, 0.4, 0.4]);
    expect(five.ops?.median).toBeCloseTo(0.4);
  });

  test("the CPU ratio is per write, drain included", () => {
    const [one, five] = summary.ratios;
    // round 1: one (4 + 1) s / 4,000 requests over none's 4 s / 5,000
    expect(one.rounds[0].cpu).toBeCloseTo(5 / 4_000 / (4 / 5_000));
    // round 2: five (5 + 3) s / 1,000 over none's 4 s / 2,500
    expect(five.rounds[1].cpu).toBeCloseTo(8 / 1_000 / (4 / 2_500));
  });

  test("a round without the baseline's run, or without the table's, gives no ratio", () => {
    const partial = summarizeIndexCost([run(1, "one", 800), run(2, "none", 500), run(2, "one", 400)], TABLES);
    expect(partial.ratios[0].rounds).toEqual([{ round: 2, ops: 0.8, cpu: expect.any(Number) }]);
    expect(partial.ratios[1].rounds).toEqual([]);
    expect(partial.ratios[1].ops).toBeUndefined();
    expect(partial.tables[2]).toMatchObject({ table: "five", runs: 0, errors: 0 });
    expect(partial.tables[2].opsPerSecond).toBeUndefined();
  });

  test("a baseline that served nothing gives no ratio rather than infinity", () => {
    const zero = summarizeIndexCost([run(1, "none", 0), run(1, "one", 100)], ["none", "one"]);
    expect(zero.ratios[0].rounds[0].ops).toBeUndefined();
    expect(zero.ratios[0].ops).toBeUndefined();
  });

  test("no runs: empty summaries", () => {
    const empty = summarizeIndexCost([], TABLES);
    expect(empty.tables.every((t) => t.runs === 0 && t.opsPerSecond === undefined)).toBe(true);
    expect(empty.ratios.map((r) => r.rounds)).toEqual([[], []]);
  });
});

describe("roundOrder", () => {
  test.each([
    { round: 1, expected: ["none", "one", "five"] },
    { round: 2, expected: ["one", "five", "none"] },
    { round: 3, expected: ["five", "none", "one"] },
    { round: 4, expected: ["none", "one", "five"] },
  ])("round $round: $expected", ({ round, expected }) => {
    expect(roundOrder(TABLES, round)).toEqual(expected);
  });

  test("over n rounds each table takes each position once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 50 }), (n, start) => {
        const tables = Array.from({ length: n }, (_, i) => i);
        for (let position = 0; position < n; position++) {
          const seen = Array.from({ length: n }, (_, k) => roundOrder(tables, start + k)[position]);
          expect([...seen].sort((a, b) => a - b)).toEqual(tables);
        }
      }),
    );
  });

  test("no tables: nothing", () => {
    expect(roundOrder([], 3)).toEqual([]);
  });
});
