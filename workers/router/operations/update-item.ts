import {
  checkKeyPathsScalar,
  checkReadPathsAvoidKeyInternals,
  updatePaths,
} from "../../../shared/api/operations/item-requests";
import { validateUpdateItem } from "../../../shared/api/operations/update-item";
import { extractKey, validateKey } from "../../../shared/api/validate-values";
import type { Update } from "../../../shared/expressions/ast";
import { checkUpdateAvoidsKeys } from "../../../shared/expressions/update";
import { withCapacity, writeCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { indexReturns, withItemCollectionMetrics } from "../item-collection-metrics";
import { tableRoute, writeItem } from "../items";
import { itemsToReturn, returnedAttributes } from "../return-values";

/** An UpdateItem with neither UpdateExpression nor AttributeUpdates still creates the item. */
const NO_CHANGE: Update = { actions: [], legacy: false };

/**
 * Updates one item, creating it when missing unless every action removes or deletes (then
 * nothing is written and no Attributes come back). Errors that depend on the stored item (operand
 * types, missing paths, the 400 KB limit after the update) come back from the replica, with
 * nothing written. Capacity is charged on the larger of the old and new item, at least 1 unit
 * even when nothing is written, plus what the write cost each local index.
 */
export const updateItem: Operation = async (ctx, body) => {
  const { input, expressions } = validateUpdateItem(body);
  const table = await tableRoute(ctx, input.TableName);
  const { schema } = table;
  validateKey(input.Key, schema);
  checkReadPathsAvoidKeyInternals(expressions, schema);
  const update = expressions.update ?? NO_CHANGE;
  checkUpdateAvoidsKeys(update, schema);
  checkKeyPathsScalar(updatePaths(update), schema);
  // An index's key attributes are scalars too: no action may write inside one.
  const targets = update.actions.map((action) => action.path);
  for (const index of table.indexes) checkKeyPathsScalar(targets, index.key, "IndexKey");
  const key = extractKey(input.Key, schema);
  const result = await writeItem(ctx, table, {
    key,
    action: { kind: "update", update },
    condition: expressions.condition,
    returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
    ...itemsToReturn(input.ReturnValues),
    ...indexReturns(table, input.ReturnConsumedCapacity, input.ReturnItemCollectionMetrics),
  });
  const response = returnedAttributes(input.ReturnValues, result, targets);
  const withUnits = withCapacity(response, input.ReturnConsumedCapacity, input.TableName, writeCapacity(result));
  return withItemCollectionMetrics(withUnits, table, key, result);
};
