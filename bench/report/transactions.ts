/**
 * The transactions phase in markdown (issue 17): each workload's transactions/s, items/s, p50,
 * p99 and server CPU per transaction (medians of the rounds, with the lowest and highest), its
 * cancellations and errors, and its p50 over PutItem's taken within each round; then the ratios'
 * medians against the goal, and each round's figures. Also the goal's figure for the issue's
 * targets table (./markdown.ts).
 */

import { disturbed } from "../cpu";
import type { Spread } from "../index-figures";
import type { BenchResult, TargetResult, TransactionsResult } from "../results";
import { summarizeTransactions, type TransactionsSummary, WRITE_2_P50_GOAL } from "../transaction-figures";
import { formatCount, formatMs, header, row } from "./figures";
import { formatSpread } from "./indexes";

export const TRANSACTIONS_HEADING = "## Transactions (TransactWriteItems and TransactGetItems against PutItem)";

const times = (value: number) => `${value.toFixed(2)}×`;

/** The summary of a phase, recomputed from its runs (so a re-render follows the runs). */
export function transactionsOf(transactions: TransactionsResult): TransactionsSummary | undefined {
  if (transactions.runs.length === 0) return undefined;
  return summarizeTransactions(
    transactions.runs.map((run) => ({
      round: run.round,
      workload: run.workload,
      transactions: run.latency.count,
      transactionsPerSecond: run.transactionsPerSecond,
      itemsPerSecond: run.itemsPerSecond,
      p50: run.latency.p50,
      p99: run.latency.p99,
      cancelled: run.cancelled,
      errors: run.latency.errors,
      serverCpu: run.cpu.server,
    })),
    transactions.workloads.map((workload) => workload.name),
  );
}

/** The workload issue 17's goal is checked on (the 2-action TransactWriteItems). */
const goalWorkload = (t: TransactionsResult) => t.workloads.find((w) => w.goal)?.name;

/**
 * Issue 17's goal on `target`'s transactions phase: the median over the rounds of a 2-action
 * TransactWriteItems' p50 ÷ PutItem's p50; undefined when the phase did not run.
 */
export function transactionGoal(target: TargetResult | undefined): { rounds: number; value?: number } | undefined {
  if (!target?.transactions) return undefined;
  const name = goalWorkload(target.transactions);
  const ratio = transactionsOf(target.transactions)?.ratios.find((r) => r.workload === name);
  return { rounds: ratio?.p50?.n ?? 0, value: ratio?.p50?.median };
}

function intro(target: TargetResult, t: TransactionsResult): string {
  const vars = Object.entries(t.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return `${target.label}, on a separate instance (${vars ? vars : "as `npm start` runs it: three replicas per partition, four partitions per table"}), through the AWS SDK: ${t.concurrency} closed-loop clients sharing keep-alive connections, no retries, the same settings for every workload. PutItem writes one ~1 KB item (10 fields × 100 B) on a random key; TransactWriteItems writes on distinct random keys, half Puts of a whole ~1 KB item, half Updates of one 100-byte field; the writes' keys are drawn from ${formatCount(t.writeKeys)}, so concurrent transactions rarely share one. TransactGetItems reads 10 distinct random keys of the ${formatCount(t.records)} records loaded first. After ${t.warmupSeconds} s of each workload unmeasured, ${t.rounds} round${t.rounds === 1 ? "" : "s"} run each workload for ${t.seconds} s, the order rotating by round; the ratios to PutItem are taken within a round (the machine is shared: runs minutes apart are not comparable). Throughput and latency count successful requests only; a transaction answered with \`TransactionCanceledException\` (expected now and then: two concurrent transactions on one key) is counted as cancelled, any other failure as an error.`;
}

function workloadLines(t: TransactionsResult, summary: TransactionsSummary): string[] {
  const lines = header([
    "workload",
    "transactions/s",
    "items/s",
    "p50 ms",
    "p99 ms",
    "p50 ÷ PutItem p50",
    "server CPU µs/transaction",
    "transactions",
    "cancelled",
    "errors",
  ]);
  for (const s of summary.workloads) {
    const workload = t.workloads.find((w) => w.name === s.workload);
    const ratio = summary.ratios.find((r) => r.workload === s.workload);
    lines.push(
      row([
        workload?.label ?? s.workload,
        formatSpread(s.transactionsPerSecond, formatCount),
        formatSpread(s.itemsPerSecond, formatCount),
        formatSpread(s.p50, formatMs),
        formatSpread(s.p99, formatMs),
        ratio ? formatSpread(ratio.p50, times) : "1×",
        formatSpread(s.cpuUsPerTransaction, formatCount),
        formatCount(s.transactions),
        s.cancelled ? `**${formatCount(s.cancelled)}**` : "0",
        s.errors ? `**${formatCount(s.errors)}**` : "0",
      ]),
    );
  }
  return lines;
}

function goalLines(t: TransactionsResult, summary: TransactionsSummary): string[] {
  const short = (name: string) => t.workloads.find((w) => w.name === name)?.short ?? name;
  const spread = (s: Spread | undefined) => (s ? `${times(s.min)}–${times(s.max)}` : "–");
  const lines = header(["ratio", "median", "lowest–highest", "rounds", "goal", "met"]);
  for (const ratio of summary.ratios) {
    const goal = ratio.workload === goalWorkload(t);
    const met = !goal || !ratio.p50 ? "" : ratio.p50.median <= WRITE_2_P50_GOAL ? "✅" : "❌";
    lines.push(
      row([
        `${short(ratio.workload)} ÷ ${short(ratio.baseline)}, p50`,
        ratio.p50 ? times(ratio.p50.median) : "–",
        spread(ratio.p50),
        String(ratio.p50?.n ?? 0),
        goal ? `≤ ${times(WRITE_2_P50_GOAL)}` : "",
        met,
      ]),
    );
  }
  return lines;
}

function roundLines(t: TransactionsResult, summary: TransactionsSummary): string[] {
  const names = t.workloads.map((w) => w.name);
  const short = (name: string) => t.workloads.find((w) => w.name === name)?.short ?? name;
  const goal = summary.ratios.find((r) => r.workload === goalWorkload(t));
  const rounds = [...new Set(t.runs.map((run) => run.round))].sort((a, b) => a - b);
  const lines = header([
    "round",
    "order",
    ...names.map((n) => `${short(n)} p50 ms`),
    ...(goal ? [`${short(goal.workload)} ÷ ${short(goal.baseline)}`] : []),
    "disturbed runs",
  ]);
  for (const round of rounds) {
    const runs = t.runs.filter((run) => run.round === round);
    const value = goal?.rounds.find((r) => r.round === round)?.p50;
    lines.push(
      row([
        String(round),
        runs.map((run) => short(run.workload)).join(", "),
        ...names.map((name) => formatMs(runs.find((run) => run.workload === name)?.latency.p50)),
        ...(goal ? [value === undefined ? "–" : times(value)] : []),
        runs
          .filter((run) => disturbed(run.cpu))
          .map((run) => short(run.workload))
          .join(", ") || "none",
      ]),
    );
  }
  return lines;
}

/** Cancellations by reason and first errors, per workload that had any. */
function failureLines(t: TransactionsResult): string[] {
  const lines: string[] = [];
  for (const workload of t.workloads) {
    const runs = t.runs.filter((run) => run.workload === workload.name);
    const cancelled = runs.reduce((n, run) => n + run.cancelled, 0);
    const reasons = new Map<string, number>();
    for (const run of runs)
      for (const [code, n] of Object.entries(run.reasons)) reasons.set(code, (reasons.get(code) ?? 0) + n);
    if (cancelled > 0) {
      const codes = [...reasons].map(([code, n]) => `${code} ${formatCount(n)}`).join(", ");
      lines.push(`- ${workload.label}: ${formatCount(cancelled)} cancelled (reasons: ${codes || "none given"})`);
    }
    const failed = runs.find((run) => run.firstError);
    if (failed) lines.push(`- ${workload.label}: errors; the first: ${failed.firstError?.split("\n")[0]}`);
  }
  return lines;
}

/** The section for every target with a transactions phase; nothing when none has one. */
export function transactionsSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.transactions);
  if (measured.length === 0) return [];
  const lines = [TRANSACTIONS_HEADING];
  for (const target of measured) {
    const t = target.transactions as TransactionsResult;
    lines.push("", intro(target, t));
    const summary = transactionsOf(t);
    if (summary) {
      lines.push(
        "",
        ...workloadLines(t, summary),
        "",
        `Each cell is the median of the rounds (lowest–highest); items/s counts the items a request wrote or read (1 for PutItem). Ratios of each workload's p50 to PutItem's in the same round (issue 17's goal: a 2-action TransactWriteItems' p50 at most ${times(WRITE_2_P50_GOAL)} a PutItem's):`,
        "",
        ...goalLines(t, summary),
        "",
        "Each round's runs; a run is disturbed when other processes used a quarter of a core or more during it (the bench took it again up to twice first).",
        "",
        ...roundLines(t, summary),
      );
    }
    const failures = failureLines(t);
    if (failures.length > 0) lines.push("", ...failures);
    if (t.error) lines.push("", `**Stopped early**: ${t.error.split("\n")[0]}`);
  }
  return lines;
}
