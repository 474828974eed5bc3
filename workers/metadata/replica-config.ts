/**
 * What the replicas of a partition serve: the configuration the metadata object sends them when a
 * table is activated, its map changes (autoadmin) or its regions change (global tables).
 */
import { indexKeySchemaOf, keySchemaOf, type TableMeta } from "../../shared/api/table";
import type { ReplicaConfig } from "../replica/protocol";
import { shippingRegions } from "../replication/metadata-home";
import type { Partition, PartitionMap } from "./partition-map";

/** What the replicas of `partition` of `table` serve under `map`, in region `region`. */
export function replicaConfig(
  region: string,
  table: TableMeta,
  map: PartitionMap,
  partition: Partition,
): ReplicaConfig {
  const regions = shippingRegions(table);
  return {
    tableId: map.tableId,
    partitionId: partition.id,
    low: partition.low,
    high: partition.high,
    mapVersion: map.version,
    keySchema: keySchemaOf(table),
    members: partition.replicas,
    region,
    ...(regions.length > 0 ? { tableName: table.name, regions } : {}),
    ...(table.localIndexes?.length
      ? {
          localIndexes: table.localIndexes.map((index) => ({
            name: index.name,
            key: indexKeySchemaOf(table, index),
            projection: index.projection,
          })),
        }
      : {}),
  };
}
