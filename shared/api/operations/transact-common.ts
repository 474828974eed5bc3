/**
 * What TransactWriteItems and TransactGetItems validate alike (./transact-write-items.ts,
 * ./transact-get-items.ts): the TransactItems list, its table names, the 4 MB payload, how a key
 * check's failure is sorted between a refusal and a cancellation, and the rule of one action per
 * item.
 */
import type { AttributeValue, Item } from "../attribute-value";
import { ValidationException } from "../errors";
import { attributeValueSize, itemSize, utf8Length } from "../item-size";
import { LIMITS } from "../limits";
import type { Shape } from "../schema";
import { tableNameViolations } from "../table-names";
import { keyIdentity, Violations } from "./batch-common";

/** Two actions (or two gets) naming one item. */
export const MULTIPLE_OPERATIONS = "Transaction request cannot include multiple operations on one item";

/** The TransactItems member of both operations: 1 to 100 entries of `entry`. */
export const transactItems = (entry: Shape): Shape => ({
  type: "list",
  notNull: true,
  minLength: 1,
  maxLength: LIMITS.transactionActions,
  member: entry,
});

/**
 * The naming rules of the table names of `entries` (TransactItems as deserialized), as DynamoDB
 * reports them once every other member constraint holds: one message for the whole request,
 * each name at its path (`transactItems.1.member.put.tableName`).
 */
export function checkTransactionTableNames(entries: readonly Record<string, { TableName?: string }>[]): void {
  const violations = new Violations();
  entries.forEach((entry, i) => {
    for (const [member, body] of Object.entries(entry)) {
      const name = body.TableName;
      if (name === undefined) continue;
      const path = `transactItems.${i + 1}.member.${member[0].toLowerCase()}${member.slice(1)}.tableName`;
      for (const constraint of tableNameViolations(name)) violations.add(name, path, constraint);
    }
  });
  violations.throwIfAny();
}

/** The most a transaction's payload may hold, as DynamoDB measures it (`PayloadBudget`). */
const TRANSACTION_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** What an action or a get adds to the payload beside its item or key. */
interface ExpressionTexts {
  ConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * A request's payload as DynamoDB totals it, action by action, against its 4 MB: a Put's item,
 * another action's key, plus the text of its expressions (UTF-8 bytes), the names its
 * ExpressionAttributeNames stand for and the sizes of its ExpressionAttributeValues (table names,
 * placeholders and ReturnValuesOnConditionCheckFailure are free). The action that takes the total
 * past the limit is refused, after its own checks, before the next action's.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html (4 MB)
 */
export class PayloadBudget {
  private total = 0;

  add(target: Item, action: ExpressionTexts): void {
    this.total += itemSize(target);
    for (const text of [action.ConditionExpression, action.UpdateExpression, action.ProjectionExpression]) {
      if (text !== undefined) this.total += utf8Length(text);
    }
    for (const name of Object.values(action.ExpressionAttributeNames ?? {})) this.total += utf8Length(name);
    for (const value of Object.values(action.ExpressionAttributeValues ?? {})) this.total += attributeValueSize(value);
    if (this.total > TRANSACTION_PAYLOAD_BYTES) {
      throw new ValidationException(`Transaction payload size cannot exceed 4MB. Payload Size: ${this.total}`);
    }
  }
}

/**
 * An action's key once checked against its table; or, for an action DynamoDB lets into the
 * transaction and then cancels it with, the message of its `ValidationError` reason.
 */
export type ActionKey = { ok: true; key: Item } | { ok: false; validationError: string };

/**
 * Every empty-value message, of a table's key as of an index's, begins so ("are not valid", where
 * the others say "were invalid"): DynamoDB refuses those up front.
 */
const EMPTY_KEY_VALUE = "One or more parameter values are not valid.";

/**
 * Runs a key check of the single-item operations, sorting its failure as a transaction does: an
 * empty key value is thrown (ValidationException); any other failure (a key or item that does
 * not match the schema, an index key value of the wrong type, a key over its size limit) is the
 * action's cancellation reason, returned.
 */
export function cancellationOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationException) || error.message.startsWith(EMPTY_KEY_VALUE)) throw error;
    return error.message;
  }
}

/**
 * Refuses an item that an earlier valid action (or get) of the request names: same table, same
 * key (numbers compared canonically). Actions that cancel take no part.
 */
export function claimItem(claimed: Set<string>, tableName: string, key: Item): void {
  const identity = JSON.stringify([tableName, keyIdentity(key)]);
  if (claimed.has(identity)) throw new ValidationException(MULTIPLE_OPERATIONS);
  claimed.add(identity);
}
