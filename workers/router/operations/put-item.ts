import { writeUnits } from "../../../shared/api/capacity";
import { validatePutItem } from "../../../shared/api/operations/put-item";
import { extractKey, validateItemKey } from "../../../shared/api/validate-values";
import { withCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { tableRoute, writeItem } from "../items";

export const putItem: Operation = async (ctx, body) => {
  const { input, expressions } = validatePutItem(body);
  const { schema } = await tableRoute(ctx, input.TableName);
  validateItemKey(input.Item, schema);
  const result = await writeItem(ctx, input.TableName, schema, {
    key: extractKey(input.Item, schema),
    action: { kind: "put", item: input.Item },
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
  });
  const response = input.ReturnValues === "ALL_OLD" && result.old ? { Attributes: result.old } : {};
  return withCapacity(response, input.ReturnConsumedCapacity, input.TableName, writeUnits(result.oldSize, result.newSize));
};
