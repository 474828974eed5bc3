/**
 * BatchGetItem: request shape and the validation that needs no table, in DynamoDB's order —
 * deserialization, an empty RequestItems, constraints (RequestItems before ReturnConsumedCapacity),
 * then per table: expression parameters, AttributesToGet
 * duplicates, expressions, and key by key: not null, values, duplicates, the 100-key total.
 * `checkBatchGetKeys` is the part that needs each table's key schema.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
import type { DocumentPath } from "../../expressions/ast";
import { checkExpressionParameters } from "../../expressions/parameters";
import type { Item } from "../attribute-value";
import { deserialize, deserializeMembers } from "../deserialize";
import { SerializationException, ValidationException } from "../errors";
import type { KeySchema } from "../key-schema";
import { LIMITS } from "../limits";
import { setName } from "../names";
import { EXPRESSION_ATTRIBUTE_NAMES, type Members, RETURN_CONSUMED_CAPACITY, type Shape } from "../schema";
import { normalizeItem, validateKey } from "../validate-values";
import {
  checkTableNames,
  DUPLICATE_KEYS,
  deserializeParameterizedItem,
  deserializeRequestItems,
  keyIdentity,
  requireRequestItems,
  Violations,
} from "./batch-common";
import { parseExpressions } from "./expression-members";
import { checkAttributesToGet } from "./get-item";

export interface KeysAndAttributes {
  Keys: Item[];
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

export interface BatchGetItemInput {
  RequestItems: Record<string, KeysAndAttributes>;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
}

/** One table's part of the batch, keys normalized, in request order. */
export interface TableGets {
  tableName: string;
  /** The table's KeysAndAttributes as sent (keys normalized): UnprocessedKeys echoes its options. */
  request: KeysAndAttributes;
  projection?: DocumentPath[];
  consistent: boolean;
}

export interface BatchGetItemRequest {
  input: BatchGetItemInput;
  tables: TableGets[];
}

const TOO_MANY = "Too many items requested for the BatchGetItem call";
const nullKeyMessage = (table: string) =>
  `The list of keys in RequestItems for BatchGetItem may not contain null or empty values: ${table} has one or more empty keys`;

/** KeysAndAttributes after Keys, in DynamoDB's member order. */
const KEYS_AND_ATTRIBUTES_MEMBERS: Members = {
  AttributesToGet: { type: "list", member: { type: "string" } },
  ConsistentRead: { type: "boolean" },
  ProjectionExpression: { type: "string" },
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
};

/** Keys: a plain list whose members are generic attribute maps. */
function deserializeKeys(value: unknown): unknown[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") throw new SerializationException("Unexpected field type");
  if (!Array.isArray(value)) throw new SerializationException("Start of structure or map found where not expected");
  return value.map(deserializeParameterizedItem);
}

const KEYS_AND_ATTRIBUTES: Shape = { type: "struct", name: "KeysAndAttributes", valueStruct: true, members: {} };

function deserializeKeysAndAttributes(value: unknown): Record<string, unknown> {
  deserialize(value, KEYS_AND_ATTRIBUTES);
  const raw = value as Record<string, unknown>;
  const keys = deserializeKeys(raw.Keys);
  return { ...(keys ? { Keys: keys } : {}), ...deserializeMembers(raw, KEYS_AND_ATTRIBUTES_MEMBERS) };
}

type RawKeysAndAttributes = Omit<KeysAndAttributes, "Keys"> & { Keys?: (Record<string, unknown> | null)[] };

function checkConstraints(
  returnConsumedCapacity: string | undefined,
  requestItems: Record<string, RawKeysAndAttributes | null> | undefined,
): void {
  requireRequestItems("BatchGetItem", requestItems);
  // RequestItems before ReturnConsumedCapacity: DynamoDB lists a malformed table name first.
  const violations = new Violations();
  violations.notNull(requestItems, "requestItems");
  checkTableNames(violations, requestItems);
  for (const [table, request] of Object.entries(requestItems ?? {})) {
    const path = `requestItems.${table}.member`;
    violations.notNull(request?.Keys, `${path}.keys`);
    violations.length(request?.Keys, `${path}.keys`, 1, LIMITS.batchGetKeys);
    violations.length(request?.AttributesToGet, `${path}.attributesToGet`, 1, 255);
  }
  violations.enumValue(returnConsumedCapacity, "returnConsumedCapacity", RETURN_CONSUMED_CAPACITY);
  violations.throwIfAny();
}

export function validateBatchGetItem(body: Record<string, unknown>): BatchGetItemRequest {
  const returnConsumedCapacity = deserialize(body.ReturnConsumedCapacity, RETURN_CONSUMED_CAPACITY) as
    | BatchGetItemInput["ReturnConsumedCapacity"]
    | undefined;
  const requestItems = deserializeRequestItems(
    body.RequestItems,
    "com.amazonaws.dynamodb.v20120810.KeysAndAttributes",
    deserializeKeysAndAttributes,
  ) as Record<string, RawKeysAndAttributes | null> | undefined;
  checkConstraints(returnConsumedCapacity, requestItems);

  const input: BatchGetItemInput = { RequestItems: {} };
  if (returnConsumedCapacity !== undefined) input.ReturnConsumedCapacity = returnConsumedCapacity;
  const tables: TableGets[] = [];
  let total = 0;
  for (const [tableName, raw] of Object.entries(requestItems ?? {})) {
    const request = raw as RawKeysAndAttributes;
    checkExpressionParameters("BatchGetItem", request);
    checkAttributesToGet(request.AttributesToGet);
    const expressions = parseExpressions("BatchGetItem", request);
    const seen = new Set<string>();
    const keys = (request.Keys ?? []).map((rawKey) => {
      if (rawKey === null) throw new ValidationException(nullKeyMessage(tableName));
      const key = normalizeItem(rawKey);
      const identity = keyIdentity(key);
      if (seen.has(identity)) throw new ValidationException(DUPLICATE_KEYS);
      seen.add(identity);
      if (++total > LIMITS.batchGetKeys) throw new ValidationException(TOO_MANY);
      return key;
    });
    const normalized: KeysAndAttributes = { ...request, Keys: keys };
    setName(input.RequestItems, tableName, normalized);
    tables.push({
      tableName,
      request: normalized,
      projection: expressions.projection,
      consistent: request.ConsistentRead === true,
    });
  }
  return { input, tables };
}

/** Checks one table's keys against its key schema ("The provided key element does not match the schema"). */
export function checkBatchGetKeys(keys: Item[], schema: KeySchema): void {
  for (const key of keys) validateKey(key, schema);
}
