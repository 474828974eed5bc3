/**
 * Table activation, run by the metadata object's alarm: the replicas of a CREATING table (a new
 * table, or a region's copy of a global table) get their configuration through the link, like
 * every other call between objects (its faults and timeouts apply), and the table goes ACTIVE.
 *
 * Contract: the table goes ACTIVE once a majority of every partition's group has taken its
 * configuration, whatever the other members answered. That is what a group needs to serve: only
 * a configured member campaigns or applies items, and a leader commits with a majority, so the
 * configured members alone elect a leader and commit writes. The other calls from the metadata
 * object ask no more: fencing a deleted table must reach a majority of each group, and
 * reconfiguring members (global tables, autoadmin) tolerates any failure.
 * - A member that did not take its configuration (crashed, unreachable, no answer) is recorded in
 *   the catalog, and later alarms configure it again (`configureMissed`) until it takes it or
 *   leaves the partition map (autoadmin replaced it, or the table was deleted). Until then it
 *   refuses requests as "wrong partition", and the router refreshes its route and tries again.
 * - A partition without a configured majority keeps the table CREATING; the alarm comes back
 *   within RETRY_MS and configures every member again (configuring is idempotent).
 */
import type { TableMeta } from "../../shared/api/table";
import type { Link } from "../link/link";
import type { ReplicaConfig, ReplicaRef } from "../replica/protocol";
import { majority } from "../replica/quorum";
import type { Catalog } from "./catalog";
import type { MetadataHost } from "./host";
import type { Partition, PartitionMap } from "./partition-map";
import { type ConfigOf, configOfMap } from "./replica-config";

/** How soon the alarm comes back while a table or a member is still to configure. */
export const RETRY_MS = 1000;

/**
 * Configures every replica of `map` through the link, all at once. At exit: the members that did
 * not take their configuration, by partition id (none: every member took it).
 */
export async function configureReplicas(
  link: Link,
  map: PartitionMap,
  config: (partition: Partition) => ReplicaConfig,
): Promise<Map<string, ReplicaRef[]>> {
  const missed = new Map<string, ReplicaRef[]>();
  await Promise.all(
    map.partitions.map(async (partition) => {
      const configuration = config(partition);
      const answers = await Promise.allSettled(
        partition.replicas.map((r) => link.call(r, "configure", [configuration])),
      );
      const failed = partition.replicas.filter((_, i) => answers[i].status === "rejected");
      if (failed.length > 0) missed.set(partition.id, failed);
    }),
  );
  return missed;
}

/**
 * Stores `changed`, a table whose replicas' configuration changes (Time to Live, its stream), and
 * configures every member of its partitions. Every member is first recorded as owed the change,
 * in the transaction that stores it: the alarm configures whoever this call misses.
 */
export async function storeAndReconfigure(host: MetadataHost, changed: TableMeta): Promise<void> {
  const map = host.catalog.getMap(changed.id);
  const members = map?.partitions.flatMap((p) => p.replicas) ?? [];
  host.transaction(() => {
    host.catalog.putTable(changed);
    for (const member of members) host.catalog.putUnconfigured(changed.id, member.name);
  });
  if (!map) return;
  const config = configOfMap(host, [changed], changed.id);
  const missed = config ? await configureReplicas(host.link, map, (p) => config(map, p)) : new Map();
  const late = new Set([...missed.values()].flat().map((m: ReplicaRef) => m.name));
  host.transaction(() => {
    for (const member of members) if (!late.has(member.name)) host.catalog.deleteUnconfigured(changed.id, member.name);
  });
  if (late.size > 0) host.wake();
}

/**
 * Configures a CREATING table's replicas and makes it ACTIVE once a majority of each group took
 * it, recording the members that missed it. At exit: false when it stays CREATING for now.
 */
export async function activate(host: MetadataHost, table: TableMeta): Promise<boolean> {
  const configs = [{ id: table.id, config: configOfMap(host, [table], table.id) }];
  for (const index of table.globalIndexes ?? []) {
    configs.push({ id: index.id, config: configOfMap(host, [table], index.id) });
  }
  const missedByMap = new Map<string, Map<string, ReplicaRef[]>>();
  for (const { id, config } of configs) {
    const map = host.catalog.getMap(id);
    if (!map || !config) continue;
    const missed = await configureReplicas(host.link, map, (p) => config(map, p));
    if (!configuredQuorum(map, missed)) return false;
    missedByMap.set(id, missed);
  }
  // The table may have been deleted while its replicas were being configured.
  const current = host.catalog.getTable(table.name);
  if (current?.id !== table.id || current.status !== "CREATING") return true;
  const globalIndexes = current.globalIndexes?.map((i) =>
    i.status === "CREATING" ? { ...i, status: "ACTIVE" as const } : i,
  );
  host.transaction(() => {
    for (const [id, missed] of missedByMap) {
      for (const members of missed.values()) for (const m of members) host.catalog.putUnconfigured(id, m.name);
    }
    // A restored or imported table stays CREATING while its items are loaded (./restores.ts, ./imports.ts).
    const restore = current.restore?.inProgress ? { restore: { ...current.restore, loading: true } } : undefined;
    const importing = current.importing ? { importing: { ...current.importing, loading: true } } : undefined;
    host.catalog.putTable({
      ...current,
      ...(restore ?? importing ?? { status: "ACTIVE" as const }),
      ...(globalIndexes ? { globalIndexes } : {}),
    });
  });
  return true;
}

/** Whether a majority of every partition's group took its configuration, `missed` aside. */
export function configuredQuorum(map: PartitionMap, missed: ReadonlyMap<string, ReplicaRef[]>): boolean {
  return map.partitions.every(
    (p) => p.replicas.length - (missed.get(p.id)?.length ?? 0) >= majority(p.replicas.length),
  );
}

/**
 * Configures again each member recorded as unconfigured, as its table's current map has it.
 * At exit: the members that took it, or are gone from their table's map, are no longer recorded.
 */
export async function configureMissed(
  catalog: Catalog,
  link: Link,
  configOf: (mapId: string) => ConfigOf | undefined,
): Promise<void> {
  const unconfigured = catalog.allUnconfigured();
  if (unconfigured.length === 0) return;
  for (const { tableId, member } of unconfigured) {
    const config = configOf(tableId);
    const map = config && catalog.getMap(tableId);
    const partition = map?.partitions.find((p) => p.replicas.some((r) => r.name === member));
    const ref = partition?.replicas.find((r) => r.name === member);
    if (!config || !map || !partition || !ref) {
      catalog.deleteUnconfigured(tableId, member);
      continue;
    }
    try {
      await link.call(ref, "configure", [config(map, partition)]);
      catalog.deleteUnconfigured(tableId, member);
    } catch {
      // Still out of reach: recorded for the next alarm.
    }
  }
}
