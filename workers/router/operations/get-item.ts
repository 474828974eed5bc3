import { capacityUnits } from "../../../shared/api/capacity";
import { validateGetItem } from "../../../shared/api/operations/get-item";
import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { extractKey, validateKey } from "../../../shared/api/validate-values";
import { project } from "../../../shared/expressions/projection";
import { withCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { readItem, tableRoute } from "../items";

/** Reads one item; capacity is charged on the whole item's size, whatever the projection. */
export const getItem: Operation = async (ctx, body) => {
  const { input, expressions } = validateGetItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateKey(input.Key, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const consistent = input.ConsistentRead === true;
  const result = await readItem(ctx, table, extractKey(input.Key, schema), consistent);
  const item = result.item && expressions.projection ? project(result.item, expressions.projection) : result.item;
  const units = capacityUnits(result.size, "read", consistent);
  return withCapacity(item ? { Item: item } : {}, input.ReturnConsumedCapacity, input.TableName, units);
};
