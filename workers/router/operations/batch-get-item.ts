/**
 * BatchGetItem: every table and key checked first, then the keys read concurrently across
 * partitions. Reading stops at 16 MB of items: keys not read by then (or whose partition
 * failed transiently) come back in UnprocessedKeys with their table's options. Responses and
 * UnprocessedKeys list items in request order; DynamoDB promises no order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import { capacityUnits } from "../../../shared/api/capacity";
import { LIMITS } from "../../../shared/api/limits";
import { setName } from "../../../shared/api/names";
import {
  checkBatchGetKeys,
  type KeysAndAttributes,
  type TableGets,
  validateBatchGetItem,
} from "../../../shared/api/operations/batch-get-item";
import { project } from "../../../shared/expressions/projection";
import type { GetResult } from "../../replica/protocol";
import { forEachBounded, interleaveByGroup, isTransient, MAX_IN_FLIGHT, resolveTables } from "../batch-fan-out";
import { type ConsumedCapacity, consumedCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { readItem } from "../items";

interface KeyRead {
  table: number;
  key: Item;
  group: string;
}

type Outcomes = Map<Item, GetResult>;

interface TableOutcome {
  items: Item[];
  /** Keys not read: UnprocessedKeys. */
  unread: Item[];
  units: number;
}

export const batchGetItem: Operation = async (ctx, body) => {
  const { input, tables } = validateBatchGetItem(body);
  const resolved = await resolveTables(
    ctx,
    tables.map((t) => t.tableName),
    (i, table) => checkBatchGetKeys(tables[i].request.Keys, table.schema),
  );
  const reads: KeyRead[] = tables.flatMap((t, table) =>
    t.request.Keys.map((key) => ({ table, key, group: `${table}/${resolved[table].partitionOf(key)}` })),
  );
  const outcomes: Outcomes = new Map();
  let bytes = 0;
  let full = false;
  let transient: unknown;
  await forEachBounded(
    interleaveByGroup(reads, (r) => r.group),
    MAX_IN_FLIGHT,
    async (r) => {
      if (full) return;
      const t = tables[r.table];
      let result: GetResult;
      try {
        result = await readItem(ctx, resolved[r.table], r.key, t.consistent);
      } catch (error) {
        if (!isTransient(error)) throw error;
        transient ??= error;
        return;
      }
      if (full || bytes + result.size > LIMITS.batchGetResponseBytes) {
        full = true;
        return;
      }
      bytes += result.size;
      outcomes.set(r.key, result);
    },
  );
  if (outcomes.size === 0 && transient) throw transient;

  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  const capacity: ConsumedCapacity[] = [];
  for (const t of tables) {
    const outcome = tableOutcome(t, outcomes);
    setName(responses, t.tableName, outcome.items);
    if (outcome.unread.length > 0) setName(unprocessed, t.tableName, { ...t.request, Keys: outcome.unread });
    const entry = consumedCapacity(input.ReturnConsumedCapacity, t.tableName, outcome.units);
    if (entry) capacity.push(entry);
  }
  const response = { Responses: responses, UnprocessedKeys: unprocessed };
  return capacity.length > 0 ? { ...response, ConsumedCapacity: capacity } : response;
};

/** One table's items (projected), the keys not read, and the read units of those read. */
function tableOutcome(t: TableGets, outcomes: Outcomes): TableOutcome {
  const outcome: TableOutcome = { items: [], unread: [], units: 0 };
  for (const key of t.request.Keys) {
    const result = outcomes.get(key);
    if (!result) {
      outcome.unread.push(key);
      continue;
    }
    outcome.units += capacityUnits(result.size, "read", t.consistent);
    if (result.itemJson === undefined) continue;
    const item = JSON.parse(result.itemJson) as Item;
    outcome.items.push(t.projection ? project(item, t.projection) : item);
  }
  return outcome;
}
