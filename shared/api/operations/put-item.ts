/**
 * PutItem: request shape and the validation that needs no table, in DynamoDB's order:
 * members, expression/legacy parameter mix, item values, ReturnValues, item size, Expected,
 * expressions. The handler then checks the item's key against the table.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
 */

import type { ConditionalOperator, ExpectedAttributeValue } from "../../expressions/legacy";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
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
import { checkItemSize, normalizeParsedItem } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { normalizeExpected } from "./item-requests";

export type ReturnValues = "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";

export interface PutItemInput {
  TableName: string;
  Item: Item;
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

/** PutItem and DeleteItem return the old item or nothing. */
export function checkReturnsOldOrNothing(returnValues: ReturnValues | undefined): void {
  if (returnValues && returnValues !== "ALL_OLD" && returnValues !== "NONE") {
    throw new ValidationException("ReturnValues can only be ALL_OLD or NONE");
  }
}

export function validatePutItem(body: Record<string, unknown>): PutItemRequest {
  const input = parseRequest<PutItemInput>(body, PUT_ITEM_MEMBERS);
  checkExpressionParameters("PutItem", input as unknown as Record<string, unknown>);
  input.Item = normalizeParsedItem(input.Item);
  checkReturnsOldOrNothing(input.ReturnValues);
  checkItemSize(input.Item);
  input.Expected = normalizeExpected(input.Expected);
  const expressions = parseExpressions("PutItem", input);
  return { input, expressions };
}
