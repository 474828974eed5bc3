/**
 * The legacy (pre-expression) parameters, validated with DynamoDB's messages and converted onto
 * the expression trees: Expected and QueryFilter/ScanFilter (with ConditionalOperator) become a
 * `Condition`, KeyConditions a `KeyCondition`, AttributeUpdates an `Update` (legacy flavour) and
 * AttributesToGet projection paths. Attribute names here are literal: "a.b" is one attribute.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import type { KeySchema } from "../api/key-schema";
import type { Condition, DocumentPath, KeyCondition, RangeOperator, Update, UpdateAction } from "./ast";
import { compareScalars } from "./compare";
import type { KeyTerm } from "./key-condition";
import { keyConditionFromTerms } from "./key-condition";
import { TYPE_WORDS } from "./messages";

export type ComparisonOperator =
  | "EQ"
  | "NE"
  | "LE"
  | "LT"
  | "GE"
  | "GT"
  | "NOT_NULL"
  | "NULL"
  | "CONTAINS"
  | "NOT_CONTAINS"
  | "BEGINS_WITH"
  | "IN"
  | "BETWEEN";

export interface LegacyCondition {
  ComparisonOperator: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

export interface ExpectedAttributeValue {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

export interface AttributeValueUpdate {
  Value?: AttributeValue;
  Action?: "PUT" | "ADD" | "DELETE";
}

export type ConditionalOperator = "AND" | "OR";

function fail(message: string): never {
  throw new ValidationException(message);
}

const invalidParameter = (detail: string) => fail(`One or more parameter values were invalid: ${detail}`);

const ANY = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"];
const SCALAR = ["S", "N", "B"];
/** Operand count (-1: one or more) and the value types each operator accepts. */
const OPERATORS: Record<ComparisonOperator, { count: number; types: string[] }> = {
  EQ: { count: 1, types: ANY },
  NE: { count: 1, types: ANY },
  LE: { count: 1, types: SCALAR },
  LT: { count: 1, types: SCALAR },
  GE: { count: 1, types: SCALAR },
  GT: { count: 1, types: SCALAR },
  NOT_NULL: { count: 0, types: ANY },
  NULL: { count: 0, types: ANY },
  CONTAINS: { count: 1, types: SCALAR },
  NOT_CONTAINS: { count: 1, types: SCALAR },
  BEGINS_WITH: { count: 1, types: ["S", "B"] },
  IN: { count: -1, types: SCALAR },
  BETWEEN: { count: 2, types: SCALAR },
};

/** Operand count, same-type, per-operator type and BETWEEN order checks of one condition. */
function checkOperands(operator: ComparisonOperator, values: AttributeValue[]): void {
  if (!Object.hasOwn(OPERATORS, operator)) fail("Comparison type does not exist in DynamoDB");
  const rule = OPERATORS[operator];
  if (rule.count === -1 ? values.length === 0 : values.length !== rule.count) {
    invalidParameter(`Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  if (values.some((value) => typeOf(value) !== typeOf(values[0]))) {
    invalidParameter("AttributeValues inside AttributeValueList must be of same type");
  }
  for (const value of values) {
    if (!rule.types.includes(typeOf(value))) {
      invalidParameter(`ComparisonOperator ${operator} is not valid for ${typeOf(value)} AttributeValue type`);
    }
  }
  if (operator === "BETWEEN" && (compareScalars(values[0], values[1]) ?? 0) > 0) {
    fail("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
}

function conditionOn(name: string, operator: ComparisonOperator, values: AttributeValue[]): Condition {
  const path: DocumentPath = [name];
  const operand = { kind: "path" as const, path };
  const value = (i: number) => ({ kind: "value" as const, value: values[i] });
  const compare = (op: "=" | "<>" | "<" | "<=" | ">" | ">="): Condition => ({
    kind: "compare",
    op,
    left: operand,
    right: value(0),
  });
  switch (operator) {
    case "EQ":
      return compare("=");
    case "NE":
      return compare("<>");
    case "LE":
      return compare("<=");
    case "LT":
      return compare("<");
    case "GE":
      return compare(">=");
    case "GT":
      return compare(">");
    case "NOT_NULL":
      return { kind: "attribute_exists", path };
    case "NULL":
      return { kind: "attribute_not_exists", path };
    case "CONTAINS":
      return { kind: "contains", operand, element: value(0) };
    case "NOT_CONTAINS":
      // Unlike NOT contains(), NOT_CONTAINS is false for a missing attribute.
      return {
        kind: "and",
        left: { kind: "attribute_exists", path },
        right: { kind: "not", operand: { kind: "contains", operand, element: value(0) } },
      };
    case "BEGINS_WITH":
      return { kind: "begins_with", operand, prefix: value(0) };
    case "IN":
      return { kind: "in", operand, list: values.map((_, i) => value(i)) };
    case "BETWEEN":
      return { kind: "between", operand, low: value(0), high: value(1) };
  }
}

function combine(conditions: Condition[], operator: ConditionalOperator = "AND"): Condition | undefined {
  const kind = operator === "OR" ? "or" : "and";
  return conditions.reduce<Condition | undefined>((left, right) => (left ? { kind, left, right } : right), undefined);
}

function checkConditionalOperator(conditions: object | undefined, operator: ConditionalOperator | undefined): void {
  if (operator === undefined) return;
  const count = conditions ? Object.keys(conditions).length : 0;
  if (count === 0) fail("ConditionalOperator cannot be used without Filter or Expected");
  if (count === 1) fail("ConditionalOperator can only be used when Filter or Expected has two or more elements");
}

/** The condition of an Expected map (undefined if it has no entries). */
export function conditionFromExpected(
  expected: Record<string, ExpectedAttributeValue> | undefined,
  operator?: ConditionalOperator,
): Condition | undefined {
  checkConditionalOperator(expected, operator);
  const conditions: Condition[] = [];
  for (const [name, entry] of Object.entries(expected ?? {})) {
    const forAttribute = (detail: string) => invalidParameter(`${detail} for Attribute: ${name}`);
    if (entry.AttributeValueList !== undefined && entry.Value !== undefined) {
      forAttribute("Value and AttributeValueList cannot be used together");
    }
    if (entry.ComparisonOperator !== undefined) {
      const op = entry.ComparisonOperator;
      if (entry.Exists !== undefined) forAttribute("Exists and ComparisonOperator cannot be used together");
      if (op !== "NULL" && op !== "NOT_NULL" && entry.AttributeValueList === undefined && entry.Value === undefined) {
        forAttribute(`Value or AttributeValueList must be used with ComparisonOperator: ${op}`);
      }
      const values = entry.AttributeValueList ?? (entry.Value !== undefined ? [entry.Value] : []);
      checkOperands(op, values);
      conditions.push(conditionOn(name, op, values));
    } else if (entry.AttributeValueList !== undefined) {
      forAttribute("AttributeValueList can only be used with a ComparisonOperator");
    } else {
      const exists = entry.Exists ?? true;
      if (exists && entry.Value === undefined) {
        forAttribute(`Value must be provided when Exists is ${entry.Exists === undefined ? "null" : "true"}`);
      }
      if (!exists && entry.Value !== undefined) forAttribute("Value cannot be used when Exists is false");
      conditions.push(
        entry.Value !== undefined ? conditionOn(name, "EQ", [entry.Value]) : conditionOn(name, "NULL", []),
      );
    }
  }
  return combine(conditions, operator);
}

/** The condition of a QueryFilter or ScanFilter map (undefined if it has no entries). */
export function conditionFromFilter(
  filter: Record<string, LegacyCondition> | undefined,
  operator?: ConditionalOperator,
): Condition | undefined {
  checkConditionalOperator(filter, operator);
  const conditions = Object.entries(filter ?? {}).map(([name, entry]) => {
    const values = entry.AttributeValueList ?? [];
    checkOperands(entry.ComparisonOperator, values);
    return conditionOn(name, entry.ComparisonOperator, values);
  });
  return combine(conditions, operator);
}

const RANGE_OPERATORS: Partial<Record<ComparisonOperator, RangeOperator>> = {
  EQ: "=",
  LE: "<=",
  LT: "<",
  GE: ">=",
  GT: ">",
  BEGINS_WITH: "begins_with",
  BETWEEN: "BETWEEN",
};

/** The key condition of a KeyConditions map, checked against `schema`. */
export function keyConditionFromKeyConditions(
  keyConditions: Record<string, LegacyCondition>,
  schema: KeySchema,
): KeyCondition {
  const entries = Object.entries(keyConditions);
  for (const [, entry] of entries) checkOperands(entry.ComparisonOperator, entry.AttributeValueList ?? []);
  if (entries.length === 0 || entries.length > 2) fail("Conditions can be of length 1 or 2 only");
  const terms: KeyTerm[] = entries.map(([name, entry]) => ({
    name,
    op: RANGE_OPERATORS[entry.ComparisonOperator] ?? "unindexable",
    values: entry.AttributeValueList ?? [],
  }));
  return keyConditionFromTerms(terms, schema);
}

/** The update of an AttributeUpdates map; `legacy` selects AttributeUpdates' runtime rules. */
export function updateFromAttributeUpdates(updates: Record<string, AttributeValueUpdate>): Update {
  const actions: UpdateAction[] = Object.entries(updates).map(([name, entry]) => {
    const path: DocumentPath = [name];
    const action = entry.Action ?? "PUT";
    const value = entry.Value;
    if (value === undefined) {
      if (action !== "DELETE") invalidParameter("Only DELETE action is allowed when no attribute value is specified");
      return { kind: "remove", path };
    }
    const type = typeOf(value);
    if (action === "PUT") return { kind: "set", path, value: { kind: "value", value } };
    if (action === "DELETE") {
      if (!["SS", "NS", "BS"].includes(type)) {
        invalidParameter(`DELETE action with value is not supported for the type ${TYPE_WORDS[type]}`);
      }
      return { kind: "delete", path, value };
    }
    if (!["N", "SS", "NS", "BS", "L"].includes(type)) {
      invalidParameter(`ADD action is not supported for the type ${TYPE_WORDS[type]}`);
    }
    return { kind: "add", path, value };
  });
  return { actions, legacy: true };
}

/** The projection paths of AttributesToGet. */
export function projectionFromAttributesToGet(names: string[]): DocumentPath[] {
  if (names.length === 0) fail("AttributesToGet cannot be empty");
  if (new Set(names).size !== names.length) fail("Cannot have two attributes with the same name");
  return names.map((name) => [name]);
}
