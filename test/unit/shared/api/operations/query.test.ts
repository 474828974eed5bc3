import { describe, expect, it } from "vitest";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import {
  checkSelect,
  resolveQuery,
  type Select,
  sortKeyMatches,
  validateQuery,
} from "../../../../../shared/api/operations/query";
import type { KeyCondition } from "../../../../../shared/expressions/ast";
import { resolveQueryKeys } from "../../../../../shared/expressions/request";
import { thrown } from "./helpers";

const KEY_A = { KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } } };
const EXPR_A = { KeyConditionExpression: "a = :a", ExpressionAttributeValues: { ":a": { S: "a" } } };

describe("Query validation without the table", () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "a missing TableName",
      {},
      "ValidationException",
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    ],
    [
      "constraint violations, in DynamoDB's member order (at most 10)",
      {
        TableName: "",
        ReturnConsumedCapacity: "hi",
        AttributesToGet: [],
        IndexName: "abc;",
        Select: "hi",
        Limit: -1,
        KeyConditions: { a: {}, b: { ComparisonOperator: "" } },
        ConditionalOperator: "AN",
        QueryFilter: { a: {}, b: { ComparisonOperator: "" } },
      },
      "ValidationException",
      "10 validation errors detected: " +
        "Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
        "Value 'abc;' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value null at 'queryFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'queryFilter.b.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]; " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]; " +
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value null at 'keyConditions.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a string Limit",
      { TableName: "abc", Limit: "1" },
      "SerializationException",
      "STRING_VALUE cannot be converted to Integer",
    ],
    [
      "expression and legacy parameters together",
      {
        TableName: "abc",
        ExclusiveStartKey: { a: {} },
        AttributesToGet: ["a", "a"],
        QueryFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        ConditionalOperator: "OR",
        KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        ProjectionExpression: "",
        FilterExpression: "",
        KeyConditionExpression: "",
      },
      "ValidationException",
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}",
    ],
    [
      "an empty value in QueryFilter (before AttributesToGet and the start key)",
      {
        TableName: "abc",
        ExclusiveStartKey: { a: {} },
        AttributesToGet: ["a", "a"],
        KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        QueryFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}, { S: "" }] } },
      },
      "ValidationException",
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    ],
    [
      "a QueryFilter operator with the wrong number of values",
      {
        TableName: "abc",
        ExclusiveStartKey: { a: {} },
        AttributesToGet: ["a", "a"],
        QueryFilter: { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ S: "a" }] } },
      },
      "ValidationException",
      "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator",
    ],
    [
      "a repeated name in AttributesToGet",
      { TableName: "abc", QueryFilter: {}, ExclusiveStartKey: { a: {} }, AttributesToGet: ["a", "a"] },
      "ValidationException",
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      "an empty start key value",
      { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "EQ" } }, ExclusiveStartKey: { a: {} } },
      "ValidationException",
      "The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    ],
    [
      "a start key value with two types",
      { TableName: "abc", ...KEY_A, ExclusiveStartKey: { a: { S: "a", N: "1" } } },
      "ValidationException",
      "The provided starting key is invalid: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    ],
    [
      "an empty string set in the start key",
      { TableName: "abc", ...KEY_A, ExclusiveStartKey: { a: { SS: [] } } },
      "ValidationException",
      "The provided starting key is invalid: One or more parameter values were invalid: An string set  may not be empty",
    ],
    [
      "an empty number set in the start key (reported without the prefix)",
      { TableName: "abc", ...KEY_A, ExclusiveStartKey: { a: { NS: [] } } },
      "ValidationException",
      "One or more parameter values were invalid: An number set  may not be empty",
    ],
    [
      "a bad number in the start key (reported without the prefix)",
      { TableName: "abc", ...KEY_A, ExclusiveStartKey: { a: { N: "1e126" } } },
      "ValidationException",
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
    [
      "no key condition at all",
      { TableName: "abc" },
      "ValidationException",
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    ],
    [
      "empty KeyConditions",
      { TableName: "abc", KeyConditions: {} },
      "ValidationException",
      "Conditions can be of length 1 or 2 only",
    ],
    [
      "three KeyConditions",
      {
        TableName: "abc",
        KeyConditions: {
          a: { ComparisonOperator: "NULL" },
          b: { ComparisonOperator: "NULL" },
          c: { ComparisonOperator: "NULL" },
        },
      },
      "ValidationException",
      "Conditions can be of length 1 or 2 only",
    ],
    [
      "a KeyConditions BETWEEN with its bounds reversed",
      {
        TableName: "abc",
        KeyConditions: { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ S: "b" }, { S: "a" }] } },
      },
      "ValidationException",
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    ],
    [
      "a KeyConditions value of an unorderable type",
      { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "GT", AttributeValueList: [{ BOOL: true }] } } },
      "ValidationException",
      "One or more parameter values were invalid: ComparisonOperator GT is not valid for BOOL AttributeValue type",
    ],
    [
      "an empty KeyConditionExpression",
      { TableName: "abc", KeyConditionExpression: "", ExpressionAttributeValues: { ":0": { S: "b" } } },
      "ValidationException",
      "Invalid KeyConditionExpression: The expression can not be empty;",
    ],
    [
      "an empty FilterExpression",
      {
        TableName: "abc",
        KeyConditionExpression: "attribute_type(a, :a)",
        FilterExpression: "",
        ProjectionExpression: "",
        ExpressionAttributeValues: { ":a": { S: "N" } },
      },
      "ValidationException",
      "Invalid FilterExpression: The expression can not be empty;",
    ],
    [
      "ExpressionAttributeValues without an expression",
      { TableName: "abc", ...KEY_A, ExpressionAttributeValues: { ":a": { S: "a" } } },
      "ValidationException",
      "ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null",
    ],
    [
      "an unused ExpressionAttributeNames entry",
      { TableName: "abc", ...EXPR_A, ExpressionAttributeNames: { "#n": "n" } },
      "ValidationException",
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
    ],
    [
      "Select ALL_ATTRIBUTES with AttributesToGet",
      { TableName: "abc", ...KEY_A, Select: "ALL_ATTRIBUTES", AttributesToGet: ["x"] },
      "ValidationException",
      "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES",
    ],
    [
      "Select COUNT with a ProjectionExpression",
      { TableName: "abc", ...EXPR_A, Select: "COUNT", ProjectionExpression: "x" },
      "ValidationException",
      "Cannot specify the ProjectionExpression when choosing to get only the Count",
    ],
    [
      "Select SPECIFIC_ATTRIBUTES without a projection",
      { TableName: "abc", ...EXPR_A, Select: "SPECIFIC_ATTRIBUTES" },
      "ValidationException",
      "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
    ],
    [
      "Select ALL_PROJECTED_ATTRIBUTES without an index",
      { TableName: "abc", ...EXPR_A, Select: "ALL_PROJECTED_ATTRIBUTES" },
      "ValidationException",
      "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    ],
  ])("Query: rejects %s", (_, body, type, message) => {
    expect(thrown(() => validateQuery(body))).toEqual({ type, message });
  });

  it.each([
    ["a > b and size(b) > c or a > c", "Invalid operator used in KeyConditionExpression: OR"],
    ["a in (b, size(c), d)", "Invalid operator used in KeyConditionExpression: IN"],
    ["attribute_exists(a)", "Invalid operator used in KeyConditionExpression: attribute_exists"],
    ["not a > b", "Invalid operator used in KeyConditionExpression: NOT"],
    ["a <> b", "Invalid operator used in KeyConditionExpression: <>"],
    ["a > size(b.d)", "KeyConditionExpressions cannot contain nested operations"],
    ["b > a.b", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"],
    [
      "begins_with(a, b)",
      "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
    ],
    ["a.d > c", "KeyConditionExpressions cannot have conditions on nested attributes"],
    ["b[0] > a", "KeyConditionExpressions cannot have conditions on nested attributes"],
  ])("Query: KeyConditionExpression %s fails before the table is known", (KeyConditionExpression, message) => {
    expect(thrown(() => validateQuery({ TableName: "abc", KeyConditionExpression }))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it.each([
    [":b > :a AND a < :b", "Invalid condition in KeyConditionExpression: No key attribute specified"],
    ["b > :a AND b < :a and c = :a and d = :a", "KeyConditionExpressions must only contain one condition per key"],
    [":a = a and b = :a and :a = c", "Conditions can be of length 1 or 2 only"],
    [
      "begins_with(:a, b) and a > :b",
      "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
    ],
  ])("Query: KeyConditionExpression %s fails before the table is known (with values)", (expression, message) => {
    const values = { ":a": { S: "1" }, ...(expression.includes(":b") ? { ":b": { S: "1" } } : {}) };
    expect(
      thrown(() =>
        validateQuery({ TableName: "abc", KeyConditionExpression: expression, ExpressionAttributeValues: values }),
      ),
    ).toEqual({ type: "ValidationException", message });
  });

  it("Query: normalizes numbers in the start key and in legacy conditions", () => {
    const { input, expressions } = validateQuery({
      TableName: "abc",
      KeyConditions: {
        a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] },
        b: { ComparisonOperator: "GT", AttributeValueList: [{ N: "010.50" }] },
      },
      QueryFilter: { c: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "1e2" }] } },
      ExclusiveStartKey: { a: { S: "a" }, b: { N: "+3.0" } },
    });
    expect(input.ExclusiveStartKey).toEqual({ a: { S: "a" }, b: { N: "3" } });
    expect(expressions.keyCondition).toEqual({
      source: "legacy",
      conditions: {
        a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] },
        b: { ComparisonOperator: "GT", AttributeValueList: [{ N: "10.5" }] },
      },
    });
    expect(expressions.filter).toMatchObject({ right: { kind: "value", value: { N: "100" } } });
  });

  it.each<[Select | undefined, { ProjectionExpression?: string; AttributesToGet?: string[]; IndexName?: string }]>([
    ["ALL_ATTRIBUTES", {}],
    ["SPECIFIC_ATTRIBUTES", { ProjectionExpression: "x" }],
    ["SPECIFIC_ATTRIBUTES", { AttributesToGet: ["x"] }],
    ["COUNT", {}],
    ["ALL_PROJECTED_ATTRIBUTES", { IndexName: "idx" }],
    [undefined, { ProjectionExpression: "x" }],
  ])("checkSelect: accepts Select %s with %j", (Select, rest) => {
    expect(() => checkSelect({ Select, ...rest })).not.toThrow();
  });
});

const RANGE: KeySchema = { hash: { name: "a", type: "S" }, range: { name: "b", type: "S" } };
const HASH: KeySchema = { hash: { name: "a", type: "S" } };

/** Runs the table-dependent Query checks for a body against `schema`. */
function resolve(body: Record<string, unknown>, schema: KeySchema): KeyCondition {
  const { input, expressions } = validateQuery({ TableName: "abc", ...body });
  return resolveQuery(input, () => resolveQueryKeys(expressions, schema), schema);
}

const eqB = { KeyConditionExpression: "a = :a", ExpressionAttributeValues: { ":a": { S: "b" } } };

describe("Query checks against the key schema", () => {
  it.each<[string, Record<string, unknown>, KeySchema, string]>([
    [
      "an empty start key on a hash table",
      { ...eqB, ExclusiveStartKey: {} },
      HASH,
      "The provided starting key is invalid",
    ],
    [
      "a start key with an extra attribute",
      { ...eqB, ExclusiveStartKey: { a: { S: "a" }, b: { S: "a" } } },
      HASH,
      "The provided starting key is invalid",
    ],
    [
      "a start key without the sort key",
      { ...eqB, ExclusiveStartKey: { a: { S: "a" } } },
      RANGE,
      "The provided starting key is invalid",
    ],
    [
      "a start key naming another attribute than the sort key",
      { ...eqB, ExclusiveStartKey: { a: { S: "a" }, z: { S: "1" } } },
      RANGE,
      "The provided starting key is invalid",
    ],
    [
      "a start key whose partition key has the wrong type",
      { ...eqB, ExclusiveStartKey: { a: { N: "1" } } },
      HASH,
      "The provided key element does not match the schema",
    ],
    [
      "a start key whose sort key has the wrong type",
      { ...eqB, ExclusiveStartKey: { a: { S: "a" }, b: { N: "1" } } },
      RANGE,
      "The provided key element does not match the schema",
    ],
    [
      "a start key with an empty partition key",
      { ...eqB, ExclusiveStartKey: { a: { S: "" } } },
      HASH,
      "The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a",
    ],
    [
      "a key condition that misses the partition key (checked after the start key's partition key)",
      {
        KeyConditionExpression: "z between :a and :b",
        ExpressionAttributeValues: { ":a": { N: "1" }, ":b": { N: "1" } },
        ExclusiveStartKey: { a: { S: "a" }, b: { N: "1" } },
      },
      RANGE,
      "Query condition missed key schema element: a",
    ],
    [
      "a start key in another partition",
      { ...eqB, ExclusiveStartKey: { a: { S: "a" }, b: { S: "a" } } },
      RANGE,
      "The provided starting key is outside query boundaries based on provided conditions",
    ],
    [
      "a start key outside the sort key condition",
      {
        KeyConditionExpression: "a = :a and b > :a",
        ExpressionAttributeValues: { ":a": { S: "b" } },
        ExclusiveStartKey: { a: { S: "a" }, b: { S: "a" } },
      },
      RANGE,
      "The provided starting key does not match the range key predicate",
    ],
    [
      "a start key matching the sort key condition in another partition",
      {
        KeyConditions: {
          a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "b" }] },
          b: { ComparisonOperator: "LT", AttributeValueList: [{ S: "b" }] },
        },
        ExclusiveStartKey: { a: { S: "a" }, b: { S: "a" } },
      },
      RANGE,
      "The query can return at most one row and cannot be restarted",
    ],
    [
      "a filter on a key attribute",
      {
        KeyConditionExpression: "a = :a",
        FilterExpression: "b = :b",
        ExpressionAttributeValues: { ":a": { S: "1" }, ":b": { N: "1" } },
      },
      RANGE,
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: b",
    ],
    [
      "a QueryFilter on the partition key",
      {
        KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } },
        QueryFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } },
      },
      HASH,
      "QueryFilter can only contain non-primary key attributes: Primary key attribute: a",
    ],
    [
      "a range condition on a hash-only table",
      { KeyConditionExpression: "a = :a AND b = :a", ExpressionAttributeValues: { ":a": { S: "1" } } },
      HASH,
      "Query key condition not supported",
    ],
    [
      "two conditions on a hash-only table, neither on its key",
      { KeyConditionExpression: "y = :a and z = :a", ExpressionAttributeValues: { ":a": { S: "1" } } },
      HASH,
      "Query key condition not supported",
    ],
  ])("Query: rejects %s", (_, body, schema, message) => {
    expect(thrown(() => resolve(body, schema))).toEqual({ type: "ValidationException", message });
  });

  it("Query: accepts a start key inside the queried range and resolves the key condition", () => {
    const keyCondition = resolve(
      {
        KeyConditionExpression: "a = :a and begins_with(b, :p)",
        ExpressionAttributeValues: { ":a": { S: "x" }, ":p": { S: "ab" } },
        ExclusiveStartKey: { a: { S: "x" }, b: { S: "abc" } },
      },
      RANGE,
    );
    expect(keyCondition).toEqual({
      hash: { name: "a", value: { S: "x" } },
      range: { name: "b", op: "begins_with", values: [{ S: "ab" }] },
    });
  });
});

describe("sortKeyMatches", () => {
  const range = (op: NonNullable<KeyCondition["range"]>["op"], ...values: { N?: string; S?: string; B?: string }[]) =>
    ({ name: "b", op, values }) as NonNullable<KeyCondition["range"]>;
  it.each([
    [{ N: "-1" }, range("<", { N: "0.5" }), true],
    [{ N: "2" }, range("<", { N: "10" }), true],
    [{ N: "10" }, range("<=", { N: "10" }), true],
    [{ N: "10" }, range(">", { N: "10" }), false],
    [{ N: "1e5" }, range("BETWEEN", { N: "-1" }, { N: "100000" }), true],
    [{ S: "Z" }, range("<", { S: "a" }), true],
    [{ S: "é" }, range(">", { S: "z" }), true],
    [{ S: "abc" }, range("begins_with", { S: "ab" }), true],
    [{ S: "a" }, range("begins_with", { S: "ab" }), false],
    [{ B: "AQI=" }, range("begins_with", { B: "AQ==" }), true],
    [{ S: "x" }, range("=", { S: "x" }), true],
  ])("sortKeyMatches: %j against %j is %s", (value, condition, expected) => {
    expect(sortKeyMatches(value as never, condition)).toBe(expected);
  });
});
