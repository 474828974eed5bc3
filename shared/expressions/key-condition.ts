/**
 * A Query's key condition against the key schema of the table or index being queried: the
 * structural rules of KeyConditionExpression (only AND, one comparison per key, the key as the
 * first operand of BETWEEN and begins_with) and the schema rules (equality on the partition
 * key, one of = < <= > >= BETWEEN begins_with on the sort key, values of the key's type).
 * Also the rule that a Query's filter may not name key attributes.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import type { KeySchema } from "../api/key-schema";
import { keyNames } from "../api/key-schema";
import type { Condition, DocumentPath, KeyCondition, Operand, RangeOperator } from "./ast";

function fail(message: string): never {
  throw new ValidationException(message);
}

const invalidCondition = (detail: string) => fail(`Invalid condition in KeyConditionExpression: ${detail}`);
const invalidOperator = (name: string) => fail(`Invalid operator used in KeyConditionExpression: ${name}`);

const FLIPPED: Record<string, RangeOperator> = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/**
 * One comparison on one key attribute, before the schema is consulted. "unindexable" marks a
 * legacy KeyConditions operator that no key supports (NE, IN, CONTAINS, ...).
 */
export interface KeyTerm {
  name: string;
  op: RangeOperator | "unindexable";
  values: AttributeValue[];
}

/** Rejects anything but AND and the comparisons a key condition allows, in text order. */
function checkOperators(condition: Condition): void {
  if (condition.kind === "and") {
    checkOperators(condition.left);
    checkOperators(condition.right);
    return;
  }
  let operands: Operand[];
  switch (condition.kind) {
    case "compare":
      if (condition.op === "<>") invalidOperator("<>");
      operands = [condition.left, condition.right];
      break;
    case "between":
      operands = [condition.operand, condition.low, condition.high];
      break;
    case "begins_with":
      operands = [condition.operand, condition.prefix];
      break;
    case "or":
    case "not":
    case "in":
      throw invalidOperator(condition.kind.toUpperCase());
    default:
      throw invalidOperator(condition.kind);
  }
  if (operands.some((operand) => operand.kind === "size"))
    fail("KeyConditionExpressions cannot contain nested operations");
}

function flatten(condition: Condition): Condition[] {
  return condition.kind === "and" ? [...flatten(condition.left), ...flatten(condition.right)] : [condition];
}

function termOf(condition: Condition, keys: string[]): KeyTerm {
  let op: RangeOperator;
  let operands: Operand[];
  if (condition.kind === "between") {
    if (condition.operand.kind !== "path")
      invalidCondition("BETWEEN operator must have the key attribute as its first operand");
    op = "BETWEEN";
    operands = [condition.operand, condition.low, condition.high];
  } else if (condition.kind === "begins_with") {
    if (condition.operand.kind !== "path")
      invalidCondition("begins_with operator must have the key attribute as its first operand");
    op = "begins_with";
    operands = [condition.operand, condition.prefix];
  } else if (condition.kind === "compare") {
    op =
      condition.right.kind === "path" && condition.left.kind !== "path"
        ? FLIPPED[condition.op]
        : (condition.op as RangeOperator);
    operands = [condition.left, condition.right];
  } else {
    throw new Error(`unexpected key condition ${condition.kind}`);
  }
  const paths = operands.filter((operand): operand is { kind: "path"; path: DocumentPath } => operand.kind === "path");
  // Operand by operand, as DynamoDB reports them: a second path, else a nested first one.
  paths.forEach(({ path }, i) => {
    if (i > 0) invalidCondition("Multiple attribute names used in one condition");
    if (path.length === 1) return;
    const head = path[0] as string;
    if (keys.includes(head)) {
      fail(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${head}`);
    }
    fail("KeyConditionExpressions cannot have conditions on nested attributes");
  });
  if (paths.length === 0) invalidCondition("No key attribute specified");
  const name = paths[0].path[0] as string;
  const values = operands.flatMap((operand) => (operand.kind === "value" ? [operand.value] : []));
  return { name, op, values };
}

function checkValues(term: KeyTerm, type: string): void {
  for (const value of term.values) {
    if (typeOf(value) !== type) {
      fail("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }
  }
}

/** The key terms of a checked KeyConditionExpression, checked against `schema`. */
export function keyConditionFromExpression(condition: Condition, schema: KeySchema): KeyCondition {
  return keyConditionFromTerms(keyTerms(condition, keyNames(schema)), schema);
}

/**
 * The rules a KeyConditionExpression obeys whatever the key schema (operators, one plain
 * attribute per comparison, one comparison per attribute, at most two). DynamoDB checks them
 * before it looks the table up, so a nested path is "on nested attributes" at that stage.
 */
export function checkKeyConditionShape(condition: Condition): void {
  keyTerms(condition, []);
}

function keyTerms(condition: Condition, keys: string[]): KeyTerm[] {
  checkOperators(condition);
  const terms: KeyTerm[] = [];
  for (const part of flatten(condition)) {
    const term = termOf(part, keys);
    if (terms.some((other) => other.name === term.name))
      fail("KeyConditionExpressions must only contain one condition per key");
    terms.push(term);
  }
  if (terms.length > 2) fail("Conditions can be of length 1 or 2 only");
  return terms;
}

/** Checks terms (one per attribute) against the key schema; shared with legacy KeyConditions. */
export function keyConditionFromTerms(terms: KeyTerm[], schema: KeySchema): KeyCondition {
  // A hash-only key takes one condition: two are refused before their names are looked at.
  if (!schema.range && terms.length > 1) fail("Query key condition not supported");
  const hash = terms.find((term) => term.name === schema.hash.name);
  if (!hash) fail(`Query condition missed key schema element: ${schema.hash.name}`);
  if (hash.op !== "=") fail("Query key condition not supported");
  const range = terms.find((term) => term !== hash);
  if (range && !schema.range) fail("Query key condition not supported");
  if (range && schema.range && range.name !== schema.range.name) {
    fail(`Query condition missed key schema element: ${schema.range.name}`);
  }
  if (range?.op === "unindexable") fail("Attempted conditional constraint is not an indexable operation");
  checkValues(hash, schema.hash.type);
  const hashValue = hash.values[0];
  if ("S" in hashValue && hashValue.S === "") {
    fail(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${hash.name}`,
    );
  }
  if (range && schema.range) checkValues(range, schema.range.type);
  return {
    hash: { name: hash.name, value: hashValue },
    ...(range ? { range: { name: range.name, op: range.op as RangeOperator, values: range.values } } : {}),
  };
}

function conditionPaths(condition: Condition): DocumentPath[] {
  const fromOperands = (operands: Operand[]): DocumentPath[] =>
    operands.flatMap((operand) =>
      operand.kind === "path" ? [operand.path] : operand.kind === "size" ? fromOperands([operand.operand]) : [],
    );
  switch (condition.kind) {
    case "and":
    case "or":
      return [...conditionPaths(condition.left), ...conditionPaths(condition.right)];
    case "not":
      return conditionPaths(condition.operand);
    case "compare":
      return fromOperands([condition.left, condition.right]);
    case "between":
      return fromOperands([condition.operand, condition.low, condition.high]);
    case "in":
      return fromOperands([condition.operand, ...condition.list]);
    case "attribute_exists":
    case "attribute_not_exists":
      return [condition.path];
    case "attribute_type":
      return fromOperands([condition.operand, condition.type]);
    case "begins_with":
      return fromOperands([condition.operand, condition.prefix]);
    case "contains":
      return fromOperands([condition.operand, condition.element]);
  }
}

/**
 * Throws if a Query's filter names a key attribute. `parameter` is "Filter Expression" for a
 * FilterExpression and "QueryFilter" for the legacy parameter.
 */
export function checkFilterAvoidsKeys(
  filter: Condition,
  schema: KeySchema,
  parameter: "Filter Expression" | "QueryFilter" = "Filter Expression",
): void {
  const keys = keyNames(schema);
  for (const path of conditionPaths(filter)) {
    const name = path[0] as string;
    if (keys.includes(name)) {
      fail(`${parameter} can only contain non-primary key attributes: Primary key attribute: ${name}`);
    }
  }
}
