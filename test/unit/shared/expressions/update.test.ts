// Messages and results below were checked against DynamoDB Local.
import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import { updateFromAttributeUpdates } from "../../../../shared/expressions/legacy";
import { project } from "../../../../shared/expressions/projection";
import { applyUpdate, checkUpdateAvoidsKeys, createsMissingItem } from "../../../../shared/expressions/update";
import type { Values } from "./helpers";
import { update, validationMessage } from "./helpers";

const S = (text: string) => ({ S: text });
const N = (text: string) => ({ N: text });
const v = { ":v": S("V") };

const BASE: Item = {
  pk: S("u"),
  s: S("str"),
  n: N("5"),
  ss: { SS: ["a", "b"] },
  ns: { NS: ["1", "2"] },
  l: { L: [N("0"), N("1"), N("2"), N("3")] },
  m: { M: { a: N("1"), b: { M: { c: S("d") } } } },
  e: { L: [] },
};

const run = (text: string, values?: Values, item: Item = BASE) =>
  applyUpdate(item, update(text, values, { "#k": "new.key" }));
const updated = (text: string, values?: Values) => run(text, values).item;

describe("update: parse errors", () => {
  it.each<[string, Values | undefined, string]>([
    ["", v, "The expression can not be empty;"],
    ["SET", v, 'Syntax error; token: "<EOF>", near: "SET"'],
    ["SET a", v, 'Syntax error; token: "<EOF>", near: "a"'],
    ["SET a = :v,", v, 'Syntax error; token: "<EOF>", near: ","'],
    ["SET a = :n + :n + :n", { ":n": N("1") }, 'Syntax error; token: "+", near: ":n + :n"'],
    ["SET a = (:n + :n) + :n", { ":n": N("1") }, 'Syntax error; token: "+", near: ") + :n"'],
    ["SET a = if_not_exists(a, b + c)", v, 'Syntax error; token: "+", near: "b + c"'],
    ["ADD a = :n", { ":n": N("1") }, 'Syntax error; token: "=", near: "a = :n"'],
    ["ADD a b", v, 'Syntax error; token: "b", near: "a b"'],
    ["SET (a) = :v", v, 'Syntax error; token: "(", near: "SET (a"'],
    ["SET a = ((:v))", v, "The expression has redundant parentheses;"],
    ["SET a = :v SET b = :v", v, 'The "SET" section can only be used once in an update expression;'],
    ["REMOVE a REMOVE b", undefined, 'The "REMOVE" section can only be used once in an update expression;'],
    ["SET status = :v", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["SET a = foo(a)", v, "Invalid function name; function: foo"],
    ["SET a = contains(a, :v)", v, "The function is not allowed in an update expression; function: contains"],
    ["SET a = size(:v)", v, "The function is not allowed in an update expression; function: size"],
    [
      "SET a = a + list_append(b, :v)",
      v,
      "The function is not allowed to be used this way in an expression; function: list_append",
    ],
    [
      "SET a = if_not_exists(a, list_append(a, :v))",
      v,
      "The function is not allowed to be used this way in an expression; function: list_append",
    ],
    [
      "SET a = list_append(a)",
      v,
      "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1",
    ],
    [
      "SET a = if_not_exists(:v, :v, :v)",
      v,
      "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 3",
    ],
    [
      "SET a = if_not_exists(:v, a)",
      v,
      "Operator or function requires a document path; operator or function: if_not_exists",
    ],
    [
      "SET a = :v + :n",
      { ":v": S("a"), ":n": N("1") },
      "Incorrect operand type for operator or function; operator or function: +, operand type: S",
    ],
    [
      "SET a = :n - :v",
      { ":v": S("a"), ":n": N("1") },
      "Incorrect operand type for operator or function; operator or function: -, operand type: S",
    ],
    [
      "SET a = list_append(:n, :l)",
      { ":n": N("1"), ":l": { L: [] } },
      "Incorrect operand type for operator or function; operator or function: list_append, operand type: N",
    ],
    [
      "ADD a :v",
      v,
      "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND",
    ],
    [
      "ADD a :m",
      { ":m": { M: {} } },
      "Incorrect operand type for operator or function; operator: ADD, operand type: MAP, typeSet: ALLOWED_FOR_ADD_OPERAND",
    ],
    [
      "ADD a :b",
      { ":b": { BOOL: true } },
      "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN, typeSet: ALLOWED_FOR_ADD_OPERAND",
    ],
    [
      "DELETE a :n",
      { ":n": N("1") },
      "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND",
    ],
    [
      "SET a = :v, a.b = :v",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
    ],
    [
      "SET a.b = :v, a = :v",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]",
    ],
    [
      "SET a = :v REMOVE a",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "REMOVE a[0], a[0]",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, [0]]",
    ],
    [
      "SET a[1] = :v, a.b = :v",
      v,
      "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]",
    ],
    [
      "SET a = :v, a[1] = :v, a.b = :v",
      v,
      "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a, b]",
    ],
    [
      "SET a.b = :v, a[1] = :v, a = :v",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1]], path two: [a]",
    ],
    [
      "SET a = :v, #a = :v",
      { ":v": S("a") },
      "An expression attribute name used in the document path is not defined; attribute name: #a",
    ],
  ])("update: %s is refused", (text, values, detail) => {
    expect(validationMessage(() => update(text, values))).toBe(`Invalid UpdateExpression: ${detail}`);
  });

  it.each<[string, Values, string]>([
    ["SET a = :v SET b = foo(c)", v, "Invalid function name; function: foo"],
    ["SET a = :v SET b = :v REMOVE status", v, 'The "SET" section can only be used once in an update expression;'],
    ["SET a = :v REMOVE status SET b = :v", v, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["SET a = :x, b = :y", v, "An expression attribute value used in expression is not defined; attribute value: :y"],
    [
      "ADD d :y DELETE e :z SET a = :x",
      v,
      "An expression attribute value used in expression is not defined; attribute value: :x",
    ],
    [
      "SET #x = :v, #y = :v",
      v,
      "An expression attribute name used in the document path is not defined; attribute name: #y",
    ],
    [
      "SET #n = :v, a = :v, a = :v",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "SET a = :v, a = :v, #n = :v",
      v,
      "An expression attribute name used in the document path is not defined; attribute name: #n",
    ],
    [
      "SET a = :nope, a = :v",
      v,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "SET a = list_append(:x, :y)",
      v,
      "An expression attribute value used in expression is not defined; attribute value: :x",
    ],
    [
      "SET a = list_append(:v, :v), b = :n + :v",
      { ...v, ":n": N("1") },
      "Incorrect operand type for operator or function; operator or function: +, operand type: S",
    ],
  ])("update: reports the first error in DynamoDB's order for %s", (text, values, detail) => {
    expect(validationMessage(() => update(text, values))).toBe(`Invalid UpdateExpression: ${detail}`);
  });

  it("update: an expression over 4096 characters is refused, without its size", () => {
    expect(validationMessage(() => update("SET a = :v".padEnd(4097, " "), v))).toBe(
      "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;",
    );
  });

  it("update: at most 300 operators and functions (+, -, if_not_exists, list_append; not the actions)", () => {
    const set = (n: number, value: (i: number) => string) =>
      `SET ${Array.from({ length: n }, (_, i) => `a${i}=${value(i)}`).join(",")}`;
    const values = { ":n": N("1"), ":l": { L: [] } };
    expect(
      update(
        set(300, () => ":n+:n"),
        values,
      ).actions,
    ).toHaveLength(300);
    expect(update(`${set(300, () => ":n+:n")} ADD z :n REMOVE y`, values).actions).toHaveLength(302);
    for (const text of [
      set(301, () => ":n-:n"),
      `${set(250, () => ":n+:n")},${Array.from({ length: 51 }, (_, i) => `b${i}=if_not_exists(b${i},:n)`).join(",")}`,
      `${set(250, () => ":n+:n")},${Array.from({ length: 51 }, (_, i) => `b${i}=list_append(:l,:l)`).join(",")}`,
      `SET ${[
        ...Array.from({ length: 100 }, (_, i) => `c${i}=if_not_exists(c${i},:n)+:n`),
        ...Array.from({ length: 101 }, (_, i) => `d${i}=:n+:n`),
      ].join(",")}`,
    ]) {
      expect(validationMessage(() => update(text, values))).toBe(
        "Invalid UpdateExpression: The expression contains too many operators; operator count: 301",
      );
    }
  });

  it("update: errors of substitution and operand types come before the operator count", () => {
    const many = Array.from({ length: 301 }, (_, i) => `a${i}=:n+:n`).join(",");
    expect(validationMessage(() => update(`SET ${many},z=:w`, { ":n": N("1") }))).toBe(
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :w",
    );
    expect(validationMessage(() => update(`SET ${many},z=:s+:n`, { ":n": N("1"), ":s": S("x") }))).toBe(
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S",
    );
  });

  it("update: keeps actions in text order whatever the section order", () => {
    const parsed = update("REMOVE x SET a = :v ADD n :n DELETE ss :ss", { ...v, ":n": N("1"), ":ss": { SS: ["a"] } });
    expect(parsed.actions.map((action) => `${action.kind}:${action.path.join(".")}`)).toEqual([
      "remove:x",
      "set:a",
      "add:n",
      "delete:ss",
    ]);
    expect(parsed.legacy).toBe(false);
  });
});

describe("update: key attributes", () => {
  const schema = { hash: { name: "pk", type: "S" as const }, range: { name: "sk", type: "N" as const } };
  it.each(["SET pk = :v", "REMOVE pk", "SET pk.x = :v", "ADD sk :n", "SET #k = :v"])(
    "update: %s on a key attribute is refused",
    (text) => {
      const parsed = update(text, text.includes(":n") ? { ":n": N("1") } : text.includes(":v") ? v : undefined, {
        "#k": "pk",
      });
      expect(validationMessage(() => checkUpdateAvoidsKeys(parsed, schema))).toMatch(
        /^One or more parameter values were invalid: Cannot update attribute (pk|sk)\. This attribute is part of the key$/,
      );
    },
  );

  it("update: other attributes pass the key check", () => {
    expect(() => checkUpdateAvoidsKeys(update("SET a.pk = :v, pk2 = :v", v), schema)).not.toThrow();
  });
});

describe("update: SET", () => {
  it.each<[string, Values, Record<string, AttributeValue | undefined>]>([
    ["SET a = :v", v, { a: S("V") }],
    ["SET s = n, n = s", {}, { s: N("5"), n: S("str") }],
    ["SET n = n + :n", { ":n": N("0.1") }, { n: N("5.1") }],
    ["SET n = :n - n", { ":n": N("1") }, { n: N("-4") }],
    [
      "SET x = :a + :b",
      { ":a": N("99999999999999999999999999999999999999"), ":b": N("1") },
      { x: N("100000000000000000000000000000000000000") },
    ],
    ["SET n = if_not_exists(nope, :z) + :n", { ":z": N("0"), ":n": N("1") }, { n: N("1") }],
    ["SET x = if_not_exists(s, :v)", v, { x: S("str") }],
    ["SET x = if_not_exists(m.a, :v)", v, { x: N("1") }],
    ["SET x = list_append(l, :l)", { ":l": { L: [S("z")] } }, { x: { L: [N("0"), N("1"), N("2"), N("3"), S("z")] } }],
    ["SET x = list_append(:l, e)", { ":l": { L: [S("z")] } }, { x: { L: [S("z")] } }],
    [
      "SET x = list_append(if_not_exists(x, :e), :l)",
      { ":e": { L: [] }, ":l": { L: [N("1")] } },
      { x: { L: [N("1")] } },
    ],
    ["SET m.b.c = :v", v, { m: { M: { a: N("1"), b: { M: { c: S("V") } } } } }],
    ["SET m.#k = :v", v, { m: { M: { a: N("1"), b: { M: { c: S("d") } }, "new.key": S("V") } } }],
    ["SET l[1] = :v", v, { l: { L: [N("0"), S("V"), N("2"), N("3")] } }],
    ["SET l[10] = :v", v, { l: { L: [N("0"), N("1"), N("2"), N("3"), S("V")] } }],
    [
      "SET l[6] = :v, l[4] = :w",
      { ...v, ":w": S("W") },
      { l: { L: [N("0"), N("1"), N("2"), N("3"), S("W"), S("V")] } },
    ],
    ["SET e[0] = :v", v, { e: { L: [S("V")] } }],
  ])("update: %s", (text, values, expected) => {
    const item = run(text, values, BASE).item;
    for (const [name, value] of Object.entries(expected)) expect(item[name]).toEqual(value);
  });

  it.each<[string, Values, string]>([
    ["SET a = s, s = a", {}, "The provided expression refers to an attribute that does not exist in the item"],
    ["SET x = m.nope", {}, "The provided expression refers to an attribute that does not exist in the item"],
    ["SET x = l[10]", {}, "The provided expression refers to an attribute that does not exist in the item"],
    ["SET x = nope + s", {}, "The provided expression refers to an attribute that does not exist in the item"],
    [
      "SET x = if_not_exists(s, nope)",
      {},
      "The provided expression refers to an attribute that does not exist in the item",
    ],
    ["SET x = s + nope", {}, "An operand in the update expression has an incorrect data type"],
    [
      "SET x = list_append(s, :l)",
      { ":l": { L: [] } },
      "An operand in the update expression has an incorrect data type",
    ],
    [
      "SET x = if_not_exists(s, :l) + :n",
      { ":l": { L: [] }, ":n": N("1") },
      "An operand in the update expression has an incorrect data type",
    ],
    ["SET m.z.y = :v", v, "The document path provided in the update expression is invalid for update"],
    ["SET nope.y = :v", v, "The document path provided in the update expression is invalid for update"],
    ["SET l[1].y = :v", v, "The document path provided in the update expression is invalid for update"],
    ["SET m[0] = :v", v, "The document path provided in the update expression is invalid for update"],
    [
      "SET n = n + :n",
      { ":n": N("99999999999999999999999999999999999999") },
      "DynamoDB only supports precision up to 38 digits",
    ],
    [
      "SET n = :a + :a",
      { ":a": N("9.9e125") },
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
  ])("update: %s fails at apply time", (text, values, message) => {
    expect(validationMessage(() => run(text, values))).toBe(message);
  });

  it("update: checks target paths, then operands, before changing anything", () => {
    expect(validationMessage(() => run("ADD s :ss SET nope.a = :v", { ...v, ":ss": { SS: ["a"] } }))).toBe(
      "The document path provided in the update expression is invalid for update",
    );
    expect(validationMessage(() => run("DELETE m.b.c :ss SET x = nope", { ":ss": { SS: ["a"] } }))).toBe(
      "An operand in the update expression has an incorrect data type",
    );
  });
});

describe("update: REMOVE", () => {
  it.each<[string, Values, Record<string, AttributeValue | undefined>]>([
    ["REMOVE s", {}, { s: undefined }],
    ["REMOVE nope", {}, { nope: undefined, s: S("str") }],
    ["REMOVE m.z", {}, { m: BASE.m }],
    ["REMOVE m.b.c", {}, { m: { M: { a: N("1"), b: { M: {} } } } }],
    ["REMOVE l[1], l[2]", {}, { l: { L: [N("0"), N("3")] } }],
    ["REMOVE l[3], l[0]", {}, { l: { L: [N("1"), N("2")] } }],
    ["REMOVE l[9]", {}, { l: BASE.l }],
    ["REMOVE l[0] SET l[2] = :v", v, { l: { L: [N("1"), S("V"), N("3")] } }],
    ["SET l[1] = :v REMOVE l[0], l[2]", v, { l: { L: [S("V"), N("3")] } }],
    ["REMOVE l[1] SET l[7] = :v", v, { l: { L: [N("0"), N("2"), N("3"), S("V")] } }],
  ])("update: %s", (text, values, expected) => {
    const item = updated(text, values);
    for (const [name, value] of Object.entries(expected)) expect(item[name]).toEqual(value);
  });

  it.each(["REMOVE nope.y", "REMOVE m.z.y", "REMOVE s[0]", "REMOVE m[0]", "REMOVE l.a"])(
    "update: %s is an invalid document path",
    (text) => {
      expect(validationMessage(() => updated(text))).toBe(
        "The document path provided in the update expression is invalid for update",
      );
    },
  );
});

describe("update: ADD and DELETE", () => {
  it.each<[string, Values, Record<string, AttributeValue | undefined>]>([
    ["ADD n :x", { ":x": N("-5") }, { n: N("0") }],
    ["ADD n :x", { ":x": N("0.1") }, { n: N("5.1") }],
    ["ADD nn :x", { ":x": N("3") }, { nn: N("3") }],
    ["ADD ss :x", { ":x": { SS: ["c", "a"] } }, { ss: { SS: ["a", "b", "c"] } }],
    ["ADD ns :x", { ":x": { NS: ["2.0", "3"] } }, { ns: { NS: ["1", "2", "3"] } }],
    ["ADD nset :x", { ":x": { NS: ["1"] } }, { nset: { NS: ["1"] } }],
    ["ADD m.a :x", { ":x": N("1") }, { m: { M: { a: N("2"), b: { M: { c: S("d") } } } } }],
    ["ADD m.q :x", { ":x": N("1") }, { m: { M: { a: N("1"), b: { M: { c: S("d") } }, q: N("1") } } }],
    ["ADD l[9] :x", { ":x": N("1") }, { l: { L: [N("0"), N("1"), N("2"), N("3"), N("1")] } }],
    ["DELETE ss :x", { ":x": { SS: ["a", "z"] } }, { ss: { SS: ["b"] } }],
    ["DELETE ss :x", { ":x": { SS: ["a", "b"] } }, { ss: undefined }],
    ["DELETE ns :x", { ":x": { NS: ["1.00"] } }, { ns: { NS: ["2"] } }],
    ["DELETE nope :x", { ":x": { SS: ["a"] } }, { nope: undefined }],
    ["DELETE m.q :x", { ":x": { SS: ["a"] } }, { m: BASE.m }],
  ])("update: %s", (text, values, expected) => {
    const item = updated(text, values);
    for (const [name, value] of Object.entries(expected)) expect(item[name]).toEqual(value);
  });

  it.each<[string, Values]>([
    ["ADD s :x", { ":x": N("1") }],
    ["ADD ss :x", { ":x": { NS: ["1"] } }],
    ["ADD n :x", { ":x": { SS: ["a"] } }],
    ["DELETE s :x", { ":x": { SS: ["a"] } }],
    ["DELETE ss :x", { ":x": { NS: ["1"] } }],
  ])("update: %s has an operand of the wrong type for the stored value", (text, values) => {
    expect(validationMessage(() => updated(text, values))).toBe(
      "An operand in the update expression has an incorrect data type",
    );
  });

  it.each(["ADD nope.x :n", "ADD s[0] :n"])("update: %s is an invalid document path", (text) => {
    expect(validationMessage(() => updated(text, { ":n": N("1") }))).toBe(
      "The document path provided in the update expression is invalid for update",
    );
  });

  it("update: ADD with too many digits uses DynamoDB's arithmetic precision message", () => {
    expect(validationMessage(() => updated("ADD n :n", { ":n": N("99999999999999999999999999999999999999") }))).toBe(
      "DynamoDB only supports precision up to 38 digits",
    );
  });
});

describe("update: result", () => {
  it("update: never mutates the input item", () => {
    const copy = structuredClone(BASE);
    run("SET m.b.c = :v, l[1] = :v REMOVE s ADD ns :ns DELETE ss :ss", {
      ...v,
      ":ns": { NS: ["7"] },
      ":ss": { SS: ["a"] },
    });
    expect(BASE).toEqual(copy);
  });

  it("update: an item that does not exist yet starts from its key", () => {
    expect(applyUpdate({ pk: S("new") }, update("SET a = :v ADD c :n", { ...v, ":n": N("1") })).item).toEqual({
      pk: S("new"),
      a: S("V"),
      c: N("1"),
    });
  });

  it.each<[string, Values | undefined, boolean]>([
    ["REMOVE a", undefined, false],
    ["REMOVE a, b.c", undefined, false],
    ["DELETE ss :ss", { ":ss": { SS: ["a"] } }, false],
    ["REMOVE a DELETE ss :ss", { ":ss": { SS: ["a"] } }, false],
    ["SET a = :v REMOVE b", v, true],
    ["ADD n :n REMOVE b", { ":n": N("1") }, true],
    ["SET a = if_not_exists(a, :v)", v, true],
  ])("update: %s creates a missing item: %s", (text, values, creates) => {
    expect(createsMissingItem(update(text, values))).toBe(creates);
  });

  it("update: AttributeUpdates create a missing item unless every action is a DELETE; none at all creates it", () => {
    expect(createsMissingItem(updateFromAttributeUpdates({ a: { Action: "DELETE" } }))).toBe(false);
    const setElements = { Action: "DELETE" as const, Value: { SS: ["a"] } };
    expect(createsMissingItem(updateFromAttributeUpdates({ a: { Action: "DELETE" }, s: setElements }))).toBe(false);
    expect(createsMissingItem(updateFromAttributeUpdates({ a: { Action: "DELETE" }, b: { Value: v[":v"] } }))).toBe(
      true,
    );
    expect(createsMissingItem(updateFromAttributeUpdates({ n: { Action: "ADD", Value: N("1") } }))).toBe(true);
    expect(createsMissingItem(updateFromAttributeUpdates({}))).toBe(true);
  });

  it("update: returns every action path, for UPDATED_OLD / UPDATED_NEW projections", () => {
    const result = run("SET m.b.c = :v, l[1] = :v REMOVE s", v);
    expect(result.updatedPaths).toEqual([["m", "b", "c"], ["l", 1], ["s"]]);
    expect(project(BASE, result.updatedPaths)).toEqual({
      m: { M: { b: { M: { c: S("d") } } } },
      l: { L: [N("1")] },
      s: S("str"),
    });
    expect(project(result.item, result.updatedPaths)).toEqual({
      m: { M: { b: { M: { c: S("V") } } } },
      l: { L: [S("V")] },
    });
  });
});
