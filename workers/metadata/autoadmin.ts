/**
 * Autoadmin's replacement of failed replicas. A leader that put a log replica in place of an
 * unreachable member reports the partition degraded; once the member has been unreachable for
 * REPLACE_AFTER_MS, the metadata alarm replaces it: a new replica in the same zone joins the
 * partition map (a new map version, so routers refresh), the group's members are configured
 * with it, and the leader builds it from a snapshot plus the log tail, then hands the log
 * replica's vote to it (workers/replica/membership.ts).
 */
import type { Link } from "../link/link";
import type { MemberStatus, ReplicaConfig, ReplicaRef } from "../replica/protocol";
import type { Catalog, Degraded } from "./catalog";
import type { Partition, PartitionMap } from "./partition-map";

export type Outcome = "replaced" | "healed" | "gone" | "retry";

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
  catalog: Catalog,
  link: Link,
  report: Degraded,
  config: (map: PartitionMap, partition: Partition) => ReplicaConfig,
): Promise<Outcome> {
  const map = catalog.getMap(report.tableId);
  const partition = map?.partitions.find((p) => p.id === report.partitionId);
  const member = partition?.replicas.find((r) => r.name === report.member);
  if (!map || !partition || !member) return "gone";
  const statuses = await Promise.allSettled(partition.replicas.map((r) => link.call(r, "status", [], 2000)));
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
    nextPartition.replicas.map((r) => link.call(r, "configure", [config(next, nextPartition)], 2000)),
  );
  link.call(member, "drop", [], 2000).catch(() => undefined);
  return "replaced";
}
