/**
 * The PartiQL parser (shared/partiql/parse.ts): every statement kind and clause, operands, paths,
 * precedence and positions, as trees (shared/partiql/ast.ts).
 */
import { describe, expect, it } from "vitest";
import type { Condition, Operand, Path, Statement } from "../../../../shared/partiql/ast";
import { countParameters, parseStatement } from "../../../../shared/partiql/parse";
import { spanOf } from "../../../../shared/partiql/positions";

const path = (...steps: (string | number)[]): Path => ({ kind: "path", steps });
const literal = (value: object): Operand => ({ kind: "literal", value }) as Operand;
const S = (text: string) => literal({ S: text });
const N = (text: string) => literal({ N: text });
const compare = (left: Operand, op: string, right: Operand): Condition =>
  ({ kind: "compare", op, left, right }) as Condition;

/** The WHERE condition of `SELECT * FROM t WHERE <text>`. */
function where(text: string): Condition | undefined {
  const statement = parseStatement(`SELECT * FROM tab WHERE ${text}`);
  if (statement.kind !== "select") throw new Error("not a select");
  return statement.where;
}

/** The value of `UPDATE t SET a = <text> WHERE pk = 'k'`. */
function setValue(text: string): Operand {
  const statement = parseStatement(`UPDATE tab SET a = ${text} WHERE pk = 'k'`);
  if (statement.kind !== "update" || statement.clauses[0].kind !== "set") throw new Error("not a set");
  return statement.clauses[0].value;
}

describe("parseStatement: SELECT", () => {
  it("reads *, a table, WHERE and ORDER BY", () => {
    expect(parseStatement("SELECT * FROM tab WHERE pk = 'a' ORDER BY sk DESC")).toEqual({
      kind: "select",
      projection: "*",
      from: { table: "tab" },
      where: compare(path("pk"), "=", S("a")),
      orderBy: { path: path("sk"), descending: true },
    } satisfies Statement);
  });

  it("reads projected paths and an index", () => {
    expect(parseStatement(`SELECT a.b, c[0], "d e", x['y'], m[k] FROM "tab"."byG"`)).toEqual({
      kind: "select",
      projection: [path("a", "b"), path("c", 0), path("d e"), path("x", "y"), path("m", "k")],
      from: { table: "tab", index: "byG" },
    });
    expect(parseStatement("SELECT * FROM tab.byG")).toMatchObject({ from: { table: "tab", index: "byG" } });
  });

  it("reads several ORDER BY keys, ASC by default", () => {
    expect(parseStatement("SELECT * FROM tab WHERE pk = 'a' ORDER BY pk ASC, sk DESC, \"x\"")).toMatchObject({
      orderBy: { path: path("pk"), descending: false },
      thenBy: [
        { path: path("sk"), descending: true },
        { path: path("x"), descending: false },
      ],
    });
  });

  it("takes a statement without WHERE, in parentheses, with SELECT ALL, LET, or a final semicolon", () => {
    const plain = { kind: "select", projection: "*", from: { table: "tab" } };
    expect(parseStatement("SELECT * FROM tab")).toEqual(plain);
    expect(parseStatement("(SELECT * FROM tab)")).toEqual(plain);
    expect(parseStatement("SELECT ALL * FROM tab;")).toEqual(plain);
    expect(parseStatement("SELECT * FROM tab LET 1 AS x")).toEqual(plain);
  });

  it("reads keywords in any case", () => {
    expect(parseStatement("select * from tab where a = 1 and not b is missing order by pk desc")).toEqual(
      parseStatement("SELECT * FROM tab WHERE a = 1 AND NOT b IS MISSING ORDER BY pk DESC"),
    );
  });

  it("reads quoted names containing keywords and quotes, case kept", () => {
    expect(parseStatement(`SELECT "SELECT", "a""b" FROM "From" WHERE "where"."Value" = 'it''s'`)).toEqual({
      kind: "select",
      projection: [path("SELECT"), path('a"b')],
      from: { table: "From" },
      where: compare(path("where", "Value"), "=", S("it's")),
    });
  });
});

describe("parseStatement: INSERT, UPDATE, DELETE, EXISTS", () => {
  it("reads INSERT with a literal item", () => {
    expect(parseStatement("INSERT INTO tab VALUE {'pk': 'a', 'n': 1}")).toEqual({
      kind: "insert",
      into: { table: "tab" },
      value: { kind: "literal", value: { M: { pk: { S: "a" }, n: { N: "1" } } } },
    });
  });

  it("keeps an INSERT item with parameters as a map", () => {
    expect(parseStatement(`insert into "tab" value {'pk': ?, 'l': [1, 'x'], 'n': ?}`)).toEqual({
      kind: "insert",
      into: { table: "tab" },
      value: {
        kind: "map",
        entries: [
          { key: "pk", value: { kind: "parameter", index: 0 } },
          { key: "l", value: { kind: "literal", value: { L: [{ N: "1" }, { S: "x" }] } } },
          { key: "n", value: { kind: "parameter", index: 1 } },
        ],
      },
    });
  });

  it("reads UPDATE with SET and REMOVE clauses that repeat and mix, and RETURNING", () => {
    expect(
      parseStatement(
        "UPDATE tab SET a = 1, b = ? SET c = c + 1 REMOVE d REMOVE e.f[2] WHERE pk = ? RETURNING MODIFIED OLD *",
      ),
    ).toEqual({
      kind: "update",
      target: { table: "tab" },
      clauses: [
        { kind: "set", path: path("a"), value: N("1") },
        { kind: "set", path: path("b"), value: { kind: "parameter", index: 0 } },
        { kind: "set", path: path("c"), value: { kind: "arithmetic", op: "+", left: path("c"), right: N("1") } },
        { kind: "remove", path: path("d") },
        { kind: "remove", path: path("e", "f", 2) },
      ],
      where: compare(path("pk"), "=", { kind: "parameter", index: 1 }),
      returning: { which: "MODIFIED", image: "OLD" },
    });
  });

  it.each([
    ["ALL OLD *", { which: "ALL", image: "OLD" }],
    ["MODIFIED OLD *", { which: "MODIFIED", image: "OLD" }],
    ["all new *", { which: "ALL", image: "NEW" }],
    ["Modified New *", { which: "MODIFIED", image: "NEW" }],
  ])("reads RETURNING %s", (text, returning) => {
    expect(parseStatement(`UPDATE tab SET a = 1 WHERE pk = 'a' RETURNING ${text}`)).toMatchObject({ returning });
  });

  it("reads UPDATE without WHERE (the translator requires the key)", () => {
    expect(parseStatement("UPDATE tab SET a = 1")).toEqual({
      kind: "update",
      target: { table: "tab" },
      clauses: [{ kind: "set", path: path("a"), value: N("1") }],
      where: undefined,
      returning: undefined,
    });
  });

  it("reads DELETE, with RETURNING kept for the translator to judge", () => {
    expect(parseStatement("DELETE FROM tab WHERE pk = 'a' RETURNING ALL OLD *")).toEqual({
      kind: "delete",
      from: { table: "tab" },
      where: compare(path("pk"), "=", S("a")),
      returning: { which: "ALL", image: "OLD" },
    });
    expect(parseStatement("DELETE FROM tab WHERE pk = 'a' RETURNING ALL NEW *")).toMatchObject({
      returning: { which: "ALL", image: "NEW" },
    });
  });

  it("reads EXISTS(SELECT …) in any case and spacing", () => {
    const check = {
      kind: "exists",
      select: { kind: "select", projection: "*", from: { table: "tab" }, where: compare(path("pk"), "=", S("a")) },
    };
    expect(parseStatement("EXISTS(SELECT * FROM tab WHERE pk = 'a')")).toEqual(check);
    expect(parseStatement("exists ( ( select * from tab where pk = 'a' ) )")).toEqual(check);
  });
});

describe("parseStatement: conditions", () => {
  it("binds NOT tighter than AND, AND tighter than OR", () => {
    const a = compare(path("a"), "=", N("1"));
    const b = compare(path("b"), "=", N("2"));
    const c = compare(path("c"), "=", N("3"));
    expect(where("NOT a = 1 AND b = 2 OR c = 3")).toEqual({
      kind: "or",
      left: { kind: "and", left: { kind: "not", operand: a }, right: b },
      right: c,
    });
    expect(where("a = 1 OR b = 2 AND NOT (c = 3 OR a = 1)")).toEqual({
      kind: "or",
      left: a,
      right: { kind: "and", left: b, right: { kind: "not", operand: { kind: "or", left: c, right: a } } },
    });
  });

  it("associates AND and OR to the left", () => {
    expect(where("a = 1 AND b = 1 AND c = 1")).toMatchObject({ kind: "and", left: { kind: "and" } });
  });

  it.each([
    ["=", "="],
    ["<>", "<>"],
    ["!=", "<>"],
    ["<", "<"],
    ["<=", "<="],
    [">", ">"],
    [">=", ">="],
  ])("reads the comparison %s", (written, op) => {
    expect(where(`a ${written} 1`)).toEqual(compare(path("a"), op, N("1")));
    expect(where(`1${written}a`)).toEqual(compare(N("1"), op, path("a")));
  });

  it("reads [NOT] BETWEEN", () => {
    expect(where("a BETWEEN 1 AND 2")).toEqual({
      kind: "between",
      operand: path("a"),
      low: N("1"),
      high: N("2"),
      negated: false,
    });
    expect(where("a NOT BETWEEN -1 AND b")).toEqual({
      kind: "between",
      operand: path("a"),
      low: N("-1"),
      high: path("b"),
      negated: true,
    });
  });

  it("reads [NOT] IN with brackets, parentheses or a bag, holding paths, values and parameters", () => {
    const list = [N("1"), path("b"), { kind: "parameter", index: 0 }];
    expect(where("a IN [1, b, ?]")).toEqual({ kind: "in", operand: path("a"), list, negated: false });
    expect(where("a IN (1, b, ?)")).toEqual({ kind: "in", operand: path("a"), list, negated: false });
    expect(where("a NOT IN <<1, b, ?>>")).toEqual({ kind: "in", operand: path("a"), list, negated: true });
    expect(where("a IN (1)")).toEqual({ kind: "in", operand: path("a"), list: [N("1")], negated: false });
    expect(where("a IN [[1], {'k': 2}]")).toMatchObject({
      list: [literal({ L: [{ N: "1" }] }), literal({ M: { k: { N: "2" } } })],
    });
  });

  it.each([
    ["MISSING", "MISSING"],
    ["NULL", "NULL"],
    ["BOOLEAN", "BOOLEAN"],
    ["BOOL", "BOOLEAN"],
    ["STRING", "STRING"],
    ["NUMERIC", "NUMERIC"],
    ["NUMERIC(3, 2)", "NUMERIC"],
    ["BLOB", "BLOB"],
    ["STRUCT", "STRUCT"],
    ["TUPLE", "TUPLE"],
    ["LIST", "LIST"],
  ])("reads IS [NOT] %s", (type, test) => {
    expect(where(`a.b IS ${type}`)).toEqual({ kind: "is", operand: path("a", "b"), test, negated: false });
    expect(where(`a IS NOT ${type}`)).toEqual({ kind: "is", operand: path("a"), test, negated: true });
  });

  it("reads function calls as conditions and operands, names lower-cased, arguments kept for the translator", () => {
    expect(where("BEGINS_WITH(a, 'x')")).toEqual({ kind: "call", name: "begins_with", args: [path("a"), S("x")] });
    expect(where("attribute_type(a, ?)")).toEqual({
      kind: "call",
      name: "attribute_type",
      args: [path("a"), { kind: "parameter", index: 0 }],
    });
    expect(where("size(a.b) > 2")).toEqual(
      compare({ kind: "call", name: "size", args: [path("a", "b")] }, ">", N("2")),
    );
    expect(where("exists(a)")).toEqual({ kind: "call", name: "exists", args: [path("a")] });
    expect(where("contains(a, 'x') AND nope()")).toMatchObject({ right: { kind: "call", name: "nope", args: [] } });
    expect(where(`"Begins_With"(a, 'x')`)).toMatchObject({ name: "begins_with" });
  });

  it("reads MISSING as an operand (the translator refuses it outside IS)", () => {
    expect(where("a = MISSING")).toEqual(compare(path("a"), "=", { kind: "missing" }));
  });

  it("reads parentheses around conditions and operands", () => {
    expect(where("((a = (1)))")).toEqual(compare(path("a"), "=", N("1")));
    expect(where("((a)) = 1")).toEqual(compare(path("a"), "=", N("1")));
    expect(where("(a).b = 1")).toEqual(compare(path("a", "b"), "=", N("1")));
  });
});

describe("parseStatement: SET values", () => {
  it("reads + and - to the left, and functions of the update language", () => {
    expect(setValue("a + 1 - b")).toEqual({
      kind: "arithmetic",
      op: "-",
      left: { kind: "arithmetic", op: "+", left: path("a"), right: N("1") },
      right: path("b"),
    });
    expect(setValue("list_append(a, [1])")).toEqual({
      kind: "call",
      name: "list_append",
      args: [path("a"), literal({ L: [{ N: "1" }] })],
    });
    expect(setValue("if_not_exists(a, 0) + 1")).toMatchObject({
      kind: "arithmetic",
      left: { kind: "call", name: "if_not_exists" },
    });
    expect(setValue("SET_ADD(a, <<'x'>>)")).toEqual({
      kind: "call",
      name: "set_add",
      args: [path("a"), literal({ SS: ["x"] })],
    });
    expect(setValue("set_delete(a, <<1>>)")).toEqual({
      kind: "call",
      name: "set_delete",
      args: [path("a"), literal({ NS: ["1"] })],
    });
  });

  it("reads parameters, MISSING and literals", () => {
    expect(setValue("?")).toEqual({ kind: "parameter", index: 0 });
    expect(setValue("MISSING")).toEqual({ kind: "missing" });
    expect(setValue("(-1.50)")).toEqual(N("-1.5"));
  });
});

describe("parseStatement: paths", () => {
  it.each([
    ["a", ["a"]],
    [`"a b"`, ["a b"]],
    ["a.b", ["a", "b"]],
    ["a[0]", ["a", 0]],
    [`a."b c"[2].d`, ["a", "b c", 2, "d"]],
    ["a [ 1 ] . b", ["a", 1, "b"]],
    ["a['b']", ["a", "b"]],
    [`a["b"]`, ["a", "b"]],
    ["a[b]", ["a", "b"]],
    ["a[-0]", ["a", 0]],
    ["a[01]", ["a", 1]],
    ["a[(2)]", ["a", 2]],
    ["a[2147483647]", ["a", 2147483647]],
    ["@a.b", ["a", "b"]],
  ])("reads %s", (text, steps) => {
    expect(where(`${text} = 1`)).toEqual(compare(path(...steps), "=", N("1")));
  });

  it("reads paths as SET and REMOVE targets", () => {
    expect(parseStatement(`UPDATE tab SET a.b[1]."c" = 1 REMOVE x[0] WHERE pk = 'k'`)).toMatchObject({
      clauses: [
        { kind: "set", path: path("a", "b", 1, "c") },
        { kind: "remove", path: path("x", 0) },
      ],
    });
  });
});

describe("parseStatement: parameters and positions", () => {
  it("numbers parameters left to right across clauses", () => {
    const statement = parseStatement("UPDATE tab SET a = ?, b = [1] SET c = ? WHERE pk = ? AND x IN [?, ?]");
    expect(JSON.stringify(statement).match(/"index":\d/g)).toEqual([
      '"index":0',
      '"index":1',
      '"index":2',
      '"index":3',
      '"index":4',
    ]);
    expect(countParameters("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?")).toBe(2);
  });

  it("records each node's position as DynamoDB reports it", () => {
    const statement = parseStatement("SELECT * FROM tab\nWHERE size(a) > ? AND b.c = 'x' AND d = -1");
    if (statement.kind !== "select" || statement.where?.kind !== "and") throw new Error("shape");
    const [first, second] = [statement.where.left, statement.where.right];
    if (first.kind !== "and" || first.left.kind !== "compare" || first.right.kind !== "compare")
      throw new Error("shape");
    expect(spanOf(first.left)).toEqual({ line: 2, column: 15, length: 1 });
    expect(spanOf(first.left.left)).toEqual({ line: 2, column: 7, length: 4 });
    expect(spanOf(first.left.right)).toEqual({ line: 2, column: 17, length: 1 });
    // A path of several steps has no position, as in DynamoDB; a single name has its own.
    expect(spanOf(first.right.left)).toBeUndefined();
    if (second.kind !== "compare") throw new Error("shape");
    expect(spanOf(second.left)).toEqual({ line: 2, column: 37, length: 1 });
    // A folded sign: the number's position.
    expect(spanOf(second.right)).toEqual({ line: 2, column: 42, length: 1 });
  });
});
