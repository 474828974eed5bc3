import type { Item } from "../../../shared/api/attribute-value";
import { capacityUnits } from "../../../shared/api/capacity";
import { validateGetItem } from "../../../shared/api/operations/get-item";
import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { extractKey, validateKey } from "../../../shared/api/validate-values";
import { project } from "../../../shared/expressions/projection";
import { withCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { readItem, tableRoute } from "../items";
import { withJsonMember } from "../json-text";

/**
 * Reads one item; capacity is charged on the whole item's size, whatever the projection.
 * Without a projection the stored JSON text is the answer's Item as is.
 */
export const getItem: Operation = async (ctx, body) => {
  const { input, expressions } = validateGetItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateKey(input.Key, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const consistent = input.ConsistentRead === true;
  const result = await readItem(ctx, table, extractKey(input.Key, schema), consistent);
  const units = capacityUnits(result.size, "read", consistent);
  const capacity = withCapacity({}, input.ReturnConsumedCapacity, input.TableName, units);
  if (result.itemJson === undefined) return capacity;
  if (!expressions.projection) return withJsonMember("Item", result.itemJson, capacity);
  return { Item: project(JSON.parse(result.itemJson) as Item, expressions.projection), ...capacity };
};
