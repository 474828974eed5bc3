/**
 * BatchWriteItem: every table, key and duplicate checked before the first write (bad input
 * never leaves a partial write), then the writes run concurrently across partitions. A write
 * that fails transiently comes back in UnprocessedItems; if every write failed so, the batch
 * fails with the first such error, as DynamoDB does when it can process none.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import { writeUnits } from "../../../shared/api/capacity";
import { setName } from "../../../shared/api/names";
import {
  type BatchWrite,
  checkBatchWriteKeys,
  toWriteRequest,
  validateBatchWriteItem,
  type WriteRequest,
} from "../../../shared/api/operations/batch-write-item";
import { forEachBounded, interleaveByGroup, isTransient, MAX_IN_FLIGHT, resolveTables } from "../batch-fan-out";
import { type ConsumedCapacity, consumedCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
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

  const units = tables.map(() => 0);
  const failed = new Set<BatchWrite>();
  let transient: unknown;
  await forEachBounded(
    interleaveByGroup(writes, (w) => w.group),
    MAX_IN_FLIGHT,
    async (w) => {
      try {
        const result = await writeItem(ctx, resolved[w.table], {
          key: w.key,
          action: w.write.kind === "put" ? putAction(w.write.item) : { kind: "delete" },
        });
        units[w.table] += writeUnits(result.oldSize, result.newSize);
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
  tables.forEach((t, i) => {
    const left = t.writes.filter((write) => failed.has(write));
    if (left.length > 0) setName(unprocessed, t.tableName, left.map(toWriteRequest));
    const entry = consumedCapacity(input.ReturnConsumedCapacity, t.tableName, units[i]);
    if (entry) capacity.push(entry);
  });
  return capacity.length > 0
    ? { UnprocessedItems: unprocessed, ConsumedCapacity: capacity }
    : { UnprocessedItems: unprocessed };
};
