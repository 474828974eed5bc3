/**
 * The metadata alarm's work on the global secondary indexes UpdateTable adds, changes and removes
 * (docs/issue-15-dynamodb-behaviour.md 3.2). Indexes made with their table are activation's.
 * - Create: the index is CREATING with `backfilling: false` (its resources are allocated) and the
 *   table UPDATING until a majority of each of the index's groups took its configuration (as
 *   activation asks of a new table) and every replica of the table's partitions took the
 *   configuration that lists the index. Every one, not a majority: a member that writes without
 *   knowing the index records no old index key in its writes, and the feeder could not remove
 *   the entries its writes replace. Then `backfilling: true` with the table ACTIVE while each
 *   base partition's leader copies its items in (the replica's `backfillIndex`, called again by
 *   later rounds until it succeeds); the index is ACTIVE once every partition reported its copy
 *   done and its feeder past it.
 * - Delete: the table loses the index and the definitions no key uses any more, its map is
 *   buried (the alarm drops its replicas with the deleted tables'), and the table's replicas take
 *   a configuration without it (their feeders stop). Until then the index is DELETING, still fed
 *   and readable.
 * - Update (capacity): UPDATING until the next round, then ACTIVE.
 */
import { withoutGlobalIndex } from "../../shared/api/operations/global-index-updates";
import type { GlobalIndexMeta, TableMeta } from "../../shared/api/table";
import { sleep } from "../clock";
import { callLeader } from "../replica/group-client";
import type { ReplicaRef } from "../replica/protocol";
import { configuredQuorum, configureReplicas } from "./activation";
import type { MetadataHost } from "./host";
import type { PartitionMap } from "./partition-map";
import { configOfMap, replicaConfig } from "./replica-config";

/** How long a round waits for the partitions' backfills before it moves on (they go on meanwhile). */
const BACKFILL_WAIT_MS = 250;

/** One index's backfill, as this object follows it between rounds (in memory: lost on restart, then called again). */
export interface Backfill {
  /** The base partitions whose leader reported their copy done. */
  done: Set<string>;
  /** The calls in flight, by partition id. */
  calls: Map<string, Promise<void>>;
}

/** Whether the index is UpdateTable's and still has work the alarm does. */
export function indexInProgress(index: GlobalIndexMeta): boolean {
  if (index.status === "CREATING") return index.backfilling !== undefined;
  return index.status !== "ACTIVE";
}

/**
 * Whether the table's own indexes keep it UPDATING: one being allocated or deleted (a backfilling
 * one leaves it ACTIVE, as the service shows it).
 */
export function indexesKeepUpdating(table: TableMeta): boolean {
  return (table.globalIndexes ?? []).some(
    (i) => i.status === "DELETING" || (i.status === "CREATING" && i.backfilling === false),
  );
}

/**
 * The table once nothing keeps it UPDATING: no region being added or removed (global tables), no
 * index allocated or removed. Any other table as it is.
 */
export function settledTable(table: TableMeta): TableMeta {
  if (table.status !== "UPDATING" || indexesKeepUpdating(table)) return table;
  if (table.replicas?.some((r) => r.status === "CREATING" || r.status === "DELETING")) return table;
  return { ...table, status: "ACTIVE" };
}

/**
 * One round over every index in progress. At exit: whether any is still in progress (the alarm
 * comes back soon); `backfills` no longer follows indexes that are not backfilling.
 */
export async function advanceGlobalIndexes(host: MetadataHost, backfills: Map<string, Backfill>): Promise<boolean> {
  for (const table of host.catalog.allTables()) {
    for (const index of table.globalIndexes ?? []) {
      if (!indexInProgress(index)) continue;
      try {
        if (index.status === "UPDATING") settle(host, table, index);
        else if (index.status === "DELETING") await remove(host, table, index);
        else if (!index.backfilling) await allocate(host, table, index);
        else await backfill(host, table, index, backfills);
      } catch (error) {
        console.error("global index work", table.name, index.name, error);
      }
    }
  }
  const tables = host.catalog.allTables();
  const backfilling = new Set(
    tables.flatMap((t) => (t.globalIndexes ?? []).filter((i) => i.backfilling === true).map((i) => i.id)),
  );
  for (const id of backfills.keys()) if (!backfilling.has(id)) backfills.delete(id);
  return tables.some((t) => t.globalIndexes?.some(indexInProgress));
}

/**
 * Stores `change` of index `indexId` on the table as the catalog holds it now (requests may have
 * changed it while this round awaited). At exit: the stored table; undefined when the table or
 * index is gone.
 */
function changeIndex(
  host: MetadataHost,
  table: TableMeta,
  indexId: string,
  change: (index: GlobalIndexMeta) => GlobalIndexMeta,
): TableMeta | undefined {
  const current = host.catalog.getTable(table.name);
  if (current?.id !== table.id || !current.globalIndexes?.some((i) => i.id === indexId)) return undefined;
  const next = settledTable({
    ...current,
    globalIndexes: current.globalIndexes.map((i) => (i.id === indexId ? change(i) : i)),
  });
  host.catalog.putTable(next);
  return next;
}

/** A capacity change takes effect at once: the index is ACTIVE again. */
function settle(host: MetadataHost, table: TableMeta, index: GlobalIndexMeta): void {
  changeIndex(host, table, index.id, (i) => (i.status === "UPDATING" ? { ...i, status: "ACTIVE" } : i));
}

/** Records the members that missed their configuration, for `configureMissed` to configure again. */
function recordMissed(host: MetadataHost, mapId: string, missed: ReadonlyMap<string, ReplicaRef[]>): void {
  for (const members of missed.values()) for (const m of members) host.catalog.putUnconfigured(mapId, m.name);
}

/**
 * Resource allocation: the index's replicas configured (a majority of each group), then every
 * replica of the table's partitions with the index listed. At exit: the index backfilling once
 * both hold; else it stays allocating and a later round configures them again.
 */
async function allocate(host: MetadataHost, table: TableMeta, index: GlobalIndexMeta): Promise<void> {
  const { catalog, link } = host;
  const indexMap = catalog.getMap(index.id);
  const baseMap = catalog.getMap(table.id);
  const indexConfig = configOfMap(host, [table], index.id);
  if (!indexMap || !baseMap || !indexConfig) return;
  const missedIndex = await configureReplicas(link, indexMap, (p) => indexConfig(indexMap, p));
  if (!configuredQuorum(indexMap, missedIndex)) return;
  const missedBase = await configureReplicas(link, baseMap, (p) => replicaConfig(host, table, baseMap, p));
  host.transaction(() => {
    recordMissed(host, index.id, missedIndex);
    recordMissed(host, table.id, missedBase);
    if (missedBase.size > 0) return;
    changeIndex(host, table, index.id, (i) =>
      i.status === "CREATING" && i.backfilling === false ? { ...i, backfilling: true } : i,
    );
  });
}

/**
 * Asks each base partition's leader that has not reported its copy done to backfill the index,
 * waiting a little for the answers (the calls go on after the round; a call that succeeds wakes
 * the alarm). At exit: the index ACTIVE once every partition reported.
 */
async function backfill(
  host: MetadataHost,
  table: TableMeta,
  index: GlobalIndexMeta,
  backfills: Map<string, Backfill>,
): Promise<void> {
  const baseMap = host.catalog.getMap(table.id);
  if (!baseMap) return;
  let state = backfills.get(index.id);
  if (!state) {
    state = { done: new Set(), calls: new Map() };
    backfills.set(index.id, state);
  }
  const followed = state;
  const route = { tableId: baseMap.tableId, mapVersion: baseMap.version };
  for (const partition of baseMap.partitions) {
    if (followed.done.has(partition.id) || followed.calls.has(partition.id)) continue;
    const call = callLeader(host.link, partition, "backfillIndex", [route, index.id], true)
      .then((reply) => {
        if (!reply.ok) throw new Error(reply.error.message);
        followed.done.add(partition.id);
        host.wake();
      })
      .catch((error) => console.error("backfill", table.name, index.name, partition.id, String(error)))
      .finally(() => followed.calls.delete(partition.id));
    followed.calls.set(partition.id, call);
  }
  await Promise.race([Promise.all(followed.calls.values()), sleep(host.clock, BACKFILL_WAIT_MS)]);
  if (!baseMap.partitions.every((p) => followed.done.has(p.id))) return;
  changeIndex(host, table, index.id, (i) => {
    if (i.status !== "CREATING" || !i.backfilling) return i;
    const { backfilling: _, ...active } = i;
    return { ...active, status: "ACTIVE" };
  });
  backfills.delete(index.id);
}

/**
 * Removes a DELETING index. In one transaction: the table stored without it, its map buried, and
 * the table's map one version later; then the table's replicas take the configuration without it
 * under that version (those that miss it are recorded for later rounds), so their feeders stop,
 * and a router that cached the route with the index refreshes it at its next request to them.
 */
async function remove(host: MetadataHost, table: TableMeta, index: GlobalIndexMeta): Promise<void> {
  const { catalog, link } = host;
  let next: { table: TableMeta; map: PartitionMap | undefined } | undefined;
  host.transaction(() => {
    const current = catalog.getTable(table.name);
    if (current?.id !== table.id || !current.globalIndexes?.some((i) => i.id === index.id)) return;
    const without = settledTable(withoutGlobalIndex(current, index.name));
    const baseMap = catalog.getMap(table.id);
    const map = baseMap && { ...baseMap, version: baseMap.version + 1 };
    catalog.buryMap(index.id);
    catalog.putTable(without);
    if (map) catalog.putMap(map);
    next = { table: without, map };
  });
  const map = next?.map;
  if (!next || !map) return;
  const without = next.table;
  const missed = await configureReplicas(link, map, (p) => replicaConfig(host, without, map, p));
  recordMissed(host, table.id, missed);
}
