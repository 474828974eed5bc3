import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isDrained, nearestRank, summarizeVisibility } from "../../../bench/replication-figures";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("nearestRank", () => {
  test.each([
    { name: "1..100 p50", sorted: range(1, 100), p: 50, expected: 50 },
    { name: "1..100 p99", sorted: range(1, 100), p: 99, expected: 99 },
    { name: "1..50 p99 is the largest", sorted: range(1, 50), p: 99, expected: 50 },
    { name: "1..50 p50", sorted: range(1, 50), p: 50, expected: 25 },
    { name: "one value", sorted: [4.2], p: 99, expected: 4.2 },
    { name: "p0 is the smallest", sorted: [1, 2, 3], p: 0, expected: 1 },
    { name: "p100 is the largest", sorted: [1, 2, 3], p: 100, expected: 3 },
    { name: "none", sorted: [], p: 50, expected: null },
  ])("$name → $expected", ({ sorted, p, expected }) => {
    expect(nearestRank(sorted, p)).toBe(expected);
  });

  test("the result is one of the values, and at least as many values are ≤ it as the rank asks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          const value = nearestRank(sorted, p) as number;
          expect(sorted).toContain(value);
          expect(sorted.filter((v) => v <= value).length).toBeGreaterThanOrEqual(Math.ceil((p / 100) * sorted.length));
        },
      ),
    );
  });
});

describe("summarizeVisibility", () => {
  test("percentiles over the visible keys, sorted numerically; misses counted apart", () => {
    const samples = [30, null, 9, 100, 12, null, ...range(1, 4)];
    expect(summarizeVisibility(samples)).toEqual({
      keys: 10,
      visible: 8,
      missed: 2,
      p50Ms: 4,
      p99Ms: 100,
      maxMs: 100,
    });
  });

  test("50 keys from 1 to 50 ms: p50 25, p99 50", () => {
    expect(summarizeVisibility(range(1, 50))).toMatchObject({ keys: 50, visible: 50, missed: 0, p50Ms: 25, p99Ms: 50 });
  });

  test("no key visible: null percentiles, every key missed", () => {
    expect(summarizeVisibility([null, null])).toEqual({
      keys: 2,
      visible: 0,
      missed: 2,
      p50Ms: null,
      p99Ms: null,
      maxMs: null,
    });
  });

  test("no keys at all: zero counts and null percentiles", () => {
    expect(summarizeVisibility([])).toEqual({ keys: 0, visible: 0, missed: 0, p50Ms: null, p99Ms: null, maxMs: null });
  });

  test("leaves its input unsorted", () => {
    const samples = [3, 1, 2];
    summarizeVisibility(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe("isDrained", () => {
  const destination = (region: string, pending: number) => ({
    region,
    pending,
    samples: 10,
    lagP50Ms: 1,
    lagP99Ms: 2,
  });
  const expected = ["eu-west-1", "ap-northeast-1"];

  test.each([
    {
      name: "every destination at 0 pending",
      reported: [destination("eu-west-1", 0), destination("ap-northeast-1", 0)],
      drained: true,
    },
    {
      name: "one destination still pending",
      reported: [destination("eu-west-1", 0), destination("ap-northeast-1", 3)],
      drained: false,
    },
    { name: "a destination not reported yet", reported: [destination("eu-west-1", 0)], drained: false },
    { name: "nothing reported", reported: [], drained: false },
    {
      name: "an unexpected extra destination does not matter",
      reported: [destination("eu-west-1", 0), destination("ap-northeast-1", 0), destination("us-west-2", 5)],
      drained: true,
    },
  ])("$name → $drained", ({ reported, drained }) => {
    expect(isDrained(reported, expected)).toBe(drained);
  });
});
