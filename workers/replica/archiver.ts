/**
 * A partition's side of point-in-time recovery (docs/issue-20-backups.md). While its table has PITR
 * on (`ReplicaConfig.pitr`), the leader
 * - archives its committed item records in segments, at most every `everyMs`: a restore to T reads
 *   the latest snapshot at or before T, then the archived records after it with `t ≤ T`;
 * - takes a snapshot when asked (PITR turned on) and when its last is older than `snapshotMs`: a
 *   freeze (backup.ts) whose view it dumps from the start, then the snapshot's `meta.json` (the mark
 *   of a complete one: its lsn, time and range), then the thaw. A new leader finding a snapshot's
 *   freeze dumps it again from the start;
 * - deletes what the window (its days) no longer needs: snapshots before the newest one at or before
 *   the window's start, and the segments before that one.
 *
 * The archived cursor (the last lsn archived) travels to the followers with the leader's appends
 * (`keep`): every member's log keeps what is not archived, and a new leader goes on from it. A
 * segment written again by a new leader overlaps an earlier one; restores merge them by lsn.
 *
 * Layout under `_dynaflare/<account>/pitr/<table id>/<partition id>/`: `log/<from>-<to>.json`
 * (16-digit lsns: `[[lsn, record], …]`, the item records in (from, to]), `snap-<lsn>/items-<n>.json`
 * and `snap-<lsn>/meta.json`.
 */
import type { Archive } from "../archive/archive";
import type { Clock } from "../clock";
import { type BackupHost, type BackupLeader, type DumpCursor, dump, type FreezeState, freeze, thaw } from "./backup";
import type { WireRecord } from "./log";
import { recordKind } from "./log-record";
import type { ReplicaConfig } from "./protocol";
import type { ReplicaStorage } from "./storage";

/** A complete snapshot's mark. */
export interface SnapshotMeta {
  lsn: number;
  at: number;
  low: string;
  high: string;
  items: number;
  bytes: number;
}

/** The freezes of snapshots carry ids `pitr/<lsn of the record before>`; a backup's never start so. */
const SNAPSHOT_FREEZE = "pitr/";
/** Records read at a time for a segment. */
const SEGMENT_RECORDS = 2000;

export const lsnText = (lsn: number) => String(lsn).padStart(16, "0");

/** The archive prefix of table `tableId`'s PITR files (every partition's, its own and its ancestors'). */
export const pitrTablePrefix = (account: string, tableId: string) => `_dynaflare/${account}/pitr/${tableId}`;

/** The archive prefix of partition `partitionId`'s PITR files. */
export const pitrPrefix = (account: string, tableId: string, partitionId: string) =>
  `${pitrTablePrefix(account, tableId)}/${partitionId}`;

export interface ArchiverHost {
  readonly clock: Clock;
  readonly store: Pick<ReplicaStorage, "getState" | "setState">;
  readonly backup: BackupHost;
  config(): ReplicaConfig | undefined;
  /** The deployment's account id (a config names another account's). */
  account(): string;
  archive(): Archive;
  /** The leader's commit index, when this member leads. */
  committed(): number | undefined;
  records(after: number, limit: number): WireRecord[];
  /** The ready leadership, if this member leads. */
  leader(): Promise<BackupLeader | undefined>;
  /** How often segments are written, how old the last snapshot may grow. */
  readonly everyMs: number;
  readonly snapshotMs: number;
}

export class Archiver {
  /** The last lsn archived (or known archived by the leader). */
  private archived: number;
  /** When the last complete snapshot was taken, by this member's knowledge. */
  private snapshotAt: number;
  private cancel: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private snapshotting: Promise<{ lsn: number; at: number } | undefined> | undefined;

  constructor(private readonly host: ArchiverHost) {
    this.archived = host.store.getState<number>("archived") ?? 0;
    this.snapshotAt = host.store.getState<number>("snapshotAt") ?? 0;
  }

  private on(): boolean {
    return this.host.config()?.pitr !== undefined;
  }

  /** The cursor the followers keep, while PITR is on. */
  cursor(): number | undefined {
    return this.on() ? this.archived : undefined;
  }

  /** The lowest lsn the log must keep for archiving. */
  floor(): number | undefined {
    return this.on() ? this.archived + 1 : undefined;
  }

  /** A follower keeps the leader's cursor. */
  keep(archived: number | undefined): void {
    if (archived !== undefined && archived > this.archived) this.save(archived);
  }

  /** Whether every record up to `lsn` is archived (a split waits for it). */
  archivedUpTo(lsn: number): boolean {
    if (!this.on()) return true;
    this.kick(0);
    return this.archived >= lsn;
  }

  private save(archived: number): void {
    this.archived = archived;
    this.host.store.setState("archived", archived);
  }

  private prefix(config: ReplicaConfig): string {
    return pitrPrefix(config.account ?? this.host.account(), config.tableId, config.partitionId);
  }

  /** After a commit: a round of archiving soon (within `everyMs`, or `delayMs`). */
  kick(delayMs = this.host.everyMs): void {
    if (!this.on() || this.cancel !== undefined) return;
    this.cancel = this.host.clock.later(delayMs, () => {
      this.cancel = undefined;
      this.running ??= this.round().finally(() => {
        this.running = undefined;
      });
    });
  }

  /** Archives everything committed now. At exit: the cursor. */
  async flush(): Promise<number> {
    await this.running;
    await this.segment();
    return this.archived;
  }

  private async round(): Promise<void> {
    try {
      await this.segment();
      const config = this.host.config();
      if (!config?.pitr) return;
      // A snapshot's freeze left by an earlier leader, or one due.
      const due = this.host.clock.now() - this.snapshotAt >= this.host.snapshotMs;
      if (this.heldSnapshot() || due) await this.snapshot();
    } catch (error) {
      console.error("pitr archiving", this.host.config()?.partitionId, error);
    }
  }

  /** Writes the committed records after the cursor as a segment. */
  private async segment(): Promise<void> {
    const config = this.host.config();
    const commit = this.host.committed();
    if (!config?.pitr || commit === undefined) return;
    while (this.archived < commit) {
      const from = this.archived;
      const batch = this.host.records(from, Math.min(SEGMENT_RECORDS, commit - from));
      if (batch.length === 0) return;
      const to = batch[batch.length - 1].lsn;
      const items = batch.filter((r) => {
        const kind = recordKind(r.record);
        return kind === "put" || kind === "delete";
      });
      const body = `[${items.map((r) => `[${r.lsn},${r.record}]`).join(",")}]`;
      await this.host.archive().put(`${this.prefix(config)}/log/${lsnText(from)}-${lsnText(to)}.json`, body);
      this.save(to);
    }
  }

  /**
   * Takes a snapshot now, or finishes the one whose freeze holds. At exit: its freeze's lsn and
   * time, once complete (undefined: this member does not lead).
   */
  snapshot(): Promise<{ lsn: number; at: number } | undefined> {
    this.snapshotting ??= this.takeSnapshot().finally(() => {
      this.snapshotting = undefined;
    });
    return this.snapshotting;
  }

  /** Starts a snapshot: at exit, its freeze's lsn and time (the dump goes on). */
  async start(): Promise<{ lsn: number; at: number } | undefined> {
    const leader = await this.host.leader();
    const config = this.host.config();
    if (!leader || !config?.pitr) return undefined;
    const frozen = await this.snapshotFreeze(leader);
    if (!frozen) return undefined;
    void this.snapshot().catch((error) => console.error("pitr snapshot", config.partitionId, error));
    return { lsn: frozen.lsn, at: frozen.at };
  }

  /** The freeze of a snapshot being taken, if one holds. */
  private heldSnapshot(): FreezeState | undefined {
    return this.host.backup.frozen.all().find((f) => f.backup.startsWith(SNAPSHOT_FREEZE));
  }

  /** The freeze of the snapshot being taken, or of a new one, ordered now. */
  private async snapshotFreeze(leader: BackupLeader): Promise<FreezeState | undefined> {
    const held = this.heldSnapshot();
    if (held) return held;
    const backup = `${SNAPSHOT_FREEZE}${this.host.backup.last()}`;
    const frozen = await freeze(this.host.backup, leader, backup);
    return frozen.ok ? { backup, ...frozen.value } : undefined;
  }

  private async takeSnapshot(): Promise<{ lsn: number; at: number } | undefined> {
    const leader = await this.host.leader();
    const config = this.host.config();
    if (!leader || !config?.pitr) return undefined;
    const held = await this.snapshotFreeze(leader);
    if (!held) return undefined;
    const prefix = `${this.prefix(config)}/snap-${lsnText(held.lsn)}`;
    let cursor: DumpCursor = { pages: 0, items: 0, bytes: 0 };
    for (;;) {
      const step = await dump(this.host.backup, held.backup, prefix, cursor, 5_000);
      if (!step.ok) return undefined;
      cursor = step.value.cursor;
      if (step.value.done) break;
    }
    const meta: SnapshotMeta = {
      lsn: held.lsn,
      at: held.at,
      low: config.low,
      high: config.high,
      items: cursor.items,
      bytes: cursor.bytes,
    };
    await this.host.archive().put(`${prefix}/meta.json`, JSON.stringify(meta));
    await thaw(this.host.backup, leader, held.backup);
    this.snapshotAt = held.at;
    this.host.store.setState("snapshotAt", held.at);
    await this.expire(config);
    return { lsn: held.lsn, at: held.at };
  }

  /** Deletes the snapshots and segments the window no longer needs. */
  private async expire(config: ReplicaConfig): Promise<void> {
    const days = config.pitr?.days;
    if (days === undefined) return;
    const archive = this.host.archive();
    const prefix = this.prefix(config);
    const keys = await archive.list(prefix);
    const snapshots = keys
      .filter((k) => k.endsWith("/meta.json"))
      .map((k) => Number(k.slice(prefix.length + "/snap-".length, prefix.length + "/snap-".length + 16)))
      .sort((a, b) => a - b);
    const metas = await Promise.all(
      snapshots.map(async (lsn) => {
        const bytes = await archive.get(`${prefix}/snap-${lsnText(lsn)}/meta.json`);
        return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as SnapshotMeta) : undefined;
      }),
    );
    const start = this.host.clock.now() - days * 86_400_000;
    const kept = metas.filter((m): m is SnapshotMeta => m !== undefined && m.at <= start).at(-1);
    if (!kept) return;
    const stale = keys.filter((key) => {
      const rest = key.slice(prefix.length + 1);
      if (rest.startsWith("snap-")) return Number(rest.slice(5, 21)) < kept.lsn;
      if (rest.startsWith("log/")) return Number(rest.slice(4 + 17, 4 + 33)) <= kept.lsn;
      return false;
    });
    await archive.delete(stale);
  }
}
