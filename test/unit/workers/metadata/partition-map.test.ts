import { describe, expect, test } from "vitest";
import {
  HASH_MAX,
  HASH_MIN,
  initialPartitionMap,
  type PartitionMap,
  partitionFor,
  segmentRange,
} from "../../../../workers/metadata/partition-map";
import type { Region } from "../../../../workers/topology";

const REGION: Region = {
  name: "us-east-1",
  zones: [
    { name: "us-east-1a", locationHint: "enam" },
    { name: "us-east-1b", locationHint: "wnam" },
    { name: "us-east-1c", locationHint: "enam" },
  ],
};

const hex = (n: bigint) => n.toString(16).padStart(16, "0");
const big = (h: string) => BigInt(`0x${h}`);
const COUNTS = Array.from({ length: 16 }, (_, i) => i + 1);

/** A deterministic stream of 64-bit hashes (xorshift64). */
function hashes(count: number, seed = 0x9e3779b97f4a7c15n): string[] {
  const mask = (1n << 64n) - 1n;
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    out.push(hex(x));
  }
  return out;
}

/** The partition holding `hash`, by linear search: the reference partitionFor must agree with. */
const holder = (map: PartitionMap, hash: string) => map.partitions.find((p) => p.low <= hash && hash <= p.high);

describe("initialPartitionMap", () => {
  test.each(COUNTS)(
    "initialPartitionMap with %i partitions covers the hash space with no gaps or overlaps",
    (count) => {
      const map = initialPartitionMap("tid", REGION, count);
      expect(map.partitions).toHaveLength(count);
      expect(map.partitions[0].low).toBe(HASH_MIN);
      expect(map.partitions[count - 1].high).toBe(HASH_MAX);
      for (const [i, p] of map.partitions.entries()) {
        expect(p.low).toMatch(/^[0-9a-f]{16}$/);
        expect(p.high).toMatch(/^[0-9a-f]{16}$/);
        expect(big(p.low) <= big(p.high)).toBe(true);
        if (i > 0) expect(big(p.low)).toBe(big(map.partitions[i - 1].high) + 1n);
      }
    },
  );

  test.each(COUNTS)("initialPartitionMap with %i partitions makes ranges within one hash of equal", (count) => {
    const sizes = initialPartitionMap("tid", REGION, count).partitions.map((p) => big(p.high) - big(p.low) + 1n);
    const total = sizes.reduce((a, b) => a + b, 0n);
    expect(total).toBe(1n << 64n);
    const base = (1n << 64n) / BigInt(count);
    for (const size of sizes) expect(size === base || size === base + 1n).toBe(true);
  });

  test("initialPartitionMap starts at version 1 with distinct ids and one replica per partition in the first zone", () => {
    const map = initialPartitionMap("table-id", REGION, 4);
    expect(map.tableId).toBe("table-id");
    expect(map.version).toBe(1);
    expect(new Set(map.partitions.map((p) => p.id)).size).toBe(4);
    for (const p of map.partitions) {
      expect(p.replicas).toEqual([
        { name: `table-id/${p.id}/us-east-1/us-east-1a`, zone: "us-east-1a", locationHint: "enam" },
      ]);
    }
  });

  test("initialPartitionMap names replicas after the table id, so incarnations never share a replica", () => {
    const a = initialPartitionMap("id-a", REGION, 4).partitions.flatMap((p) => p.replicas.map((r) => r.name));
    const b = initialPartitionMap("id-b", REGION, 4).partitions.flatMap((p) => p.replicas.map((r) => r.name));
    expect(a.filter((name) => b.includes(name))).toEqual([]);
  });
});

describe("partitionFor", () => {
  test.each(COUNTS)("partitionFor agrees with a linear search at every boundary of %i partitions", (count) => {
    const map = initialPartitionMap("tid", REGION, count);
    for (const p of map.partitions) {
      const around = [big(p.low) - 1n, big(p.low), big(p.low) + 1n, big(p.high) - 1n, big(p.high), big(p.high) + 1n];
      for (const n of around) {
        if (n < 0n || n >= 1n << 64n) continue;
        expect(partitionFor(map, hex(n))).toBe(holder(map, hex(n)));
      }
    }
  });

  test.each(COUNTS)("partitionFor agrees with a linear search on 500 random hashes over %i partitions", (count) => {
    const map = initialPartitionMap("tid", REGION, count);
    for (const h of hashes(500, BigInt(count) * 0x1234567n + 1n)) {
      const p = partitionFor(map, h);
      expect(p).toBe(holder(map, h));
      expect(p.low <= h && h <= p.high).toBe(true);
    }
  });

  test.each([
    { hash: HASH_MIN, id: "p0" },
    { hash: "3fffffffffffffff", id: "p0" },
    { hash: "4000000000000000", id: "p1" },
    { hash: "7fffffffffffffff", id: "p1" },
    { hash: "8000000000000000", id: "p2" },
    { hash: "bfffffffffffffff", id: "p2" },
    { hash: "c000000000000000", id: "p3" },
    { hash: HASH_MAX, id: "p3" },
  ])("partitionFor($hash) in four partitions is $id", ({ hash, id }) => {
    expect(partitionFor(initialPartitionMap("tid", REGION, 4), hash).id).toBe(id);
  });
});

describe("segmentRange", () => {
  test.each(COUNTS)("segmentRange splits the hash space into %i contiguous segments", (total) => {
    const segments = Array.from({ length: total }, (_, s) => segmentRange(s, total));
    expect(segments[0].low).toBe(HASH_MIN);
    expect(segments[total - 1].high).toBe(HASH_MAX);
    for (let s = 1; s < total; s++) expect(big(segments[s].low)).toBe(big(segments[s - 1].high) + 1n);
  });

  test.each(COUNTS)("segment i of %i is exactly partition i of a map with as many partitions", (count) => {
    const map = initialPartitionMap("tid", REGION, count);
    for (let s = 0; s < count; s++) {
      const segment = segmentRange(s, count);
      expect(segment).toEqual({ low: map.partitions[s].low, high: map.partitions[s].high });
    }
  });
});
