/**
 * Item collections of a table with local secondary indexes: the items sharing a partition key
 * value, with their entries in the local indexes. DynamoDB caps a collection's size (10 GB) and
 * reports it with ReturnItemCollectionMetrics as a range of whole gigabytes.
 * Rules and what is inferred: docs/issue-15-dynamodb-behaviour.md section 7.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
 */
import type { KeySchema } from "../api/key-schema";
import { entrySize, type IndexShape, inIndex } from "./entries";
import type { SizedItem } from "./write-units";

const GB = 1024 * 1024 * 1024;

/** DynamoDB's limit on an item collection: 10 GB. */
export const ITEM_COLLECTION_LIMIT_BYTES = 10 * GB;

/** The message of ItemCollectionSizeLimitExceededException (developer guide, error table). */
export const COLLECTION_SIZE_EXCEEDED = "Collection size exceeded.";

/** The limit configured by `ITEM_COLLECTION_LIMIT_BYTES` (a positive integer), else DynamoDB's. */
export function itemCollectionLimit(configured: string | undefined): number {
  const value = Number(configured);
  return configured && Number.isSafeInteger(value) && value > 0 ? value : ITEM_COLLECTION_LIMIT_BYTES;
}

/** What one item adds to its collection: its own size and its entries in the local indexes. */
export function collectionBytesOf(sized: SizedItem | undefined, indexes: readonly IndexShape[], table: KeySchema) {
  if (!sized) return 0;
  let bytes = sized.size;
  for (const index of indexes) if (inIndex(sized.item, index)) bytes += entrySize(sized.item, sized.size, index, table);
  return bytes;
}

/**
 * SizeEstimateRangeGB for a collection of `bytes`: the whole gigabytes below it and one more.
 * No value from the service is recorded; this is the inferred rule (`[0, 1]` for small ones, as
 * every emulator answers).
 */
export function sizeEstimateRangeGB(bytes: number): [number, number] {
  const lower = Math.floor(bytes / GB);
  return [lower, lower + 1];
}
