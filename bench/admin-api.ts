/**
 * The bench's client of the server's admin API (workers/admin/admin.ts, served with
 * ADMIN_API=on): a table's replication groups and its splits, fault injection, whether a group
 * has settled (a leader, every member up and caught up), a global table's replication to other
 * regions, and the feeding of a table's global secondary indexes.
 */

import type { GroupReport, PartitionReport } from "../workers/admin/group-status";
import type { ReplicationReportDestination } from "./replication-figures";
import { BENCH_ADMIN_TOKEN } from "./sdk";

const TIMEOUT_MS = 10_000;

async function call(endpoint: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { "content-type": "application/json", authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** The table's groups, one per partition. */
export async function groupsOf(endpoint: string, table: string): Promise<PartitionReport[]> {
  return (await groupReportOf(endpoint, table)).partitions;
}

/** The table's whole report: its groups, its map's version, the splits made so far and the parents not yet dropped. */
export async function groupReportOf(endpoint: string, table: string): Promise<GroupReport> {
  return (await call(endpoint, `/admin/groups?table=${encodeURIComponent(table)}`)) as GroupReport;
}

/** A global table's replication from `region` to each other region: pending changes and lag. */
export async function replicationOf(
  endpoint: string,
  table: string,
  region: string,
): Promise<ReplicationReportDestination[]> {
  const query = `table=${encodeURIComponent(table)}&region=${encodeURIComponent(region)}`;
  const report = (await call(endpoint, `/admin/replication?${query}`)) as {
    destinations: ReplicationReportDestination[];
  };
  return report.destinations;
}

/** One global index of `GET /admin/indexes`: its base partitions' backlog and its propagation lag. */
export interface IndexFeedingReport {
  name: string;
  /** Committed base records not yet fed, summed over the partitions whose leader reported. */
  pending: number;
  /** Whether every base partition's leader reported. */
  complete: boolean;
  /** Lag samples (each leader's recent ones) behind the quantiles: a commit → the index's acknowledgement. */
  samples: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
}

/** A table's global indexes in `region`, as the partition leaders feeding them report them. */
export async function indexesOf(endpoint: string, table: string, region: string): Promise<IndexFeedingReport[]> {
  const query = `table=${encodeURIComponent(table)}&region=${encodeURIComponent(region)}`;
  const report = (await call(endpoint, `/admin/indexes?${query}`)) as { indexes: IndexFeedingReport[] };
  return report.indexes.map(({ name, pending, complete, samples, lagP50Ms, lagP99Ms }) => ({
    name,
    pending,
    complete,
    samples,
    lagP50Ms,
    lagP99Ms,
  }));
}

export type Fault = { action: "crash" | "restart"; replica: string } | { action: "reset" };

export async function injectFault(endpoint: string, fault: Fault): Promise<void> {
  await call(endpoint, "/admin/faults", fault);
}

/** A leader, and every member reachable, not down, and applied up to the leader's commit index. */
export function isSettled(partition: PartitionReport): boolean {
  const leader = partition.members.find((m) => m.name === partition.leader);
  if (!leader || leader.commit === null) return false;
  return partition.members.every((m) => m.reachable && !m.down && m.applied === leader.commit);
}

/** The zone of a replica's object name (`<tableId>/<partition>/<region>/<zone>`), for reports. */
export function zoneOf(replica: string | null): string {
  return replica === null ? "–" : (replica.split("/").pop() ?? replica);
}
