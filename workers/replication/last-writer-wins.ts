/**
 * Last-writer-wins for global tables: whether a change shipped from another region replaces what a
 * region stores for that key, and when a delete's tombstone may be forgotten.
 *
 * Contracts:
 * - A change applies iff its version is strictly greater than the stored one (`compareVersions`).
 *   An equal version is the same change delivered again (shipping is at least once): skipped, so
 *   applying is idempotent. Since the decision depends only on the versions, every region that
 *   receives the same set of changes, in any order and with any duplicates, ends with the change of
 *   the greatest version per key: regions converge.
 * - A delete that applies leaves a tombstone carrying its version, so an older put arriving later
 *   still loses to it. A stored state without a version (an item written before its table became
 *   global) ranks below every version.
 * - The receiver must also advance its clock past every version it sees
 *   (`HybridClock.receive(version.ts)`), so its own later writes win over what it has applied.
 */
import type { HlcTimestamp } from "./hlc";
import { compareVersions, type ItemVersion, type RegionId } from "./version";

/** What a region holds for a key: an item or a tombstone; `undefined` if neither. */
export interface StoredState {
  version?: ItemVersion;
  tombstone: boolean;
}

export type IncomingChange<T> =
  | { kind: "put"; version: ItemVersion; item: T }
  | { kind: "delete"; version: ItemVersion };

/** What to store for the key after applying a change: it replaces any item or tombstone. */
export type StoredRecord<T> =
  | { tombstone: false; version: ItemVersion; item: T }
  | { tombstone: true; version: ItemVersion };

export type LwwDecision<T> = { action: "skip" } | { action: "apply"; store: StoredRecord<T> };

/** True iff a change with `incoming` version wins over `stored`. */
export function incomingWins(stored: StoredState | undefined, incoming: ItemVersion): boolean {
  return stored?.version === undefined || compareVersions(incoming, stored.version) > 0;
}

export function decideRemoteChange<T>(stored: StoredState | undefined, change: IncomingChange<T>): LwwDecision<T> {
  if (!incomingWins(stored, change.version)) return { action: "skip" };
  switch (change.kind) {
    case "put":
      return { action: "apply", store: { tombstone: false, version: change.version, item: change.item } };
    case "delete":
      return { action: "apply", store: { tombstone: true, version: change.version } };
    default: {
      const unhandled: never = change;
      throw new Error(`unknown change kind: ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * Region R's watermark `passed[R] = W` means: R has applied (or superseded) every change to the
 * table, originated in any region, whose timestamp is ≤ W, and no such change can still reach R —
 * none is in flight and no region can originate one (each region's clock is already past W). A
 * shipper can derive it as the minimum, over every origin partition leader, of the highest
 * timestamp below which R has acknowledged all of that leader's changes (its log is in timestamp
 * order), with idle leaders reporting their clock.
 *
 * The horizon is the lowest watermark over `regions`, every replica region of the table including
 * this one; `undefined` (nothing is collectable) if `regions` is empty or any of them has no
 * watermark yet.
 */
export function collectionHorizon(
  passed: Readonly<Partial<Record<RegionId, HlcTimestamp>>>,
  regions: readonly RegionId[],
): HlcTimestamp | undefined {
  let horizon: HlcTimestamp | undefined;
  for (const region of regions) {
    const watermark = passed[region];
    if (watermark === undefined) return undefined;
    if (horizon === undefined || watermark < horizon) horizon = watermark;
  }
  return horizon;
}
