/**
 * Log records and their text: the one place a record becomes the JSON the log stores and ships,
 * and that JSON becomes a record again. Every record's text starts with its kind
 * (`{"kind":"put",…`), written so by `encodeRecord` whatever order the entry's fields were built
 * in, so `recordKind` can tell a record's kind without parsing the rest of it.
 *
 * Contract: `decodeRecord(encodeRecord(entry))` is the LogRecord the entry stands for (a put's
 * item parsed from its JSON text), and `recordKind(encodeRecord(entry)) === entry.kind`.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { HeldWrite, ReplicaRef, ReplicaStats } from "./protocol";

/**
 * What a write of a global table adds to its record: `v`, the item's version (`<hlc>/<region>`),
 * and `o`, the region it came from when another region ordered it (such records are never
 * shipped again). A versioned put removes the key's tombstone when it is applied; `nt` says the
 * key held none when the leader ordered it, so applying it removes none (the state it is applied
 * to is the one the leader saw: the same records before it).
 */
export interface Versioned {
  v?: string;
  o?: string;
  nt?: 1;
}

/**
 * What a write on a table with global secondary indexes adds to its record: `g`, the attributes
 * of the item it replaced that key a global index (absent: the item was missing or held none), so
 * that the index's feeder knows which entry to remove without reading what the item was.
 */
export interface IndexedWrite {
  g?: Item;
}

/**
 * What a delete the service made adds to its record: `s`, set when Time to Live expired the item
 * (ttl-sweeper.ts), so that a stream record of it names the service as DynamoDB's does.
 */
export interface ServiceDelete {
  s?: 1;
}

/**
 * When and for which stream a write was ordered: `t`, the leader's time then (epoch ms, never
 * below an earlier record's of the same leader: backups cut the log there, backup.ts), and on a
 * table with a stream `sl`, the label of the stream the leader's configuration had. The members
 * that apply it record the change it made in that stream (stream-records.ts).
 */
export interface StreamedWrite {
  sl?: string;
  t?: number;
}

/** An item a prepared transaction holds: its storage hash, key, and what the transaction writes there if it commits. */
export interface HeldItem {
  h: string;
  key: Item;
  write: HeldWrite;
}

/**
 * One of the partitions a `split` record divides its partition into: its id, hash range, replication
 * group and stats (its items' count and size when the record was ordered).
 */
export interface SplitChild {
  id: string;
  low: string;
  high: string;
  members: ReplicaRef[];
  stats: ReplicaStats;
}

/**
 * A record that changes no item: a noop opens each leader's term, `members` changes the voters
 * (membership.ts), `hold` records a prepared transaction's items and `release` lets them go
 * (holds.ts: a commit orders the transaction's writes as item records before its release), and `collect` drops a global table's tombstones whose clock is below `below`
 * (an HLC timestamp every replica region has passed), or with `source`, a global secondary index's
 * tombstones from that base partition below lsn `below` (16 hex digits: workers/metadata/index-tombstones.ts).
 * `split` ends the partition's log: from it on, its `children` serve its range under map version
 * `mapVersion` (split.ts). `freeze` starts keeping the partition as it is for backup `backup` (the
 * leader's time then `at`), `thaw` stops (backup.ts).
 */
export type ControlRecord =
  | { kind: "noop"; stats: ReplicaStats }
  | { kind: "members"; voters: ReplicaRef[]; stats: ReplicaStats }
  | { kind: "collect"; below: string; source?: string; stats: ReplicaStats }
  | { kind: "hold"; tx: string; coordinator: string; since: number; items: HeldItem[]; stats: ReplicaStats }
  | { kind: "release"; tx: string; stats: ReplicaStats }
  | { kind: "split"; mapVersion: number; children: SplitChild[]; stats: ReplicaStats }
  | { kind: "freeze"; backup: string; at: number; stats: ReplicaStats }
  | { kind: "thaw"; backup: string; stats: ReplicaStats };

/** A record as the log stores it (as JSON). */
export type LogRecord =
  | ({ kind: "put"; h: string; key: Item; item: Item; size: number; stats: ReplicaStats } & Versioned &
      IndexedWrite &
      StreamedWrite)
  | ({ kind: "delete"; h: string; key: Item; stats: ReplicaStats } & Versioned &
      IndexedWrite &
      ServiceDelete &
      StreamedWrite)
  | ControlRecord;

/** A record as the leader appends it: a put's item is its JSON text, spliced in as it is. */
export type LogEntry =
  | ({ kind: "put"; h: string; key: Item; itemJson: string; size: number; stats: ReplicaStats } & Versioned &
      IndexedWrite &
      StreamedWrite)
  | ({ kind: "delete"; h: string; key: Item; stats: ReplicaStats } & Versioned &
      IndexedWrite &
      ServiceDelete &
      StreamedWrite)
  | ControlRecord;

/** An entry that changes an item: what a client's write or another region's change orders. */
export type ItemEntry = Extract<LogEntry, { kind: "put" | "delete" }>;

export type RecordKind = LogRecord["kind"];

const json = JSON.stringify;

function versioned({ v, o, nt, g, s, sl, t }: Versioned & IndexedWrite & ServiceDelete & StreamedWrite): string {
  return (
    (v === undefined ? "" : `,"v":${json(v)}`) +
    (o === undefined ? "" : `,"o":${json(o)}`) +
    (nt === undefined ? "" : `,"nt":1`) +
    (g === undefined ? "" : `,"g":${json(g)}`) +
    (s === undefined ? "" : `,"s":1`) +
    (sl === undefined ? "" : `,"sl":${json(sl)}`) +
    (t === undefined ? "" : `,"t":${t}`)
  );
}

/** The text of `entry`: `JSON.stringify` of the LogRecord it stands for, its kind first. */
export function encodeRecord(entry: LogEntry): string {
  const stats = json(entry.stats);
  switch (entry.kind) {
    case "put":
      return (
        `{"kind":"put","h":${json(entry.h)},"key":${json(entry.key)},"item":${entry.itemJson},` +
        `"size":${entry.size},"stats":${stats}${versioned(entry)}}`
      );
    case "delete":
      return `{"kind":"delete","h":${json(entry.h)},"key":${json(entry.key)},"stats":${stats}${versioned(entry)}}`;
    case "noop":
      return `{"kind":"noop","stats":${stats}}`;
    case "members":
      return `{"kind":"members","voters":${json(entry.voters)},"stats":${stats}}`;
    case "collect":
      return `{"kind":"collect","below":${json(entry.below)}${entry.source === undefined ? "" : `,"source":${json(entry.source)}`},"stats":${stats}}`;
    case "hold":
    case "release":
    case "split":
    case "freeze":
    case "thaw": {
      const { kind, stats: _, ...fields } = entry;
      return `{"kind":${json(kind)},${json(fields).slice(1, -1)},"stats":${stats}}`;
    }
    default: {
      const unknown: never = entry;
      throw new Error(`unknown log entry ${json(unknown)}`);
    }
  }
}

/** The record `text` stands for. */
export function decodeRecord(text: string): LogRecord {
  return JSON.parse(text) as LogRecord;
}

const KIND_START = '{"kind":"'.length;

/** The kind of the record `text` stands for, read from its start (see the module contract). */
export function recordKind(text: string): RecordKind {
  return text.slice(KIND_START, text.indexOf('"', KIND_START)) as RecordKind;
}

/**
 * The partition's stats after the record `text` stands for; after a `split` record, those of the
 * child `partitionId` when it is one (its items are the ones it keeps).
 */
export function recordStats(text: string, partitionId?: string): ReplicaStats {
  const record = decodeRecord(text);
  if (record.kind === "split") return record.children.find((c) => c.id === partitionId)?.stats ?? record.stats;
  return record.stats;
}

/** The version a global table's write carries (`<hlc>/<region>`), if the record is one. */
export function recordVersion(text: string): string | undefined {
  const record = decodeRecord(text);
  return record.kind === "put" || record.kind === "delete" ? record.v : undefined;
}

/**
 * The entry that makes `next` the item under `key` (whose storage hash is `h`), or deletes it
 * when `next` is undefined: the one builder for a client's writes and other regions' changes.
 */
export function itemEntry(
  h: string,
  key: Item,
  next: { item: string; size: number } | undefined,
  stats: ReplicaStats,
  versioned: Versioned & IndexedWrite & ServiceDelete,
): ItemEntry {
  return next === undefined
    ? { kind: "delete", h, key, stats, ...versioned }
    : { kind: "put", h, key, itemJson: next.item, size: next.size, stats, ...versioned };
}
