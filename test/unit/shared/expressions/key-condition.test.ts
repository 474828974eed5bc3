// Messages below were checked against DynamoDB Local (which omits the key name after "missed
// key schema element: "; DynamoDB itself names it).
import { describe, expect, it } from "vitest";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { checkFilterAvoidsKeys, keyConditionFromExpression } from "../../../../shared/expressions/key-condition";
import type { Values } from "./helpers";
import { condition, validationMessage } from "./helpers";

const RANGE: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } };
const HASH: KeySchema = { hash: { name: "pk", type: "S" } };
const values: Values = { ":p": { S: "a" }, ":n": { N: "1" }, ":m": { N: "2" } };

const keys = (text: string, schema: KeySchema = RANGE, vals: Values = values) =>
  keyConditionFromExpression(condition(text, vals, undefined, "KeyConditionExpression"), schema);

describe("key condition: accepted forms", () => {
  it.each([
    ["pk = :p", { hash: { name: "pk", value: { S: "a" } } }],
    [
      "pk = :p AND sk = :n",
      { hash: { name: "pk", value: { S: "a" } }, range: { name: "sk", op: "=", values: [{ N: "1" }] } },
    ],
    [
      "sk < :n AND pk = :p",
      { hash: { name: "pk", value: { S: "a" } }, range: { name: "sk", op: "<", values: [{ N: "1" }] } },
    ],
    [
      ":n < sk AND :p = pk",
      { hash: { name: "pk", value: { S: "a" } }, range: { name: "sk", op: ">", values: [{ N: "1" }] } },
    ],
    [
      "pk = :p AND :n >= sk",
      { hash: { name: "pk", value: { S: "a" } }, range: { name: "sk", op: "<=", values: [{ N: "1" }] } },
    ],
    [
      "(pk = :p) AND (sk BETWEEN :n AND :m)",
      {
        hash: { name: "pk", value: { S: "a" } },
        range: { name: "sk", op: "BETWEEN", values: [{ N: "1" }, { N: "2" }] },
      },
    ],
    ["#k = :p", { hash: { name: "pk", value: { S: "a" } } }],
  ])("key condition: %s", (text, expected) => {
    const vals = text.includes(":m")
      ? values
      : Object.fromEntries(Object.entries(values).filter(([k]) => text.includes(k)));
    expect(keyConditionFromExpression(condition(text, vals, { "#k": "pk" }, "KeyConditionExpression"), RANGE)).toEqual(
      expected,
    );
  });

  it("key condition: begins_with on a string or binary sort key", () => {
    const schema: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "S" } };
    expect(keys("pk = :p AND begins_with(sk, :p)", schema, { ":p": { S: "a" } }).range).toEqual({
      name: "sk",
      op: "begins_with",
      values: [{ S: "a" }],
    });
  });
});

describe("key condition: errors", () => {
  it.each<[string, KeySchema, string]>([
    ["sk = :n", RANGE, "Query condition missed key schema element: pk"],
    ["pk = :p AND x = :n", RANGE, "Query condition missed key schema element: sk"],
    ["pk = :p AND x = :n", HASH, "Query key condition not supported"],
    ["pk < :p", RANGE, "Query key condition not supported"],
    ["begins_with(pk, :p)", RANGE, "Query key condition not supported"],
    ["pk BETWEEN :p AND :p", RANGE, "Query key condition not supported"],
    ["pk < :p AND sk = :n", RANGE, "Query key condition not supported"],
    ["pk = :p OR sk = :n", RANGE, "Invalid operator used in KeyConditionExpression: OR"],
    ["NOT pk = :p", RANGE, "Invalid operator used in KeyConditionExpression: NOT"],
    ["pk = :p AND sk <> :n", RANGE, "Invalid operator used in KeyConditionExpression: <>"],
    ["pk IN (:p)", RANGE, "Invalid operator used in KeyConditionExpression: IN"],
    ["attribute_exists(pk)", RANGE, "Invalid operator used in KeyConditionExpression: attribute_exists"],
    ["pk = :p AND contains(sk, :n)", RANGE, "Invalid operator used in KeyConditionExpression: contains"],
    ["pk = :p AND size(sk) = :n", RANGE, "KeyConditionExpressions cannot contain nested operations"],
    [
      "pk = :p AND contains(x, :n) AND size(sk) = :n",
      RANGE,
      "Invalid operator used in KeyConditionExpression: contains",
    ],
    ["pk = :p AND pk = :p", RANGE, "KeyConditionExpressions must only contain one condition per key"],
    ["(pk = :p AND sk = :n) AND sk = :n", RANGE, "KeyConditionExpressions must only contain one condition per key"],
    ["pk = :p AND sk = :n AND x = :n", RANGE, "Conditions can be of length 1 or 2 only"],
    [
      "pk = :p AND :n BETWEEN sk AND :n",
      RANGE,
      "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
    ],
    [
      "pk = :p AND begins_with(:p, sk)",
      RANGE,
      "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
    ],
    [
      "pk = :p AND sk = pk",
      RANGE,
      "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
    ],
    ["pk = :p AND :n = :n", RANGE, "Invalid condition in KeyConditionExpression: No key attribute specified"],
    [
      "pk.a = :p",
      RANGE,
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [
      "pk = :p AND sk[1] = :n",
      RANGE,
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: sk",
    ],
    ["pk = :p AND x.y = :n", RANGE, "KeyConditionExpressions cannot have conditions on nested attributes"],
    [
      "pk = :n",
      RANGE,
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    ],
    [
      "pk = :p AND sk = :p",
      RANGE,
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    ],
    [
      "pk = :p AND begins_with(sk, :p)",
      RANGE,
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    ],
  ])("key condition: %s is refused", (text, schema, message) => {
    expect(validationMessage(() => keys(text, schema))).toBe(message);
  });

  it("key condition: an empty string partition key value is refused before the sort key type", () => {
    expect(validationMessage(() => keys("pk = :e AND sk = :p", RANGE, { ":e": { S: "" }, ":p": { S: "1" } }))).toBe(
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
  });

  it("key condition: static checks still apply with the KeyConditionExpression label", () => {
    expect(validationMessage(() => keys("pk = :p AND sk BETWEEN :m AND :n"))).toBe(
      "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}",
    );
  });
});

describe("filter on a Query", () => {
  it.each([
    ["sk = :n", "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"],
    [
      "x = :n OR size(pk) = :n",
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk",
    ],
    [
      "attribute_exists(pk.a)",
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk",
    ],
  ])("filter: %s names a key attribute", (text, message) => {
    expect(validationMessage(() => checkFilterAvoidsKeys(condition(text, { ":n": { N: "1" } }), RANGE))).toBe(message);
  });

  it("filter: other attributes are fine", () => {
    expect(() => checkFilterAvoidsKeys(condition("x = :n AND y.pk = :n", { ":n": { N: "1" } }), RANGE)).not.toThrow();
  });
});
