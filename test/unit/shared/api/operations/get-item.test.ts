import { describe, expect, it } from "vitest";
import { validateGetItem } from "../../../../../shared/api/operations/get-item";
import { thrown } from "./helpers";

const body = (extra: Record<string, unknown>) => ({ TableName: "abc", Key: { pk: { S: "a" } }, ...extra });

describe("GetItem validation", () => {
  it.each([
    [
      {},
      "ValidationException",
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'key' failed to satisfy constraint: Member must not be null",
    ],
    [
      body({ AttributesToGet: [] }),
      "ValidationException",
      "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [body({ ConsistentRead: "maybe" }), "SerializationException", "Unexpected token received from parser"],
    [
      body({ Key: [] }),
      "SerializationException",
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    ],
  ])("GetItem: %j fails with %s: %s", (request, type, message) => {
    expect(thrown(() => validateGetItem(request as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [
      "the expression/legacy mix before key values",
      { Key: { pk: { N: "x" } }, ProjectionExpression: "a", AttributesToGet: ["a"] },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    ],
    [
      "ExpressionAttributeNames without an expression before key values",
      { Key: { pk: { N: "x" } }, ExpressionAttributeNames: { "#a": "a" } },
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "key values before AttributesToGet duplicates",
      { Key: { pk: { N: "x" } }, AttributesToGet: ["a", "a"] },
      "The parameter cannot be converted to a numeric value: x",
    ],
    [
      "AttributesToGet duplicates",
      { AttributesToGet: ["a", "b", "a"] },
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      "the projection",
      { ProjectionExpression: "a, #b" },
      "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
    ],
  ])("GetItem: reports %s", (_, extra, message) => {
    expect(thrown(() => validateGetItem(body(extra)))).toEqual({ type: "ValidationException", message });
  });

  it("GetItem: returns the normalized key and the projection paths", () => {
    const { input, expressions } = validateGetItem(
      body({
        Key: { pk: { N: "1.0" } },
        ProjectionExpression: "a.b[2], #c",
        ExpressionAttributeNames: { "#c": "c.d" },
      }),
    );
    expect(input.Key).toEqual({ pk: { N: "1" } });
    expect(expressions.projection).toEqual([["a", "b", 2], ["c.d"]]);
  });

  it("GetItem: AttributesToGet become one-element paths", () => {
    expect(validateGetItem(body({ AttributesToGet: ["a.b", "c"] })).expressions.projection).toEqual([["a.b"], ["c"]]);
  });
});
