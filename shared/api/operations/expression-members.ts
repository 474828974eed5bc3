/**
 * What every data-plane validator does with a request's expressions: parses every expression
 * and legacy parameter through shared/expressions/request.ts, with ExpressionAttributeValues
 * normalized (canonical numbers) so the trees hold the values DynamoDB would store.
 */
import type { ExpressionOperation } from "../../expressions/parameters";
import { type ExpressionRequest, parseRequestExpressions, type RequestExpressions } from "../../expressions/request";
import type { AttributeValue } from "../attribute-value";
import { DynamoError } from "../errors";
import { setName } from "../names";
import { normalizeValue } from "../validate-values";

type Checked = { value: AttributeValue; problem?: undefined } | { value?: undefined; problem: string };

function check(value: AttributeValue): Checked {
  try {
    return { value: normalizeValue(value) };
  } catch (error) {
    if (error instanceof DynamoError) return { problem: error.message };
    throw error;
  }
}

/** DynamoDB's message for an invalid attribute value, or undefined when it is valid. */
export function describeInvalidValue(value: AttributeValue): string | undefined {
  return check(value).problem;
}

/** Every member of an ExpressionRequest: a request with none of them has no expressions. */
const EXPRESSION_MEMBERS: readonly (keyof ExpressionRequest)[] = [
  "ConditionExpression",
  "FilterExpression",
  "KeyConditionExpression",
  "UpdateExpression",
  "ProjectionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
  "Expected",
  "ConditionalOperator",
  "AttributeUpdates",
  "AttributesToGet",
  "KeyConditions",
  "QueryFilter",
  "ScanFilter",
];

function hasExpressionMembers(request: ExpressionRequest): boolean {
  for (const name of EXPRESSION_MEMBERS) if (request[name] != null) return true;
  return false;
}

/**
 * Parses the request's expressions in DynamoDB's order. Valid ExpressionAttributeValues are
 * normalized first; invalid ones are left as sent, for the parser to report in its turn.
 * A request without any expression member (most GetItem and PutItem calls) has nothing to
 * parse and nothing to refuse, except a Query, which needs a key condition.
 */
export function parseExpressions(operation: ExpressionOperation, request: ExpressionRequest): RequestExpressions {
  if (operation !== "Query" && !hasExpressionMembers(request)) return {};
  const values = request.ExpressionAttributeValues;
  if (!values) return parseRequestExpressions(operation, request, { describeInvalidValue });
  const normalized: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(values)) setName(normalized, key, check(value).value ?? value);
  return parseRequestExpressions(
    operation,
    { ...request, ExpressionAttributeValues: normalized },
    { describeInvalidValue },
  );
}
