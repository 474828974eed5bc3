import { validateDeleteItem } from "../../../shared/api/operations/delete-item";
import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { extractKey, validateKey } from "../../../shared/api/validate-values";
import { withCapacity, writeCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { indexReturns, withItemCollectionMetrics } from "../item-collection-metrics";
import { tableRoute, writeItem } from "../items";
import { itemsToReturn, returnedAttributes } from "../return-values";

/** Deletes one item; capacity is charged on the deleted item's size (at least 1 unit) and its entries in local indexes. */
export const deleteItem: Operation = async (ctx, body) => {
  const { input, expressions } = validateDeleteItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateKey(input.Key, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const key = extractKey(input.Key, schema);
  const result = await writeItem(ctx, table, {
    key,
    action: { kind: "delete" },
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
    ...itemsToReturn(input.ReturnValues),
    ...indexReturns(table, input.ReturnConsumedCapacity, input.ReturnItemCollectionMetrics),
  });
  const response = returnedAttributes(input.ReturnValues, result);
  const withUnits = withCapacity(response, input.ReturnConsumedCapacity, input.TableName, writeCapacity(result));
  return withItemCollectionMetrics(withUnits, table, key, result);
};
