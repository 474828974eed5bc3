/**
 * Applies a checked `Update` to an item, returning a new item (the input is never mutated) and
 * the paths the update named, for ReturnValues UPDATED_OLD / UPDATED_NEW (project the old or the
 * new item on them with `project`).
 *
 * Semantics, as DynamoDB's:
 * - before anything changes, each action is checked (in `checkingOrder`): its target path must
 *   lead through existing maps and lists ("document path ... invalid for update"), a SET
 *   operand must evaluate, an ADD/DELETE operand must suit the stored value;
 * - every operand is read from the item as it was before the update (so `SET a = b, b = a`
 *   swaps); a missing operand path is an error, except as the first argument of if_not_exists;
 * - SET, ADD and DELETE apply first, in text order, except that writes past the end of a list
 *   append in index order; REMOVEs apply last, so list indexes refer to the original list;
 * - ADD creates a missing attribute; DELETE of the last set elements removes the attribute;
 * - key attributes are never touched here; see `checkUpdateAvoidsKeys`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import type { KeySchema } from "../api/key-schema";
import { keyNames } from "../api/key-schema";
import { addNumbers, NUMBER_MESSAGES, subtractNumbers } from "../api/numbers";
import type { DocumentPath, Update, UpdateAction, UpdateValue, UpdateValueKind } from "./ast";
import { setElementEquals } from "./compare";
import { javaHashOrder } from "./java-hash-order";
import { keyAttributeUpdate, MESSAGES } from "./messages";
import { checkUpdatablePath, getPath, modifyPath } from "./paths";

export interface UpdateResult {
  item: Item;
  /** The path of every action, in text order. */
  updatedPaths: DocumentPath[];
}

/** Throws DynamoDB's error if any action of `update` touches a key attribute. */
export function checkUpdateAvoidsKeys(update: Update, schema: KeySchema): void {
  const keys = keyNames(schema);
  for (const action of update.actions) {
    const name = action.path[0] as string;
    if (keys.includes(name)) throw keyAttributeUpdate(name);
  }
}

function fail(message: string): never {
  throw new ValidationException(message);
}

/** Exact arithmetic, with the precision message DynamoDB uses for update arithmetic. */
function arithmetic(operation: (a: string, b: string) => string, a: string, b: string): string {
  try {
    return operation(a, b);
  } catch (error) {
    if (error instanceof ValidationException && error.message === NUMBER_MESSAGES.precision) {
      fail("DynamoDB only supports precision up to 38 digits");
    }
    throw error;
  }
}

type Evaluator<K extends UpdateValueKind> = (node: Extract<UpdateValue, { kind: K }>, item: Item) => AttributeValue;

const numberOf = (value: AttributeValue) => ("N" in value ? value.N : fail(MESSAGES.incorrectOperandType));
const listOf = (value: AttributeValue) => ("L" in value ? value.L : fail(MESSAGES.incorrectOperandType));

const VALUES: { [K in UpdateValueKind]: Evaluator<K> } = {
  path: (node, item) => getPath(item, node.path) ?? fail(MESSAGES.missingAttribute),
  value: (node) => node.value,
  // DynamoDB evaluates the fallback even when the path exists (a missing fallback path is an error).
  if_not_exists: (node, item) => {
    const fallback = evaluateUpdateValue(node.fallback, item);
    return getPath(item, node.path) ?? fallback;
  },
  list_append: (node, item) => {
    const left = listOf(evaluateUpdateValue(node.left, item));
    return { L: [...left, ...listOf(evaluateUpdateValue(node.right, item))] };
  },
  plus: (node, item) => {
    const left = numberOf(evaluateUpdateValue(node.left, item));
    return { N: arithmetic(addNumbers, left, numberOf(evaluateUpdateValue(node.right, item))) };
  },
  minus: (node, item) => {
    const left = numberOf(evaluateUpdateValue(node.left, item));
    return { N: arithmetic(subtractNumbers, left, numberOf(evaluateUpdateValue(node.right, item))) };
  },
};

/** The value of a SET right-hand side, read from `item`. */
export function evaluateUpdateValue(value: UpdateValue, item: Item): AttributeValue {
  return (VALUES[value.kind] as Evaluator<UpdateValueKind>)(value as never, item);
}

type SetType = "SS" | "NS" | "BS";

function setType(value: AttributeValue): SetType | undefined {
  const type = typeOf(value);
  return type === "SS" || type === "NS" || type === "BS" ? type : undefined;
}

function elements(value: AttributeValue, type: SetType): string[] {
  return (value as Record<SetType, string[]>)[type];
}

function addValue(current: AttributeValue | undefined, value: AttributeValue, legacy: boolean): AttributeValue {
  const mismatch = () => fail(legacy ? MESSAGES.legacyTypeMismatch : MESSAGES.incorrectOperandType);
  if (current === undefined) return value;
  if ("N" in value) return "N" in current ? { N: arithmetic(addNumbers, current.N, value.N) } : mismatch();
  if ("L" in value) return "L" in current ? { L: [...current.L, ...value.L] } : mismatch();
  const type = setType(value);
  if (type === undefined || setType(current) !== type) return mismatch();
  const union = [...elements(current, type)];
  for (const element of elements(value, type)) {
    if (!union.some((existing) => setElementEquals(type, existing, element))) union.push(element);
  }
  return { [type]: union } as AttributeValue;
}

function deleteElements(
  current: AttributeValue | undefined,
  value: AttributeValue,
  legacy: boolean,
): AttributeValue | undefined {
  if (current === undefined) return undefined;
  const type = setType(value);
  if (type === undefined || setType(current) !== type) {
    return fail(legacy ? MESSAGES.legacyTypeMismatch : MESSAGES.incorrectOperandType);
  }
  const removed = elements(value, type);
  const kept = elements(current, type).filter((e) => !removed.some((r) => setElementEquals(type, e, r)));
  return kept.length === 0 ? undefined : ({ [type]: kept } as AttributeValue);
}

/** Throws if an ADD or DELETE operand does not suit the value stored at its path. */
function checkOperandTypes(
  item: Item,
  action: { kind: "add" | "delete"; path: DocumentPath; value: AttributeValue },
  legacy: boolean,
): void {
  const current = getPath(item, action.path);
  if (current === undefined) return;
  if (action.kind === "add") addValue(current, action.value, legacy);
  else deleteElements(current, action.value, legacy);
}

/** Index of a write past the end of a list, for ordering appends; -1 for any other write. */
function appendIndex(item: Item, path: DocumentPath): number {
  const last = path[path.length - 1];
  if (typeof last !== "number") return -1;
  const list = getPath(item, path.slice(0, -1));
  return list !== undefined && "L" in list && last >= list.L.length ? last : -1;
}

/** Orders REMOVE paths so that, within one list, higher indexes go first. */
function compareForRemoval(a: DocumentPath, b: DocumentPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === "number" && typeof b[i] === "number") return (b[i] as number) - (a[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return b.length - a.length;
}

/**
 * The order in which DynamoDB checks actions against the item: grouped by top-level attribute,
 * groups in reverse Java HashMap order, actions of a group from last to first. It decides which
 * error is reported when several actions fail.
 */
function checkingOrder(actions: UpdateAction[]): UpdateAction[] {
  const groups = new Map<string, UpdateAction[]>();
  for (const action of actions) {
    const name = action.path[0] as string;
    groups.set(name, [...(groups.get(name) ?? []), action]);
  }
  return javaHashOrder([...groups.keys()], "put")
    .reverse()
    .flatMap((name) => [...(groups.get(name) as UpdateAction[])].reverse());
}

/**
 * Whether `update` creates a missing item. It does unless every action removes or deletes
 * (REMOVE, DELETE, or AttributeUpdates' DELETE): those have nothing to act on, so DynamoDB
 * writes nothing. An update with no action at all still creates the key-only item.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html
 */
export function createsMissingItem(update: Update): boolean {
  return update.actions.length === 0 || update.actions.some((a) => a.kind !== "remove" && a.kind !== "delete");
}

/** Applies `update` to `item` (pass the key alone for an item that does not exist yet). */
export function applyUpdate(item: Item, update: Update): UpdateResult {
  const values = new Map<UpdateAction, AttributeValue>();
  for (const action of checkingOrder(update.actions)) {
    checkUpdatablePath(item, action.path);
    if (action.kind === "set") values.set(action, evaluateUpdateValue(action.value, item));
    else if (action.kind !== "remove") checkOperandTypes(item, action, update.legacy);
  }
  const writes = update.actions
    .filter((action) => action.kind !== "remove")
    .map((action) => ({ action, append: appendIndex(item, action.path) }));
  const ordered = [
    ...writes.filter((w) => w.append < 0),
    ...writes.filter((w) => w.append >= 0).sort((a, b) => a.append - b.append),
  ];
  let next = item;
  for (const { action } of ordered) {
    if (action.kind === "set") next = modifyPath(next, action.path, () => values.get(action));
    else if (action.kind === "add") {
      next = modifyPath(next, action.path, (current) => addValue(current, action.value, update.legacy));
    } else if (action.kind === "delete") {
      next = modifyPath(next, action.path, (current) => deleteElements(current, action.value, update.legacy));
    }
  }
  const removals = update.actions.filter((action) => action.kind === "remove").map((action) => action.path);
  for (const path of removals.sort(compareForRemoval)) next = modifyPath(next, path, () => undefined);
  return { item: next, updatedPaths: update.actions.map((action) => action.path) };
}
