/**
 * ExecuteTransaction: up to 100 statements as one transaction, on the transaction machinery of
 * TransactGetItems (all SELECTs, each the Get of a full key) or TransactWriteItems (INSERT,
 * UPDATE, DELETE and EXISTS, as Put, Update, Delete and ConditionCheck), by calling their handlers
 * with the TransactItems the statements translate to — so conflicts, cancellation reasons and
 * ClientRequestToken idempotency are theirs. A statement's refusal names it ("Validation failed in
 * TransactStatements[i]: …"), except as DynamoDB Local 1.25.1 answers (observed): a WHERE without
 * every key attribute cancels the transaction with no reasons, a key of the wrong type cancels it
 * with that statement's ValidationError reason, and an INSERT of an existing item cancels it with
 * reason ValidationError "Duplicate primary key exists in table" (ConditionalCheckFailed with
 * ReturnValuesOnConditionCheckFailure ALL_OLD).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
 */
import {
  type CancellationReasonBody,
  ResourceNotFoundException,
  TransactionCanceledException,
  ValidationException,
} from "../../../shared/api/errors";
import type { BoundStatement } from "../../../shared/api/operations/execute-statement";
import { validateExecuteTransaction } from "../../../shared/api/operations/execute-transaction";
import { validateTransactGetItems } from "../../../shared/api/operations/transact-get-items";
import { validateTransactWriteItems } from "../../../shared/api/operations/transact-write-items";
import {
  type RequestBody,
  type SelectStatement,
  statementTarget,
  type TableKeys,
  translateCheck,
  translateGet,
  translateWrite,
} from "../../../shared/partiql/translate";
import { refuse, TRANSLATE_MESSAGES, transactionStatementFailed } from "../../../shared/partiql/translate-messages";
import type { Operation, OperationContext } from "../context";
import { tableRoute } from "../items";
import { runTranslated, statementError, tableKeys } from "./partiql-table";
import { transactGetItems } from "./transact-get-items";
import { transactWriteItems } from "./transact-write-items";

const ACTIONS = { PutItem: "Put", UpdateItem: "Update", DeleteItem: "Delete" } as const;

/** Refusals DynamoDB answers by cancelling the transaction rather than naming the statement. */
const CANCELS_WITHOUT_REASONS = [TRANSLATE_MESSAGES.keyEquality, "Multiple conditions on same key "];
const CANCELS_WITH_REASON = ["Key attribute should be present in the item:", "Key attribute's data type should match"];

/** A statement's refusal as ExecuteTransaction answers it; `count` statements in all. */
function statementRefusal(error: ValidationException, index: number, count: number): Error {
  const message = error.message;
  if (CANCELS_WITHOUT_REASONS.some((start) => message.startsWith(start))) {
    return new TransactionCanceledException([], `ValidationError ${message}`);
  }
  if (CANCELS_WITH_REASON.some((start) => message.startsWith(start))) {
    const reasons: CancellationReasonBody[] = Array.from({ length: count }, () => ({ Code: "None" }));
    reasons[index] = { Code: "ValidationError", Message: message };
    return new TransactionCanceledException(reasons);
  }
  return refuse(transactionStatementFailed(index, message));
}

/** The table `name`; ResourceNotFoundException in the transactions' words when there is none. */
async function transactionTable(ctx: OperationContext, name: string): Promise<TableKeys> {
  try {
    return tableKeys(await tableRoute(ctx, name));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw new ResourceNotFoundException();
    throw error;
  }
}

/** One statement as a TransactItems entry. */
function transactItem(bound: BoundStatement, table: TableKeys, returnOld: boolean): RequestBody {
  const statement = bound.statement;
  if (statement.kind === "select") return { Get: translateGet(statement as SelectStatement, table, "transaction") };
  if (statement.kind === "exists")
    return { ConditionCheck: withReturnOld(translateCheck(statement, table), returnOld) };
  const plan = translateWrite(statement, table);
  if (statement.kind !== "insert" && statement.returning) throw refuse(TRANSLATE_MESSAGES.transactionReturning);
  return { [ACTIONS[plan.operation]]: withReturnOld(plan.request, returnOld) };
}

const withReturnOld = (request: RequestBody, returnOld: boolean) =>
  returnOld ? { ...request, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } : request;

/** A cancellation's reasons with each INSERT's failed condition as DynamoDB words a duplicate item. */
function duplicateReasons(
  error: TransactionCanceledException,
  inserts: readonly boolean[],
): TransactionCanceledException {
  let changed = false;
  const reasons = error.reasons.map((reason, i) => {
    if (!inserts[i] || reason.Code !== "ConditionalCheckFailed" || reason.Item) return reason;
    changed = true;
    return { Code: "ValidationError", Message: TRANSLATE_MESSAGES.duplicateItem };
  });
  return changed ? new TransactionCanceledException(reasons) : error;
}

export const executeTransaction: Operation = async (ctx, body) => {
  const { input, statements, reads } = validateExecuteTransaction(body);
  // Statement by statement, as DynamoDB translates them: its table, then its translation.
  const tables = new Map<string, TableKeys>();
  const items: RequestBody[] = [];
  for (const [i, bound] of statements.entries()) {
    const returnOld = input.TransactStatements[i].ReturnValuesOnConditionCheckFailure === "ALL_OLD";
    try {
      const name = statementTarget(bound.statement).table;
      let table = tables.get(name);
      if (!table) {
        table = await transactionTable(ctx, name);
        tables.set(name, table);
      }
      const item = transactItem(bound, table, returnOld);
      // The action's own checks (its expressions' operand types, …), refusing it by its index.
      if (reads) validateTransactGetItems({ TransactItems: [item] });
      else validateTransactWriteItems({ TransactItems: [item] });
      items.push(item);
    } catch (error) {
      const refusal = statementError(error);
      if (refusal instanceof ValidationException) throw statementRefusal(refusal, i, statements.length);
      throw error;
    }
  }
  const capacity = input.ReturnConsumedCapacity ? { ReturnConsumedCapacity: input.ReturnConsumedCapacity } : {};
  if (reads) {
    const answer = await runTranslated(transactGetItems, ctx, { TransactItems: items, ...capacity });
    return answer;
  }
  const token = input.ClientRequestToken !== undefined ? { ClientRequestToken: input.ClientRequestToken } : {};
  const inserts = statements.map((s) => s.statement.kind === "insert");
  try {
    const answer = await runTranslated(transactWriteItems, ctx, { TransactItems: items, ...token, ...capacity });
    return { Responses: [], ...(answer.ConsumedCapacity ? { ConsumedCapacity: answer.ConsumedCapacity } : {}) };
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw duplicateReasons(error, inserts);
    throw statementError(error);
  }
};
