/**
 * DynamoDB's wording for the PartiQL statements it refuses once it knows their parameters and
 * their table: parameter counts, MISSING, functions, keys, ORDER BY, RETURNING, and the rules of
 * BatchExecuteStatement and ExecuteTransaction, as DynamoDB Local 1.25.1 words them (each
 * observed: docs/partiql-operations.md). The parser's refusals are ./errors.ts's.
 */
import { ResourceNotFoundException, ValidationException } from "../api/errors";
import type { Returning } from "./ast";

export const TRANSLATE_MESSAGES = {
  parameterCount: "Number of parameters in request and statement don't match.",
  missingCompare: "MISSING must be compared using IS operator",
  keyEquality: "Where clause does not contain a mandatory equality on all key attributes",
  orderByWhere: "Must have WHERE clause in the statement when using ORDER BY clause.",
  orderByHash: "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
  gsiConsistentRead: "Consistent read cannot be true when scanning a GSI",
  tableMissing: "Cannot do operations on a non-existent table",
  duplicateItem: "Duplicate primary key exists in table",
  batchSingleItem: "Only single item select is supported",
  batchReadWrite: "Read and write requests together in the same batch is not supported.",
  batchDuplicates: "Provided list of item keys contains duplicates",
  transactionSelectKey: "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
  transactionIndexRead: "Reads on indices are not supported within transactions.",
  transactionIndexCheck: "Operations on indices are not supported in transactions",
  existsShape: "EXISTS() must contain a single item read with additional condition",
  transactionReturning: "RETURNING clause is not supported in ExecuteTransaction.",
  transactionReadWrite: "ExecuteTransaction API does not support both read and write operations in the same request.",
  existsOutsideTransaction: "EXISTS can only be used in ExecuteTransaction write requests.",
  invalidNextToken: "Invalid NextToken",
  nextTokenMismatch: "NextToken does not match request",
  writeOnIndex: "This operation is not supported on an index",
  tableName: "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
} as const;

export function refuse(message: string): ValidationException {
  return new ValidationException(message);
}

export const unrecognizedFunction = (name: string) => `Unrecognized function: ${name}`;

/** `set_add` / `set_delete` as DynamoDB names them in its messages. */
const setFunction = (name: string) => name.toUpperCase();

export const setFunctionArity = (name: string) => `${setFunction(name)} must have exactly two arguments`;
export const setFunctionTarget = (name: string) =>
  `The first argument to ${setFunction(name)} must equal the assignment value`;
export const setFunctionValue = (name: string) =>
  `The second argument to ${setFunction(name)} must be a value with type SET`;

/** A function of type N (`size`) where a condition belongs: under AND, OR or NOT. */
export const numberWhereCondition = (operator: "AND" | "OR" | "NOT") =>
  `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: N`;

export const tooManyInOperands = (count: number) =>
  `The IN operator is provided with too many operands; number of operands: ${count}`;

export const multipleKeyConditions = (name: string) =>
  `Multiple conditions on same key ${name}. Only single item Update/Insert/Delete are supported`;
export const keyValueType = (name: string, type: string) =>
  `Key value must be of type S, N, or B. Key name: ${name}, Key type: ${type}`;
export const keyTypeMismatch = (name: string) =>
  `Key attribute's data type should match its data type in table's schema: Key ${name}`;
export const keyAbsent = (name: string) => `Key attribute should be present in the item: Key ${name}`;
export const orderByKey = (name: string) =>
  `Variable reference ${name} in ORDER BY clause must be part of the primary key`;
export const duplicateIdentifier = (name: string) => `Duplicate identifiers in select clause: ${name}`;

export function deleteReturning(returning: Returning): string {
  const shown = `${returning.which} ${returning.image} *`;
  return `Invalid returning clause: RETURNING ${shown}. Only RETURNING ALL OLD * is allowed in DELETE statements.`;
}

/** ExecuteTransaction's wrapping of a statement's refusal, `index` counted from 0. */
export const transactionStatementFailed = (index: number, message: string) =>
  `Validation failed in TransactStatements[${index}]: ${message}`;

/** ExecuteStatement's answer for a table that does not exist (not the item operations' wording). */
export function tableMissing(): ResourceNotFoundException {
  return new ResourceNotFoundException(TRANSLATE_MESSAGES.tableMissing);
}
