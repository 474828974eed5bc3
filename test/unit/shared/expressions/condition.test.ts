// Messages below were checked against DynamoDB Local.
import { describe, expect, it } from "vitest";
import type { Condition } from "../../../../shared/expressions/ast";
import type { Names, Values } from "./helpers";
import { condition, validationMessage } from "./helpers";

const S = (text: string) => ({ S: text });
const N = (text: string) => ({ N: text });
const v = { ":v": S("a") };

describe("condition: syntax errors", () => {
  it.each([
    ["a x", "x", "a x"],
    ["a = :v x", "x", ":v x"],
    ["a = :v  x", "x", ":v  x"],
    ["a x  ", "x", "a x  "],
    ["  ", "<EOF>", "  "],
    ["a = :v AND", "<EOF>", "AND"],
    ["a = :v AND  ", "<EOF>", "AND  "],
    ["(a = :v", "<EOF>", ":v"],
    ["a = :v)", ")", ":v)"],
    ["a == :v", "=", "== :v"],
    ["a == b == c", "=", "== b"],
    ["a IN ()", ")", "()"],
    ["a IN :v", ":v", "IN :v"],
    ["a IN (:v,)", ")", ",)"],
    ["a IN (:v :v)", ":v", ":v :v)"],
    ["a BETWEEN :v", "<EOF>", ":v"],
    ["NOT a", "<EOF>", "a"],
    ["OR a = :v", "OR", "OR a"],
    ["a = :v AND AND b = :v", "AND", "AND AND b"],
    ["a = :v b = :v", "b", ":v b ="],
    ["a.1 = :v", "1", ".1 ="],
    ["a[x] = :v", "x", "[x]"],
    ["a[-1] = :v", "-", "[-1"],
    ["a[01] = :v", "1", "01]"],
    ["(m.b).c = :v", ".", ").c"],
    ["remove = :v", "remove", "remove ="],
    ["a = 1", "1", "= 1"],
    ["a = 'x'", "'", "= 'x"],
    ["a = :v $ x", "$", ":v $ x"],
    ["a-b = :v", "-", "a-b"],
    ["_a = :v", "_", "_a"],
    ["a = :", ":", "= :"],
    ["# = :v", "#", "# ="],
  ])("condition: %j is a syntax error at %j near %j", (text, token, near) => {
    expect(validationMessage(() => condition(text, v))).toBe(
      `Invalid ConditionExpression: Syntax error; token: "${token}", near: "${near}"`,
    );
  });

  it("condition: an empty expression is refused", () => {
    expect(validationMessage(() => condition("", v))).toBe(
      "Invalid ConditionExpression: The expression can not be empty;",
    );
  });

  it("condition: the expression kind names the parameter in every message", () => {
    expect(validationMessage(() => condition("a x", v, undefined, "FilterExpression"))).toBe(
      'Invalid FilterExpression: Syntax error; token: "x", near: "a x"',
    );
  });

  it("condition: an expression over 4096 characters is refused with its size", () => {
    expect(validationMessage(() => condition(`a = :v AND ${"b".repeat(4090)}`, v))).toBe(
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4101",
    );
  });
});

describe("condition: grammar", () => {
  const c = (text: string) => condition(text, v);
  const a = { kind: "path", path: ["a"] } as const;
  const value = { kind: "value", value: S("a") } as const;

  it("condition: AND binds tighter than OR, NOT tighter than AND", () => {
    const tree = c("NOT a = :v AND b = :v OR c = :v");
    expect(tree.kind).toBe("or");
    const left = (tree as Extract<Condition, { kind: "or" }>).left;
    expect(left.kind).toBe("and");
    expect((left as Extract<Condition, { kind: "and" }>).left.kind).toBe("not");
  });

  it.each([
    ["a = :v", { kind: "compare", op: "=", left: a, right: value }],
    ["(a) = :v", { kind: "compare", op: "=", left: a, right: value }],
    ["a = (:v)", { kind: "compare", op: "=", left: a, right: value }],
    ["(a = :v)", { kind: "compare", op: "=", left: a, right: value }],
    ["a BETWEEN :v AND :v", { kind: "between", operand: a, low: value, high: value }],
    ["a IN (:v, b)", { kind: "in", operand: a, list: [value, { kind: "path", path: ["b"] }] }],
    ["attribute_exists(a)", { kind: "attribute_exists", path: ["a"] }],
    ["attribute_not_exists(a.b[2])", { kind: "attribute_not_exists", path: ["a", "b", 2] }],
    ["begins_with(a, :v)", { kind: "begins_with", operand: a, prefix: value }],
    ["contains(:v, a)", { kind: "contains", operand: value, element: a }],
    [
      "size(a) > :n",
      { kind: "compare", op: ">", left: { kind: "size", operand: a }, right: { kind: "value", value: N("1") } },
    ],
  ])("condition: parses %s", (text, tree) => {
    expect(condition(text, text.includes(":n") ? { ":n": N("1") } : v)).toEqual(tree);
  });

  it("condition: keywords are case-insensitive and spaces around path punctuation are allowed", () => {
    expect(c("a . b [1 ] = :v and not b = :v")).toEqual({
      kind: "and",
      left: { kind: "compare", op: "=", left: { kind: "path", path: ["a", "b", 1] }, right: value },
      right: { kind: "not", operand: { kind: "compare", op: "=", left: { kind: "path", path: ["b"] }, right: value } },
    });
  });

  it("condition: substitutes #names inside paths, even with dots in the name", () => {
    expect(condition("a.#n[1].c = :v", v, { "#n": "x.y" })).toEqual({
      kind: "compare",
      op: "=",
      left: { kind: "path", path: ["a", "x.y", 1, "c"] },
      right: value,
    });
  });
});

describe("condition: semantic errors", () => {
  it.each<[string, Values, Names | undefined, string]>([
    ["status = :v", v, undefined, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["Status = :v", v, undefined, "Attribute name is a reserved keyword; reserved keyword: Status"],
    ["a.status = :v", v, undefined, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["a = :w", v, undefined, "An expression attribute value used in expression is not defined; attribute value: :w"],
    [
      "#a = :v",
      v,
      undefined,
      "An expression attribute name used in the document path is not defined; attribute name: #a",
    ],
    ["((a = :v))", v, undefined, "The expression has redundant parentheses;"],
    ["a = ((:v))", v, undefined, "The expression has redundant parentheses;"],
    ["NOT ((a = :v))", v, undefined, "The expression has redundant parentheses;"],
    ["(((a = :v) AND (b = :v)))", v, undefined, "The expression has redundant parentheses;"],
    ["attribute_exists(((a)))", v, undefined, "The expression has redundant parentheses;"],
    ["foo(a)", v, undefined, "Invalid function name; function: foo"],
    ["SIZE(a) = :v", v, undefined, "Invalid function name; function: SIZE"],
    ["size(a)", v, undefined, "The function is not allowed to be used this way in an expression; function: size"],
    [
      "contains(a, b) = :v",
      v,
      undefined,
      "The function is not allowed to be used this way in an expression; function: contains",
    ],
    [
      "contains(a)",
      v,
      undefined,
      "Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1",
    ],
    [
      "attribute_exists(a, b)",
      v,
      undefined,
      "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2",
    ],
    [
      "attribute_exists(:v)",
      v,
      undefined,
      "Operator or function requires a document path; operator or function: attribute_exists",
    ],
    [
      "attribute_exists(size(a))",
      v,
      undefined,
      "Operator or function requires a document path; operator or function: attribute_exists",
    ],
    [
      "a = a",
      v,
      undefined,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
    ],
    [
      "a.b[1] = a.b[1]",
      v,
      undefined,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b, [1]]",
    ],
    [
      "#a = a",
      v,
      { "#a": "a" },
      "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
    ],
    [
      "a IN (a, :v)",
      v,
      undefined,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]",
    ],
    [
      "a BETWEEN :v AND a",
      v,
      undefined,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: BETWEEN, first operand: [a]",
    ],
    [
      "begins_with(a, a)",
      v,
      undefined,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: begins_with, first operand: [a]",
    ],
    [
      "attribute_type(a, :v)",
      v,
      undefined,
      "Invalid attribute type name found; type: a, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}",
    ],
    [
      "attribute_type(a, :n)",
      { ":n": N("1") },
      undefined,
      "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N",
    ],
    [
      "attribute_type(a, b)",
      v,
      undefined,
      "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {HD,NS,L,HDS,M,BS,S,SS,NULL,FLOAT,DOUBLE,DECIMAL,DICT,B,DOUBLESET,N,FS,INTSET,BOOL,INT,DECIMALSET}",
    ],
    [
      "begins_with(a, :n)",
      { ":n": N("1") },
      undefined,
      "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ],
    [
      "begins_with(a, size(b))",
      v,
      undefined,
      "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ],
    [
      "size(:n) = :n",
      { ":n": N("1") },
      undefined,
      "Incorrect operand type for operator or function; operator or function: size, operand type: N",
    ],
    [
      "size(size(a)) = :v",
      v,
      undefined,
      "Incorrect operand type for operator or function; operator or function: size, operand type: N",
    ],
    [
      "a < :m",
      { ":m": { M: {} } },
      undefined,
      "Incorrect operand type for operator or function; operator or function: <, operand type: M",
    ],
    [
      "a <= :v",
      { ":v": { BOOL: true } },
      undefined,
      "Incorrect operand type for operator or function; operator or function: <=, operand type: BOOL",
    ],
    [
      "a BETWEEN :v AND :w",
      { ":v": { L: [] }, ":w": N("1") },
      undefined,
      "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L",
    ],
    [
      "a BETWEEN :a AND :b",
      { ":a": N("2"), ":b": N("1") },
      undefined,
      "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}",
    ],
    [
      "a BETWEEN :a AND :b",
      { ":a": N("2"), ":b": S("1") },
      undefined,
      "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {S:1}",
    ],
    [
      "a BETWEEN :a AND :b",
      { ":a": { B: "Ag==" }, ":b": N("1e1") },
      undefined,
      "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]}, upper bound operand: AttributeValue: {N:1e1}",
    ],
    [`a${".b".repeat(40)} = :v`, v, undefined, "The document path has too many nesting levels; nesting levels: 41"],
    ["a[99999999999] = :v", v, undefined, "List index is not within the allowable range; index: [99999999999]"],
  ])("condition: %s is refused", (text, values, names, detail) => {
    expect(validationMessage(() => condition(text, values, names))).toBe(`Invalid ConditionExpression: ${detail}`);
  });

  it("condition: IN takes up to 100 operands", () => {
    const values = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`:v${i}`, N(String(i))]));
    const list = (n: number) => Object.keys(values).slice(0, n).join(", ");
    expect(condition(`a IN (${list(100)})`, values).kind).toBe("in");
    expect(validationMessage(() => condition(`a IN (${list(101)})`, values))).toBe(
      "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
  });

  it("condition: at most 300 operators and functions (NOT and functions count)", () => {
    const ors = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(" OR ");
    expect(
      condition(
        ors(150, (i) => `a${i} = :v`),
        v,
      ).kind,
    ).toBe("or");
    for (const text of [
      ors(151, (i) => `a${i} = :v`),
      ors(120, (i) => `NOT a${i} = :v`),
      ors(160, (i) => `attribute_exists(a${i})`),
    ]) {
      expect(validationMessage(() => condition(text, v))).toBe(
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
      );
    }
  });

  it.each<[string, string]>([
    ["dog(a) = :v", "Invalid function name; function: dog"],
    ["if_not_exists(a, :v) = :v", "The function is not allowed in a condition expression; function: if_not_exists"],
    ["list_append(a, :v) = :v", "The function is not allowed in a condition expression; function: list_append"],
    ["if_not_exists(a, :v)", "The function is not allowed in a condition expression; function: if_not_exists"],
    [
      "attribute_exists(list_append(a, :v))",
      "The function is not allowed in a condition expression; function: list_append",
    ],
    [
      "size(if_not_exists(a, :v)) = :v",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    [
      "a IN (if_not_exists(b, :v), :v)",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    ["IF_NOT_EXISTS(a, :v) = :v", "Invalid function name; function: IF_NOT_EXISTS"],
    [
      "if_not_exists(dog(a), :v) = :v",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    ["dog(if_not_exists(a, :v)) = :v", "Invalid function name; function: dog"],
    [
      "if_not_exists(b, :v) = :v AND dog(a) = :v",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    ["dog(a) = :v AND if_not_exists(b, :v) = :v", "Invalid function name; function: dog"],
    [
      "if_not_exists(a, :v) = :v AND size(b)",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    [
      "size(b) AND if_not_exists(a, :v) = :v",
      "The function is not allowed to be used this way in an expression; function: size",
    ],
    ["status = :v AND if_not_exists(a, :v) = :v", "Attribute name is a reserved keyword; reserved keyword: status"],
    [
      "if_not_exists(status, :v) = :v",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    [
      "if_not_exists(a, :v) = :v AND #undefined = :nope",
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    ["if_not_exists(a, :v) = :v AND ((a = :v))", "The expression has redundant parentheses;"],
  ])(
    "condition: a function conditions do not have, in text order with the other structural errors: %s",
    (text, detail) => {
      expect(validationMessage(() => condition(text, v))).toBe(`Invalid ConditionExpression: ${detail}`);
    },
  );

  it.each(["FilterExpression", "KeyConditionExpression"] as const)(
    "condition: %s names an update function as not allowed in a condition expression",
    (kind) => {
      expect(validationMessage(() => condition("pk = :v AND if_not_exists(sk, :v) = :v", v, undefined, kind))).toBe(
        `Invalid ${kind}: The function is not allowed in a condition expression; function: if_not_exists`,
      );
      expect(validationMessage(() => condition("dog(pk) = :v", v, undefined, kind))).toBe(
        `Invalid ${kind}: Invalid function name; function: dog`,
      );
    },
  );

  it.each<[string, Values, string]>([
    ["foo(status)", v, "Invalid function name; function: foo"],
    ["status = :v AND foo(b)", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["size(c) AND foo(d)", v, "The function is not allowed to be used this way in an expression; function: size"],
    ["status = :v AND ((a = :v))", v, "The expression has redundant parentheses;"],
    ["#n = :v AND status = :v", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["contains(b) AND status = :v", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    [
      "a = :nope AND #n = :v",
      v,
      "An expression attribute value used in expression is not defined; attribute value: :nope",
    ],
    [
      "#n = :v AND a = :nope",
      v,
      "An expression attribute name used in the document path is not defined; attribute name: #n",
    ],
    ["contains(#n)", v, "An expression attribute name used in the document path is not defined; attribute name: #n"],
    [
      "a = a AND a = :nope",
      v,
      "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
    ],
    [
      "size(:n) < :nope",
      { ":n": N("1") },
      "Incorrect operand type for operator or function; operator or function: size, operand type: N",
    ],
    ["status = :v AND a[99999999999] = :v", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["a[99999999999] = :v AND status = :v", v, "List index is not within the allowable range; index: [99999999999]"],
    [
      `:nope = a${".b".repeat(40)}`,
      v,
      "An expression attribute value used in expression is not defined; attribute value: :nope",
    ],
    [
      "l[0] BETWEEN :m AND l[0]",
      { ":m": { NS: ["1"] } },
      "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: NS",
    ],
  ])("condition: reports the first error in DynamoDB's order for %s", (text, values, detail) => {
    expect(validationMessage(() => condition(text, values))).toBe(`Invalid ConditionExpression: ${detail}`);
  });
});
