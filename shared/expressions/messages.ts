/**
 * DynamoDB's wording for expression errors, in one place. Messages about one expression start
 * with "Invalid <parameter>: ", where the parameter names which expression failed.
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { base64ByteLength } from "../api/base64";
import { ValidationException } from "../api/errors";
import type { DocumentPath } from "./ast";

/** The request parameter an expression came from; it appears in every error about it. */
export type ExpressionKind =
  | "ConditionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression";

/** ValidationException "Invalid <kind>: <detail>". */
export function invalid(kind: ExpressionKind, detail: string): ValidationException {
  return new ValidationException(`Invalid ${kind}: ${detail}`);
}

/** A path as DynamoDB prints it: a.b[1] is "[a, b, [1]]". */
export function formatPath(path: DocumentPath): string {
  return `[${path.map((element) => (typeof element === "number" ? `[${element}]` : element)).join(", ")}]`;
}

/** A scalar as DynamoDB prints it in BETWEEN errors: "{N:10}"; binary shows as a Java ByteBuffer. */
export function formatValue(value: AttributeValue): string {
  if ("B" in value) {
    const length = base64ByteLength(value.B);
    return `{B:java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]}`;
  }
  const type = typeOf(value);
  return `{${type}:${(value as Record<string, unknown>)[type]}}`;
}

/** The type words of ADD/DELETE operand errors and of AttributeUpdates errors. */
export const TYPE_WORDS = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  BOOL: "BOOLEAN",
  NULL: "NULL",
  M: "MAP",
  L: "LIST",
  SS: "STRING SET",
  NS: "NUMBER SET",
  BS: "BINARY SET",
} as const;

export const MESSAGES = {
  empty: "The expression can not be empty;",
  redundantParentheses: "The expression has redundant parentheses;",
  pathInvalidForUpdate: "The document path provided in the update expression is invalid for update",
  missingAttribute: "The provided expression refers to an attribute that does not exist in the item",
  incorrectOperandType: "An operand in the update expression has an incorrect data type",
  legacyTypeMismatch: "Type mismatch for attribute to update",
} as const;

export function syntaxErrorDetail(token: string, near: string): string {
  return `Syntax error; token: "${token}", near: "${near}"`;
}

export function reservedKeyword(name: string): string {
  return `Attribute name is a reserved keyword; reserved keyword: ${name}`;
}

export function undefinedName(name: string): string {
  return `An expression attribute name used in the document path is not defined; attribute name: ${name}`;
}

export function undefinedValue(name: string): string {
  return `An expression attribute value used in expression is not defined; attribute value: ${name}`;
}

export function invalidFunction(name: string): string {
  return `Invalid function name; function: ${name}`;
}

/** An update-expression function (if_not_exists, list_append) in a condition, filter or key condition. */
export function notAllowedInCondition(name: string): string {
  return `The function is not allowed in a condition expression; function: ${name}`;
}

/** A condition function (attribute_exists, size, …) in an update expression. */
export function notAllowedInUpdate(name: string): string {
  return `The function is not allowed in an update expression; function: ${name}`;
}

/** A function in a place its kind does not fit, e.g. size() as a whole condition. */
export function misusedFunction(name: string): string {
  return `The function is not allowed to be used this way in an expression; function: ${name}`;
}

export function operandCount(name: string, count: number): string {
  return `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`;
}

export function operandType(name: string, type: string): string {
  return `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`;
}

export function requiresPath(name: string): string {
  return `Operator or function requires a document path; operator or function: ${name}`;
}

export function notDistinct(operator: string, path: DocumentPath): string {
  return `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${formatPath(path)}`;
}

export function pathsOverlap(one: DocumentPath, two: DocumentPath): string {
  return `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(one)}, path two: ${formatPath(two)}`;
}

export function pathsConflict(one: DocumentPath, two: DocumentPath): string {
  return `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${formatPath(one)}, path two: ${formatPath(two)}`;
}

export function keyAttributeUpdate(name: string): ValidationException {
  return new ValidationException(
    `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
  );
}
