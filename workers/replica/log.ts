/**
 * The replica's write-ahead log: records with consecutive log sequence numbers (lsn), each
 * tagged with the term of the leader that ordered it. The leader appends, followers copy the
 * leader's records, and every member applies records to its items in lsn order once they are
 * committed (persisted on a majority of the group).
 *
 * Invariants:
 * - Records at or below the applied index are committed, identical on every member, and never
 *   rewritten; only an uncommitted suffix is ever truncated (by a new leader's records).
 * - Each record carries the partition's running stats after it, so the stats after applying
 *   lsn N are those of record N: applying changes the items and the applied index, no other row.
 * - Applied records are truncated once no member needs them, keeping a bounded tail; a member
 *   further behind than the tail catches up from a snapshot.
 */
import { decodeRecord, encodeRecord, type LogEntry, type LogRecord, recordStats } from "./log-record";
import type { ReplicaRef, ReplicaStats } from "./protocol";
import type { ReplicaStorage } from "./storage";

/** A record on the wire between members: its lsn, its term and its text. */
export interface WireRecord {
  lsn: number;
  term: number;
  record: string;
}

/** Where the log starts after a snapshot: the last lsn the snapshot holds, its term and stats. */
export interface LogBase {
  lsn: number;
  term: number;
  stats: ReplicaStats;
  /** The voters in force at `lsn` (membership.ts). */
  voters?: ReplicaRef[];
}

/** The storage the log reads and writes: its state rows and log rows. */
export type LogStorage = Pick<
  ReplicaStorage,
  | "getState"
  | "setState"
  | "appendLog"
  | "lastLogRecord"
  | "logTermAt"
  | "logRecordAt"
  | "logAfter"
  | "truncateLog"
  | "truncateLogFrom"
>;

const EMPTY_BASE: LogBase = { lsn: 0, term: 0, stats: { itemCount: 0, sizeBytes: 0 } };

/** The stats after a write that replaced an item of `oldSize` (undefined: none) by one of `newSize` (undefined: deleted). */
export function statsAfter(
  stats: ReplicaStats,
  oldSize: number | undefined,
  newSize: number | undefined,
): ReplicaStats {
  const added = (newSize === undefined ? 0 : 1) - (oldSize === undefined ? 0 : 1);
  return { itemCount: stats.itemCount + added, sizeBytes: stats.sizeBytes - (oldSize ?? 0) + (newSize ?? 0) };
}

/** Applied records kept in the log beyond what every member has. */
export const LOG_RETAINED = 1000;
/** Records kept for a member that is behind; past this it catches up from a snapshot. */
export const LOG_HELD_FOR_LAGGARDS = 20_000;

/**
 * The newest records kept in memory as well (at most this many, and this much text): a leader
 * ships them to each follower and a follower applies them soon after appending, with no read back.
 */
const TAIL_RECORDS = 256;
const TAIL_CHARS = 256 * 1024;

/** The log of one replica over its storage. Methods that write run inside the caller's transaction. */
export class ReplicaLog {
  private lastLsn: number;
  private lastTermValue: number;
  private appliedLsn: number;
  private base: LogBase;
  /** The newest records, consecutive and ending at the last one (or empty): a copy of the log's end. */
  private tail: WireRecord[] = [];
  private tailChars = 0;

  /** `partition`: the partition this member serves now (a split record's stats are its child's). */
  constructor(
    private readonly store: LogStorage,
    private readonly partition: () => string | undefined = () => undefined,
  ) {
    this.base = store.getState<LogBase>("base") ?? EMPTY_BASE;
    const last = store.lastLogRecord();
    this.lastLsn = last?.lsn ?? this.base.lsn;
    this.lastTermValue = last?.term ?? this.base.term;
    // A log written before replication kept no applied row: it applied each record as it appended it.
    this.appliedLsn = store.getState<number>("applied") ?? this.lastLsn;
  }

  get last(): number {
    return this.lastLsn;
  }

  get lastTerm(): number {
    return this.lastTermValue;
  }

  get applied(): number {
    return this.appliedLsn;
  }

  /** The first lsn still in the log (records below it are only in the items). */
  get first(): number {
    return this.base.lsn + 1;
  }

  /** The term of record `lsn`; undefined when it is not in the log (beyond the end, or truncated). */
  termAt(lsn: number): number | undefined {
    if (lsn === this.base.lsn) return this.base.term;
    if (lsn === this.lastLsn) return this.lastTermValue;
    if (lsn < this.base.lsn || lsn > this.lastLsn) return undefined;
    return this.fromTail(lsn)?.term ?? this.store.logTermAt(lsn);
  }

  /** The stats after the applied index. */
  appliedStats(): ReplicaStats {
    if (this.appliedLsn === this.base.lsn) return this.base.stats;
    const text = this.store.logRecordAt(this.appliedLsn);
    return (
      (text === undefined ? undefined : this.statsOf(text)) ??
      this.store.getState<ReplicaStats>("stats") ??
      EMPTY_BASE.stats
    );
  }

  /** The stats after the record `text`, for this member (log-record.ts `recordStats`). */
  statsOf(text: string): ReplicaStats {
    return recordStats(text, this.partition());
  }

  /** Appends the leader's entry in `term`. At exit it is in the log (durable once the transaction commits). */
  append(term: number, entry: LogEntry): number {
    const lsn = this.lastLsn + 1;
    this.appendWire({ lsn, term, record: encodeRecord(entry) });
    return lsn;
  }

  /** Copies a leader's record, which follows the current last one. */
  appendWire(record: WireRecord): void {
    this.store.appendLog(record.lsn, record.term, record.record);
    this.lastLsn = record.lsn;
    this.lastTermValue = record.term;
    const tail = this.tail;
    if (tail.length > 0 && tail[tail.length - 1].lsn !== record.lsn - 1) this.dropTail(tail.length);
    tail.push(record);
    this.tailChars += record.record.length;
    let drop = 0;
    while (tail.length - drop > TAIL_RECORDS || (this.tailChars > TAIL_CHARS && drop < tail.length - 1)) {
      this.tailChars -= tail[drop++].record.length;
    }
    if (drop > 0) tail.splice(0, drop);
  }

  /** Drops the uncommitted records from `lsn` on: a new leader's log differs there. */
  truncateFrom(lsn: number): void {
    if (lsn <= this.appliedLsn) throw new Error(`log: truncating committed record ${lsn}`);
    this.store.truncateLogFrom(lsn);
    const first = this.tail[0]?.lsn ?? lsn;
    this.dropTail(this.tail.length - Math.max(0, lsn - first));
    this.lastLsn = lsn - 1;
    this.lastTermValue = this.termAt(lsn - 1) ?? 0;
  }

  /** Records after `lsn`, in order, at most `limit` of them. */
  after(lsn: number, limit: number): WireRecord[] {
    const tail = this.tail;
    const start = tail.length > 0 ? lsn + 1 - tail[0].lsn : -1;
    if (start >= 0 && lsn >= this.base.lsn) return tail.slice(start, start + limit);
    return this.store.logAfter(lsn, limit);
  }

  /** The records in (from, to], parsed, for applying. */
  *records(from: number, to: number): Generator<{ lsn: number; record: LogRecord }> {
    for (const row of this.after(from, to - from)) yield { lsn: row.lsn, record: decodeRecord(row.record) };
  }

  private fromTail(lsn: number): WireRecord | undefined {
    const tail = this.tail;
    return tail.length > 0 && lsn >= tail[0].lsn ? tail[lsn - tail[0].lsn] : undefined;
  }

  /** Forgets the newest `count` records of the tail. */
  private dropTail(count: number): void {
    for (let i = 0; i < count; i++) this.tailChars -= this.tail.pop()!.record.length;
  }

  /**
   * Records that everything up to `lsn` is applied, and drops log records no member needs:
   * `needed` is the lowest lsn some member still lacks (the leader's view), or undefined.
   */
  markApplied(lsn: number, needed?: number): void {
    const previous = this.appliedLsn;
    this.appliedLsn = lsn;
    this.store.setState("applied", lsn);
    // Once per LOG_RETAINED records applied, however far each call moves the index.
    if (Math.floor(lsn / LOG_RETAINED) === Math.floor(previous / LOG_RETAINED)) return;
    const keepFrom = Math.min(lsn - LOG_RETAINED, Math.max(needed ?? lsn, lsn - LOG_HELD_FOR_LAGGARDS));
    this.truncateBefore(keepFrom);
  }

  private truncateBefore(lsn: number): void {
    if (lsn <= this.first) return;
    const term = this.termAt(lsn - 1);
    if (term === undefined) return;
    const text = this.store.logRecordAt(lsn - 1);
    const stats = (text && this.statsOf(text)) || EMPTY_BASE.stats;
    this.base = { lsn: lsn - 1, term, stats };
    this.store.setState("base", this.base);
    this.store.truncateLog(lsn - 1);
  }

  /** Resets the log to a snapshot's base: every record is dropped and the base is applied. */
  resetTo(base: LogBase): void {
    this.store.truncateLogFrom(0);
    this.dropTail(this.tail.length);
    this.base = base;
    this.store.setState("base", base);
    this.lastLsn = base.lsn;
    this.lastTermValue = base.term;
    this.appliedLsn = base.lsn;
    this.store.setState("applied", base.lsn);
  }
}
