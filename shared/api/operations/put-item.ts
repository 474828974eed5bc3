/**
 * PutItem: request shape and the validation that needs no table, in DynamoDB's order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
 */
import type { RequestExpressions } from "../../expressions/request";
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
import {
  ATTRIBUTE_MAP,
  CONDITIONAL_OPERATOR,
  DATA_TABLE_NAME,
  EXPECTED,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
} from "../schema";
import { checkItemSize, normalizeItem } from "../validate-values";
import { parseExpressions } from "./expression-members";

export interface PutItemInput {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  Expected?: Record<string, never>;
  ConditionalOperator?: "AND" | "OR";
  ReturnValues?: "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ReturnItemCollectionMetrics?: "SIZE" | "NONE";
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export const PUT_ITEM_MEMBERS: Members = {
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  TableName: DATA_TABLE_NAME,
  Item: { ...ATTRIBUTE_MAP, notNull: true },
  ConditionalOperator: CONDITIONAL_OPERATOR,
  Expected: EXPECTED,
  ReturnValues: RETURN_VALUES,
  ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
  ConditionExpression: { type: "string" },
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

export interface PutItemRequest {
  input: PutItemInput;
  expressions: RequestExpressions;
}

export function validatePutItem(body: Record<string, unknown>): PutItemRequest {
  const input = parseRequest<PutItemInput>(body, PUT_ITEM_MEMBERS);
  input.Item = normalizeItem(input.Item);
  if (input.ReturnValues && input.ReturnValues !== "ALL_OLD" && input.ReturnValues !== "NONE") {
    throw new ValidationException("ReturnValues can only be ALL_OLD or NONE");
  }
  checkItemSize(input.Item);
  const expressions = parseExpressions("PutItem", input);
  return { input, expressions };
}
