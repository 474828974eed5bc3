import { describe, expect, test } from "vitest";
import { itemSize } from "../../../../shared/api/item-size";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { entrySize, type IndexShape } from "../../../../shared/indexes/entries";
import {
  collectionBytesOf,
  ITEM_COLLECTION_LIMIT_BYTES,
  itemCollectionLimit,
  sizeEstimateRangeGB,
} from "../../../../shared/indexes/item-collections";

const GB = 1024 ** 3;
const table: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "S" } };
const index = (name: string, range: string, type: "ALL" | "KEYS_ONLY"): IndexShape => ({
  name,
  key: { hash: table.hash, range: { name: range, type: "S" } },
  projection: { type },
});

describe("item collections", () => {
  test.each([
    { bytes: 0, range: [0, 1] },
    { bytes: 5000, range: [0, 1] },
    { bytes: GB - 1, range: [0, 1] },
    { bytes: GB, range: [1, 2] },
    { bytes: 10 * GB + 1, range: [10, 11] },
  ])("SizeEstimateRangeGB of $bytes bytes is $range", ({ bytes, range }) => {
    expect(sizeEstimateRangeGB(bytes)).toEqual(range);
  });

  test("an item adds its size and its entry in each index it is in", () => {
    const item = { pk: { S: "p" }, sk: { S: "s" }, a: { S: "x" }, other: { S: "long value" } };
    const size = itemSize(item);
    const byA = index("byA", "a", "ALL");
    const keysA = index("keysA", "a", "KEYS_ONLY");
    const byB = index("byB", "b", "ALL");
    expect(collectionBytesOf({ item, size }, [byA, keysA, byB], table)).toBe(
      size + size + 100 + entrySize(item, size, keysA, table),
    );
    expect(collectionBytesOf(undefined, [byA], table)).toBe(0);
  });

  test.each([
    { configured: undefined, limit: ITEM_COLLECTION_LIMIT_BYTES },
    { configured: "", limit: ITEM_COLLECTION_LIMIT_BYTES },
    { configured: "4096", limit: 4096 },
    { configured: "0", limit: ITEM_COLLECTION_LIMIT_BYTES },
    { configured: "1.5", limit: ITEM_COLLECTION_LIMIT_BYTES },
    { configured: "lots", limit: ITEM_COLLECTION_LIMIT_BYTES },
  ])("the limit configured as $configured is $limit", ({ configured, limit }) => {
    expect(itemCollectionLimit(configured)).toBe(limit);
  });

  test("DynamoDB's limit is 10 GB", () => {
    expect(ITEM_COLLECTION_LIMIT_BYTES).toBe(10 * GB);
  });
});
