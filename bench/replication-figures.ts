/**
 * The pure figures of the replication-lag phase: nearest-rank percentiles of the client-side
 * "visible after" times (a key written in the home region → first read of it in a
 * destination), and whether /admin/replication shows every destination drained.
 */

export interface VisibilitySummary {
  /** Keys sampled. */
  keys: number;
  /** Keys that became visible within the bound (the percentiles are over these). */
  visible: number;
  /** Keys not visible within the bound, or whose write or reads failed. */
  missed: number;
  /** Milliseconds, nearest rank; null when no key became visible. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** The value at percentile `p` (0–100) of ascending `sorted`, nearest rank; null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** `samples`: one per key, milliseconds until visible, or null if it never was. */
export function summarizeVisibility(samples: readonly (number | null)[]): VisibilitySummary {
  const sorted = samples.filter((ms): ms is number => ms !== null && Number.isFinite(ms)).sort((a, b) => a - b);
  return {
    keys: samples.length,
    visible: sorted.length,
    missed: samples.length - sorted.length,
    p50Ms: nearestRank(sorted, 50),
    p99Ms: nearestRank(sorted, 99),
    maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}

/** One destination of `GET /admin/replication`. */
export interface ReplicationReportDestination {
  region: string;
  pending: number;
  samples: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
}

/** Every expected destination is reported and has nothing pending. */
export function isDrained(destinations: readonly ReplicationReportDestination[], expected: readonly string[]): boolean {
  return expected.every((region) => destinations.some((d) => d.region === region && d.pending === 0));
}
