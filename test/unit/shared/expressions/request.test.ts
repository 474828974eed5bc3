// Messages below were checked against DynamoDB Local.
import { describe, expect, it } from "vitest";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { checkExpressionParameters } from "../../../../shared/expressions/parameters";
import type { ExpressionRequest } from "../../../../shared/expressions/request";
import { parseRequestExpressions, resolveQueryKeys } from "../../../../shared/expressions/request";
import { validationMessage } from "./helpers";

const v = { ":v": { S: "a" } };
const mixed = (legacy: string, expressions: string) =>
  `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy}} Expression parameters: {${expressions}}`;

describe("parameters: combination rules", () => {
  it.each<[Parameters<typeof checkExpressionParameters>[0], Record<string, unknown>, string]>([
    ["PutItem", { Expected: {}, ConditionExpression: "a = :v" }, mixed("Expected", "ConditionExpression")],
    [
      "PutItem",
      { ConditionalOperator: "OR", ConditionExpression: "a = :v" },
      mixed("ConditionalOperator", "ConditionExpression"),
    ],
    [
      "DeleteItem",
      { ConditionalOperator: "OR", Expected: {}, ConditionExpression: "x" },
      mixed("Expected, ConditionalOperator", "ConditionExpression"),
    ],
    [
      "UpdateItem",
      { ConditionExpression: "x", UpdateExpression: "y", Expected: {}, AttributeUpdates: {} },
      mixed("AttributeUpdates, Expected", "UpdateExpression, ConditionExpression"),
    ],
    ["UpdateItem", { Expected: {}, UpdateExpression: "y" }, mixed("Expected", "UpdateExpression")],
    [
      "GetItem",
      { AttributesToGet: ["a"], ProjectionExpression: "a" },
      mixed("AttributesToGet", "ProjectionExpression"),
    ],
    ["Query", { KeyConditionExpression: "x", QueryFilter: {} }, mixed("QueryFilter", "KeyConditionExpression")],
    [
      "Query",
      { KeyConditionExpression: "x", KeyConditions: {}, FilterExpression: "y", ProjectionExpression: "z" },
      mixed("KeyConditions", "ProjectionExpression, FilterExpression, KeyConditionExpression"),
    ],
    [
      "Query",
      {
        QueryFilter: {},
        ConditionalOperator: "OR",
        AttributesToGet: ["x"],
        KeyConditions: {},
        ProjectionExpression: "x",
        FilterExpression: "y",
        KeyConditionExpression: "z",
      },
      mixed(
        "AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions",
        "ProjectionExpression, FilterExpression, KeyConditionExpression",
      ),
    ],
    [
      "Scan",
      {
        ScanFilter: {},
        AttributesToGet: ["x"],
        ConditionalOperator: "OR",
        ProjectionExpression: "x",
        FilterExpression: "y",
      },
      mixed("AttributesToGet, ScanFilter, ConditionalOperator", "ProjectionExpression, FilterExpression"),
    ],
    [
      "PutItem",
      { ExpressionAttributeNames: { "#a": "a" } },
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "Scan",
      { ScanFilter: {}, ExpressionAttributeNames: { "#a": "a" } },
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "PutItem",
      { ExpressionAttributeValues: v },
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    ],
    [
      "UpdateItem",
      { ExpressionAttributeValues: v },
      "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
    ],
    [
      "Query",
      { KeyConditions: {}, ExpressionAttributeValues: v },
      "ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null",
    ],
    [
      "Scan",
      { ProjectionExpression: "a", ExpressionAttributeValues: v },
      "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null",
    ],
  ])("parameters: %s %j is refused", (operation, request, message) => {
    expect(validationMessage(() => checkExpressionParameters(operation, request))).toBe(message);
  });

  it.each<[Parameters<typeof checkExpressionParameters>[0], Record<string, unknown>]>([
    ["Query", { KeyConditions: {}, FilterExpression: "x", ProjectionExpression: "y" }],
    ["GetItem", { ProjectionExpression: "a", ExpressionAttributeValues: v }],
    ["PutItem", { Expected: {}, ConditionalOperator: "OR" }],
  ])("parameters: %s %j is allowed", (operation, request) => {
    expect(() => checkExpressionParameters(operation, request)).not.toThrow();
  });
});

describe("request: parseRequestExpressions", () => {
  const schema: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } };

  it("request: parses every expression of an UpdateItem with shared placeholders", () => {
    const parsed = parseRequestExpressions("UpdateItem", {
      UpdateExpression: "SET #a = :v",
      ConditionExpression: "attribute_exists(#a)",
      ExpressionAttributeNames: { "#a": "a" },
      ExpressionAttributeValues: v,
    });
    expect(parsed.update?.actions).toEqual([{ kind: "set", path: ["a"], value: { kind: "value", value: { S: "a" } } }]);
    expect(parsed.condition).toEqual({ kind: "attribute_exists", path: ["a"] });
  });

  it.each<[Parameters<typeof parseRequestExpressions>[0], ExpressionRequest, string]>([
    [
      "UpdateItem",
      { UpdateExpression: "SET a = :x", ConditionExpression: "b = :y", ExpressionAttributeValues: v },
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x",
    ],
    [
      "Query",
      {
        KeyConditionExpression: "pk = :x",
        FilterExpression: "x = :y",
        ProjectionExpression: "status",
        ExpressionAttributeValues: v,
      },
      "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :y",
    ],
    [
      "Query",
      { KeyConditionExpression: "pk = = :v", ProjectionExpression: "status", ExpressionAttributeValues: v },
      "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status",
    ],
    [
      "Query",
      {
        KeyConditionExpression: "pk = :v",
        ProjectionExpression: "x",
        ExpressionAttributeValues: v,
        ExpressionAttributeNames: { "#a": "a" },
      },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}",
    ],
    ["Query", {}, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."],
    [
      "Query",
      { FilterExpression: "a = :v", ExpressionAttributeValues: v },
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    ],
    [
      "PutItem",
      { ConditionExpression: "a = :v", ExpressionAttributeValues: { ...v, ":w": { S: "b" } } },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    ],
    [
      "PutItem",
      { Expected: { a: { Exists: true } } },
      "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a",
    ],
    ["GetItem", { AttributesToGet: ["a", "a"] }, "Cannot have two attributes with the same name"],
  ])("request: %s %j reports DynamoDB's first error", (operation, request, message) => {
    expect(validationMessage(() => parseRequestExpressions(operation, request))).toBe(message);
  });

  it("request: GetItem ignores ExpressionAttributeValues, as DynamoDB does", () => {
    expect(
      parseRequestExpressions("GetItem", { ProjectionExpression: "a", ExpressionAttributeValues: v }).projection,
    ).toEqual([["a"]]);
  });

  it("request: legacy parameters land in the same slots as expressions", () => {
    const parsed = parseRequestExpressions("Scan", {
      ScanFilter: { a: { ComparisonOperator: "NULL" }, b: { ComparisonOperator: "NOT_NULL" } },
      ConditionalOperator: "OR",
      AttributesToGet: ["a"],
    });
    expect(parsed.filter?.kind).toBe("or");
    expect(parsed.filterSource).toBe("ScanFilter");
    expect(parsed.projection).toEqual([["a"]]);
  });

  it("request: Query key conditions are checked once the key schema is known", () => {
    const parsed = parseRequestExpressions("Query", {
      KeyConditionExpression: "pk = :p AND sk > :n",
      FilterExpression: "x = :n",
      ExpressionAttributeValues: { ":p": { S: "a" }, ":n": { N: "1" } },
    });
    expect(resolveQueryKeys(parsed, schema)).toEqual({
      hash: { name: "pk", value: { S: "a" } },
      range: { name: "sk", op: ">", values: [{ N: "1" }] },
    });
  });

  it("request: a Query filter may not name key attributes (expression and legacy wording)", () => {
    const expression = parseRequestExpressions("Query", {
      KeyConditionExpression: "pk = :p",
      FilterExpression: "sk = :n",
      ExpressionAttributeValues: { ":p": { S: "a" }, ":n": { N: "1" } },
    });
    expect(validationMessage(() => resolveQueryKeys(expression, schema))).toBe(
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    );
    const legacy = parseRequestExpressions("Query", {
      KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } },
      QueryFilter: { pk: { ComparisonOperator: "NULL" } },
    });
    expect(validationMessage(() => resolveQueryKeys(legacy, schema))).toBe(
      "QueryFilter can only contain non-primary key attributes: Primary key attribute: pk",
    );
  });
});
