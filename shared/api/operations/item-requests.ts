/**
 * What the single-item operations (GetItem, PutItem, UpdateItem, DeleteItem) share in their
 * validation: the values inside legacy Expected conditions, and the rule that no expression
 * reaches inside a key attribute (keys are scalars).
 */
import type { Condition, ConditionKind, DocumentPath, Operand, Update, UpdateValue } from "../../expressions/ast";
import { conditionFromExpected, type ExpectedAttributeValue } from "../../expressions/legacy";
import type { RequestExpressions } from "../../expressions/request";
import { ValidationException } from "../errors";
import type { KeySchema } from "../key-schema";
import { keyNames } from "../key-schema";
import { setName } from "../names";
import { checkName, normalizeValue } from "../validate-values";

/**
 * Validates an Expected map entry by entry, in request order, as DynamoDB does: the entry's
 * attribute values (Value and AttributeValueList, normalized), its operator and operands, then
 * its attribute name. Returns a new map; throws DynamoDB's message for the first problem.
 * (Null entries are refused earlier, by the request constraints.)
 */
export function normalizeExpected(
  expected: Record<string, ExpectedAttributeValue> | undefined,
): Record<string, ExpectedAttributeValue> | undefined {
  if (!expected) return expected;
  const out: Record<string, ExpectedAttributeValue> = {};
  for (const [name, entry] of Object.entries(expected)) {
    const copy: ExpectedAttributeValue = { ...entry };
    if (entry.Value !== undefined) copy.Value = normalizeValue(entry.Value);
    if (entry.AttributeValueList !== undefined) copy.AttributeValueList = entry.AttributeValueList.map(normalizeValue);
    conditionFromExpected({ [name]: copy });
    checkName(name);
    setName(out, name, copy);
  }
  return out;
}

type Paths = DocumentPath[];

function operandPaths(operand: Operand, into: Paths): void {
  if (operand.kind === "path") into.push(operand.path);
  else if (operand.kind === "size") operandPaths(operand.operand, into);
}

/** The direct parts of a condition node: operands, sub-conditions and named paths. */
interface Parts {
  operands?: Operand[];
  conditions?: Condition[];
  paths?: DocumentPath[];
}

const CONDITION_PARTS: { [K in ConditionKind]: (node: Extract<Condition, { kind: K }>) => Parts } = {
  compare: (node) => ({ operands: [node.left, node.right] }),
  between: (node) => ({ operands: [node.operand, node.low, node.high] }),
  in: (node) => ({ operands: [node.operand, ...node.list] }),
  and: (node) => ({ conditions: [node.left, node.right] }),
  or: (node) => ({ conditions: [node.left, node.right] }),
  not: (node) => ({ conditions: [node.operand] }),
  attribute_exists: (node) => ({ paths: [node.path] }),
  attribute_not_exists: (node) => ({ paths: [node.path] }),
  attribute_type: (node) => ({ operands: [node.operand, node.type] }),
  begins_with: (node) => ({ operands: [node.operand, node.prefix] }),
  contains: (node) => ({ operands: [node.operand, node.element] }),
};

function collectConditionPaths(condition: Condition, into: Paths): void {
  const parts = (CONDITION_PARTS[condition.kind] as (node: Condition) => Parts)(condition);
  for (const path of parts.paths ?? []) into.push(path);
  for (const operand of parts.operands ?? []) operandPaths(operand, into);
  for (const child of parts.conditions ?? []) collectConditionPaths(child, into);
}

function updateValuePaths(value: UpdateValue, into: Paths): void {
  switch (value.kind) {
    case "path":
      into.push(value.path);
      return;
    case "value":
      return;
    case "if_not_exists":
      into.push(value.path);
      updateValuePaths(value.fallback, into);
      return;
    case "list_append":
    case "plus":
    case "minus":
      updateValuePaths(value.left, into);
      updateValuePaths(value.right, into);
      return;
    default: {
      const unreachable: never = value;
      throw new Error(`unknown update value ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Every document path a condition reads. */
export function conditionPaths(condition: Condition): DocumentPath[] {
  const paths: Paths = [];
  collectConditionPaths(condition, paths);
  return paths;
}

/** Every document path an update writes or reads, targets first. */
export function updatePaths(update: Update): DocumentPath[] {
  const paths: Paths = update.actions.map((action) => action.path);
  for (const action of update.actions) if (action.kind === "set") updateValuePaths(action.value, paths);
  return paths;
}

/**
 * Throws DynamoDB's error when a path reaches inside a key attribute (`pk.a`, `pk[0]`): key
 * attributes are scalars. `label` names the kind of key: `Key` of the table, `IndexKey` of an index.
 */
export function checkKeyPathsScalar(
  paths: readonly DocumentPath[],
  schema: KeySchema,
  label: "Key" | "IndexKey" = "Key",
): void {
  const keys = keyNames(schema);
  for (const path of paths) {
    const name = path[0] as string;
    if (path.length > 1 && keys.includes(name)) {
      throw new ValidationException(
        `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${label}: ${name}`,
      );
    }
  }
}

/**
 * `checkKeyPathsScalar` over what a request's condition and projection read. An update's paths
 * are checked by the UpdateItem handler, after `checkUpdateAvoidsKeys`, as DynamoDB orders them.
 */
export function checkReadPathsAvoidKeyInternals(expressions: RequestExpressions, schema: KeySchema): void {
  if (expressions.condition) checkKeyPathsScalar(conditionPaths(expressions.condition), schema);
  if (expressions.projection) checkKeyPathsScalar(expressions.projection, schema);
}
