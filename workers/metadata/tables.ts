/**
 * The tables of a region's catalog, as the control plane changes them: CreateTable, DescribeTable,
 * ListTables, DeleteTable and UpdateTable, and the route (table and partition map) routers cache.
 * A new or changed table wakes the alarm (./alarm.ts), which finishes the work on its replicas.
 */
import { tableArn as arnOfTable } from "../../shared/api/arns";
import { LimitExceededException, ResourceInUseException, ValidationException } from "../../shared/api/errors";
import { LIMITS } from "../../shared/api/limits";
import { asOfDay, checkThroughputQuotas, type ProvisionedThroughput } from "../../shared/api/operations/common";
import { type CreateTableInput, checkIndexQuotas, indexesOf } from "../../shared/api/operations/create-table";
import { replicaAlreadyExists } from "../../shared/api/operations/replica-updates";
import type { UpdateTableInput } from "../../shared/api/operations/update-table";
import { planUpdateTable, type UpdatePlan } from "../../shared/api/operations/update-table-plan";
import { createdStreams } from "../../shared/api/streams/stream-meta";
import {
  type DeletedTableDescription,
  describe,
  describeDeleted,
  type IndexStats,
  type TableDescription,
  type TableMeta,
  type TableStats,
} from "../../shared/api/table";
import type { MemberStatus, ReplicaRef, ReplicaStats, Reply } from "../replica/protocol";
import { replicationSettings } from "../replica/settings";
import { indexUpdatesToShip } from "../replication/index-updates";
import { regionOf, topologyOf } from "../topology";
import { storeAndReconfigure } from "./activation";
import { finishBackupsOf, keepDeletedTable } from "./backups";
import { attempt, type MetadataHost, notFound } from "./host";
import { initialPartitionMap, type PartitionMap } from "./partition-map";
import type { Route } from "./protocol";

/** A new table's partition map: INITIAL_PARTITIONS partitions of REPLICATION_FACTOR replicas in the region's zones. */
export function newPartitionMap(host: MetadataHost, tableId: string): PartitionMap {
  const partitions = Number.parseInt(host.env.INITIAL_PARTITIONS, 10) || 4;
  const replicas = host.env.REPLICATION_FACTOR === "1" ? 1 : 3;
  return initialPartitionMap(tableId, regionOf(host.env, host.region), partitions, replicas);
}

/** The ARN of table `name` in this region. */
export const tableArn = (host: MetadataHost, name: string) => arnOfTable(host.region, host.account, name);

export function createTable(
  host: MetadataHost,
  input: CreateTableInput,
  now: number,
): Reply<{ description: TableDescription }> {
  const { catalog } = host;
  const existing = catalog.getTable(input.TableName);
  if (existing) {
    const message =
      existing.status === "CREATING"
        ? `Attempt to change a resource which is still in use: Table is being created: ${input.TableName}`
        : `Table already exists: ${input.TableName}`;
    return { ok: false, error: new ResourceInUseException(message).toWire() };
  }
  if (catalog.countTables() >= LIMITS.tablesPerRegion) {
    return {
      ok: false,
      error: new LimitExceededException(
        `Subscriber limit exceeded: Only ${LIMITS.tablesPerRegion} tables can be created`,
      ).toWire(),
    };
  }
  if (input.ProvisionedThroughput) {
    const quota = attempt(() =>
      checkThroughputQuotas(input.ProvisionedThroughput!, host.region, reservedCapacity(host)),
    );
    if (quota) return quota;
  }
  const indexQuota = attempt(() => checkIndexQuotas(input, host.region));
  if (indexQuota) return indexQuota;
  const id = crypto.randomUUID();
  const billingMode = input.BillingMode ?? "PROVISIONED";
  const table: TableMeta = {
    name: input.TableName,
    id,
    arn: tableArn(host, input.TableName),
    status: "CREATING",
    keySchema: input.KeySchema,
    attributeDefinitions: input.AttributeDefinitions,
    billingMode,
    readCapacityUnits: input.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
    writeCapacityUnits: input.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
    createdAt: now,
    decreasesToday: 0,
    payPerRequestSince: billingMode === "PAY_PER_REQUEST" ? now : undefined,
    deletionProtection: input.DeletionProtectionEnabled ?? false,
    tableClass: input.TableClass ?? "STANDARD",
    ...indexesOf(input, () => crypto.randomUUID()),
    ...(input.StreamSpecification?.StreamEnabled ? { streams: createdStreams(input.StreamSpecification, now) } : {}),
  };
  const map = newPartitionMap(host, id);
  host.transaction(() => {
    catalog.putTable(table);
    catalog.putMap(map);
    // A global index is a table of its own to the replicas: a partition map of its own.
    for (const index of table.globalIndexes ?? []) catalog.putMap(newPartitionMap(host, index.id));
    for (const tag of input.Tags ?? []) catalog.putTag(id, tag.Key, tag.Value);
  });
  host.wake();
  return { ok: true, description: describe(table) };
}

export async function describeTable(
  host: MetadataHost,
  name: string,
): Promise<Reply<{ description: TableDescription }>> {
  const table = host.catalog.getTable(name);
  if (!table) return { ok: false, error: notFound(name) };
  return { ok: true, description: describe(asOfDay(table, host.clock.now()), await tableStats(host, table)) };
}

/** The table and its partition map (and its global indexes' maps), for a router's cache. */
export function route(host: MetadataHost, name: string): Reply<Route> {
  const table = host.catalog.getTable(name);
  const map = table && host.catalog.getMap(table.id);
  if (!table || !map) return { ok: false, error: notFound(name) };
  if (!table.globalIndexes?.length) return { ok: true, table, map };
  const indexMaps: Record<string, PartitionMap> = {};
  for (const index of table.globalIndexes) {
    const indexMap = host.catalog.getMap(index.id);
    if (indexMap) indexMaps[index.id] = indexMap;
  }
  return { ok: true, table, map, indexMaps };
}

export function listTables(host: MetadataHost, limit: number, exclusiveStart?: string) {
  const names = host.catalog.tableNames(limit + 1, exclusiveStart);
  const more = names.length > limit;
  const page = names.slice(0, limit);
  return more ? { names: page, last: page[page.length - 1] } : { names: page };
}

export async function deleteTable(
  host: MetadataHost,
  name: string,
): Promise<Reply<{ description: DeletedTableDescription }>> {
  const table = host.catalog.getTable(name);
  if (!table) return { ok: false, error: notFound(name) };
  const busy = {
    CREATING: `Table is being created: ${name}`,
    UPDATING: `Table: ${name} is in the process of being updated.`,
  };
  if (table.status === "CREATING") {
    const message = `Attempt to change a resource which is still in use: ${busy[table.status]}`;
    return { ok: false, error: new ResourceInUseException(message).toWire() };
  }
  // Even with the table ACTIVE (an index backfilling): docs/issue-15-dynamodb-behaviour.md 3.3.
  if (table.globalIndexes?.some((i) => i.status !== "ACTIVE")) {
    const message =
      "Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.";
    return { ok: false, error: new ResourceInUseException(message).toWire() };
  }
  if (table.status === "UPDATING") {
    const message = `Attempt to change a resource which is still in use: ${busy[table.status]}`;
    return { ok: false, error: new ResourceInUseException(message).toWire() };
  }
  if (table.deletionProtection) {
    return {
      ok: false,
      error: new ValidationException(
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
      ).toWire(),
    };
  }
  const stats = await tableStats(host, table);
  await finishBackupsOf(host, table.id);
  await keepDeletedTable(host, table, host.clock.now());
  await removeTable(host, table);
  // A global table's copy: the other regions drop this one and stop shipping to it.
  await Promise.allSettled(
    (table.replicas ?? []).map((r) => host.link.callMetadata(r.region, "forgetReplica", [name, host.region])),
  );
  return { ok: true, description: describeDeleted(asOfDay(table, host.clock.now()), stats) };
}

/**
 * Removes a table from the catalog. Routers may still cache the old route: the replicas are
 * fenced before this returns, so that no write is acknowledged by a table that is already gone
 * (a write needs a majority of its group, so fencing all but an unreachable one suffices). The
 * alarm drops the data later.
 */
export async function removeTable(host: MetadataHost, table: TableMeta): Promise<void> {
  const ids = [table.id, ...(table.globalIndexes ?? []).map((i) => i.id)];
  const maps = ids.map((id) => host.catalog.getMap(id));
  host.transaction(() => host.catalog.buryTable(table));
  await Promise.allSettled(
    maps.flatMap((map) =>
      (map?.partitions ?? []).flatMap((p) => p.replicas.map((r) => host.link.call(r, "retire", [map!.tableId]))),
    ),
  );
  host.wake();
}

/**
 * Applies UpdateTable. The table goes UPDATING when its capacity, billing mode or class
 * changes, or a global index is created or deleted; the alarm makes it ACTIVE again (and
 * builds, removes or settles the index: ./global-index-work.ts).
 * - A created index gets its partition map here, in the transaction that stores it, and the
 *   table's map a new version: the base replicas are configured with it to feed the index, and
 *   routers that cached the old version refresh their route at its first refusal. Its removal
 *   (a Delete) moves the table's map to a new version likewise.
 */
export async function updateTable(
  host: MetadataHost,
  input: UpdateTableInput,
  now: number,
  options: { shipped?: boolean } = {},
): Promise<Reply<{ description: TableDescription }>> {
  const { catalog } = host;
  const before = catalog.getTable(input.TableName);
  if (!before) return { ok: false, error: notFound(input.TableName) };
  const stats = await tableStats(host, before);
  // Re-read: other requests may have run while the replicas were asked for their stats.
  const table = catalog.getTable(input.TableName);
  if (!table) return { ok: false, error: notFound(input.TableName) };
  let plan: UpdatePlan | undefined;
  const failed = attempt(() => {
    const reserved = reservedCapacity(host, table.name);
    const regions = [...topologyOf(host.env).keys()];
    const streamRetentionMs = replicationSettings(host.env).streamRetentionMs;
    plan = planUpdateTable(table, input, { now, region: host.region, reserved, stats, regions, streamRetentionMs });
  });
  if (failed || !plan) return failed ?? { ok: false, error: notFound(input.TableName) };
  const update = plan.replicaUpdate;
  if (update?.action === "create") {
    // A table of that name in the new region, even one being deleted, is not ours to take over.
    const existing = await host.link.callMetadata(update.region, "route", [table.name]);
    if (existing.ok) return { ok: false, error: replicaAlreadyExists(table.name).toWire() };
    // Re-read: the table may have changed while the other region was asked.
    if (catalog.getTable(table.name)?.id !== table.id) return { ok: false, error: notFound(table.name) };
  }
  if (plan.table !== table) {
    // A global table's other regions take its index creates and deletes too (the alarm ships them).
    const next = indexUpdatesToShip(plan.table, input, options.shipped === true);
    const { createdIndex } = plan;
    // A stream enabled or disabled: the partitions' leaders mark their records by it (no index changes with it).
    if (next.streams !== table.streams) await storeAndReconfigure(host, next);
    else
      host.transaction(() => {
        catalog.putTable(next);
        if (!createdIndex) return;
        catalog.putMap(newPartitionMap(host, createdIndex.id));
        const map = catalog.getMap(table.id);
        if (map) catalog.putMap({ ...map, version: map.version + 1 });
      });
    await reconfigureAdmission(host, table, next);
    if (
      next.status === "UPDATING" ||
      next.globalIndexes?.some((i) => i.status !== "ACTIVE") ||
      next.indexUpdatesToShip
    ) {
      host.wake();
    }
  }
  return { ok: true, description: plan.description };
}

/**
 * Tells the admission objects of the table and of its global indexes the capacity UpdateTable
 * changed, at once: routers' cached routes may be older (workers/admission). Best effort: an
 * object out of reach takes the routers' word until it is told.
 */
async function reconfigureAdmission(host: MetadataHost, before: TableMeta, after: TableMeta): Promise<void> {
  type Capacity = { read: number; write: number };
  const changed: { id: string; capacity: Capacity }[] = [];
  const differs = (a: Capacity, b: Capacity) => a.read !== b.read || a.write !== b.write;
  const billingChanged = before.billingMode !== after.billingMode;
  const tableCapacity = { read: after.readCapacityUnits, write: after.writeCapacityUnits };
  if (billingChanged || differs({ read: before.readCapacityUnits, write: before.writeCapacityUnits }, tableCapacity)) {
    changed.push({ id: after.id, capacity: tableCapacity });
  }
  for (const index of after.globalIndexes ?? []) {
    const old = before.globalIndexes?.find((i) => i.id === index.id);
    const capacity = { read: index.readCapacityUnits, write: index.writeCapacityUnits };
    if (old && (billingChanged || differs({ read: old.readCapacityUnits, write: old.writeCapacityUnits }, capacity))) {
      changed.push({ id: index.id, capacity });
    }
  }
  await Promise.all(
    changed.map(({ id, capacity }) =>
      host.link
        .admission(host.region, id)
        .configure({ billingMode: after.billingMode, ...capacity })
        .catch(() => undefined),
    ),
  );
}

/** Capacity provisioned by this region's tables, but for `except`: what the account quota counts. */
function reservedCapacity(host: MetadataHost, except?: string): ProvisionedThroughput {
  let read = 0;
  let write = 0;
  for (const table of host.catalog.allTables()) {
    if (table.name === except || table.billingMode !== "PROVISIONED") continue;
    read += table.readCapacityUnits;
    write += table.writeCapacityUnits;
  }
  return { ReadCapacityUnits: read, WriteCapacityUnits: write };
}

/**
 * Item count and size, summed over the partitions, each as its most up-to-date reachable
 * member has applied it.
 */
async function tableStats(host: MetadataHost, table: TableMeta): Promise<TableStats> {
  const map = host.catalog.getMap(table.id);
  if (!map || table.status === "CREATING") return { itemCount: 0, sizeBytes: 0 };
  const all = await Promise.all(map.partitions.map((p) => memberStats(host, p.replicas)));
  const indexes = new Map<string, IndexStats>();
  for (const index of table.globalIndexes ?? []) {
    const indexMap = host.catalog.getMap(index.id);
    if (!indexMap || index.status === "CREATING") continue;
    const parts = await Promise.all(indexMap.partitions.map((p) => memberStats(host, p.replicas)));
    indexes.set(index.name, {
      itemCount: parts.reduce((n, s) => n + s.itemCount, 0),
      sizeBytes: parts.reduce((n, s) => n + s.sizeBytes, 0),
    });
  }
  for (const { localIndexes } of all) {
    for (const [name, s] of Object.entries(localIndexes ?? {})) {
      const sum = indexes.get(name) ?? { itemCount: 0, sizeBytes: 0 };
      indexes.set(name, { itemCount: sum.itemCount + s.itemCount, sizeBytes: sum.sizeBytes + s.sizeBytes });
    }
  }
  return {
    itemCount: all.reduce((n, s) => n + s.itemCount, 0),
    sizeBytes: all.reduce((n, s) => n + s.sizeBytes, 0),
    ...(indexes.size > 0 ? { indexes } : {}),
  };
}

/** The stats of the member that has applied the most, of those that answer, with its local indexes'. */
async function memberStats(
  host: MetadataHost,
  members: ReplicaRef[],
): Promise<ReplicaStats & Pick<MemberStatus, "localIndexes">> {
  const answers = await Promise.allSettled(members.map((m) => host.link.call(m, "status", [])));
  let best: Pick<MemberStatus, "applied" | "stats" | "localIndexes"> = {
    applied: -1,
    stats: { itemCount: 0, sizeBytes: 0 },
  };
  for (const answer of answers) {
    if (answer.status === "fulfilled" && answer.value.applied > best.applied) best = answer.value;
  }
  return { ...best.stats, localIndexes: best.localIndexes };
}
