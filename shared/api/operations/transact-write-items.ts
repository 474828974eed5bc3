/**
 * TransactWriteItems: request shape and the validation that needs no table, in DynamoDB's order:
 *   1. members: deserialization, then every member constraint in one message, nested ones named
 *      by position (`transactItems.2.member.update.key`); then the naming rules of every action's
 *      TableName, in one message (`checkTransactionTableNames`);
 *   2. action by action, in request order: exactly one of ConditionCheck, Put, Delete and Update;
 *      its expressions (the attribute maps, syntax, names and values undefined or unused); its
 *      key's or item's values and a Put's item size (400 KB); ExpressionAttributeNames/Values
 *      sent with no expression (an action without one refuses them only here); then the
 *      request's payload so far (`PayloadBudget`, 4 MB).
 * Legacy parameters (Expected, ConditionalOperator, AttributeUpdates) are not members of the
 * actions: they are dropped, as DynamoDB ignores unknown members.
 *
 * `checkTransactWriteKeys` is the part that needs each table. DynamoDB sorts its failures two
 * ways: an empty key value, a path inside a key attribute and a second action on one item refuse
 * the request (ValidationException); a key or item that does not match the schema, an index key
 * value of the wrong type and an update of a key attribute let it in and cancel the transaction,
 * with the action's reason `ValidationError` and the single-item operation's message.
 * What TransactGetItems shares (table names, payload, duplicate items, that sorting) is exported
 * from here for ./transact-get-items.ts.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 * @see docs/dynamodb-messages.md, "Transactions": the source of each message and of the order.
 */
import type { Condition, Update } from "../../expressions/ast";
import type { ExpressionOperation } from "../../expressions/parameters";
import type { RequestExpressions } from "../../expressions/request";
import { checkUpdateAvoidsKeys } from "../../expressions/update";
import { checkIndexKeyValues, type IndexShape } from "../../indexes/entries";
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
import type { KeySchema } from "../key-schema";
import {
  ATTRIBUTE_MAP,
  EXPRESSION_ATTRIBUTE_NAMES,
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  type Shape,
} from "../schema";
import { DATA_TABLE_NAME } from "../table-names";
import { checkItemSize, extractKey, normalizeParsedItem, validateItemKey, validateKey } from "../validate-values";
import { parseExpressions } from "./expression-members";
import { checkKeyPathsScalar, conditionPaths, updatePaths } from "./item-requests";
import {
  type ActionKey,
  cancellationOf,
  checkTransactionTableNames,
  claimItem,
  PayloadBudget,
  transactItems,
} from "./transact-common";

type Kind = "ConditionCheck" | "Put" | "Delete" | "Update";

interface ActionInput {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface TransactWriteItem {
  ConditionCheck?: ActionInput & { Key: Item; ConditionExpression: string };
  Put?: ActionInput & { Item: Item };
  Delete?: ActionInput & { Key: Item };
  Update?: ActionInput & { Key: Item; UpdateExpression: string };
}

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
  ReturnItemCollectionMetrics?: "SIZE" | "NONE";
}

interface ActionCommon {
  tableName: string;
  returnOldOnConditionFailure: boolean;
}

/** One action, its values normalized (canonical numbers) and its expressions parsed. */
export type TransactWriteAction =
  | (ActionCommon & { kind: "Put"; item: Item; condition?: Condition })
  | (ActionCommon & { kind: "Update"; key: Item; update: Update; condition?: Condition })
  | (ActionCommon & { kind: "Delete"; key: Item; condition?: Condition })
  | (ActionCommon & { kind: "ConditionCheck"; key: Item; condition: Condition });

export interface TransactWriteItemsRequest {
  /** The request's members as deserialized (undeclared ones dropped), values as sent. */
  input: TransactWriteItemsInput;
  /** One per TransactItems entry, in request order. */
  actions: TransactWriteAction[];
}

const KINDS: readonly Kind[] = ["ConditionCheck", "Put", "Delete", "Update"];

const NO_ACTION = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request";
const SEVERAL_ACTIONS = "TransactItems can only contain one of Check, Put, Update or Delete";
const REQUIRED_STRING: Shape = { type: "string", notNull: true };
const KEY: Shape = { ...ATTRIBUTE_MAP, notNull: true };
const EXPRESSION_MEMBERS: Members = {
  ConditionExpression: { type: "string" },
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ExpressionAttributeValues: ATTRIBUTE_MAP,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};
const action = (name: Kind, members: Members): Shape => ({
  type: "struct",
  name,
  members: { TableName: DATA_TABLE_NAME, ...members },
});

/** A TransactItems entry: list members are value structures to the deserializer. */
const TRANSACT_WRITE_ITEM: Shape = {
  type: "struct",
  name: "TransactWriteItem",
  valueStruct: true,
  members: {
    ConditionCheck: action("ConditionCheck", { Key: KEY, ...EXPRESSION_MEMBERS, ConditionExpression: REQUIRED_STRING }),
    Put: action("Put", { Item: KEY, ...EXPRESSION_MEMBERS }),
    Delete: action("Delete", { Key: KEY, ...EXPRESSION_MEMBERS }),
    Update: action("Update", { Key: KEY, UpdateExpression: REQUIRED_STRING, ...EXPRESSION_MEMBERS }),
  },
};

export const TRANSACT_WRITE_ITEMS_MEMBERS: Members = {
  TransactItems: transactItems(TRANSACT_WRITE_ITEM),
  ClientRequestToken: { type: "string", minLength: 1, maxLength: 36 },
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
};

const OPERATIONS: Record<Kind, ExpressionOperation> = {
  ConditionCheck: "ConditionCheck",
  Put: "PutItem",
  Delete: "DeleteItem",
  Update: "UpdateItem",
};

type RawAction = ActionInput & { Key?: Item; Item?: Item; UpdateExpression?: string };

/** One TransactItems entry's own checks (step 2 of the header), its payload added to `budget`. */
function toAction(entry: TransactWriteItem, budget: PayloadBudget): TransactWriteAction {
  const kinds = KINDS.filter((kind) => entry[kind] !== undefined);
  if (kinds.length === 0) throw new ValidationException(NO_ACTION);
  if (kinds.length > 1) throw new ValidationException(SEVERAL_ACTIONS);
  const kind = kinds[0];
  const raw = entry[kind] as RawAction;
  const operation = OPERATIONS[kind];
  // An action with an expression has it parsed before its values; one without refuses
  // ExpressionAttributeNames/Values (nothing could use them) after its values.
  const hasExpression = raw.ConditionExpression !== undefined || raw.UpdateExpression !== undefined;
  let expressions: RequestExpressions | undefined = hasExpression ? parseExpressions(operation, raw) : undefined;
  const target = normalizeParsedItem((kind === "Put" ? raw.Item : raw.Key) ?? {});
  if (kind === "Put") checkItemSize(target);
  expressions ??= parseExpressions(operation, raw);
  budget.add(target, raw);

  const common = {
    tableName: raw.TableName,
    returnOldOnConditionFailure: raw.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
  };
  const condition = expressions.condition;
  switch (kind) {
    case "Put":
      return { kind, ...common, item: target, ...(condition ? { condition } : {}) };
    case "Delete":
      return { kind, ...common, key: target, ...(condition ? { condition } : {}) };
    case "Update":
      return {
        kind,
        ...common,
        key: target,
        update: expressions.update as Update,
        ...(condition ? { condition } : {}),
      };
    case "ConditionCheck":
      return { kind, ...common, key: target, condition: condition as Condition };
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown action ${unreachable}`);
    }
  }
}

export function validateTransactWriteItems(body: Record<string, unknown>): TransactWriteItemsRequest {
  const input = parseRequest<TransactWriteItemsInput>(body, TRANSACT_WRITE_ITEMS_MEMBERS);
  checkTransactionTableNames(input.TransactItems as Record<string, { TableName?: string }>[]);
  const budget = new PayloadBudget();
  const actions = input.TransactItems.map((entry) => toAction(entry, budget));
  return { input, actions };
}

// The checks that need each action's table.

/** What the table checks need of a table. */
export interface TransactTable {
  schema: KeySchema;
  indexes: readonly IndexShape[];
}

/** The single-item handlers' table checks for one action, in their order, sorted as transactions sort them. */
function checkAction(action: TransactWriteAction, { schema, indexes }: TransactTable): ActionKey {
  const validationError =
    action.kind === "Put"
      ? cancellationOf(() => {
          validateItemKey(action.item, schema);
          checkIndexKeyValues(action.item, indexes, schema);
        })
      : cancellationOf(() => validateKey(action.key, schema));
  if (validationError !== undefined) return { ok: false, validationError };
  if (action.condition) checkKeyPathsScalar(conditionPaths(action.condition), schema);
  if (action.kind === "Update") {
    const touchesKey = cancellationOf(() => checkUpdateAvoidsKeys(action.update, schema));
    if (touchesKey !== undefined) return { ok: false, validationError: touchesKey };
    checkKeyPathsScalar(updatePaths(action.update), schema);
    const targets = action.update.actions.map((update) => update.path);
    for (const index of indexes) checkKeyPathsScalar(targets, index.key, "IndexKey");
  }
  return { ok: true, key: extractKey(action.kind === "Put" ? action.item : action.key, schema) };
}

/**
 * Checks every action against its table (`tableOf`, asked once per action in request order, may
 * throw ResourceNotFoundException), action by action: the key or item (a Put's index key values
 * too), what the condition reads, an update's targets and reads, then that no earlier valid
 * action names the same item. Throws DynamoDB's ValidationException for what it refuses up front;
 * returns each action's key, or the reason the action will cancel the transaction with.
 */
export function checkTransactWriteKeys(
  request: TransactWriteItemsRequest,
  tableOf: (name: string) => TransactTable,
): ActionKey[] {
  const claimed = new Set<string>();
  return request.actions.map((action) => {
    const checked = checkAction(action, tableOf(action.tableName));
    if (checked.ok) claimItem(claimed, action.tableName, checked.key);
    return checked;
  });
}
