/**
 * A PartiQL INSERT, UPDATE or DELETE (ExecuteStatement, BatchExecuteStatement) run as the
 * PutItem, UpdateItem or DeleteItem it translates to, on those operations' handlers. An INSERT
 * whose item exists fails its `attribute_not_exists` condition: DynamoDB answers
 * DuplicateItemException, or (as DynamoDB Local does, observed) the ConditionalCheckFailedException
 * with the item when ReturnValuesOnConditionCheckFailure is ALL_OLD.
 */
import type { Item } from "../../../shared/api/attribute-value";
import { ConditionalCheckFailedException, DuplicateItemException } from "../../../shared/api/errors";
import type {
  ReturnConsumedCapacity,
  ReturnValuesOnConditionCheckFailure,
} from "../../../shared/api/operations/execute-statement";
import { type TableKeys, translateWrite, type WriteStatement } from "../../../shared/partiql/translate";
import type { OperationContext } from "../context";
import { deleteItem } from "./delete-item";
import { runTranslated } from "./partiql-table";
import { putItem } from "./put-item";
import { updateItem } from "./update-item";

const HANDLERS = { PutItem: putItem, UpdateItem: updateItem, DeleteItem: deleteItem };

export interface WriteOptions {
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

/** A write's translation: what to run, on which item. */
export interface PreparedWrite {
  key: Item;
  insert: boolean;
  run: () => Promise<Record<string, unknown>>;
}

/** Translates `statement` on `table`; running it answers the item operation's response. */
export function prepareWrite(
  ctx: OperationContext,
  statement: WriteStatement,
  table: TableKeys,
  options: WriteOptions,
): PreparedWrite {
  const plan = translateWrite(statement, table);
  const body = {
    ...plan.request,
    ...(options.ReturnConsumedCapacity ? { ReturnConsumedCapacity: options.ReturnConsumedCapacity } : {}),
    ...(options.ReturnValuesOnConditionCheckFailure
      ? { ReturnValuesOnConditionCheckFailure: options.ReturnValuesOnConditionCheckFailure }
      : {}),
  };
  const run = async () => {
    try {
      return await runTranslated(HANDLERS[plan.operation], ctx, body);
    } catch (error) {
      const insert = statement.kind === "insert";
      if (insert && error instanceof ConditionalCheckFailedException && !error.item) throw new DuplicateItemException();
      throw error;
    }
  };
  return { key: plan.key, insert: statement.kind === "insert", run };
}
