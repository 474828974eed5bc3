import { writeUnits } from "../../../shared/api/capacity";
import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { validatePutItem } from "../../../shared/api/operations/put-item";
import { extractKey, validateItemKey } from "../../../shared/api/validate-values";
import { checkIndexKeyValues } from "../../../shared/indexes/entries";
import { withCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { putAction, tableRoute, writeItem } from "../items";
import { itemsToReturn, returnedAttributes } from "../return-values";

export const putItem: Operation = async (ctx, body) => {
  const { input, expressions } = validatePutItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateItemKey(input.Item, schema);
  checkIndexKeyValues(input.Item, table.indexes, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const result = await writeItem(ctx, table, {
    key: extractKey(input.Item, schema),
    action: putAction(input.Item),
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
    ...itemsToReturn(input.ReturnValues),
  });
  const response = returnedAttributes(input.ReturnValues, result);
  return withCapacity(
    response,
    input.ReturnConsumedCapacity,
    input.TableName,
    writeUnits(result.oldSize, result.newSize),
  );
};
