/**
 * Projection of an item on document paths, as GetItem/Query/Scan return it for a
 * ProjectionExpression (or AttributesToGet, whose names are one-element paths), and as
 * UpdateItem returns UPDATED_OLD / UPDATED_NEW.
 *
 * Contracts: the result keeps only what the paths reach, nested in the same maps and lists;
 * list elements keep their order and are compacted (a[3], a[1] of [w, x, y, z] is [x, z]); a
 * path that does not resolve contributes nothing, and a container left empty by that is
 * omitted. The input item is not modified; projected leaves are shared with it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { setName } from "../api/names";
import type { DocumentPath, PathElement } from "./ast";

/** A node of the tree of requested paths: `whole` takes everything below it. */
interface Selection {
  whole: boolean;
  children: Map<PathElement, Selection>;
}

function selectionOf(paths: readonly DocumentPath[]): Selection {
  const root: Selection = { whole: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) {
        next = { whole: false, children: new Map() };
        node.children.set(element, next);
      }
      node = next;
    }
    node.whole = true;
  }
  return root;
}

function projectValue(value: AttributeValue, selection: Selection): AttributeValue | undefined {
  if (selection.whole) return value;
  if ("M" in value) {
    const map: Record<string, AttributeValue> = {};
    for (const [key, child] of selection.children) {
      if (typeof key !== "string" || !Object.hasOwn(value.M, key)) continue;
      const projected = projectValue(value.M[key], child);
      if (projected !== undefined) setName(map, key, projected);
    }
    return Object.keys(map).length > 0 ? { M: map } : undefined;
  }
  if ("L" in value) {
    const indexes = [...selection.children.keys()].filter((key): key is number => typeof key === "number");
    const list: AttributeValue[] = [];
    for (const index of indexes.sort((a, b) => a - b)) {
      if (index >= value.L.length) continue;
      const projected = projectValue(value.L[index], selection.children.get(index) as Selection);
      if (projected !== undefined) list.push(projected);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}

/** The sub-document of `item` that `paths` select. */
export function project(item: Item, paths: readonly DocumentPath[]): Item {
  const result: Item = {};
  for (const [name, selection] of selectionOf(paths).children) {
    if (typeof name !== "string" || !Object.hasOwn(item, name)) continue;
    const projected = projectValue(item[name], selection);
    if (projected !== undefined) setName(result, name, projected);
  }
  return result;
}
