/**
 * What a write on a table with local secondary indexes asks its leader for beyond the item (the
 * units it costs each index, its item collection's size), and the ItemCollectionMetrics member
 * built from the answer. Tables without local indexes ask nothing and get no metrics, as on
 * DynamoDB ("If the table does not have any local secondary indexes, this information is not
 * returned").
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
 */
import type { Item } from "../../shared/api/attribute-value";
import { own } from "../../shared/api/names";
import { sizeEstimateRangeGB } from "../../shared/indexes/item-collections";
import type { WriteRequest, WriteResult } from "../replica/protocol";
import type { ReturnConsumedCapacity } from "./consumed-capacity";
import type { TableRoute } from "./items";

export type ReturnItemCollectionMetrics = "SIZE" | "NONE";

export interface ItemCollectionMetrics {
  ItemCollectionKey: Item;
  SizeEstimateRangeGB: [number, number];
}

type IndexReturns = Pick<WriteRequest, "returnIndexUnits" | "returnCollectionSize">;

/** What a write on `table` asks its leader to return for the request's ReturnConsumedCapacity and ReturnItemCollectionMetrics. */
export function indexReturns(
  table: TableRoute,
  capacity: ReturnConsumedCapacity | undefined,
  metrics: ReturnItemCollectionMetrics | undefined,
): IndexReturns {
  const returns: IndexReturns = {};
  if (table.indexes.length > 0 && (capacity === "TOTAL" || capacity === "INDEXES")) returns.returnIndexUnits = true;
  // Item collections are a local index's: a table without one returns no metrics.
  if (table.route.table.localIndexes?.length && metrics === "SIZE") returns.returnCollectionSize = true;
  return returns;
}

/** The metrics of the collection of `key` (a key of `table`) after the write, when the leader returned its size. */
export function itemCollectionMetrics(
  table: TableRoute,
  key: Item,
  result: Pick<WriteResult, "collectionBytes">,
): ItemCollectionMetrics | undefined {
  if (result.collectionBytes === undefined) return undefined;
  const name = table.schema.hash.name;
  return {
    ItemCollectionKey: { [name]: own(key, name)! },
    SizeEstimateRangeGB: sizeEstimateRangeGB(result.collectionBytes),
  };
}

/** Adds ItemCollectionMetrics to a single write's response when the leader returned the collection's size. */
export function withItemCollectionMetrics<T extends Record<string, unknown>>(
  body: T,
  table: TableRoute,
  key: Item,
  result: Pick<WriteResult, "collectionBytes">,
): T {
  const metrics = itemCollectionMetrics(table, key, result);
  return metrics ? { ...body, ItemCollectionMetrics: metrics } : body;
}
