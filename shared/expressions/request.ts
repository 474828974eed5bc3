/**
 * All the expressions of one request, parsed and checked in DynamoDB's order, for an operation
 * handler to call once per request:
 *   1. parameter combination rules (`checkExpressionParameters`);
 *   2. legacy parameters, converted onto the same trees;
 *   3. the ExpressionAttributeNames/Values maps;
 *   4. the expressions: UpdateExpression, ConditionExpression, FilterExpression,
 *      ProjectionExpression, KeyConditionExpression (DynamoDB's order, checked against DynamoDB
 *      Local: a Query with errors in all three reports the filter's, then the projection's);
 *   5. names and values no expression used.
 * Checks that need the table's key schema come after the table is known: `resolveQueryKeys`
 * for Query, `checkUpdateAvoidsKeys` (update.ts) for updates.
 */
import type { AttributeValue } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import type { KeySchema } from "../api/key-schema";
import type { Condition, DocumentPath, KeyCondition, Update } from "./ast";
import { checkFilterAvoidsKeys, keyConditionFromExpression } from "./key-condition";
import type { AttributeValueUpdate, ConditionalOperator, ExpectedAttributeValue, LegacyCondition } from "./legacy";
import {
  conditionFromExpected,
  conditionFromFilter,
  keyConditionFromKeyConditions,
  projectionFromAttributesToGet,
  updateFromAttributeUpdates,
} from "./legacy";
import type { ExpressionOperation } from "./parameters";
import { checkExpressionParameters, OPERATION_PARAMETERS } from "./parameters";
import { parseCondition, parseProjection, parseUpdate } from "./parse";
import type { AttributeNames, AttributeValues } from "./placeholders";
import { checkAttributeMaps, Placeholders } from "./placeholders";

/** The expression-related members of a request (any operation). */
export interface ExpressionRequest {
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: AttributeNames;
  ExpressionAttributeValues?: AttributeValues;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
  AttributesToGet?: string[];
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ScanFilter?: Record<string, LegacyCondition>;
}

export interface RequestExpressions {
  /** From ConditionExpression or Expected. */
  condition?: Condition;
  /** From FilterExpression, QueryFilter or ScanFilter. */
  filter?: Condition;
  filterSource?: "FilterExpression" | "QueryFilter" | "ScanFilter";
  /** From UpdateExpression or AttributeUpdates. */
  update?: Update;
  /** From ProjectionExpression or AttributesToGet. */
  projection?: DocumentPath[];
  /** A Query's key condition, to be checked against the queried key schema by `resolveQueryKeys`. */
  keyCondition?:
    | { source: "expression"; condition: Condition }
    | { source: "legacy"; conditions: Record<string, LegacyCondition> };
}

export interface ParseOptions {
  /**
   * The shared AttributeValue validator: DynamoDB's message for a bad value, or undefined.
   * ExpressionAttributeValues are used as given, so the caller normalises them (canonical
   * numbers) first, as shared/api/operations/expression-members.ts does.
   */
  describeInvalidValue?: (value: AttributeValue) => string | undefined;
}

/** Parses every expression (and legacy parameter) of `request`; throws DynamoDB's ValidationException. */
export function parseRequestExpressions(
  operation: ExpressionOperation,
  request: ExpressionRequest,
  options: ParseOptions = {},
): RequestExpressions {
  if (operation === "Query" && request.KeyConditions == null && request.KeyConditionExpression == null) {
    throw new ValidationException(
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    );
  }
  checkExpressionParameters(operation, request as Record<string, unknown>);
  const result: RequestExpressions = legacyExpressions(operation, request);

  const usesValues = OPERATION_PARAMETERS[operation].valueExpressions.length > 0;
  const names = request.ExpressionAttributeNames ?? undefined;
  const values = usesValues ? (request.ExpressionAttributeValues ?? undefined) : undefined;
  checkAttributeMaps(names, values, options.describeInvalidValue);
  const placeholders = new Placeholders(names, values);

  if (request.UpdateExpression != null) result.update = parseUpdate(request.UpdateExpression, placeholders);
  if (request.ConditionExpression != null) {
    result.condition = parseCondition("ConditionExpression", request.ConditionExpression, placeholders);
  }
  if (request.FilterExpression != null) {
    result.filter = parseCondition("FilterExpression", request.FilterExpression, placeholders);
    result.filterSource = "FilterExpression";
  }
  if (request.ProjectionExpression != null) {
    result.projection = parseProjection(request.ProjectionExpression, placeholders);
  }
  if (request.KeyConditionExpression != null) {
    const condition = parseCondition("KeyConditionExpression", request.KeyConditionExpression, placeholders);
    result.keyCondition = { source: "expression", condition };
  }
  placeholders.assertAllUsed({ values: usesValues });
  return result;
}

function legacyExpressions(operation: ExpressionOperation, request: ExpressionRequest): RequestExpressions {
  const result: RequestExpressions = {};
  const operator = request.ConditionalOperator ?? undefined;
  if (operation === "Query" || operation === "Scan") {
    const source = operation === "Query" ? "QueryFilter" : "ScanFilter";
    const filter = request[source] ?? undefined;
    if (filter !== undefined || operator !== undefined) {
      result.filter = conditionFromFilter(filter, operator);
      if (result.filter) result.filterSource = source;
    }
  } else if (request.Expected != null || operator !== undefined) {
    result.condition = conditionFromExpected(request.Expected ?? undefined, operator);
  }
  if (request.AttributeUpdates != null) result.update = updateFromAttributeUpdates(request.AttributeUpdates);
  if (request.AttributesToGet != null) result.projection = projectionFromAttributesToGet(request.AttributesToGet);
  if (request.KeyConditions != null && request.KeyConditionExpression == null) {
    result.keyCondition = { source: "legacy", conditions: request.KeyConditions };
  }
  return result;
}

/**
 * A Query's key condition checked against the key schema of the table or index queried, and
 * the rule that its filter names no key attribute.
 */
export function resolveQueryKeys(parsed: RequestExpressions, schema: KeySchema): KeyCondition {
  const source = parsed.keyCondition;
  if (!source) throw new Error("resolveQueryKeys needs a Query's parsed expressions");
  const keyCondition =
    source.source === "expression"
      ? keyConditionFromExpression(source.condition, schema)
      : keyConditionFromKeyConditions(source.conditions, schema);
  if (parsed.filter) {
    checkFilterAvoidsKeys(
      parsed.filter,
      schema,
      parsed.filterSource === "QueryFilter" ? "QueryFilter" : "Filter Expression",
    );
  }
  return keyCondition;
}
