/**
 * Where a PartiQL tree node came from in the statement, as DynamoDB reports it: "at
 * <line>:<column>:<length>" after a message, counted in code points from 1, pointing at the node's
 * token (a literal, a name, a function's name, an operator, `[`, `{`, `<<`, `?`, a keyword). The
 * parser records a span for every node it builds; the translator reads it with `spanOf` to word
 * its own errors the same way. Like DynamoDB, a path of more than one step has no position (its
 * nodes are "Path"s, which DynamoDB's tree keeps without one); a one-name path has its name's.
 */
import type { Token } from "./tokenize";

export interface Span {
  line: number;
  column: number;
  /** Code points of the token. */
  length: number;
}

const spans = new WeakMap<object, Span>();

/** Records `token`'s position for `node` (a no-op without a token), and returns the node. */
export function located<T extends object>(node: T, token: Token | Span | undefined): T {
  if (token) spans.set(node, { line: token.line, column: token.column, length: token.length });
  return node;
}

/** The position recorded for a node of a parsed statement, if DynamoDB would report one. */
export function spanOf(node: object): Span | undefined {
  return spans.get(node);
}

/** `message` with DynamoDB's position suffix " at line:column:length", when there is a position. */
export function withPosition(message: string, span: Span | undefined): string {
  return span ? `${message} at ${span.line}:${span.column}:${span.length}` : message;
}
