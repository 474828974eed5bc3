/**
 * The admin API's view of a table's replication groups (or a global secondary index's, whose
 * partitions are groups of their own): for each partition, every member's role, term and log
 * positions, and the leader they add up to.
 *
 * Members are asked past the injected faults (Link.callBypassingFaults), so an operator sees
 * them while faults are injected; a member the fault state marks down is not called and shows as unreachable.
 * Each status call has a short timeout, so one stuck member does not hang the report.
 */
import type { Env } from "../env";
import { faults } from "../link/faults";
import type { Link } from "../link/link";
import type { Partition, PartitionMap, SplitEvent } from "../metadata/partition-map";
import type { Route } from "../metadata/protocol";
import type { CapacityReport, MemberStatus, ReplicaRef, Role, SplitReason } from "../replica/protocol";
import { topologyOf } from "../topology";
import { AdminError } from "./admin-error";

/** How long one member's status may take before it counts as unreachable. */
export const STATUS_TIMEOUT_MS = 1000;

export interface MemberReport {
  name: string;
  zone: string;
  /** What the member reports; null when it could not be asked. */
  role: Role | null;
  term: number | null;
  commit: number | null;
  applied: number | null;
  last: number | null;
  leaseValid: boolean | null;
  installing: boolean | null;
  /** A global table's tombstones it holds (deletes not yet collected). */
  tombstones: number | null;
  /** Whether it answered its status call. */
  reachable: boolean;
  /** Whether the fault state marks it crashed. */
  down: boolean;
  /** Over the last minute: capacity units charged and requests throttled here (the leader counts the writes). */
  capacity: CapacityReport | null;
}

export interface PartitionReport {
  id: string;
  low: string;
  high: string;
  /** The reachable member reporting itself leader in the highest term, if any. */
  leader: string | null;
  /** That leader's term. */
  epoch: number | null;
  /** The items and their bytes, as the leader counts them (null without a leader). */
  itemCount: number | null;
  sizeBytes: number | null;
  /** A split in progress (workers/metadata/splits.ts): its point, why, since when. */
  splitting: { point: string; reason: SplitReason; since: number } | null;
  members: MemberReport[];
}

export interface GroupReport {
  table: string;
  /** The global secondary index whose groups these are, when one was asked for. */
  index?: string;
  /** The partition map's version: one more for each split and replacement. */
  mapVersion: number;
  partitions: PartitionReport[];
  /** The splits made so far, oldest first. */
  splits: SplitEvent[];
  /** Split parents whose replicas are not dropped yet (they wait for every child to elect a leader). */
  retired: PartitionReport[];
}

/** The member's status, or undefined when it fails or takes longer than `ms`. */
export async function statusOf(link: Link, ref: ReplicaRef, ms: number): Promise<MemberStatus | undefined> {
  try {
    return await link.callBypassingFaults(ref, "status", [], ms);
  } catch {
    return undefined;
  }
}

export function memberReport(ref: ReplicaRef, status: MemberStatus | undefined): MemberReport {
  const down = faults.isDown(ref.name);
  return {
    name: ref.name,
    zone: ref.zone,
    role: status?.role ?? null,
    term: status?.term ?? null,
    commit: status?.commit ?? null,
    applied: status?.applied ?? null,
    last: status?.last ?? null,
    leaseValid: status?.leaseValid ?? null,
    installing: status?.installing ?? null,
    tombstones: status?.tombstones ?? null,
    reachable: status !== undefined,
    down,
    capacity: status?.capacity ?? null,
  };
}

async function partitionReport(link: Link, partition: Partition, ms: number): Promise<PartitionReport> {
  const answers = await statusesOf(link, partition, ms);
  const members = answers.map(({ ref, status }) => memberReport(ref, status));
  const leader = leaderAmong(answers);
  const { splitting } = partition;
  return {
    id: partition.id,
    low: partition.low,
    high: partition.high,
    leader: leader?.ref.name ?? null,
    epoch: leader?.status.term ?? null,
    itemCount: leader?.status.stats.itemCount ?? null,
    sizeBytes: leader?.status.stats.sizeBytes ?? null,
    splitting: splitting ? { point: splitting.point, reason: splitting.reason, since: splitting.since } : null,
    members,
  };
}

/**
 * The partition's leader as its reachable members report it (the one in the highest term), with
 * its status; undefined when no member reports itself leader. Asked past the injected faults.
 */
export async function leaderOf(
  link: Link,
  partition: Partition,
  ms = STATUS_TIMEOUT_MS,
): Promise<{ ref: ReplicaRef; status: MemberStatus } | undefined> {
  return leaderAmong(await statusesOf(link, partition, ms));
}

/** Each member of the partition with its status, or none when it could not be asked (or is down). */
export function statusesOf(
  link: Link,
  partition: Partition,
  ms = STATUS_TIMEOUT_MS,
): Promise<{ ref: ReplicaRef; status?: MemberStatus }[]> {
  return Promise.all(
    partition.replicas.map(async (ref) => ({
      ref,
      status: faults.isDown(ref.name) ? undefined : await statusOf(link, ref, ms),
    })),
  );
}

/** The member reporting itself leader in the highest term, among `answers`. */
export function leaderAmong(
  answers: { ref: ReplicaRef; status?: MemberStatus }[],
): { ref: ReplicaRef; status: MemberStatus } | undefined {
  let leader: { ref: ReplicaRef; status: MemberStatus } | undefined;
  for (const { ref, status } of answers) {
    if (status?.role === "leader" && (leader === undefined || status.term > leader.status.term)) {
      leader = { ref, status };
    }
  }
  return leader;
}

/** Table `table`'s route in `region`. At exit: the route, or a thrown 400 AdminError for an unknown region or table. */
export async function routeOf(env: Pick<Env, "TOPOLOGY">, link: Link, region: string, table: string): Promise<Route> {
  if (!topologyOf(env).has(region)) throw new AdminError(400, `unknown region ${JSON.stringify(region)}`);
  const route = await link.callMetadata(region, "route", [table]);
  if (!route.ok) throw new AdminError(400, `table ${JSON.stringify(table)} not found in ${region}`);
  return route;
}

/** The partition map of `route`'s table, or of its global secondary index `index`; a thrown 400 AdminError for an unknown index. */
export function mapOf(route: Route, index: string | undefined): PartitionMap {
  if (index === undefined) return route.map;
  const meta = route.table.globalIndexes?.find((i) => i.name === index);
  const map = meta && route.indexMaps?.[meta.id];
  if (!map)
    throw new AdminError(400, `table ${JSON.stringify(route.table.name)} has no global index ${JSON.stringify(index)}`);
  return map;
}

/**
 * The groups of `table` in `region`, or of its global secondary index `index`. At exit: the
 * report, or a thrown 400 AdminError for an unknown region, table or index.
 */
export async function groupReport(
  env: Pick<Env, "TOPOLOGY">,
  link: Link,
  region: string,
  table: string,
  index?: string,
  ms = STATUS_TIMEOUT_MS,
): Promise<GroupReport> {
  const map = mapOf(await routeOf(env, link, region, table), index);
  const partitions = await Promise.all(map.partitions.map((p) => partitionReport(link, p, ms)));
  return {
    table,
    ...(index === undefined ? {} : { index }),
    mapVersion: map.version,
    partitions,
    splits: map.splits ?? [],
    retired: await Promise.all((map.retired ?? []).map((r) => partitionReport(link, r.partition, ms))),
  };
}

/**
 * Each member's items digest (workers/replica/storage.ts `itemsDigest`), per partition of the
 * table or of its global index `index`; unreachable members omitted.
 */
export async function digestReport(
  env: Pick<Env, "TOPOLOGY">,
  link: Link,
  region: string,
  table: string,
  index?: string,
) {
  const map = mapOf(await routeOf(env, link, region, table), index);
  const partitions = await Promise.all(
    map.partitions.map(async (p) => {
      const answers = await Promise.allSettled(
        p.replicas
          .filter((r) => !faults.isDown(r.name))
          .map(async (r) => ({ name: r.name, ...(await link.callBypassingFaults(r, "digest", [])) })),
      );
      const members = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      return { id: p.id, members };
    }),
  );
  return { table, partitions };
}

/** The value at quantile `q` of `sorted` (nearest rank), or null when there are none. */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * A global table's replication from `region` to each other region, over its partitions'
 * leaders: changes pending, and the lag (version time to acknowledgement) p50 and p99 of the
 * recent changes each leader shipped.
 */
export async function replicationReport(env: Pick<Env, "TOPOLOGY">, link: Link, region: string, table: string) {
  const groups = await groupReport(env, link, region, table);
  const route = await routeOf(env, link, region, table);
  const byRegion = new Map<string, { pending: number; lags: number[] }>();
  for (const partition of groups.partitions) {
    const ref = route.map.partitions
      .find((p) => p.id === partition.id)
      ?.replicas.find((r) => r.name === partition.leader);
    const status = ref ? await statusOf(link, ref, STATUS_TIMEOUT_MS) : undefined;
    for (const [destination, shipping] of Object.entries(status?.shipping ?? {})) {
      const entry = byRegion.get(destination) ?? { pending: 0, lags: [] };
      entry.pending += shipping.pending;
      entry.lags.push(...shipping.lagsMs);
      byRegion.set(destination, entry);
    }
  }
  const destinations = [...byRegion].map(([destination, { pending, lags }]) => {
    const sorted = lags.sort((a, b) => a - b);
    return {
      region: destination,
      pending,
      samples: sorted.length,
      lagP50Ms: quantile(sorted, 0.5),
      lagP99Ms: quantile(sorted, 0.99),
    };
  });
  return { table, region, destinations };
}
