/**
 * The checked expression trees every consumer works on: placeholders are substituted, functions
 * are known and well-typed where DynamoDB checks types statically. Legacy parameters (Expected,
 * AttributeUpdates, ...) are converted onto these same trees. Nodes are `kind`-tagged unions, so
 * evaluators can be typed `Record<Kind, ...>` and no node kind is forgotten.
 */
import type { AttributeValue } from "../api/attribute-value";

/** A map key (string) or a list index (number). */
export type PathElement = string | number;

/** A document path such as `a.b[2].c`, as ["a", "b", 2, "c"]; the first element is always a string. */
export type DocumentPath = readonly PathElement[];

/** A value-producing operand of a condition. */
export type Operand =
  | { kind: "path"; path: DocumentPath }
  | { kind: "value"; value: AttributeValue }
  | { kind: "size"; operand: Operand };

export type OperandKind = Operand["kind"];

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

/** A ConditionExpression, FilterExpression or KeyConditionExpression. */
export type Condition =
  | { kind: "compare"; op: Comparator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "and"; left: Condition; right: Condition }
  | { kind: "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "attribute_exists"; path: DocumentPath }
  | { kind: "attribute_not_exists"; path: DocumentPath }
  | { kind: "attribute_type"; operand: Operand; type: Operand }
  | { kind: "begins_with"; operand: Operand; prefix: Operand }
  | { kind: "contains"; operand: Operand; element: Operand };

export type ConditionKind = Condition["kind"];

/** The right-hand side of a SET action. */
export type UpdateValue =
  | { kind: "path"; path: DocumentPath }
  | { kind: "value"; value: AttributeValue }
  | { kind: "if_not_exists"; path: DocumentPath; fallback: UpdateValue }
  | { kind: "list_append"; left: UpdateValue; right: UpdateValue }
  | { kind: "plus"; left: UpdateValue; right: UpdateValue }
  | { kind: "minus"; left: UpdateValue; right: UpdateValue };

export type UpdateValueKind = UpdateValue["kind"];

export type UpdateAction =
  | { kind: "set"; path: DocumentPath; value: UpdateValue }
  | { kind: "remove"; path: DocumentPath }
  | { kind: "add"; path: DocumentPath; value: AttributeValue }
  | { kind: "delete"; path: DocumentPath; value: AttributeValue };

export type UpdateActionKind = UpdateAction["kind"];

/**
 * An UpdateExpression (or converted AttributeUpdates). `legacy` selects AttributeUpdates'
 * runtime rules: ADD of a list appends to it, and type clashes report "Type mismatch for
 * attribute to update" instead of the expression messages.
 */
export interface Update {
  actions: UpdateAction[];
  legacy: boolean;
}

/** The operators a KeyConditionExpression allows on the sort key. */
export type RangeOperator = "=" | "<" | "<=" | ">" | ">=" | "BETWEEN" | "begins_with";

/** A Query's key condition, checked against the table's (or index's) key schema. */
export interface KeyCondition {
  hash: { name: string; value: AttributeValue };
  /** `values` has two elements for BETWEEN (low, high) and one otherwise. */
  range?: { name: string; op: RangeOperator; values: AttributeValue[] };
}
