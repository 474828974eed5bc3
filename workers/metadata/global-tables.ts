/**
 * The control plane of global tables (version 2019.11.21), run by the alarm of the table's
 * home region — the region that took the UpdateTable with ReplicaUpdates.
 *
 * Adding region R: R's metadata object creates the table (same name and keys, its own id,
 * partitions and groups); once it is ACTIVE, every region of the global table learns R (its
 * replicas start shipping their writes to R from that point), and then copies its items to R
 * (a backfill: last writer wins makes the copies and the live changes commute). Then R is ACTIVE.
 * Removing R: every other region stops shipping to it, and R's copy is deleted.
 */
import type { ReplicaMeta, TableMeta } from "../../shared/api/table";
import type { Link } from "../link/link";
import type { MetadataObject } from "./metadata-object";

/** The other regions a region's replicas ship to: every replica but those being removed. */
export function shippingRegions(table: TableMeta): string[] {
  return (table.replicas ?? []).filter((r) => r.status !== "DELETING").map((r) => r.region);
}

/** The replicas list as region `viewer` keeps it: every region of the global table but itself. */
export function replicasSeenFrom(home: string, replicas: ReplicaMeta[], viewer: string): ReplicaMeta[] {
  const all: ReplicaMeta[] = [{ region: home, status: "ACTIVE" }, ...replicas];
  return all.filter((r) => r.region !== viewer);
}

type Stub = DurableObjectStub<MetadataObject>;

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
  const metadataOf = (region: string): Stub => link.metadata(region);
  for (const replica of replicas.filter((r) => r.status === "CREATING")) {
    const remote = metadataOf(replica.region);
    const route = await remote.route(table.name);
    if (!route.ok) {
      const created = await remote.createReplicaTable(table, replicasSeenFrom(home, replicas, replica.region));
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
      const reply = await metadataOf(region).setReplicas(table.name, replicasSeenFrom(home, replicas, region));
      if (!reply.ok) throw new Error(reply.error.message);
    }
    let copied = await local.backfillTo(table.name, replica.region);
    for (const region of others) copied = (await metadataOf(region).backfillTo(table.name, replica.region)) && copied;
    if (!copied) {
      pending = true;
      continue;
    }
    replicas = replicas.map((r) => (r.region === replica.region ? { ...r, status: "ACTIVE" } : r));
    for (const region of replicas.map((r) => r.region)) {
      await metadataOf(region).setReplicas(table.name, replicasSeenFrom(home, replicas, region));
    }
  }
  for (const replica of replicas.filter((r) => r.status === "DELETING")) {
    const remaining = replicas.filter((r) => r.region !== replica.region);
    for (const region of remaining.map((r) => r.region)) {
      await metadataOf(region).setReplicas(table.name, replicasSeenFrom(home, remaining, region));
    }
    await metadataOf(replica.region).dropReplicaTable(table.name);
    replicas = remaining;
  }
  if (replicas !== before) await local.setReplicas(table.name, replicas);
  return pending;
}
