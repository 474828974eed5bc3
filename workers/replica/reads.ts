/**
 * Query and Scan pages over a replica's items: DynamoDB's Limit (items read, before the
 * filter), the 1 MB read budget, the filter, the projection and LastEvaluatedKey.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { LIMITS } from "../../shared/api/limits";
import { evaluateCondition, project } from "../../shared/expressions/plan";
import { entryKey, type IndexShape, projectForIndex } from "../../shared/indexes/entries";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import type { IndexedItem } from "./local-index-storage";
import type { PageOptions, PageResult, SortCondition } from "./protocol";
import type { SortBounds, StoredItem } from "./storage";

/** A row as a page reads it: what it returns, what it costs, and its key if the page stops there. */
interface ReadRow {
  view: Item;
  bytes: number;
  /** Bytes of a whole item fetched from the table for it, if one was. */
  fetched?: number;
  key(): Item;
}

/**
 * Reads rows until the limit or the byte budget is reached or the rows run out.
 * At exit: `lastEvaluatedKey` is set exactly when reading stopped at the limit or the budget.
 */
function readRows<R>(rows: Iterable<R>, options: PageOptions, read: (row: R) => ReadRow): PageResult {
  const items: Item[] = [];
  let count = 0;
  let scannedCount = 0;
  let bytesRead = 0;
  let fetchBlocks = 0;
  let lastEvaluatedKey: Item | undefined;
  for (const row of rows) {
    const { view, bytes, fetched, key } = read(row);
    scannedCount++;
    bytesRead += bytes;
    if (!options.filter || evaluateCondition(options.filter, view)) {
      count++;
      if (!options.countOnly) {
        items.push(options.projection ? project(view, options.projection) : view);
        if (fetched !== undefined) fetchBlocks += Math.max(1, Math.ceil(fetched / LIMITS.readUnitBytes));
      }
    }
    if ((options.limit !== undefined && scannedCount >= options.limit) || bytesRead >= options.byteBudget) {
      lastEvaluatedKey = key();
      break;
    }
  }
  const result: PageResult = { items, count, scannedCount, bytesRead, lastEvaluatedKey };
  if (fetchBlocks > 0) result.fetchBlocks = fetchBlocks;
  return result;
}

/** A page of a partition's items (`keyOf`: an item's key, as LastEvaluatedKey shows it). */
export function readPage(rows: Iterable<StoredItem>, options: PageOptions, keyOf: (item: Item) => Item): PageResult {
  return readRows(rows, options, (row) => {
    const item = JSON.parse(row.item) as Item;
    return { view: item, bytes: row.size, key: () => keyOf(item) };
  });
}

/**
 * A page through a local secondary index: each entry costs its size, and shows the index's
 * projection, or (`options.index.fetch`) the whole item, fetched from the table and charged so.
 */
export function readIndexPage(
  rows: Iterable<IndexedItem>,
  options: PageOptions,
  index: IndexShape,
  schema: KeySchema,
): PageResult {
  const fetch = options.index?.fetch === true;
  return readRows(rows, options, (row) => {
    const item = JSON.parse(row.item) as Item;
    return {
      view: fetch ? item : projectForIndex(item, index, schema),
      bytes: row.entrySize,
      fetched: fetch ? row.size : undefined,
      key: () => entryKey(item, index, schema),
    };
  });
}

/** The smallest byte string greater than every string that starts with `prefix`, if any. */
function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** The sort key condition as bounds on encoded sort keys. */
export function sortBounds(sort: SortCondition | undefined): SortBounds {
  if (!sort) return {};
  switch (sort.op) {
    case "=": {
      const value = encodeKeyValue(sort.value);
      return { low: { value, inclusive: true }, high: { value, inclusive: true } };
    }
    case "<":
      return { high: { value: encodeKeyValue(sort.value), inclusive: false } };
    case "<=":
      return { high: { value: encodeKeyValue(sort.value), inclusive: true } };
    case ">":
      return { low: { value: encodeKeyValue(sort.value), inclusive: false } };
    case ">=":
      return { low: { value: encodeKeyValue(sort.value), inclusive: true } };
    case "BETWEEN":
      return {
        low: { value: encodeKeyValue(sort.low), inclusive: true },
        high: { value: encodeKeyValue(sort.high), inclusive: true },
      };
    case "begins_with": {
      const prefix = encodeKeyValue(sort.prefix);
      const end = prefixEnd(prefix);
      return { low: { value: prefix, inclusive: true }, high: end && { value: end, inclusive: false } };
    }
    default: {
      const unreachable: never = sort;
      return unreachable;
    }
  }
}
