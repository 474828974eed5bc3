/**
 * The partition hash: XXH64 (xxHash, 64-bit, seed 0) of the encoded partition
 * key, as 16 lowercase hex digits, so string order equals numeric order and
 * partition maps can hold ranges of plain strings.
 *
 * It decides where data lives, so it may never change once data exists: the
 * known-answer tests pin it to the reference implementation.
 * @see https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md
 */

const MASK = (1n << 64n) - 1n;
const PRIME1 = 0x9e3779b185ebca87n;
const PRIME2 = 0xc2b2ae3d27d4eb4fn;
const PRIME3 = 0x165667b19e3779f9n;
const PRIME4 = 0x85ebca77c2b2ae63n;
const PRIME5 = 0x27d4eb2f165667c5n;

const mul = (a: bigint, b: bigint) => (a * b) & MASK;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;

function round(acc: bigint, lane: bigint): bigint {
  return mul(rotl((acc + mul(lane, PRIME2)) & MASK, 31n), PRIME1);
}

function mergeRound(acc: bigint, value: bigint): bigint {
  return ((((acc ^ round(0n, value)) * PRIME1) & MASK) + PRIME4) & MASK;
}

function read32(bytes: Uint8Array, at: number): bigint {
  return BigInt((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0);
}

function read64(bytes: Uint8Array, at: number): bigint {
  return read32(bytes, at) | (read32(bytes, at + 4) << 32n);
}

/** XXH64 of `bytes` with `seed`, as an unsigned 64-bit bigint. */
export function xxh64(bytes: Uint8Array, seed = 0n): bigint {
  const length = bytes.length;
  let at = 0;
  let acc: bigint;
  if (length >= 32) {
    let v1 = (seed + PRIME1 + PRIME2) & MASK;
    let v2 = (seed + PRIME2) & MASK;
    let v3 = seed & MASK;
    let v4 = (seed - PRIME1) & MASK;
    for (; at + 32 <= length; at += 32) {
      v1 = round(v1, read64(bytes, at));
      v2 = round(v2, read64(bytes, at + 8));
      v3 = round(v3, read64(bytes, at + 16));
      v4 = round(v4, read64(bytes, at + 24));
    }
    acc = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    acc = mergeRound(acc, v1);
    acc = mergeRound(acc, v2);
    acc = mergeRound(acc, v3);
    acc = mergeRound(acc, v4);
  } else {
    acc = (seed + PRIME5) & MASK;
  }
  acc = (acc + BigInt(length)) & MASK;
  for (; at + 8 <= length; at += 8) {
    acc = (mul(rotl(acc ^ round(0n, read64(bytes, at)), 27n), PRIME1) + PRIME4) & MASK;
  }
  if (at + 4 <= length) {
    acc = (mul(rotl(acc ^ mul(read32(bytes, at), PRIME1), 23n), PRIME2) + PRIME3) & MASK;
    at += 4;
  }
  for (; at < length; at++) {
    acc = mul(rotl(acc ^ mul(BigInt(bytes[at]), PRIME5), 11n), PRIME1);
  }
  acc = mul(acc ^ (acc >> 33n), PRIME2);
  acc = mul(acc ^ (acc >> 29n), PRIME3);
  return acc ^ (acc >> 32n);
}

/** The partition hash of an encoded partition key: 16 lowercase hex digits. */
export function partitionHash(encodedPk: Uint8Array): string {
  return xxh64(encodedPk).toString(16).padStart(16, "0");
}

/** The smallest and largest partition hashes: a partition map's ranges cover [MIN, MAX]. */
export const MIN_PARTITION_HASH = "0000000000000000";
export const MAX_PARTITION_HASH = "ffffffffffffffff";
