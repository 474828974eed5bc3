/**
 * The grammar of UpdateExpression and ProjectionExpression, producing raw trees.
 *
 *   update     := section+
 *   section    := "SET" set ("," set)* | "REMOVE" path ("," path)*
 *               | "ADD" path ":value" ("," path ":value")* | "DELETE" path ":value" (…)*
 *   set        := path "=" value
 *   value      := operand | operand ("+" | "-") operand | "(" value ")"
 *   projection := path ("," path)*
 * Sections may repeat syntactically; the check pass reports a repeated section.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
 */
import type { RawOperand, RawPath } from "./parser";
import { furthest, Parser, SyntaxFailure } from "./parser";

export type SectionName = "SET" | "REMOVE" | "ADD" | "DELETE";

export type RawAction =
  | { kind: "set"; path: RawPath; value: RawOperand }
  | { kind: "remove"; path: RawPath }
  | { kind: "add" | "delete"; path: RawPath; value: { kind: "value"; name: string } };

export interface RawSection {
  name: SectionName;
  actions: RawAction[];
}

const SECTIONS: ReadonlySet<string> = new Set(["SET", "REMOVE", "ADD", "DELETE"]);

/** Parses update syntax; throws DynamoDB's syntax error. The expression must not be empty. */
export function parseUpdateSyntax(text: string): { sections: RawSection[]; parser: Parser } {
  const parser = new Parser("UpdateExpression", text);
  const sections = parser.run(() => {
    const list: RawSection[] = [parseSection(parser)];
    while (parser.peek().type !== "eof") list.push(parseSection(parser));
    return list;
  });
  return { sections, parser };
}

/** Parses projection syntax; throws DynamoDB's syntax error. The expression must not be empty. */
export function parseProjectionSyntax(text: string): { paths: RawPath[]; parser: Parser } {
  const parser = new Parser("ProjectionExpression", text);
  const paths = parser.run(() => {
    const list = [parser.parsePath()];
    while (parser.is(",")) {
      parser.next();
      list.push(parser.parsePath());
    }
    parser.expectEnd();
    return list;
  });
  return { paths, parser };
}

function parseSection(p: Parser): RawSection {
  const token = p.peek();
  const name = token.text.toUpperCase();
  if (token.type !== "keyword" || !SECTIONS.has(name)) p.fail();
  p.next();
  const section = name as SectionName;
  const actions = [parseAction(p, section)];
  while (p.is(",")) {
    p.next();
    actions.push(parseAction(p, section));
  }
  return { name: section, actions };
}

function parseAction(p: Parser, section: SectionName): RawAction {
  const path = p.parsePath();
  if (section === "REMOVE") return { kind: "remove", path };
  if (section === "SET") {
    p.expect("=");
    return { kind: "set", path, value: parseSetValue(p) };
  }
  const token = p.peek();
  if (token.type !== "value") p.fail();
  p.next();
  return { kind: section === "ADD" ? "add" : "delete", path, value: { kind: "value", name: token.text } };
}

function parseSetValue(p: Parser): RawOperand {
  if (!p.is("(")) return parseArithmetic(p);
  const arithmetic = p.attempt(() => parseArithmetic(p));
  if (!(arithmetic instanceof SyntaxFailure)) return arithmetic;
  const grouped = p.attempt(() => {
    p.next();
    const inner = parseSetValue(p);
    p.expect(")");
    return p.parenthesize(inner);
  });
  if (!(grouped instanceof SyntaxFailure)) return grouped;
  throw furthest(arithmetic, grouped);
}

function parseArithmetic(p: Parser): RawOperand {
  const left = p.parseOperand();
  if (!p.is("+") && !p.is("-")) return left;
  const op = p.next().text as "+" | "-";
  return { kind: "arithmetic", op, left, right: p.parseOperand() };
}
