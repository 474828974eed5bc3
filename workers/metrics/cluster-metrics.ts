/**
 * What `/metrics` reads off the objects when it is scraped (not counted on the hot path): for
 * every table of the deployment's own account in every region, its partitions (and its global
 * indexes'), their items, bytes and leaders' terms, unreachable replicas, a global table's
 * replication to each other region, and each global index's feeding. The same reports as the
 * admin API's (workers/admin), so the figures agree with them.
 */
import { AdminError } from "../admin/admin-error";
import { type GroupReport, groupReport, replicationReport } from "../admin/group-status";
import { indexesReport } from "../admin/index-status";
import type { Env } from "../env";
import type { Link } from "../link/link";
import { topologyOf } from "../topology";
import type { Family, Labels } from "./exposition";

/** How long one member's status may take when scraped. */
const SCRAPE_STATUS_MS = 500;

/** The names of every table of region `region`. */
async function tableNames(link: Link, region: string): Promise<string[]> {
  const names: string[] = [];
  let last: string | undefined;
  do {
    const page = await link.callMetadata(region, "listTables", [100, last]);
    names.push(...page.names);
    last = page.last;
  } while (last !== undefined);
  return names;
}

class Families {
  private readonly byName = new Map<string, Family>();

  constructor(specs: [name: string, type: Family["type"], help: string][]) {
    for (const [name, type, help] of specs) this.byName.set(name, { name, type, help, samples: [] });
  }

  add(name: string, labels: Labels, value: number | null): void {
    const family = this.byName.get(name);
    if (!family) throw new Error(`no metric family ${name}`);
    if (value !== null) family.samples.push({ labels, value });
  }

  all(): Family[] {
    return [...this.byName.values()];
  }
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

function addGroups(families: Families, labels: Labels, groups: GroupReport): void {
  families.add("dynaflare_partitions", labels, groups.partitions.length);
  let elections = 0;
  let unreachable = 0;
  for (const p of groups.partitions) {
    const partition = { ...labels, partition: p.id };
    families.add("dynaflare_partition_items", partition, p.itemCount);
    families.add("dynaflare_partition_size_bytes", partition, p.sizeBytes);
    families.add("dynaflare_partition_leader_term", partition, p.epoch);
    elections += p.epoch ?? 0;
    unreachable += p.members.filter((m) => !m.reachable).length;
  }
  families.add("dynaflare_leader_elections_total", labels, elections);
  families.add("dynaflare_replicas_unreachable", labels, unreachable);
}

/** The families read off the objects of every region. */
export async function clusterFamilies(env: Env, link: Link): Promise<Family[]> {
  const families = new Families([
    ["dynaflare_tables", "gauge", "Tables in the region (CloudWatch: none; DescribeLimits counts them against 2,500)."],
    ["dynaflare_partitions", "gauge", "Partitions of a table, or of its global secondary index (index label)."],
    [
      "dynaflare_partition_items",
      "gauge",
      "Items in a partition, as its leader counts them (CloudWatch: none; DescribeTable's ItemCount summed).",
    ],
    [
      "dynaflare_partition_size_bytes",
      "gauge",
      "Bytes of a partition's items, as its leader counts them (DescribeTable's TableSizeBytes summed).",
    ],
    [
      "dynaflare_partition_leader_term",
      "gauge",
      "The term of a partition's leader: it grows by one with each election.",
    ],
    [
      "dynaflare_leader_elections_total",
      "counter",
      "Elections held by a table's replication groups: the sum of their leaders' terms (each group's first leader is its first election).",
    ],
    ["dynaflare_replicas_unreachable", "gauge", "Replicas of a table's groups that did not answer their status call."],
    [
      "dynaflare_replication_pending_changes",
      "gauge",
      "A global table's changes not yet acknowledged by the region `to`.",
    ],
    [
      "dynaflare_replication_lag_seconds",
      "gauge",
      "A global table's lag to the region `to`, from a change's commit to its acknowledgement there, over the recent changes (CloudWatch: ReplicationLatency).",
    ],
    [
      "dynaflare_index_pending_records",
      "gauge",
      "A table's committed records not yet fed to its global secondary index.",
    ],
    [
      "dynaflare_index_lag_seconds",
      "gauge",
      "A global secondary index's lag, from a record's commit to the index's acknowledgement, over the recent batches.",
    ],
  ]);
  for (const region of topologyOf(env).keys()) {
    const names = await tableNames(link, region);
    families.add("dynaflare_tables", { region }, names.length);
    await Promise.all(
      names.map(async (table) => {
        const labels = { region, table };
        try {
          const groups = await groupReport(env, link, region, table, undefined, SCRAPE_STATUS_MS);
          addGroups(families, { ...labels, index: "" }, groups);
          const indexes = await indexesReport(env, link, region, table);
          for (const index of indexes.indexes) {
            const indexLabels = { ...labels, index: index.name };
            addGroups(families, indexLabels, await groupReport(env, link, region, table, index.name, SCRAPE_STATUS_MS));
            families.add("dynaflare_index_pending_records", indexLabels, index.pending);
            families.add("dynaflare_index_lag_seconds", { ...indexLabels, quantile: "0.5" }, seconds(index.lagP50Ms));
            families.add("dynaflare_index_lag_seconds", { ...indexLabels, quantile: "0.99" }, seconds(index.lagP99Ms));
          }
          const replication = await replicationReport(env, link, region, table);
          for (const to of replication.destinations) {
            const pair = { ...labels, to: to.region };
            families.add("dynaflare_replication_pending_changes", pair, to.pending);
            families.add("dynaflare_replication_lag_seconds", { ...pair, quantile: "0.5" }, seconds(to.lagP50Ms));
            families.add("dynaflare_replication_lag_seconds", { ...pair, quantile: "0.99" }, seconds(to.lagP99Ms));
          }
        } catch (error) {
          // A table deleted while it was read is no longer there to report.
          if (!(error instanceof AdminError)) throw error;
        }
      }),
    );
  }
  return families.all();
}
