// Messages below were checked against DynamoDB Local, including the order of unused keys.
import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { javaHashOrder } from "../../../../shared/expressions/java-hash-order";
import { parseCondition } from "../../../../shared/expressions/parse";
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
