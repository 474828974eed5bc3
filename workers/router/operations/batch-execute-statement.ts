/**
 * BatchExecuteStatement: up to 25 statements, all reads or all writes, each answered in order in
 * Responses with its TableName and Item, or its Error (Code, Message, and the Item when a
 * condition failed with ReturnValuesOnConditionCheckFailure ALL_OLD). A failing statement does
 * not fail the batch. A SELECT is a GetItem (it must name a full key and nothing more); a write is
 * the PutItem, UpdateItem or DeleteItem it translates to (./partiql-write.ts). Every statement is
 * translated before any runs, and two naming one item refuse the batch; then they run together.
 * An error found before the statement's table was looked up carries no TableName (as DynamoDB
 * Local answers, observed).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import { ConditionalCheckFailedException, DuplicateItemException, DynamoError } from "../../../shared/api/errors";
import { keyIdentity } from "../../../shared/api/operations/batch-common";
import { validateBatchExecuteStatement } from "../../../shared/api/operations/batch-execute-statement";
import {
  type SelectStatement,
  statementTarget,
  translateGet,
  type WriteStatement,
} from "../../../shared/partiql/translate";
import { refuse, TRANSLATE_MESSAGES } from "../../../shared/partiql/translate-messages";
import type { Operation, OperationContext } from "../context";
import { getItem } from "./get-item";
import { CapacityByTable } from "./partiql-capacity";
import { type PartiqlTable, partiqlTable, runTranslated } from "./partiql-table";
import { prepareWrite } from "./partiql-write";

/** The batch error code of each error DynamoDB reports per statement. */
const ERROR_CODES: Record<string, string> = {
  ConditionalCheckFailedException: "ConditionalCheckFailed",
  DuplicateItemException: "DuplicateItem",
  ValidationException: "ValidationError",
  ResourceNotFoundException: "ResourceNotFound",
  ProvisionedThroughputExceededException: "ProvisionedThroughputExceeded",
  ThrottlingException: "ThrottlingError",
  RequestLimitExceeded: "RequestLimitExceeded",
  TransactionConflictException: "TransactionConflict",
  ItemCollectionSizeLimitExceededException: "ItemCollectionSizeLimitExceeded",
  AccessDeniedException: "AccessDenied",
  InternalServerError: "InternalServerError",
};

interface BatchError {
  Code: string;
  Message: string;
  Item?: Item;
}

type Response = { TableName?: string; Item?: Item; Error?: BatchError };

/** One statement ready to run, or already answered. */
type Step =
  | { answered: Response }
  | { tableName: string; key: Item; insert: boolean; run: () => Promise<Record<string, unknown>> };

function errorResponse(error: unknown, tableName?: string, insert = false): Response {
  if (!(error instanceof DynamoError)) throw error;
  const duplicate = insert && error instanceof ConditionalCheckFailedException;
  const shown = duplicate ? new DuplicateItemException() : error;
  const item = !duplicate && error instanceof ConditionalCheckFailedException ? error.item : undefined;
  return {
    Error: {
      Code: ERROR_CODES[shown.type] ?? "InternalServerError",
      Message: shown.message,
      ...(item ? { Item: item } : {}),
    },
    ...(tableName !== undefined ? { TableName: tableName } : {}),
  };
}

export const batchExecuteStatement: Operation = async (ctx, body) => {
  const { input, entries } = validateBatchExecuteStatement(body);
  // Each table is looked up once; a batch's SELECT reads the table whatever index it names.
  const tables = new Map<string, Promise<PartiqlTable>>();
  const tableOf = (name: string) => {
    let table = tables.get(name);
    if (!table) {
      table = partiqlTable(ctx, { table: name });
      tables.set(name, table);
      table.catch(() => undefined);
    }
    return table;
  };
  const steps = await Promise.all(
    entries.map(async (entry, i): Promise<Step> => {
      if (!entry.ok) return { answered: errorResponse(entry.error) };
      const options = input.Statements[i];
      try {
        const target = statementTarget(entry.statement);
        const table = await tableOf(target.table);
        if (entry.statement.kind !== "select") {
          const write = prepareWrite(ctx, entry.statement as WriteStatement, table.keys, {
            ...options,
            ReturnConsumedCapacity: input.ReturnConsumedCapacity,
          });
          return { tableName: target.table, ...write };
        }
        return { tableName: target.table, ...prepareRead(ctx, entry.statement, table, options.ConsistentRead, input) };
      } catch (error) {
        if (!(error instanceof DynamoError)) throw error;
        return { answered: errorResponse(error) };
      }
    }),
  );
  const claimed = new Set<string>();
  for (const step of steps) {
    if ("answered" in step) continue;
    const identity = JSON.stringify([step.tableName, keyIdentity(step.key)]);
    if (claimed.has(identity)) throw refuse(TRANSLATE_MESSAGES.batchDuplicates);
    claimed.add(identity);
  }
  const capacity = new CapacityByTable();
  const responses = await Promise.all(
    steps.map(async (step): Promise<Response> => {
      if ("answered" in step) return step.answered;
      try {
        const answer = await step.run();
        capacity.add(answer.ConsumedCapacity);
        const item = (answer.Item ?? answer.Attributes) as Item | undefined;
        return { TableName: step.tableName, ...(item ? { Item: item } : {}) };
      } catch (error) {
        return errorResponse(error, step.tableName, step.insert);
      }
    }),
  );
  return { Responses: responses, ...capacity.member() };
};

/** A SELECT of the batch as the GetItem of its key. */
function prepareRead(
  ctx: OperationContext,
  select: SelectStatement,
  table: PartiqlTable,
  consistentRead: boolean | undefined,
  input: { ReturnConsumedCapacity?: string },
) {
  const request: Record<string, unknown> = {
    ...translateGet(select, table.keys, "batch"),
    ...(consistentRead ? { ConsistentRead: true } : {}),
    ...(input.ReturnConsumedCapacity ? { ReturnConsumedCapacity: input.ReturnConsumedCapacity } : {}),
  };
  return { key: request.Key as Item, insert: false, run: () => runTranslated(getItem, ctx, request) };
}
