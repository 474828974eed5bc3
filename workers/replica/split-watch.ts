/**
 * When a partition's leader asks autoadmin to split it (split.ts, workers/metadata/splits.ts):
 * once its items pass SPLIT_SIZE_BYTES, checked after each write it commits. It names the point,
 * the median of its items by size; a partition whose items share one hash (one item collection)
 * has none and never splits. It asks at most once per ASK_EVERY_MS, until the split is under way.
 */
import type { Clock } from "../clock";
import type { ReplicaConfig, ReplicaStats, SplitReport } from "./protocol";

/** How long a leader waits before asking again for a split it asked for. */
export const ASK_EVERY_MS = 5000;

export interface SplitWatchHost {
  readonly clock: Clock;
  /** Bytes past which a partition splits. */
  readonly sizeBytes: number;
  config(): ReplicaConfig | undefined;
  stats(): ReplicaStats;
  /** Whether a split sealed the partition. */
  sealed(): boolean;
  /** The first hash of the upper half of [low, high] by size, if the items there have two hashes or more. */
  medianHash(low: string, high: string): string | undefined;
  /** Sends the request to the region's metadata object. */
  ask(report: SplitReport): void;
}

export class SplitWatch {
  private askedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly host: SplitWatchHost) {}

  /** After a write this member committed as leader: asks for a split when the partition is too big. */
  wrote(): void {
    const { host } = this;
    if (host.stats().sizeBytes <= host.sizeBytes) return;
    const now = host.clock.now();
    if (now - this.askedAt < ASK_EVERY_MS) return;
    this.askedAt = now;
    const config = host.config();
    // A split under way (its learners configured) or done needs no asking; a stream's shards do
    // not split yet (split.ts refuses them).
    if (!config?.region || config.learners || config.stream || host.sealed()) return;
    const point = host.medianHash(config.low, config.high);
    if (point === undefined) return;
    host.ask({ mapId: config.tableId, partitionId: config.partitionId, point, reason: "size" });
  }
}
