import { writeUnits } from "../../../shared/api/capacity";
import { validateDeleteItem } from "../../../shared/api/operations/delete-item";
import { checkReadPathsAvoidKeyInternals } from "../../../shared/api/operations/item-requests";
import { extractKey, validateKey } from "../../../shared/api/validate-values";
import { withCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { tableRoute, writeItem } from "../items";
import { itemsToReturn, returnedAttributes } from "../return-values";

/** Deletes one item; capacity is charged on the deleted item's size (at least 1 unit). */
export const deleteItem: Operation = async (ctx, body) => {
  const { input, expressions } = validateDeleteItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateKey(input.Key, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const result = await writeItem(ctx, table, {
    key: extractKey(input.Key, schema),
    action: { kind: "delete" },
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
    ...itemsToReturn(input.ReturnValues),
  });
  const response = returnedAttributes(input.ReturnValues, result);
  return withCapacity(response, input.ReturnConsumedCapacity, input.TableName, writeUnits(result.oldSize, 0));
};
