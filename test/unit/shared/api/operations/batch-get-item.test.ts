import { describe, expect, it } from "vitest";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import { invalidNumberMessage } from "../../../../../shared/api/numbers";
import { PARAMETERIZED_CAST } from "../../../../../shared/api/operations/batch-common";
import { checkBatchGetKeys, validateBatchGetItem } from "../../../../../shared/api/operations/batch-get-item";
import { thrown } from "./helpers";

const key = (a: string) => ({ a: { S: a } });
const keys = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => key(`${prefix}${i}`));
const one = (request: Record<string, unknown>) => ({ RequestItems: { tbl: { Keys: [key("x")], ...request } } });

describe("BatchGetItem validation", () => {
  it.each([
    ["RequestItems as a string", { RequestItems: "x" }, "Unexpected field type"],
    [
      "RequestItems as a list",
      { RequestItems: [] },
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.KeysAndAttributes>",
    ],
    ["a table's value as a number", { RequestItems: { tbl: 1 } }, "Unexpected value type in payload"],
    [
      "a table's value as a list",
      { RequestItems: { tbl: [] } },
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeysAndAttributes",
    ],
    ["Keys as a string", { RequestItems: { tbl: { Keys: "x" } } }, "Unexpected field type"],
    ["Keys as a map", { RequestItems: { tbl: { Keys: {} } } }, "Start of structure or map found where not expected"],
    ["a key as a string", { RequestItems: { tbl: { Keys: ["x"] } } }, PARAMETERIZED_CAST],
    [
      "a key as a list",
      { RequestItems: { tbl: { Keys: [[]] } } },
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    ],
    ["a key value as a string", { RequestItems: { tbl: { Keys: [{ a: "x" }] } } }, "Unexpected value type in payload"],
    ["ConsistentRead not a boolean", one({ ConsistentRead: "maybe" }), "Unexpected token received from parser"],
    ["ReturnConsumedCapacity as a number", { ReturnConsumedCapacity: 1 }, "NUMBER_VALUE cannot be converted to String"],
  ])("BatchGetItem: %s is a SerializationException", (_, body, message) => {
    expect(thrown(() => validateBatchGetItem(body))).toEqual({ type: "SerializationException", message });
  });

  it.each([
    [
      "no RequestItems",
      {},
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a table without Keys",
      { RequestItems: { tbl: {} } },
      "1 validation error detected: Value null at 'requestItems.tbl.member.keys' failed to satisfy constraint: Member must not be null",
    ],
    [
      "empty Keys",
      { RequestItems: { tbl: { Keys: [] } } },
      "1 validation error detected: Value '[]' at 'requestItems.tbl.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      "empty AttributesToGet",
      one({ AttributesToGet: [] }),
      "1 validation error detected: Value '[]' at 'requestItems.tbl.member.attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      "a bad table name and a bad ReturnConsumedCapacity, together, the table name first",
      { ReturnConsumedCapacity: "ALL", RequestItems: { "a;b": { Keys: [key("x")] } } },
      `2 validation errors detected: Value '{"a;b":{"Keys":[{"a":{"S":"x"}}]}}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]; ` +
        "Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
    ],
    [
      "two bad table names, as one constraint",
      { RequestItems: { "a;b": { Keys: [key("x")] }, c: { Keys: [key("x")] } } },
      `1 validation error detected: Value '{"a;b":{"Keys":[{"a":{"S":"x"}}]},"c":{"Keys":[{"a":{"S":"x"}}]}}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]`,
    ],
  ])("BatchGetItem: %s fails its constraints", (_, body, message) => {
    expect(thrown(() => validateBatchGetItem(body))).toEqual({ type: "ValidationException", message });
  });

  it.each([
    ["alone", { RequestItems: {} }],
    ["ahead of a bad enum", { RequestItems: {}, ReturnConsumedCapacity: "BOGUS" }],
  ])("BatchGetItem: empty RequestItems is 'The requestItems parameter is required for BatchGetItem', %s", (_, body) => {
    expect(thrown(() => validateBatchGetItem(body))).toEqual({
      type: "ValidationException",
      message: "The requestItems parameter is required for BatchGetItem",
    });
  });

  it("BatchGetItem: more than 100 keys for one table fails the Keys length constraint", () => {
    const { message } = thrown(() => validateBatchGetItem({ RequestItems: { tbl: { Keys: keys(101) } } }));
    expect(message).toMatch(/^1 validation error detected: Value '.*' at 'requestItems\.tbl\.member\.keys' failed/);
    expect(message).toMatch(/Member must have length less than or equal to 100$/);
  });

  it.each([
    [
      "more than 100 keys over all tables",
      { RequestItems: { one: { Keys: keys(60) }, two: { Keys: keys(41) } } },
      "Too many items requested for the BatchGetItem call",
    ],
    [
      "the same key twice",
      { RequestItems: { tbl: { Keys: [key("x"), key("y"), key("x")] } } },
      "Provided list of item keys contains duplicates",
    ],
    [
      "the same number written two ways",
      { RequestItems: { tbl: { Keys: [{ n: { N: "1" } }, { n: { N: "1.0" } }] } } },
      "Provided list of item keys contains duplicates",
    ],
    [
      "AttributesToGet with ProjectionExpression",
      one({ AttributesToGet: ["a"], ProjectionExpression: "a" }),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    ],
    [
      "a repeated name in AttributesToGet",
      one({ AttributesToGet: ["a", "b", "a"] }),
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      "ExpressionAttributeNames without an expression",
      one({ ExpressionAttributeNames: { "#a": "a" } }),
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "a malformed ProjectionExpression",
      one({ ProjectionExpression: "a," }),
      'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","',
    ],
    [
      "an unused expression attribute name",
      one({ ProjectionExpression: "a", ExpressionAttributeNames: { "#b": "b" } }),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
    ],
    [
      "the same key with its attributes in another order",
      {
        RequestItems: {
          tbl: {
            Keys: [
              { a: { S: "x" }, b: { N: "1" } },
              { b: { N: "1" }, a: { S: "x" } },
            ],
          },
        },
      },
      "Provided list of item keys contains duplicates",
    ],
    [
      "empty ExpressionAttributeNames, before duplicate keys",
      { RequestItems: { tbl: { Keys: [key("x"), key("x")], ExpressionAttributeNames: {}, ProjectionExpression: "" } } },
      "ExpressionAttributeNames must not be empty",
    ],
    [
      "an empty ProjectionExpression",
      { RequestItems: { tbl: { Keys: [{}], ProjectionExpression: "" } } },
      "Invalid ProjectionExpression: The expression can not be empty;",
    ],
    [
      "a repeated AttributesToGet name, before duplicate keys",
      { RequestItems: { tbl: { Keys: [key("x"), key("x")], AttributesToGet: ["a", "a"] } } },
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      "a null key, after the keys before it",
      { RequestItems: { tbl: { Keys: [key("x"), null, { a: { N: "x" } }] } } },
      "The list of keys in RequestItems for BatchGetItem may not contain null or empty values: tbl has one or more empty keys",
    ],
    ["an invalid number in a key", { RequestItems: { tbl: { Keys: [{ a: { N: "x" } }] } } }, invalidNumberMessage("x")],
  ])("BatchGetItem: rejects %s", (_, body, message) => {
    expect(thrown(() => validateBatchGetItem(body))).toEqual({ type: "ValidationException", message });
  });

  it("BatchGetItem: 100 keys over two tables are accepted, the same key in two tables is no duplicate", () => {
    const { tables } = validateBatchGetItem({ RequestItems: { one: { Keys: keys(50) }, two: { Keys: keys(50) } } });
    expect(tables.map((t) => [t.tableName, t.request.Keys.length])).toEqual([
      ["one", 50],
      ["two", 50],
    ]);
  });

  it("BatchGetItem: keeps each table's options, normalizes keys and parses its projection", () => {
    const { input, tables } = validateBatchGetItem({
      ReturnConsumedCapacity: "TOTAL",
      RequestItems: {
        one: { Keys: [{ n: { N: "01.50" } }], ConsistentRead: true, AttributesToGet: ["x"] },
        two: { Keys: [key("y")], ProjectionExpression: "#p.q", ExpressionAttributeNames: { "#p": "p" } },
      },
    });
    expect(input.ReturnConsumedCapacity).toBe("TOTAL");
    expect(tables).toEqual([
      {
        tableName: "one",
        request: { Keys: [{ n: { N: "1.5" } }], ConsistentRead: true, AttributesToGet: ["x"] },
        projection: [["x"]],
        consistent: true,
      },
      {
        tableName: "two",
        request: { Keys: [key("y")], ProjectionExpression: "#p.q", ExpressionAttributeNames: { "#p": "p" } },
        projection: [["p", "q"]],
        consistent: false,
      },
    ]);
  });
});

describe("BatchGetItem keys against the table's schema", () => {
  const schema: KeySchema = { hash: { name: "a", type: "S" }, range: { name: "b", type: "N" } };
  const mismatch = { type: "ValidationException", message: "The provided key element does not match the schema" };

  it.each([
    ["a key missing its sort key", [key("x")]],
    ["a key with an extra attribute", [{ ...key("x"), b: { N: "1" }, c: { S: "z" } }]],
    ["a key of the wrong type", [{ a: { N: "1" }, b: { N: "1" } }]],
    ["an empty key", [{}]],
  ])("BatchGetItem: %s does not match the schema", (_, keys) => {
    expect(thrown(() => checkBatchGetKeys(keys, schema))).toEqual(mismatch);
  });

  it("BatchGetItem: keys matching the schema pass", () => {
    expect(() => checkBatchGetKeys([{ ...key("x"), b: { N: "1" } }], schema)).not.toThrow();
  });
});
