/**
 * ExecuteStatement's Items as DynamoDB shapes them from the items a Query or Scan read:
 * - a SELECT of paths names each value by its path's last name and the list indexes after it
 *   (`SELECT a.b, c[1]` gives `{"b": …, "c[1]": …}`), not nested as GetItem's projection does;
 * - a Scan-shaped SELECT with ORDER BY … DESC orders its page: partitions as met (reversed for the
 *   partition key DESC), sort keys within each (reversed for the sort key DESC).
 * Both read items already projected by the ProjectionExpression, whose lists keep only the
 * elements asked for, in order (DynamoDB Local 1.25.1 does the same, observed).
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { own, setName } from "../api/names";
import type { Path, PathStep } from "./ast";
import type { PageOrder } from "./translate";

interface ProjectionNode {
  children: Map<PathStep, ProjectionNode>;
}

function projectionTree(paths: readonly Path[]): ProjectionNode {
  const root: ProjectionNode = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const step of path.steps) {
      let child = node.children.get(step);
      if (!child) {
        child = { children: new Map() };
        node.children.set(step, child);
      }
      node = child;
    }
  }
  return root;
}

/** Adds to `out` the values of `value` that `node`'s paths reach, named after `name`. */
function unnest(value: AttributeValue, node: ProjectionNode, name: string, out: Item): void {
  const add = (child: AttributeValue | undefined, childNode: ProjectionNode, childName: string) => {
    if (child === undefined) return;
    if (childNode.children.size === 0) setName(out, childName, child);
    else unnest(child, childNode, childName, out);
  };
  if ("L" in value) {
    const indexes = [...node.children.keys()].filter((step): step is number => typeof step === "number");
    indexes.sort((a, b) => a - b);
    // The projected list holds the indexes asked for, in order: the i-th of them is at i.
    for (const [i, index] of indexes.entries()) {
      add(value.L[i], node.children.get(index) as ProjectionNode, `${name}[${index}]`);
    }
  } else if ("M" in value) {
    for (const [step, child] of node.children) {
      if (typeof step === "string") add(own(value.M, step), child, step);
    }
  }
}

/** An item read with SELECT's `paths` projected, as ExecuteStatement answers it. */
export function unnestProjection(item: Item, paths: readonly Path[]): Item {
  const out: Item = {};
  unnest({ M: item }, projectionTree(paths), "", out);
  return out;
}

/** A Scan's page in ORDER BY's order (`order`). */
export function orderPage(items: readonly Item[], order: PageOrder): Item[] {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const hash = JSON.stringify(own(item, order.hash) ?? null);
    const group = groups.get(hash);
    if (group) group.push(item);
    else groups.set(hash, [item]);
  }
  const ordered = [...groups.values()];
  if (order.hashDescending) ordered.reverse();
  if (order.rangeDescending) for (const group of ordered) group.reverse();
  return ordered.flat();
}
