/**
 * The exclusive lock on a data directory. Two workerd processes on the same Durable Object
 * files would each run every replica of every group and both accept writes, losing
 * acknowledged ones (issue 13), so one server at a time holds a directory.
 *
 * The lock is an OS lock that the kernel drops when its holder dies, by SIGKILL too: SQLite's
 * exclusive lock (node:sqlite) on `<dir>/dynaflare.lock`, which on Linux and macOS is a POSIX
 * advisory lock (fcntl). It is taken with `BEGIN EXCLUSIVE` and no busy timeout, and the
 * transaction is never committed (nor written: the file stays empty), so the lock is held until release() or the process dies;
 * a second attempt fails at once, in this process or any other. Caveat of POSIX locks: a
 * process that closes any descriptor of the lock file loses its locks on it, so nothing but
 * SQLite (which guards its own) may open that file in the holding process; copy or delete a
 * data directory only after its server has stopped.
 *
 * Beside it, `<dir>/dynaflare.owner.json` records the holder: its pid (named when another
 * server is refused), and the pids of the workerd it runs and of that workerd's watchdog. A
 * POSIX lock belongs to the process that took it and is not inherited by children, so the
 * launcher's lock ends with it while its workerd may still run until its watchdog stops it;
 * the next holder reads the record (`previous`) and must not start while that workerd serves
 * (scripts/stray-workerd.ts). The record is replaced by rename, so a reader never sees half of
 * one, and deleted on release.
 *
 * workerd ignores both files: it keeps Durable Objects in `<dir>/<worker>-<class>/`.
 */

import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const LOCK_FILE = "dynaflare.lock";
export const OWNER_FILE = "dynaflare.owner.json";

/** Who holds a data directory. */
export interface OwnerRecord {
  /** The process holding the lock (the one that called startServer). */
  launcher: number;
  /** A workerd that serves or may still serve the directory, if any. */
  workerd: number | null;
  /** The watchdog that stops that workerd if the launcher dies. */
  watchdog: number | null;
}

export class DataDirInUseError extends Error {
  readonly dir: string;
  /** The holder's record, if it could be read. */
  readonly owner: OwnerRecord | undefined;

  constructor(dir: string, owner: OwnerRecord | undefined) {
    super(
      `the data directory ${dir} is in use by another dynaflare server` +
        (owner ? ` (pid ${owner.launcher})` : "") +
        "; stop it first, or use another data directory",
    );
    this.name = "DataDirInUseError";
    this.dir = dir;
    this.owner = owner;
  }
}

export interface DataLock {
  readonly dir: string;
  /**
   * The record the previous holder left, if it did not release the lock (it died): the
   * workerd it names may still be running. The new record carries that workerd over until
   * the holder records its own.
   */
  readonly previous: OwnerRecord | undefined;
  /** Replaces the record's workerd and watchdog pids. */
  record(pids: { workerd: number | null; watchdog: number | null }): void;
  /** Deletes the record and drops the lock. Idempotent. */
  release(): void;
}

/** SQLite's result code for a lock held by another connection. */
const SQLITE_BUSY = 5;

/**
 * Takes the lock on `dir` (which must exist) and writes the record. Throws DataDirInUseError
 * if another server holds it; any other failure (no permission, no node:sqlite) as an Error
 * naming the directory.
 */
export function lockDataDir(dir: string): DataLock {
  const database = openDatabase(dir);
  try {
    // No rollback journal: nothing is ever written, and a killed holder would leave one behind.
    database.exec("PRAGMA journal_mode = OFF");
    database.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    database.close();
    if ((error as { errcode?: number }).errcode === SQLITE_BUSY) throw new DataDirInUseError(dir, readOwner(dir));
    throw new Error(`cannot lock the data directory ${dir}: ${(error as Error).message}`);
  }
  const previous = readOwner(dir);
  let current: OwnerRecord = { launcher: process.pid, workerd: previous?.workerd ?? null, watchdog: null };
  writeOwner(dir, current);
  let held = true;
  return {
    dir,
    previous,
    record(pids) {
      current = { ...current, ...pids };
      if (held) writeOwner(dir, current);
    },
    release() {
      if (!held) return;
      held = false;
      try {
        unlinkSync(join(dir, OWNER_FILE));
      } catch {
        // Already gone (the directory was removed): nothing to delete.
      }
      database.close();
    },
  };
}

/** The record in `dir`, or undefined if there is none or it is not one. */
export function readOwner(dir: string): OwnerRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dir, OWNER_FILE), "utf8"));
    const pid = (x: unknown) => Number.isSafeInteger(x) && (x as number) > 0;
    const optionalPid = (x: unknown) => x === null || pid(x);
    if (pid(value.launcher) && optionalPid(value.workerd) && optionalPid(value.watchdog)) {
      return { launcher: value.launcher, workerd: value.workerd, watchdog: value.watchdog };
    }
  } catch {
    // No record, or not JSON: nothing known.
  }
  return undefined;
}

function writeOwner(dir: string, owner: OwnerRecord): void {
  const path = join(dir, OWNER_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(owner)}\n`);
  renameSync(temporary, path);
}

interface Database {
  exec(sql: string): void;
  close(): void;
}

function openDatabase(dir: string): Database {
  const DatabaseSync = sqliteModule().DatabaseSync;
  try {
    return new DatabaseSync(join(dir, LOCK_FILE), { timeout: 0 });
  } catch (error) {
    throw new Error(`cannot open the lock file of the data directory ${dir}: ${(error as Error).message}`);
  }
}

/**
 * node:sqlite without its one-time ExperimentalWarning (Node 22 prints it on the first load,
 * which would land in `npm start`'s output); other warnings pass. getBuiltinModule loads it
 * synchronously, so the filter is in place exactly while it loads.
 */
function sqliteModule(): { DatabaseSync: new (path: string, options: { timeout: number }) => Database } {
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    if (!String(warning).includes("SQLite")) emitWarning.call(process, warning, ...rest);
  };
  try {
    const sqlite = process.getBuiltinModule?.("node:sqlite");
    if (!sqlite) throw new Error(`node:sqlite is not available in Node ${process.version}; run on Node 22.13 or later`);
    return sqlite;
  } finally {
    process.emitWarning = emitWarning;
  }
}
