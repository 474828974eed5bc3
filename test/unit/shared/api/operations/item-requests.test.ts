import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import {
  checkKeyPathsScalar,
  checkReadPathsAvoidKeyInternals,
  conditionPaths,
  normalizeExpected,
  updatePaths,
} from "../../../../../shared/api/operations/item-requests";
import { parseRequestExpressions } from "../../../../../shared/expressions/request";
import { thrown } from "./helpers";

const SCHEMA: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } };
const SCALARS = (name: string) =>
  `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${name}`;

const condition = (text: string, value: AttributeValue = { N: "1" }) =>
  parseRequestExpressions("PutItem", {
    ConditionExpression: text,
    ExpressionAttributeValues: text.includes(":v") ? { ":v": value } : undefined,
  }).condition!;

const update = (text: string, value: AttributeValue = { N: "1" }) =>
  parseRequestExpressions("UpdateItem", {
    UpdateExpression: text,
    ExpressionAttributeValues: text.includes(":v") ? { ":v": value } : undefined,
  }).update!;

describe("item requests: the paths expressions read and write", () => {
  it.each([
    ["a = :v", [["a"]]],
    [
      "size(a.b) > :v AND NOT attribute_exists(c[1])",
      [
        ["a", "b"],
        ["c", 1],
      ],
    ],
    ["a BETWEEN b AND c OR d IN (e, :v)", [["a"], ["b"], ["c"], ["d"], ["e"]]],
    ["begins_with(b, c) AND contains(d, e.f) AND attribute_not_exists(g)", [["b"], ["c"], ["d"], ["e", "f"], ["g"]]],
  ])("item requests: condition %s reads %j", (text, paths) => {
    expect(conditionPaths(condition(text))).toEqual(paths);
  });

  it("item requests: attribute_type reads its path", () => {
    expect(conditionPaths(condition("attribute_type(a.b, :v)", { S: "S" }))).toEqual([["a", "b"]]);
  });

  it.each([
    ["SET a = b + :v, c = if_not_exists(d, e) REMOVE f", { N: "1" }, [["a"], ["c"], ["f"], ["b"], ["d"], ["e"]]],
    ["SET a = list_append(b[0], c.d) DELETE g :v", { NS: ["1"] }, [["a"], ["g"], ["b", 0], ["c", "d"]]],
  ] as [string, AttributeValue, (string | number)[][]][])(
    "item requests: update %s writes, then reads, %j",
    (text, value, paths) => {
      expect(updatePaths(update(text, value))).toEqual(paths);
    },
  );
});

describe("item requests: keys are scalars", () => {
  it.each([
    [[["pk", "a"]], "pk"],
    [[["a"], ["sk", 0]], "sk"],
  ] as [(string | number)[][], string][])("item requests: %j looks inside key %s", (paths, name) => {
    expect(thrown(() => checkKeyPathsScalar(paths, SCHEMA))).toEqual({
      type: "ValidationException",
      message: SCALARS(name),
    });
  });

  it("item requests: whole key attributes and nested non-key paths are fine", () => {
    expect(() => checkKeyPathsScalar([["pk"], ["sk"], ["a", "pk"], ["pkx", 1]], SCHEMA)).not.toThrow();
  });

  it("item requests: the check covers conditions and projections", () => {
    expect(
      thrown(() => checkReadPathsAvoidKeyInternals({ condition: condition("size(pk.a) > :v") }, SCHEMA)).message,
    ).toBe(SCALARS("pk"));
    expect(thrown(() => checkReadPathsAvoidKeyInternals({ projection: [["a"], ["sk", 2]] }, SCHEMA)).message).toBe(
      SCALARS("sk"),
    );
    expect(() => checkReadPathsAvoidKeyInternals({ projection: [["pk"]] }, SCHEMA)).not.toThrow();
  });
});

describe("item requests: Expected values", () => {
  it("item requests: Expected values and value lists are validated and normalized", () => {
    expect(
      normalizeExpected({
        a: { Value: { N: "1.0" } },
        b: { ComparisonOperator: "IN", AttributeValueList: [{ N: "02" }, { N: "3.0" }] },
        c: { Exists: false },
      }),
    ).toEqual({
      a: { Value: { N: "1" } },
      b: { ComparisonOperator: "IN", AttributeValueList: [{ N: "2" }, { N: "3" }] },
      c: { Exists: false },
    });
    expect(normalizeExpected(undefined)).toBeUndefined();
  });

  it("item requests: Expected is checked entry by entry: its values, its operator, then its name", () => {
    const badOperator = { ComparisonOperator: "EQ" } as const;
    const badValue = { Value: { S: "v", N: "1" } };
    expect(thrown(() => normalizeExpected({ a: badOperator, b: badValue }))).toEqual({
      type: "ValidationException",
      message:
        "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a",
    });
    expect(thrown(() => normalizeExpected({ b: badValue, a: badOperator })).message).toBe(
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
    expect(thrown(() => normalizeExpected({ "": badValue })).message).toMatch(/more than one datatypes/);
    expect(thrown(() => normalizeExpected({ "": { Exists: false }, a: badOperator })).message).toBe(
      "Empty attribute name",
    );
  });

  it("item requests: an invalid Expected value is refused with DynamoDB's message", () => {
    expect(thrown(() => normalizeExpected({ a: { Value: { SS: ["x", "x"] } } }))).toEqual({
      type: "ValidationException",
      message: "One or more parameter values were invalid: Input collection [x, x] contains duplicates.",
    });
  });
});
