/**
 * The console explorer's item text: plain JSON ⇄ DynamoDB JSON, the numbers that survive the
 * trip, and the parsing of items and expression values in either format.
 */

import { describe, expect, test } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import {
  decimalText,
  formatItem,
  formatOf,
  fromPlainItem,
  fromPlainValue,
  isAttributeValue,
  parseExpressionValues,
  parseItem,
  plainIsExact,
  plainNumber,
  toPlainItem,
  toPlainValue,
} from "../../../../workers/console/explorer/item-json";

describe("plain JSON to DynamoDB JSON", () => {
  test.each<[unknown, AttributeValue]>([
    ["text", { S: "text" }],
    ["", { S: "" }],
    [0, { N: "0" }],
    [-0, { N: "0" }],
    [12.5, { N: "12.5" }],
    [-3, { N: "-3" }],
    [1e21, { N: "1000000000000000000000" }],
    [1.5e-7, { N: "0.00000015" }],
    [true, { BOOL: true }],
    [false, { BOOL: false }],
    [null, { NULL: true }],
    [[], { L: [] }],
    [[1, "a", null], { L: [{ N: "1" }, { S: "a" }, { NULL: true }] }],
    [{}, { M: {} }],
    [{ a: { b: [true] } }, { M: { a: { M: { b: { L: [{ BOOL: true }] } } } } }],
  ])("%j is %j", (plain, dynamo) => {
    expect(fromPlainValue(plain)).toEqual(dynamo);
  });

  test.each([NaN, Infinity, -Infinity])("%d has no DynamoDB number", (value) => {
    expect(() => fromPlainValue(value)).toThrow(/not a number/);
  });

  test("values JSON cannot hold are refused", () => {
    expect(() => fromPlainValue(undefined)).toThrow(/not a JSON value/);
    expect(() => fromPlainValue({ a: () => 1 })).toThrow(/not a JSON value/);
  });

  test("an item's attribute names stay names, __proto__ included", () => {
    const item = fromPlainItem(JSON.parse('{"__proto__": 1, "constructor": "c", "a b <é>": [2]}'));
    expect(Object.keys(item)).toEqual(["__proto__", "constructor", "a b <é>"]);
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(item["a b <é>"]).toEqual({ L: [{ N: "2" }] });
    expect(JSON.stringify(item)).toBe('{"__proto__":{"N":"1"},"constructor":{"S":"c"},"a b <é>":{"L":[{"N":"2"}]}}');
  });
});

describe("DynamoDB JSON to plain JSON", () => {
  test.each<[AttributeValue, unknown]>([
    [{ S: "x" }, "x"],
    [{ N: "42" }, 42],
    [{ N: "-0.5" }, -0.5],
    [{ N: "1000000000000000000000" }, 1e21],
    [{ BOOL: false }, false],
    [{ NULL: true }, null],
    [{ B: "AAEC" }, "AAEC"],
    [{ SS: ["a", "b"] }, ["a", "b"]],
    [{ NS: ["1", "2.5"] }, [1, 2.5]],
    [{ BS: ["AA==", "AQ=="] }, ["AA==", "AQ=="]],
    [{ L: [{ S: "a" }, { N: "1" }, { M: {} }] }, ["a", 1, {}]],
    [{ M: { inner: { L: [{ NULL: true }] } } }, { inner: [null] }],
  ])("%j is %j", (dynamo, plain) => {
    expect(toPlainValue(dynamo)).toEqual(plain);
  });

  test("a number a double cannot hold exactly keeps its text", () => {
    expect(plainNumber("12345678901234567890123")).toBe("12345678901234567890123");
    expect(plainNumber("9007199254740993")).toBe("9007199254740993");
    expect(plainNumber("0.1000000000000000000001")).toBe("0.1000000000000000000001");
    expect(plainNumber("1E+400")).toBe("1E+400");
    expect(plainNumber("1e-999999")).toBe("1e-999999");
    expect(toPlainValue({ NS: ["1", "12345678901234567890123"] })).toEqual([1, "12345678901234567890123"]);
  });

  test("a number written another way is still the same number", () => {
    expect(plainNumber("9007199254740992")).toBe(9007199254740992);
    expect(plainNumber("1.50")).toBe(1.5);
    expect(plainNumber("1e3")).toBe(1000);
    expect(plainNumber("0.1")).toBe(0.1);
  });

  test("text that is not a number stays text", () => {
    for (const text of ["", " 1", "0x10", "NaN", "Infinity"]) expect(plainNumber(text)).toBe(text);
  });

  test("plain numbers read back as the N they came from", () => {
    for (const text of ["0", "1", "-7", "3.14159", "0.000001", "123456789012345", "1000000000000000000000"]) {
      const plain = plainNumber(text);
      expect(typeof plain).toBe("number");
      expect(decimalText(plain as number)).toBe(text);
    }
  });

  test("an item round-trips through plain JSON when it has no sets, binary or long numbers", () => {
    const item: Item = {
      pk: { S: "a" },
      n: { N: "-12.75" },
      flag: { BOOL: true },
      none: { NULL: true },
      list: { L: [{ S: "x" }, { M: { deep: { N: "3" } } }] },
    };
    expect(plainIsExact(item)).toBe(true);
    expect(fromPlainItem(JSON.parse(JSON.stringify(toPlainItem(item))))).toEqual(item);
  });

  test.each<[string, AttributeValue]>([
    ["a string set", { SS: ["a"] }],
    ["a number set", { NS: ["1"] }],
    ["a binary set", { BS: ["AA=="] }],
    ["binary", { B: "AA==" }],
    ["a long number", { N: "12345678901234567890123" }],
    ["a long number in a list", { L: [{ N: "12345678901234567890123" }] }],
    ["binary in a map", { M: { b: { B: "AA==" } } }],
  ])("plain JSON is not exact for an item with %s", (_, value) => {
    expect(plainIsExact({ pk: { S: "a" }, value })).toBe(false);
  });
});

describe("isAttributeValue", () => {
  test.each<unknown>([
    { S: "" },
    { N: "1" },
    { B: "AA==" },
    { BOOL: true },
    { NULL: true },
    { SS: ["a"] },
    { NS: [] },
    { BS: ["AA=="] },
    { L: [{ S: "a" }, { L: [] }] },
    { M: { a: { M: { b: { N: "1" } } } } },
  ])("%j is one", (value) => {
    expect(isAttributeValue(value)).toBe(true);
  });

  test.each<unknown>([
    "x",
    1,
    null,
    [],
    {},
    { S: 1 },
    { N: 1 },
    { BOOL: "true" },
    { NULL: false },
    { SS: [1] },
    { L: ["a"] },
    { M: { a: "b" } },
    { S: "a", N: "1" },
    { X: "a" },
    { constructor: "a" },
    JSON.parse('{"__proto__": {"S": "a"}}'),
  ])("%j is not one", (value) => {
    expect(isAttributeValue(value)).toBe(false);
  });

  test("nesting far deeper than DynamoDB allows is not one (and does not overflow the stack)", () => {
    let value: unknown = { S: "x" };
    for (let i = 0; i < 10_000; i++) value = { L: [value] };
    expect(isAttributeValue(value)).toBe(false);
    let plain: unknown = "x";
    for (let i = 0; i < 10_000; i++) plain = [plain];
    expect(() => fromPlainValue(plain)).toThrow(/nest deeper/);
  });
});

describe("parseItem", () => {
  test("plain JSON becomes DynamoDB JSON", () => {
    expect(parseItem('{"pk": "a", "n": 2, "tags": ["x"]}', "plain")).toEqual({
      ok: true,
      value: { pk: { S: "a" }, n: { N: "2" }, tags: { L: [{ S: "x" }] } },
    });
  });

  test("DynamoDB JSON is taken as it is", () => {
    const item = { pk: { S: "a" }, s: { SS: ["x", "y"] }, m: { M: { n: { N: "1" } } } };
    expect(parseItem(JSON.stringify(item), "dynamodb")).toEqual({ ok: true, value: item });
  });

  test("DynamoDB JSON with an untyped attribute names it", () => {
    const parsed = parseItem('{"pk": {"S": "a"}, "odd \\"name\\"": "plain"}', "dynamodb");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('Attribute "odd \\"name\\"" is not DynamoDB JSON');
  });

  test.each(["", "{", "[1]", "null", '"text"', "1"])("%j is not an item", (text) => {
    for (const format of ["plain", "dynamodb"] as const) {
      const parsed = parseItem(text, format);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/^(Not valid JSON|Expected a JSON object)/);
    }
  });
});

describe("parseExpressionValues", () => {
  test("empty text is no values", () => {
    expect(parseExpressionValues("  ")).toEqual({ ok: true, value: undefined });
  });

  test("values may be DynamoDB JSON, plain JSON, or a mix", () => {
    expect(parseExpressionValues('{":a": {"S": "x"}, ":b": "y", ":c": 3, ":d": {"N": "4"}, ":e": [1]}')).toEqual({
      ok: true,
      value: { ":a": { S: "x" }, ":b": { S: "y" }, ":c": { N: "3" }, ":d": { N: "4" }, ":e": { L: [{ N: "1" }] } },
    });
  });

  test("a plain object that is not a typed value becomes a map", () => {
    expect(parseExpressionValues('{":m": {"S": "x", "T": "y"}}')).toEqual({
      ok: true,
      value: { ":m": { M: { S: { S: "x" }, T: { S: "y" } } } },
    });
  });

  test("text that is not a JSON object is refused", () => {
    expect(parseExpressionValues("[1]").ok).toBe(false);
    expect(parseExpressionValues("{:v}").ok).toBe(false);
  });
});

describe("formats", () => {
  test("format= picks plain, anything else is DynamoDB JSON", () => {
    expect(formatOf("plain")).toBe("plain");
    expect(formatOf("dynamodb")).toBe("dynamodb");
    expect(formatOf(undefined)).toBe("dynamodb");
    expect(formatOf("PLAIN")).toBe("dynamodb");
  });

  test("an item shows indented in either format, and parses back", () => {
    const item: Item = { pk: { S: "a" }, n: { N: "1" } };
    expect(formatItem(item, "plain")).toBe('{\n  "pk": "a",\n  "n": 1\n}');
    expect(formatItem(item, "dynamodb")).toBe('{\n  "pk": {\n    "S": "a"\n  },\n  "n": {\n    "N": "1"\n  }\n}');
    for (const format of ["plain", "dynamodb"] as const) {
      expect(parseItem(formatItem(item, format), format)).toEqual({ ok: true, value: item });
    }
  });
});
