/**
 * BatchWriteItem: request shape and the validation that needs no table, in DynamoDB's order —
 * deserialization, an empty RequestItems, constraints, the table names (alone), then request by
 * request: not null, exactly one of
 * PutRequest/DeleteRequest, the item's or key's values and the item size; then the 25-request
 * total.
 * `checkBatchWriteKeys` is the part that needs each table's key schema (keys, duplicates).
 * Handlers run every check of every table before the first write: bad input never leaves a
 * partial write.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
import { checkIndexKeyValues, type IndexShape } from "../../indexes/entries";
import type { Item } from "../attribute-value";
import { deserialize } from "../deserialize";
import { ValidationException } from "../errors";
import type { KeySchema } from "../key-schema";
import { LIMITS } from "../limits";
import { own, setName } from "../names";
import { ATTRIBUTE_MAP, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, type Shape } from "../schema";
import {
  checkItemSize,
  extractKey,
  normalizeItem,
  VALUE_MESSAGES,
  validateItemKey,
  validateKey,
} from "../validate-values";
import {
  checkTableNames,
  DUPLICATE_KEYS,
  deserializeParameterizedList,
  deserializeRequestItems,
  keyIdentity,
  requireRequestItems,
  Violations,
} from "./batch-common";

export interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ReturnItemCollectionMetrics?: "SIZE" | "NONE";
}

export type BatchWrite = { kind: "put"; item: Item } | { kind: "delete"; key: Item };

/** One table's writes, normalized, in request order. */
export interface TableWrites {
  tableName: string;
  writes: BatchWrite[];
}

export interface BatchWriteItemRequest {
  input: BatchWriteItemInput;
  tables: TableWrites[];
}

const TOO_MANY = "Too many items requested for the BatchWriteItem call";

const WRITE_REQUEST: Shape = {
  type: "struct",
  name: "WriteRequest",
  valueStruct: true,
  members: {
    DeleteRequest: { type: "struct", name: "DeleteRequest", members: { Key: ATTRIBUTE_MAP } },
    PutRequest: { type: "struct", name: "PutRequest", members: { Item: ATTRIBUTE_MAP } },
  },
};

type RawWriteRequest = { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } } | null;

function checkConstraints(
  returnConsumedCapacity: string | undefined,
  returnItemCollectionMetrics: string | undefined,
  requestItems: Record<string, RawWriteRequest[] | null> | undefined,
): void {
  requireRequestItems("BatchWriteItem", requestItems);
  const violations = new Violations();
  violations.enumValue(returnConsumedCapacity, "returnConsumedCapacity", RETURN_CONSUMED_CAPACITY);
  violations.enumValue(returnItemCollectionMetrics, "returnItemCollectionMetrics", RETURN_ITEM_COLLECTION_METRICS);
  violations.notNull(requestItems, "requestItems");
  for (const requests of Object.values(requestItems ?? {})) {
    if (!requests || requests.length < 1 || requests.length > LIMITS.batchWriteRequests) {
      violations.add(
        requestItems,
        "requestItems",
        `Map value must satisfy constraint: [Member must have length less than or equal to ${LIMITS.batchWriteRequests}, Member must have length greater than or equal to 1]`,
      );
    }
  }
  for (const [table, requests] of Object.entries(requestItems ?? {})) {
    requests?.forEach((request, i) => {
      const path = `requestItems.${table}.member.${i + 1}.member`;
      if (request?.DeleteRequest) violations.notNull(request.DeleteRequest.Key, `${path}.deleteRequest.key`);
      if (request?.PutRequest) violations.notNull(request.PutRequest.Item, `${path}.putRequest.item`);
    });
  }
  violations.throwIfAny();
  // Unlike BatchGetItem, a malformed table name gives way to the other violations and is reported alone.
  const names = new Violations();
  checkTableNames(names, requestItems);
  names.throwIfAny();
}

const NULL_REQUEST = "The batch write request list for a table cannot be null or empty";

/**
 * One request's own checks: not null, exactly one of PutRequest and DeleteRequest (DynamoDB
 * words a violation as a value's), then the item's or key's values and the item size.
 */
function toWrite(request: RawWriteRequest): BatchWrite {
  if (request === null) throw new ValidationException(NULL_REQUEST);
  if (Boolean(request.PutRequest) === Boolean(request.DeleteRequest)) {
    throw new ValidationException(VALUE_MESSAGES.multiple);
  }
  if (request.PutRequest) {
    const item = normalizeItem(request.PutRequest.Item);
    checkItemSize(item);
    return { kind: "put", item };
  }
  return { kind: "delete", key: normalizeItem(request.DeleteRequest?.Key) };
}

export function validateBatchWriteItem(body: Record<string, unknown>): BatchWriteItemRequest {
  const returnConsumedCapacity = deserialize(body.ReturnConsumedCapacity, RETURN_CONSUMED_CAPACITY) as
    | BatchWriteItemInput["ReturnConsumedCapacity"]
    | undefined;
  const returnItemCollectionMetrics = deserialize(body.ReturnItemCollectionMetrics, RETURN_ITEM_COLLECTION_METRICS) as
    | BatchWriteItemInput["ReturnItemCollectionMetrics"]
    | undefined;
  const requestItems = deserializeRequestItems(
    body.RequestItems,
    "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>",
    (value) => deserializeParameterizedList(value, (request) => deserialize(request, WRITE_REQUEST)),
  ) as Record<string, RawWriteRequest[] | null> | undefined;
  checkConstraints(returnConsumedCapacity, returnItemCollectionMetrics, requestItems);

  const input: BatchWriteItemInput = { RequestItems: {} };
  if (returnConsumedCapacity !== undefined) input.ReturnConsumedCapacity = returnConsumedCapacity;
  if (returnItemCollectionMetrics !== undefined) input.ReturnItemCollectionMetrics = returnItemCollectionMetrics;
  const tables: TableWrites[] = [];
  for (const [tableName, requests] of Object.entries(requestItems ?? {})) {
    const writes = (requests ?? []).map(toWrite);
    setName(input.RequestItems, tableName, writes.map(toWriteRequest));
    tables.push({ tableName, writes });
  }
  const total = tables.reduce((sum, table) => sum + table.writes.length, 0);
  if (total > LIMITS.batchWriteRequests) throw new ValidationException(TOO_MANY);
  return { input, tables };
}

/** The WriteRequest a write came from, as UnprocessedItems echoes it. */
export function toWriteRequest(write: BatchWrite): WriteRequest {
  return write.kind === "put" ? { PutRequest: { Item: write.item } } : { DeleteRequest: { Key: write.key } };
}

/**
 * A PutRequest's key attributes, checked as BatchWriteItem words it: a missing or mistyped key
 * attribute is "The provided key element does not match the schema" (PutItem names the key).
 */
function checkPutKey(item: Item, schema: KeySchema): void {
  for (const attribute of schema.range ? [schema.hash, schema.range] : [schema.hash]) {
    const value = own(item, attribute.name);
    if (!value || !(attribute.type in value)) throw new ValidationException(VALUE_MESSAGES.keyMismatch);
  }
  validateItemKey(item, schema);
}

/**
 * Checks one table's writes against its key schema and indexes, request by request: the key, a
 * put's index key values, then that no earlier request of the table names the same item.
 * Returns each write's key.
 */
export function checkBatchWriteKeys(
  writes: BatchWrite[],
  schema: KeySchema,
  indexes: readonly IndexShape[] = [],
): Item[] {
  const seen = new Set<string>();
  return writes.map((write) => {
    let key: Item;
    if (write.kind === "put") {
      checkPutKey(write.item, schema);
      checkIndexKeyValues(write.item, indexes, schema);
      key = extractKey(write.item, schema);
    } else {
      validateKey(write.key, schema);
      key = write.key;
    }
    const identity = keyIdentity(key);
    if (seen.has(identity)) throw new ValidationException(DUPLICATE_KEYS);
    seen.add(identity);
    return key;
  });
}
