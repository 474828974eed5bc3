/**
 * When a partition's leader asks autoadmin to split it (split.ts, workers/metadata/splits.ts),
 * checked after the requests it serves:
 * - **size**: its items pass SPLIT_SIZE_BYTES; the point is the median of its items by size;
 * - **heat**: the units it charged stayed at SPLIT_HEAT_PERCENT of the partition's limit or more
 *   for each of the last SPLIT_HEAT_SECONDS seconds (reads or writes); the point is the median of
 *   the recent load by key hash (admission.ts).
 * A partition whose items are one hash (one item collection), or whose load is mostly one hash
 * (one hot key), has no point and does not split: it throttles. A leader asks at most once per ASK_EVERY_MS, until the
 * split is under way.
 */
import type { Clock } from "../clock";
import type { Operation } from "./admission";
import type { ReplicaConfig, ReplicaStats, SplitReport } from "./protocol";

/** How long a leader waits before asking again for a split it asked for. */
export const ASK_EVERY_MS = 5000;

export interface SplitWatchHost {
  readonly clock: Clock;
  /** Bytes past which a partition splits. */
  readonly sizeBytes: number;
  /** The share of the partition's limit (0 to 1) and the seconds that make it hot. */
  readonly heat: { share: number; seconds: number };
  /** The partition's limits, units per second. */
  readonly limits: { readUnits: number; writeUnits: number };
  config(): ReplicaConfig | undefined;
  stats(): ReplicaStats;
  /** Whether a split sealed the partition. */
  sealed(): boolean;
  /** The first hash of the upper half of [low, high] by size, if the items there have two hashes or more. */
  medianHash(low: string, high: string): string | undefined;
  /** The units charged per second over the last `seconds`, oldest first. */
  recent(seconds: number): Record<Operation, number[]>;
  /** The recent load of `operation` by key hash. */
  loadByHash(operation: Operation): Map<string, number>;
  /** Sends the request to the region's metadata object. */
  ask(report: SplitReport): void;
}

export class SplitWatch {
  private askedAt = Number.NEGATIVE_INFINITY;
  private heatCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly host: SplitWatchHost) {}

  /** After a request this member served as leader: asks for a split when the partition is too big or too hot. */
  served(): void {
    const { host } = this;
    const now = host.clock.now();
    const big = host.stats().sizeBytes > host.sizeBytes;
    // Heat moves by the second: checked at most once a second.
    if (!big && now - this.heatCheckedAt < 1000) return;
    if (now - this.askedAt < ASK_EVERY_MS) return;
    this.heatCheckedAt = now;
    const config = host.config();
    // A split under way (its learners configured) or done needs no asking.
    if (!config?.region || config.learners || host.sealed()) return;
    const hot = big ? undefined : this.hotOperation();
    if (!big && !hot) return;
    this.askedAt = now;
    const point = hot
      ? loadMedian(host.loadByHash(hot), config.low, config.high)
      : host.medianHash(config.low, config.high);
    if (point === undefined) return;
    host.ask({ mapId: config.tableId, partitionId: config.partitionId, point, reason: hot ? "heat" : "size" });
  }

  /** The operation whose units stayed hot for each of the last seconds, if one did. */
  private hotOperation(): Operation | undefined {
    const { heat, limits } = this.host;
    const recent = this.host.recent(heat.seconds);
    const hot = (units: number[], limit: number) => units.every((u) => u >= heat.share * limit);
    if (hot(recent.write, limits.writeUnits)) return "write";
    if (hot(recent.read, limits.readUnits)) return "read";
    return undefined;
  }
}

/**
 * The first hash of the upper half of the load in [low, high]: the median of `load` by hash.
 * Undefined when one hash carries half the load or more: a split could only set that key apart,
 * and its own rate would not rise (it throttles, and admission.ts keeps its neighbours served).
 */
export function loadMedian(load: Map<string, number>, low: string, high: string): string | undefined {
  const hashes = [...load.keys()].filter((h) => h >= low && h <= high).sort();
  const total = hashes.reduce((n, h) => n + load.get(h)!, 0);
  if (hashes.length < 2 || hashes.some((h) => load.get(h)! * 2 >= total)) return undefined;
  let below = load.get(hashes[0])!;
  for (let i = 1; i < hashes.length; i++) {
    if (below * 2 >= total) return hashes[i];
    below += load.get(hashes[i])!;
  }
  return hashes[hashes.length - 1];
}
