import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import { SUITE_LATENCY_HEADING, suiteLatencySection, suiteTargetRows } from "../../../../bench/report/suite-latency";
import type { SuiteLatencyResult, SuiteRun } from "../../../../bench/results";
import { configInfo, SUITE_CONFIGS } from "../../../../bench/suite-configs";
import { SUITE_OPS, type SuiteOp } from "../../../../bench/suite-figures";
import { SHAPE_OPS } from "../../../../bench/suite-workload";
import { cpuUse, fullRun, rowOf, tableAfter } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

const CHECKS = "### The issue's targets";

/** p50 per configuration in both rounds, the baseline's 1 ms: in memory ×1 at 0.9× and 1.1× (median 1×), ×3 at 2× and 1× (1.5×). */
const P50: Record<string, [number, number]> = {
  "disk-3": [4, 6],
  "memory-3": [2, 1],
  "memory-1": [0.9, 1.1],
  floor: [0.8, 0.8],
  "ddb-local-mem": [1, 1],
};

function suiteRun(round: number, config: string, op: SuiteOp, extra: Partial<SuiteRun> = {}): SuiteRun {
  const p50 = P50[config][round - 1];
  return {
    round,
    config,
    op,
    seconds: 2,
    count: 1_000,
    errors: 0,
    p50,
    p99: p50 * 4,
    mean: p50,
    cpu: cpuUse(),
    ...extra,
  };
}

function suiteResult(extra: Partial<SuiteLatencyResult> = {}): SuiteLatencyResult {
  const runs: SuiteRun[] = [];
  for (const round of [1, 2])
    for (const config of SUITE_CONFIGS)
      for (const op of SHAPE_OPS[config.shape]) runs.push(suiteRun(round, config.name, op));
  return {
    configs: SUITE_CONFIGS.map(configInfo),
    ops: [...SUITE_OPS],
    table: "suitetable",
    collections: 100,
    itemsPerCollection: 4,
    seconds: 2,
    rounds: 2,
    warmupSeconds: 3,
    runs,
    pooled: SUITE_CONFIGS.flatMap((config) =>
      SHAPE_OPS[config.shape].map((op) => ({
        config: config.name,
        op,
        latency: { count: 2_000, errors: 0, p50: P50[config.name][0], p95: 3, p99: 5, mean: 1, max: 9 },
      })),
    ),
    ...extra,
  };
}

function runWith(suiteLatency?: SuiteLatencyResult) {
  const run = fullRun();
  if (suiteLatency) run.suiteLatency = suiteLatency;
  return run;
}

describe("suiteLatencySection", () => {
  const text = suiteLatencySection(runWith(suiteResult())).join("\n");

  test("nothing when the phase did not run; the section after the heading otherwise", () => {
    expect(suiteLatencySection(runWith())).toEqual([]);
    expect(text.startsWith(SUITE_LATENCY_HEADING)).toBe(true);
    expect(text).toContain("the platform's minimum at one client: one Worker hop and one SQLite statement");
  });

  test("pooled p50 and p99 per configuration and operation; n/a where the floor serves none", () => {
    const rows = tableAt(text, "| configuration | PutItem p50 ms");
    expect(rowOf(rows, "floor (RAM directory)")).toEqual([
      "floor (RAM directory)",
      "0.80",
      "5.00",
      "0.80",
      "5.00",
      "n/a",
      "n/a",
      "n/a",
      "n/a",
      "4,000",
      "0",
    ]);
  });

  test("each configuration's median ratio to DynamoDB Local in memory, with the goals", () => {
    const rows = tableAt(text, "| configuration | PutItem p50 ÷");
    expect(rows.slice(1).map((cells) => [cells[0], cells[1], cells[5], cells[6]])).toEqual([
      ["dynaflare", "5.00× (4.00×–6.00×)", "", ""],
      ["dynaflare --in-memory", "1.50× (1.00×–2.00×)", "≤ 1.50×", "✅"],
      ["dynaflare --in-memory --replicas 1", "1.00× (0.90×–1.10×)", "≤ 1.00×", "✅"],
      ["floor (RAM directory)", "0.80× (0.80×–0.80×)", "", ""],
    ]);
    expect(rowOf(rows, "floor (RAM directory)")[3]).toBe("n/a");
  });
});

describe("the issue's targets", () => {
  test("one row per goal, with the highest operation's median; none without the phase", () => {
    const rows = tableAfter(renderMarkdown(runWith(suiteResult()), "x.svg"), CHECKS);
    expect(rows.filter((cells) => cells[0].includes("DynamoDB Local in memory p50"))).toEqual([
      [
        "in memory ×3 p50 ÷ DynamoDB Local in memory p50 (each operation), 1 SDK client (median of 2 rounds)",
        "≤ 1.50×",
        "1.50× (PutItem, the highest)",
        "✅",
      ],
      [
        "in memory ×1 p50 ÷ DynamoDB Local in memory p50 (each operation), 1 SDK client (median of 2 rounds)",
        "≤ 1.00×",
        "1.00× (PutItem, the highest)",
        "✅",
      ],
    ]);
    expect(suiteTargetRows(runWith())).toEqual([]);
  });

  test("a goal missed by one operation is not met", () => {
    const result = suiteResult();
    const slow = result.runs.find((run) => run.config === "memory-1" && run.op === "Query" && run.round === 1);
    if (slow) slow.p50 = 3;
    const [, one] = suiteTargetRows(runWith(result));
    expect(one).toContain("2.05× (Query, the highest) | ❌");
  });

  test("n/a without DynamoDB Local in memory", () => {
    const result = suiteResult();
    result.configs = result.configs.filter((config) => !config.baseline);
    result.runs = result.runs.filter((run) => run.config !== "ddb-local-mem");
    const rows = suiteTargetRows(runWith(result));
    expect(rows.map((line) => line.split(" | ").slice(-2))).toEqual([
      ["–", "n/a |"],
      ["–", "n/a |"],
    ]);
    expect(suiteLatencySection(runWith(result)).join("\n")).toContain(
      "No ratios: DynamoDB Local in memory was not among the targets",
    );
  });
});
