/**
 * Document paths on items: reading a path, and copy-on-write modification of the value at a
 * path. Items are never mutated: containers along the path are copied, the rest is shared.
 *
 * Contracts for `modifyPath`:
 * - every container before the last element must exist and be a map (for a key) or a list (for
 *   an index), else it throws DynamoDB's "document path ... is invalid for update";
 * - a list index past the end reads as missing; writing there appends to the list;
 * - returning undefined from `change` removes the element (a list closes the gap); removing
 *   something missing is a no-op.
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import { setName } from "../api/names";
import type { DocumentPath, PathElement } from "./ast";
import { MESSAGES } from "./messages";

/** The value at `path`, or undefined if any step is missing or of the wrong type. */
export function getPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item || !Object.hasOwn(item, path[0] as string)) return undefined;
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && current !== undefined; i++) current = child(current, path[i]);
  return current;
}

function child(container: AttributeValue, element: PathElement): AttributeValue | undefined {
  if (typeof element === "number") return "L" in container ? container.L[element] : undefined;
  return "M" in container && Object.hasOwn(container.M, element) ? container.M[element] : undefined;
}

export type Change = (current: AttributeValue | undefined) => AttributeValue | undefined;

/**
 * Throws DynamoDB's "document path ... is invalid for update" unless every container on `path`
 * before its last element exists in `item` and is a map (for a key) or a list (for an index).
 */
export function checkUpdatablePath(item: Item, path: DocumentPath): void {
  if (path.length === 1) return;
  let current = getPath(item, path.slice(0, 1));
  for (let i = 1; i < path.length; i++) {
    const element = path[i];
    const container =
      typeof element === "number" ? current !== undefined && "L" in current : current !== undefined && "M" in current;
    if (!container) invalidForUpdate();
    if (i < path.length - 1) current = child(current as AttributeValue, element);
  }
}

/** A copy of `item` with the value at `path` replaced by `change(current)` (see module contracts). */
export function modifyPath(item: Item, path: DocumentPath, change: Change): Item {
  const name = path[0] as string;
  const current = Object.hasOwn(item, name) ? item[name] : undefined;
  const next = path.length === 1 ? change(current) : modifyInside(current, path, 1, change);
  const copy = { ...item };
  if (next === undefined) delete copy[name];
  else setName(copy, name, next);
  return copy;
}

function invalidForUpdate(): never {
  throw new ValidationException(MESSAGES.pathInvalidForUpdate);
}

/** The new value of `container` (the value at path[0..depth)) after changing path[depth..]. */
function modifyInside(
  container: AttributeValue | undefined,
  path: DocumentPath,
  depth: number,
  change: Change,
): AttributeValue {
  const element = path[depth];
  const last = depth === path.length - 1;
  if (container !== undefined && typeof element === "number" && "L" in container) {
    const list = container.L;
    const current = element < list.length ? list[element] : undefined;
    const next = last ? change(current) : modifyInside(current, path, depth + 1, change);
    const copy = [...list];
    if (next === undefined) {
      if (element < list.length) copy.splice(element, 1);
    } else if (element < list.length) {
      copy[element] = next;
    } else {
      copy.push(next);
    }
    return { L: copy };
  }
  if (container !== undefined && typeof element === "string" && "M" in container) {
    const map = container.M;
    const current = Object.hasOwn(map, element) ? map[element] : undefined;
    const next = last ? change(current) : modifyInside(current, path, depth + 1, change);
    const copy = { ...map };
    if (next === undefined) delete copy[element];
    else setName(copy, element, next);
    return { M: copy };
  }
  return invalidForUpdate();
}
