/**
 * A table's partition map: ordered, disjoint ranges of the 64-bit partition hash space, each
 * served by a replication group. Hashes are 16-digit lowercase hex strings, so string order is
 * numeric order. Ranges are inclusive at both ends and together cover the whole space.
 *
 * The map is versioned. Routers cache it; a replica refuses a request routed with a map older
 * than its own, or for a hash outside its range, and the router refreshes and retries.
 */
import type { ReplicaRef, SplitReason } from "../replica/protocol";
import type { Region } from "../topology";

export interface Partition {
  id: string;
  /** First hash of the range, inclusive. */
  low: string;
  /** Last hash of the range, inclusive. */
  high: string;
  /**
   * The replication group, one replica per zone. The first is where routers look for the
   * leader until they learn better; leadership itself lives in the group (workers/replica).
   */
  replicas: ReplicaRef[];
  /** A split in progress (../metadata/splits.ts): where, why, since when, and the children it makes. */
  splitting?: { point: string; reason: SplitReason; since: number; children: Partition[] };
  /**
   * A split's child: its parent's id and members' names (log replicas included), and the lsn of
   * the parent's split record (workers/replica/split.ts).
   */
  parent?: { id: string; members: string[]; lsn: number };
}

/** A finished split, as the map's history keeps it. */
export interface SplitEvent {
  parent: string;
  children: string[];
  /** The first hash of the upper child. */
  point: string;
  reason: SplitReason;
  /** When it was asked for and when the new map was published (epoch ms). */
  since: number;
  at: number;
  /** The lsn of the parent's split record. */
  lsn: number;
}

export interface PartitionMap {
  tableId: string;
  version: number;
  partitions: Partition[];
  /** The splits made so far, oldest first (at most SPLIT_HISTORY). */
  splits?: SplitEvent[];
  /** Split parents whose replicas are dropped once every child has a leader. */
  retired?: { partition: Partition; lsn: number; children: string[] }[];
  /** The number the next new partition's id takes (`p<n>`); absent: the count of partitions. */
  nextPartition?: number;
}

export const HASH_MIN = "0000000000000000";
export const HASH_MAX = "ffffffffffffffff";

const hex = (n: bigint) => n.toString(16).padStart(16, "0");

/**
 * Splits the hash space into `count` equal ranges, each served by `replicas` replicas in
 * distinct zones of the region (3: a replication group; 1: a single replica).
 */
export function initialPartitionMap(tableId: string, region: Region, count: number, replicas = 1): PartitionMap {
  const space = 1n << 64n;
  const partitions: Partition[] = [];
  for (let i = 0; i < count; i++) {
    const low = (space * BigInt(i)) / BigInt(count);
    const high = (space * BigInt(i + 1)) / BigInt(count) - 1n;
    const id = `p${i}`;
    const zones = region.zones.slice(0, Math.max(1, Math.min(replicas, region.zones.length)));
    partitions.push({
      id,
      low: hex(low),
      high: hex(high),
      replicas: zones.map((zone) => ({
        name: `${tableId}/${id}/${region.name}/${zone.name}`,
        zone: zone.name,
        locationHint: zone.locationHint,
      })),
    });
  }
  return { tableId, version: 1, partitions };
}

/**
 * Every replica `map` has placed: its partitions' groups, the children of splits in progress and
 * the split parents not yet dropped (what deleting the table drops).
 */
export function placedReplicas(map: PartitionMap): ReplicaRef[] {
  return [
    ...map.partitions.flatMap((p) => [...p.replicas, ...(p.splitting?.children.flatMap((c) => c.replicas) ?? [])]),
    ...(map.retired ?? []).flatMap((r) => r.partition.replicas),
  ];
}

/** The partition whose range holds `hash`. Ranges cover the space, so there always is one. */
export function partitionFor(map: PartitionMap, hash: string): Partition {
  let lo = 0;
  let hi = map.partitions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.partitions[mid].low <= hash) lo = mid;
    else hi = mid - 1;
  }
  return map.partitions[lo];
}

/** The hash range of segment `segment` of `total` in a parallel scan. */
export function segmentRange(segment: number, total: number): { low: string; high: string } {
  const space = 1n << 64n;
  return {
    low: hex((space * BigInt(segment)) / BigInt(total)),
    high: hex((space * BigInt(segment + 1)) / BigInt(total) - 1n),
  };
}
