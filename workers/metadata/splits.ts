/**
 * Autoadmin's side of partition splits (the replicas' side: workers/replica/split.ts). A
 * partition's leader asks for a split (`reportSplit`: its items passed SPLIT_SIZE_BYTES, or it
 * stayed hot) and names the point; the alarm then, round after round until it is done:
 * - configures the children's members as learners of the parent's group, and the parent's members
 *   with them (the partition's `splitting` in the map is what both configurations come from);
 * - asks the parent's leader to split, which it does once the learners have caught up;
 * - once every child has elected a leader, publishes the map one version later, the children in
 *   the parent's place, with the split in its history, and configures the children as the new map
 *   has them;
 * - drops the parent's replicas (`retired` until they answered).
 *
 * A crash at any step leaves the map as it was before that step: the parent serving (asked
 * again), or the children serving under a published map (the parent dropped later).
 */
import { previousHash } from "../../shared/keys/partition-hash";
import { sleep } from "../clock";
import { callLeader } from "../replica/group-client";
import { type ReplicaConfig, type ReplicaRef, SPLIT_NOT_READY, type SplitReport } from "../replica/protocol";
import { backupInProgress } from "./backups";
import type { MetadataHost } from "./host";
import type { Partition, PartitionMap } from "./partition-map";
import { configOfMap } from "./replica-config";

/** How many finished splits a map's history keeps. */
export const SPLIT_HISTORY = 50;

/** How long a configuration or status call of a split may take. */
const CALL_TIMEOUT_MS = 2000;

/**
 * How often, and how long apart, a round asks the parent's leader to split while it is not ready,
 * and checks whether the children have elected their leaders.
 */
const SPLIT_ASKS = 40;
const ELECTION_ROUNDS = 20;
const PAUSE_MS = 50;

/** A partition's leader asks for a split at `report.point`: recorded in the map, for the alarm. */
export function reportSplit(host: MetadataHost, report: SplitReport): void {
  const map = host.catalog.getMap(report.mapId);
  const partition = map?.partitions.find((p) => p.id === report.partitionId);
  if (!map || !partition || partition.splitting) return;
  // A backup being taken holds the table's partitions as they are; the leader asks again later.
  if (backupInProgress(host, map.tableId)) return;
  if (!(report.point > partition.low && report.point <= partition.high)) return;
  if (!configOfMap(host, host.catalog.allTables(), map.tableId)) return;
  const next = map.nextPartition ?? map.partitions.length;
  const ranges = [
    { low: partition.low, high: previousHash(report.point) },
    { low: report.point, high: partition.high },
  ];
  const children = ranges.map(
    (range, i): Partition => ({
      id: `p${next + i}`,
      ...range,
      replicas: partition.replicas.map((r) => childReplica(map.tableId, `p${next + i}`, host.region, r)),
    }),
  );
  const splitting = { point: report.point, reason: report.reason, since: host.clock.now(), children };
  host.catalog.putMap({
    ...map,
    nextPartition: next + children.length,
    partitions: map.partitions.map((p) => (p.id === partition.id ? { ...p, splitting } : p)),
  });
  host.wake();
}

/** The replica of a new partition `id` in the zone of `of`. */
function childReplica(mapId: string, id: string, region: string, of: ReplicaRef): ReplicaRef {
  return { name: `${mapId}/${id}/${region}/${of.zone}`, zone: of.zone, locationHint: of.locationHint };
}

/**
 * One round of every split in progress, and of the parents left to drop. At exit: whether any is
 * still in progress (the alarm comes back).
 */
export async function advanceSplits(host: MetadataHost): Promise<boolean> {
  let pending = false;
  const tables = host.catalog.allTables();
  for (const map of host.catalog.mapsInSplit()) {
    const mapId = map.tableId;
    const configOf = configOfMap(host, tables, mapId);
    if (!configOf) continue;
    for (const partition of map.partitions.filter((p) => p.splitting)) {
      pending = true;
      await advanceSplit(host, map, partition, configOf);
    }
    if (map.retired?.length) pending = (await dropRetired(host, mapId)) || pending;
  }
  return pending;
}

/** Configures the split's learners and asks the parent's leader to split; publishes the map once it did. */
async function advanceSplit(
  host: MetadataHost,
  map: PartitionMap,
  partition: Partition,
  configOf: (map: PartitionMap, partition: Partition) => ReplicaConfig,
): Promise<void> {
  const { link } = host;
  const splitting = partition.splitting!;
  const config = configOf(map, partition);
  const { learners: _, ...learnerConfig } = config;
  await Promise.allSettled([
    ...splitting.children.flatMap((c) =>
      c.replicas.map((ref) => link.call(ref, "configure", [{ ...learnerConfig, self: ref }], CALL_TIMEOUT_MS)),
    ),
    ...partition.replicas.map((ref) => link.call(ref, "configure", [config], CALL_TIMEOUT_MS)),
  ]);
  const request = {
    route: { tableId: map.tableId, mapVersion: map.version },
    mapVersion: map.version + 1,
    children: splitting.children.map((c) => ({ id: c.id, low: c.low, high: c.high, members: c.replicas })),
  };
  // The learners catch up in well under a second: asked again at once rather than at the next round.
  let reply = await callLeader(link, partition, "split", [request], true).catch(() => undefined);
  for (let i = 1; i < SPLIT_ASKS && reply?.ok === false && reply.error.type === SPLIT_NOT_READY; i++) {
    await sleep(host.clock, PAUSE_MS);
    reply = await callLeader(link, partition, "split", [request], true).catch(() => undefined);
  }
  if (!reply?.ok) return;
  // The map names the children once each has elected a leader: routers find them serving.
  for (let i = 0; i < ELECTION_ROUNDS; i++) {
    const led = await Promise.all(splitting.children.map((c) => hasLeader(host, c.replicas, reply.lsn)));
    if (led.every(Boolean)) return publish(host, map.tableId, partition.id, reply.lsn, configOf);
    await sleep(host.clock, PAUSE_MS);
  }
}

/** The map with the split of `partitionId` (its record at `lsn`) done: its children in its place, one version later. */
async function publish(
  host: MetadataHost,
  mapId: string,
  partitionId: string,
  lsn: number,
  configOf: (map: PartitionMap, partition: Partition) => ReplicaConfig,
): Promise<void> {
  const map = host.catalog.getMap(mapId);
  const parent = map?.partitions.find((p) => p.id === partitionId);
  if (!map || !parent?.splitting) return;
  const { splitting, ...retired } = parent;
  const members = parent.replicas.flatMap((r) => [r.name, `${r.name}~log`]);
  const children = splitting.children.map((c) => ({ ...c, parent: { id: parent.id, members, lsn } }));
  const now = host.clock.now();
  const next: PartitionMap = {
    ...map,
    version: map.version + 1,
    partitions: map.partitions.flatMap((p) => (p.id === parent.id ? children : [p])),
    splits: [
      ...(map.splits ?? []),
      {
        parent: parent.id,
        children: children.map((c) => c.id),
        point: splitting.point,
        reason: splitting.reason,
        since: splitting.since,
        at: now,
        lsn,
      },
    ].slice(-SPLIT_HISTORY),
    retired: [...(map.retired ?? []), { partition: retired, lsn, children: children.map((c) => c.id) }],
  };
  const replicas = children.flatMap((c) => c.replicas);
  host.transaction(() => {
    host.catalog.putMap(next);
    // Recorded as owed their configuration: the alarm configures whoever this round misses.
    for (const ref of replicas) host.catalog.putUnconfigured(mapId, ref.name);
  });
  const answers = await Promise.allSettled(
    children.flatMap((c) => c.replicas.map((ref) => host.link.call(ref, "configure", [configOf(next, c)]))),
  );
  host.transaction(() => {
    replicas.forEach((ref, i) => {
      if (answers[i].status === "fulfilled") host.catalog.deleteUnconfigured(mapId, ref.name);
    });
  });
}

/**
 * Drops the replicas of the split parents of map `mapId` whose children all have a leader that
 * applied the split record. At exit: whether any parent is left.
 */
async function dropRetired(host: MetadataHost, mapId: string): Promise<boolean> {
  const map = host.catalog.getMap(mapId);
  if (!map?.retired) return false;
  const done: typeof map.retired = [];
  for (const retired of map.retired) {
    const children = map.partitions.filter((p) => retired.children.includes(p.id));
    // A child split again since had a leader: it ordered that split.
    const led = await Promise.all(children.map((c) => hasLeader(host, c.replicas, retired.lsn)));
    if (!led.every(Boolean)) continue;
    await Promise.allSettled(retired.partition.replicas.map((r) => host.link.call(r, "drop", [], CALL_TIMEOUT_MS)));
    done.push(retired);
  }
  if (done.length === 0) return true;
  const current = host.catalog.getMap(mapId)!;
  const left = (current.retired ?? []).filter((r) => !done.some((d) => d.partition.id === r.partition.id));
  host.catalog.putMap({ ...current, retired: left.length > 0 ? left : undefined });
  return left.length > 0;
}

/**
 * Whether a member of `replicas` leads with the split record at `lsn` applied. A group that has
 * none is asked to elect one (as a router does on its first request): its first member that
 * applied the record campaigns.
 */
async function hasLeader(host: MetadataHost, replicas: ReplicaRef[], lsn: number): Promise<boolean> {
  const statuses = await Promise.allSettled(replicas.map((r) => host.link.call(r, "status", [], CALL_TIMEOUT_MS)));
  const applied = (i: number) => {
    const status = statuses[i];
    return status.status === "fulfilled" && status.value.applied >= lsn ? status.value : undefined;
  };
  if (replicas.some((_, i) => applied(i)?.role === "leader")) return true;
  const candidate = replicas.find((_, i) => applied(i));
  if (candidate) await host.link.call(candidate, "campaign", [], CALL_TIMEOUT_MS).catch(() => undefined);
  return false;
}
