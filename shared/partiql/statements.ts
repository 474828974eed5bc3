/**
 * PartiQL's statement grammar over the expression grammar (syntax.ts), producing syntax trees that
 * keep every clause DynamoDB's parser accepts, including those its translator refuses (aliases,
 * DISTINCT, GROUP BY, LIMIT, several FROM sources, AT and ON CONFLICT in INSERT, several RETURNING
 * elements), so that lower.ts can refuse them in DynamoDB's words. Not read: DDL, EXEC, and DML
 * that starts with FROM (all answered as syntax errors).
 *
 *   statement := (insert | update | delete | expression) [";"] <end>
 *   select    := (SELECT [ALL | DISTINCT] projection | PIVOT expression AT expression)
 *                FROM source (("," | [INNER | CROSS | (LEFT | RIGHT | FULL) [OUTER]] JOIN) source [ON expression])*
 *                [LET expression AS name ("," …)*] [WHERE expression] [ORDER BY expression [ASC | DESC] ("," …)*]
 *                [GROUP [PARTIAL] BY expression [[AS] name] ("," …)* [GROUP AS name]] [HAVING expression]
 *                [LIMIT expression]
 *   projection:= "*" | VALUE expression | item ("," item)*      item := expression [[AS] name]
 *   source    := expression [[AS] name] [AT name] [BY name]     (in UPDATE and DELETE, a path for the expression)
 *   insert    := INSERT INTO path (VALUE expression [AT expression] [ON CONFLICT WHERE expression DO NOTHING]
 *                | expression) [returning]
 *   update    := UPDATE source (SET path "=" expression ("," path "=" expression)* | REMOVE path)+
 *                [WHERE expression] [returning]
 *   delete    := DELETE FROM source [WHERE expression] [returning]
 *   returning := RETURNING (MODIFIED | ALL) (OLD | NEW) ("*" | path) ("," …)*
 */
import type { Expr, Parser, SelectSyntax, Source } from "./syntax";

export type { SelectSyntax, Source };

import type { Token } from "./tokenize";

export interface ReturningSyntax {
  which: "ALL" | "MODIFIED";
  image: "OLD" | "NEW";
  /** The expression after the image, when it is not `*`. */
  expr?: Expr;
}

export type UpdateOperation = { kind: "set"; path: Expr; value: Expr; token: Token } | { kind: "remove"; path: Expr };

export type StatementSyntax =
  | { kind: "expression"; expr: Expr }
  | {
      kind: "insert";
      keyword: Token;
      target: Expr;
      /** The item after VALUE; undefined for `INSERT INTO t <expression>`. */
      value?: Expr;
      at?: Token;
      onConflict: boolean;
      returning: ReturningSyntax[];
    }
  | { kind: "update"; source: Source; operations: UpdateOperation[]; where?: Expr; returning: ReturningSyntax[] }
  | { kind: "delete"; source: Source; where?: Expr; returning: ReturningSyntax[] };

/** Parses a whole statement, up to an optional ";" and the end of the text. */
export function parseStatementSyntax(p: Parser): StatementSyntax {
  let statement: StatementSyntax;
  if (p.isKeyword("insert")) statement = parseInsert(p);
  else if (p.isKeyword("update")) statement = parseUpdate(p);
  else if (p.isKeyword("delete")) statement = parseDelete(p);
  else statement = { kind: "expression", expr: p.expression() };
  if (p.is(";")) p.next();
  if (p.peek().type !== "eof") p.fail();
  return statement;
}

/** The SELECT (or PIVOT) at the cursor, as an expression term. */
export function parseSelect(p: Parser): SelectSyntax {
  const keyword = p.next();
  let distinct: Token | undefined;
  let projection: SelectSyntax["projection"] = [];
  let valueOrPivot = keyword.value === "pivot";
  if (valueOrPivot) {
    p.expression();
    p.expectKeyword("at");
    p.expression();
  } else {
    distinct = p.acceptKeyword("distinct");
    if (!distinct) p.acceptKeyword("all");
    if (p.is("*")) {
      p.next();
      projection = "*";
    } else if (p.acceptKeyword("value")) {
      valueOrPivot = true;
      p.expression();
    } else {
      projection = [parseItem(p)];
      while (p.is(",")) {
        p.next();
        projection.push(parseItem(p));
      }
    }
  }
  p.expectKeyword("from");
  const sources = [parseSource(p)];
  for (;;) {
    if (p.is(",")) {
      p.next();
      sources.push(parseSource(p));
    } else if (startsJoin(p)) {
      while (!p.isKeyword("join")) p.next();
      p.next();
      sources.push(parseSource(p));
      if (p.acceptKeyword("on")) p.expression();
    } else break;
  }
  // DynamoDB reads LET bindings and ignores them.
  if (p.acceptKeyword("let")) {
    for (;;) {
      p.expression();
      p.expectKeyword("as");
      expectName(p);
      if (!p.is(",")) break;
      p.next();
    }
  }
  const select: SelectSyntax = { keyword, distinct, valueOrPivot, projection, sources, groupBy: false, orderBy: [] };
  if (p.acceptKeyword("where")) select.where = p.expression();
  if (p.acceptKeyword("order")) {
    p.expectKeyword("by");
    for (;;) {
      const expr = p.expression();
      const descending = p.acceptKeyword("desc") !== undefined;
      if (!descending) p.acceptKeyword("asc");
      select.orderBy.push({ expr, descending });
      if (!p.is(",")) break;
      p.next();
    }
  }
  if (p.isKeyword("group")) {
    parseGroupBy(p);
    select.groupBy = true;
  }
  if (p.acceptKeyword("having")) select.having = p.expression();
  if (p.acceptKeyword("limit")) select.limit = p.expression();
  return select;
}

/** An alias after an expression: `AS name`, or a bare (not reserved) name. */
function parseAlias(p: Parser): Token | undefined {
  if (p.acceptKeyword("as")) return expectName(p);
  const token = p.peek();
  return token.type === "identifier" || token.type === "quoted" ? p.next() : undefined;
}

function expectName(p: Parser): Token {
  const token = p.next();
  if (token.type !== "identifier" && token.type !== "quoted") p.fail(token);
  return token;
}

function parseItem(p: Parser): { expr: Expr; alias?: Token } {
  const expr = p.expression();
  // In a projection, `.*` may only end an item (`a.*`), and `[*]` is not read at all.
  if (expr.kind === "path") {
    const steps = expr.steps;
    steps.forEach((step, i) => {
      if (step.kind === "wildcard" || (step.kind === "unpivot" && i < steps.length - 1)) p.fail(step.token);
    });
  }
  return { expr, alias: parseAlias(p) };
}

/** A FROM source: any expression (lower.ts refuses what is not a table), or for DML a path. */
function parseSource(p: Parser, dml = false): Source {
  const expr = dml ? parseTargetPath(p) : p.expression();
  let alias = parseAlias(p);
  for (const word of ["at", "by"]) {
    if (p.acceptKeyword(word)) {
      const name = expectName(p);
      alias ??= name;
    }
  }
  return { expr, alias };
}

function startsJoin(p: Parser): boolean {
  for (let i = 0; i < 3; i++) {
    const token = p.peek(i);
    if (token.type !== "keyword") return false;
    if (token.value === "join") return true;
    if (!["inner", "cross", "left", "right", "full", "outer"].includes(token.value)) return false;
  }
  return false;
}

function parseGroupBy(p: Parser): void {
  p.expectKeyword("group");
  p.acceptKeyword("partial");
  p.expectKeyword("by");
  for (;;) {
    p.expression();
    if (p.acceptKeyword("as")) expectName(p);
    if (!p.is(",")) break;
    p.next();
  }
  if (p.isKeyword("group") && p.isKeyword("as", 1)) {
    p.next();
    p.next();
    expectName(p);
  }
}

/** A path a DML statement writes to: a name with steps (`a.b[1]`), read as an expression term. */
function parseTargetPath(p: Parser): Expr {
  const token = p.peek();
  if (token.type !== "identifier" && token.type !== "quoted") p.fail();
  const path = p.pathTerm();
  // A name followed by "(" is a call, which names nothing to write to.
  if (path.kind === "call" || (path.kind === "path" && path.root.kind !== "name")) p.fail(token);
  return path;
}

function parseReturning(p: Parser): ReturningSyntax[] {
  if (!p.acceptKeyword("returning")) return [];
  const elements: ReturningSyntax[] = [];
  for (;;) {
    let which: ReturningSyntax["which"] = "MODIFIED";
    if (!p.acceptKeyword("modified")) {
      p.expectKeyword("all");
      which = "ALL";
    }
    let image: ReturningSyntax["image"] = "OLD";
    if (!p.acceptKeyword("old")) {
      p.expectKeyword("new");
      image = "NEW";
    }
    if (p.is("*")) {
      p.next();
      elements.push({ which, image });
    } else elements.push({ which, image, expr: parseTargetPath(p) });
    if (!p.is(",")) return elements;
    p.next();
  }
}

function parseInsert(p: Parser): StatementSyntax {
  const keyword = p.next();
  p.expectKeyword("into");
  const target = parseTargetPath(p);
  if (!p.acceptKeyword("value")) {
    p.expression();
    return { kind: "insert", keyword, target, onConflict: false, returning: parseReturning(p) };
  }
  const value = p.expression();
  let at: Token | undefined;
  if (p.acceptKeyword("at")) {
    at = keyword;
    p.expression();
  }
  let onConflict = false;
  if (p.acceptKeyword("on")) {
    p.expectKeyword("conflict");
    p.expectKeyword("where");
    p.expression();
    p.expectKeyword("do");
    p.expectKeyword("nothing");
    onConflict = true;
  }
  return { kind: "insert", keyword, target, value, at, onConflict, returning: parseReturning(p) };
}

function parseUpdate(p: Parser): StatementSyntax {
  p.next();
  const source = parseSource(p, true);
  const operations: UpdateOperation[] = [];
  for (;;) {
    if (p.acceptKeyword("set")) {
      for (;;) {
        const path = parseTargetPath(p);
        const token = p.expect("=");
        operations.push({ kind: "set", path, value: p.expression(), token });
        if (!p.is(",")) break;
        p.next();
      }
    } else if (p.acceptKeyword("remove")) {
      operations.push({ kind: "remove", path: parseTargetPath(p) });
    } else break;
  }
  if (operations.length === 0) p.fail();
  const where = p.acceptKeyword("where") ? p.expression() : undefined;
  return { kind: "update", source, operations, where, returning: parseReturning(p) };
}

function parseDelete(p: Parser): StatementSyntax {
  p.next();
  p.expectKeyword("from");
  const source = parseSource(p, true);
  const where = p.acceptKeyword("where") ? p.expression() : undefined;
  return { kind: "delete", source, where, returning: parseReturning(p) };
}
