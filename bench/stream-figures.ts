/**
 * The pure figures of the streams phase (bench/streams.ts):
 * - the stream delay: per paced write, its PutItem's answer and the moment a reader following
 *   the stream first got its record from GetRecords; the delay is the difference (a record seen
 *   before its write's answer counts 0, and is counted apart), summarised as nearest-rank p50,
 *   p99 and max, with the writes whose record never came;
 * - the write cost: the throughput rounds summarised per table (medians, with the lowest and
 *   highest round, of ops/s, p50, p99 and server CPU per write; writes and errors summed), and
 *   the streamed table's ops/s and CPU per write over the plain table's in the same round, with
 *   the median and spread of those ratios. The machine is shared and noisy: the ratios are taken
 *   within a round, where both runs saw about the same machine, never across rounds.
 */

import { type Spread, spreadOf } from "./index-figures";
import { nearestRank } from "./replication-figures";

/** The goal: a record reaches a polling reader within 200 ms of its write's answer (p99). */
export const STREAM_DELAY_P99_GOAL_MS = 200;
/** The goal: a NEW_AND_OLD_IMAGES stream costs at most 15% of PutItem throughput. */
export const STREAM_THROUGHPUT_GOAL = 0.85;

/** One paced write of the delay measurement, times in ms on one clock. */
export interface StreamDelaySample {
  /** When its PutItem answered; null when the PutItem failed. */
  ackedAt: number | null;
  /** When a GetRecords first returned its record; null when none did. */
  seenAt: number | null;
}

export interface StreamDelaySummary {
  /** Writes sent. */
  writes: number;
  /** Writes whose PutItem failed (left out of the delay). */
  failed: number;
  /** Answered writes whose record a reader got, and those whose record never came. */
  seen: number;
  missed: number;
  /** Records got before their write's answer reached the client (their delay counts 0). */
  seenBeforeAck: number;
  /** Milliseconds, nearest rank, over the seen records; null when none was. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** The delays of the answered writes whose record came: seen − acknowledged, never below 0. */
export function summarizeStreamDelay(samples: readonly StreamDelaySample[]): StreamDelaySummary {
  const delays: number[] = [];
  let failed = 0;
  let missed = 0;
  let seenBeforeAck = 0;
  for (const { ackedAt, seenAt } of samples) {
    if (ackedAt === null) failed++;
    else if (seenAt === null) missed++;
    else {
      if (seenAt < ackedAt) seenBeforeAck++;
      delays.push(Math.max(0, seenAt - ackedAt));
    }
  }
  delays.sort((a, b) => a - b);
  return {
    writes: samples.length,
    failed,
    seen: delays.length,
    missed,
    seenBeforeAck,
    p50Ms: nearestRank(delays, 50),
    p99Ms: nearestRank(delays, 99),
    maxMs: delays.length === 0 ? null : delays[delays.length - 1],
  };
}

/**
 * When write `index` (from 0) of a paced writer is due, `everyMs` apart from `start`: a writer
 * sends it then, or as soon as the previous write answered when that is later.
 */
export function dueAt(start: number, index: number, everyMs: number): number {
  return start + index * everyMs;
}

/** One closed-loop PutItem run on one table in one round, as the summary needs it. */
export interface StreamRunFigures {
  round: number;
  /** The table's name in the phase (`none`, `new-and-old`). */
  table: string;
  /** Successful writes, and their rate. */
  writes: number;
  opsPerSecond: number;
  /** Latency of the successful writes, ms (NaN when there was none). */
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU seconds during the run. */
  serverCpu: number;
}

export interface StreamTableSummary {
  table: string;
  /** Runs on this table. */
  runs: number;
  opsPerSecond?: Spread;
  p50?: Spread;
  p99?: Spread;
  /** Server CPU µs per successful write. */
  cpuUsPerWrite?: Spread;
  /** Over all its runs. */
  writes: number;
  errors: number;
}

export interface StreamRatio {
  /** The streamed table, over `baseline`. */
  table: string;
  baseline: string;
  /** Per round, in round order: ops/s, and server CPU per write, over the baseline's. */
  rounds: { round: number; ops?: number; cpu?: number }[];
  ops?: Spread;
  cpu?: Spread;
}

export interface StreamWritesSummary {
  tables: StreamTableSummary[];
  ratios: StreamRatio[];
}

const perWrite = (cpu: number, writes: number) => (writes > 0 ? (cpu / writes) * 1e6 : undefined);
const over = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined;

/**
 * The runs summarised per table (in `tables`' order), and each other table's ratios to
 * `tables[0]`, the baseline, round by round: a round that lacks either run is left out.
 */
export function summarizeStreamWrites(
  runs: readonly StreamRunFigures[],
  tables: readonly string[],
): StreamWritesSummary {
  const summaries = tables.map((table): StreamTableSummary => {
    const mine = runs.filter((run) => run.table === table);
    return {
      table,
      runs: mine.length,
      opsPerSecond: spreadOf(mine.map((run) => run.opsPerSecond)),
      p50: spreadOf(mine.map((run) => run.p50)),
      p99: spreadOf(mine.map((run) => run.p99)),
      cpuUsPerWrite: spreadOf(mine.map((run) => perWrite(run.serverCpu, run.writes))),
      writes: mine.reduce((n, run) => n + run.writes, 0),
      errors: mine.reduce((n, run) => n + run.errors, 0),
    };
  });
  const [baseline, ...others] = tables;
  const ratios = others.map((table): StreamRatio => {
    const rounds: StreamRatio["rounds"] = [];
    for (const run of runs) {
      if (run.table !== table) continue;
      const base = runs.find((r) => r.table === baseline && r.round === run.round);
      if (!base) continue;
      rounds.push({
        round: run.round,
        ops: over(run.opsPerSecond, base.opsPerSecond),
        cpu: over(perWrite(run.serverCpu, run.writes), perWrite(base.serverCpu, base.writes)),
      });
    }
    rounds.sort((a, b) => a.round - b.round);
    return {
      table,
      baseline,
      rounds,
      ops: spreadOf(rounds.map((r) => r.ops)),
      cpu: spreadOf(rounds.map((r) => r.cpu)),
    };
  });
  return { tables: summaries, ratios };
}
