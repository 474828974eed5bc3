/**
 * Where a statement's WHERE names its item or items: the key conditions DynamoDB takes out of the
 * top-level AND of a WHERE, and what is left as a condition or filter.
 * - `itemKey`: UPDATE, DELETE, a SELECT of BatchExecuteStatement or ExecuteTransaction, EXISTS —
 *   an equality `key = value` (either way round) on every key attribute.
 * - `queryKeys`: ExecuteStatement's SELECT — an equality on the partition key (or an IN, or an OR
 *   of equalities, on it) and at most one condition on the sort key make a Query; anything else,
 *   or a filter left naming a key attribute (which Query refuses), a Scan.
 * Conditions under OR, NOT or inside functions are never key conditions.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import type { KeySchema } from "../api/key-schema";
import { keyNames } from "../api/key-schema";
import { setName } from "../api/names";
import type { Comparator, Condition, Operand, Path } from "./ast";
import { keyTypeMismatch, keyValueType, multipleKeyConditions, refuse, TRANSLATE_MESSAGES } from "./translate-messages";

/** The conditions of a top-level AND chain, in order. */
export function conjuncts(condition: Condition | undefined): Condition[] {
  if (!condition) return [];
  if (condition.kind !== "and") return [condition];
  return [...conjuncts(condition.left), ...conjuncts(condition.right)];
}

/** `conditions` joined by AND again, or nothing. */
export function joinAnd(conditions: readonly Condition[]): Condition | undefined {
  if (conditions.length === 0) return undefined;
  return conditions.reduce((left, right) => ({ kind: "and", left, right }));
}

const valueKey = (value: AttributeValue) => JSON.stringify(value);
const sameValue = (a: AttributeValue, b: AttributeValue) => valueKey(a) === valueKey(b);

/** The attribute a one-name path names, if `operand` is one. */
function attributeOf(operand: Operand): string | undefined {
  return operand.kind === "path" && operand.steps.length === 1 && typeof operand.steps[0] === "string"
    ? operand.steps[0]
    : undefined;
}

const literalOf = (operand: Operand) => (operand.kind === "literal" ? operand.value : undefined);

/** `value op name` read as `name op' value`. */
const FLIPPED: Record<Comparator, Comparator> = { "=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** A condition on one attribute against values: `a = 1`, `a BETWEEN 1 AND 2`, `begins_with(a, 'x')`, `a IN [1, 2]`. */
export interface AttributeTest {
  name: string;
  op: Comparator | "BETWEEN" | "begins_with" | "IN";
  values: AttributeValue[];
}

/** `condition` as a test of one attribute against literal values, if it is one. */
export function attributeTest(condition: Condition): AttributeTest | undefined {
  switch (condition.kind) {
    case "compare": {
      const [left, right] = [condition.left, condition.right];
      const name = attributeOf(left) ?? attributeOf(right);
      const value = attributeOf(left) ? literalOf(right) : literalOf(left);
      if (name === undefined || value === undefined) return undefined;
      return { name, op: attributeOf(left) ? condition.op : FLIPPED[condition.op], values: [value] };
    }
    case "between": {
      const name = attributeOf(condition.operand);
      const [low, high] = [literalOf(condition.low), literalOf(condition.high)];
      if (condition.negated || !name || !low || !high) return undefined;
      return { name, op: "BETWEEN", values: [low, high] };
    }
    case "call": {
      if (condition.name !== "begins_with" || condition.args.length !== 2) return undefined;
      const name = attributeOf(condition.args[0]);
      const prefix = literalOf(condition.args[1]);
      return name && prefix ? { name, op: "begins_with", values: [prefix] } : undefined;
    }
    case "in": {
      const name = attributeOf(condition.operand);
      const values = condition.list.map(literalOf);
      if (condition.negated || !name || values.some((v) => v === undefined)) return undefined;
      return { name, op: "IN", values: values as AttributeValue[] };
    }
    case "or": {
      // `pk = 1 OR pk = 2 OR …`: an IN written out.
      const left = equalities(condition.left);
      const right = equalities(condition.right);
      if (!left || !right || left.name !== right.name) return undefined;
      return { name: left.name, op: "IN", values: [...left.values, ...right.values] };
    }
    default:
      return undefined;
  }
}

/** The equalities of one attribute that `condition` (an equality, or an OR of them) holds. */
function equalities(condition: Condition): AttributeTest | undefined {
  const test = attributeTest(condition);
  return test && (test.op === "=" || (test.op === "IN" && condition.kind === "or")) ? test : undefined;
}

/** Refuses a key value that is not of the key attribute's type in the schema. */
export function checkKeyType(name: string, value: AttributeValue, schema: KeySchema): void {
  const attribute = schema.hash.name === name ? schema.hash : schema.range;
  if (attribute && typeOf(value) !== attribute.type) throw refuse(keyTypeMismatch(name));
}

/** How `itemKey` reads a WHERE: a write's (DML) or an EXISTS's (check). */
export type ItemKeyMode = "write" | "check";

/**
 * The item a WHERE names by equalities on every key attribute, and the rest of it. A write
 * refuses a second, different equality on one key attribute and a missing one in DynamoDB's words,
 * then a key value that is not S, N or B; an EXISTS keeps a second equality as a condition and
 * returns `undefined` when a key attribute has none. Key values are not checked against the schema.
 */
export function itemKey(
  where: Condition | undefined,
  schema: KeySchema,
  mode: ItemKeyMode,
): { key: Item; rest?: Condition } | undefined {
  const names = keyNames(schema);
  const key = new Map<string, AttributeValue>();
  const rest: Condition[] = [];
  for (const condition of conjuncts(where)) {
    const test = attributeTest(condition);
    if (test?.op !== "=" || !names.includes(test.name)) {
      rest.push(condition);
      continue;
    }
    const earlier = key.get(test.name);
    if (earlier === undefined) key.set(test.name, test.values[0]);
    else if (mode === "check") rest.push(condition);
    else if (!sameValue(earlier, test.values[0])) throw refuse(multipleKeyConditions(test.name));
  }
  if (names.some((name) => !key.has(name))) {
    if (mode === "check") return undefined;
    throw refuse(TRANSLATE_MESSAGES.keyEquality);
  }
  const item: Item = {};
  for (const name of names) {
    const value = key.get(name) as AttributeValue;
    const type = typeOf(value);
    if (mode === "write" && type !== "S" && type !== "N" && type !== "B") throw refuse(keyValueType(name, type));
    setName(item, name, value);
  }
  const remaining = joinAnd(rest);
  return remaining ? { key: item, rest: remaining } : { key: item };
}

/** A Query's key condition: the partition key's values (one, or several for an IN), and the sort key's condition. */
export interface QueryKeys {
  hash: AttributeValue[];
  range?: AttributeTest;
  filter?: Condition;
}

const RANGE_OPERATORS = new Set(["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"]);

/** Whether `condition` reads any of `names` (at the top of a path). */
export function readsAttributes(condition: Condition, names: readonly string[]): boolean {
  const operand = (o: Operand): boolean => {
    switch (o.kind) {
      case "path":
        return names.includes(o.steps[0] as string);
      case "call":
        return o.args.some(operand);
      case "arithmetic":
        return operand(o.left) || operand(o.right);
      default:
        return false;
    }
  };
  switch (condition.kind) {
    case "compare":
      return operand(condition.left) || operand(condition.right);
    case "between":
      return [condition.operand, condition.low, condition.high].some(operand);
    case "in":
      return [condition.operand, ...condition.list].some(operand);
    case "is":
      return operand(condition.operand);
    case "and":
    case "or":
      return readsAttributes(condition.left, names) || readsAttributes(condition.right, names);
    case "not":
      return readsAttributes(condition.operand, names);
    case "call":
      return condition.args.some(operand);
  }
}

/**
 * The key condition of a SELECT on a table or index keyed by `schema`, or `undefined` for a Scan.
 * Key values of the wrong type are refused in DynamoDB's words.
 */
export function queryKeys(where: Condition | undefined, schema: KeySchema): QueryKeys | undefined {
  let equal: AttributeValue | undefined;
  let among: AttributeValue[] | undefined;
  let range: AttributeTest | undefined;
  const rest: Condition[] = [];
  for (const condition of conjuncts(where)) {
    const test = attributeTest(condition);
    if (test && test.name === schema.hash.name) {
      if (test.op === "=") {
        if (equal !== undefined && !sameValue(equal, test.values[0])) return undefined;
        equal = test.values[0];
      } else if (test.op === "IN" && among === undefined) {
        among = test.values;
      } else {
        return undefined;
      }
    } else if (test && test.name === schema.range?.name) {
      if (!RANGE_OPERATORS.has(test.op)) return undefined;
      if (range && JSON.stringify(range) !== JSON.stringify(test)) return undefined;
      range = test;
    } else {
      rest.push(condition);
    }
  }
  if (equal !== undefined && among !== undefined) return undefined;
  const filter = joinAnd(rest);
  if (filter && readsAttributes(filter, keyNames(schema))) return undefined;
  const hash = equal !== undefined ? [equal] : among;
  if (!hash) return undefined;
  for (const value of hash) checkKeyType(schema.hash.name, value, schema);
  for (const value of range?.values ?? []) checkKeyType(range?.name as string, value, schema);
  const distinct = [...new Map(hash.map((value) => [valueKey(value), value])).values()];
  return { hash: distinct, ...(range ? { range } : {}), ...(filter ? { filter } : {}) };
}

/**
 * Whether a WHERE always holds a condition on the partition key `hash` against a value (ORDER BY
 * needs one): a comparison, BETWEEN, IN, IS NULL or a type test, or a function reading it with a
 * value; both sides of an OR, either side of an AND.
 */
export function hasHashCondition(condition: Condition, hash: string): boolean {
  const reads = (o: Operand) => o.kind === "path" && o.steps[0] === hash;
  const literal = (o: Operand) => o.kind === "literal";
  switch (condition.kind) {
    case "and":
      return hasHashCondition(condition.left, hash) || hasHashCondition(condition.right, hash);
    case "or":
      return hasHashCondition(condition.left, hash) && hasHashCondition(condition.right, hash);
    case "not":
      return hasHashCondition(condition.operand, hash);
    case "compare":
      return (reads(condition.left) && literal(condition.right)) || (reads(condition.right) && literal(condition.left));
    case "between":
      return reads(condition.operand);
    case "in":
      return reads(condition.operand) && condition.list.some(literal);
    case "is":
      return condition.test !== "MISSING" && reads(condition.operand);
    case "call":
      return condition.args.some(reads) && condition.args.some(literal);
  }
}

/** Whether `path` is the one-name path of `name`. */
export const namesAttribute = (path: Path, name: string) => path.steps.length === 1 && path.steps[0] === name;
