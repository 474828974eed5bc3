/**
 * GetItem: request shape and the validation that needs no table, in DynamoDB's order:
 * members, expression/legacy parameter mix, key values, AttributesToGet duplicates, expressions.
 * The handler then checks the key (and projection paths) against the table.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
 */
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import type { Item } from "../attribute-value";
import { ValidationException } from "../errors";
import {
  ATTRIBUTE_MAP,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { checkName, normalizeParsedItem } from "../validate-values";
import { parseExpressions } from "./expression-members";

export interface GetItemInput {
  TableName: string;
  Key: Item;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
}

export const GET_ITEM_MEMBERS: Members = {
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  AttributesToGet: { type: "list", minLength: 1, maxLength: 255, member: { type: "string" } },
  TableName: DATA_TABLE_NAME,
  Key: { ...ATTRIBUTE_MAP, notNull: true },
  ConsistentRead: { type: "boolean" },
  ProjectionExpression: { type: "string" },
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
};

export interface GetItemRequest {
  input: GetItemInput;
  expressions: RequestExpressions;
}

/** Throws DynamoDB's error for an empty or over-64 KB name in AttributesToGet, then for a repeated one. */
export function checkAttributesToGet(names: string[] | undefined): void {
  if (!names) return;
  for (const name of names) checkName(name);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new ValidationException(
        `One or more parameter values were invalid: Duplicate value in attribute name: ${name}`,
      );
    }
    seen.add(name);
  }
}

export function validateGetItem(body: Record<string, unknown>): GetItemRequest {
  const input = parseRequest<GetItemInput>(body, GET_ITEM_MEMBERS);
  checkExpressionParameters("GetItem", input as unknown as Record<string, unknown>);
  input.Key = normalizeParsedItem(input.Key);
  checkAttributesToGet(input.AttributesToGet);
  const expressions = parseExpressions("GetItem", input);
  return { input, expressions };
}
