/**
 * What the replicas of a partition serve: the configuration the metadata object sends them when a
 * table is activated, its map changes (autoadmin) or its regions change (global tables). A
 * partition map is a table's or a global secondary index's (a table of its own to the replicas).
 */
import { enabledStream } from "../../shared/api/streams/stream-meta";
import { type GlobalIndexMeta, indexKeySchemaOf, keySchemaOf, type TableMeta } from "../../shared/api/table";
import type { ReplicaConfig } from "../replica/protocol";
import { shippingRegions } from "../replication/metadata-home";
import type { Partition, PartitionMap } from "./partition-map";

/** The catalog a configuration comes from: its region, and the account whose tables it holds. */
export interface CatalogPlace {
  region: string;
  account: string;
  env: { ACCOUNT_ID: string };
}

/** What every replica of `partition` of `map` is told: where it is, what it serves, with whom. */
function partitionOf(place: CatalogPlace, map: PartitionMap, partition: Partition) {
  return {
    tableId: map.tableId,
    partitionId: partition.id,
    low: partition.low,
    high: partition.high,
    mapVersion: map.version,
    members: partition.replicas,
    ...(partition.splitting ? { learners: partition.splitting.children.flatMap((c) => c.replicas) } : {}),
    ...(partition.parent ? { parent: partition.parent } : {}),
    region: place.region,
    ...(place.account !== place.env.ACCOUNT_ID ? { account: place.account } : {}),
  };
}

/** What the replicas of `partition` of `table` serve under `map`, in the catalog `place`. */
export function replicaConfig(
  place: CatalogPlace,
  table: TableMeta,
  map: PartitionMap,
  partition: Partition,
): ReplicaConfig {
  const regions = shippingRegions(table);
  // A DELETING index is no longer fed: its partitions are about to be dropped.
  const fed = (table.globalIndexes ?? []).filter((i) => i.status !== "DELETING");
  const stream = enabledStream(table.streams);
  return {
    ...partitionOf(place, map, partition),
    keySchema: keySchemaOf(table),
    ...(regions.length > 0 || fed.length > 0 ? { tableName: table.name } : {}),
    ...(regions.length > 0 ? { regions } : {}),
    ...(table.timeToLive?.enabled ? { ttl: table.timeToLive.attributeName } : {}),
    ...(stream ? { stream: stream.label } : {}),
    ...(table.pitr?.enabled ? { pitr: { days: table.pitr.recoveryPeriodInDays } } : {}),
    ...(table.localIndexes?.length
      ? {
          localIndexes: table.localIndexes.map((index) => ({
            name: index.name,
            key: indexKeySchemaOf(table, index),
            projection: index.projection,
          })),
        }
      : {}),
    ...(fed.length > 0
      ? {
          globalIndexes: fed.map((index) => ({
            id: index.id,
            name: index.name,
            key: indexKeySchemaOf(table, index),
            projection: index.projection,
            // Added by UpdateTable: fed from where its backfill starts.
            ...(index.status === "CREATING" && index.backfilling !== undefined ? { backfill: true } : {}),
          })),
        }
      : {}),
  };
}

/** What the replicas of `partition` of global index `index` of `table` serve: the index's entries. */
export function indexReplicaConfig(
  place: CatalogPlace,
  table: TableMeta,
  index: GlobalIndexMeta,
  map: PartitionMap,
  partition: Partition,
): ReplicaConfig {
  const key = indexKeySchemaOf(table, index);
  return { ...partitionOf(place, map, partition), keySchema: key, entries: { index: key, table: keySchemaOf(table) } };
}

/** How a partition of map `mapId` is configured: the table's, or its global index's. */
export type ConfigOf = (map: PartitionMap, partition: Partition) => ReplicaConfig;

/** The configuration of the partitions of map `mapId` among `tables`; undefined when no table or index has it. */
export function configOfMap(place: CatalogPlace, tables: TableMeta[], mapId: string): ConfigOf | undefined {
  for (const table of tables) {
    if (table.id === mapId) return (map, p) => replicaConfig(place, table, map, p);
    const index = table.globalIndexes?.find((i) => i.id === mapId);
    if (index) return (map, p) => indexReplicaConfig(place, table, index, map, p);
  }
  return undefined;
}
