/**
 * Snapshots: how a leader ships its items to a member its log no longer reaches back to. The
 * items go in pages, then a global table's tombstones, then the stream records, then the log base
 * (the applied index when the snapshot started) with the transactions' holds; pages read later may
 * hold newer items, tombstones, stream records and holds, and the member's replay of the log from
 * the base, in order, repairs them (a hold record replayed puts its items again, a release takes
 * them out). A stream record shipped is kept over the one its record's replay would make: the
 * replay's item before it may be a later page's. A log replica gets the base alone.
 */
import type { Hold } from "./holds";
import type { LogBase } from "./log";
import type { StreamRow } from "./protocol";
import type { ReplicaStorage, StoredItem, StoredKey, Tombstone } from "./storage";
import type { StreamRecords } from "./stream-records";

/** One page of a snapshot. The first page replaces the member's items; the last carries the log base. */
export interface SnapshotChunk {
  term: number;
  leader: string;
  first: boolean;
  rows: StoredItem[];
  tombstones?: Tombstone[];
  /** Change records of the partition's stream shards, labels included. */
  streamRecords?: StreamRow[];
  done?: LogBase;
  /** With `done`: the highest stream record lsn trimmed. */
  streamHorizon?: number;
  /** With `done`: the tombstone collection horizon the leader has reached (member.ts `applyRemote`). */
  collected?: string;
  /** With `done`: a global secondary index's collection horizons, by source partition. */
  collectedFrom?: Record<string, string>;
  /** With `done`: the items prepared transactions hold (holds.ts). */
  holds?: Hold[];
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
  streams: Pick<StreamRecords, "pageAfter" | "horizon">,
  holds: () => Hold[],
  base: LogBase,
  page: Pick<SnapshotChunk, "term" | "leader">,
  logOnly: boolean,
  send: (chunk: SnapshotChunk) => Promise<void>,
): Promise<number> {
  let first = true;
  const next = async (chunk: Partial<SnapshotChunk>) => {
    await send({ ...page, first, rows: [], ...chunk });
    first = false;
  };
  if (!logOnly) {
    let after: StoredKey | undefined;
    for (;;) {
      const rows = store.itemsAfter(after, SNAPSHOT_ROWS);
      if (rows.length === 0) break;
      const within = withinBytes(rows, SNAPSHOT_BYTES);
      await next({ rows: within });
      after = within[within.length - 1];
    }
    after = undefined;
    for (;;) {
      const tombstones = store.tombstonesAfter(after, SNAPSHOT_ROWS);
      if (tombstones.length === 0) break;
      await next({ tombstones });
      after = tombstones[tombstones.length - 1];
    }
    for (let lsn = 0; ; ) {
      const streamRecords = streams.pageAfter(lsn, SNAPSHOT_ROWS);
      if (streamRecords.length === 0) break;
      await next({ streamRecords });
      lsn = streamRecords[streamRecords.length - 1].lsn;
    }
  }
  await next({
    done: base,
    ...(logOnly ? {} : { streamHorizon: streams.horizon }),
    collected: store.getState<string>("collected"),
    collectedFrom: store.getState<Record<string, string>>("collectedFrom"),
    ...(logOnly ? {} : { holds: holds() }),
  });
  return base.lsn;
}
