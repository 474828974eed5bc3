/**
 * The entry point of DynamoDB's PartiQL: one statement's text to its tree (ast.ts), or DynamoDB's
 * ValidationException. In order: the 8192-byte limit; the syntax (tokenize.ts, syntax.ts,
 * statements.ts), whose errors echo the statement; then the checks DynamoDB's translator makes
 * before it looks at a table, with literals turned into DynamoDB values (lower.ts). Nothing else
 * is ever thrown: nesting is bounded and the trees are walked within those bounds.
 *
 * Parameters (`?`) are numbered from 0 in text order; their count is `countParameters`. Positions
 * of nodes, for messages that carry one, are read with `spanOf` (positions.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
 */
import type { Statement } from "./ast";
import { notWellFormed, PARTIQL_MESSAGES, refused, STATEMENT_MAX_BYTES } from "./errors";
import { lowerStatement } from "./lower";
import type { StatementSyntax } from "./statements";
import { parseSelect, parseStatementSyntax } from "./statements";
import { Parser, SyntaxFailure } from "./syntax";
import { tokenize } from "./tokenize";

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Parses one PartiQL statement; throws DynamoDB's ValidationException when it would refuse it. */
export function parseStatement(text: string): Statement {
  if (text.length > STATEMENT_MAX_BYTES || utf8Length(text) > STATEMENT_MAX_BYTES) {
    throw refused(PARTIQL_MESSAGES.tooLong);
  }
  const parser = new Parser(text, parseSelect);
  let syntax: StatementSyntax;
  try {
    syntax = parseStatementSyntax(parser);
  } catch (error) {
    if (error instanceof SyntaxFailure) throw notWellFormed(text);
    throw error;
  }
  return lowerStatement(syntax);
}

/** The number of `?` parameters in a statement (the statement need not parse). */
export function countParameters(text: string): number {
  return tokenize(text).filter((token) => token.type === "parameter").length;
}
