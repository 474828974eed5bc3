import { describe, expect, test } from "vitest";
import { configuredQuorum } from "../../../../workers/metadata/activation";
import { HASH_MAX, HASH_MIN, type PartitionMap } from "../../../../workers/metadata/partition-map";
import type { ReplicaRef } from "../../../../workers/replica/protocol";

const ref = (name: string): ReplicaRef => ({ name, zone: "us-east-1a", locationHint: "enam" });

/** A map of partitions p0, p1, … with groups of the given sizes. */
function mapOf(...sizes: number[]): PartitionMap {
  return {
    tableId: "t",
    version: 1,
    partitions: sizes.map((size, i) => ({
      id: `p${i}`,
      low: HASH_MIN,
      high: HASH_MAX,
      replicas: Array.from({ length: size }, (_, m) => ref(`p${i}/m${m}`)),
    })),
  };
}

/** `missed[i]`: how many members of partition i did not take the configuration. */
const missedOf = (map: PartitionMap, missed: number[]) =>
  new Map(
    map.partitions.map((p, i) => [p.id, p.replicas.slice(0, missed[i] ?? 0)] as const).filter(([, m]) => m.length > 0),
  );

describe("configuredQuorum", () => {
  test.each([
    { sizes: [3], missed: [0], quorum: true },
    { sizes: [3], missed: [1], quorum: true },
    { sizes: [3], missed: [2], quorum: false },
    { sizes: [3], missed: [3], quorum: false },
    { sizes: [1], missed: [0], quorum: true },
    { sizes: [1], missed: [1], quorum: false },
    { sizes: [3, 3, 3], missed: [1, 1, 1], quorum: true },
    { sizes: [3, 3, 3], missed: [1, 2, 0], quorum: false },
    { sizes: [5], missed: [2], quorum: true },
    { sizes: [5], missed: [3], quorum: false },
  ])("groups of $sizes with $missed members unconfigured: quorum $quorum", ({ sizes, missed, quorum }) => {
    const map = mapOf(...sizes);
    expect(configuredQuorum(map, missedOf(map, missed))).toBe(quorum);
  });
});
