/**
 * Latency samples of one operation in one phase, kept whole and sorted once for exact
 * percentiles (a phase records at most a few hundred thousand of them).
 */

export interface LatencySummary {
  /** Successful operations. */
  count: number;
  errors: number;
  /** Milliseconds; nearest-rank percentiles. */
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export class Samples {
  private values: number[] = [];
  errors = 0;

  add(ms: number): void {
    this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  summary(): LatencySummary {
    const sorted = Float64Array.from(this.values).sort();
    const n = sorted.length;
    const at = (p: number) =>
      n === 0 ? Number.NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
    let total = 0;
    for (const value of sorted) total += value;
    return {
      count: n,
      errors: this.errors,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      mean: n === 0 ? Number.NaN : total / n,
      max: n === 0 ? Number.NaN : sorted[n - 1],
    };
  }
}
