/**
 * Evaluates a checked `Condition` against an item (or against no item, where every path is
 * missing). Evaluation never throws: DynamoDB answers false, not an error, for missing
 * attributes and mismatched types. The rules:
 * - `=` needs both sides present and equal; `<>` is its negation (so a missing side is "<>");
 * - `<`, `<=`, `>`, `>=` and BETWEEN need N, S or B values of one type;
 * - begins_with works on S and B; contains on S (substring), B (byte subsequence), sets
 *   (membership) and lists (an equal element);
 * - size() is the length of S (UTF-16 units, like Java) or B (bytes), or the element count of a
 *   set, list or map; of anything else it has no value.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { base64ByteLength, decodeBase64 } from "../api/base64";
import type { Comparator, Condition, ConditionKind, Operand, OperandKind } from "./ast";
import { compareScalars, setElementEquals, valuesEqual } from "./compare";
import { getPath } from "./paths";

type Value = AttributeValue | undefined;

const OPERANDS: { [K in OperandKind]: (operand: Extract<Operand, { kind: K }>, item: Item | undefined) => Value } = {
  path: (operand, item) => getPath(item, operand.path),
  value: (operand) => operand.value,
  size: (operand, item) => sizeOf(evaluateOperand(operand.operand, item)),
};

export function evaluateOperand(operand: Operand, item: Item | undefined): Value {
  return (OPERANDS[operand.kind] as (operand: Operand, item: Item | undefined) => Value)(operand, item);
}

function sizeOf(value: Value): Value {
  if (value === undefined) return undefined;
  if ("S" in value) return { N: String(value.S.length) };
  if ("B" in value) return { N: String(base64ByteLength(value.B)) };
  if ("SS" in value) return { N: String(value.SS.length) };
  if ("NS" in value) return { N: String(value.NS.length) };
  if ("BS" in value) return { N: String(value.BS.length) };
  if ("L" in value) return { N: String(value.L.length) };
  if ("M" in value) return { N: String(Object.keys(value.M).length) };
  return undefined;
}

function equal(a: Value, b: Value): boolean {
  return a !== undefined && b !== undefined && valuesEqual(a, b);
}

function order(a: Value, b: Value): number | undefined {
  return a === undefined || b === undefined ? undefined : compareScalars(a, b);
}

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function contains(container: Value, element: Value): boolean {
  if (container === undefined || element === undefined) return false;
  if ("S" in container) return "S" in element && container.S.includes(element.S);
  if ("B" in container) return "B" in element && includesBytes(decodeBase64(container.B), decodeBase64(element.B));
  if ("SS" in container) return "S" in element && container.SS.some((x) => setElementEquals("SS", x, element.S));
  if ("NS" in container) return "N" in element && container.NS.some((x) => setElementEquals("NS", x, element.N));
  if ("BS" in container) return "B" in element && container.BS.some((x) => setElementEquals("BS", x, element.B));
  if ("L" in container) return container.L.some((x) => valuesEqual(x, element));
  return false;
}

function beginsWith(value: Value, prefix: Value): boolean {
  if (value === undefined || prefix === undefined) return false;
  if ("S" in value) return "S" in prefix && value.S.startsWith(prefix.S);
  if ("B" in value && "B" in prefix) {
    const bytes = decodeBase64(value.B);
    const start = decodeBase64(prefix.B);
    return start.length <= bytes.length && start.every((byte, i) => bytes[i] === byte);
  }
  return false;
}

const ordered = (test: (order: number) => boolean) => (a: Value, b: Value) => {
  const result = order(a, b);
  return result !== undefined && test(result);
};

const COMPARATORS: Record<Comparator, (a: Value, b: Value) => boolean> = {
  "=": (a, b) => equal(a, b),
  "<>": (a, b) => !equal(a, b),
  "<": ordered((n) => n < 0),
  "<=": ordered((n) => n <= 0),
  ">": ordered((n) => n > 0),
  ">=": ordered((n) => n >= 0),
};

type Evaluators = { [K in ConditionKind]: (node: Extract<Condition, { kind: K }>, item: Item | undefined) => boolean };

const CONDITIONS: Evaluators = {
  compare: (node, item) => COMPARATORS[node.op](evaluateOperand(node.left, item), evaluateOperand(node.right, item)),
  between: (node, item) => {
    const value = evaluateOperand(node.operand, item);
    const low = order(value, evaluateOperand(node.low, item));
    const high = order(value, evaluateOperand(node.high, item));
    return low !== undefined && high !== undefined && low >= 0 && high <= 0;
  },
  in: (node, item) => {
    const value = evaluateOperand(node.operand, item);
    return node.list.some((candidate) => equal(value, evaluateOperand(candidate, item)));
  },
  and: (node, item) => evaluateCondition(node.left, item) && evaluateCondition(node.right, item),
  or: (node, item) => evaluateCondition(node.left, item) || evaluateCondition(node.right, item),
  not: (node, item) => !evaluateCondition(node.operand, item),
  attribute_exists: (node, item) => getPath(item, node.path) !== undefined,
  attribute_not_exists: (node, item) => getPath(item, node.path) === undefined,
  attribute_type: (node, item) => {
    const value = evaluateOperand(node.operand, item);
    const type = evaluateOperand(node.type, item);
    return value !== undefined && type !== undefined && "S" in type && typeOf(value) === type.S;
  },
  begins_with: (node, item) => beginsWith(evaluateOperand(node.operand, item), evaluateOperand(node.prefix, item)),
  contains: (node, item) => contains(evaluateOperand(node.operand, item), evaluateOperand(node.element, item)),
};

/** True if `item` (undefined: no item) satisfies `condition`. */
export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  return (CONDITIONS[condition.kind] as (node: Condition, item: Item | undefined) => boolean)(condition, item);
}
