/**
 * BatchWriteItem: every table, key and duplicate checked before the first write (bad input
 * never leaves a partial write), then the writes run concurrently across partitions. A write
 * that fails transiently comes back in UnprocessedItems; if every write failed so, the batch
 * fails with the first such error, as DynamoDB does when it can process none. On tables with
 * local secondary indexes, ReturnItemCollectionMetrics SIZE gives one entry per collection
 * written, its size after the batch's last write to it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import { own, setName } from "../../../shared/api/names";
import {
  type BatchWrite,
  checkBatchWriteKeys,
  toWriteRequest,
  validateBatchWriteItem,
  type WriteRequest,
} from "../../../shared/api/operations/batch-write-item";
import { encodeKeyValue } from "../../../shared/keys/key-encoding";
import { forEachBounded, interleaveByGroup, isTransient, MAX_IN_FLIGHT, resolveTables } from "../batch-fan-out";
import {
  addCapacity,
  type CapacityBreakdown,
  type ConsumedCapacity,
  consumedCapacity,
  writeCapacity,
} from "../consumed-capacity";
import type { Operation } from "../context";
import { type ItemCollectionMetrics, indexReturns, itemCollectionMetrics } from "../item-collection-metrics";
import { putAction, writeItem } from "../items";

interface KeyWrite {
  table: number;
  key: Item;
  write: BatchWrite;
  group: string;
}

export const batchWriteItem: Operation = async (ctx, body) => {
  const { input, tables } = validateBatchWriteItem(body);
  const keys: Item[][] = [];
  const resolved = await resolveTables(
    ctx,
    tables.map((t) => t.tableName),
    (i, table) => {
      keys[i] = checkBatchWriteKeys(tables[i].writes, table.schema, table.indexes);
    },
  );
  const writes: KeyWrite[] = tables.flatMap((t, table) =>
    t.writes.map((write, i) => {
      const key = keys[table][i];
      return { table, key, write, group: `${table}/${resolved[table].partitionOf(key)}` };
    }),
  );

  const units = tables.map((): CapacityBreakdown => ({ table: 0 }));
  const returns = resolved.map((table) =>
    indexReturns(table, input.ReturnConsumedCapacity, input.ReturnItemCollectionMetrics),
  );
  // Per table, the latest metrics of each collection written (by partition key), with the lsn they follow.
  const collections = tables.map(() => new Map<string, { lsn: number; metrics: ItemCollectionMetrics }>());
  const failed = new Set<BatchWrite>();
  let transient: unknown;
  await forEachBounded(
    interleaveByGroup(writes, (w) => w.group),
    MAX_IN_FLIGHT,
    async (w) => {
      try {
        const table = resolved[w.table];
        const result = await writeItem(ctx, table, {
          key: w.key,
          action: w.write.kind === "put" ? putAction(w.write.item) : { kind: "delete" },
          ...returns[w.table],
        });
        units[w.table] = addCapacity(units[w.table], writeCapacity(result));
        const metrics = itemCollectionMetrics(table, w.key, result);
        if (metrics) {
          const collection = String.fromCharCode(...encodeKeyValue(own(w.key, table.schema.hash.name)!));
          const lsn = result.at?.lsn ?? 0;
          const seen = collections[w.table].get(collection);
          if (!seen || seen.lsn < lsn) collections[w.table].set(collection, { lsn, metrics });
        }
      } catch (error) {
        if (!isTransient(error)) throw error;
        transient ??= error;
        failed.add(w.write);
      }
    },
  );
  if (failed.size === writes.length && transient) throw transient;

  const unprocessed: Record<string, WriteRequest[]> = {};
  const capacity: ConsumedCapacity[] = [];
  const metrics: Record<string, ItemCollectionMetrics[]> = {};
  tables.forEach((t, i) => {
    const left = t.writes.filter((write) => failed.has(write));
    if (left.length > 0) setName(unprocessed, t.tableName, left.map(toWriteRequest));
    const entry = consumedCapacity(input.ReturnConsumedCapacity, t.tableName, units[i]);
    if (entry) capacity.push(entry);
    if (collections[i].size > 0)
      setName(
        metrics,
        t.tableName,
        [...collections[i].values()].map((c) => c.metrics),
      );
  });
  const response: Record<string, unknown> = { UnprocessedItems: unprocessed };
  if (capacity.length > 0) response.ConsumedCapacity = capacity;
  if (Object.keys(metrics).length > 0) response.ItemCollectionMetrics = metrics;
  return response;
};
