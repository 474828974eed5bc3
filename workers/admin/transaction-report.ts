/**
 * The admin API's view of transactions in a region and account: what each coordinator is running
 * or has decided and not finished (workers/transactions), and, for a table, what each partition's
 * leader holds for them (workers/replica/holds.ts).
 */
import type { Env } from "../env";
import type { Link } from "../link/link";
import { COORDINATOR_SHARDS, coordinatorName, type TransactionStatus } from "../transactions/protocol";
import { leaderOf, routeOf } from "./group-status";

export async function transactionReport(
  env: Pick<Env, "TOPOLOGY">,
  link: Link,
  region: string,
  table: string | undefined,
) {
  const shards = Array.from({ length: COORDINATOR_SHARDS }, (_, shard) => coordinatorName(link.catalog(region), shard));
  const inFlight = (
    await Promise.all(
      shards.map(async (name) => {
        const running: TransactionStatus[] = await link.coordinator(name).inFlight();
        return running.map((status) => ({ coordinator: name, ...status }));
      }),
    )
  ).flat();
  if (table === undefined) return { region, inFlight };
  const route = await routeOf(env, link, region, table);
  const holds = await Promise.all(
    route.map.partitions.map(async (partition) => {
      const leader = await leaderOf(link, partition);
      return { partition: partition.id, leader: leader?.ref.name ?? null, holds: leader?.status.holds ?? [] };
    }),
  );
  return { region, inFlight, table, holds };
}
