/**
 * The SQL of a replica's local secondary indexes (the `lsi` table of
 * migrations/replica/0003_local_indexes.sql): each item's entries, reads through an index
 * joined to the items they point at, and the size of an item collection.
 */
import { blob, fromRow, type Row, type SortBounds, type StoredItem, type StoredKey } from "./storage";

/** An item's entry in a local secondary index: the index, its encoded sort key, the entry's size. */
export interface LocalEntry {
  idx: string;
  isk: Uint8Array;
  size: number;
}

/** An item read through a local secondary index: the item, and its entry's sort key and size. */
export interface IndexedItem extends StoredItem {
  isk: Uint8Array;
  entrySize: number;
}

type IndexedRow = Row & { isk: ArrayBuffer; entrySize: number };

export class LocalIndexStorage {
  constructor(private readonly sql: SqlStorage) {}

  /** Replaces the item's entries in the local secondary indexes by `entries`. */
  put(key: StoredKey, entries: LocalEntry[]): void {
    this.delete(key);
    for (const entry of entries) {
      this.sql.exec(
        "INSERT INTO lsi (idx, h, pk, isk, sk, size) VALUES (?, ?, ?, ?, ?, ?)",
        entry.idx,
        key.h,
        blob(key.pk),
        blob(entry.isk),
        blob(key.sk),
        entry.size,
      );
    }
  }

  delete(key: StoredKey): void {
    this.sql.exec("DELETE FROM lsi WHERE h = ? AND pk = ? AND sk = ?", key.h, blob(key.pk), blob(key.sk));
  }

  /**
   * Items of one partition key through index `idx`, in the index's sort order then the table's
   * (descending when `forward` is false), strictly after `after` (an entry's sort keys), lazily.
   */
  *query(
    idx: string,
    h: string,
    pk: Uint8Array,
    bounds: SortBounds,
    forward: boolean,
    after?: { isk: Uint8Array; sk: Uint8Array },
  ): Generator<IndexedItem> {
    const where = ["l.idx = ?", "l.h = ?", "l.pk = ?"];
    const params: unknown[] = [idx, h, blob(pk)];
    if (bounds.low) {
      where.push(bounds.low.inclusive ? "l.isk >= ?" : "l.isk > ?");
      params.push(blob(bounds.low.value));
    }
    if (bounds.high) {
      where.push(bounds.high.inclusive ? "l.isk <= ?" : "l.isk < ?");
      params.push(blob(bounds.high.value));
    }
    if (after) {
      where.push(forward ? "(l.isk, l.sk) > (?, ?)" : "(l.isk, l.sk) < (?, ?)");
      params.push(blob(after.isk), blob(after.sk));
    }
    const order = forward ? "ASC" : "DESC";
    yield* this.indexed(`WHERE ${where.join(" AND ")} ORDER BY l.isk ${order}, l.sk ${order}`, params);
  }

  /** Items with hashes in [low, high] through index `idx`, in (h, pk, isk, sk) order, strictly after `after`, lazily. */
  *scan(idx: string, low: string, high: string, after?: StoredKey & { isk: Uint8Array }): Generator<IndexedItem> {
    const order = "ORDER BY l.h, l.pk, l.isk, l.sk";
    yield* after
      ? this.indexed(`WHERE l.idx = ? AND (l.h, l.pk, l.isk, l.sk) > (?, ?, ?, ?) AND l.h <= ? ${order}`, [
          idx,
          after.h,
          blob(after.pk),
          blob(after.isk),
          blob(after.sk),
          high,
        ])
      : this.indexed(`WHERE l.idx = ? AND l.h >= ? AND l.h <= ? ${order}`, [idx, low, high]);
  }

  private *indexed(where: string, params: unknown[]): Generator<IndexedItem> {
    const sql = `SELECT l.h AS h, l.pk AS pk, l.sk AS sk, l.isk AS isk, l.size AS entrySize, i.item AS item, i.size AS size
      FROM lsi l JOIN items i ON i.h = l.h AND i.pk = l.pk AND i.sk = l.sk ${where}`;
    for (const row of this.sql.exec<IndexedRow>(sql, ...params)) {
      yield { ...fromRow(row), isk: new Uint8Array(row.isk), entrySize: row.entrySize };
    }
  }

  /**
   * The applied size of the item collection of partition key `pk` (hash `h`): its items and their
   * entries in every local index. A range of each table's primary key (the `lsi` one by
   * `lsi_by_item`): it reads every row of the collection, so it runs only where the size is needed.
   */
  collectionBytes(h: string, pk: Uint8Array): number {
    const key = blob(pk);
    return this.sql
      .exec<{ bytes: number }>(
        `SELECT (SELECT coalesce(sum(size), 0) FROM items WHERE h = ? AND pk = ?)
          + (SELECT coalesce(sum(size), 0) FROM lsi WHERE h = ? AND pk = ?) AS bytes`,
        h,
        key,
        h,
        key,
      )
      .one().bytes;
  }

  /** Each local secondary index's entry count and size. */
  stats(): Map<string, { itemCount: number; sizeBytes: number }> {
    const rows = this.sql.exec<{ idx: string; n: number; bytes: number }>(
      "SELECT idx, count(*) AS n, sum(size) AS bytes FROM lsi GROUP BY idx",
    );
    return new Map(rows.toArray().map((r) => [r.idx, { itemCount: r.n, sizeBytes: r.bytes }]));
  }
}
