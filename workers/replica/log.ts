/**
 * The replica's write-ahead log: records get consecutive log sequence numbers, are appended
 * before they are applied, and are truncated once applied and old enough that no follower or
 * cross-region shipper needs them (a bounded tail is kept for both).
 *
 * Invariant: a record is appended and applied in one transaction, so every logged record is
 * applied and the applied index is the last sequence number. Each record also carries the
 * partition's running stats after it, so a write changes the log and the item and no other
 * row (a state row per write cost a third page and statement per commit); the latest record is
 * never truncated, so the stats survive restarts. When replication separates append from
 * apply, the applied index gets a persisted row of its own again.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { ReplicaStats } from "./protocol";
import type { ReplicaStorage } from "./storage";

/** A record as the log stores it (as JSON). */
export type LogRecord =
  | { kind: "put"; h: string; key: Item; item: Item; size: number; stats: ReplicaStats }
  | { kind: "delete"; h: string; key: Item; stats: ReplicaStats };

/** A record as the replica appends it: a put's item is its JSON text. */
export type LogEntry =
  | { kind: "put"; h: string; key: Item; itemJson: string; size: number; stats: ReplicaStats }
  | { kind: "delete"; h: string; key: Item; stats: ReplicaStats };

/** The log's text of an entry: `JSON.stringify` of the LogRecord it stands for. */
export function recordText(entry: LogEntry): string {
  if (entry.kind === "delete") return JSON.stringify(entry);
  const { h, key, itemJson, size, stats } = entry;
  return (
    `{"kind":"put","h":${JSON.stringify(h)},"key":${JSON.stringify(key)},"item":${itemJson},` +
    `"size":${size},"stats":${JSON.stringify(stats)}}`
  );
}

/** The stats after a write that replaced an item of `oldSize` (undefined: none) by one of `newSize` (undefined: deleted). */
export function statsAfter(
  stats: ReplicaStats,
  oldSize: number | undefined,
  newSize: number | undefined,
): ReplicaStats {
  const added = (newSize === undefined ? 0 : 1) - (oldSize === undefined ? 0 : 1);
  return { itemCount: stats.itemCount + added, sizeBytes: stats.sizeBytes - (oldSize ?? 0) + (newSize ?? 0) };
}

/** Applied records kept in the log beyond the applied index. */
export const LOG_RETAINED = 1000;

export class LogWriter {
  private last: number;
  private appliedIndex: number;
  private readonly epoch: number;

  constructor(private readonly store: ReplicaStorage) {
    this.last = store.lastLsn();
    this.appliedIndex = this.last;
    this.epoch = store.getState<number>("epoch") ?? 1;
  }

  /**
   * The stats the latest record carries; for a log written before records carried them, the
   * stats row that was then written with every record; zero for an empty partition.
   */
  lastStats(): ReplicaStats {
    const text = this.store.lastLogRecord();
    const record = text === undefined ? undefined : (JSON.parse(text) as Partial<LogRecord>);
    return record?.stats ?? this.store.getState<ReplicaStats>("stats") ?? { itemCount: 0, sizeBytes: 0 };
  }

  /** Appends a record. At exit it is in the log (durable once the transaction commits). */
  append(entry: LogEntry): number {
    const lsn = ++this.last;
    this.store.appendLog(lsn, this.epoch, recordText(entry));
    return lsn;
  }

  /** Records that every entry up to `lsn` is applied to the items (in the append's transaction). */
  applied(lsn: number): void {
    this.appliedIndex = lsn;
    if (lsn % LOG_RETAINED === 0) this.store.truncateLog(lsn - LOG_RETAINED);
  }

  get appliedLsn(): number {
    return this.appliedIndex;
  }
}
