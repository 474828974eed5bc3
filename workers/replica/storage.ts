/**
 * The replica's SQL: its migrations and a typed statement factory over the `log`, `items`,
 * `tombstones` and `state` tables (the local secondary indexes' `lsi` table: local-index-storage.ts). Key columns hold the order-preserving encodings from
 * shared/keys/key-encoding.ts, so SQLite's BLOB order is DynamoDB's key order.
 */
import init from "../../migrations/replica/0001_init.sql";
import versions from "../../migrations/replica/0002_versions.sql";
import localIndexes from "../../migrations/replica/0003_local_indexes.sql";
import holds from "../../migrations/replica/0004_holds.sql";
import stream from "../../migrations/replica/0005_stream.sql";
import frozen from "../../migrations/replica/0006_frozen.sql";
import { xxh64Hex } from "../../shared/keys/partition-hash";
import type { Migration } from "../storage/migrate";
import type { ItemText } from "./protocol";

export const REPLICA_MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: init },
  { version: 2, sql: versions },
  { version: 3, sql: localIndexes },
  { version: 4, sql: holds },
  { version: 5, sql: stream },
  { version: 6, sql: frozen },
];

/** An item's storage key. */
export interface StoredKey {
  h: string;
  pk: Uint8Array;
  sk: Uint8Array;
}

export interface StoredItem extends StoredKey {
  item: string;
  size: number;
  /** Its version in a global table (`<hlc>/<region>`), if it has one. */
  version?: string;
}

/** A delete's mark in a global table: its key and version. */
export interface Tombstone extends StoredKey {
  version: string;
}

type TombstoneRow = { h: string; pk: ArrayBuffer; sk: ArrayBuffer; version: string };

/** An item's stored JSON text and its size, without its key columns (protocol.ts). */
export type { ItemText };

export type Row = { h: string; pk: ArrayBuffer; sk: ArrayBuffer; item: string; size: number; version?: string | null };

export const blob = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);

export const fromRow = (row: Row): StoredItem => ({
  h: row.h,
  pk: new Uint8Array(row.pk),
  sk: new Uint8Array(row.sk),
  item: row.item,
  size: row.size,
  ...(row.version ? { version: row.version } : {}),
});

/** Bounds on the sort key of a query, on encoded bytes. */
export interface SortBounds {
  /** Lower bound and whether it is inclusive. */
  low?: { value: Uint8Array; inclusive: boolean };
  high?: { value: Uint8Array; inclusive: boolean };
}

export class ReplicaStorage {
  constructor(private readonly sql: SqlStorage) {}

  // --- state -------------------------------------------------------------------------------

  getState<T>(name: string): T | undefined {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE name = ?", name).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setState(name: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      name,
      JSON.stringify(value),
    );
  }

  // --- log ---------------------------------------------------------------------------------

  appendLog(lsn: number, epoch: number, record: string): void {
    this.sql.exec("INSERT INTO log (lsn, epoch, record) VALUES (?, ?, ?)", lsn, epoch, record);
  }

  lastLsn(): number {
    return this.sql.exec<{ lsn: number | null }>("SELECT max(lsn) AS lsn FROM log").one().lsn ?? 0;
  }

  /** The lsn and term of the latest log record, if any. */
  lastLogRecord(): { lsn: number; term: number } | undefined {
    return this.sql
      .exec<{ lsn: number; term: number }>("SELECT lsn, epoch AS term FROM log ORDER BY lsn DESC LIMIT 1")
      .toArray()[0];
  }

  logTermAt(lsn: number): number | undefined {
    return this.sql.exec<{ term: number }>("SELECT epoch AS term FROM log WHERE lsn = ?", lsn).toArray()[0]?.term;
  }

  logRecordAt(lsn: number): string | undefined {
    return this.sql.exec<{ record: string }>("SELECT record FROM log WHERE lsn = ?", lsn).toArray()[0]?.record;
  }

  /** Log records after `lsn` in order, at most `limit`. */
  logAfter(lsn: number, limit: number): { lsn: number; term: number; record: string }[] {
    return this.sql
      .exec<{ lsn: number; term: number; record: string }>(
        "SELECT lsn, epoch AS term, record FROM log WHERE lsn > ? ORDER BY lsn LIMIT ?",
        lsn,
        limit,
      )
      .toArray();
  }

  /** Drops log records at or below `lsn`. */
  truncateLog(lsn: number): void {
    this.sql.exec("DELETE FROM log WHERE lsn <= ?", lsn);
  }

  /** Drops log records at or above `lsn`. */
  truncateLogFrom(lsn: number): void {
    this.sql.exec("DELETE FROM log WHERE lsn >= ?", lsn);
  }

  // --- items -------------------------------------------------------------------------------

  getItem(key: StoredKey): ItemText | undefined {
    return this.sql
      .exec<ItemText>(
        "SELECT item, size FROM items WHERE h = ? AND pk = ? AND sk = ?",
        key.h,
        blob(key.pk),
        blob(key.sk),
      )
      .toArray()[0];
  }

  putItem(item: StoredItem, lsn: number): void {
    this.sql.exec(
      `INSERT INTO items (h, pk, sk, item, size, lsn, version) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (h, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, lsn = excluded.lsn,
         version = excluded.version`,
      item.h,
      blob(item.pk),
      blob(item.sk),
      item.item,
      item.size,
      lsn,
      item.version ?? null,
    );
  }

  /** What a global table holds for a key: its item's version and size, else its tombstone's version. */
  versionOf(key: StoredKey): { version?: string; tombstone: boolean; size?: number } | undefined {
    const params = [key.h, blob(key.pk), blob(key.sk)];
    const row = this.sql
      .exec<{ version: string | null; size: number | null; tombstone: number }>(
        "SELECT version, size, 0 AS tombstone FROM items WHERE h = ? AND pk = ? AND sk = ? " +
          "UNION ALL SELECT version, NULL, 1 FROM tombstones WHERE h = ? AND pk = ? AND sk = ? ORDER BY tombstone LIMIT 1",
        ...params,
        ...params,
      )
      .toArray()[0];
    if (!row) return undefined;
    return row.tombstone
      ? { version: row.version ?? undefined, tombstone: true }
      : { version: row.version ?? undefined, tombstone: false, size: row.size ?? undefined };
  }

  /** The greatest version an item or tombstone holds (versions sort as text by their clock). */
  greatestVersion(): string | undefined {
    const row = this.sql
      .exec<{ v: string | null }>(
        "SELECT max(v) AS v FROM (SELECT max(version) AS v FROM items UNION ALL SELECT max(version) FROM tombstones)",
      )
      .one();
    return row.v ?? undefined;
  }

  putTombstone(key: StoredKey, version: string): void {
    this.sql.exec(
      "INSERT INTO tombstones (h, pk, sk, version) VALUES (?, ?, ?, ?) ON CONFLICT (h, pk, sk) DO UPDATE SET version = excluded.version",
      key.h,
      blob(key.pk),
      blob(key.sk),
      version,
    );
  }

  /** Tombstones in key order strictly after `after`, at most `limit` (snapshot pages). */
  tombstonesAfter(after: StoredKey | undefined, limit: number): Tombstone[] {
    return this.pageAfter<TombstoneRow>("h, pk, sk, version FROM tombstones", after, limit).map((row) => ({
      h: row.h,
      pk: new Uint8Array(row.pk),
      sk: new Uint8Array(row.sk),
      version: row.version,
    }));
  }

  tombstoneCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM tombstones").one().n;
  }

  /** The oldest tombstone's version, if there is a tombstone. */
  oldestTombstone(): string | undefined {
    return this.sql.exec<{ v: string | null }>("SELECT min(version) AS v FROM tombstones").one().v ?? undefined;
  }

  /**
   * Drops the tombstones whose clock is below `below` (an HLC timestamp). A version is its clock
   * followed by "/" and a region, so it sorts below `below` exactly when its clock does.
   */
  /** Drops the tombstones whose version is below `below`; with `source`, only that source's (`<lsn>/<source>` versions). */
  deleteTombstonesBelow(below: string, source?: string): void {
    if (source === undefined) this.sql.exec("DELETE FROM tombstones WHERE version < ?", below);
    else this.sql.exec("DELETE FROM tombstones WHERE version < ? AND substr(version, 18) = ?", below, source);
  }

  deleteTombstone(key: StoredKey): void {
    this.sql.exec("DELETE FROM tombstones WHERE h = ? AND pk = ? AND sk = ?", key.h, blob(key.pk), blob(key.sk));
  }

  deleteItem(key: StoredKey): void {
    this.sql.exec("DELETE FROM items WHERE h = ? AND pk = ? AND sk = ?", key.h, blob(key.pk), blob(key.sk));
  }

  /** Items of one partition key in sort order (descending when `forward` is false), lazily. */
  *queryItems(
    h: string,
    pk: Uint8Array,
    bounds: SortBounds,
    forward: boolean,
    after?: Uint8Array,
  ): Generator<StoredItem> {
    const where = ["h = ?", "pk = ?"];
    const params: unknown[] = [h, blob(pk)];
    if (bounds.low) {
      where.push(bounds.low.inclusive ? "sk >= ?" : "sk > ?");
      params.push(blob(bounds.low.value));
    }
    if (bounds.high) {
      where.push(bounds.high.inclusive ? "sk <= ?" : "sk < ?");
      params.push(blob(bounds.high.value));
    }
    if (after) {
      where.push(forward ? "sk > ?" : "sk < ?");
      params.push(blob(after));
    }
    const sql = `SELECT h, pk, sk, item, size FROM items WHERE ${where.join(" AND ")} ORDER BY sk ${forward ? "ASC" : "DESC"}`;
    for (const row of this.sql.exec<Row>(sql, ...params)) yield fromRow(row);
  }

  /** Items with hashes in [low, high] in scan order (h, pk, sk), strictly after `after`, lazily. */
  *scanItems(low: string, high: string, after?: StoredKey): Generator<StoredItem> {
    const cursor = after
      ? this.sql.exec<Row>(
          "SELECT h, pk, sk, item, size FROM items WHERE (h, pk, sk) > (?, ?, ?) AND h <= ? ORDER BY h, pk, sk",
          after.h,
          blob(after.pk),
          blob(after.sk),
          high,
        )
      : this.sql.exec<Row>(
          "SELECT h, pk, sk, item, size FROM items WHERE h >= ? AND h <= ? ORDER BY h, pk, sk",
          low,
          high,
        );
    for (const row of cursor) yield fromRow(row);
  }

  /** Drops every item, tombstone, index entry, hold and stream record (a snapshot is about to replace them). */
  deleteItems(): void {
    this.sql.exec("DELETE FROM items");
    this.sql.exec("DELETE FROM tombstones");
    // The local indexes' entries go with their items (local-index-storage.ts), and so do
    // transactions' holds (holds.ts) and the stream's records (stream-records.ts).
    this.sql.exec("DELETE FROM lsi");
    this.sql.exec("DELETE FROM holds");
    this.sql.exec("DELETE FROM stream");
    this.sql.exec("DELETE FROM state WHERE name = 'streamHorizon'");
  }

  /** The count and summed size of the items with hashes in [low, high]. */
  rangeStats(low: string, high: string): { itemCount: number; sizeBytes: number } {
    const row = this.sql
      .exec<{ n: number; size: number | null }>(
        "SELECT count(*) AS n, sum(size) AS size FROM items WHERE h >= ? AND h <= ?",
        low,
        high,
      )
      .one();
    return { itemCount: row.n, sizeBytes: row.size ?? 0 };
  }

  /**
   * Where to split the hashes in [low, high] in two of about equal size: the first hash of the
   * upper half, the median by size. Undefined when they hold fewer than two distinct hashes (one
   * item collection, or one item: no split divides it).
   */
  medianHash(low: string, high: string): string | undefined {
    const { sizeBytes: total } = this.rangeStats(low, high);
    const rows = this.sql.exec<{ h: string; size: number }>(
      "SELECT h, sum(size) AS size FROM items WHERE h >= ? AND h <= ? GROUP BY h ORDER BY h",
      low,
      high,
    );
    let below = 0;
    let first: string | undefined;
    let last: string | undefined;
    for (const row of rows) {
      if (first === undefined) first = row.h;
      else if (below * 2 >= total) return row.h;
      last = row.h;
      below += row.size;
    }
    return last !== first ? last : undefined;
  }

  /**
   * Drops every item, tombstone, local index entry and hold whose hash is outside [low, high]: a
   * split's child keeps its part (split.ts).
   */
  deleteOutside(low: string, high: string): void {
    for (const table of ["items", "tombstones", "lsi", "holds"]) {
      this.sql.exec(`DELETE FROM ${table} WHERE h < ? OR h > ?`, low, high);
    }
  }

  /** Items in scan order strictly after `after`, at most `limit` (snapshot pages). */
  itemsAfter(after: StoredKey | undefined, limit: number): StoredItem[] {
    return this.pageAfter<Row>("h, pk, sk, item, size, version FROM items", after, limit).map(fromRow);
  }

  /** `SELECT <from>` (columns FROM a table keyed by h, pk, sk): the rows in key order strictly after `after`, at most `limit`. */
  private pageAfter<R extends Record<string, SqlStorageValue>>(
    from: string,
    after: StoredKey | undefined,
    limit: number,
  ): R[] {
    const rows = after
      ? this.sql.exec<R>(
          `SELECT ${from} WHERE (h, pk, sk) > (?, ?, ?) ORDER BY h, pk, sk LIMIT ?`,
          after.h,
          blob(after.pk),
          blob(after.sk),
          limit,
        )
      : this.sql.exec<R>(`SELECT ${from} ORDER BY h, pk, sk LIMIT ?`, limit);
    return rows.toArray();
  }

  /** A digest of every item (keys and values) in scan order: equal digests, equal items. */
  itemsDigest(): { count: number; digest: string } {
    const encoder = new TextEncoder();
    let digest = "";
    let count = 0;
    for (const row of this.sql.exec<{ h: string; item: string }>("SELECT h, item FROM items ORDER BY h, pk, sk")) {
      digest = xxh64Hex(encoder.encode(`${digest}|${row.h}|${row.item}`));
      count++;
    }
    return { count, digest };
  }

  deleteAll(): void {
    this.deleteItems();
    this.sql.exec("DELETE FROM log");
    this.sql.exec("DELETE FROM state");
  }
}
