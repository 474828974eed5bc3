import { describe, expect, it } from "vitest";
import { validateUpdateItem } from "../../../../../shared/api/operations/update-item";
import { thrown } from "./helpers";

const body = (extra: Record<string, unknown>) => ({ TableName: "abc", Key: { pk: { S: "a" } }, ...extra });
const invalid = (detail: string) => `One or more parameter values were invalid: ${detail}`;

describe("UpdateItem validation", () => {
  it.each([
    [
      {},
      "ValidationException",
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'key' failed to satisfy constraint: Member must not be null",
    ],
    [
      {
        TableName: "",
        Key: {},
        ReturnConsumedCapacity: "hi",
        ReturnItemCollectionMetrics: "hi",
        ReturnValues: "hi",
      },
      "ValidationException",
      "4 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    ],
    [body({ AttributeUpdates: { a: "x" } }), "SerializationException", "Unexpected value type in payload"],
    [body({ UpdateExpression: true }), "SerializationException", "TRUE_VALUE cannot be converted to String"],
  ])("UpdateItem: %j fails with %s: %s", (request, type, message) => {
    expect(thrown(() => validateUpdateItem(request as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [
      "the expression/legacy mix, listing every parameter",
      {
        Key: { pk: {} },
        Expected: { a: {} },
        AttributeUpdates: {},
        ConditionExpression: "",
        UpdateExpression: "",
      },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}",
    ],
    [
      "ExpressionAttributeValues with no expression",
      { Expected: { a: {} }, ExpressionAttributeValues: {} },
      "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
    ],
    [
      "key values before AttributeUpdates",
      { Key: { pk: { SS: [] } }, AttributeUpdates: { a: { Action: "PUT" } } },
      invalid("An string set  may not be empty"),
    ],
    [
      "AttributeUpdates before Expected",
      { Expected: { a: {} }, AttributeUpdates: { a: { Action: "ADD" } } },
      invalid("Only DELETE action is allowed when no attribute value is specified"),
    ],
    [
      "an unknown AttributeUpdates action",
      { AttributeUpdates: { a: { Action: "SET", Value: { S: "x" } } } },
      "Member must satisfy enum value set: [ADD, DELETE, PUT]",
    ],
    [
      "an AttributeUpdates action before its value",
      { AttributeUpdates: { a: { Action: "SET", Value: { SS: [] } } } },
      "Member must satisfy enum value set: [ADD, DELETE, PUT]",
    ],
    [
      "an AttributeUpdates value before its action rules",
      { AttributeUpdates: { a: { Action: "DELETE", Value: { N: "x" } } } },
      "The parameter cannot be converted to a numeric value: x",
    ],
    [
      "the first AttributeUpdates entry in error, in request order",
      { AttributeUpdates: { a: { Action: "ADD", Value: { S: "x" } }, b: { Value: { N: "x" } } } },
      invalid("ADD action is not supported for the type STRING"),
    ],
    [
      "DELETE with a non-set value",
      { AttributeUpdates: { a: { Action: "DELETE", Value: { L: [] } } } },
      invalid("DELETE action with value is not supported for the type LIST"),
    ],
    [
      "Expected after AttributeUpdates",
      { AttributeUpdates: { a: { Value: { S: "x" } } }, Expected: { a: { Exists: false, Value: { S: "x" } } } },
      invalid("Value cannot be used when Exists is false for Attribute: a"),
    ],
    [
      "the update expression",
      { UpdateExpression: "SET a = :v" },
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v",
    ],
    [
      "the update expression before the condition",
      { UpdateExpression: "SET", ConditionExpression: "" },
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"',
    ],
    [
      "unused values across both expressions",
      {
        UpdateExpression: "REMOVE a",
        ConditionExpression: "a = :b",
        ExpressionAttributeValues: { ":a": { S: "a" }, ":b": { S: "a" } },
      },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a}",
    ],
  ])("UpdateItem: reports %s", (_, extra, message) => {
    expect(thrown(() => validateUpdateItem(body(extra)))).toEqual({ type: "ValidationException", message });
  });

  it.each(["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "ALL_OLD", "NONE"])(
    "UpdateItem: ReturnValues %s is accepted",
    (mode) => {
      expect(validateUpdateItem(body({ ReturnValues: mode })).input.ReturnValues).toBe(mode);
    },
  );

  it("UpdateItem: without an update there is no update tree (the handler writes the key alone)", () => {
    expect(validateUpdateItem(body({})).expressions.update).toBeUndefined();
  });

  it("UpdateItem: AttributeUpdates become a legacy update with normalized values", () => {
    const { expressions } = validateUpdateItem(
      body({
        AttributeUpdates: {
          a: { Value: { N: "1.50" } },
          b: { Action: "ADD", Value: { NS: ["2.0"] } },
          c: { Action: "DELETE" },
          d: { Action: "DELETE", Value: { SS: ["x"] } },
        },
      }),
    );
    expect(expressions.update).toEqual({
      legacy: true,
      actions: [
        { kind: "set", path: ["a"], value: { kind: "value", value: { N: "1.5" } } },
        { kind: "add", path: ["b"], value: { NS: ["2"] } },
        { kind: "remove", path: ["c"] },
        { kind: "delete", path: ["d"], value: { SS: ["x"] } },
      ],
    });
  });

  it("UpdateItem: an UpdateExpression and a ConditionExpression share the placeholders", () => {
    const { expressions } = validateUpdateItem(
      body({
        UpdateExpression: "SET #a = :v ADD n :one",
        ConditionExpression: "#a <> :v",
        ExpressionAttributeNames: { "#a": "a.b" },
        ExpressionAttributeValues: { ":v": { S: "x" }, ":one": { N: "01" } },
      }),
    );
    expect(expressions.update?.actions).toEqual([
      { kind: "set", path: ["a.b"], value: { kind: "value", value: { S: "x" } } },
      { kind: "add", path: ["n"], value: { N: "1" } },
    ]);
    expect(expressions.condition).toMatchObject({ kind: "compare", op: "<>", left: { path: ["a.b"] } });
  });
});
