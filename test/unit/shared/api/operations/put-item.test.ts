import { describe, expect, it } from "vitest";
import { validatePutItem } from "../../../../../shared/api/operations/put-item";
import { thrown } from "./helpers";

const TABLE = "abc";
const ITEM = { pk: { S: "a" } };
const body = (extra: Record<string, unknown>) => ({ TableName: TABLE, Item: ITEM, ...extra });

describe("PutItem validation", () => {
  it.each([
    [
      {},
      "ValidationException",
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'item' failed to satisfy constraint: Member must not be null",
    ],
    [
      { TableName: "", Item: ITEM, ReturnValues: "hi", ReturnConsumedCapacity: "hi" },
      "ValidationException",
      "3 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    ],
    [{ TableName: TABLE, Item: "x" }, "SerializationException", "Unexpected field type"],
    [body({ ConditionExpression: 1 }), "SerializationException", "NUMBER_VALUE cannot be converted to String"],
  ])("PutItem: %j fails with %s: %s", (request, type, message) => {
    expect(thrown(() => validatePutItem(request as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [
      "the expression/legacy mix before item values",
      { Item: { pk: { N: "x" } }, ConditionExpression: "a = b", Expected: { a: { Exists: false } } },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    ],
    [
      "ExpressionAttributeValues without an expression before item values",
      { Item: { pk: { N: "x" } }, ExpressionAttributeValues: { ":a": { S: "a" } } },
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    ],
    [
      "item values before ReturnValues",
      { Item: { pk: { SS: [] } }, ReturnValues: "ALL_NEW" },
      "One or more parameter values were invalid: An string set  may not be empty",
    ],
    [
      "ReturnValues before the item size",
      { Item: { pk: { S: "x".repeat(400 * 1024) } }, ReturnValues: "UPDATED_NEW" },
      "ReturnValues can only be ALL_OLD or NONE",
    ],
    [
      "the item size before Expected",
      { Item: { pk: { S: "x".repeat(400 * 1024) } }, Expected: { a: {} } },
      "Item size has exceeded the maximum allowed size",
    ],
    [
      "Expected before expression attribute values",
      { Expected: { a: { Exists: true } } },
      "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a",
    ],
    [
      "a null Expected entry as a constraint",
      { Expected: { a: null } },
      "1 validation error detected: Value null at 'expected.a.member' failed to satisfy constraint: Member must not be null",
    ],
    [
      "an invalid Expected value",
      { Expected: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1e200" }] } } },
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
    [
      "an invalid expression attribute value",
      { ConditionExpression: "a = :a", ExpressionAttributeValues: { ":a": { SS: ["x", "x"] } } },
      "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Input collection [x, x] contains duplicates. for key :a",
    ],
    [
      "an unused expression attribute name",
      {
        ConditionExpression: "a = :a",
        ExpressionAttributeValues: { ":a": { S: "x" } },
        ExpressionAttributeNames: { "#b": "b" },
      },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
    ],
  ])("PutItem: reports %s", (_, extra, message) => {
    expect(thrown(() => validatePutItem(body(extra)))).toEqual({ type: "ValidationException", message });
  });

  it("PutItem: an empty Item passes validation (the key is checked against the table later)", () => {
    expect(validatePutItem({ TableName: TABLE, Item: {} }).input.Item).toEqual({});
  });

  it.each(["ALL_OLD", "NONE"])("PutItem: ReturnValues %s is accepted", (ReturnValues) => {
    expect(validatePutItem(body({ ReturnValues })).input.ReturnValues).toBe(ReturnValues);
  });

  it("PutItem: returns the normalized item and condition, and drops unknown members", () => {
    const { input, expressions } = validatePutItem(
      body({
        Item: { pk: { S: "a" }, n: { N: "01.50" }, l: { L: [{ NS: ["1.0", "2"] }] } },
        ConditionExpression: "n < :v",
        ExpressionAttributeValues: { ":v": { N: "2.00" } },
        Whatever: true,
      }),
    );
    expect(input).not.toHaveProperty("Whatever");
    expect(input.Item).toEqual({ pk: { S: "a" }, n: { N: "1.5" }, l: { L: [{ NS: ["1", "2"] }] } });
    expect(expressions.condition).toEqual({
      kind: "compare",
      op: "<",
      left: { kind: "path", path: ["n"] },
      right: { kind: "value", value: { N: "2" } },
    });
  });

  it("PutItem: legacy Expected values are normalized into the condition", () => {
    const { expressions } = validatePutItem(body({ Expected: { n: { Value: { N: "1.50" } } } }));
    expect(expressions.condition).toEqual({
      kind: "compare",
      op: "=",
      left: { kind: "path", path: ["n"] },
      right: { kind: "value", value: { N: "1.5" } },
    });
  });
});
