import { describe, expect, it } from "vitest";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import { checkScanStartKey, startKeyOutsideSegment, validateScan } from "../../../../../shared/api/operations/scan";
import { thrown } from "./helpers";

describe("Scan validation without the table", () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "constraint violations, in DynamoDB's member order",
      { TableName: "abc", Select: "hi", TotalSegments: 0, Segment: -1, Limit: 0, AttributesToGet: [] },
      "ValidationException",
      "5 validation errors detected: " +
        "Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; " +
        "Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      "more than 1000000 segments",
      { TableName: "abc", Segment: 0, TotalSegments: 1_000_001 },
      "ValidationException",
      "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
    ],
    [
      "a Segment above 999999",
      { TableName: "abc", Segment: 1_000_000, TotalSegments: 1_000_000 },
      "ValidationException",
      "1 validation error detected: Value '1000000' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 999999",
    ],
    [
      "a Segment without TotalSegments",
      { TableName: "abc", Segment: 1 },
      "ValidationException",
      "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    ],
    [
      "TotalSegments without a Segment",
      { TableName: "abc", TotalSegments: 2 },
      "ValidationException",
      "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
    ],
    [
      "a Segment not below TotalSegments",
      { TableName: "abc", Segment: 3, TotalSegments: 3 },
      "ValidationException",
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3",
    ],
    [
      "expression and legacy parameters together",
      {
        TableName: "abc",
        AttributesToGet: ["a", "a"],
        ScanFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        ConditionalOperator: "OR",
        ProjectionExpression: "",
        FilterExpression: "",
      },
      "ValidationException",
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} Expression parameters: {ProjectionExpression, FilterExpression}",
    ],
    [
      "a repeated AttributesToGet name (before ScanFilter)",
      {
        TableName: "abc",
        AttributesToGet: ["a", "a"],
        ScanFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
      },
      "ValidationException",
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      "a ScanFilter value of the wrong type for its operator",
      { TableName: "abc", ScanFilter: { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ N: "1" }] } } },
      "ValidationException",
      "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
    ],
    [
      "ConditionalOperator with a single ScanFilter condition",
      { TableName: "abc", ConditionalOperator: "OR", ScanFilter: { a: { ComparisonOperator: "NULL" } } },
      "ValidationException",
      "ConditionalOperator can only be used when Filter or Expected has two or more elements",
    ],
    [
      "an invalid start key value (before the segment rules)",
      { TableName: "abc", Segment: 1, ExclusiveStartKey: { a: { NULL: false } } },
      "ValidationException",
      "The provided starting key is invalid: One or more parameter values were invalid: Null attribute value types must have the value of true",
    ],
    [
      "a FilterExpression syntax error",
      { TableName: "abc", FilterExpression: "(" },
      "ValidationException",
      'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "("',
    ],
    [
      "Select ALL_ATTRIBUTES with a ProjectionExpression",
      { TableName: "abc", Select: "ALL_ATTRIBUTES", ProjectionExpression: "a" },
      "ValidationException",
      "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
    ],
    [
      "Select COUNT with AttributesToGet",
      { TableName: "abc", Select: "COUNT", AttributesToGet: ["a"] },
      "ValidationException",
      "Cannot specify the AttributesToGet when choosing to get only the Count",
    ],
    [
      "Select ALL_PROJECTED_ATTRIBUTES with AttributesToGet",
      { TableName: "abc", Select: "ALL_PROJECTED_ATTRIBUTES", AttributesToGet: ["a"] },
      "ValidationException",
      "Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES",
    ],
  ])("Scan: rejects %s", (_, body, type, message) => {
    expect(thrown(() => validateScan(body))).toEqual({ type, message });
  });

  it("Scan: accepts a parallel scan and a plain one, and normalizes the start key", () => {
    expect(validateScan({ TableName: "abc", Segment: 0, TotalSegments: 1_000_000 }).input).toMatchObject({
      Segment: 0,
      TotalSegments: 1_000_000,
    });
    const { input, expressions } = validateScan({
      TableName: "abc",
      ExclusiveStartKey: { a: { N: "1.50" } },
      ScanFilter: { b: { ComparisonOperator: "GT", AttributeValueList: [{ N: "01" }] } },
    });
    expect(input.ExclusiveStartKey).toEqual({ a: { N: "1.5" } });
    expect(expressions.filter).toMatchObject({ kind: "compare", op: ">", right: { value: { N: "1" } } });
  });
});

const RANGE: KeySchema = { hash: { name: "a", type: "S" }, range: { name: "b", type: "N" } };

describe("Scan start key against the key schema", () => {
  it.each([
    [{ a: { S: "x" } }, "The provided starting key is invalid: The provided key element does not match the schema"],
    [
      { a: { S: "x" }, b: { N: "1" }, c: { S: "y" } },
      "The provided starting key is invalid: The provided key element does not match the schema",
    ],
    [
      { a: { S: "x" }, b: { S: "1" } },
      "The provided starting key is invalid: The provided key element does not match the schema",
    ],
    [
      { a: { S: "x" }, z: { N: "1" } },
      "The provided starting key is invalid: The provided key element does not match the schema",
    ],
    [
      { a: { S: "" }, b: { N: "1" } },
      "The provided starting key is invalid: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a",
    ],
  ])("Scan: start key %j fails with %s", (key, message) => {
    expect(thrown(() => checkScanStartKey(key, RANGE))).toEqual({ type: "ValidationException", message });
  });

  it("Scan: a full key of the table is a valid start key", () => {
    expect(() => checkScanStartKey({ a: { S: "x" }, b: { N: "1" } }, RANGE)).not.toThrow();
  });

  it("Scan: a start key outside the segment names the segment", () => {
    expect(startKeyOutsideSegment(2, 7).message).toBe(
      "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 7 Segment: 2",
    );
  });
});
