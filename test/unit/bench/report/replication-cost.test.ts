import { describe, expect, test } from "vitest";
import {
  type CostRow,
  formatDifference,
  replicationCost,
  replicationCostSection,
} from "../../../../bench/report/replication-cost";
import { benchResult, fullRun, phase, replicatedRun, summary, tableAfter, target, throughput } from "./fixture";

const HEADING = "## Replication cost: dynaflare ÷ dynaflare-1";

describe("replicationCost", () => {
  test("wrk PutItem ops/s, p50 and p99, then each SDK phase's PutItem and UpdateItem p50 and p99, reads left out", () => {
    expect(replicationCost(replicatedRun())).toEqual([
      { figure: "wrk PutItem ops/s", unit: "ops/s", replicated: 500, single: 1_000 },
      { figure: "wrk PutItem p50 ms", unit: "ms", replicated: 20, single: 10 },
      { figure: "wrk PutItem p99 ms", unit: "ms", replicated: 100, single: 50 },
      { figure: "SDK LOAD sequential PutItem p50 ms", unit: "ms", replicated: 8, single: 4 },
      { figure: "SDK LOAD sequential PutItem p99 ms", unit: "ms", replicated: 16, single: 8 },
      { figure: "SDK A uniform UpdateItem p50 ms", unit: "ms", replicated: 4, single: 2 },
      { figure: "SDK A uniform UpdateItem p99 ms", unit: "ms", replicated: 12, single: 6 },
    ]);
  });

  test("undefined unless both dynaflare and dynaflare-1 ran", () => {
    expect(replicationCost(fullRun())).toBeUndefined();
    const onlySingle = replicatedRun();
    onlySingle.targets = onlySingle.targets.filter((t) => t.name !== "dynaflare");
    expect(replicationCost(onlySingle)).toBeUndefined();
  });

  test("a phase or wrk run the baseline lacks leaves its side undefined; no wrk runs, no wrk rows", () => {
    const result = benchResult([
      target("dynaflare", "dynaflare", {
        latency: [
          phase("b", "zipfian", { read: summary(1, 2, 3), update: summary(3, 4, 5) }),
          phase("f", "uniform", { read: summary(1, 2, 3), rmw: summary(6, 7, 8) }),
        ],
      }),
      target("dynaflare-1", "dynaflare-1", { error: "could not start" }),
    ]);
    expect(replicationCost(result)).toEqual([
      { figure: "SDK B zipfian UpdateItem p50 ms", unit: "ms", replicated: 3, single: undefined },
      { figure: "SDK B zipfian UpdateItem p99 ms", unit: "ms", replicated: 5, single: undefined },
    ]);
  });

  test("wrk rows appear when either target ran PutItem", () => {
    const result = benchResult([
      target("dynaflare", "dynaflare"),
      target("dynaflare-1", "dynaflare-1", { throughput: [throughput("PutItem", 800, { p50: 4, p99: 9 })] }),
    ]);
    expect(replicationCost(result)?.map((row) => [row.figure, row.replicated, row.single])).toEqual([
      ["wrk PutItem ops/s", undefined, 800],
      ["wrk PutItem p50 ms", undefined, 4],
      ["wrk PutItem p99 ms", undefined, 9],
    ]);
  });
});

describe("formatDifference", () => {
  const row = (unit: CostRow["unit"], replicated?: number, single?: number): CostRow => ({
    figure: "x",
    unit,
    replicated,
    single,
  });
  test.each([
    [row("ms", 8.5, 4), "+4.50 ms"],
    [row("ms", 2, 14.25), "−12.3 ms"],
    [row("ms", 3, 3), "+0.00 ms"],
    [row("ops/s", 600, 1_350), "−750 ops/s"],
    [row("ops/s", 2_500, 1_000), "+1,500 ops/s"],
    [row("ms", undefined, 4), "–"],
    [row("ms", 4, Number.NaN), "–"],
  ])("%o → %s", (cost, text) => {
    expect(formatDifference(cost)).toBe(text);
  });
});

describe("replicationCostSection", () => {
  test("a table of both targets' figures, the ratio and the difference, under its heading", () => {
    const lines = replicationCostSection(replicatedRun());
    expect(lines[0]).toBe(HEADING);
    expect(lines.join("\n")).toContain("`REPLICATION_FACTOR=1`");
    expect(tableAfter(lines.join("\n"), HEADING)).toEqual([
      ["figure", "dynaflare", "dynaflare-1", "dynaflare ÷ dynaflare-1", "difference"],
      ["wrk PutItem ops/s", "500", "1,000", "0.50×", "−500 ops/s"],
      ["wrk PutItem p50 ms", "20.0", "10.0", "2.00×", "+10.0 ms"],
      ["wrk PutItem p99 ms", "100", "50.0", "2.00×", "+50.0 ms"],
      ["SDK LOAD sequential PutItem p50 ms", "8.00", "4.00", "2.00×", "+4.00 ms"],
      ["SDK LOAD sequential PutItem p99 ms", "16.0", "8.00", "2.00×", "+8.00 ms"],
      ["SDK A uniform UpdateItem p50 ms", "4.00", "2.00", "2.00×", "+2.00 ms"],
      ["SDK A uniform UpdateItem p99 ms", "12.0", "6.00", "2.00×", "+6.00 ms"],
    ]);
  });

  test("nothing without the baseline", () => {
    expect(replicationCostSection(fullRun())).toEqual([]);
  });
});
