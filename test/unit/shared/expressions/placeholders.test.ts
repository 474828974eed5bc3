// Messages below were checked against DynamoDB Local, including the order of unused keys.
import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { javaHashOrder } from "../../../../shared/expressions/java-hash-order";
import { parseCondition, parseProjection, parseUpdate } from "../../../../shared/expressions/parse";
import { checkAttributeMaps, Placeholders } from "../../../../shared/expressions/placeholders";
import { validationMessage } from "./helpers";

const S = (text: string) => ({ S: text });
/** A stand-in for the shared validator. */
const describeInvalid = (value: AttributeValue) =>
  Object.keys(value).length === 0
    ? "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    : undefined;

describe("placeholders: the maps", () => {
  it.each<[Record<string, string> | undefined, Record<string, AttributeValue> | undefined, string]>([
    [{}, undefined, "ExpressionAttributeNames must not be empty"],
    [undefined, {}, "ExpressionAttributeValues must not be empty"],
    [{ n: "a" }, undefined, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "n"'],
    [{ "#a-b": "a" }, undefined, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"'],
    [{ "#": "a" }, undefined, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "#"'],
    [{ "##": "a" }, undefined, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "##"'],
    [
      { [`#${"n".repeat(300)}-`]: "a" },
      undefined,
      "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 302",
    ],
    [undefined, { w: S("a") }, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "w"'],
    [undefined, { ":w-x": S("a") }, 'ExpressionAttributeValues contains invalid key: Syntax error; key: ":w-x"'],
    [
      undefined,
      { [`:${"v".repeat(300)}`]: S("a") },
      "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
    ],
    [{ "#x": "" }, { w: S("a") }, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "w"'],
    [{ "#n": "" }, undefined, "ExpressionAttributeNames contains invalid value: Empty attribute name for key #n"],
    [
      { "#a": "a", "#n": "n".repeat(65536) },
      undefined,
      "ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less than 65536 bytes for key #n",
    ],
    [
      { "#n": "é".repeat(32768) },
      { w: S("a") },
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "w"',
    ],
    [
      undefined,
      { ":v": S("a"), ":w": {} as AttributeValue },
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :w",
    ],
  ])("placeholders: %j / %j are refused", (names, values, message) => {
    expect(validationMessage(() => checkAttributeMaps(names, values, describeInvalid))).toBe(message);
  });

  it("placeholders: well-formed maps pass", () => {
    expect(() =>
      checkAttributeMaps({ "#a_1": "a", "#1": "b" }, { ":v": S("a"), ":1": S("b") }, describeInvalid),
    ).not.toThrow();
    expect(() => checkAttributeMaps({ "#n": "n".repeat(65535) }, undefined, describeInvalid)).not.toThrow();
  });
});

describe("placeholders: sizes", () => {
  const MB = 1024 * 1024;
  /** `count` names keyed "#k00", "#k01", … (4 bytes each) of `bytes` bytes in all. */
  const names = (count: number, bytes: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => {
        const share = Math.floor((bytes - 4 * count) / count) + (i < (bytes - 4 * count) % count ? 1 : 0);
        return [`#k${String(i).padStart(2, "0")}`, String(i % 10).repeat(share)];
      }),
    );
  /** Two values ":a" and ":b" (2 bytes a key) of `bytes` bytes in all. */
  const values = (bytes: number) => ({
    ":a": S("a".repeat(Math.ceil(bytes / 2) - 2)),
    ":b": S("b".repeat(Math.floor(bytes / 2) - 2)),
  });

  it("placeholders: the names, the values and both together may hold 2 MB (keys and names or values)", () => {
    expect(() => checkAttributeMaps(names(32, 2 * MB), undefined, describeInvalid)).not.toThrow();
    expect(() => checkAttributeMaps(undefined, values(2 * MB), describeInvalid)).not.toThrow();
    expect(() => checkAttributeMaps(names(16, MB), values(MB), describeInvalid)).not.toThrow();
    expect(validationMessage(() => checkAttributeMaps(names(33, 2 * MB + 1), undefined, describeInvalid))).toBe(
      "ExpressionAttributeNames exceeds max size",
    );
    expect(validationMessage(() => checkAttributeMaps(undefined, values(2 * MB + 1), describeInvalid))).toBe(
      "ExpressionAttributeValues exceeds max size",
    );
    expect(validationMessage(() => checkAttributeMaps(names(16, MB), values(MB + 1), describeInvalid))).toBe(
      "Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size",
    );
    expect(validationMessage(() => checkAttributeMaps(names(33, 2 * MB + 1), values(3 * MB), describeInvalid))).toBe(
      "ExpressionAttributeNames exceeds max size",
    );
  });

  it("placeholders: values count by their size as items count them, and an invalid value is reported first", () => {
    // 3 + (1 + MB) + (1 + 4: two digit pairs, one byte, one for the sign) + (1 + 1), and 2 bytes a key.
    const list = { L: [S("x".repeat(MB)), { N: "-1.5" }, { BOOL: true }] };
    expect(validationMessage(() => checkAttributeMaps(undefined, { ":l": list, ":m": S("m".repeat(MB - 14)) }))).toBe(
      "ExpressionAttributeValues exceeds max size",
    );
    expect(() => checkAttributeMaps(undefined, { ":l": list, ":m": S("m".repeat(MB - 15)) })).not.toThrow();
    expect(
      validationMessage(() =>
        checkAttributeMaps(undefined, { ...values(3 * MB), ":w": {} as AttributeValue }, describeInvalid),
      ),
    ).toBe(
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :w",
    );
  });

  it("placeholders: an expression with its substitutions in place may hold 1 MB, each use counted", () => {
    const tooLarge = (kind: string) => `Invalid ${kind}: Expression size has exceeded the maximum allowed size;`;
    const fits = new Placeholders(undefined, { ":v": S("v".repeat(MB - 6)) });
    expect(parseCondition("ConditionExpression", "a = :v", fits).kind).toBe("compare");
    const over = new Placeholders(undefined, { ":v": S("v".repeat(MB - 5)) });
    expect(validationMessage(() => parseCondition("FilterExpression", "a = :v", over))).toBe(
      tooLarge("FilterExpression"),
    );
    const twice = (bytes: number) => new Placeholders(undefined, { ":v": S("v".repeat(bytes)) });
    expect(() => parseCondition("ConditionExpression", "a = :v OR b = :v", twice(MB / 2 - 8))).not.toThrow();
    expect(
      validationMessage(() => parseCondition("KeyConditionExpression", "a = :v OR b = :v", twice(MB / 2 - 7))),
    ).toBe(tooLarge("KeyConditionExpression"));
    expect(validationMessage(() => parseUpdate("SET a = :v, b = :v", twice(MB / 2)))).toBe(
      tooLarge("UpdateExpression"),
    );
    const wide = (count: number) => {
      const map = Object.fromEntries(Array.from({ length: count }, (_, i) => [`#${i}`, `${i}`.padEnd(65_535, "n")]));
      return { text: Object.keys(map).join(", "), placeholders: new Placeholders(map, undefined) };
    };
    const fifteen = wide(15);
    expect(parseProjection(fifteen.text, fifteen.placeholders)).toHaveLength(15);
    const sixteen = wide(16);
    expect(validationMessage(() => parseProjection(sixteen.text, sixteen.placeholders))).toBe(
      tooLarge("ProjectionExpression"),
    );
  });

  it("placeholders: each expression of a request is sized on its own", () => {
    const placeholders = new Placeholders(undefined, { ":v": S("v".repeat(MB - 20)) });
    parseUpdate("SET a = :v", placeholders);
    expect(parseCondition("ConditionExpression", "b = :v", placeholders).kind).toBe("compare");
  });
});

describe("placeholders: use tracking", () => {
  it("placeholders: names and values used by any expression of the request count as used", () => {
    const placeholders = new Placeholders({ "#a": "a", "#b": "b" }, { ":v": S("v"), ":w": S("w") });
    parseCondition("ConditionExpression", "#a = :v", placeholders);
    parseCondition("FilterExpression", "#b = :w", placeholders);
    expect(() => placeholders.assertAllUsed()).not.toThrow();
  });

  it.each<[Record<string, string> | undefined, Record<string, AttributeValue> | undefined, string]>([
    [{ "#a": "a" }, { ":v": S("a") }, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"],
    [
      undefined,
      { ":v": S("a"), ":w": S("b") },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    ],
    [
      { "#zz": "a", "#a": "b", "#m1": "c", "#B": "d", "#_": "e" },
      { ":v": S("a") },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#zz, #m1, #_, #a, #B}",
    ],
    [
      undefined,
      { ":v": S("a"), ":zz": S("a"), ":a": S("a"), ":m1": S("a"), ":B": S("a") },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :B, :zz, :m1}",
    ],
    [
      {
        "#q1": "a",
        "#bz": "b",
        "#c9": "c",
        "#dd": "d",
        "#e_": "e",
        "#Ff": "f",
        "#gG": "g",
        "#h0": "h",
        "#i7": "i",
        "#jj": "j",
        "#k2": "k",
        "#lx": "l",
      },
      { ":v": S("a") },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#q1, #dd, #Ff, #gG, #jj, #k2, #h0, #lx, #i7, #c9, #bz, #e_}",
    ],
  ])("placeholders: unused keys are listed in DynamoDB's (Java HashSet) order: %j", (names, values, message) => {
    const placeholders = new Placeholders(names, values);
    parseCondition("ConditionExpression", "a = :v", placeholders);
    expect(validationMessage(() => placeholders.assertAllUsed())).toBe(message);
  });

  it("placeholders: unused values can be ignored for operations without value expressions", () => {
    const placeholders = new Placeholders(undefined, { ":v": S("a") });
    expect(() => placeholders.assertAllUsed({ values: false })).not.toThrow();
  });

  it("placeholders: a name inherited from Object.prototype is not defined", () => {
    expect(validationMessage(() => new Placeholders({}, {}).name("ConditionExpression", "#constructor"))).toBe(
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #constructor",
    );
  });
});

describe("java hash order", () => {
  it("java hash order: buckets by spread hash, insertion order within a bucket", () => {
    expect(javaHashOrder(["#zz", "#a", "#m1", "#B", "#_"], "copy")).toEqual(["#zz", "#m1", "#_", "#a", "#B"]);
    expect(javaHashOrder(["aa", "a", "ab"], "put")).toEqual(["aa", "a", "ab"]);
  });
});
