/**
 * Which expression and legacy parameters each operation takes, and DynamoDB's rules about
 * combining them: expression and non-expression parameters never mix, and
 * ExpressionAttributeNames/Values need an expression that can use them. Parameter lists are in
 * the order DynamoDB prints them.
 */
import { ValidationException } from "../api/errors";

export type ExpressionOperation =
  | "GetItem"
  | "BatchGetItem"
  | "PutItem"
  | "DeleteItem"
  | "UpdateItem"
  | "Query"
  | "Scan"
  | "ConditionCheck";

export type ExpressionParameter =
  | "ProjectionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ConditionExpression";

export type LegacyParameter =
  | "AttributesToGet"
  | "QueryFilter"
  | "ScanFilter"
  | "ConditionalOperator"
  | "KeyConditions"
  | "AttributeUpdates"
  | "Expected";

interface OperationParameters {
  expressions: ExpressionParameter[];
  legacy: LegacyParameter[];
  /** The expressions that may use ExpressionAttributeValues. */
  valueExpressions: ExpressionParameter[];
}

export const OPERATION_PARAMETERS: Record<ExpressionOperation, OperationParameters> = {
  GetItem: { expressions: ["ProjectionExpression"], legacy: ["AttributesToGet"], valueExpressions: [] },
  BatchGetItem: { expressions: ["ProjectionExpression"], legacy: ["AttributesToGet"], valueExpressions: [] },
  PutItem: {
    expressions: ["ConditionExpression"],
    legacy: ["Expected", "ConditionalOperator"],
    valueExpressions: ["ConditionExpression"],
  },
  DeleteItem: {
    expressions: ["ConditionExpression"],
    legacy: ["Expected", "ConditionalOperator"],
    valueExpressions: ["ConditionExpression"],
  },
  ConditionCheck: { expressions: ["ConditionExpression"], legacy: [], valueExpressions: ["ConditionExpression"] },
  UpdateItem: {
    expressions: ["UpdateExpression", "ConditionExpression"],
    legacy: ["AttributeUpdates", "Expected", "ConditionalOperator"],
    valueExpressions: ["UpdateExpression", "ConditionExpression"],
  },
  Query: {
    expressions: ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
    legacy: ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
    valueExpressions: ["FilterExpression", "KeyConditionExpression"],
  },
  Scan: {
    expressions: ["ProjectionExpression", "FilterExpression"],
    legacy: ["AttributesToGet", "ScanFilter", "ConditionalOperator"],
    valueExpressions: ["FilterExpression"],
  },
};

const present = (request: Record<string, unknown>, name: string) =>
  request[name] !== undefined && request[name] !== null;

/**
 * Throws DynamoDB's error when `request` mixes expression and legacy parameters, or gives
 * ExpressionAttributeNames/Values that no expression of the request can use. KeyConditions
 * combines with the other expressions when there is no KeyConditionExpression.
 */
export function checkExpressionParameters(operation: ExpressionOperation, request: Record<string, unknown>): void {
  const rules = OPERATION_PARAMETERS[operation];
  const expressions = rules.expressions.filter((name) => present(request, name));
  if (expressions.length > 0) {
    const legacy = rules.legacy.filter(
      (name) => present(request, name) && (name !== "KeyConditions" || present(request, "KeyConditionExpression")),
    );
    if (legacy.length > 0) {
      throw new ValidationException(
        `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(", ")}} Expression parameters: {${expressions.join(", ")}}`,
      );
    }
  }
  if (present(request, "ExpressionAttributeNames") && expressions.length === 0) {
    throw new ValidationException("ExpressionAttributeNames can only be specified when using expressions");
  }
  const values = rules.valueExpressions;
  if (
    present(request, "ExpressionAttributeValues") &&
    values.length > 0 &&
    !values.some((name) => present(request, name))
  ) {
    throw new ValidationException(
      `ExpressionAttributeValues can only be specified when using expressions: ${values.join(" and ")} ${values.length > 1 ? "are" : "is"} null`,
    );
  }
}
