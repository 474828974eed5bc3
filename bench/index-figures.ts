/**
 * The pure figures of the secondary-indexes phase (bench/indexes.ts): the write-cost rounds
 * summarised per table (medians of ops/s, latency and server CPU per write, the index backlog's
 * drain included), and each indexed table's ops/s over the unindexed table's in the same round,
 * with the median and the spread (lowest and highest) of those ratios. The machine is shared
 * and noisy: only ratios of runs taken side by side are meaningful, so the ratios are taken
 * within each round, never across rounds.
 */

/** One wrk PutItem run of the write-cost rounds, as the summary needs it. */
export interface IndexCostRunFigures {
  round: number;
  /** The table's name in the phase (`none`, `one`, `five`). */
  table: string;
  requests: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
  /** Socket errors and non-2xx answers together. */
  errors: number;
  /** Server CPU seconds during the wrk run. */
  serverCpu: number;
  /** Server CPU seconds from the end of the run until the server was idle again (the index backlog). */
  drainCpu: number;
  /** From the end of the run until the server was idle again; null if not within the bound. */
  drainMs: number | null;
  /** The server's figures right after the run, when read: records its GSIs had still to be fed, and their lag p99 (the worst index's). */
  backlog?: number;
  lagP99Ms?: number;
}

/** A recorded wrk run of a paired write-cost phase (the indexes' and PITR's), as far as its figures go. */
export interface RecordedCostRun {
  round: number;
  table: string;
  requests: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
  errors: Record<string, number>;
  cpu: { server: number };
  drainCpu: number;
  drainMs: number | null;
}

/** A recorded run's figures, as the summary takes them (its errors of every kind added up). */
export function costRunFigures(run: RecordedCostRun): IndexCostRunFigures {
  return {
    round: run.round,
    table: run.table,
    requests: run.requests,
    opsPerSecond: run.opsPerSecond,
    p50: run.p50,
    p99: run.p99,
    errors: Object.values(run.errors).reduce((sum, n) => sum + n, 0),
    serverCpu: run.cpu.server,
    drainCpu: run.drainCpu,
    drainMs: run.drainMs,
  };
}

/** A median with the lowest and highest value it is the median of. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many values. */
  n: number;
}

/** The middle value of ascending `sorted`, or the mean of the two middle ones. */
function middle(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median, lowest and highest of the finite values; undefined when there is none. */
export function spreadOf(values: readonly (number | undefined)[]): Spread | undefined {
  const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (present.length === 0) return undefined;
  return {
    median: middle(present),
    min: present[0],
    max: present[present.length - 1],
    n: present.length,
  };
}

export interface IndexCostTableSummary {
  table: string;
  /** Runs of this table. */
  runs: number;
  opsPerSecond?: Spread;
  p50?: Spread;
  p99?: Spread;
  /** Server CPU µs per write during the run alone, and with the drain after it. */
  cpuUsPerOp?: Spread;
  cpuUsPerOpWithDrain?: Spread;
  drainMs?: Spread;
  /** The server's GSI backlog right after a run, and its propagation lag p99 (runs that reported them). */
  backlog?: Spread;
  lagP99Ms?: Spread;
  /** Errors over all its runs. */
  errors: number;
}

export interface IndexCostRatio {
  /** The indexed table, over `baseline`. */
  table: string;
  baseline: string;
  /** Per round, in round order: ops/s, and server CPU per write (drain included). */
  rounds: { round: number; ops?: number; cpu?: number }[];
  ops?: Spread;
  cpu?: Spread;
}

export interface IndexCostSummary {
  tables: IndexCostTableSummary[];
  ratios: IndexCostRatio[];
}

const perOp = (cpu: number, requests: number) => (requests > 0 ? (cpu / requests) * 1e6 : undefined);
const over = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined;

/**
 * The runs summarised per table (in `tables`' order), and each other table's ratios to
 * `tables[0]`, the baseline, round by round: a round that lacks either run is left out.
 */
export function summarizeIndexCost(runs: readonly IndexCostRunFigures[], tables: readonly string[]): IndexCostSummary {
  const summaries = tables.map((table): IndexCostTableSummary => {
    const mine = runs.filter((run) => run.table === table);
    return {
      table,
      runs: mine.length,
      opsPerSecond: spreadOf(mine.map((run) => run.opsPerSecond)),
      p50: spreadOf(mine.map((run) => run.p50)),
      p99: spreadOf(mine.map((run) => run.p99)),
      cpuUsPerOp: spreadOf(mine.map((run) => perOp(run.serverCpu, run.requests))),
      cpuUsPerOpWithDrain: spreadOf(mine.map((run) => perOp(run.serverCpu + run.drainCpu, run.requests))),
      drainMs: spreadOf(mine.map((run) => run.drainMs ?? undefined)),
      backlog: spreadOf(mine.map((run) => run.backlog)),
      lagP99Ms: spreadOf(mine.map((run) => run.lagP99Ms)),
      errors: mine.reduce((sum, run) => sum + run.errors, 0),
    };
  });
  const [baseline, ...others] = tables;
  const ratios = others.map((table): IndexCostRatio => {
    const rounds: IndexCostRatio["rounds"] = [];
    for (const run of runs) {
      if (run.table !== table) continue;
      const base = runs.find((r) => r.table === baseline && r.round === run.round);
      if (!base) continue;
      rounds.push({
        round: run.round,
        ops: over(run.opsPerSecond, base.opsPerSecond),
        cpu: over(
          perOp(run.serverCpu + run.drainCpu, run.requests),
          perOp(base.serverCpu + base.drainCpu, base.requests),
        ),
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

/**
 * The order the tables run in round `round` (from 1): rotated by one each round, so each table
 * runs first, in the middle and last equally often over a multiple of `tables.length` rounds,
 * and no table always follows the same one's index backlog.
 */
export function roundOrder<T>(tables: readonly T[], round: number): T[] {
  const n = tables.length;
  if (n === 0) return [];
  const shift = (((round - 1) % n) + n) % n;
  return [...tables.slice(shift), ...tables.slice(0, shift)];
}
