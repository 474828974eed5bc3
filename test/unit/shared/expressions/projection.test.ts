// Messages and results below were checked against DynamoDB Local.
import { describe, expect, it } from "vitest";
import { project } from "../../../../shared/expressions/projection";
import { ITEM, projection, validationMessage } from "./helpers";

describe("projection: parse", () => {
  it("projection: parses comma separated paths with maps, list indexes and #names", () => {
    expect(projection("s, m.b.c, l[2][0], #x.a", { "#x": "x.y" })).toEqual([
      ["s"],
      ["m", "b", "c"],
      ["l", 2, 0],
      ["x.y", "a"],
    ]);
  });

  it.each<[string, Record<string, string> | undefined, string]>([
    ["", undefined, "The expression can not be empty;"],
    ["s,", undefined, 'Syntax error; token: "<EOF>", near: ","'],
    ["s n", undefined, 'Syntax error; token: "n", near: "s n"'],
    ["size(s)", undefined, 'Syntax error; token: "(", near: "size(s"'],
    ["(s)", undefined, 'Syntax error; token: "(", near: "(s"'],
    [":v", undefined, 'Syntax error; token: ":v", near: ":v"'],
    ["status", undefined, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["#s", undefined, "An expression attribute name used in the document path is not defined; attribute name: #s"],
    [
      "a, a",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "m, m.a",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]",
    ],
    [
      "m.a, m",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m]",
    ],
    [
      "m.a, m[1]",
      undefined,
      "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m, [1]]",
    ],
    [
      "l[1], l.a",
      undefined,
      "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [1]], path two: [l, a]",
    ],
    [
      "a[0], a.b, a",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]",
    ],
    [
      "a, a[0], a.b",
      undefined,
      "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]",
    ],
    [
      "#x, a, a",
      undefined,
      "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "a, a, #x",
      undefined,
      "An expression attribute name used in the document path is not defined; attribute name: #x",
    ],
    ["a, status, a", undefined, "Attribute name is a reserved keyword; reserved keyword: status"],
    ["a".padEnd(4100, " "), undefined, "Expression size has exceeded the maximum allowed size;"],
  ])("projection: %j is refused", (text, names, detail) => {
    expect(validationMessage(() => projection(text, names))).toBe(`Invalid ProjectionExpression: ${detail}`);
  });
});

describe("projection: project", () => {
  it.each<[string, object]>([
    ["s, n", { s: ITEM.s, n: ITEM.n }],
    [
      "l[1], l[3].k, m.b",
      { l: { L: [{ S: "x" }, { M: { k: { S: "v" } } }] }, m: { M: { b: { M: { c: { S: "d" } } } } } },
    ],
    ["l[3], l[1]", { l: { L: [{ S: "x" }, { M: { k: { S: "v" } } }] } }],
    ["m.b.c, m.a, nope, l[9]", { m: { M: { a: { N: "1" }, b: { M: { c: { S: "d" } } } } } }],
    ["l[2][0], l[2][5]", { l: { L: [{ L: [{ N: "2" }] }] } }],
    ["ss, ns[0]", { ss: ITEM.ss }],
    ["s[0]", {}],
    ["l[1][0]", {}],
    ["m.z", {}],
    ["m.a, m.z", { m: { M: { a: { N: "1" } } } }],
  ])("projection: %s selects the DynamoDB sub-document", (text, expected) => {
    expect(project(ITEM, projection(text))).toEqual(expected);
  });

  it("projection: keeps empty containers that were selected whole", () => {
    expect(project({ e: { M: {} }, l: { L: [] } }, [["e"], ["l"]])).toEqual({ e: { M: {} }, l: { L: [] } });
  });

  it("projection: does not modify the item", () => {
    const copy = structuredClone(ITEM);
    project(ITEM, projection("l[1], m.b.c"));
    expect(ITEM).toEqual(copy);
  });
});
