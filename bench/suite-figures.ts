/**
 * The pure figures of the test-suite latency phase (bench/suite-latency.ts, issue 24): each
 * configuration's p50 over the baseline's (DynamoDB Local in memory) taken within each round,
 * per operation, with the median and the spread of those ratios; and the goals checked
 * on the medians, every operation at once. The machine is shared and noisy: the ratios are taken
 * within a round, where both runs saw about the same machine, never across rounds.
 */

import { type Spread, spreadOf } from "./index-figures";

/** The operations the phase times, in the order it runs them. */
export const SUITE_OPS = ["PutItem", "GetItem", "UpdateItem", "Query"] as const;
export type SuiteOp = (typeof SUITE_OPS)[number];

/** One run of one operation on one configuration in one round, as the ratios need it. */
export interface SuiteRunFigures {
  round: number;
  config: string;
  op: SuiteOp;
  /** Latency of the successful requests, ms (NaN, or null once read back from JSON, when there was none). */
  p50: number | null;
}

export interface SuiteRatio {
  /** The configuration, over `baseline`, on `op`. */
  config: string;
  baseline: string;
  op: SuiteOp;
  /** Per round, in round order: p50 ÷ the baseline's p50 in that round. */
  rounds: { round: number; p50?: number }[];
  p50?: Spread;
}

const over = (a: number | null, b: number | null) =>
  a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined;

/**
 * Each of `configs` (the baseline left out) over `baseline`, per operation of `ops` the
 * configuration ran, round by round: a round that lacks either run is left out.
 */
export function suiteRatios(
  runs: readonly SuiteRunFigures[],
  configs: readonly string[],
  baseline: string,
  ops: readonly SuiteOp[] = SUITE_OPS,
): SuiteRatio[] {
  const ratios: SuiteRatio[] = [];
  for (const config of configs) {
    if (config === baseline) continue;
    for (const op of ops) {
      const mine = runs.filter((run) => run.config === config && run.op === op);
      if (mine.length === 0) continue;
      const rounds: SuiteRatio["rounds"] = [];
      for (const run of mine) {
        const base = runs.find((r) => r.config === baseline && r.op === op && r.round === run.round);
        if (base) rounds.push({ round: run.round, p50: over(run.p50, base.p50) });
      }
      rounds.sort((a, b) => a.round - b.round);
      ratios.push({ config, baseline, op, rounds, p50: spreadOf(rounds.map((r) => r.p50)) });
    }
  }
  return ratios;
}

/** A goal on a configuration's p50 ÷ the baseline's: at most `goal`, for each operation. */
export interface SuiteGoalCheck {
  config: string;
  goal: number;
  /** The median ratio of each operation of `ops` (undefined where none was taken). */
  ops: { op: SuiteOp; median?: number }[];
  /** The operation with the highest median, when every operation has one. */
  worst?: { op: SuiteOp; median: number };
  /** Whether every operation's median is within the goal; undefined when one has none. */
  met?: boolean;
}

/** The goal checked on `config`'s median ratios: met only when each operation's is at most `goal`. */
export function suiteGoalCheck(
  ratios: readonly SuiteRatio[],
  config: string,
  goal: number,
  ops: readonly SuiteOp[] = SUITE_OPS,
): SuiteGoalCheck {
  const medians = ops.map((op) => ({
    op,
    median: ratios.find((r) => r.config === config && r.op === op)?.p50?.median,
  }));
  const complete = medians.every((m) => m.median !== undefined);
  if (!complete) return { config, goal, ops: medians };
  const worst = medians.reduce((a, b) => ((b.median as number) > (a.median as number) ? b : a));
  return {
    config,
    goal,
    ops: medians,
    worst: { op: worst.op, median: worst.median as number },
    met: medians.every((m) => (m.median as number) <= goal),
  };
}
