/**
 * Delivers changes to the partitions of a map through their leaders' `applyRemote`: another
 * region's copy of a global table (replication/ship-changes.ts) or a global secondary index's
 * entries (index-feeder.ts). Each change goes to the partition its hash falls in; a partition
 * that refuses the route as stale makes the caller's map be read again and everything be sent
 * again (applying a change twice is harmless: last writer wins).
 */

import type { ReplicaCaller } from "../link/link";
import { type Partition, type PartitionMap, partitionFor } from "../metadata/partition-map";
import { callLeader } from "./group-client";
import { type RemoteChange, WRONG_PARTITION } from "./protocol";

/** Attempts with a map read again after a "wrong partition" refusal. */
const ATTEMPTS = 3;

/** A delivery a partition refused: the refusal's type (THROTTLED: the partition is over its limit). */
export class DeliveryRefused extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

/**
 * Delivers `changes` (with their partition hashes) to the partitions of the map `mapOf` reads
 * (`fresh`: read it again, the last one was stale). Throws on failure, naming `what`.
 */
export async function deliverChanges(
  link: ReplicaCaller,
  mapOf: (fresh: boolean) => Promise<PartitionMap>,
  changes: { h: string; change: RemoteChange }[],
  what: string,
): Promise<void> {
  if (changes.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    const map = await mapOf(attempt > 1);
    const byPartition = new Map<Partition, RemoteChange[]>();
    for (const { h, change } of changes) {
      const partition = partitionFor(map, h);
      const batch = byPartition.get(partition);
      if (batch) batch.push(change);
      else byPartition.set(partition, [change]);
    }
    const route = { tableId: map.tableId, mapVersion: map.version };
    const replies = await Promise.all(
      [...byPartition].map(([partition, batch]) =>
        callLeader(link, partition, "applyRemote", [{ route, changes: batch }], true),
      ),
    );
    const failed = replies.find((reply) => !reply.ok);
    if (!failed || failed.ok) return;
    if (failed.error.type !== WRONG_PARTITION || attempt >= ATTEMPTS) {
      throw new DeliveryRefused(`${what} failed: ${failed.error.message}`, failed.error.type);
    }
  }
}
