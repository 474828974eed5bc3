/**
 * Time to Live on a partition: its leader deletes the items whose expiry has passed, as DynamoDB's
 * background process does, through the log like any delete (so followers, indexes, other regions
 * of a global table and streams see it), each record marked as the service's (`s`).
 *
 * An item has expired when its TTL attribute is a number of epoch seconds in the past by at most
 * five years; any other value (a string, a number in milliseconds, one further in the past) is
 * left alone, as DynamoDB does. Until it is swept an expired item is read like any other.
 *
 * The object's alarm calls `sweep` while the table has Time to Live on (leader-watch.ts). A pass
 * reads the items in key order, SCAN_ROWS at a time from where the last call stopped, and deletes
 * at most DELETES_PER_CALL of them per call; a new pass starts at most every TTL_SWEEP_MS. Each
 * deletion is decided again against the item's latest state (a write since may have extended it,
 * a transaction may hold it), and the call returns once the deletions it ordered are committed.
 */
import type { Item } from "../../shared/api/attribute-value";
import { own } from "../../shared/api/names";
import { extractKey } from "../../shared/api/validate-values";
import { indexKeyAttributes } from "../../shared/indexes/entries";
import type { Clock } from "../clock";
import type { RegionReplica } from "../replication/replica-region";
import type { Applier } from "./applier";
import type { Holds } from "./holds";
import type { Leadership } from "./leadership";
import { itemEntry } from "./log-record";
import type { ReplicaConfig } from "./protocol";
import type { StoredItem, StoredKey } from "./storage";

/** Items read per call, and deletions ordered per call at most. */
const SCAN_ROWS = 1000;
const DELETES_PER_CALL = 100;
/** Expiry times further in the past than this are not acted on (DynamoDB's five years). */
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

/** Whether `item` has expired at `nowMs` by its attribute `name`: epoch seconds in the past, by at most five years. */
export function expired(item: Item, name: string, nowMs: number): boolean {
  const value = own(item, name);
  if (!value || !("N" in value)) return false;
  const seconds = Number(value.N);
  const now = nowMs / 1000;
  return Number.isFinite(seconds) && seconds <= now && seconds >= now - FIVE_YEARS_S;
}

export interface TtlSweeperHost {
  readonly clock: Clock;
  readonly applier: Applier;
  readonly holds: Holds;
  readonly region: RegionReplica;
  /** How often a pass over the items starts. */
  readonly sweepMs: number;
  config(): ReplicaConfig | undefined;
  /** Applied items in key order strictly after `after`, at most `limit`. */
  itemsAfter(after: StoredKey | undefined, limit: number): StoredItem[];
  /** This member's leadership once it may serve, if it leads. */
  leading(): Promise<Leadership | undefined>;
}

export class TtlSweeper {
  /** Where the pass in progress stopped; undefined: a pass starts from the first item. */
  private cursor: StoredKey | undefined;
  /** When the last pass ended (epoch ms). */
  private passEnded = 0;

  constructor(private readonly host: TtlSweeperHost) {}

  /** Whether the table has Time to Live on: the alarm keeps coming while it does. */
  get wanted(): boolean {
    return this.host.config()?.ttl !== undefined;
  }

  /** Deletes a batch of expired items, as the leader. At exit: how many deletions were committed. */
  async sweep(): Promise<number> {
    const { host } = this;
    const attribute = host.config()?.ttl;
    if (attribute === undefined) return 0;
    if (this.cursor === undefined && host.clock.now() - this.passEnded < host.sweepMs) return 0;
    const leader = await host.leading();
    if (!leader) return 0;
    // Synchronous from here to the last deletion ordered.
    const { applier } = host;
    applier.applyCommitted();
    const rows = host.itemsAfter(this.cursor, SCAN_ROWS);
    const marker = `${JSON.stringify(attribute)}:{"N"`;
    const now = host.clock.now();
    let last: number | undefined;
    let deleted = 0;
    let scanned = 0;
    for (const row of rows) {
      if (deleted >= DELETES_PER_CALL) break;
      scanned++;
      if (!row.item.includes(marker) || !expired(JSON.parse(row.item) as Item, attribute, now)) continue;
      const at = this.deleteIfExpired(leader, row, attribute, now);
      if (at !== undefined) {
        last = at;
        deleted++;
      }
    }
    if (scanned === rows.length && rows.length < SCAN_ROWS) {
      this.cursor = undefined;
      this.passEnded = now;
    } else {
      this.cursor = rows[scanned - 1];
    }
    if (last === undefined) return 0;
    return (await leader.quorum(last)) === "committed" ? deleted : 0;
  }

  /** Orders the deletion of `key` if its latest state (ordered records included) has expired and no transaction holds it. */
  private deleteIfExpired(leader: Leadership, key: StoredKey, attribute: string, now: number): number | undefined {
    const { applier, holds, region } = this.host;
    if (holds.heldBy(key) !== undefined) return undefined;
    const current = applier.latest(key);
    if (!current) return undefined;
    const item = JSON.parse(current.item) as Item;
    if (!expired(item, attribute, now)) return undefined;
    const globals = this.host.config()?.globalIndexes;
    const g = globals?.length ? indexKeyAttributes(item, globals) : undefined;
    const tableKey = extractKey(item, this.host.config()!.keySchema);
    const stats = applier.statsAfter(current.size, undefined);
    return applier.order(
      leader.term,
      itemEntry(key.h, tableKey, undefined, stats, { v: region.nextVersion(), ...(g ? { g } : {}), s: 1 }),
      { h: key.h, pk: key.pk, sk: key.sk },
    );
  }
}
