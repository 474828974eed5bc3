/**
 * ExecuteStatement: request shape and the validation that needs no table, in DynamoDB's order:
 * members (deserialization, then every constraint in one message), the Parameters' values (as
 * any attribute value), the statement's syntax and the refusals that need no table
 * (shared/partiql/parse.ts), EXISTS (a transaction's statement only), then the parameters put in
 * place (shared/partiql/translate-bind.ts: a statement using more than are given is refused).
 * The Statement's 8192-byte limit is the parser's, in DynamoDB's words.
 * What BatchExecuteStatement and ExecuteTransaction share (the statement and parameter shapes,
 * a statement read with its parameters) is exported from here.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
 */
import type { Statement } from "../../partiql/ast";
import { parseStatement } from "../../partiql/parse";
import { bindStatement } from "../../partiql/translate-bind";
import { refuse, TRANSLATE_MESSAGES } from "../../partiql/translate-messages";
import type { AttributeValue } from "../attribute-value";
import {
  type Members,
  parseRequest,
  RETURN_CONSUMED_CAPACITY,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  type Shape,
} from "../schema";
import { normalizeValue } from "../validate-values";
import { LIMIT } from "./query";

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";
export type ReturnValuesOnConditionCheckFailure = "ALL_OLD" | "NONE";

export interface ExecuteStatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ConsistentRead?: boolean;
  NextToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  Limit?: number;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export const PARTIQL_STATEMENT: Shape = { type: "string", notNull: true, minLength: 1 };
export const PARAMETERS: Shape = { type: "list", minLength: 1, member: { type: "attributeValue" } };

export const EXECUTE_STATEMENT_MEMBERS: Members = {
  Statement: PARTIQL_STATEMENT,
  Parameters: PARAMETERS,
  ConsistentRead: { type: "boolean" },
  NextToken: { type: "string", minLength: 1, maxLength: 32768 },
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  Limit: LIMIT,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

/** A statement with its parameters' values in place. */
export interface BoundStatement {
  statement: Statement;
  /** The Parameters, normalized (canonical numbers). */
  parameters: AttributeValue[];
}

/** Parameters as attribute values, each checked and normalized as any attribute value is. */
export function normalizeParameters(parameters: readonly unknown[] | undefined): AttributeValue[] {
  return (parameters ?? []).map((value) => normalizeValue(value));
}

/** `text` parsed, then bound to `parameters` (already normalized). */
export function readStatement(text: string, parameters: AttributeValue[], allowExists = false): BoundStatement {
  const parsed = parseStatement(text);
  if (parsed.kind === "exists" && !allowExists) throw refuse(TRANSLATE_MESSAGES.existsOutsideTransaction);
  return { statement: bindStatement(parsed, parameters), parameters };
}

export interface ExecuteStatementRequest extends BoundStatement {
  input: ExecuteStatementInput;
}

export function validateExecuteStatement(body: Record<string, unknown>): ExecuteStatementRequest {
  const input = parseRequest<ExecuteStatementInput>(body, EXECUTE_STATEMENT_MEMBERS);
  const parameters = normalizeParameters(input.Parameters);
  return { input, ...readStatement(input.Statement, parameters) };
}
