/**
 * DynamoDB's wording for the PartiQL statements it refuses before running them: syntax errors and
 * the constructs its translator turns away, as DynamoDB Local 1.25.1 words them (each observed:
 * docs/partiql-messages.md). All are ValidationExceptions. A syntax error echoes the whole
 * statement; a message about one part of the statement may end in its position (positions.ts).
 */
import { ValidationException } from "../api/errors";
import type { Span } from "./positions";
import { withPosition } from "./positions";

/** UTF-8 bytes of the longest statement DynamoDB reads. */
export const STATEMENT_MAX_BYTES = 8192;

export const PARTIQL_MESSAGES = {
  /** DynamoDB Local's words for a Statement over 8192 UTF-8 bytes, checked before anything else. */
  tooLong: `Member must have length less than or equal to ${STATEMENT_MAX_BYTES}`,
  nesting: "Nesting Levels have exceeded supported limits",
  tooManyOperators: "The expression contains too many operators; operator count: 301",
  aliasing: "Aliasing is not supported",
  valueOrPivot: "Select projection doesn't support value or pivot keywords",
  changingHierarchy: "Changing item's hierarchy while reading isn't supported",
  unexpectedPathComponent: "Unexpected path component",
  unexpectedFromSource: "Unexpected from source",
  singleSource: "Only select from a single table or index is supported.",
  dmlSingleTable: "FROM clause may only contain a single table name in data manipulation statements",
  fromComponents: "A path may contain at most 2 components in the FROM clause",
  fromList: "Invalid list expression in source.",
  tableName: "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  atInInsert: "AT is not supported in insert statements.",
  insertFormat:
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.",
  insertOp: "Unsupported operation: InsertOp",
  returningInInsert: "RETURNING is not supported in INSERT",
  returningStar: "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
  returningMultiple: "Invalid syntax with multiple returning elements in RETURNING clause",
  emptyBag: "Empty bags are not supported",
  bagType: "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
  setDuplicates: "Input collection contains duplicates",
  precision: "DynamoDB only supports precision up to 38 digits",
  emptyPathComponent: "Path component cannot be an empty string",
  pathStartsWithIndex: "A path cannot start with a list index",
  whereBoolean: "WHERE clause must contain an expression that resolves to a boolean",
  andOrOperands: "The arguments to AND/OR must be Expressions",
  notOperand: "The argument to NOT must be a Type or Expression",
  isOperand: "The left hand side argument to IS must be a Variable Reference, Literal, or Path",
  inOperator:
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  wildcard: "Wildcard path component like a[*].b are not supported",
  unpivot: "Unpivot path component like a.*.b are not supported",
  /** ExecuteStatement's answer to a statement that is an operator expression (`x = 1`, `NOT EXISTS(…)`). */
  operatorStatement: "EXISTS can only be used in ExecuteTransaction write requests.",
} as const;

/** Types `x IS <type>` accepts, as DynamoDB lists them. */
export const IS_TYPES = ["MISSING", "NULL", "BOOLEAN", "BLOB", "STRING", "NUMERIC", "STRUCT", "TUPLE", "LIST"] as const;

/** A syntax error: DynamoDB echoes the statement as sent. */
export function notWellFormed(statement: string): ValidationException {
  return new ValidationException(`Statement wasn't well formed, can't be processed: ${statement}`);
}

/** ValidationException with `message`, followed by the position when there is one. */
export function refused(message: string, span?: Span): ValidationException {
  return new ValidationException(withPosition(message, span));
}

/**
 * A statement that is an expression but no statement DynamoDB runs (`1`, `x`, `x = 1`), refused
 * with the name of its node in DynamoDB's tree ("Literal", "VariableReference", "NAry", …).
 * ExecuteTransaction answers an "NAry" with "Unsupported operation in transaction." instead of
 * ExecuteStatement's wording, which is this error's message.
 */
export class NotAStatement extends ValidationException {
  constructor(readonly node: string) {
    super(node === "NAry" ? PARTIQL_MESSAGES.operatorStatement : unsupportedOperation(node));
  }
}

export function unsupportedOperation(what: string): string {
  return `Unsupported operation: ${what}`;
}

export function unsupportedClause(clause: string): string {
  return `Unsupported clause: ${clause}`;
}

export function unsupportedToken(token: string): string {
  return `Unsupported token in expression: ${token}`;
}

export function unsupportedConditionOperator(operator: string): string {
  return `Unsupported operator in Condition Expression. Operator: ${operator}`;
}

export function unsupportedUpdateOperator(operator: string): string {
  return `Unsupported operator in Update Expression. Operator: ${operator}`;
}

export function operandCount(operator: string, count: number): string {
  return `Incorrect number of operands for operator or function; operator or function: ${operator}, number of operands: ${count}`;
}

/** A value DynamoDB cannot store at `path` ("root", "root.a.0"): `type` is its node or Ion type. */
export function unsupportedDataType(type: string, path: string): string {
  return `Unsupported data type: ${type} under key ${path}`;
}

export function ionLiteral(type: string, path: string): string {
  return `Ion Literals are not supported: ${type} under key ${path}`;
}

export function tupleKeyType(type: string, path: string): string {
  return `Tuple keys must be of type String. Actual type: ${type} under ${path}`;
}

export function duplicateTupleKey(key: string, path: string): string {
  return `Duplicate keys in tuple. Key: ${key} under ${path}`;
}

export function negativeZero(path: string): string {
  return `Negative zero decimal is not supported under key ${path}`;
}

export function numericSetNull(path: string): string {
  return `INVALID_PARAMETER_VALUE:Numeric sets may not contain null under ${path}`;
}

export function listIndexRange(index: string): string {
  return `List index is not within the allowable range; index: [${index}]`;
}

export function isType(type: string): string {
  return `Unsupported data type for IS operator: ${type}. Supported data types are [${IS_TYPES.join(", ")}]`;
}

export function duplicateIdentifier(name: string): string {
  return `Duplicate identifiers in select clause: ${name}`;
}

export function orderByType(type: string): string {
  return `Argument to ORDER BY must be of type VariableReference. Type: ${type}`;
}
