/**
 * BatchExecuteStatement: request shape and the validation that needs no table. Members first
 * (1 to 25 Statements, each a Statement with its Parameters, ConsistentRead and
 * ReturnValuesOnConditionCheckFailure), then each statement read with its parameters
 * (./execute-statement.ts). A statement DynamoDB cannot read does not fail the batch: it is
 * answered with its own error (`ValidationError`), and takes no part in the rule that a batch is
 * all reads (SELECT) or all writes (INSERT, UPDATE, DELETE), which refuses the whole request.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
 */
import { parseStatement } from "../../partiql/parse";
import { bindStatement } from "../../partiql/translate-bind";
import { refuse, TRANSLATE_MESSAGES } from "../../partiql/translate-messages";
import type { AttributeValue } from "../attribute-value";
import { DynamoError } from "../errors";
import {
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
} from "../schema";
import {
  type BoundStatement,
  normalizeParameters,
  PARAMETERS,
  PARTIQL_STATEMENT,
  type ReturnConsumedCapacity,
  type ReturnValuesOnConditionCheckFailure,
} from "./execute-statement";

export interface BatchStatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface BatchExecuteStatementInput {
  Statements: BatchStatementInput[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** The most statements one BatchExecuteStatement holds. */
export const BATCH_STATEMENTS = 25;

export const BATCH_EXECUTE_STATEMENT_MEMBERS: Members = {
  Statements: {
    type: "list",
    notNull: true,
    minLength: 1,
    maxLength: BATCH_STATEMENTS,
    member: {
      type: "struct",
      name: "BatchStatementRequest",
      valueStruct: true,
      members: {
        Statement: PARTIQL_STATEMENT,
        Parameters: PARAMETERS,
        ConsistentRead: { type: "boolean" },
        ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
      },
    },
  },
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
};

/** One statement of the batch: read with its parameters, or refused with its own error. */
export type BatchEntry = ({ ok: true } & BoundStatement) | { ok: false; error: DynamoError };

export interface BatchExecuteStatementRequest {
  input: BatchExecuteStatementInput;
  entries: BatchEntry[];
  /** Whether the statements read (SELECT) or write; a batch of refused statements only "reads". */
  reads: boolean;
}

/** Runs `read`, its DynamoDB error as the entry's. */
function attempt<T>(read: () => T): T | { ok: false; error: DynamoError } {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DynamoError)) throw error;
    return { ok: false, error };
  }
}

export function validateBatchExecuteStatement(body: Record<string, unknown>): BatchExecuteStatementRequest {
  const input = parseRequest<BatchExecuteStatementInput>(body, BATCH_EXECUTE_STATEMENT_MEMBERS);
  const parameters = input.Statements.map((entry) => normalizeParameters(entry.Parameters));
  // A statement that parses counts as a read or a write even when its parameters then fail it.
  const parsed = input.Statements.map((entry) => attempt(() => parseStatement(entry.Statement)));
  const kinds = new Set(parsed.flatMap((p) => ("kind" in p && p.kind !== "exists" ? [p.kind === "select"] : [])));
  if (kinds.size > 1) throw refuse(TRANSLATE_MESSAGES.batchReadWrite);
  const entries = parsed.map((p, i): BatchEntry => {
    if (!("kind" in p)) return p;
    if (p.kind === "exists") return { ok: false, error: refuse(TRANSLATE_MESSAGES.existsOutsideTransaction) };
    return attempt(() => ({
      ok: true as const,
      statement: bindStatement(p, parameters[i]),
      parameters: parameters[i],
    }));
  });
  return { input, entries, reads: !kinds.has(false) };
}
