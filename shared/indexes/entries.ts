/**
 * An item's entry in a secondary index, as DynamoDB defines it: the item is in the index when
 * it has every key attribute of the index; the entry holds the index's and the table's key
 * attributes and the projected ones; its size is theirs plus 100 bytes of overhead.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.StorageConsiderations
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.StorageConsiderations
 */
import { type Item, typeOf } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import { itemSize } from "../api/item-size";
import { type KeySchema, keyNames } from "../api/key-schema";
import { own, setName } from "../api/names";
import { type IndexProjection, indexKeySchemaOf, type TableMeta } from "../api/table";

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

/**
 * Throws DynamoDB's error when `item` holds a key attribute of an index with a value the index
 * cannot take: of another type than its definition, or an empty string or binary. The indexes
 * are taken in order (global ones first, in declaration order, then local ones); attributes of
 * the table's own key are the table's to check. `update`: the item is an UpdateItem's result,
 * which DynamoDB words differently for empty values.
 */
export function checkIndexKeyValues(
  item: Item,
  indexes: readonly IndexShape[],
  table: KeySchema,
  update = false,
): void {
  const tableKeys = keyNames(table);
  for (const index of indexes) {
    for (const attribute of index.key.range ? [index.key.hash, index.key.range] : [index.key.hash]) {
      if (tableKeys.includes(attribute.name)) continue;
      const value = own(item, attribute.name);
      if (value === undefined) continue;
      const actual = typeOf(value);
      if (actual !== attribute.type) {
        throw new ValidationException(
          `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`,
        );
      }
      const empty = ("S" in value && value.S === "") || ("B" in value && value.B === "");
      if (!empty) continue;
      const kind = attribute.type === "S" ? "string" : "binary";
      throw new ValidationException(
        update
          ? `One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value.`
          : `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
      );
    }
  }
}

/** The table's indexes as the data path sees them: global ones first, then local ones, each in declaration order. */
export function indexShapes(
  table: Pick<TableMeta, "attributeDefinitions" | "localIndexes" | "globalIndexes">,
): IndexShape[] {
  return [...(table.globalIndexes ?? []), ...(table.localIndexes ?? [])].map((index) => ({
    name: index.name,
    key: indexKeySchemaOf(table, index),
    projection: index.projection,
  }));
}

/** The attributes of `item` that key any of `indexes` (undefined when it holds none): what a write records of the item it replaces. */
export function indexKeyAttributes(
  item: Item | undefined,
  indexes: readonly Pick<IndexShape, "key">[],
): Item | undefined {
  if (!item) return undefined;
  let found: Item | undefined;
  for (const index of indexes) {
    for (const name of keyNames(index.key)) {
      const value = own(item, name);
      if (value === undefined) continue;
      found ??= {};
      setName(found, name, value);
    }
  }
  return found;
}
