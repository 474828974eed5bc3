/**
 * The replica's storage (workers/replica/storage.ts `ReplicaStorage`) in memory, for unit tests
 * in Node: its state rows, its log (what workers/replica/log.ts `LogStorage` needs) and its items
 * and tombstones. State values go through JSON as they do in SQLite; keys compare as the
 * storage compares them (hash, then the bytes of the partition and sort keys).
 */

import type { Holds } from "../../workers/replica/holds";
import type { LocalEntry, LocalIndexStorage } from "../../workers/replica/local-index-storage";
import type { LogStorage } from "../../workers/replica/log";
import type { StreamRow } from "../../workers/replica/protocol";
import type { ItemText, ReplicaStorage, StoredItem, StoredKey, Tombstone } from "../../workers/replica/storage";
import type { StreamRecords } from "../../workers/replica/stream-records";

type ItemStorage = Pick<
  ReplicaStorage,
  | "getItem"
  | "putItem"
  | "deleteItem"
  | "versionOf"
  | "greatestVersion"
  | "putTombstone"
  | "deleteTombstone"
  | "deleteTombstonesBelow"
  | "oldestTombstone"
  | "tombstoneCount"
  | "itemsAfter"
  | "tombstonesAfter"
>;

interface LogRow {
  lsn: number;
  term: number;
  record: string;
}

/** The storage key as a map key, which sorts as the storage sorts its keys. */
function keyString(key: StoredKey): string {
  const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${key.h}\u0000${hex(key.pk)}\u0000${hex(key.sk)}`;
}

const copyKey = (key: StoredKey): StoredKey => ({ h: key.h, pk: key.pk.slice(), sk: key.sk.slice() });

export class MemoryStorage implements LogStorage, ItemStorage {
  readonly state = new Map<string, string>();
  /** The names of every state write, in order. */
  readonly stateWrites: string[] = [];
  private log: LogRow[] = [];
  readonly items = new Map<string, StoredItem & { lsn: number }>();
  readonly tombstones = new Map<string, Tombstone>();

  // --- state -------------------------------------------------------------------------------

  getState<T>(name: string): T | undefined {
    const value = this.state.get(name);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  setState(name: string, value: unknown): void {
    this.stateWrites.push(name);
    this.state.set(name, JSON.stringify(value));
  }

  /** How many times `name` was written. */
  writesOf(name: string): number {
    return this.stateWrites.filter((n) => n === name).length;
  }

  // --- log ---------------------------------------------------------------------------------

  appendLog(lsn: number, term: number, record: string): void {
    if (this.log.some((r) => r.lsn === lsn)) throw new Error(`log: lsn ${lsn} already stored`);
    this.log.push({ lsn, term, record });
    this.log.sort((a, b) => a.lsn - b.lsn);
  }

  lastLogRecord(): { lsn: number; term: number } | undefined {
    const last = this.log.at(-1);
    return last && { lsn: last.lsn, term: last.term };
  }

  logTermAt(lsn: number): number | undefined {
    return this.log.find((r) => r.lsn === lsn)?.term;
  }

  logRecordAt(lsn: number): string | undefined {
    return this.log.find((r) => r.lsn === lsn)?.record;
  }

  logAfter(lsn: number, limit: number): { lsn: number; term: number; record: string }[] {
    return this.log
      .filter((r) => r.lsn > lsn)
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }

  truncateLog(lsn: number): void {
    this.log = this.log.filter((r) => r.lsn > lsn);
  }

  truncateLogFrom(lsn: number): void {
    this.log = this.log.filter((r) => r.lsn < lsn);
  }

  /** The lsns the log holds, in order. */
  logLsns(): number[] {
    return this.log.map((r) => r.lsn);
  }

  // --- items -------------------------------------------------------------------------------

  getItem(key: StoredKey): ItemText | undefined {
    const row = this.items.get(keyString(key));
    return row && { item: row.item, size: row.size };
  }

  putItem(item: StoredItem, lsn: number): void {
    const { version, ...rest } = item;
    this.items.set(keyString(item), {
      ...copyKey(rest),
      item: rest.item,
      size: rest.size,
      lsn,
      ...(version ? { version } : {}),
    });
  }

  deleteItem(key: StoredKey): void {
    this.items.delete(keyString(key));
  }

  versionOf(key: StoredKey): { version?: string; tombstone: boolean; size?: number } | undefined {
    const item = this.items.get(keyString(key));
    if (item) return { version: item.version, tombstone: false, size: item.size };
    const tombstone = this.tombstones.get(keyString(key));
    return tombstone ? { version: tombstone.version, tombstone: true } : undefined;
  }

  greatestVersion(): string | undefined {
    let greatest: string | undefined;
    for (const v of [...this.items.values(), ...this.tombstones.values()].map((r) => r.version)) {
      if (v !== undefined && (greatest === undefined || v > greatest)) greatest = v;
    }
    return greatest;
  }

  putTombstone(key: StoredKey, version: string): void {
    this.tombstones.set(keyString(key), { ...copyKey(key), version });
  }

  deleteTombstone(key: StoredKey): void {
    this.tombstones.delete(keyString(key));
  }

  deleteTombstonesBelow(below: string, source?: string): void {
    for (const [k, t] of this.tombstones) {
      if (t.version < below && (source === undefined || t.version.slice(17) === source)) {
        this.tombstones.delete(k);
      }
    }
  }

  oldestTombstone(): string | undefined {
    let oldest: string | undefined;
    for (const { version } of this.tombstones.values()) if (oldest === undefined || version < oldest) oldest = version;
    return oldest;
  }

  tombstoneCount(): number {
    return this.tombstones.size;
  }

  itemsAfter(after: StoredKey | undefined, limit: number): StoredItem[] {
    return pageAfter(this.items, after, limit).map(({ lsn: _, ...item }) => item);
  }

  tombstonesAfter(after: StoredKey | undefined, limit: number): Tombstone[] {
    return pageAfter(this.tombstones, after, limit);
  }
}

/** The rows in key order strictly after `after`, at most `limit`. */
function pageAfter<R>(rows: Map<string, R>, after: StoredKey | undefined, limit: number): R[] {
  const from = after && keyString(after);
  return [...rows.entries()]
    .filter(([k]) => from === undefined || k > from)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([, row]) => row);
}

/** The entries of the local secondary indexes (local-index-storage.ts) in memory, by item key. */
export class MemoryLocalEntries implements Pick<LocalIndexStorage, "put" | "delete"> {
  readonly byItem = new Map<string, LocalEntry[]>();

  put(key: StoredKey, entries: LocalEntry[]): void {
    if (entries.length === 0) this.byItem.delete(keyString(key));
    else this.byItem.set(keyString(key), entries);
  }

  delete(key: StoredKey): void {
    this.byItem.delete(keyString(key));
  }
}

/** The items transactions hold (workers/replica/holds.ts), as applying records leaves them: storage key → transaction. */
export class MemoryHolds implements Pick<Holds, "applyHold" | "applyRelease" | "discardOverlay"> {
  readonly byItem = new Map<string, string>();

  applyHold(record: { tx: string }, keys: StoredKey[]): void {
    for (const key of keys) this.byItem.set(keyString(key), record.tx);
  }

  applyRelease(tx: string): void {
    for (const [key, holder] of this.byItem) if (holder === tx) this.byItem.delete(key);
  }

  discardOverlay(): void {}
}

/** The change records of a partition's stream shards (workers/replica/stream-records.ts) in memory, by lsn. */
export class MemoryStreamRecords implements Pick<StreamRecords, "put" | "trimSoon"> {
  readonly byLsn = new Map<number, Omit<StreamRow, "lsn">>();

  put(lsn: number, label: string, row: Omit<StreamRow, "lsn" | "label">): void {
    if (!this.byLsn.has(lsn)) this.byLsn.set(lsn, { ...row, label });
  }

  trimSoon(): void {}
}
