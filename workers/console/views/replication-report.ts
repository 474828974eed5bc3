/**
 * What the replication page shows of a table in a region: none when it is not a global table
 * (no replica regions); else, per replica region, what the partitions' leaders report of their
 * shipping (workers/admin/group-status.ts `replicationReport`), appended to the lag history
 * (./lag-history.ts) as it is read.
 */

import { replicationReport, routeOf } from "../../admin/group-status";
import type { Env } from "../../env";
import { faults } from "../../link/faults";
import { Link } from "../../link/link";
import { recordLag } from "./lag-history";
import type { DestinationView } from "./replication-status";

export interface ReplicationView {
  /** Empty: not a global table. */
  destinations: DestinationView[];
  regionIsolated: boolean;
}

/** At exit: the view, or a thrown AdminError when the table is not in `region`. */
export async function replicationView(env: Env, region: string, table: string, now: number): Promise<ReplicationView> {
  const link = new Link(env);
  const route = await routeOf(env, link, region, table);
  const replicas = route.table.replicas ?? [];
  const isolated = new Set(faults.state().isolated);
  if (replicas.length === 0) return { destinations: [], regionIsolated: isolated.has(region) };
  const report = await replicationReport(env, link, region, table);
  const destinations = replicas.map((replica): DestinationView => {
    const shipping = report.destinations.find((d) => d.region === replica.region);
    const history = recordLag(region, table, replica.region, {
      at: now,
      pending: shipping?.pending ?? 0,
      lagP99Ms: shipping?.lagP99Ms ?? null,
    });
    return {
      region: replica.region,
      status: replica.status,
      pending: shipping?.pending ?? null,
      samples: shipping?.samples ?? null,
      lagP50Ms: shipping?.lagP50Ms ?? null,
      lagP99Ms: shipping?.lagP99Ms ?? null,
      history,
      isolated: isolated.has(replica.region),
    };
  });
  return { destinations, regionIsolated: isolated.has(region) };
}
