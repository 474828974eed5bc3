import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { validatePutItem } from "../../../shared/api/operations/put-item";
import { extractKey, validateItemKey } from "../../../shared/api/validate-values";
import { checkIndexKeyValues } from "../../../shared/indexes/entries";
import { withCapacity, writeCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { indexReturns, withItemCollectionMetrics } from "../item-collection-metrics";
import { putAction, tableRoute, writeItem } from "../items";
import { itemsToReturn, returnedAttributes } from "../return-values";

export const putItem: Operation = async (ctx, body) => {
  const { input, expressions } = validatePutItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateItemKey(input.Item, schema);
  checkIndexKeyValues(input.Item, table.indexes, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const key = extractKey(input.Item, schema);
  const result = await writeItem(ctx, table, {
    key,
    action: putAction(input.Item),
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
    ...itemsToReturn(input.ReturnValues),
    ...indexReturns(table, input.ReturnConsumedCapacity, input.ReturnItemCollectionMetrics),
  });
  const response = returnedAttributes(input.ReturnValues, result);
  const withUnits = withCapacity(response, input.ReturnConsumedCapacity, input.TableName, writeCapacity(result));
  return withItemCollectionMetrics(withUnits, table, key, result);
};
