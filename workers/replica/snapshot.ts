/**
 * Snapshots: how a leader ships its items to a member its log no longer reaches back to. The
 * items go in pages, then the log base (the applied index when the snapshot started); pages
 * read later may hold newer items, and the member's replay of the log from the base, in order,
 * repairs them. A log replica gets the base alone.
 */
import type { LogBase } from "./log";
import type { ReplicaStorage, StoredItem, StoredKey } from "./storage";

/** One page of a snapshot. The first page replaces the member's items; the last carries the log base. */
export interface SnapshotChunk {
  term: number;
  leader: string;
  first: boolean;
  rows: StoredItem[];
  done?: LogBase;
}

/** Snapshot pages: at most this many items, and about this many bytes. */
const SNAPSHOT_ROWS = 256;
const SNAPSHOT_BYTES = 1 << 20;

/** The longest prefix of `rows` within `bytes` (at least one row). */
function withinBytes(rows: StoredItem[], bytes: number): StoredItem[] {
  let total = 0;
  let count = 0;
  while (count < rows.length && (count === 0 || total + rows[count].size <= bytes)) total += rows[count++].size;
  return rows.slice(0, count);
}

/**
 * Sends the snapshot page by page through `send`, which throws when the member refuses a page.
 * At exit: the lsn the member now holds.
 */
export async function shipSnapshot(
  store: ReplicaStorage,
  base: LogBase,
  page: Pick<SnapshotChunk, "term" | "leader">,
  logOnly: boolean,
  send: (chunk: SnapshotChunk) => Promise<void>,
): Promise<number> {
  let after: StoredKey | undefined;
  for (let first = true; ; first = false) {
    const rows = logOnly ? [] : store.itemsAfter(after, SNAPSHOT_ROWS);
    const within = withinBytes(rows, SNAPSHOT_BYTES);
    const done = within.length === rows.length && rows.length < SNAPSHOT_ROWS ? base : undefined;
    await send({ ...page, first, rows: within, done });
    if (done) return base.lsn;
    after = within[within.length - 1];
  }
}
