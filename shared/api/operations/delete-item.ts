/**
 * DeleteItem: request shape and the validation that needs no table, in DynamoDB's order:
 * members, expression/legacy parameter mix, key values, ReturnValues, Expected, expressions.
 * The handler then checks the key against the table.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
 */
import type { ConditionalOperator, ExpectedAttributeValue } from "../../expressions/legacy";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import type { AttributeValue, Item } from "../attribute-value";
import {
  ATTRIBUTE_MAP,
  CONDITIONAL_OPERATOR,
  EXPECTED,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { normalizeParsedItem } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { normalizeExpected } from "./item-requests";
import { checkReturnsOldOrNothing, type ReturnValues } from "./put-item";

export interface DeleteItemInput {
  TableName: string;
  Key: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  ReturnValues?: ReturnValues;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ReturnItemCollectionMetrics?: "SIZE" | "NONE";
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export const DELETE_ITEM_MEMBERS: Members = {
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  TableName: DATA_TABLE_NAME,
  ReturnValues: RETURN_VALUES,
  ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
  Key: { ...ATTRIBUTE_MAP, notNull: true },
  ConditionalOperator: CONDITIONAL_OPERATOR,
  Expected: EXPECTED,
  ConditionExpression: { type: "string" },
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

export interface DeleteItemRequest {
  input: DeleteItemInput;
  expressions: RequestExpressions;
}

export function validateDeleteItem(body: Record<string, unknown>): DeleteItemRequest {
  const input = parseRequest<DeleteItemInput>(body, DELETE_ITEM_MEMBERS);
  checkExpressionParameters("DeleteItem", input as unknown as Record<string, unknown>);
  input.Key = normalizeParsedItem(input.Key);
  checkReturnsOldOrNothing(input.ReturnValues);
  input.Expected = normalizeExpected(input.Expected);
  const expressions = parseExpressions("DeleteItem", input);
  return { input, expressions };
}
