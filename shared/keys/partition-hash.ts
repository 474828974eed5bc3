/**
 * The partition hash: XXH64 (xxHash, 64-bit, seed 0) of the encoded partition
 * key, as 16 lowercase hex digits, so string order equals numeric order and
 * partition maps can hold ranges of plain strings.
 *
 * It decides where data lives, so it may never change once data exists: the
 * known-answer tests pin it to the reference implementation.
 *
 * Every request hashes its key (the router to route it, the replica to check it), so the
 * 64-bit arithmetic runs on pairs of unsigned 32-bit halves in two module registers rather
 * than on BigInts, which allocate at every operation.
 * @see https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md
 */

// The primes as [high, low] 32-bit halves.
const P1H = 0x9e3779b1;
const P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d;
const P2L = 0x27d4eb4f;
const P3H = 0x165667b1;
const P3L = 0x9e3779f9;
const P4H = 0x85ebca77;
const P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f;
const P5L = 0x165667c5;

/** The result of the last operation: high and low halves, unsigned. */
let H = 0;
let L = 0;

/** (H, L) = a × b mod 2^64, on 16-bit limbs so every partial product is exact. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a48 = ah >>> 16;
  const a32 = ah & 0xffff;
  const a16 = al >>> 16;
  const a00 = al & 0xffff;
  const b48 = bh >>> 16;
  const b32 = bh & 0xffff;
  const b16 = bl >>> 16;
  const b00 = bl & 0xffff;
  let c00 = a00 * b00;
  let c16 = c00 >>> 16;
  c00 &= 0xffff;
  c16 += a16 * b00;
  let c32 = c16 >>> 16;
  c16 &= 0xffff;
  c16 += a00 * b16;
  c32 += c16 >>> 16;
  c16 &= 0xffff;
  c32 += a32 * b00;
  let c48 = c32 >>> 16;
  c32 &= 0xffff;
  c32 += a16 * b16;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c32 += a00 * b32;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
  c48 &= 0xffff;
  H = ((c48 << 16) | c32) >>> 0;
  L = ((c16 << 16) | c00) >>> 0;
}

/** (H, L) = a + b mod 2^64. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const low = al + bl;
  L = low >>> 0;
  H = (ah + bh + (low > 0xffffffff ? 1 : 0)) >>> 0;
}

/** (H, L) = a rotated left by r bits, 0 < r < 32. */
function rotl(ah: number, al: number, r: number): void {
  H = ((ah << r) | (al >>> (32 - r))) >>> 0;
  L = ((al << r) | (ah >>> (32 - r))) >>> 0;
}

/** (H, L) = XXH64's round: rotl(acc + lane × P2, 31) × P1. */
function round(acch: number, accl: number, laneh: number, lanel: number): void {
  mul(laneh, lanel, P2H, P2L);
  add(acch, accl, H, L);
  rotl(H, L, 31);
  mul(H, L, P1H, P1L);
}

function read32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** (H, L) = acc merged with one accumulator: (acc ^ round(0, v)) × P1 + P4. */
function mergeRound(acch: number, accl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((acch ^ H) >>> 0, (accl ^ L) >>> 0, P1H, P1L);
  add(H, L, P4H, P4L);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Eight lowercase hex digits of an unsigned 32-bit number. */
function hex8(n: number): string {
  return HEX[n >>> 24] + HEX[(n >>> 16) & 0xff] + HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];
}

/** XXH64 of `bytes` with seed 0, as 16 lowercase hex digits. */
export function xxh64Hex(bytes: Uint8Array): string {
  const length = bytes.length;
  let at = 0;
  let ah: number;
  let al: number;
  if (length >= 32) {
    // v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1 (mod 2^64).
    add(P1H, P1L, P2H, P2L);
    let v1h = H;
    let v1l = L;
    let v2h = P2H;
    let v2l = P2L;
    let v3h = 0;
    let v3l = 0;
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1);
    let v4h = H;
    let v4l = L;
    for (; at + 32 <= length; at += 32) {
      round(v1h, v1l, read32(bytes, at + 4), read32(bytes, at));
      v1h = H;
      v1l = L;
      round(v2h, v2l, read32(bytes, at + 12), read32(bytes, at + 8));
      v2h = H;
      v2l = L;
      round(v3h, v3l, read32(bytes, at + 20), read32(bytes, at + 16));
      v3h = H;
      v3l = L;
      round(v4h, v4l, read32(bytes, at + 28), read32(bytes, at + 24));
      v4h = H;
      v4l = L;
    }
    rotl(v1h, v1l, 1);
    ah = H;
    al = L;
    rotl(v2h, v2l, 7);
    add(ah, al, H, L);
    ah = H;
    al = L;
    rotl(v3h, v3l, 12);
    add(ah, al, H, L);
    ah = H;
    al = L;
    rotl(v4h, v4l, 18);
    add(ah, al, H, L);
    mergeRound(H, L, v1h, v1l);
    mergeRound(H, L, v2h, v2l);
    mergeRound(H, L, v3h, v3l);
    mergeRound(H, L, v4h, v4l);
    ah = H;
    al = L;
  } else {
    ah = P5H;
    al = P5L;
  }
  add(ah, al, 0, length);
  ah = H;
  al = L;
  for (; at + 8 <= length; at += 8) {
    round(0, 0, read32(bytes, at + 4), read32(bytes, at));
    rotl((ah ^ H) >>> 0, (al ^ L) >>> 0, 27);
    mul(H, L, P1H, P1L);
    add(H, L, P4H, P4L);
    ah = H;
    al = L;
  }
  if (at + 4 <= length) {
    mul(0, read32(bytes, at), P1H, P1L);
    rotl((ah ^ H) >>> 0, (al ^ L) >>> 0, 23);
    mul(H, L, P2H, P2L);
    add(H, L, P3H, P3L);
    ah = H;
    al = L;
    at += 4;
  }
  for (; at < length; at++) {
    mul(0, bytes[at], P5H, P5L);
    rotl((ah ^ H) >>> 0, (al ^ L) >>> 0, 11);
    mul(H, L, P1H, P1L);
    ah = H;
    al = L;
  }
  // Avalanche: acc ^= acc >> 33; acc *= P2; acc ^= acc >> 29; acc *= P3; acc ^= acc >> 32.
  mul(ah, (al ^ (ah >>> 1)) >>> 0, P2H, P2L);
  mul((H ^ (H >>> 29)) >>> 0, (L ^ ((L >>> 29) | (H << 3))) >>> 0, P3H, P3L);
  return hex8(H) + hex8((L ^ H) >>> 0);
}

/** The partition hash of an encoded partition key: 16 lowercase hex digits. */
export function partitionHash(encodedPk: Uint8Array): string {
  return xxh64Hex(encodedPk);
}

/** The smallest and largest partition hashes: a partition map's ranges cover [MIN, MAX]. */
export const MIN_PARTITION_HASH = "0000000000000000";
export const MAX_PARTITION_HASH = "ffffffffffffffff";

/** The hash before `hash` (16 lowercase hex digits, above 0000000000000000). */
export function previousHash(hash: string): string {
  return (BigInt(`0x${hash}`) - 1n).toString(16).padStart(16, "0");
}

/** The hash after `hash` (16 lowercase hex digits, below ffffffffffffffff). */
export function nextHash(hash: string): string {
  return (BigInt(`0x${hash}`) + 1n).toString(16).padStart(16, "0");
}
