/**
 * Global tables, metadata side (every region's metadata object). This region's side of a global
 * table (version 2019.11.21 and 2017.11.29): what the other regions' metadata objects (./metadata-
 * home.ts, ./router-legacy.ts) call on this one. It creates and drops this region's copy, sets the
 * regions its replicas ship to, copies its items to a new region, and reports and collects its
 * tombstones, each through the partitions' leaders.
 */

import { ValidationException } from "../../shared/api/errors";
import { groupOf, isLegacyGlobal } from "../../shared/api/global-table";
import { createdStreams, enabledStream } from "../../shared/api/streams/stream-meta";
import {
  type GlobalIndexMeta,
  LEGACY_GLOBAL_TABLE_VERSION,
  type ReplicaMeta,
  type TableMeta,
} from "../../shared/api/table";
import { type MetadataHost, notFound, unavailable } from "../metadata/host";
import { replicaConfig } from "../metadata/replica-config";
import { newPartitionMap, removeTable, tableArn } from "../metadata/tables";
import { callLeader } from "../replica/group-client";
import type { Reply, TombstoneReport } from "../replica/protocol";
import { replicationSettings } from "../replica/settings";
import { mergeReports, shippingRegions } from "./metadata-home";

/**
 * A global index of a region's copy, from the source region's: the same name, keys, projection
 * and capacity, with an id (and so a partition map and groups) of its own in this region, CREATING
 * until the copy is activated (activation configures its replicas and turns it ACTIVE).
 */
function copiedIndex(index: GlobalIndexMeta): GlobalIndexMeta {
  const copy: GlobalIndexMeta = { ...index, id: crypto.randomUUID(), status: "CREATING" };
  // A copy is filled from the other regions' items, each fed to its indexes: nothing to backfill.
  delete copy.backfilling;
  return copy;
}

/**
 * Creates this region's copy of a global table whose home region is adding this one: the same
 * name, keys, indexes and stream view type, with its own id, partitions and groups, and each global index with a
 * partition map of its own here. Its indexes are fed by its own partitions from their committed
 * log, which holds this region's writes and the changes applied from the other regions (the
 * backfill's copies among them). An index being deleted in the source is not copied.
 */
export function createReplicaTable(host: MetadataHost, source: TableMeta, replicas: ReplicaMeta[]): Reply<object> {
  if (host.catalog.getTable(source.name)) {
    return {
      ok: false,
      error: new ValidationException(`Table already exists in region ${host.region}: ${source.name}`).toWire(),
    };
  }
  const id = crypto.randomUUID();
  const now = host.clock.now();
  // The copy's stream is a stream of its own, of the same view type, from its creation.
  const stream = enabledStream(source.streams);
  const table: TableMeta = {
    ...source,
    id,
    arn: tableArn(host, source.name),
    status: "CREATING",
    createdAt: now,
    replicas,
    streams: stream && createdStreams({ StreamEnabled: true, StreamViewType: stream.viewType }, now),
  };
  if (source.globalIndexes) {
    table.globalIndexes = source.globalIndexes.filter((i) => i.status !== "DELETING").map(copiedIndex);
  }
  const map = newPartitionMap(host, id);
  host.transaction(() => {
    host.catalog.putTable(table);
    host.catalog.putMap(map);
    for (const index of table.globalIndexes ?? []) host.catalog.putMap(newPartitionMap(host, index.id));
  });
  host.wake();
  return { ok: true };
}

/**
 * Sets the other regions of a global table and tells its replicas, which ship to them.
 * `legacy`: a version 2017.11.29 global table created at `createdAt` (epoch ms) from now on,
 * or `false` for no longer one; absent leaves that as it is.
 */
export async function setReplicas(
  host: MetadataHost,
  name: string,
  replicas: ReplicaMeta[],
  legacy?: { createdAt: number } | false,
): Promise<Reply<object>> {
  const table = host.catalog.getTable(name);
  const map = table && host.catalog.getMap(table.id);
  if (!table || !map) return { ok: false, error: notFound(name) };
  const next: TableMeta = { ...table, replicas };
  if (legacy) {
    next.globalTableVersion = LEGACY_GLOBAL_TABLE_VERSION;
    next.globalTableCreatedAt = legacy.createdAt;
  }
  if (legacy === false) {
    delete next.globalTableVersion;
    delete next.globalTableCreatedAt;
  }
  host.catalog.putTable(next);
  // Tombstone collection runs from the alarm (./alarm.ts).
  if (replicas.length > 0) await host.alarmBy(host.clock.now() + replicationSettings(host.env).tombstoneSweepMs);
  if (next.status !== "CREATING") {
    await Promise.allSettled(
      map.partitions.flatMap((p) =>
        p.replicas.map((r) => host.link.call(r, "configure", [replicaConfig(host, next, map, p)])),
      ),
    );
  }
  return { ok: true };
}

/** Region `region` deleted its copy of global table `name`: it is no longer one of its replicas. */
export async function forgetReplica(host: MetadataHost, name: string, region: string): Promise<void> {
  const table = host.catalog.getTable(name);
  const replicas = table?.replicas ?? [];
  if (!replicas.some((r) => r.region === region)) return;
  await setReplicas(
    host,
    name,
    replicas.filter((r) => r.region !== region),
  );
}

/** Deletes this region's copy of a global table the home region removes this region from. */
export async function dropReplicaTable(host: MetadataHost, name: string): Promise<void> {
  const table = host.catalog.getTable(name);
  if (table) await removeTable(host, table);
}

/** ListGlobalTables: this region's version 2017.11.29 global tables in name order, a page of them. */
export function legacyGlobalTables(
  host: MetadataHost,
  limit: number,
  exclusiveStart?: string,
  region?: string,
): { tables: TableMeta[]; last?: string } {
  const all = host.catalog
    .allTables()
    .filter(isLegacyGlobal)
    .filter((t) => exclusiveStart === undefined || t.name > exclusiveStart)
    .filter((t) => region === undefined || groupOf(t, host.region).includes(region));
  const tables = all.slice(0, limit);
  return all.length > limit ? { tables, last: tables[tables.length - 1].name } : { tables };
}

/** Copies every partition's items to `region`. At exit: whether every partition did. */
export async function backfillTo(host: MetadataHost, name: string, region: string): Promise<boolean> {
  const table = host.catalog.getTable(name);
  const map = table && host.catalog.getMap(table.id);
  if (!map) return false;
  const replies = await Promise.allSettled(
    map.partitions.map((p) => callLeader(host.link, p, "backfill", [region], true)),
  );
  return replies.every((r) => r.status === "fulfilled" && r.value.ok);
}

/** The reports of every partition leader of global table `name`, merged (./metadata-home.ts `sweepTombstones`). */
export async function tombstoneReport(host: MetadataHost, name: string): Promise<Reply<TombstoneReport>> {
  const table = host.catalog.getTable(name);
  const map = table && host.catalog.getMap(table.id);
  if (!table || !map || table.status !== "ACTIVE") return { ok: false, error: notFound(name) };
  const route = { tableId: map.tableId, mapVersion: map.version };
  const replies = await Promise.allSettled(
    map.partitions.map((p) => callLeader(host.link, p, "tombstoneReport", [route], true)),
  );
  const reports: TombstoneReport[] = [];
  for (const reply of replies) {
    if (reply.status === "rejected") return { ok: false, error: unavailable(reply.reason) };
    if (!reply.value.ok) return reply.value;
    reports.push(reply.value);
  }
  return { ok: true, ...mergeReports(reports, shippingRegions(table)) };
}

/** Drops the tombstones of global table `name` below `below` in every partition. */
export async function collectTombstones(host: MetadataHost, name: string, below: string): Promise<void> {
  const table = host.catalog.getTable(name);
  const map = table && host.catalog.getMap(table.id);
  if (!map) return;
  const route = { tableId: map.tableId, mapVersion: map.version };
  await Promise.allSettled(
    map.partitions.map((p) => callLeader(host.link, p, "collectTombstones", [route, below], false)),
  );
}
