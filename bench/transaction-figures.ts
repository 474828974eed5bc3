/**
 * The pure figures of the transactions phase (bench/transactions.ts): the rounds' runs
 * summarised per workload (medians, with the lowest and highest round, of transactions/s,
 * items/s, p50, p99 and server CPU per transaction; cancellations and errors summed), and each
 * workload's p50 over PutItem's p50 in the same round, with the median and spread of those
 * ratios. The machine is shared and noisy: the ratios are taken within a round, where both
 * runs saw about the same machine, never across rounds.
 */

import { type Spread, spreadOf } from "./index-figures";

/** Issue 17's goal: a 2-action TransactWriteItems' p50 at most 3× a PutItem's. */
export const WRITE_2_P50_GOAL = 3;

/** One run of one workload in one round, as the summary needs it. */
export interface TransactionRunFigures {
  round: number;
  /** The workload's name (`put`, `write-2`, …). */
  workload: string;
  /** Successful requests, and their rate. */
  transactions: number;
  transactionsPerSecond: number;
  itemsPerSecond: number;
  /** Latency of the successful requests, ms (NaN when there was none). */
  p50: number;
  p99: number;
  /** Requests answered with TransactionCanceledException, and other failures. */
  cancelled: number;
  errors: number;
  /** Server CPU seconds during the run. */
  serverCpu: number;
}

export interface TransactionWorkloadSummary {
  workload: string;
  /** Runs of this workload. */
  runs: number;
  transactionsPerSecond?: Spread;
  itemsPerSecond?: Spread;
  p50?: Spread;
  p99?: Spread;
  /** Server CPU µs per successful request. */
  cpuUsPerTransaction?: Spread;
  /** Over all its runs. */
  transactions: number;
  cancelled: number;
  errors: number;
}

export interface TransactionRatio {
  /** The workload, over `baseline`. */
  workload: string;
  baseline: string;
  /** Per round, in round order: p50 ÷ the baseline's p50. */
  rounds: { round: number; p50?: number }[];
  p50?: Spread;
}

export interface TransactionsSummary {
  workloads: TransactionWorkloadSummary[];
  ratios: TransactionRatio[];
}

const perTransaction = (cpu: number, transactions: number) =>
  transactions > 0 ? (cpu / transactions) * 1e6 : undefined;
const over = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined);

/**
 * The runs summarised per workload (in `workloads`' order), and each other workload's p50 ratio
 * to `workloads[0]`, the baseline, round by round: a round that lacks either run is left out.
 */
export function summarizeTransactions(
  runs: readonly TransactionRunFigures[],
  workloads: readonly string[],
): TransactionsSummary {
  const summaries = workloads.map((workload): TransactionWorkloadSummary => {
    const mine = runs.filter((run) => run.workload === workload);
    const sum = (figure: (run: TransactionRunFigures) => number) => mine.reduce((n, run) => n + figure(run), 0);
    return {
      workload,
      runs: mine.length,
      transactionsPerSecond: spreadOf(mine.map((run) => run.transactionsPerSecond)),
      itemsPerSecond: spreadOf(mine.map((run) => run.itemsPerSecond)),
      p50: spreadOf(mine.map((run) => run.p50)),
      p99: spreadOf(mine.map((run) => run.p99)),
      cpuUsPerTransaction: spreadOf(mine.map((run) => perTransaction(run.serverCpu, run.transactions))),
      transactions: sum((run) => run.transactions),
      cancelled: sum((run) => run.cancelled),
      errors: sum((run) => run.errors),
    };
  });
  const [baseline, ...others] = workloads;
  const ratios = others.map((workload): TransactionRatio => {
    const rounds: TransactionRatio["rounds"] = [];
    for (const run of runs) {
      if (run.workload !== workload) continue;
      const base = runs.find((r) => r.workload === baseline && r.round === run.round);
      if (base) rounds.push({ round: run.round, p50: over(run.p50, base.p50) });
    }
    rounds.sort((a, b) => a.round - b.round);
    return { workload, baseline, rounds, p50: spreadOf(rounds.map((r) => r.p50)) };
  });
  return { workloads: summaries, ratios };
}
