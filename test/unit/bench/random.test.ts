import { describe, expect, test } from "vitest";
import { randomInt, randomText, seededRandom } from "../../../bench/random";

const draws = (seed: number, n: number) => Array.from({ length: n }, seededRandom(seed));

describe("seededRandom", () => {
  test.each([0, 1, 42, 0xffffffff, -1])("seed %d replays the same stream", (seed) => {
    expect(draws(seed, 1_000)).toEqual(draws(seed, 1_000));
  });

  test("seeds are taken as unsigned 32-bit integers: -1 and 2^32 - 1 give one stream", () => {
    expect(draws(-1, 100)).toEqual(draws(0xffffffff, 100));
  });

  test.each([
    [0, 1],
    [1, 2],
    [1, 1_000],
  ])("seeds %d and %d give different streams", (a, b) => {
    const first = draws(a, 100);
    const second = draws(b, 100);
    expect(first.filter((value, i) => value === second[i])).toEqual([]);
  });

  test("draws are in [0, 1) and come from the full 32 bits", () => {
    const values = draws(7, 100_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((value) => !Number.isInteger(value * 2 ** 32))).toEqual([]);
    expect(new Set(values).size).toBeGreaterThan(99_990);
  });

  test.each([1, 2, 3])("seed %d: draws are uniform (mean, variance, chi-square over 100 buckets)", (seed) => {
    const n = 200_000;
    const values = draws(seed, n);
    const mean = values.reduce((sum, v) => sum + v, 0) / n;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
    const buckets = new Array<number>(100).fill(0);
    for (const value of values) buckets[Math.floor(value * 100)]++;
    const expected = n / 100;
    const chiSquare = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 99 degrees of freedom: the 99.9th percentile of chi-square is 148.2.
    expect(chiSquare).toBeLessThan(148.2);
  });

  test("successive draws are uncorrelated (lag-1 correlation near 0)", () => {
    const values = draws(11, 100_000);
    let product = 0;
    for (let i = 1; i < values.length; i++) product += (values[i] - 0.5) * (values[i - 1] - 0.5);
    const correlation = product / (values.length - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(0.02);
  });
});

describe("randomInt", () => {
  test.each([1, 2, 10, 2_000])("stays in [0, %d) and reaches every value", (n) => {
    const random = seededRandom(5);
    const values = Array.from({ length: n * 50 }, () => randomInt(random, n));
    expect(values.filter((value) => !Number.isInteger(value) || value < 0 || value >= n)).toEqual([]);
    expect(new Set(values).size).toBe(n);
  });

  test.each([
    { draw: 0, n: 10, value: 0 },
    { draw: 0.0999, n: 10, value: 0 },
    { draw: 0.1, n: 10, value: 1 },
    { draw: 1 - 2 ** -32, n: 10, value: 9 },
    { draw: 1 - 2 ** -32, n: 2_000, value: 1_999 },
  ])("maps a draw of $draw onto $value of [0, $n)", ({ draw, n, value }) => {
    expect(randomInt(() => draw, n)).toBe(value);
  });
});

describe("randomText", () => {
  test.each([0, 1, 100, 1_000])("gives %d characters of [A-Za-z0-9]", (length) => {
    const text = randomText(seededRandom(3), length);
    expect(text).toHaveLength(length);
    expect(text).toMatch(/^[A-Za-z0-9]*$/);
    expect(new TextEncoder().encode(text)).toHaveLength(length);
  });

  test("the same seed writes the same text; another seed writes other text", () => {
    expect(randomText(seededRandom(9), 100)).toBe(randomText(seededRandom(9), 100));
    expect(randomText(seededRandom(9), 100)).not.toBe(randomText(seededRandom(10), 100));
  });

  test("uses all 62 characters of the alphabet", () => {
    expect(new Set(randomText(seededRandom(1), 10_000)).size).toBe(62);
  });

  test("maps the lowest and highest draws onto the alphabet's ends", () => {
    expect(randomText(() => 0, 3)).toBe("AAA");
    expect(randomText(() => 1 - 2 ** -32, 3)).toBe("999");
  });
});
