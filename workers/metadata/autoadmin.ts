import type { ReplicaCaller } from "../link/link";
import type { MemberStatus, ReplicaConfig, ReplicaRef } from "../replica/protocol";
import type { Catalog, Degraded } from "./catalog";
import type { Partition, PartitionMap } from "./partition-map";
import type { ConfigOf } from "./replica-config";

export type Outcome = "replaced" | "healed" | "gone" | "retry";

/** How long a member's status or configuration call may take. */
export const CALL_TIMEOUT_MS = 2000;

/** How soon autoadmin tries again when no leader of a degraded partition answered. */
export const RETRY_AFTER_MS = 5000;

/** What autoadmin reads and changes of the catalog. */
export type AutoadminCatalog = Pick<Catalog, "allDegraded" | "deleteDegraded" | "getMap" | "putMap">;

/**
 * When the alarm must come back for autoadmin: the earliest replacement due (a report's `since`
 * plus `after`, REPLACE_AFTER_MS), or `retryAt` when earlier; undefined when nothing is due.
 */
export function autoadminDue(degraded: Degraded[], after: number, retryAt?: number): number | undefined {
  const due = degraded.map((d) => d.since + after);
  if (retryAt !== undefined) due.push(retryAt);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/**
 * Replaces the members reported degraded at least `after` ms before `now`. At exit: each report
 * due is settled (replaced, healed or gone: deleted from the catalog) or, when no leader of its
 * partition answered, kept; then the result is the time to try again (`now` + RETRY_AFTER_MS).
 * Reports not yet due are left as they are.
 */
export async function replaceDegraded(
  catalog: AutoadminCatalog,
  link: ReplicaCaller,
  now: number,
  after: number,
  configOf: (mapId: string) => ConfigOf | undefined,
): Promise<number | undefined> {
  let retryAt: number | undefined;
  for (const report of catalog.allDegraded()) {
    if (report.since + after > now) continue;
    // A table's partition or a global index's: the map is named by the id the leader reported.
    const config = configOf(report.tableId);
    const outcome = config ? await replaceMember(catalog, link, report, config) : "gone";
    if (outcome === "retry") retryAt = now + RETRY_AFTER_MS;
    else catalog.deleteDegraded(report.tableId, report.partitionId);
  }
  return retryAt;
}

/** The replacement of `member`: the same zone, a new object (`.r<n>` on the partition segment). */
export function replacementFor(member: ReplicaRef): ReplicaRef {
  const parts = member.name.split("/");
  const match = /^(.*)\.r(\d+)$/.exec(parts[1]);
  parts[1] = match ? `${match[1]}.r${Number(match[2]) + 1}` : `${parts[1]}.r1`;
  return { name: parts.join("/"), zone: member.zone, locationHint: member.locationHint };
}

/** The partition map with `member` of `partitionId` replaced by `replacement`, one version later. */
export function withReplacement(map: PartitionMap, partitionId: string, member: string, replacement: ReplicaRef) {
  return {
    ...map,
    version: map.version + 1,
    partitions: map.partitions.map((p) =>
      p.id === partitionId ? { ...p, replicas: p.replicas.map((r) => (r.name === member ? replacement : r)) } : p,
    ),
  };
}

/**
 * Replaces the degraded member if it still is out of the group's vote. At exit: what happened;
 * "retry" when no leader answered (the alarm tries again).
 */
export async function replaceMember(
  catalog: Pick<Catalog, "getMap" | "putMap">,
  link: ReplicaCaller,
  report: Degraded,
  config: (map: PartitionMap, partition: Partition) => ReplicaConfig,
): Promise<Outcome> {
  const map = catalog.getMap(report.tableId);
  const partition = map?.partitions.find((p) => p.id === report.partitionId);
  const member = partition?.replicas.find((r) => r.name === report.member);
  if (!map || !partition || !member) return "gone";
  const statuses = await Promise.allSettled(partition.replicas.map((r) => link.call(r, "status", [], CALL_TIMEOUT_MS)));
  let leader: MemberStatus | undefined;
  for (const s of statuses) {
    if (s.status !== "fulfilled" || s.value.role !== "leader") continue;
    if (!leader || s.value.term > leader.term) leader = s.value;
  }
  if (!leader) return "retry";
  if (leader.voters.includes(member.name)) return "healed";
  const replacement = replacementFor(member);
  const next = withReplacement(map, partition.id, member.name, replacement);
  const nextPartition = next.partitions.find((p) => p.id === partition.id)!;
  catalog.putMap(next);
  // Every member learns the new group; the replacement starts empty and the leader fills it.
  await Promise.allSettled(
    nextPartition.replicas.map((r) => link.call(r, "configure", [config(next, nextPartition)], CALL_TIMEOUT_MS)),
  );
  link.call(member, "drop", [], CALL_TIMEOUT_MS).catch(() => undefined);
  return "replaced";
}
