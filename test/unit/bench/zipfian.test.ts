import { describe, expect, test } from "vitest";
import { type Random, seededRandom } from "../../../bench/random";
import {
  DISTRIBUTIONS,
  fnvhash64,
  type KeyChooser,
  keyChooser,
  scrambledZipfian,
  ZIPFIAN_THETA,
  zeta,
  zipfian,
} from "../../../bench/zipfian";

/** How often each value of [0, n) is drawn, as fractions of `draws`. */
function frequencies(choose: KeyChooser, n: number, draws: number, seed: number): number[] {
  const random = seededRandom(seed);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) counts[choose(random)]++;
  return counts.map((count) => count / draws);
}

/** A fixed sequence of draws, then 0.5 forever. */
const scripted =
  (...values: number[]): Random =>
  () =>
    values.shift() ?? 0.5;

describe("zeta", () => {
  test.each([
    { n: 1, theta: 0.99, value: 1 },
    { n: 2, theta: 0.99, value: 1 + 0.5 ** 0.99 },
    { n: 4, theta: 1, value: 1 + 1 / 2 + 1 / 3 + 1 / 4 },
    { n: 3, theta: 0, value: 3 },
    // YCSB's default recordcount (1000) and the bench's default record count (2000).
    { n: 1_000, theta: 0.99, value: 7.728953217284729 },
    { n: 2_000, theta: 0.99, value: 8.473987883288563 },
  ])("ζ($n, $theta) = $value", ({ n, theta, value }) => {
    expect(zeta(n, theta)).toBeCloseTo(value, 12);
  });
});

describe("zipfian (YCSB ZipfianGenerator)", () => {
  test("theta is YCSB's ZIPFIAN_CONSTANT, 0.99", () => {
    expect(ZIPFIAN_THETA).toBe(0.99);
  });

  test.each([1, 2, 99])("seed %d replays the same values", (seed) => {
    const draw = (s: number) => {
      const choose = zipfian(0, 999);
      const random = seededRandom(s);
      return Array.from({ length: 1_000 }, () => choose(random));
    };
    expect(draw(seed)).toEqual(draw(seed));
    expect(draw(seed)).not.toEqual(draw(seed + 1));
  });

  test.each([
    { min: 0, max: 0 },
    { min: 0, max: 1 },
    { min: 0, max: 9 },
    { min: 100, max: 149 },
    { min: 0, max: 1_999 },
  ])("draws integers in [$min, $max] and reaches both ends", ({ min, max }) => {
    const choose = zipfian(min, max);
    const random = seededRandom(4);
    const values = Array.from({ length: 200_000 }, () => choose(random));
    expect(values.filter((value) => !Number.isInteger(value))).toEqual([]);
    expect(values.reduce((a, b) => Math.min(a, b))).toBe(min);
    expect(values.reduce((a, b) => Math.max(a, b))).toBe(max);
  });

  test("maps u onto ranks as YCSB does: u·ζ(n) < 1 → min, < 1 + 0.5^θ → min + 1, u → 1 → max", () => {
    const items = 1_000;
    const zetaN = zeta(items, ZIPFIAN_THETA);
    const second = 1 + 0.5 ** ZIPFIAN_THETA;
    const choose = zipfian(10, 10 + items - 1);
    const cases: [number, number][] = [
      [0, 10],
      [(1 - 1e-9) / zetaN, 10],
      [1 / zetaN, 11],
      [(second - 1e-9) / zetaN, 11],
      [1 - 2 ** -32, 10 + items - 1],
    ];
    for (const [u, value] of cases) expect({ u, value: choose(scripted(u)) }).toEqual({ u, value });
  });

  test("a given zetan is used as is (ScrambledZipfian passes its precomputed constant)", () => {
    const u = 0.14;
    // With zetan 4, u·zetan = 0.56 < 1 → min; with the true ζ(1000) ≈ 7.73 it is 1.08 → rank 1.
    expect(zipfian(0, 999, ZIPFIAN_THETA, 4)(scripted(u))).toBe(0);
    expect(zipfian(0, 999)(scripted(u))).toBe(1);
  });

  test.each([
    { items: 1_000, seed: 1, p0: 0.1294 },
    { items: 1_000, seed: 42, p0: 0.1294 },
    { items: 2_000, seed: 1, p0: 0.118 },
  ])("$items items, seed $seed: p(0) ≈ 1/ζ(n, 0.99) = $p0 and p(1) ≈ p(0)/2^0.99", ({ items, seed, p0 }) => {
    const draws = 1_000_000;
    const p = frequencies(zipfian(0, items - 1), items, draws, seed);
    const exact0 = 1 / zeta(items, ZIPFIAN_THETA);
    expect(exact0).toBeCloseTo(p0, 3);
    // Binomial standard deviation at 10^6 draws is ≈ 0.00034: allow about 6 of them.
    expect(Math.abs(p[0] - exact0)).toBeLessThan(0.002);
    expect(Math.abs(p[1] - exact0 / 2 ** ZIPFIAN_THETA)).toBeLessThan(0.0015);
  });

  test("rank frequencies decrease: the top five one by one, then per-rank averages over doubling bands", () => {
    const items = 1_000;
    const p = frequencies(zipfian(0, items - 1), items, 1_000_000, 3);
    for (let rank = 1; rank < 5; rank++) expect(p[rank]).toBeLessThan(p[rank - 1]);
    const bands: number[] = [];
    for (let lo = 1; lo < items; lo *= 2) {
      const hi = Math.min(items, lo * 2);
      bands.push(p.slice(lo - 1, hi - 1).reduce((sum, f) => sum + f, 0) / (hi - lo));
    }
    expect(bands).toHaveLength(10);
    for (let i = 1; i < bands.length; i++) expect(bands[i]).toBeLessThan(bands[i - 1]);
  });

  test("the tail follows rank^-θ: log-log slope over ranks 8..999 is -0.99 ± 0.05", () => {
    const items = 1_000;
    const p = frequencies(zipfian(0, items - 1), items, 1_000_000, 5);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let lo = 8; lo < items; lo *= 2) {
      const hi = Math.min(items, lo * 2);
      xs.push(Math.log((lo + hi + 1) / 2));
      ys.push(Math.log(p.slice(lo, hi).reduce((sum, f) => sum + f, 0) / (hi - lo)));
    }
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const mx = mean(xs);
    const my = mean(ys);
    const slope =
      xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    expect(Math.abs(slope + ZIPFIAN_THETA)).toBeLessThan(0.05);
  });

  test("the cumulative distribution stays within 0.025 of Zipf(θ = 0.99) at every rank", () => {
    // Gray et al.'s approximation is exact for ranks 0 and 1 and close elsewhere (rank 2 is the worst).
    const items = 1_000;
    const p = frequencies(zipfian(0, items - 1), items, 1_000_000, 8);
    const zetaN = zeta(items, ZIPFIAN_THETA);
    let empirical = 0;
    let ideal = 0;
    let worst = 0;
    for (let rank = 0; rank < items; rank++) {
      empirical += p[rank];
      ideal += 1 / (rank + 1) ** ZIPFIAN_THETA / zetaN;
      worst = Math.max(worst, Math.abs(empirical - ideal));
    }
    expect(worst).toBeLessThan(0.025);
  });
});

describe("fnvhash64 (YCSB Utils.fnvhash64)", () => {
  // Reference values from YCSB's Java implementation (signed 64-bit FNV-1a over 8 bytes, Math.abs).
  test.each([
    [0, 6284781860667377211n],
    [1, 8517097267634966620n],
    [2, 1820151046732198393n],
    [255, 8064062821143829734n],
    [256, 2056600594528442646n],
    [123_456_789, 2350796791908741607n],
    [10_000_000_000, 1201321332300452516n],
  ])("fnvhash64(%d) = %d", (value, hash) => {
    expect(fnvhash64(value)).toBe(hash);
  });

  test("hashes are non-negative 63-bit values", () => {
    for (let value = 0; value < 1_000; value++) {
      const hash = fnvhash64(value * 7_919);
      expect(hash >= 0n && hash < 2n ** 63n).toBe(true);
    }
  });
});

describe("scrambledZipfian (YCSB ScrambledZipfianGenerator)", () => {
  const records = 2_000;

  test("seed 1 replays the same records, inside [0, records)", () => {
    const draw = () => {
      const choose = scrambledZipfian(records);
      const random = seededRandom(1);
      return Array.from({ length: 5_000 }, () => choose(random));
    };
    const values = draw();
    expect(values).toEqual(draw());
    expect(values.filter((value) => !Number.isInteger(value) || value < 0 || value >= records)).toEqual([]);
  });

  test("the hottest records are fnvhash64(rank) mod records, drawn ≈ 1/ζ(10^10, 0.99) and half that", () => {
    const p = frequencies(scrambledZipfian(records), records, 300_000, 3);
    const hottest = Number(fnvhash64(0) % BigInt(records));
    const second = Number(fnvhash64(1) % BigInt(records));
    const byFrequency = p.map((f, record) => ({ f, record })).sort((a, b) => b.f - a.f);
    expect(byFrequency.slice(0, 2).map(({ record }) => record)).toEqual([hottest, second]);
    // YCSB's precomputed ζ(10^10, 0.99) = 26.469...
    expect(p[hottest]).toBeGreaterThan(1 / 26.46902820178302 - 0.002);
    expect(p[hottest]).toBeLessThan(1 / 26.46902820178302 + 0.003);
    expect(p[second]).toBeCloseTo(1 / 26.46902820178302 / 2 ** ZIPFIAN_THETA, 2);
  });

  test("spreads the popular keys over the key space: record 0 is not favoured and every record is drawn", () => {
    const p = frequencies(scrambledZipfian(records), records, 300_000, 4);
    expect(p[0]).toBeLessThan(0.005);
    expect(p.filter((f) => f === 0)).toEqual([]);
  });
});

describe("keyChooser", () => {
  test("offers uniform and zipfian", () => {
    expect(DISTRIBUTIONS).toEqual(["uniform", "zipfian"]);
  });

  test.each(DISTRIBUTIONS)("%s: records stay in [0, records) and the same seed replays them", (distribution) => {
    const draw = () => {
      const choose = keyChooser(distribution, 500);
      const random = seededRandom(2);
      return Array.from({ length: 20_000 }, () => choose(random));
    };
    const values = draw();
    expect(values).toEqual(draw());
    expect(values.filter((value) => !Number.isInteger(value) || value < 0 || value >= 500)).toEqual([]);
  });

  test("uniform: no record is drawn much more often than 1/records", () => {
    const p = frequencies(keyChooser("uniform", 100), 100, 200_000, 6);
    expect(Math.max(...p)).toBeLessThan(0.0115);
    expect(Math.min(...p)).toBeGreaterThan(0.0085);
  });

  test("zipfian: the hottest record is drawn far more often than under uniform", () => {
    const p = frequencies(keyChooser("zipfian", 100), 100, 200_000, 6);
    expect(Math.max(...p)).toBeGreaterThan(0.03);
  });

  test("rejects an unknown distribution", () => {
    expect(() => keyChooser("latest" as never, 10)).toThrow("unknown distribution latest");
  });
});
