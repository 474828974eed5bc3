import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import {
  TRANSACTIONS_HEADING,
  transactionGoal,
  transactionsOf,
  transactionsSection,
} from "../../../../bench/report/transactions";
import type { TransactionRun, TransactionsResult } from "../../../../bench/results";
import { TRANSACTION_WORKLOADS } from "../../../../bench/transaction-workloads";
import { benchResult, cellOf, cpuUse, fullRun, replicatedRun, rowOf, tableAfter, target } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

const ITEMS: Record<string, number> = { put: 1, "write-2": 2, "write-10": 10, "write-100": 100, "get-10": 10 };

function txRun(round: number, workload: string, p50: number, extra: Partial<TransactionRun> = {}): TransactionRun {
  const perSecond = 1_000 / p50;
  return {
    round,
    workload,
    seconds: 5,
    latency: { count: perSecond * 5, errors: 0, p50, p95: p50 * 2, p99: p50 * 3, mean: p50, max: p50 * 4 },
    transactionsPerSecond: perSecond,
    itemsPerSecond: perSecond * ITEMS[workload],
    cancelled: 0,
    reasons: {},
    cpu: cpuUse({ server: 2, wallSeconds: 5 }),
    ...extra,
  };
}

/** Two rounds: write-2 at 2× and 4× PutItem's p50 (median 3×, the goal's edge). */
function transactionsResult(extra: Partial<TransactionsResult> = {}): TransactionsResult {
  return {
    vars: {},
    concurrency: 4,
    seconds: 5,
    rounds: 2,
    warmupSeconds: 3,
    records: 2_000,
    writeKeys: 1_000_000,
    workloads: TRANSACTION_WORKLOADS.map((w) => ({ ...w })),
    runs: [
      txRun(1, "put", 10),
      txRun(1, "write-2", 20),
      txRun(1, "write-10", 50),
      txRun(1, "write-100", 250, { cancelled: 2, reasons: { TransactionConflict: 2 } }),
      txRun(1, "get-10", 5),
      txRun(2, "write-2", 80, { cpu: cpuUse({ server: 2, others: 3, wallSeconds: 5 }) }),
      txRun(2, "write-10", 100),
      txRun(2, "write-100", 500, { cancelled: 1, reasons: { TransactionConflict: 1 } }),
      txRun(2, "get-10", 10, {
        latency: { count: 400, errors: 3, p50: 10, p95: 20, p99: 30, mean: 10, max: 40 },
        firstError: "TimeoutError: socket hang up\nat …",
      }),
      txRun(2, "put", 20),
    ],
    ...extra,
  };
}

function runWith(transactions: TransactionsResult) {
  const run = replicatedRun();
  run.targets[0].transactions = transactions;
  return run;
}

describe("transactionsSection", () => {
  const text = transactionsSection(runWith(transactionsResult())).join("\n");

  test("states what was measured and how", () => {
    expect(text.startsWith(TRANSACTIONS_HEADING)).toBe(true);
    expect(text).toContain("as `npm start` runs it");
    expect(text).toContain("4 closed-loop clients");
    expect(text).toContain("drawn from 1,000,000");
    expect(text).toContain("10 distinct random keys of the 2,000 records loaded first");
    expect(text).toContain("After 3 s of each workload unmeasured, 2 rounds run each workload for 5 s");
    expect(text).toContain("counted as cancelled");
  });

  test("one row per workload: medians over the rounds with their spread, the p50 ratio to PutItem", () => {
    const rows = tableAt(text, "| workload | transactions/s");
    expect(rows.slice(1).map((r) => r[0])).toEqual(TRANSACTION_WORKLOADS.map((w) => w.label));
    const put = rowOf(rows, "PutItem (~1 KB item)");
    expect(cellOf(rows, put, "p50 ms")).toBe("15.0 (10.0–20.0)");
    expect(cellOf(rows, put, "p50 ÷ PutItem p50")).toBe("1×");
    expect(cellOf(rows, put, "transactions/s")).toBe("75 (50–100)");
    const write = rowOf(rows, "TransactWriteItems, 2 actions");
    expect(cellOf(rows, write, "p50 ÷ PutItem p50")).toBe("3.00× (2.00×–4.00×)");
    expect(cellOf(rows, write, "items/s")).toBe("63 (25–100)");
    const hundred = rowOf(rows, "TransactWriteItems, 100 actions");
    expect(cellOf(rows, hundred, "items/s")).toBe("300 (200–400)");
    expect(cellOf(rows, hundred, "cancelled")).toBe("**3**");
    expect(cellOf(rows, hundred, "errors")).toBe("0");
    expect(cellOf(rows, rowOf(rows, "TransactGetItems, 10 Gets"), "errors")).toBe("**3**");
    // 2 server CPU s over 500 transactions (round 1's PutItem: 100/s for 5 s) and over 250
    expect(cellOf(rows, put, "server CPU µs/transaction")).toBe("6,000 (4,000–8,000)");
  });

  test("ratios to PutItem within each round, the goal checked on 2 actions only", () => {
    const ratios = tableAt(text, "| ratio | median");
    expect(rowOf(ratios, "write 2 ÷ PutItem, p50")).toEqual([
      "write 2 ÷ PutItem, p50",
      "3.00×",
      "2.00×–4.00×",
      "2",
      "≤ 3.00×",
      "✅",
    ]);
    expect(rowOf(ratios, "write 100 ÷ PutItem, p50").slice(1)).toEqual(["25.00×", "25.00×–25.00×", "2", "", ""]);
    expect(rowOf(ratios, "get 10 ÷ PutItem, p50")[1]).toBe("0.50×");
  });

  test("above 3×: the goal is not met", () => {
    const slow = transactionsResult();
    slow.runs = slow.runs.map((run) =>
      run.workload === "write-2" ? { ...run, latency: { ...run.latency, p50: run.latency.p50 * 1.01 } } : run,
    );
    const ratios = tableAt(transactionsSection(runWith(slow)).join("\n"), "| ratio | median");
    expect(rowOf(ratios, "write 2 ÷ PutItem, p50").slice(1, 2)).toEqual(["3.03×"]);
    expect(rowOf(ratios, "write 2 ÷ PutItem, p50").at(-1)).toBe("❌");
  });

  test("one row per round: the order, each workload's p50, the goal's ratio and the disturbed runs", () => {
    const rounds = tableAt(text, "| round | order");
    expect(rounds[0]).toEqual([
      "round",
      "order",
      "PutItem p50 ms",
      "write 2 p50 ms",
      "write 10 p50 ms",
      "write 100 p50 ms",
      "get 10 p50 ms",
      "write 2 ÷ PutItem",
      "disturbed runs",
    ]);
    expect(rowOf(rounds, "1")).toEqual([
      "1",
      "PutItem, write 2, write 10, write 100, get 10",
      "10.0",
      "20.0",
      "50.0",
      "250",
      "5.00",
      "2.00×",
      "none",
    ]);
    expect(rowOf(rounds, "2")[1]).toBe("write 2, write 10, write 100, get 10, PutItem");
    expect(rowOf(rounds, "2").slice(-2)).toEqual(["4.00×", "write 2"]);
  });

  test("cancellations by reason and the first error, per workload", () => {
    expect(text).toContain("- TransactWriteItems, 100 actions: 3 cancelled (reasons: TransactionConflict 3)");
    expect(text).toContain("- TransactGetItems, 10 Gets: errors; the first: TimeoutError: socket hang up");
    expect(text).not.toContain("at …");
  });

  test("no runs: the description and the phase's error, no tables", () => {
    const section = transactionsSection(
      runWith(transactionsResult({ runs: [], error: "server did not start\nlog" })),
    ).join("\n");
    expect(section).toContain("closed-loop clients");
    expect(section).not.toContain("| workload |");
    expect(section).toContain("**Stopped early**: server did not start");
    expect(section).not.toContain("start\nlog");
  });

  test("no target with the phase: no section", () => {
    expect(transactionsSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(transactionsSection(replicatedRun())).toEqual([]);
  });
});

describe("transactionsOf and transactionGoal", () => {
  test("the summary follows the runs, workloads in the phase's order", () => {
    const summary = transactionsOf(transactionsResult());
    expect(summary?.workloads.map((w) => w.workload)).toEqual(["put", "write-2", "write-10", "write-100", "get-10"]);
    expect(summary?.workloads[4]).toMatchObject({ errors: 3, transactions: 1_000 + 400 });
    expect(transactionsOf(transactionsResult({ runs: [] }))).toBeUndefined();
  });

  test("the goal: the median of the rounds' ratios for the workload marked for it", () => {
    expect(transactionGoal(runWith(transactionsResult()).targets[0])).toEqual({ rounds: 2, value: 3 });
    expect(transactionGoal(runWith(transactionsResult({ runs: [] })).targets[0])).toEqual({
      rounds: 0,
      value: undefined,
    });
    expect(transactionGoal(replicatedRun().targets[0])).toBeUndefined();
    expect(transactionGoal(undefined)).toBeUndefined();
  });
});

describe("in the full report", () => {
  const run = fullRun();
  run.targets[0].transactions = transactionsResult();
  const markdown = renderMarkdown(run, "latest.svg");

  test("the issue's targets carry the goal row, from the paired rounds", () => {
    const rows = tableAfter(markdown, "### The issue's targets");
    expect(
      rowOf(rows, "TransactWriteItems (2 actions) p50 ÷ PutItem p50, 4 SDK clients (median of 2 paired rounds)"),
    ).toEqual([
      "TransactWriteItems (2 actions) p50 ÷ PutItem p50, 4 SDK clients (median of 2 paired rounds)",
      "≤ 3×",
      "3.00×",
      "✅",
    ]);
  });

  test("the section comes after the secondary indexes' place and before SDK latency", () => {
    expect(markdown.indexOf(TRANSACTIONS_HEADING)).toBeGreaterThan(markdown.indexOf("### The issue's targets"));
    expect(markdown.indexOf(TRANSACTIONS_HEADING)).toBeLessThan(markdown.indexOf("## Latency through the AWS SDK"));
  });

  test("a disturbed run is named in the report's warning at the top", () => {
    expect(markdown).toContain("dynaflare transactions write-2, round 2 (SDK)");
  });
});
