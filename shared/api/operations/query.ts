/**
 * Query: request shape, the validation that needs no table (in DynamoDB's order), and the
 * checks that need the key schema: ExclusiveStartKey against the table and the key condition.
 * Also the pieces Scan shares: Select, legacy condition maps and start-key values.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
 */
import type { KeyCondition } from "../../expressions/ast";
import { compareBytes } from "../../expressions/compare";
import { checkKeyConditionShape } from "../../expressions/key-condition";
import type { ConditionalOperator, LegacyCondition } from "../../expressions/legacy";
import { conditionFromFilter } from "../../expressions/legacy";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import { encodeKeyValue } from "../../keys/key-encoding";
import type { AttributeValue, Item } from "../attribute-value";
import { typeOf } from "../attribute-value";
import { ValidationException } from "../errors";
import { attributeValueSize } from "../item-size";
import type { KeyAttribute, KeySchema } from "../key-schema";
import { keyNames } from "../key-schema";
import { LIMITS } from "../limits";
import { own, setName } from "../names";
import {
  ATTRIBUTE_MAP,
  CONDITIONAL_OPERATOR,
  CONDITIONS_MAP,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  type Shape,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { checkName, emptyKeyMessage, normalizeValue, VALUE_MESSAGES } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { checkAttributesToGet } from "./get-item";

export type Select = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT";

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: ConditionalOperator;
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

export const SELECT: Shape = {
  type: "string",
  enum: ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
};
export const INDEX_NAME: Shape = { type: "string", regex: "[a-zA-Z0-9_.-]+", minLength: 3, maxLength: 255 };
export const READ_ATTRIBUTES_TO_GET: Shape = { type: "list", minLength: 1, maxLength: 255, member: { type: "string" } };
export const LIMIT: Shape = { type: "integer", min: 1 };

/** In the order DynamoDB reports constraint violations. */
export const QUERY_MEMBERS: Members = {
  Select: SELECT,
  IndexName: INDEX_NAME,
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  QueryFilter: CONDITIONS_MAP,
  TableName: DATA_TABLE_NAME,
  ConditionalOperator: CONDITIONAL_OPERATOR,
  AttributesToGet: READ_ATTRIBUTES_TO_GET,
  Limit: LIMIT,
  KeyConditions: CONDITIONS_MAP,
  ExclusiveStartKey: ATTRIBUTE_MAP,
  ConsistentRead: { type: "boolean" },
  ScanIndexForward: { type: "boolean" },
  KeyConditionExpression: { type: "string" },
  FilterExpression: { type: "string" },
  ProjectionExpression: { type: "string" },
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
};

export interface QueryRequest {
  input: QueryInput;
  expressions: RequestExpressions;
}

function fail(message: string): never {
  throw new ValidationException(message);
}

/**
 * Validates the values of a legacy condition map (QueryFilter, ScanFilter, KeyConditions), then
 * each condition's operands, then its attribute name, condition by condition; returns the map
 * with normalized values.
 */
export function normalizeConditions(
  conditions: Record<string, LegacyCondition> | undefined,
): Record<string, LegacyCondition> | undefined {
  if (!conditions) return conditions;
  const out: Record<string, LegacyCondition> = {};
  for (const [name, condition] of Object.entries(conditions)) {
    const entry: LegacyCondition = { ComparisonOperator: condition.ComparisonOperator };
    if (condition.AttributeValueList) entry.AttributeValueList = condition.AttributeValueList.map(normalizeValue);
    conditionFromFilter({ [name]: entry });
    checkName(name);
    setName(out, name, entry);
  }
  return out;
}

/** Messages DynamoDB reports about a start key value without its "starting key is invalid" prefix. */
const UNPREFIXED = /contains duplicates|number set|numeric value|significant digits|number with magnitude/;

/**
 * Validates and normalizes ExclusiveStartKey, attribute by attribute (its name, then its value),
 * before the table is known.
 */
export function normalizeStartKey(key: Item | undefined): Item | undefined {
  if (!key) return key;
  const out: Item = {};
  for (const [name, value] of Object.entries(key)) {
    checkName(name);
    try {
      setName(out, name, normalizeValue(value));
    } catch (error) {
      if (!(error instanceof ValidationException) || UNPREFIXED.test(error.message)) throw error;
      fail(`The provided starting key is invalid: ${error.message}`);
    }
  }
  return out;
}

/**
 * DynamoDB's Select rules against the projection parameters and IndexName. At exit: the request
 * names a consistent selection.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select
 */
export function checkSelect(
  input: Pick<QueryInput, "Select" | "AttributesToGet" | "ProjectionExpression" | "IndexName">,
): void {
  const projection =
    input.AttributesToGet !== undefined
      ? "AttributesToGet"
      : input.ProjectionExpression !== undefined
        ? "ProjectionExpression"
        : undefined;
  switch (input.Select) {
    case "ALL_ATTRIBUTES":
      if (projection) fail(`Cannot specify the ${projection} when choosing to get ALL_ATTRIBUTES`);
      return;
    case "ALL_PROJECTED_ATTRIBUTES":
      if (projection) fail(`Cannot specify the ${projection} when choosing to get ALL_PROJECTED_ATTRIBUTES`);
      if (input.IndexName === undefined)
        fail("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
      return;
    case "COUNT":
      if (projection) fail(`Cannot specify the ${projection} when choosing to get only the Count`);
      return;
    case "SPECIFIC_ATTRIBUTES":
      if (!projection)
        fail("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
      return;
    case undefined:
      return;
  }
}

/** The validation that needs no table, in DynamoDB's order; returns the normalized input and its expressions. */
export function validateQuery(body: Record<string, unknown>): QueryRequest {
  const input = parseRequest<QueryInput>(body, QUERY_MEMBERS);
  checkExpressionParameters("Query", input as unknown as Record<string, unknown>);
  input.QueryFilter = normalizeConditions(input.QueryFilter);
  checkAttributesToGet(input.AttributesToGet);
  input.ExclusiveStartKey = normalizeStartKey(input.ExclusiveStartKey);
  const expressions = parseExpressions("Query", input);
  if (expressions.keyCondition?.source === "expression") checkKeyConditionShape(expressions.keyCondition.condition);
  if (expressions.keyCondition?.source === "legacy") {
    const conditions = normalizeConditions(expressions.keyCondition.conditions) ?? {};
    expressions.keyCondition = { source: "legacy", conditions };
    const count = Object.keys(conditions).length;
    if (count !== 1 && count !== 2) fail("Conditions can be of length 1 or 2 only");
  }
  checkSelect(input);
  return { input, expressions };
}

/** The message DynamoDB gives for a query on an index the table does not have. */
export const missingIndex = (name: string) =>
  new ValidationException(`The table does not have the specified index: ${name}`);

const INVALID_START = "The provided starting key is invalid";

/** One key attribute of a start key: present, of the schema's type, non-empty, within the key size. */
function checkStartKeyPart(key: Item, attribute: KeyAttribute, isHash: boolean): void {
  const value = own(key, attribute.name);
  if (!value) fail(INVALID_START);
  if (typeOf(value) !== attribute.type) fail(VALUE_MESSAGES.keyMismatch);
  if (attribute.type === "N") return;
  const size = attributeValueSize(value);
  if (size === 0) fail(`${INVALID_START}: ${emptyKeyMessage(attribute.name, attribute.type)}`);
  if (isHash && size > LIMITS.partitionKeyBytes) fail(VALUE_MESSAGES.hashKeySize);
  if (!isHash && size > LIMITS.sortKeyBytes) fail(VALUE_MESSAGES.rangeKeySize);
}

/** The table's key in an index's start key: present and of the schema's types. */
function checkTableKeyOfStart(start: Item, table: KeySchema): void {
  for (const attribute of table.range ? [table.hash, table.range] : [table.hash]) {
    const value = own(start, attribute.name);
    if (!value || typeOf(value) !== attribute.type) {
      fail(`${INVALID_START}: The provided key element does not match the schema`);
    }
  }
}

const encodedEqual = (a: AttributeValue, b: AttributeValue) => compareBytes(encodeKeyValue(a), encodeKeyValue(b)) === 0;

/** Whether a sort key value satisfies the key condition on the sort key, compared as DynamoDB orders keys. */
export function sortKeyMatches(value: AttributeValue, range: NonNullable<KeyCondition["range"]>): boolean {
  const bytes = encodeKeyValue(value);
  const cmp = (other: AttributeValue) => compareBytes(bytes, encodeKeyValue(other));
  const [first, second] = range.values;
  switch (range.op) {
    case "=":
      return cmp(first) === 0;
    case "<":
      return cmp(first) < 0;
    case "<=":
      return cmp(first) <= 0;
    case ">":
      return cmp(first) > 0;
    case ">=":
      return cmp(first) >= 0;
    case "BETWEEN":
      return cmp(first) >= 0 && cmp(second) <= 0;
    case "begins_with": {
      const prefix = encodeKeyValue(first);
      return prefix.length <= bytes.length && compareBytes(bytes.subarray(0, prefix.length), prefix) === 0;
    }
    default: {
      const unreachable: never = range.op;
      return unreachable;
    }
  }
}

/**
 * A Query's key condition and ExclusiveStartKey against the key schema of the table or index
 * queried, in DynamoDB's order: the start key's size and partition key, the key condition (and
 * the filter's key rule), the start key's sort key, then whether the start key lies within the
 * queried range. Through an index (`table`: the table's key schema), a start key is the table's
 * key and the index's.
 * At exit: the resolved key condition; a start key, if any, is a full key of the queried range.
 */
export function resolveQuery(
  input: Pick<QueryInput, "ExclusiveStartKey">,
  resolveKeys: () => KeyCondition,
  schema: KeySchema,
  table?: KeySchema,
): KeyCondition {
  const start = input.ExclusiveStartKey;
  if (start) {
    const names = new Set([...keyNames(table ?? schema), ...keyNames(schema)]);
    if (Object.keys(start).length !== names.size) fail(INVALID_START);
    checkStartKeyPart(start, schema.hash, true);
  }
  const keyCondition = resolveKeys();
  if (!start) return keyCondition;
  if (schema.range) checkStartKeyPart(start, schema.range, false);
  if (table) checkTableKeyOfStart(start, table);
  const sameHash = encodedEqual(start[schema.hash.name], keyCondition.hash.value);
  if (!keyCondition.range || !schema.range) {
    if (!sameHash) fail("The provided starting key is outside query boundaries based on provided conditions");
    return keyCondition;
  }
  if (!sortKeyMatches(start[schema.range.name], keyCondition.range)) {
    fail("The provided starting key does not match the range key predicate");
  }
  if (!sameHash) fail("The query can return at most one row and cannot be restarted");
  return keyCondition;
}
