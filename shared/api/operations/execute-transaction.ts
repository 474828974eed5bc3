/**
 * ExecuteTransaction: request shape and the validation that needs no table, in DynamoDB's order:
 * members (1 to 100 TransactStatements, each a Statement with its Parameters and
 * ReturnValuesOnConditionCheckFailure; ClientRequestToken of 1 to 36 characters), the
 * Parameters' values, every statement's syntax (a refusal fails the request as it is worded for
 * ExecuteStatement, but an operator expression is "Unsupported operation in transaction."), the
 * rule that a transaction is all reads (SELECT: TransactGetItems) or all writes (INSERT, UPDATE,
 * DELETE, EXISTS: TransactWriteItems), then each statement's parameters, whose refusal names the
 * statement ("Validation failed in TransactStatements[i]: …", counted from 0).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
 */
import { NotAStatement } from "../../partiql/errors";
import { parseStatement } from "../../partiql/parse";
import { bindStatement } from "../../partiql/translate-bind";
import { refuse, TRANSLATE_MESSAGES, transactionStatementFailed } from "../../partiql/translate-messages";
import type { AttributeValue } from "../attribute-value";
import { ValidationException } from "../errors";
import { LIMITS } from "../limits";
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

export interface TransactStatementInput {
  Statement: string;
  Parameters?: AttributeValue[];
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface ExecuteTransactionInput {
  TransactStatements: TransactStatementInput[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export const EXECUTE_TRANSACTION_MEMBERS: Members = {
  TransactStatements: {
    type: "list",
    notNull: true,
    minLength: 1,
    maxLength: LIMITS.transactionActions,
    member: {
      type: "struct",
      name: "ParameterizedStatement",
      valueStruct: true,
      members: {
        Statement: PARTIQL_STATEMENT,
        Parameters: PARAMETERS,
        ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
      },
    },
  },
  ClientRequestToken: { type: "string", minLength: 1, maxLength: 36 },
  ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
};

const UNSUPPORTED_IN_TRANSACTION = "Unsupported operation in transaction.";

export interface ExecuteTransactionRequest {
  input: ExecuteTransactionInput;
  statements: BoundStatement[];
  /** All SELECTs (a read transaction), or all writes. */
  reads: boolean;
}

function parseTransactStatement(text: string) {
  try {
    return parseStatement(text);
  } catch (error) {
    if (error instanceof NotAStatement && error.node === "NAry") throw refuse(UNSUPPORTED_IN_TRANSACTION);
    throw error;
  }
}

export function validateExecuteTransaction(body: Record<string, unknown>): ExecuteTransactionRequest {
  const input = parseRequest<ExecuteTransactionInput>(body, EXECUTE_TRANSACTION_MEMBERS);
  const parameters = input.TransactStatements.map((entry) => normalizeParameters(entry.Parameters));
  const parsed = input.TransactStatements.map((entry) => parseTransactStatement(entry.Statement));
  const reads = parsed.map((statement) => statement.kind === "select");
  if (reads.some((read) => read !== reads[0])) throw refuse(TRANSLATE_MESSAGES.transactionReadWrite);
  const statements = parsed.map((statement, i) => {
    try {
      return { statement: bindStatement(statement, parameters[i]), parameters: parameters[i] };
    } catch (error) {
      if (!(error instanceof ValidationException)) throw error;
      throw refuse(transactionStatementFailed(i, error.message));
    }
  });
  return { input, statements, reads: reads[0] };
}
