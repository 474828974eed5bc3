/**
 * A partition's part of a backup (docs/issue-20-backups.md): the partition exactly as it was at
 * its `freeze` record, and its item records after it up to the backup's time, written to the
 * archive while writes go on.
 *
 * Members (`Frozen`): applying backup X's `freeze` (at lsn B) starts keeping, for each item a later
 * record changes, its state at B (the `frozen` table: the old item, or none, under X). X's view,
 * the items `frozen` holds nothing of for X and X's present ones there, is then the partition at
 * B on every member alike (apply is deterministic), so a new leader carries on a dump where the
 * old one stopped. Several backups may hold freezes at once, each its own images. The log is kept
 * from the oldest freeze. Applying X's `thaw` drops what X's freeze kept. A snapshot installed
 * drops every freeze: its items are not the partition at B, and a dump at such a member is refused
 * (`BACKUP_LOST`), so the backup starts over.
 *
 * Leader (`freeze`, `dump`, `finish`, `thaw`): `freeze` orders the record, once per backup; `dump`
 * writes pages of the frozen view after a cursor to the archive until done or out of time; `finish`,
 * once the leader's clock is past the backup's time T, writes the committed item records after B
 * with `t ≤ T` (every record ordered later has a later `t`), then thaws; `thaw` alone abandons one.
 *
 * Archive files, under the prefix the backup gives: `items-<n>.json`, a JSON array of items (n from
 * 1, six digits), and `log.json`, the item records as `[[lsn, record], …]` in order (the format of
 * point-in-time recovery's segments, archiver.ts).
 */
import type { Archive } from "../archive/archive";
import { type Clock, sleep } from "../clock";
import type { CommitOutcome } from "./leader";
import type { WireRecord } from "./log";
import type { LogRecord } from "./log-record";
import { decodeRecord, recordKind } from "./log-record";
import { blob, type ReplicaStorage, type StoredKey } from "./storage";

/** A backup's freeze on this member: the backup, the `freeze` record's lsn and its leader's time. */
export interface FreezeState {
  backup: string;
  lsn: number;
  at: number;
}

type FreezeRecord = Extract<LogRecord, { kind: "freeze" | "thaw" }>;

/** What the freezes keep, on every member: several backups of a table may be taken at once. */
export class Frozen {
  private freezes: FreezeState[];

  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Pick<ReplicaStorage, "getState" | "setState">,
  ) {
    this.freezes = store.getState<FreezeState[]>("freezes") ?? [];
  }

  /** The freezes that hold. */
  all(): readonly FreezeState[] {
    return this.freezes;
  }

  /** Backup `backup`'s freeze, if it holds. */
  of(backup: string): FreezeState | undefined {
    return this.freezes.find((f) => f.backup === backup);
  }

  /** The lowest lsn the log must keep for the freezes: the oldest's (finish reads the records after it). */
  floor(): number | undefined {
    return this.freezes.length === 0 ? undefined : Math.min(...this.freezes.map((f) => f.lsn));
  }

  /** Before a committed record changes `key`: keeps its state, the first time, for each freeze. */
  keep(key: StoredKey): void {
    if (this.freezes.length === 0) return;
    const k = [key.h, blob(key.pk), blob(key.sk)];
    for (const { backup } of this.freezes) {
      this.sql.exec(
        `INSERT OR IGNORE INTO frozen (backup, h, pk, sk, item, size)
         SELECT ?, ?, ?, ?, (SELECT item FROM items WHERE h = ? AND pk = ? AND sk = ?),
           (SELECT size FROM items WHERE h = ? AND pk = ? AND sk = ?)`,
        backup,
        ...k,
        ...k,
        ...k,
      );
    }
  }

  /** Applies a `freeze` or `thaw` record committed at `lsn`. */
  apply(record: FreezeRecord, lsn: number): void {
    this.sql.exec("DELETE FROM frozen WHERE backup = ?", record.backup);
    const others = this.freezes.filter((f) => f.backup !== record.backup);
    this.freezes = record.kind === "freeze" ? [...others, { backup: record.backup, lsn, at: record.at }] : others;
    this.store.setState("freezes", this.freezes);
  }

  /** Forgets every freeze and what it kept (a snapshot replacing the items). */
  reset(): void {
    this.sql.exec("DELETE FROM frozen");
    this.freezes = [];
    this.store.setState("freezes", this.freezes);
  }

  /**
   * Backup `backup`'s view, in key order strictly after `after`, at most `limit` items: the
   * partition's items at its freeze, whatever records applied since.
   */
  viewAfter(backup: string, after: StoredKey | undefined, limit: number): FrozenRow[] {
    const view = `SELECT h, pk, sk, item FROM items WHERE NOT EXISTS
        (SELECT 1 FROM frozen f WHERE f.backup = ?1 AND f.h = items.h AND f.pk = items.pk AND f.sk = items.sk)
      UNION ALL SELECT h, pk, sk, item FROM frozen WHERE backup = ?1 AND item IS NOT NULL`;
    const rows = after
      ? this.sql.exec<FrozenRow>(
          `SELECT * FROM (${view}) WHERE (h, pk, sk) > (?2, ?3, ?4) ORDER BY h, pk, sk LIMIT ?5`,
          backup,
          after.h,
          blob(after.pk),
          blob(after.sk),
          limit,
        )
      : this.sql.exec<FrozenRow>(`SELECT * FROM (${view}) ORDER BY h, pk, sk LIMIT ?2`, backup, limit);
    return rows.toArray();
  }
}

export interface FrozenRow extends Record<string, SqlStorageValue> {
  h: string;
  pk: ArrayBuffer;
  sk: ArrayBuffer;
  item: string;
}

/** Where a dump stands: the last key written and the pages so far. */
export interface DumpCursor {
  after?: { h: string; pk: string; sk: string };
  pages: number;
  items: number;
  bytes: number;
}

/** The leader's side's answer when the backup's freeze is gone (a snapshot replaced the items, or it was thawed). */
export const BACKUP_LOST = "BackupLost";

/** What the leader's side of a backup uses of its member. */
export interface BackupLeader {
  term: number;
  quorum(lsn: number): Promise<CommitOutcome>;
}

export interface BackupHost {
  readonly clock: Clock;
  readonly frozen: Frozen;
  readonly archive: () => Archive;
  /** Applies what is committed, so the freeze's state is current. */
  applyCommitted(): void;
  /** Appends a control record in the leader's term; at exit, its lsn. */
  order(
    term: number,
    record: { kind: "freeze"; backup: string; at: number } | { kind: "thaw"; backup: string },
  ): number;
  /** The leader's next record time (applier.ts `stamp`). */
  stamp(): number;
  /** The log's records after `lsn`, at most `limit`, and its last lsn. */
  logAfter(lsn: number, limit: number): WireRecord[];
  last(): number;
}

/** Items a dump page holds at most, and the bytes it stops at. */
const PAGE_ITEMS = 1000;
const PAGE_BYTES = 4 << 20;
/** Log records read at a time by `finish`. */
const LOG_BATCH = 1000;

export type BackupOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string) => ({ ok: false as const, reason });

const pageName = (prefix: string, page: number) => `${prefix}/items-${String(page).padStart(6, "0")}.json`;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const unhex = (text: string) => new Uint8Array(text.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []);

/** Orders this backup's freeze, unless it holds already. At exit: the freeze's lsn and time. */
export async function freeze(
  host: BackupHost,
  leader: BackupLeader,
  backup: string,
): Promise<BackupOutcome<{ lsn: number; at: number }>> {
  host.applyCommitted();
  const held = host.frozen.of(backup);
  if (held) return { ok: true, value: { lsn: held.lsn, at: held.at } };
  const at = host.stamp();
  const lsn = host.order(leader.term, { kind: "freeze", backup, at });
  const outcome = await leader.quorum(lsn);
  return outcome === "committed" ? { ok: true, value: { lsn, at } } : fail(outcome);
}

/**
 * Writes pages of the frozen view after `cursor` to the archive under `prefix`, until the view
 * ends (`done`) or `budgetMs` has passed. At exit: where it stands.
 */
export async function dump(
  host: BackupHost,
  backup: string,
  prefix: string,
  cursor: DumpCursor,
  budgetMs: number,
): Promise<BackupOutcome<{ cursor: DumpCursor; done: boolean }>> {
  const until = host.clock.now() + budgetMs;
  let at = cursor;
  for (;;) {
    host.applyCommitted();
    if (!host.frozen.of(backup)) return fail(BACKUP_LOST);
    const after = at.after && { h: at.after.h, pk: unhex(at.after.pk), sk: unhex(at.after.sk) };
    const rows = host.frozen.viewAfter(backup, after, PAGE_ITEMS);
    let bytes = 0;
    let count = 0;
    while (count < rows.length && (count === 0 || bytes + rows[count].item.length <= PAGE_BYTES)) {
      bytes += rows[count++].item.length;
    }
    const done = count === rows.length && rows.length < PAGE_ITEMS;
    if (count > 0) {
      await host.archive().put(
        pageName(prefix, at.pages + 1),
        `[${rows
          .slice(0, count)
          .map((r) => r.item)
          .join(",")}]`,
      );
      const last = rows[count - 1];
      at = {
        after: { h: last.h, pk: hex(last.pk), sk: hex(last.sk) },
        pages: at.pages + 1,
        items: at.items + count,
        bytes: at.bytes + bytes,
      };
    }
    if (done) return { ok: true, value: { cursor: at, done: true } };
    if (host.clock.now() >= until) return { ok: true, value: { cursor: at, done: false } };
  }
}

/**
 * Once the leader's clock is past `upTo` (the backup's time): writes the committed item records
 * after the freeze with `t ≤ upTo` to `<prefix>/log.json`, then orders the thaw. Asked again once
 * thawed (an answer lost), it answers from the log file, written before the thaw.
 */
export async function finish(
  host: BackupHost,
  leader: BackupLeader,
  backup: string,
  upTo: number,
  prefix: string,
): Promise<BackupOutcome<{ records: number }>> {
  const wait = upTo + 1 - host.clock.now();
  if (wait > 0) await sleep(host.clock, wait);
  host.applyCommitted();
  const held = host.frozen.of(backup);
  if (!held) {
    // Thawed already: by this call made before (its answer lost), once the log file was written.
    const written = await host.archive().get(`${prefix}/log.json`);
    if (!written) return fail(BACKUP_LOST);
    return { ok: true, value: { records: (JSON.parse(new TextDecoder().decode(written)) as unknown[]).length } };
  }
  // Every record ordered from now on has a later time; those before are committed first.
  const last = host.last();
  const committed = await leader.quorum(last);
  if (committed !== "committed") return fail(committed);
  const entries: string[] = [];
  for (let after = held.lsn; after < last; ) {
    const batch = host.logAfter(after, Math.min(LOG_BATCH, last - after));
    if (batch.length === 0) break;
    for (const { lsn, record } of batch) {
      const kind = recordKind(record);
      if (kind !== "put" && kind !== "delete") continue;
      const t = (decodeRecord(record) as { t?: number }).t ?? 0;
      if (t <= upTo) entries.push(`[${lsn},${record}]`);
    }
    after = batch[batch.length - 1].lsn;
  }
  await host.archive().put(`${prefix}/log.json`, `[${entries.join(",")}]`);
  const thawed = await thaw(host, leader, backup);
  return thawed.ok ? { ok: true, value: { records: entries.length } } : thawed;
}

/** Orders the thaw of backup `backup`'s freeze, if it holds (a backup abandoned, or finished). */
export async function thaw(host: BackupHost, leader: BackupLeader, backup: string): Promise<BackupOutcome<object>> {
  host.applyCommitted();
  if (!host.frozen.of(backup)) return { ok: true, value: {} };
  const outcome = await leader.quorum(host.order(leader.term, { kind: "thaw", backup }));
  return outcome === "committed" ? { ok: true, value: {} } : fail(outcome);
}
