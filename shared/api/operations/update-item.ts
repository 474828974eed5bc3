/**
 * UpdateItem: request shape and the validation that needs no table, in DynamoDB's order:
 * members, expression/legacy parameter mix, key values, AttributeUpdates (each entry's action,
 * value, then action/value rules), Expected, expressions. The handler then checks the key and
 * that no update touches a key attribute.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
 */
import type { AttributeValueUpdate, ConditionalOperator, ExpectedAttributeValue } from "../../expressions/legacy";
import { updateFromAttributeUpdates } from "../../expressions/legacy";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
import { setName } from "../names";
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
  type Shape,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { checkName, normalizeParsedItem, normalizeValue } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { normalizeExpected } from "./item-requests";
import type { ReturnValues } from "./put-item";

export interface UpdateItemInput {
  TableName: string;
  Key: Item;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  ReturnValues?: ReturnValues;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ReturnItemCollectionMetrics?: "SIZE" | "NONE";
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

/** AttributeValueUpdate: its Action is checked by `normalizeAttributeUpdates`, with DynamoDB's own message. */
const ATTRIBUTE_UPDATES: Shape = {
  type: "map",
  javaType: "com.amazonaws.dynamodb.v20120810.AttributeValueUpdate",
  value: {
    type: "struct",
    name: "AttributeValueUpdate",
    valueStruct: true,
    members: { Action: { type: "string" }, Value: { type: "attributeValue" } },
  },
};

export const UPDATE_ITEM_MEMBERS: Members = {
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  TableName: DATA_TABLE_NAME,
  ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
  ReturnValues: RETURN_VALUES,
  Key: { ...ATTRIBUTE_MAP, notNull: true },
  ConditionalOperator: CONDITIONAL_OPERATOR,
  Expected: EXPECTED,
  AttributeUpdates: ATTRIBUTE_UPDATES,
  ConditionExpression: { type: "string" },
  UpdateExpression: { type: "string" },
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

export interface UpdateItemRequest {
  input: UpdateItemInput;
  expressions: RequestExpressions;
}

const ACTIONS = ["ADD", "DELETE", "PUT"];

/**
 * Checks AttributeUpdates entry by entry, as DynamoDB does: the name, the action, then the value
 * (normalized), then the rules tying them. (Null entries are refused earlier, by the request
 * constraints.)
 */
export function normalizeAttributeUpdates(
  updates: Record<string, AttributeValueUpdate> | undefined,
): Record<string, AttributeValueUpdate> | undefined {
  if (!updates) return updates;
  const out: Record<string, AttributeValueUpdate> = {};
  for (const [name, entry] of Object.entries(updates)) {
    checkName(name);
    if (entry.Action !== undefined && !ACTIONS.includes(entry.Action)) {
      throw new ValidationException(`Member must satisfy enum value set: [${ACTIONS.join(", ")}]`);
    }
    const checked: AttributeValueUpdate = { ...entry };
    if (entry.Value !== undefined) checked.Value = normalizeValue(entry.Value);
    updateFromAttributeUpdates({ [name]: checked });
    setName(out, name, checked);
  }
  return out;
}

export function validateUpdateItem(body: Record<string, unknown>): UpdateItemRequest {
  const input = parseRequest<UpdateItemInput>(body, UPDATE_ITEM_MEMBERS);
  checkExpressionParameters("UpdateItem", input as unknown as Record<string, unknown>);
  input.Key = normalizeParsedItem(input.Key);
  input.AttributeUpdates = normalizeAttributeUpdates(input.AttributeUpdates);
  input.Expected = normalizeExpected(input.Expected);
  const expressions = parseExpressions("UpdateItem", input);
  return { input, expressions };
}
