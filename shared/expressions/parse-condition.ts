/**
 * The grammar of ConditionExpression, FilterExpression and KeyConditionExpression, producing the
 * raw tree. Precedence, loosest first: OR, AND, NOT, then comparisons, BETWEEN, IN, function
 * calls and parentheses.
 *
 *   condition  := or
 *   or         := and ("OR" and)*
 *   and        := not ("AND" not)*
 *   not        := "NOT" not | primary
 *   primary    := "(" condition ")" | function | operand comparator operand
 *               | operand "BETWEEN" operand "AND" operand | operand "IN" "(" operand ("," operand)* ")"
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
import type { Comparator } from "./ast";
import type { ExpressionKind } from "./messages";
import type { RawCondition, RawOperand } from "./parser";
import { COMPARATORS, furthest, Parser, SyntaxFailure } from "./parser";

export interface ParsedCondition {
  tree: RawCondition;
  parser: Parser;
}

/** Parses condition syntax; throws DynamoDB's syntax error. The expression must not be empty. */
export function parseConditionSyntax(kind: ExpressionKind, text: string): ParsedCondition {
  const parser = new Parser(kind, text);
  const tree = parser.run(() => {
    const condition = parseOr(parser);
    parser.expectEnd();
    return condition;
  });
  return { tree, parser };
}

function parseOr(p: Parser): RawCondition {
  let left = parseAnd(p);
  while (p.isKeyword("OR")) {
    p.next();
    left = { kind: "or", left, right: parseAnd(p) };
  }
  return left;
}

function parseAnd(p: Parser): RawCondition {
  let left = parseNot(p);
  while (p.isKeyword("AND")) {
    p.next();
    left = { kind: "and", left, right: parseNot(p) };
  }
  return left;
}

function parseNot(p: Parser): RawCondition {
  if (p.isKeyword("NOT")) {
    p.next();
    return { kind: "not", operand: parseNot(p) };
  }
  return parsePrimary(p);
}

/** True when the next token continues an operand into a comparison. */
function startsComparisonTail(p: Parser): boolean {
  const token = p.peek();
  return (token.type === "punct" && COMPARATORS.has(token.text)) || p.isKeyword("BETWEEN") || p.isKeyword("IN");
}

function parsePrimary(p: Parser): RawCondition {
  if (p.is("(")) {
    const grouped = p.attempt(() => {
      p.next();
      const inner = parseOr(p);
      p.expect(")");
      if (startsComparisonTail(p)) p.fail();
      return p.parenthesize(inner);
    });
    if (!(grouped instanceof SyntaxFailure)) return grouped;
    const comparison = p.attempt(() => parseComparison(p, p.parseOperand()));
    if (!(comparison instanceof SyntaxFailure)) return comparison;
    throw furthest(grouped, comparison);
  }
  if (p.peek().type === "identifier" && p.is("(", 1)) {
    const call = p.parseCall();
    return startsComparisonTail(p) ? parseComparison(p, call) : call;
  }
  return parseComparison(p, p.parseOperand());
}

function parseComparison(p: Parser, left: RawOperand): RawCondition {
  const token = p.peek();
  if (token.type === "punct" && COMPARATORS.has(token.text)) {
    p.next();
    return { kind: "compare", op: token.text as Comparator, left, right: p.parseOperand() };
  }
  if (p.isKeyword("BETWEEN")) {
    p.next();
    const low = p.parseOperand();
    if (!p.isKeyword("AND")) p.fail();
    p.next();
    return { kind: "between", operand: left, low, high: p.parseOperand() };
  }
  if (p.isKeyword("IN")) {
    p.next();
    p.expect("(");
    const list = [p.parseOperand()];
    while (p.is(",")) {
      p.next();
      list.push(p.parseOperand());
    }
    p.expect(")");
    return { kind: "in", operand: left, list };
  }
  return p.fail();
}
