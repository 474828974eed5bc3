/**
 * Global tables, metadata side (the home region's metadata object). The control plane of global
 * tables (version 2019.11.21), run by the alarm of the table's home region — the region that took
 * the UpdateTable with ReplicaUpdates.
 *
 * Adding region R: R's metadata object creates the table (same name, keys and indexes, its own
 * id, partitions and groups, and a partition map of its own for each global index, which R's
 * partitions feed from their own committed changes, replicated ones included: ./metadata-region.ts
 * `createReplicaTable`); once it is ACTIVE, every region of the global table learns R (its
 * replicas start shipping their writes to R from that point), and then copies its items to R
 * (a backfill: last writer wins makes the copies and the live changes commute). Then R is ACTIVE.
 * Removing R: every other region stops shipping to it, and R's copy is deleted.
 *
 * Tombstones (a global table's deletes) are collected by one region of the table, the first by
 * name, every TOMBSTONE_SWEEP_MS: `sweepTombstones`.
 */
import type { ReplicaMeta, TableMeta } from "../../shared/api/table";
import type { Link } from "../link/link";
import type { Reply, TombstoneReport } from "../replica/protocol";
import { compareHlc, HLC_ZERO, type HlcTimestamp, parseHlc } from "./hlc";
import { collectionHorizon } from "./last-writer-wins";
import { asRegionId, type RegionId } from "./version";

/** The other regions a region's replicas ship to: every replica but those being removed. */
export function shippingRegions(table: TableMeta): string[] {
  return (table.replicas ?? []).filter((r) => r.status !== "DELETING").map((r) => r.region);
}

/** The replicas list as region `viewer` keeps it: every region of the global table but itself. */
export function replicasSeenFrom(home: string, replicas: ReplicaMeta[], viewer: string): ReplicaMeta[] {
  const all: ReplicaMeta[] = [{ region: home, status: "ACTIVE" }, ...replicas];
  return all.filter((r) => r.region !== viewer);
}

/**
 * One step of the home region's work on `table`'s replicas. At exit: whether more work remains
 * (the alarm comes back soon).
 */
export async function advanceReplicas(
  link: Link,
  home: string,
  table: TableMeta,
  local: {
    setReplicas(name: string, replicas: ReplicaMeta[]): Promise<unknown>;
    backfillTo(name: string, region: string): Promise<boolean>;
  },
): Promise<boolean> {
  const before = table.replicas ?? [];
  let replicas = before;
  let pending = false;
  for (const replica of replicas.filter((r) => r.status === "CREATING")) {
    const route = await link.callMetadata(replica.region, "route", [table.name]);
    if (!route.ok) {
      const seen = replicasSeenFrom(home, replicas, replica.region);
      const created = await link.callMetadata(replica.region, "createReplicaTable", [table, seen]);
      if (!created.ok) throw new Error(created.error.message);
      pending = true;
      continue;
    }
    if (route.table.status !== "ACTIVE") {
      pending = true;
      continue;
    }
    // Every region learns the new one, then copies its items there.
    const others = replicas.filter((r) => r.region !== replica.region && r.status === "ACTIVE").map((r) => r.region);
    await local.setReplicas(table.name, replicas);
    for (const region of others) {
      const seen = replicasSeenFrom(home, replicas, region);
      const reply = await link.callMetadata(region, "setReplicas", [table.name, seen]);
      if (!reply.ok) throw new Error(reply.error.message);
    }
    let copied = await local.backfillTo(table.name, replica.region);
    for (const region of others) {
      copied = (await link.callMetadata(region, "backfillTo", [table.name, replica.region])) && copied;
    }
    if (!copied) {
      pending = true;
      continue;
    }
    replicas = replicas.map((r) => (r.region === replica.region ? { ...r, status: "ACTIVE" } : r));
    for (const region of replicas.map((r) => r.region)) {
      await link.callMetadata(region, "setReplicas", [table.name, replicasSeenFrom(home, replicas, region)]);
    }
  }
  for (const replica of replicas.filter((r) => r.status === "DELETING")) {
    const remaining = replicas.filter((r) => r.region !== replica.region);
    for (const region of remaining.map((r) => r.region)) {
      await link.callMetadata(region, "setReplicas", [table.name, replicasSeenFrom(home, remaining, region)]);
    }
    await link.callMetadata(replica.region, "dropReplicaTable", [table.name]);
    replicas = remaining;
  }
  if (replicas !== before) await local.setReplicas(table.name, replicas);
  return pending;
}

const lower = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/**
 * A region's report from its partitions' reports: per other region the lowest clock (a partition
 * that names no clock for a region holds collection back), and the oldest tombstone.
 */
export function mergeReports(reports: TombstoneReport[], regions: string[]): TombstoneReport {
  const merged: TombstoneReport = { below: {} };
  for (const region of regions) {
    for (const report of reports) merged.below[region] = lower(merged.below[region], report.below[region] ?? HLC_ZERO);
  }
  for (const report of reports) if (report.oldest !== undefined) merged.oldest = lower(merged.oldest, report.oldest);
  return merged;
}

/**
 * The clock below which every region of a global table has every change (`reports[region]`:
 * that region's report), or undefined when some region is missing one. Region D has passed the
 * lowest clock any other region reports for D: no change older than it can still reach D.
 */
export function tombstoneHorizon(reports: ReadonlyMap<string, TombstoneReport>): HlcTimestamp | undefined {
  const regions = [...reports.keys()].map(asRegionId);
  const passed: Partial<Record<RegionId, HlcTimestamp>> = {};
  for (const [origin, report] of reports) {
    for (const destination of regions) {
      if (destination === origin) continue;
      const clock = report.below[destination];
      if (clock === undefined) return undefined;
      const current = passed[destination];
      const below = parseHlc(clock);
      if (current === undefined || compareHlc(below, current) < 0) passed[destination] = below;
    }
  }
  return collectionHorizon(passed, regions);
}

/** Whether `region` collects `table`'s tombstones: it is a global table's first region by name. */
export function sweptBy(table: TableMeta, region: string): boolean {
  const replicas = table.replicas ?? [];
  return table.status === "ACTIVE" && replicas.length > 0 && replicas.every((r) => r.region > region);
}

/**
 * One round of tombstone collection for `table`, run by the region it is `sweptBy`, once every
 * replica is ACTIVE: every region reports, and if some tombstone is below the horizon, every
 * region drops the tombstones below it. At exit: the horizon used, if any.
 */
export async function sweepTombstones(link: Link, region: string, table: TableMeta): Promise<HlcTimestamp | undefined> {
  const replicas = table.replicas ?? [];
  if (!sweptBy(table, region) || replicas.some((r) => r.status !== "ACTIVE")) return undefined;
  const regions = [region, ...replicas.map((r) => r.region)];
  const replies: Reply<TombstoneReport>[] = await Promise.all(
    regions.map((r) => link.callMetadata(r, "tombstoneReport", [table.name])),
  );
  const reports = new Map<string, TombstoneReport>();
  for (const [i, reply] of replies.entries()) {
    if (!reply.ok) return undefined;
    reports.set(regions[i], reply);
  }
  const horizon = tombstoneHorizon(reports);
  if (horizon === undefined || ![...reports.values()].some((r) => r.oldest !== undefined && r.oldest < horizon)) {
    return undefined;
  }
  await Promise.all(regions.map((r) => link.callMetadata(r, "collectTombstones", [table.name, horizon])));
  return horizon;
}
