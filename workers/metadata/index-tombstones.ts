/**
 * Collection of the tombstones a global secondary index's partitions keep. An index partition
 * applies its changes by last writer wins (workers/replication/replica-region.ts `applyRemote`), so
 * a removed entry leaves a tombstone, which stops an older put of it delivered again (a feeder's
 * new leader starts from an older cursor; a deposed one's batch arrives late).
 *
 * Each change carries its source, the base partition whose record made it, and that record's lsn
 * (workers/replica/index-changes.ts), and each member of a base partition reports the last lsn
 * whose changes the index acknowledged (`fed`, the cursor its leader keeps and ships). Every
 * change from a source at or below that cursor has been applied, or superseded: none needs a
 * tombstone any more, and one delivered again is skipped. So once per sweep, for each ACTIVE
 * index, each base partition's highest reported cursor becomes a horizon (a split parent's: its
 * split record, before which it delivered everything), and each index
 * partition drops that source's tombstones below it (a `collect` record, through its log) and
 * skips that source's changes below it from then on.
 *
 * An index being built is left alone: a backfill's copies carry the lsn their copy started at and
 * may be delivered after the cursor passed it.
 */
import type { GlobalIndexMeta, TableMeta } from "../../shared/api/table";
import { callLeader } from "../replica/group-client";
import type { MetadataHost } from "./host";
import type { Partition } from "./partition-map";

/** How long the sweep waits for a member's status. */
const STATUS_TIMEOUT_MS = 2000;

/** The indexes whose tombstones may be collected: ACTIVE ones. */
export const collectable = (table: TableMeta): GlobalIndexMeta[] =>
  table.status === "ACTIVE" ? (table.globalIndexes ?? []).filter((i) => i.status === "ACTIVE") : [];

/** Collects the tombstones of `table`'s ACTIVE global indexes below their sources' cursors. */
export async function sweepIndexTombstones(host: MetadataHost, table: TableMeta): Promise<void> {
  const map = host.catalog.getMap(table.id);
  if (!map) return;
  const cursors = await Promise.all(map.partitions.map((partition) => cursorsOf(host, partition)));
  for (const index of collectable(table)) {
    const indexMap = host.catalog.getMap(index.id);
    if (!indexMap) continue;
    const horizons: [string, string][] = [];
    for (const [i, partition] of map.partitions.entries()) {
      const fed = cursors[i][index.id];
      if (fed !== undefined && fed > 0) horizons.push([partition.id, lsnHex(fed + 1)]);
    }
    // A split parent fed every change it made before its split record (workers/replica/split.ts).
    for (const split of map.splits ?? []) horizons.push([split.parent, lsnHex(split.lsn + 1)]);
    const route = { tableId: indexMap.tableId, mapVersion: indexMap.version };
    await Promise.allSettled(
      indexMap.partitions.flatMap((partition) =>
        horizons.map(([source, below]) =>
          callLeader(host.link, partition, "collectTombstones", [route, below, source], false),
        ),
      ),
    );
  }
}

const lsnHex = (lsn: number) => lsn.toString(16).padStart(16, "0");

/** The highest cursor each index has among the members of a base partition that answer. */
async function cursorsOf(host: MetadataHost, partition: Partition): Promise<Record<string, number>> {
  const answers = await Promise.allSettled(
    partition.replicas.map((ref) => host.link.call(ref, "status", [], STATUS_TIMEOUT_MS)),
  );
  const highest: Record<string, number> = {};
  for (const answer of answers) {
    if (answer.status !== "fulfilled") continue;
    for (const [id, lsn] of Object.entries(answer.value.fed ?? {})) highest[id] = Math.max(highest[id] ?? 0, lsn);
  }
  return highest;
}
