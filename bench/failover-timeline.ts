/**
 * The failover statistic, from the writer's timeline (pure): how long after a leader's crash
 * the first write succeeded, how many writes failed meanwhile, and the summary over rounds
 * checked against the goal (issue 4: under 2 s with the default settings).
 */

/** Issue 4: from a leader's death to the first successful write, under 2 s. */
export const FAILOVER_GOAL_MS = 2_000;

/** One PutItem the failover writer sent; times in milliseconds on one clock (performance.now). */
export interface WriteEvent {
  start: number;
  end: number;
  ok: boolean;
  /** The error's name and message, for a failed write. */
  error?: string;
}

export interface FailoverWindow {
  /** From `crashAt` to the answer of the first successful write sent at or after `sentAfter`; null if none. */
  failoverMs: number | null;
  /** Writes that failed with their answer between `crashAt` and that success (or after `crashAt`, if none). */
  failedWrites: number;
  firstError?: string;
}

/**
 * The failover window of one crash. Only writes sent at or after `sentAfter` count as the
 * first success: the caller passes the moment the crash call returned, so that no counted
 * write can have been answered by the old leader before it died. The time is still taken
 * from `crashAt` (just before the crash call), so the crash call's own duration is included.
 */
export function failoverWindow(events: readonly WriteEvent[], crashAt: number, sentAfter = crashAt): FailoverWindow {
  let recovered: number | undefined;
  for (const event of events)
    if (event.ok && event.start >= sentAfter && (recovered === undefined || event.end < recovered))
      recovered = event.end;
  const failed = events.filter((e) => !e.ok && e.end >= crashAt && (recovered === undefined || e.end <= recovered));
  const firstError = failed.reduce<WriteEvent | undefined>(
    (first, e) => (first === undefined || e.end < first.end ? e : first),
    undefined,
  )?.error;
  return {
    failoverMs: recovered === undefined ? null : recovered - crashAt,
    failedWrites: failed.length,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

export interface FailoverSummary {
  rounds: number;
  /** Rounds in which a write succeeded within the bound. */
  measured: number;
  /** Nearest-rank median and maximum of the measured rounds, ms; null when none was. */
  p50Ms: number | null;
  maxMs: number | null;
  goalMs: number;
  /** Every round measured and under the goal; null with no rounds. */
  met: boolean | null;
}

/** The summary of rounds' failover times (null: no write succeeded within the bound). */
export function summarizeFailover(times: readonly (number | null)[], goalMs: number): FailoverSummary {
  const measured = times.filter((t): t is number => t !== null && Number.isFinite(t)).sort((a, b) => a - b);
  const n = measured.length;
  return {
    rounds: times.length,
    measured: n,
    p50Ms: n === 0 ? null : measured[Math.ceil(n / 2) - 1],
    maxMs: n === 0 ? null : measured[n - 1],
    goalMs,
    met: times.length === 0 ? null : n === times.length && measured[n - 1] < goalMs,
  };
}
