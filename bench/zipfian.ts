/**
 * Key choosers as YCSB's CoreWorkload builds them: `uniform`, and `zipfian`, which is YCSB's
 * ScrambledZipfianGenerator (a Zipfian over a huge item space with theta 0.99, hashed with
 * FNV-1a 64 onto the records, so the popular keys are spread over the key space rather than
 * being the first ones).
 * @see https://github.com/brianfrankcooper/YCSB/blob/master/core/src/main/java/site/ycsb/generator/ZipfianGenerator.java
 * @see https://github.com/brianfrankcooper/YCSB/blob/master/core/src/main/java/site/ycsb/generator/ScrambledZipfianGenerator.java
 */

import { type Random, randomInt } from "./random";

export type Distribution = "uniform" | "zipfian";
export const DISTRIBUTIONS: readonly Distribution[] = ["uniform", "zipfian"];

/** Chooses a record number in [0, records). */
export type KeyChooser = (random: Random) => number;

/** YCSB's ZIPFIAN_CONSTANT. */
export const ZIPFIAN_THETA = 0.99;
/** ScrambledZipfianGenerator's item space and its precomputed zeta for theta 0.99. */
const SCRAMBLED_ITEMS = 10_000_000_000;
const SCRAMBLED_ZETAN = 26.46902820178302;

/** ζ(n, θ) = Σ_{i=1..n} 1/i^θ. */
export function zeta(n: number, theta: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / i ** theta;
  return sum;
}

/**
 * YCSB's ZipfianGenerator over [min, max] (Gray et al., "Quickly generating billion-record
 * synthetic databases"): item min is the most popular. `zetan` may be given when known, since
 * computing it costs O(items).
 */
export function zipfian(min: number, max: number, theta = ZIPFIAN_THETA, zetan?: number): KeyChooser {
  const items = max - min + 1;
  const zetaN = zetan ?? zeta(items, theta);
  const alpha = 1 / (1 - theta);
  const eta = (1 - (2 / items) ** (1 - theta)) / (1 - zeta(2, theta) / zetaN);
  const second = 1 + 0.5 ** theta;
  return (random) => {
    const u = random();
    const uz = u * zetaN;
    if (uz < 1) return min;
    if (uz < second) return min + 1;
    return min + Math.floor(items * (eta * u - eta + 1) ** alpha);
  };
}

const FNV_OFFSET_BASIS_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 1099511628211n;

/** YCSB's Utils.fnvhash64: FNV over the 8 bytes of a long, as a non-negative long. */
export function fnvhash64(value: number): bigint {
  let val = BigInt(value);
  let hash = BigInt.asIntN(64, FNV_OFFSET_BASIS_64);
  for (let i = 0; i < 8; i++) {
    const octet = val & 0xffn;
    val >>= 8n;
    hash = BigInt.asIntN(64, (hash ^ octet) * FNV_PRIME_64);
  }
  return hash < 0n ? -hash : hash;
}

/** YCSB's ScrambledZipfianGenerator over [0, records). */
export function scrambledZipfian(records: number): KeyChooser {
  const inner = zipfian(0, SCRAMBLED_ITEMS, ZIPFIAN_THETA, SCRAMBLED_ZETAN);
  const count = BigInt(records);
  return (random) => Number(fnvhash64(inner(random)) % count);
}

export function keyChooser(distribution: Distribution, records: number): KeyChooser {
  switch (distribution) {
    case "uniform":
      return (random) => randomInt(random, records);
    case "zipfian":
      return scrambledZipfian(records);
    default:
      throw new Error(`unknown distribution ${distribution satisfies never}`);
  }
}
