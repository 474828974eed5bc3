/**
 * The PartiQL parser under random and hostile input (fast-check, fixed seeds, bounded): every
 * statement either parses or is refused with DynamoDB's ValidationException; nothing else is ever
 * thrown (no TypeError, no RangeError from deep recursion, no hang), however deep the nesting.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../shared/api/errors";
import { parseStatement } from "../../../../shared/partiql/parse";
import { parseSelect, parseStatementSyntax } from "../../../../shared/partiql/statements";
import { Parser, SyntaxFailure } from "../../../../shared/partiql/syntax";

const TOKENS = [
  "SELECT",
  "select",
  "*",
  "FROM",
  "WHERE",
  "AND",
  "OR",
  "NOT",
  "IN",
  "IS",
  "BETWEEN",
  "MISSING",
  "NULL",
  "TRUE",
  "INSERT",
  "INTO",
  "VALUE",
  "UPDATE",
  "SET",
  "REMOVE",
  "DELETE",
  "RETURNING",
  "ALL",
  "MODIFIED",
  "OLD",
  "NEW",
  "EXISTS",
  "ORDER",
  "BY",
  "DESC",
  "LIMIT",
  "AS",
  "tab",
  "a",
  "b",
  '"q ""x"""',
  "'s'",
  "''''",
  "1",
  "-1.50",
  "1e400",
  "-0.0",
  "?",
  "size",
  "begins_with",
  "count",
  "`1`",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "<<",
  ">>",
  ",",
  ".",
  ":",
  ";",
  "=",
  "<>",
  "!=",
  "<",
  ">=",
  "+",
  "-",
  "||",
  "@",
  " ",
  "/*",
  "*/",
  "--",
  "\n",
  "\u0000",
  "é",
  "😀",
  '"',
  "'",
  "`",
];

const VALID = [
  "SELECT * FROM tab WHERE pk = 'a' AND x IN [1, 2] ORDER BY sk DESC",
  'SELECT a.b, c[0] FROM "tab"."i" WHERE NOT a = ? OR size(b) > 1',
  "INSERT INTO tab VALUE {'pk': ?, 'l': [1, <<'a'>>, {'m': null}]}",
  "UPDATE tab SET a = a + 1, b = list_append(b, [1]) REMOVE c WHERE pk = 'k' RETURNING ALL NEW *",
  "DELETE FROM tab WHERE pk = 'k' AND x IS NOT MISSING",
  "EXISTS(SELECT * FROM tab WHERE pk = 'k' AND x BETWEEN 1 AND 2)",
];

/** Statements built from the grammar's tokens, valid ones mutated by a few characters, and deep nests. */
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(" "));
const gluedSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(""));
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat(5), fc.string({ maxLength: 3 }))
  .map(([text, at, cut, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });
const deep = fc
  .tuple(fc.integer({ min: 1, max: 4000 }), fc.constantFrom("(", "[", "{'k': ", "<<", "NOT ", "-", "size(", "a[", "-("))
  .map(([depth, open]) => `SELECT * FROM tab WHERE x = ${open.repeat(depth)}1`);
const statement = fc.oneof(
  tokenSoup,
  gluedSoup,
  mutated,
  deep,
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
);

function outcome(parse: () => unknown): "parsed" | "refused" {
  try {
    parse();
    return "parsed";
  } catch (error) {
    if (error instanceof ValidationException) return "refused";
    throw error;
  }
}

describe("PartiQL parser fuzz", () => {
  it("parses or refuses with ValidationException", () => {
    fc.assert(
      fc.property(statement, (text) => {
        expect(["parsed", "refused"]).toContain(outcome(() => parseStatement(text)));
      }),
      { seed: 22, numRuns: 4000 },
    );
  });

  it("refuses 100,000-deep parentheses, brackets and braces, in a statement and in the grammar itself", () => {
    /** What the grammar alone (without the 8192-byte check) throws on `text`. */
    const grammarOutcome = (text: string) => {
      try {
        parseStatementSyntax(new Parser(text, parseSelect));
        return "parsed";
      } catch (error) {
        if (error instanceof ValidationException) return error.message;
        if (error instanceof SyntaxFailure) return "syntax";
        throw error;
      }
    };
    for (const [open, close] of [
      ["(", ")"],
      ["[", "]"],
      ["{'k':", "}"],
      ["<<", ">>"],
      ["NOT ", ""],
      ["- ", ""],
      ["size(", ")"],
    ]) {
      const text = `SELECT * FROM tab WHERE x = ${open.repeat(100_000)}1${close.repeat(100_000)}`;
      expect(outcome(() => parseStatement(text))).toBe("refused");
      expect(grammarOutcome(text)).toBe("Nesting Levels have exceeded supported limits");
      expect(grammarOutcome(open.repeat(100_000))).toBe("Nesting Levels have exceeded supported limits");
    }
  });

  it("refuses long chains of operators within the size limit without exhausting the stack", () => {
    for (const chain of [" AND a = 1", " OR a = 1", "+1", "-1", " = 1"]) {
      const text = `SELECT * FROM tab WHERE a = 1${chain.repeat(Math.floor(8000 / chain.length) - 10)}`;
      expect(["parsed", "refused"]).toContain(outcome(() => parseStatement(text)));
    }
  });

  it("keeps syntax failures internal", () => {
    expect(() => parseStatementSyntax(new Parser("SELECT FROM", parseSelect))).toThrow(SyntaxFailure);
  });
});
