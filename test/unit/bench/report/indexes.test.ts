import { describe, expect, test } from "vitest";
import { summarizeVisibility } from "../../../../bench/replication-figures";
import { feedingFigures, formatSpread, indexCostOf, indexesSection } from "../../../../bench/report/indexes";
import { renderMarkdown } from "../../../../bench/report/markdown";
import type { IndexCostRun, IndexesResult, IndexPropagation } from "../../../../bench/results";
import { benchResult, cellOf, cpuUse, replicatedRun, rowOf, tableAfter, target } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

const HEADING = "## Secondary indexes (GSI propagation and write cost)";
const PROPAGATION_HEADER = "| load | keys visible |";

function propagation(
  load: IndexPropagation["load"],
  visible: (number | null)[],
  extra: Partial<IndexPropagation> = {},
) {
  return {
    load,
    writers: load === "idle" ? 0 : 4,
    writes: load === "idle" ? { ok: 0, failed: 0, opsPerSecond: 0 } : { ok: 900, failed: 0, opsPerSecond: 180.4 },
    visible: summarizeVisibility(visible),
    put: summarizeVisibility([8, 9, 30]),
    ...extra,
  } satisfies IndexPropagation;
}

function costRun(round: number, table: string, indexes: number, opsPerSecond: number, serverCpu = 4): IndexCostRun {
  return {
    round,
    table,
    indexes,
    requests: opsPerSecond * 5,
    seconds: 5,
    opsPerSecond,
    p50: 30,
    p90: 40,
    p99: 60,
    p999: 80,
    mean: 31,
    max: 90,
    errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    cpu: cpuUse({ server: serverCpu, wallSeconds: 5 }),
    drainMs: 10,
    drainCpu: 0.5,
  };
}

function indexesResult(extra: Partial<IndexesResult> = {}): IndexesResult {
  return {
    vars: {},
    propagationIndex: { key: "field0", projection: "INCLUDE field1" },
    keys: 4,
    pollEveryMs: 5,
    pollBoundMs: 10_000,
    propagation: [
      propagation("idle", [10, 12, 14, 40]),
      propagation("writes", [30, 60, 90, 150], {
        server: { name: "field0-index", pending: 0, complete: true, samples: 400, lagP50Ms: 6.5, lagP99Ms: 48 },
      }),
    ],
    costTables: [
      { table: "none", indexes: 0, keys: [] },
      { table: "one", indexes: 1, keys: ["field0"] },
      { table: "five", indexes: 5, keys: ["field0", "field1", "field2", "field3", "field4"] },
    ],
    costProjection: "ALL",
    costSeconds: 5,
    costRounds: 2,
    drainBoundMs: 60_000,
    idleCores: 0.1,
    costRuns: [
      costRun(1, "none", 0, 1_000),
      {
        ...costRun(1, "one", 1, 800, 5),
        feeding: [{ name: "field0-index", pending: 12, complete: true, samples: 400, lagP50Ms: 9, lagP99Ms: 70 }],
      },
      costRun(1, "five", 5, 400, 6),
      costRun(2, "one", 1, 540, 5),
      { ...costRun(2, "five", 5, 240, 6), cpu: cpuUse({ server: 6, others: 2, wallSeconds: 5 }) },
      costRun(2, "none", 0, 600),
    ],
    ...extra,
  };
}

function runWith(indexes: IndexesResult) {
  const run = replicatedRun();
  run.targets[0].indexes = indexes;
  return run;
}

describe("indexesSection", () => {
  const text = indexesSection(runWith(indexesResult())).join("\n");

  test("states how propagation was measured", () => {
    expect(text.startsWith(HEADING)).toBe(true);
    expect(text).toContain("as `npm start` runs it");
    expect(text).toContain("keyed on `field0` (projection INCLUDE field1)");
    expect(text).toContain("4 new items, one at a time");
    expect(text).toContain("every 5 ms, at most 10 s");
    expect(text).toContain("from the PutItem's answer to the answer of the first Query");
    expect(text).toContain("read from `GET /admin/indexes` after each sample");
  });

  test("propagation: one row per load, with the p99 goal checked", () => {
    const rows = tableAt(text, PROPAGATION_HEADER);
    expect(rows[0].slice(0, 6)).toEqual([
      "load",
      "keys visible",
      "visible after p50 ms",
      "p99 ms",
      "max ms",
      "p99 < 100 ms",
    ]);
    expect(rowOf(rows, "idle")).toEqual(["idle", "4 of 4", "12.0", "40.0", "40.0", "✅", "9.0", "30.0", "–", "–", "–"]);
    const loaded = rowOf(rows, "4 SDK writers on the table (180 writes/s)");
    expect(cellOf(rows, loaded, "p99 ms")).toBe("150.0");
    expect(cellOf(rows, loaded, "p99 < 100 ms")).toBe("❌");
    expect(loaded.slice(-3)).toEqual(["6.5", "48.0", "400"]);
  });

  test("a missed key fails the goal and is shown in bold; an error and failed writes are listed", () => {
    const missed = propagation("idle", [10, null], { error: "table not ACTIVE\nstack" });
    const failing = propagation("writes", [10], { writes: { ok: 10, failed: 3, opsPerSecond: 2 } });
    const section = indexesSection(runWith(indexesResult({ propagation: [missed, failing] }))).join("\n");
    const rows = tableAt(section, PROPAGATION_HEADER);
    expect(rowOf(rows, "idle").slice(1, 6)).toEqual(["**1 of 2**", "10.0", "10.0", "10.0", "❌"]);
    expect(section).toContain("- idle: **stopped early**: table not ACTIVE");
    expect(section).not.toContain("stack");
    expect(section).toContain("**3** background writes failed");
  });

  test("write cost per table: medians with the rounds' spread", () => {
    const table = tableAt(text, "| table | ops/s");
    expect(rowOf(table, "no GSI").slice(0, 2)).toEqual(["no GSI", "800 (600–1,000)"]);
    const one = rowOf(table, "1 GSI (`field0`)");
    expect(cellOf(table, one, "ops/s")).toBe("670 (540–800)");
    expect(cellOf(table, one, "errors")).toBe("0");
    expect(cellOf(table, one, "GSI backlog")).toBe("12");
    expect(cellOf(table, one, "GSI lag p99 ms")).toBe("70.0");
    expect(cellOf(table, rowOf(table, "no GSI"), "GSI lag p99 ms")).toBe("–");
    expect(rowOf(table, "5 GSIs (`field0`, `field1`, `field2`, `field3`, `field4`)")[1]).toBe("320 (240–400)");
  });

  test("ratios within each round, the goal checked on one GSI only", () => {
    const ratios = tableAt(text, "| ratio | median");
    expect(rowOf(ratios, "1 GSI ÷ no GSI, ops/s")).toEqual([
      "1 GSI ÷ no GSI, ops/s",
      "0.85×",
      "0.80×–0.90×",
      "2",
      "≥ 0.67×",
      "✅",
    ]);
    // CPU per write with drain: (5 + 0.5) / 4,000 over (4 + 0.5) / 5,000 in round 1
    const cpu = rowOf(ratios, "1 GSI ÷ no GSI, server CPU µs/op with drain");
    expect(cpu[4]).toBe("≤ 1.50×");
    expect(cpu[5]).toBe("✅");
    expect(rowOf(ratios, "5 GSIs ÷ no GSI, ops/s")).toEqual([
      "5 GSIs ÷ no GSI, ops/s",
      "0.40×",
      "0.40×–0.40×",
      "2",
      "",
      "",
    ]);
  });

  test("labelled tables (this bench's): rows by their labels, the goal checked on the table marked for it only", () => {
    const labelled = indexesResult({
      costTables: [
        { table: "none", indexes: 0, keys: [], label: "no GSI", short: "no GSI" },
        { table: "one", indexes: 1, keys: ["field0"], label: "1 GSI (moved)", short: "1 GSI", goal: true },
        { table: "stays", indexes: 1, keys: ["pk"], label: "1 GSI (kept)", short: "1 GSI, kept" },
      ],
      costRuns: [costRun(1, "none", 0, 1_000), costRun(1, "one", 1, 500, 5), costRun(1, "stays", 1, 800, 5)],
    });
    const section = indexesSection(runWith(labelled)).join("\n");
    expect(section).toContain("but for one keyed on `pk`, which a write keeps");
    const tables = tableAt(section, "| table | ops/s");
    expect(tables.slice(1).map((r) => r[0])).toEqual(["no GSI", "1 GSI (moved)", "1 GSI (kept)"]);
    const ratios = tableAt(section, "| ratio | median");
    expect(rowOf(ratios, "1 GSI ÷ no GSI, ops/s").slice(4)).toEqual(["≥ 0.67×", "❌"]);
    expect(rowOf(ratios, "1 GSI, kept ÷ no GSI, ops/s").slice(4)).toEqual(["", ""]);
    expect(rowOf(tableAt(section, "| round | order"), "1")[1]).toBe("no GSI, 1 GSI, 1 GSI, kept");
  });

  test("one row per round, with the order the tables ran in", () => {
    const rounds = tableAt(text, "| round | order");
    expect(rounds[0]).toEqual([
      "round",
      "order",
      "no GSI ops/s",
      "1 GSI ops/s",
      "5 GSIs ops/s",
      "1 GSI ÷ no GSI",
      "5 GSIs ÷ no GSI",
      "disturbed runs",
    ]);
    expect(rowOf(rounds, "2")).toEqual(["2", "1 GSI, 5 GSIs, no GSI", "600", "540", "240", "0.90×", "0.40×", "5 GSIs"]);
    expect(rowOf(rounds, "1").at(-1)).toBe("none");
  });

  test("says the index writes are off the request path, competing for CPU", () => {
    expect(text).toContain("off the request path");
    expect(text).toContain("server CPU competing with the writes");
  });

  test("no write-cost runs: the propagation part alone, and the phase's error", () => {
    const section = indexesSection(runWith(indexesResult({ costRuns: [], error: "wrk failed\nout" }))).join("\n");
    expect(section).toContain("| idle |");
    expect(section).not.toContain("| table | ops/s");
    expect(section).toContain("**Stopped early**: wrk failed");
  });

  test("a disturbed run is named in the report's warning at the top", () => {
    const markdown = renderMarkdown(runWith(indexesResult()), "latest.svg");
    expect(markdown).toContain("dynaflare PutItem with 5 GSIs, round 2 (wrk)");
  });

  test("no target with the phase: no section; the full report carries it after replication lag", () => {
    expect(indexesSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(indexesSection(replicatedRun())).toEqual([]);
    const markdown = renderMarkdown(runWith(indexesResult()), "latest.svg");
    expect(markdown.indexOf(HEADING)).toBeGreaterThan(markdown.indexOf("## Failover"));
  });
});

describe("indexCostOf, feedingFigures and formatSpread", () => {
  test("a run's backlog is summed over its indexes, its lag p99 the worst index's", () => {
    const report = (pending: number, lagP99Ms: number | null) => ({
      name: "i",
      pending,
      complete: true,
      samples: 3,
      lagP50Ms: 1,
      lagP99Ms,
    });
    expect(feedingFigures([report(3, 20), report(0, 90), report(5, null)])).toEqual({ backlog: 8, lagP99Ms: 90 });
    expect(feedingFigures([report(2, null)])).toEqual({ backlog: 2 });
    expect(feedingFigures([])).toEqual({ backlog: 0 });
  });

  test("the summary follows the runs, tables in the phase's order", () => {
    const cost = indexCostOf(indexesResult());
    expect(cost?.tables.map((t) => t.table)).toEqual(["none", "one", "five"]);
    expect(cost?.ratios[0].ops?.median).toBeCloseTo(0.85);
    expect(cost?.ratios[1].ops?.median).toBeCloseTo(0.4);
    expect(indexCostOf(indexesResult({ costRuns: [] }))).toBeUndefined();
  });

  test("a spread of one value is shown alone; none as –", () => {
    const format = (v: number) => v.toFixed(1);
    expect(formatSpread({ median: 2, min: 1, max: 3, n: 3 }, format)).toBe("2.0 (1.0–3.0)");
    expect(formatSpread({ median: 2, min: 2, max: 2, n: 1 }, format)).toBe("2.0");
    expect(formatSpread(undefined, format)).toBe("–");
  });
});
