/**
 * The checks an imported item passes before it is written, as PutItem's: valid attribute values,
 * the table's key attributes present with their types, within the item size limit, and the index
 * key attributes it holds of their types and not empty. An item that fails is counted in the
 * import's ErrorCount and skipped.
 */
import type { Item } from "../api/attribute-value";
import type { KeySchema } from "../api/key-schema";
import { checkItemSize, normalizeItem, validateItemKey } from "../api/validate-values";
import { checkIndexKeyValues, type IndexShape } from "../indexes/entries";

/** The item `attributes` (an import record's) as written; throws DynamoDB's error when it is no valid item. */
export function importedItem(
  attributes: Record<string, unknown>,
  schema: KeySchema,
  indexes: readonly IndexShape[],
): Item {
  const item = normalizeItem(attributes);
  validateItemKey(item, schema);
  checkItemSize(item);
  checkIndexKeyValues(item, indexes, schema);
  return item;
}
