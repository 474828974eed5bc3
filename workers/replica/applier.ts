/**
 * Applying a member's committed records to its items, and the leader's overlay of what it has
 * ordered and not yet applied.
 *
 * - Members apply lazily: a commit only schedules applying (`applySoon`), so that it costs no
 *   durable transaction of its own. The leader's next write and a follower's next append apply
 *   in their own transaction, and every read of the items applies first (`applyCommitted`).
 * - The leader's conditions read the latest state of a key: its ordered records (`pending`)
 *   over the items. Its own records are applied from memory, with no parse; any other record (a
 *   follower's, an earlier leader's) from the log.
 * - A member learns that records are committed from leading, from its leader's appends, or from
 *   a write a router saw acknowledged (`reaches`): Raft's log matching makes every record up to
 *   an acknowledged one committed.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import type { IndexShape } from "../../shared/indexes/entries";
import type { Clock } from "../clock";
import type { Frozen } from "./backup";
import type { Holds } from "./holds";
import type { LocalIndexStorage } from "./local-index-storage";
import { localEntriesOf } from "./local-indexes";
import { type LogBase, type ReplicaLog, statsAfter } from "./log";
import type { ControlRecord, ItemEntry, LogRecord, StreamedWrite, Versioned } from "./log-record";
import type { LogPosition, ReplicaStats } from "./protocol";
import type { ItemText, ReplicaStorage, StoredItem, StoredKey } from "./storage";
import { storedKeyText } from "./stored-key";
import { changeEvent, type StreamRecords } from "./stream-records";

/** How long committed records wait unapplied when no write or read applies them first. */
export const APPLY_AFTER_MS = 5;

/** What a key's latest ordered record made of it: its item (none: deleted), lsn and version. */
export interface PendingState {
  lsn: number;
  item: ItemText | undefined;
  version?: string;
}

/** The log as the applier uses it. */
export type ApplyLog = Pick<
  ReplicaLog,
  "applied" | "last" | "termAt" | "append" | "after" | "records" | "markApplied" | "appliedStats" | "statsOf"
>;

/** The item writes that applying makes. */
export type ItemWrites = Pick<
  ReplicaStorage,
  "getItem" | "putItem" | "deleteItem" | "putTombstone" | "deleteTombstone" | "deleteTombstonesBelow"
>;

export interface ApplierHost {
  readonly log: ApplyLog;
  readonly items: ItemWrites;
  /** The entries of the local secondary indexes, kept beside the items. */
  readonly localEntries: Pick<LocalIndexStorage, "put" | "delete">;
  /** The items prepared transactions hold. */
  readonly holds: Pick<Holds, "applyHold" | "applyRelease" | "discardOverlay">;
  /** The change records of the partition's stream shards. */
  readonly streamRecords: Pick<StreamRecords, "put" | "trimSoon">;
  /** What a backup's freeze keeps of the items records change (backup.ts). */
  readonly frozen: Pick<Frozen, "keep" | "apply">;
  readonly clock: Clock;
  /** Runs `fn` in one storage transaction. */
  transaction(fn: () => void): void;
  /** A log replica keeps the log and no items. */
  logOnly(): boolean;
  keySchema(): KeySchema | undefined;
  /** The storage key of a record's key, by the partition's configuration. */
  storedKey(key: Item): StoredKey;
  /** The table's local secondary indexes, kept beside the items. */
  localIndexes(): IndexShape[] | undefined;
  /** The label of the table's stream by this member's configuration, if it has one: the records it orders are the stream's. */
  streamLabel(): string | undefined;
  /** The commit index of this member's leadership, if it leads. */
  leaderCommit(): number | undefined;
  /** The lowest lsn the log must still keep for others (followers, snapshots, regions), if any. */
  neededLsn(): number | undefined;
  /**
   * Applies a `split` record committed at `lsn` (split.ts): a child's member takes its part and
   * its place. At exit: the stats after it, for this member.
   */
  split(record: Extract<LogRecord, { kind: "split" }>, lsn: number): ReplicaStats;
  /** A `collect` record dropped the tombstones below `below` (with `source`: that source's only). */
  collected(below: string, source?: string): void;
}

export class Applier {
  /** Records the leader ordered and has not applied, by key: the latest state for conditions. */
  private readonly pending = new Map<string, PendingState>();
  /** The leader's own records not yet applied, so applying needs no parse. */
  private readonly unapplied = new Map<number, { entry: ItemEntry; key: StoredKey }>();
  /** The highest lsn known committed other than by leading. */
  private knownCommit = 0;
  private cancelApply: (() => void) | undefined;
  private appliedStats: ReplicaStats;
  /** The stats after the last record ordered. */
  private tailStats: ReplicaStats;
  /** The time of the last item record ordered (`t`: log-record.ts). */
  private lastTime = 0;

  constructor(private readonly host: ApplierHost) {
    this.appliedStats = host.log.appliedStats();
    this.tailStats = this.appliedStats;
  }

  /** The partition's stats after the applied index. */
  get stats(): ReplicaStats {
    return this.appliedStats;
  }

  /** The stats after one more write on top of everything ordered. */
  statsAfter(oldSize: number | undefined, newSize: number | undefined): ReplicaStats {
    return statsAfter(this.tailStats, oldSize, newSize);
  }

  /** What `key`'s latest ordered record made of it, if a record not yet applied wrote it. */
  pendingAt(key: StoredKey): PendingState | undefined {
    return this.pending.size > 0 ? this.pending.get(storedKeyText(key)) : undefined;
  }

  /** The latest state of a key as the leader sees it: ordered records first, then the items. */
  latest(key: StoredKey): ItemText | undefined {
    // Committed records not yet applied may be a former leader's, which `pending` does not hold.
    // Applied here, they share the transaction of the record the decision appends.
    this.applyCommitted();
    const pending = this.pendingAt(key);
    return pending ? pending.item : this.host.items.getItem(key);
  }

  /** Appends `entry` (the leader's decision for `key`) in `term`. At exit: its lsn, and it is `key`'s latest state. */
  order(term: number, entry: ItemEntry, key: StoredKey): number {
    const label = this.host.streamLabel();
    if (label !== undefined) entry.sl = label;
    entry.t = this.stamp();
    const lsn = this.host.log.append(term, entry);
    this.tailStats = entry.stats;
    const item = entry.kind === "put" ? { item: entry.itemJson, size: entry.size } : undefined;
    this.pending.set(storedKeyText(key), { lsn, item, version: entry.v });
    this.unapplied.set(lsn, { entry, key });
    return lsn;
  }

  /** The leader's time for the record it orders next: now, and never below the last one's. */
  stamp(): number {
    this.lastTime = Math.max(this.lastTime, this.host.clock.now());
    return this.lastTime;
  }

  /** Appends a record that changes no item, carrying the stats of everything ordered. At exit: its lsn. */
  orderControl(term: number, record: DistributiveOmit<ControlRecord, "stats">): number {
    return this.host.log.append(term, { ...record, stats: this.tailStats } as ControlRecord);
  }

  /** A new leadership starts from the last record in the log, applied or not. */
  startTerm(): void {
    const log = this.host.log;
    const [last] = log.last === log.applied ? [] : log.after(log.last - 1, 1);
    this.tailStats = last ? log.statsOf(last.record) : this.appliedStats;
  }

  /** Leadership ended: what it ordered and did not apply is no longer the latest state. */
  discardOverlay(): void {
    this.host.holds.discardOverlay();
    this.pending.clear();
    this.unapplied.clear();
    this.tailStats = this.appliedStats;
  }

  /** Records up to `lsn` are committed (from the leader's appends). */
  learnCommit(lsn: number): void {
    this.knownCommit = Math.max(this.knownCommit, lsn);
  }

  /**
   * Whether this member's log holds `seen`, an acknowledged and so committed record: then every
   * record up to it is committed, and reads apply them first.
   */
  reaches(seen: LogPosition): boolean {
    const log = this.host.log;
    if (seen.lsn <= log.applied) return true;
    if (log.termAt(seen.lsn) !== seen.term) return false;
    this.learnCommit(seen.lsn);
    return true;
  }

  /** A snapshot up to `base` replaced the log and the items. */
  installed(base: LogBase): void {
    this.knownCommit = base.lsn;
    this.appliedStats = base.stats;
    this.tailStats = base.stats;
  }

  /** The storage was wiped. */
  reset(): void {
    this.discardOverlay();
    this.knownCommit = 0;
    this.appliedStats = this.host.log.appliedStats();
    this.tailStats = this.appliedStats;
  }

  /** Applies what is committed and not yet applied. */
  applyCommitted(): void {
    const log = this.host.log;
    const commit = Math.min(Math.max(this.host.leaderCommit() ?? 0, this.knownCommit), log.last);
    if (commit > log.applied) this.applyTo(commit);
  }

  /** Applies what is committed soon, unless a write or read does it first. */
  applySoon(): void {
    if (this.cancelApply !== undefined) return;
    this.cancelApply = this.host.clock.later(APPLY_AFTER_MS, () => {
      this.cancelApply = undefined;
      this.applyCommitted();
    });
  }

  /** Applies the committed records up to `lsn`, in order, in one transaction. */
  private applyTo(lsn: number): void {
    const { log } = this.host;
    const from = log.applied;
    let own = true;
    for (let at = from + 1; at <= lsn && own; at++) own = this.unapplied.has(at);
    let stats = this.appliedStats;
    this.host.transaction(() => {
      if (this.host.logOnly()) {
        const [last] = log.after(lsn - 1, 1);
        if (last) stats = log.statsOf(last.record);
      } else if (own) {
        for (let at = from + 1; at <= lsn; at++) {
          const { entry, key } = this.unapplied.get(at)!;
          if (entry.sl !== undefined) {
            this.recordChange(
              at,
              key,
              entry,
              entry.kind === "put" ? { item: entry.itemJson, size: entry.size } : undefined,
            );
          }
          this.host.frozen.keep(key);
          if (entry.kind === "put") this.putItem(key, entry.itemJson, entry.size, entry, at);
          else this.deleteItem(key, entry.v);
          stats = entry.stats;
        }
      } else {
        for (const { lsn: at, record } of log.records(from, lsn)) stats = this.applyRecord(record, at);
      }
      log.markApplied(lsn, this.host.neededLsn());
      this.host.streamRecords.trimSoon();
    });
    this.appliedStats = stats;
    for (let at = from + 1; at <= lsn; at++) {
      const applied = this.unapplied.get(at);
      if (!applied) continue;
      this.unapplied.delete(at);
      const k = storedKeyText(applied.key);
      if (this.pending.get(k)?.lsn === at) this.pending.delete(k);
    }
  }

  /** An item of a snapshot being installed (its log position is the snapshot's). */
  installRow(row: StoredItem): void {
    this.putItem(row, row.item, row.size, { v: row.version ?? undefined }, 0);
  }

  /** Applies `record`, committed at `lsn`. At exit: the stats after it. */
  private applyRecord(record: LogRecord, lsn: number): ReplicaStats {
    if (record.kind === "noop" || record.kind === "members") return record.stats;
    if (record.kind === "split") return this.host.split(record, lsn);
    if (record.kind === "hold") {
      this.host.holds.applyHold(
        record,
        record.items.map((item) => this.host.storedKey(item.key)),
      );
      return record.stats;
    }
    if (record.kind === "release") {
      this.host.holds.applyRelease(record.tx);
      return record.stats;
    }
    if (record.kind === "freeze" || record.kind === "thaw") {
      this.host.frozen.apply(record, lsn);
      return record.stats;
    }
    if (record.kind === "collect") {
      this.host.items.deleteTombstonesBelow(record.below, record.source);
      this.host.collected(record.below, record.source);
      return record.stats;
    }
    const key = this.host.storedKey(record.key);
    const next = record.kind === "put" ? { item: JSON.stringify(record.item), size: record.size } : undefined;
    if (record.sl !== undefined) this.recordChange(lsn, key, record, next);
    this.host.frozen.keep(key);
    if (record.kind === "put") this.putItem(key, next!.item, record.size, record, lsn, record.item);
    else this.deleteItem(key, record.v);
    return record.stats;
  }

  /**
   * Records in the record's stream the change item record `lsn` makes to `key` (to `next`, or a
   * delete), if it changes anything; before the record is applied, so the item before it is read.
   */
  private recordChange(
    lsn: number,
    key: StoredKey,
    record: { key: Item } & StreamedWrite & { s?: 1 },
    next: ItemText | undefined,
  ): void {
    if (this.host.logOnly()) return;
    const old = this.host.items.getItem(key);
    const event = changeEvent(old, next);
    if (event === undefined) return;
    this.host.streamRecords.put(lsn, record.sl!, {
      at: record.t ?? this.host.clock.now(),
      event,
      keys: JSON.stringify(record.key),
      ...(old ? { old } : {}),
      ...(next ? { new: next } : {}),
      ...(record.s ? { service: true } : {}),
    });
  }

  /** A versioned write (a global table's) replaces the key's tombstone, unless it held none (`nt`); a versioned delete leaves one. */
  private putItem(
    key: StoredKey,
    item: string,
    size: number,
    { v: version, nt }: Versioned,
    lsn: number,
    parsed?: Item,
  ): void {
    const { items } = this.host;
    items.putItem({ ...key, item, size, version }, lsn);
    if (version !== undefined && nt === undefined) items.deleteTombstone(key);
    const indexes = this.host.localIndexes();
    if (indexes?.length) {
      const schema = this.host.keySchema()!;
      this.host.localEntries.put(key, localEntriesOf(parsed ?? (JSON.parse(item) as Item), size, indexes, schema));
    }
  }

  private deleteItem(key: StoredKey, version: string | undefined): void {
    const { items } = this.host;
    items.deleteItem(key);
    if (version !== undefined) items.putTombstone(key, version);
    if (this.host.localIndexes()?.length) this.host.localEntries.delete(key);
  }
}

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
