/**
 * Scan: request shape, the validation that needs no table (in DynamoDB's order), and the
 * checks of ExclusiveStartKey against the table's key schema and the scanned segment.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
 */
import type { ConditionalOperator, LegacyCondition } from "../../expressions/legacy";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
import type { KeySchema } from "../key-schema";
import {
  ATTRIBUTE_MAP,
  CONDITIONAL_OPERATOR,
  CONDITIONS_MAP,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { validateKey } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { checkAttributesToGet } from "./get-item";
import {
  checkSelect,
  INDEX_NAME,
  LIMIT,
  normalizeConditions,
  normalizeStartKey,
  READ_ATTRIBUTES_TO_GET,
  SELECT,
  type Select,
} from "./query";

export interface ScanInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  ScanFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: ConditionalOperator;
  ExclusiveStartKey?: Item;
  Segment?: number;
  TotalSegments?: number;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ProjectionExpression?: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * In the order DynamoDB reports constraint violations. Segment and TotalSegments bounds are the
 * API reference's: TotalSegments 1..1000000, Segment 0..999999.
 */
export const SCAN_MEMBERS: Members = {
  Select: SELECT,
  IndexName: INDEX_NAME,
  TotalSegments: { type: "integer", min: 1, max: 1_000_000 },
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  TableName: DATA_TABLE_NAME,
  ConditionalOperator: CONDITIONAL_OPERATOR,
  ScanFilter: CONDITIONS_MAP,
  Segment: { type: "integer", min: 0, max: 999_999 },
  Limit: LIMIT,
  AttributesToGet: READ_ATTRIBUTES_TO_GET,
  ExclusiveStartKey: ATTRIBUTE_MAP,
  ConsistentRead: { type: "boolean" },
  FilterExpression: { type: "string" },
  ProjectionExpression: { type: "string" },
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
};

export interface ScanRequest {
  input: ScanInput;
  expressions: RequestExpressions;
}

const fail = (message: string): never => {
  throw new ValidationException(message);
};

/** Segment and TotalSegments come together, and Segment is below TotalSegments. */
function checkSegments(input: ScanInput): void {
  if (input.Segment !== undefined && input.TotalSegments === undefined) {
    fail(
      "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    );
  }
  if (input.TotalSegments === undefined) return;
  if (input.Segment === undefined) {
    fail(
      "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
    );
  }
  if (input.Segment !== undefined && input.Segment >= input.TotalSegments) {
    fail(
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: " +
        `Segment: ${input.Segment} is not less than TotalSegments: ${input.TotalSegments}`,
    );
  }
}

/** The validation that needs no table, in DynamoDB's order; returns the normalized input and its expressions. */
export function validateScan(body: Record<string, unknown>): ScanRequest {
  const input = parseRequest<ScanInput>(body, SCAN_MEMBERS);
  checkExpressionParameters("Scan", input as unknown as Record<string, unknown>);
  checkAttributesToGet(input.AttributesToGet);
  input.ScanFilter = normalizeConditions(input.ScanFilter);
  input.ExclusiveStartKey = normalizeStartKey(input.ExclusiveStartKey);
  checkSegments(input);
  const expressions = parseExpressions("Scan", input);
  checkSelect(input);
  return { input, expressions };
}

const INVALID_START = "The provided starting key is invalid: ";

/** ExclusiveStartKey against the table: exactly the key attributes, of the schema's types, valid key values. */
export function checkScanStartKey(key: Item, schema: KeySchema): void {
  try {
    validateKey(key, schema);
  } catch (error) {
    if (error instanceof ValidationException) fail(`${INVALID_START}${error.message}`);
    throw error;
  }
}

/** The error for a start key whose partition hash lies outside the requested segment. */
export const startKeyOutsideSegment = (segment: number, total: number) =>
  new ValidationException(
    `${INVALID_START}Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`,
  );
