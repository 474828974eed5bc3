/**
 * TransactGetItems: request shape and the validation that needs no table, in DynamoDB's order:
 *   1. members: deserialization, then every member constraint in one message, nested ones named
 *      by position (`transactItems.2.member.get.key`); then the naming rules of every Get's
 *      TableName, in one message;
 *   2. get by get, in request order: its expressions (ExpressionAttributeNames with no
 *      projection, the projection's syntax, names undefined or unused), its key's values, then
 *      the request's payload so far (4 MB).
 * `checkTransactGetKeys` is the part that needs each table, sorted as TransactWriteItems sorts
 * it (./transact-write-items.ts): an empty key value, a projection inside a key attribute and a
 * second get of one item refuse the request; a key that does not match the schema cancels the
 * transaction with a `ValidationError` reason.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
 * @see docs/dynamodb-messages.md, "Transactions": the source of each message and of the order.
 */
import type { DocumentPath } from "../../expressions/ast";
import type { Item } from "../attribute-value";
import type { KeySchema } from "../key-schema";
import {
  ATTRIBUTE_MAP,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { extractKey, normalizeParsedItem, validateKey } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { checkKeyPathsScalar } from "./item-requests";
import {
  type ActionKey,
  cancellationOf,
  checkTransactionTableNames,
  claimItem,
  PayloadBudget,
  transactItems,
} from "./transact-common";

export interface Get {
  TableName: string;
  Key: Item;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

export interface TransactGetItemsInput {
  TransactItems: { Get: Get }[];
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
}

/** One get, its key normalized (canonical numbers), its projection parsed. */
export interface TransactGet {
  tableName: string;
  key: Item;
  projection?: DocumentPath[];
}

export interface TransactGetItemsRequest {
  /** The request's members as deserialized (undeclared ones dropped), values as sent. */
  input: TransactGetItemsInput;
  /** One per TransactItems entry, in request order. */
  gets: TransactGet[];
}

export const TRANSACT_GET_ITEMS_MEMBERS: Members = {
  TransactItems: transactItems({
    type: "struct",
    name: "TransactGetItem",
    valueStruct: true,
    members: {
      Get: {
        type: "struct",
        name: "Get",
        notNull: true,
        members: {
          TableName: DATA_TABLE_NAME,
          Key: { ...ATTRIBUTE_MAP, notNull: true },
          ProjectionExpression: { type: "string" },
          ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
        },
      },
    },
  }),
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
};

/** One get's own checks (step 2 of the header), its payload added to `budget`. */
function toGet(get: Get, budget: PayloadBudget): TransactGet {
  const { projection } = parseExpressions("GetItem", get);
  const key = normalizeParsedItem(get.Key);
  budget.add(key, get);
  return { tableName: get.TableName, key, ...(projection ? { projection } : {}) };
}

export function validateTransactGetItems(body: Record<string, unknown>): TransactGetItemsRequest {
  const input = parseRequest<TransactGetItemsInput>(body, TRANSACT_GET_ITEMS_MEMBERS);
  checkTransactionTableNames(input.TransactItems);
  const budget = new PayloadBudget();
  const gets = input.TransactItems.map((entry) => toGet(entry.Get, budget));
  return { input, gets };
}

/**
 * Checks every get against its table's key schema (`tableOf`, asked once per get in request
 * order, may throw ResourceNotFoundException), get by get: the key, what the projection reads,
 * then that no earlier valid get names the same item. Throws DynamoDB's ValidationException for
 * what it refuses up front; returns each get's key (partition key first), or the reason the get
 * will cancel the transaction with.
 */
export function checkTransactGetKeys(
  request: TransactGetItemsRequest,
  tableOf: (name: string) => { schema: KeySchema },
): ActionKey[] {
  const claimed = new Set<string>();
  return request.gets.map((get) => {
    const { schema } = tableOf(get.tableName);
    const validationError = cancellationOf(() => validateKey(get.key, schema));
    if (validationError !== undefined) return { ok: false, validationError };
    if (get.projection) checkKeyPathsScalar(get.projection, schema);
    const key = extractKey(get.key, schema);
    claimItem(claimed, get.tableName, key);
    return { ok: true, key };
  });
}
