/**
 * Checks on document paths shared by every expression kind: reserved words and list index range
 * (on the raw path, in the structural pass), substitution and nesting depth (when resolving), and
 * the overlap/conflict rule for paths that an update or a projection names together.
 */
import { LIMITS } from "../api/limits";
import type { DocumentPath, PathElement } from "./ast";
import type { ExpressionKind } from "./messages";
import { invalid, pathsConflict, pathsOverlap, reservedKeyword } from "./messages";
import type { RawPath } from "./parser";
import type { Placeholders } from "./placeholders";
import { isReservedWord } from "./reserved-words";

const MAX_LIST_INDEX = 2 ** 31 - 1;

/** Structural checks of one raw path, element by element. */
export function checkRawPath(kind: ExpressionKind, path: RawPath): void {
  for (const element of path.elements) {
    if (element.kind === "name" && isReservedWord(element.text)) throw invalid(kind, reservedKeyword(element.text));
    if (element.kind === "index" && Number(element.text) > MAX_LIST_INDEX) {
      throw invalid(kind, `List index is not within the allowable range; index: [${element.text}]`);
    }
  }
}

/** Substitutes #names (marking them used) and enforces DynamoDB's nesting limit. */
export function resolvePath(kind: ExpressionKind, path: RawPath, placeholders: Placeholders): DocumentPath {
  const resolved: PathElement[] = path.elements.map((element) => {
    if (element.kind === "name") return element.text;
    if (element.kind === "placeholder") return placeholders.name(kind, element.text);
    return Number(element.text);
  });
  if (resolved.length > LIMITS.nestingDepth) {
    throw invalid(kind, `The document path has too many nesting levels; nesting levels: ${resolved.length}`);
  }
  return resolved;
}

export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}

/**
 * The DynamoDB message if two paths may not be named together, else undefined: they conflict
 * when, after a common prefix, one continues with a list index and the other with a map key;
 * they overlap when one is a prefix of (or equal to) the other.
 */
export function pathClash(one: DocumentPath, two: DocumentPath): string | undefined {
  const common = Math.min(one.length, two.length);
  for (let i = 0; i < common; i++) {
    if (typeof one[i] !== typeof two[i]) return pathsConflict(one, two);
    if (one[i] !== two[i]) return undefined;
  }
  return pathsOverlap(one, two);
}
