import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Samples } from "../../../bench/samples";

const samplesOf = (values: number[], errors = 0) => {
  const samples = new Samples();
  for (const value of values) samples.add(value);
  samples.errors = errors;
  return samples;
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("Samples", () => {
  test.each([
    { name: "1..100", values: range(1, 100), p50: 50, p95: 95, p99: 99, mean: 50.5, max: 100 },
    { name: "1..1000", values: range(1, 1_000), p50: 500, p95: 950, p99: 990, mean: 500.5, max: 1_000 },
    { name: "one sample", values: [7.5], p50: 7.5, p95: 7.5, p99: 7.5, mean: 7.5, max: 7.5 },
    { name: "two samples", values: [2, 1], p50: 1, p95: 2, p99: 2, mean: 1.5, max: 2 },
    { name: "ten samples", values: range(1, 10), p50: 5, p95: 10, p99: 10, mean: 5.5, max: 10 },
    { name: "ties", values: [3, 3, 3, 1], p50: 3, p95: 3, p99: 3, mean: 2.5, max: 3 },
  ])("$name: nearest-rank p50 $p50, p95 $p95, p99 $p99, mean $mean, max $max", ({ name: _, values, ...expected }) => {
    expect(samplesOf(values).summary()).toEqual({ count: values.length, errors: 0, ...expected });
  });

  test("sorts numerically, not as strings (10 > 9 > 1.5)", () => {
    const summary = samplesOf([10, 9, 1.5, 100, 20]).summary();
    expect(summary).toMatchObject({ p50: 10, max: 100 });
  });

  test("the order samples arrive in does not matter", () => {
    const values = range(1, 200).map((v) => (v * 37) % 211);
    expect(samplesOf(values).summary()).toEqual(samplesOf([...values].reverse()).summary());
  });

  test("an empty set has count 0 and NaN figures, and keeps its error count", () => {
    expect(samplesOf([], 3).summary()).toEqual({
      count: 0,
      errors: 3,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      mean: Number.NaN,
      max: Number.NaN,
    });
  });

  test("count is the successful samples; errors are counted apart", () => {
    const samples = samplesOf([1, 2, 3], 2);
    expect(samples.count).toBe(3);
    expect(samples.summary()).toMatchObject({ count: 3, errors: 2 });
  });

  test("summary leaves the samples in place: adding more after a summary counts them all", () => {
    const samples = samplesOf([5, 1]);
    expect(samples.summary().max).toBe(5);
    samples.add(9);
    expect(samples.summary()).toMatchObject({ count: 3, max: 9, p50: 5 });
  });

  test("each percentile is a sample with at least p% of samples at or below it, the smallest such", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const summary = samplesOf(values).summary();
          const sorted = [...values].sort((a, b) => a - b);
          for (const [p, value] of [
            [50, summary.p50],
            [95, summary.p95],
            [99, summary.p99],
          ] as const) {
            const atOrBelow = sorted.filter((v) => v <= value).length;
            const below = sorted.filter((v) => v < value).length;
            expect(sorted).toContain(value);
            expect(atOrBelow / sorted.length).toBeGreaterThanOrEqual(p / 100);
            expect(below / sorted.length).toBeLessThan(p / 100);
          }
          expect(summary.p50).toBeLessThanOrEqual(summary.p95);
          expect(summary.p95).toBeLessThanOrEqual(summary.p99);
          expect(summary.p99).toBeLessThanOrEqual(summary.max);
          expect(summary.max).toBe(sorted[sorted.length - 1]);
        },
      ),
    );
  });
});
