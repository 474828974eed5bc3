/**
 * The items that prepared transactions hold (migrations/replica/0004_holds.sql), and the
 * leader's view of them.
 *
 * A hold is replicated state: a `hold` record puts its items in the table when it is applied, a
 * `release` record takes them out, and snapshots carry the table, so a new leader knows every
 * committed hold. The leader also sees the holds it has ordered and not yet applied (`order`):
 * a write or another transaction decided meanwhile must meet them.
 *
 * Contract: `heldBy(key)` is the transaction whose hold record, ordered by this leader or
 * applied, holds `key` and whose release is neither applied nor ordered by this leader; undefined
 * when none. With no hold in the
 * table and none ordered, it costs no query.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { HeldItem } from "./log-record";
import type { HeldWrite } from "./protocol";
import { blob, type StoredKey } from "./storage";
import { storedKeyText } from "./stored-key";

/** A held item: its key, the transaction holding it, its coordinator and since when, and what it writes. */
export interface Hold extends StoredKey {
  tx: string;
  coordinator: string;
  since: number;
  key: Item;
  write: HeldWrite;
}

type HoldRow = {
  h: string;
  pk: ArrayBuffer;
  sk: ArrayBuffer;
  tx: string;
  coordinator: string;
  since: number;
  key: string;
  write: string;
};

const fromRow = (row: HoldRow): Hold => ({
  h: row.h,
  pk: new Uint8Array(row.pk),
  sk: new Uint8Array(row.sk),
  tx: row.tx,
  coordinator: row.coordinator,
  since: row.since,
  key: JSON.parse(row.key) as Item,
  write: JSON.parse(row.write) as HeldWrite,
});

/** The `holds` table. */
export class HoldStorage {
  constructor(private readonly sql: SqlStorage) {}

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM holds").one().n;
  }

  put(hold: Hold): void {
    this.sql.exec(
      `INSERT INTO holds (h, pk, sk, tx, coordinator, since, key, write) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (h, pk, sk) DO UPDATE SET tx = excluded.tx, coordinator = excluded.coordinator,
         since = excluded.since, key = excluded.key, write = excluded.write`,
      hold.h,
      blob(hold.pk),
      blob(hold.sk),
      hold.tx,
      hold.coordinator,
      hold.since,
      JSON.stringify(hold.key),
      JSON.stringify(hold.write),
    );
  }

  heldBy(key: StoredKey): string | undefined {
    return this.sql
      .exec<{ tx: string }>("SELECT tx FROM holds WHERE h = ? AND pk = ? AND sk = ?", key.h, blob(key.pk), blob(key.sk))
      .toArray()[0]?.tx;
  }

  /** The items transaction `tx` holds, in key order. */
  ofTransaction(tx: string): Hold[] {
    return this.sql.exec<HoldRow>("SELECT * FROM holds WHERE tx = ? ORDER BY h, pk, sk", tx).toArray().map(fromRow);
  }

  release(tx: string): void {
    this.sql.exec("DELETE FROM holds WHERE tx = ?", tx);
  }

  /** Every hold, oldest first: for snapshots, the admin API and the check of old holds. */
  all(): Hold[] {
    return this.sql.exec<HoldRow>("SELECT * FROM holds ORDER BY since, tx").toArray().map(fromRow);
  }

  deleteAll(): void {
    this.sql.exec("DELETE FROM holds");
  }
}

export class Holds {
  /** Rows in the table, so that a partition without holds asks it nothing. */
  private rows: number;
  /** Items of hold records this leader ordered and has not applied: storage key text → transaction. */
  private readonly ordered = new Map<string, string>();
  /** Transactions whose release this leader ordered and has not applied: their items are free for what comes after. */
  private readonly releasing = new Set<string>();

  constructor(private readonly storage: HoldStorage) {
    this.rows = storage.count();
  }

  get any(): boolean {
    return this.rows > 0 || this.ordered.size > 0;
  }

  heldBy(key: StoredKey): string | undefined {
    let tx = this.ordered.size > 0 ? this.ordered.get(storedKeyText(key)) : undefined;
    if (tx === undefined && this.rows > 0) tx = this.storage.heldBy(key);
    return tx !== undefined && this.releasing.has(tx) ? undefined : tx;
  }

  /** The leader ordered a hold record for `keys`. */
  order(tx: string, keys: StoredKey[]): void {
    for (const key of keys) this.ordered.set(storedKeyText(key), tx);
  }

  /**
   * The leader ordered `tx`'s release (after its writes, on a commit): what it decides next comes
   * after the transaction in the log, so the items are no longer held for it.
   */
  orderRelease(tx: string): void {
    this.releasing.add(tx);
  }

  /** A `hold` record is applied: its items (`keys`, their storage keys in order) join the table. */
  applyHold(record: { tx: string; coordinator: string; since: number; items: HeldItem[] }, keys: StoredKey[]): void {
    record.items.forEach((item, i) => {
      const key = keys[i];
      this.storage.put({ ...key, tx: record.tx, coordinator: record.coordinator, since: record.since, ...item });
      if (this.ordered.get(storedKeyText(key)) === record.tx) this.ordered.delete(storedKeyText(key));
    });
    this.rows = this.storage.count();
  }

  /** A `release` record is applied. */
  applyRelease(tx: string): void {
    this.releasing.delete(tx);
    this.storage.release(tx);
    for (const [key, holder] of this.ordered) if (holder === tx) this.ordered.delete(key);
    this.rows = this.storage.count();
  }

  /** The holds of transaction `tx` in the table (a hold this leader ordered is applied before it is answered). */
  ofTransaction(tx: string): Hold[] {
    return this.rows > 0 ? this.storage.ofTransaction(tx) : [];
  }

  all(): Hold[] {
    return this.rows > 0 ? this.storage.all() : [];
  }

  /** A hold of a snapshot being installed (`reloaded` follows). */
  install(hold: Hold): void {
    this.storage.put(hold);
  }

  /** A snapshot replaced the table (or the storage was wiped). */
  reloaded(): void {
    this.rows = this.storage.count();
  }

  /** Leadership ended: what it ordered and did not apply is not known to be held. */
  discardOverlay(): void {
    this.ordered.clear();
    this.releasing.clear();
  }
}
