/**
 * Literal values of a statement as the DynamoDB values they stand for, with DynamoDB's refusals:
 * `'s'` S, numbers N (numbers.ts), `true`/`false` BOOL, `null` NULL, `[…]` and `(a, b)` L, `{'k': v}`
 * M, `<<…>>` SS or NS (the first member decides; members must all be of that type, and distinct).
 * Inside a list, map or set only literals may appear: a name, a parameter, MISSING or an operator
 * there is refused, naming the node as DynamoDB's tree does ("VariableReference", "Parameter",
 * "LiteralMissing", "NAry", …) and the key it sits under ("root", "root.a.0").
 */
import type { AttributeValue } from "../api/attribute-value";
import {
  duplicateTupleKey,
  ionLiteral,
  numericSetNull,
  PARTIQL_MESSAGES,
  refused,
  tupleKeyType,
  unsupportedDataType,
} from "./errors";
import { partiqlNumber } from "./numbers";
import type { Span } from "./positions";
import type { Expr } from "./syntax";

/** The position DynamoDB reports for a node: its token's; none for a path of several steps. */
export function spanOfExpr(expr: Expr): Span | undefined {
  return expr.kind === "path" ? undefined : expr.token;
}

/** The class of DynamoDB's tree node for `expr`, as its messages name it. */
export function nodeType(expr: Expr): string {
  switch (expr.kind) {
    case "string":
    case "number":
    case "bool":
    case "null":
    case "ion":
      return "Literal";
    case "missing":
      return "LiteralMissing";
    case "name":
      return "VariableReference";
    case "path":
      return "Path";
    case "parameter":
      return "Parameter";
    case "list":
    case "bag":
      return "Seq";
    case "struct":
      return "Struct";
    case "select":
      return "Select";
    case "is":
      return "Typed";
    case "call":
      return expr.aggregate ? "CallAgg" : "NAry";
    default:
      return "NAry";
  }
}

/** The Ion type of a literal (for a map key that is not a string), else its node type. */
function literalType(expr: Expr): string {
  switch (expr.kind) {
    case "number":
      return /[.eE]/.test(expr.text) ? "DECIMAL" : "INT";
    case "bool":
      return "BOOL";
    case "null":
      return "NULL";
    case "ion":
      return expr.type;
    default:
      return nodeType(expr);
  }
}

function numberValue(expr: Extract<Expr, { kind: "number" }>, path: string): string {
  return partiqlNumber(expr.text, expr.negated, path, expr.token);
}

/** A literal (or list, map or set of them) as a DynamoDB value; refuses anything else. */
export function toAttributeValue(expr: Expr, path: string): AttributeValue {
  switch (expr.kind) {
    case "string":
      return { S: expr.value };
    case "number":
      return { N: numberValue(expr, path) };
    case "bool":
      return { BOOL: expr.value };
    case "null":
      return { NULL: true };
    case "ion":
      throw refused(ionLiteral(expr.type, path), expr.token);
    case "list":
      return { L: expr.items.map((item, i) => toAttributeValue(item, `${path}.${i}`)) };
    case "struct":
      return { M: toMap(expr, path) };
    case "bag":
      return toSet(expr, path);
    default:
      throw refused(unsupportedDataType(nodeType(expr), path), spanOfExpr(expr));
  }
}

/** The key of a map entry: a non-empty string literal. */
export function mapKey(key: Expr, path: string): string {
  if (key.kind !== "string") throw refused(tupleKeyType(literalType(key), path), spanOfExpr(key));
  if (key.value === "") throw refused(PARTIQL_MESSAGES.emptyPathComponent);
  return key.value;
}

function toMap(expr: Extract<Expr, { kind: "struct" }>, path: string): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const entry of expr.entries) {
    const key = mapKey(entry.key, path);
    const value = toAttributeValue(entry.value, `${path}.${key}`);
    if (Object.hasOwn(map, key)) throw refused(duplicateTupleKey(key, path), expr.token);
    map[key] = value;
  }
  return map;
}

/** Whether a set member, by DynamoDB's reading of the first one, makes a number or a string set. */
function setType(first: Expr): "NS" | "SS" | undefined {
  if (first.kind === "number" || (first.kind === "ion" && ["INT", "DECIMAL", "FLOAT"].includes(first.type)))
    return "NS";
  if (first.kind === "string" || (first.kind === "ion" && first.type === "STRING")) return "SS";
  return undefined;
}

/** A member's value as DynamoDB first reads it, refusing what it cannot store (names, parameters, Ion). */
function memberKind(member: Expr, path: string): "number" | "string" | "null" | "other" {
  switch (member.kind) {
    case "number":
      return "number";
    case "string":
      return "string";
    case "null":
      return "null";
    case "bool":
    case "list":
    case "bag":
    case "struct":
      return "other";
    case "ion":
      throw refused(ionLiteral(member.type, path), member.token);
    default:
      throw refused(unsupportedDataType(nodeType(member), path), spanOfExpr(member));
  }
}

function toSet(expr: Extract<Expr, { kind: "bag" }>, path: string): AttributeValue {
  if (expr.items.length === 0) throw refused(PARTIQL_MESSAGES.emptyBag, expr.token);
  const type = setType(expr.items[0]);
  if (!type) throw refused(PARTIQL_MESSAGES.bagType, spanOfExpr(expr.items[0]));
  const members: string[] = [];
  for (const member of expr.items) {
    const kind = memberKind(member, path);
    if (type === "NS") {
      if (kind === "null") throw refused(numericSetNull(path));
      if (kind !== "number") throw refused(PARTIQL_MESSAGES.bagType);
      members.push(numberValue(member as Extract<Expr, { kind: "number" }>, path));
    } else {
      // DynamoDB Local fails with an internal error on null in a string set; this refuses it as a bad member.
      if (kind !== "string") throw refused(PARTIQL_MESSAGES.bagType, spanOfExpr(member));
      members.push((member as Extract<Expr, { kind: "string" }>).value);
    }
  }
  if (new Set(members).size !== members.length) throw refused(PARTIQL_MESSAGES.setDuplicates);
  return type === "NS" ? { NS: members } : { SS: members };
}
