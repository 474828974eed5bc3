/**
 * A partition's stream shard: the change records DynamoDB Streams serves, one per applied item
 * record that changed the item while the table had a stream (the `stream` table of
 * migrations/replica/0005_stream.sql).
 *
 * - Which records belong to a stream is the leader's decision, made when it orders them: an item
 *   record carries the label of the stream its configuration had (`sl`) and its time (`t`,
 *   log-record.ts). Every member applies the same records in the same order, so every member
 *   holds the same change records, and a failover loses or doubles none.
 * - A record's sequence number is its lsn. The event comes from the item before and after
 *   (`changeEvent`): a write that changes nothing makes no record, as on DynamoDB.
 * - Records older than the retention are trimmed (`trim`, on the object's alarm); the highest
 *   trimmed lsn is kept, so that a reader positioned below it learns its records are gone.
 * - Images are kept whole, whatever the stream's view type: the reader applies the view type
 *   (workers/router/streams), so that a member never needs to know a stream's view to apply.
 */
import type { Clock } from "../clock";
import type { ItemText, StreamEvent, StreamRow } from "./protocol";

/** The change an item record made: INSERT, MODIFY or REMOVE; undefined when it changed nothing. */
export function changeEvent(old: ItemText | undefined, next: ItemText | undefined): StreamEvent | undefined {
  if (next === undefined) return old === undefined ? undefined : 3;
  if (old === undefined) return 1;
  if (old.size !== next.size) return 2;
  if (old.item === next.item) return undefined;
  return sameValue(JSON.parse(old.item), JSON.parse(next.item)) ? undefined : 2;
}

/**
 * Whether two attribute values (or items) are equal as DynamoDB compares them: maps whatever the
 * order of their members, sets whatever the order of their elements. Numbers are stored
 * canonical (shared/api/numbers.ts), so equal numbers have equal text.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameValue(value, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(y, key)) return false;
    if (key === "SS" || key === "NS" || key === "BS") {
      const set = new Set(x[key] as string[]);
      const other = y[key] as string[];
      if (set.size !== other.length || !other.every((v) => set.has(v))) return false;
    } else if (!sameValue(x[key], y[key])) return false;
  }
  return true;
}

type Row = {
  lsn: number;
  label: string;
  at: number;
  event: number;
  keys: string;
  old: string | null;
  old_size: number | null;
  new: string | null;
  new_size: number | null;
  service: number;
};

const rowOf = (row: Row): StreamRow => ({
  lsn: row.lsn,
  at: row.at,
  event: row.event as StreamEvent,
  keys: row.keys,
  ...(row.old === null ? {} : { old: { item: row.old, size: row.old_size ?? 0 } }),
  ...(row.new === null ? {} : { new: { item: row.new, size: row.new_size ?? 0 } }),
  ...(row.service ? { service: true } : {}),
  ...(row.label ? { label: row.label } : {}),
});

/** How often records are trimmed at most: a tenth of the retention, at most a minute. */
const trimEveryMs = (retentionMs: number) => Math.min(retentionMs / 10, 60_000);

/** The `stream` table and the trim horizon (in the `state` table). */
export class StreamRecords {
  /** When records were last trimmed (epoch ms). */
  private trimmedAt = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly clock: Clock,
    /** How long records are kept (DynamoDB's 24 hours by default: STREAM_RETENTION_MS). */
    private readonly retentionMs: number,
  ) {}

  /**
   * Records the change item record `lsn` made, in the stream labelled `label`. A record already
   * held is kept: one a snapshot shipped is the leader's, made against the item as it was.
   */
  put(lsn: number, label: string, row: Omit<StreamRow, "lsn" | "label">): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO stream (lsn, label, at, event, keys, old, old_size, new, new_size, service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      lsn,
      label,
      row.at,
      row.event,
      row.keys,
      row.old?.item ?? null,
      row.old?.size ?? null,
      row.new?.item ?? null,
      row.new?.size ?? null,
      row.service ? 1 : 0,
    );
  }

  /**
   * Records of stream `label` after `after` and up to `upTo`, in order: at most `limit`, and about
   * `bytes` of images (at least one).
   */
  read(label: string, after: number, limit: number, bytes: number, upTo = Number.MAX_SAFE_INTEGER): StreamRow[] {
    const rows: StreamRow[] = [];
    let total = 0;
    const cursor = this.sql.exec<Row>(
      "SELECT lsn, '' AS label, at, event, keys, old, old_size, new, new_size, service FROM stream WHERE label = ? AND lsn > ? AND lsn <= ? ORDER BY lsn LIMIT ?",
      label,
      after,
      upTo,
      limit,
    );
    for (const row of cursor) {
      const size = row.keys.length + (row.old_size ?? 0) + (row.new_size ?? 0);
      if (rows.length > 0 && total + size > bytes) break;
      total += size;
      rows.push(rowOf(row));
    }
    return rows;
  }

  /** The first and last lsn of stream `label`'s records held after `from` and up to `upTo`, if any. */
  range(label: string, from = 0, upTo = Number.MAX_SAFE_INTEGER): { first: number; last: number } | undefined {
    const row = this.sql
      .exec<{ first: number | null; last: number | null }>(
        "SELECT min(lsn) AS first, max(lsn) AS last FROM stream WHERE label = ? AND lsn > ? AND lsn <= ?",
        label,
        from,
        upTo,
      )
      .one();
    return row.first === null || row.last === null ? undefined : { first: row.first, last: row.last };
  }

  /** Every record after `after` (snapshot pages), labels included, at most `limit`. */
  pageAfter(after: number, limit: number): StreamRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM stream WHERE lsn > ? ORDER BY lsn LIMIT ?", after, limit)
      .toArray()
      .map(rowOf);
  }

  /** The highest lsn trimmed: records at or below it are gone. */
  get horizon(): number {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE name = 'streamHorizon'").toArray()[0];
    return row === undefined ? 0 : Number(row.value);
  }

  set horizon(lsn: number) {
    this.sql.exec(
      "INSERT INTO state (name, value) VALUES ('streamHorizon', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      JSON.stringify(lsn),
    );
  }

  /** A snapshot's records (labels included) and trim horizon. */
  install(rows: StreamRow[], horizon: number | undefined): void {
    for (const { lsn, label, ...row } of rows) this.put(lsn, label ?? "", row);
    if (horizon !== undefined) this.horizon = horizon;
  }

  /** Trims the records past the retention, unless that was done lately. */
  trimSoon(): void {
    const now = this.clock.now();
    if (now - this.trimmedAt < trimEveryMs(this.retentionMs)) return;
    this.trimmedAt = now;
    this.trim(now - this.retentionMs);
  }

  /** Drops the records made before `before` (epoch ms). At exit: how many went. */
  trim(before: number): number {
    // Records are in lsn order and nearly in time order (leaders' clocks): those before the first
    // one made since `before` go.
    const keep = this.sql
      .exec<{ lsn: number }>("SELECT lsn FROM stream WHERE at >= ? ORDER BY lsn LIMIT 1", before)
      .toArray()[0]?.lsn;
    const below = keep ?? Number.MAX_SAFE_INTEGER;
    const last = this.sql
      .exec<{ lsn: number | null }>("SELECT max(lsn) AS lsn FROM stream WHERE lsn < ?", below)
      .one().lsn;
    if (last === null) return 0;
    const gone = this.sql.exec("DELETE FROM stream WHERE lsn <= ?", last).rowsWritten;
    this.horizon = Math.max(this.horizon, last);
    return gone;
  }
}
