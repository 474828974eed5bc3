/**
 * An item's entry in a secondary index, as DynamoDB defines it: the item is in the index when
 * it has every key attribute of the index; the entry holds the index's and the table's key
 * attributes and the projected ones; its size is theirs plus 100 bytes of overhead.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.StorageConsiderations
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.StorageConsiderations
 */
import type { Item } from "../api/attribute-value";
import { itemSize } from "../api/item-size";
import { type KeySchema, keyNames } from "../api/key-schema";
import { own, setName } from "../api/names";
import type { IndexProjection } from "../api/table";

/** Bytes an index entry takes beyond its attributes. */
export const INDEX_ENTRY_OVERHEAD = 100;

/** An index as the data path sees it: its key and what it projects. */
export interface IndexShape {
  name: string;
  key: KeySchema;
  projection: IndexProjection;
}

/** Whether `item` is in the index: it has every key attribute of the index (sparse indexes). */
export function inIndex(item: Item, index: Pick<IndexShape, "key">): boolean {
  return keyNames(index.key).every((name) => own(item, name) !== undefined);
}

/** Whether the index holds attribute `name` of its items (a top-level name). */
export function projects(index: IndexShape, table: KeySchema, name: string): boolean {
  const { projection } = index;
  if (projection.type === "ALL") return true;
  if (keyNames(index.key).includes(name) || keyNames(table).includes(name)) return true;
  return projection.type === "INCLUDE" && (projection.nonKeyAttributes ?? []).includes(name);
}

/** The attributes of `item` the index holds. */
export function projectForIndex(item: Item, index: IndexShape, table: KeySchema): Item {
  if (index.projection.type === "ALL") return item;
  const entry: Item = {};
  const copy = (name: string) => {
    const value = own(item, name);
    if (value !== undefined) setName(entry, name, value);
  };
  for (const name of keyNames(table)) copy(name);
  for (const name of keyNames(index.key)) copy(name);
  if (index.projection.type === "INCLUDE") for (const name of index.projection.nonKeyAttributes ?? []) copy(name);
  return entry;
}

/** The size of `item`'s entry in the index (`size`: the item's own size, for ALL). */
export function entrySize(item: Item, size: number, index: IndexShape, table: KeySchema): number {
  const projected = index.projection.type === "ALL" ? size : itemSize(projectForIndex(item, index, table));
  return projected + INDEX_ENTRY_OVERHEAD;
}

/** The key of an entry as LastEvaluatedKey shows it: the table's key attributes and the index's. */
export function entryKey(item: Item, index: Pick<IndexShape, "key">, table: KeySchema): Item {
  const key: Item = {};
  for (const name of [...keyNames(table), ...keyNames(index.key)]) {
    const value = own(item, name);
    if (value !== undefined) setName(key, name, value);
  }
  return key;
}
