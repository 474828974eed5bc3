/**
 * What the topology page shows of a table in a region: the replication groups of the table and
 * of each global secondary index (workers/admin/group-status.ts `groupReport`), each index's
 * feeding (workers/admin/index-status.ts), and what only a partition's leader knows: which
 * members vote, and the log replicas standing in for missing members (they are not in the
 * partition map, so they are asked by name, past the injected faults like the members).
 */

import { AdminError } from "../../admin/admin-error";
import { replicaRefOf } from "../../admin/fault-actions";
import {
  type GroupReport,
  groupReport,
  type MemberReport,
  memberReport,
  routeOf,
  STATUS_TIMEOUT_MS,
  statusOf,
} from "../../admin/group-status";
import { type IndexReport, indexesReport } from "../../admin/index-status";
import type { Env } from "../../env";
import { faults } from "../../link/faults";
import { Link } from "../../link/link";
import { isLogReplica } from "../../replica/membership";
import type { ReplicaRef } from "../../replica/protocol";
import { regionOf } from "../../topology";

/** What a partition's leader adds to its members' reports. */
export interface LeaderView {
  /** The voters by the leader's log; null when no leader answered. */
  voters: string[] | null;
  /** The log replicas among them, with what they report (zone unknown: ""). */
  logReplicas: MemberReport[];
}

/** The groups of the table, or of one of its global indexes. */
export interface GroupView {
  /** The global index, for an index's groups. */
  index?: string;
  /** The index's status (CREATING, ACTIVE…). */
  indexStatus?: string;
  report: GroupReport | null;
  /** Why the groups could not be read (an index whose partitions are not made yet). */
  error?: string;
  /** By partition id. */
  leaders: Map<string, LeaderView>;
  /** An index's feeding by the table's leaders. */
  feeding?: IndexReport;
}

export interface TopologyView {
  table: string;
  region: string;
  /** The region's zones, in order: the picture's columns. */
  zones: string[];
  /** Replicas the fault state has stopped (frozen). */
  stopped: Set<string>;
  groups: GroupView[];
}

/** The leader's voters, and the log replicas among them. */
async function leaderView(env: Env, link: Link, leader: string | null, members: MemberReport[]): Promise<LeaderView> {
  if (leader === null) return { voters: null, logReplicas: [] };
  let ref: ReplicaRef;
  try {
    ref = replicaRefOf(env, leader);
  } catch {
    return { voters: null, logReplicas: [] };
  }
  const status = await statusOf(link, ref, STATUS_TIMEOUT_MS);
  if (!status) return { voters: null, logReplicas: [] };
  const home = new Set(members.map((m) => m.name));
  const names = status.voters.filter((name) => !home.has(name) && isLogReplica({ name, zone: "", locationHint: "" }));
  const logReplicas = await Promise.all(
    names.map(async (name) => {
      // The object exists (it votes); its location hint only matters when one is created.
      const logRef = { ...ref, name, zone: "" };
      return memberReport(logRef, faults.isDown(name) ? undefined : await statusOf(link, logRef, STATUS_TIMEOUT_MS));
    }),
  );
  return { voters: status.voters, logReplicas };
}

async function groupView(env: Env, link: Link, region: string, table: string, index?: string): Promise<GroupView> {
  let report: GroupReport;
  try {
    report = await groupReport(env, link, region, table, index);
  } catch (error) {
    if (!(error instanceof AdminError) || index === undefined) throw error;
    return { index, report: null, error: error.message, leaders: new Map() };
  }
  const views = await Promise.all(report.partitions.map((p) => leaderView(env, link, p.leader, p.members)));
  const leaders = new Map(report.partitions.map((p, i) => [p.id, views[i]]));
  return { ...(index === undefined ? {} : { index }), report, leaders };
}

/**
 * The topology of `table` in `region`. At exit: the view, or a thrown AdminError when the table
 * is not there.
 */
export async function topologyView(env: Env, region: string, table: string): Promise<TopologyView> {
  const link = new Link(env);
  const route = await routeOf(env, link, region, table);
  const indexes = route.table.globalIndexes ?? [];
  const [base, feeding, indexGroups] = await Promise.all([
    groupView(env, link, region, table),
    indexes.length > 0 ? indexesReport(env, link, region, table).catch(() => undefined) : undefined,
    Promise.all(indexes.map((index) => groupView(env, link, region, table, index.name))),
  ]);
  const groups = [
    base,
    ...indexGroups.map((group, i) => ({
      ...group,
      indexStatus: indexes[i].status,
      feeding: feeding?.indexes.find((f) => f.name === indexes[i].name),
    })),
  ];
  const zones = regionOf(env, region).zones.map((z) => z.name);
  return { table, region, zones, stopped: new Set(faults.state().stopped), groups };
}
