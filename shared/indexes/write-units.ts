/**
 * What one write costs each secondary index, as DynamoDB charges it: an index write costs its
 * entry's size rounded up to 1 KB (at least 1 unit), and per index the write is
 * - a put when the item enters the index (a new item with the index's key attributes, or an
 *   update that adds them): the new entry;
 * - a delete when it leaves it (a delete, or an update removing a key attribute): the old entry;
 * - a delete plus a put when its index key changes: both entries;
 * - an update in place when the entry changes but its key does not: the larger of the two
 *   entries, as a table write is charged;
 * - nothing when the entry is the same before and after (an identical overwrite, or an update of
 *   an attribute the index does not project), and nothing when the item is in the index neither
 *   before nor after.
 * Measured values: docs/issue-15-dynamodb-behaviour.md section 6.1.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ThroughputConsiderations.Writes
 */
import type { Item } from "../api/attribute-value";
import { capacityUnits } from "../api/capacity";
import type { KeySchema } from "../api/key-schema";
import { keyNames } from "../api/key-schema";
import { own, setName } from "../api/names";
import { valuesEqual } from "../expressions/compare";
import { entrySize, type IndexShape, inIndex, projectForIndex } from "./entries";

/** An item with its size in DynamoDB's accounting. */
export interface SizedItem {
  item: Item;
  size: number;
}

const units = (bytes: number) => capacityUnits(bytes, "write");

/** Whether `a` and `b` hold the same value (DynamoDB's equality) for every name in `names`, absent included. */
function sameValues(a: Item, b: Item, names: Iterable<string>): boolean {
  for (const name of names) {
    const x = own(a, name);
    const y = own(b, name);
    if (x === undefined || y === undefined ? x !== y : !valuesEqual(x, y)) return false;
  }
  return true;
}

/** Whether the entries of `a` and `b` in `index` hold the same attributes with the same values. */
function sameEntry(a: Item, b: Item, index: IndexShape, table: KeySchema): boolean {
  const x = projectForIndex(a, index, table);
  const y = projectForIndex(b, index, table);
  return Object.keys(x).length === Object.keys(y).length && sameValues(x, y, Object.keys(x));
}

/** Units the write from `before` to `after` (undefined: no item) costs `index`; 0 when it does not touch it. */
export function indexWriteUnits(
  before: SizedItem | undefined,
  after: SizedItem | undefined,
  index: IndexShape,
  table: KeySchema,
): number {
  const wasIn = before !== undefined && inIndex(before.item, index);
  const isIn = after !== undefined && inIndex(after.item, index);
  const oldEntry = () => entrySize(before!.item, before!.size, index, table);
  const newEntry = () => entrySize(after!.item, after!.size, index, table);
  if (!wasIn) return isIn ? units(newEntry()) : 0;
  if (!isIn) return units(oldEntry());
  if (!sameValues(before.item, after.item, keyNames(index.key))) return units(oldEntry()) + units(newEntry());
  if (sameEntry(before.item, after.item, index, table)) return 0;
  return units(Math.max(oldEntry(), newEntry()));
}

/**
 * Units the write costs each of `indexes` it touches, by index name; undefined when it touches
 * none (DynamoDB then shows no map at all).
 */
export function indexesWriteUnits(
  before: SizedItem | undefined,
  after: SizedItem | undefined,
  indexes: readonly IndexShape[],
  table: KeySchema,
): Record<string, number> | undefined {
  const byIndex: Record<string, number> = {};
  let touched = false;
  for (const index of indexes) {
    const n = indexWriteUnits(before, after, index, table);
    if (n === 0) continue;
    setName(byIndex, index.name, n);
    touched = true;
  }
  return touched ? byIndex : undefined;
}
