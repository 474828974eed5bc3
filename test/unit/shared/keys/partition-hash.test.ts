import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeKeyValue, hexToBytes } from "../../../../shared/keys/key-encoding";
import { MAX_PARTITION_HASH, MIN_PARTITION_HASH, partitionHash } from "../../../../shared/keys/partition-hash";

describe("partitionHash", () => {
  // Known answers from the reference xxHash library (libxxhash 0.8.1, XXH64, seed 0).
  // These pin where data lives: a failure here means stored data would move.
  it.each([
    ["", "ef46db3751d8e999"],
    ["61", "d24ec4f1a98c6e5b"],
    ["616263", "44bc2cf5ad770999"],
    ["706b", "dcc6cf5da964582e"],
    ["757365722331", "171c6df4ba3df95e"],
    ["000102", "e5c7bb4533bc65dd"],
    ["00010203040506", "14cc643f630c72d2"],
    ["0001020304050607", "884a173614b81b8d"],
    ["000102030405060708090a0b", "424af23f1f08dca5"],
    ["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e", "c346d2b59b4d8ee1"],
    ["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "cbf59c5116ff32b4"],
    ["000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", "0c535d1acafb8ead"],
    [
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
      "f7c67301db6713f0",
    ],
    [
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263",
      "6ac1e58032166597",
    ],
    ["68c3a96c6c6f2077c3b6726c64", "60041bfec530413c"],
    ["ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "2ac0faf0a65b2936"],
  ])("partitionHash: XXH64 of %s is %s", (hex, expected) => {
    expect(partitionHash(hexToBytes(hex))).toBe(expected);
  });

  it("partitionHash: pins the hash of encoded key values of every type", () => {
    expect(partitionHash(encodeKeyValue({ S: "pk" }))).toBe("dcc6cf5da964582e");
    expect(partitionHash(encodeKeyValue({ S: "user#1" }))).toBe("171c6df4ba3df95e");
    expect(partitionHash(encodeKeyValue({ B: "AAEC" }))).toBe("e5c7bb4533bc65dd");
  });

  it("partitionHash: is 16 lowercase hex digits within [MIN, MAX]", () => {
    for (let i = 0; i < 1000; i++) {
      const hash = partitionHash(encodeKeyValue({ N: String(i) }));
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(hash >= MIN_PARTITION_HASH && hash <= MAX_PARTITION_HASH).toBe(true);
    }
  });

  it.each([
    ["S", (i: number) => ({ S: `user#${i}` })],
    ["N", (i: number) => ({ N: String(i) })],
    ["B", (i: number) => ({ B: btoa(String.fromCharCode(i >> 8, i & 255)) })],
  ] as const)("partitionHash: spreads 10,000 sequential %s keys over 4 equal ranges within 10%%", (_type, key) => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const top = Number.parseInt(partitionHash(encodeKeyValue(key(i))).slice(0, 1), 16);
      counts[top >> 2]++;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(2250);
      expect(count).toBeLessThanOrEqual(2750);
    }
  });
});

/** XXH64 (seed 0) on BigInts, straight from the spec: the reference the 32-bit version must match. */
function referenceXxh64(bytes: Uint8Array): string {
  const MASK = (1n << 64n) - 1n;
  const [P1, P2, P3, P4, P5] = [
    0x9e3779b185ebca87n,
    0xc2b2ae3d27d4eb4fn,
    0x165667b19e3779f9n,
    0x85ebca77c2b2ae63n,
    0x27d4eb2f165667c5n,
  ];
  const mul = (a: bigint, b: bigint) => (a * b) & MASK;
  const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;
  const round = (acc: bigint, lane: bigint) => mul(rotl((acc + mul(lane, P2)) & MASK, 31n), P1);
  const merge = (acc: bigint, v: bigint) => ((((acc ^ round(0n, v)) * P1) & MASK) + P4) & MASK;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let at = 0;
  let acc: bigint;
  if (n >= 32) {
    const v = [(P1 + P2) & MASK, P2, 0n, (MASK + 1n - P1) & MASK];
    for (; at + 32 <= n; at += 32) for (let i = 0; i < 4; i++) v[i] = round(v[i], view.getBigUint64(at + 8 * i, true));
    acc = (rotl(v[0], 1n) + rotl(v[1], 7n) + rotl(v[2], 12n) + rotl(v[3], 18n)) & MASK;
    for (const x of v) acc = merge(acc, x);
  } else {
    acc = P5;
  }
  acc = (acc + BigInt(n)) & MASK;
  for (; at + 8 <= n; at += 8) acc = (mul(rotl(acc ^ round(0n, view.getBigUint64(at, true)), 27n), P1) + P4) & MASK;
  if (at + 4 <= n) {
    acc = (mul(rotl(acc ^ mul(BigInt(view.getUint32(at, true)), P1), 23n), P2) + P3) & MASK;
    at += 4;
  }
  for (; at < n; at++) acc = mul(rotl(acc ^ mul(BigInt(bytes[at]), P5), 11n), P1);
  acc = mul(acc ^ (acc >> 33n), P2);
  acc = mul(acc ^ (acc >> 29n), P3);
  return (acc ^ (acc >> 32n)).toString(16).padStart(16, "0");
}

describe("partitionHash against a BigInt XXH64", () => {
  it("partitionHash: equals the BigInt reference on random byte strings of every length up to 200", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(partitionHash(bytes)).toBe(referenceXxh64(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("partitionHash: equals the reference on all-ones bytes, where every carry propagates", () => {
    for (let n = 0; n <= 96; n++) {
      const bytes = new Uint8Array(n).fill(0xff);
      expect(partitionHash(bytes)).toBe(referenceXxh64(bytes));
    }
  });
});
