import { describe, expect, it } from "vitest";
import { validateDeleteItem } from "../../../../../shared/api/operations/delete-item";
import { thrown } from "./helpers";

const body = (extra: Record<string, unknown>) => ({ TableName: "abc", Key: { pk: { S: "a" } }, ...extra });

describe("DeleteItem validation", () => {
  it.each([
    [
      {},
      "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'key' failed to satisfy constraint: Member must not be null",
    ],
    [
      body({ ReturnValues: "ALL", ReturnItemCollectionMetrics: "ALL" }),
      "2 validation errors detected: Value 'ALL' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; Value 'ALL' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]",
    ],
    [
      body({ ReturnValuesOnConditionCheckFailure: "ALL_NEW" }),
      "1 validation error detected: Value 'ALL_NEW' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    ],
  ])("DeleteItem: %j fails: %s", (request, message) => {
    expect(thrown(() => validateDeleteItem(request as Record<string, unknown>))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it.each([
    [
      "the expression/legacy mix before key values",
      { Key: { pk: { S: "a", N: "1" } }, ConditionExpression: "a = b", Expected: { a: { Exists: false } } },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    ],
    [
      "key values before ReturnValues",
      { Key: { pk: { S: "a", N: "1" } }, ReturnValues: "ALL_NEW" },
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    ],
    [
      "ReturnValues other than ALL_OLD or NONE",
      { ReturnValues: "UPDATED_OLD" },
      "ReturnValues can only be ALL_OLD or NONE",
    ],
    [
      "ReturnValues before Expected",
      { ReturnValues: "ALL_NEW", Expected: { a: {} } },
      "ReturnValues can only be ALL_OLD or NONE",
    ],
    [
      "Expected with AttributeValueList and Value",
      { Expected: { a: { Value: { S: "x" }, AttributeValueList: [{ S: "x" }], ComparisonOperator: "EQ" } } },
      "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a",
    ],
    [
      "ConditionalOperator without Expected",
      { ConditionalOperator: "AND" },
      "ConditionalOperator cannot be used without Filter or Expected",
    ],
    [
      "the condition",
      { ConditionExpression: "attribute_exists(a) AND" },
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
    ],
  ])("DeleteItem: reports %s", (_, extra, message) => {
    expect(thrown(() => validateDeleteItem(body(extra)))).toEqual({ type: "ValidationException", message });
  });

  it("DeleteItem: returns the normalized key and the condition", () => {
    const { input, expressions } = validateDeleteItem(
      body({ Key: { pk: { N: "-0" } }, ReturnValues: "ALL_OLD", ConditionExpression: "attribute_exists(pk)" }),
    );
    expect(input.Key).toEqual({ pk: { N: "0" } });
    expect(input.ReturnValues).toBe("ALL_OLD");
    expect(expressions.condition).toEqual({ kind: "attribute_exists", path: ["pk"] });
  });
});
