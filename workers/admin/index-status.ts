/**
 * The admin API's view of a table's global secondary indexes in a region: per index, what its
 * base partitions' leaders have still to feed it (committed records past each feeder's cursor,
 * workers/replica/index-feeder.ts) and its propagation lag, p50 and p99 over the recent samples
 * of every leader (from the commit of a batch of records to the index's acknowledgement of them).
 * Local secondary indexes are written with their items, in the same log record: nothing pends.
 */
import type { IndexStatus } from "../../shared/api/table";
import type { Env } from "../env";
import type { Link } from "../link/link";
import { leaderOf, quantile, routeOf } from "./group-status";

export interface IndexPartitionReport {
  /** The base partition. */
  id: string;
  /** Its leader, as its members report it; null when none answers as leader. */
  leader: string | null;
  /** The last lsn of the base partition the index acknowledged; null without a leader's report. */
  cursor: number | null;
  /** Committed records past the cursor (not all of them change the index); null without a leader's report. */
  pending: number | null;
}

export interface IndexReport {
  name: string;
  status: IndexStatus;
  /** Pending records summed over the partitions that reported. */
  pending: number;
  /** Whether every base partition's leader reported (`pending` is then the whole backlog). */
  complete: boolean;
  /** Lag samples (ms) behind the quantiles; null quantiles when there are none. */
  samples: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  partitions: IndexPartitionReport[];
}

/** Every global index of `table` in `region`. At exit: the report, or a thrown 400 AdminError for an unknown region or table. */
export async function indexesReport(
  env: Pick<Env, "TOPOLOGY">,
  link: Link,
  region: string,
  table: string,
): Promise<{ table: string; region: string; indexes: IndexReport[] }> {
  const route = await routeOf(env, link, region, table);
  const leaders = await Promise.all(route.map.partitions.map((p) => leaderOf(link, p)));
  const indexes = (route.table.globalIndexes ?? []).map((index): IndexReport => {
    const partitions = route.map.partitions.map((p, i): IndexPartitionReport => {
      const fed = leaders[i]?.status.indexing?.[index.name];
      return {
        id: p.id,
        leader: leaders[i]?.ref.name ?? null,
        cursor: fed?.cursor ?? null,
        pending: fed?.pending ?? null,
      };
    });
    const lags = leaders.flatMap((l) => l?.status.indexing?.[index.name]?.lagsMs ?? []).sort((a, b) => a - b);
    return {
      name: index.name,
      status: index.status,
      pending: partitions.reduce((n, p) => n + (p.pending ?? 0), 0),
      complete: partitions.every((p) => p.pending !== null),
      samples: lags.length,
      lagP50Ms: quantile(lags, 0.5),
      lagP99Ms: quantile(lags, 0.99),
      partitions,
    };
  });
  return { table, region, indexes };
}
