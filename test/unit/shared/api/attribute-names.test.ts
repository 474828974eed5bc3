// Messages and orders below were checked against DynamoDB Local (which accepts an over-64 KB name in
// GetItem's, Query's and Scan's AttributesToGet, though it refuses it in BatchGetItem's).
import { describe, expect, it } from "vitest";
import { validateBatchGetItem } from "../../../../shared/api/operations/batch-get-item";
import { validateBatchWriteItem } from "../../../../shared/api/operations/batch-write-item";
import { validateDeleteItem } from "../../../../shared/api/operations/delete-item";
import { validateGetItem } from "../../../../shared/api/operations/get-item";
import { validatePutItem } from "../../../../shared/api/operations/put-item";
import { validateQuery } from "../../../../shared/api/operations/query";
import { validateScan } from "../../../../shared/api/operations/scan";
import { validateUpdateItem } from "../../../../shared/api/operations/update-item";
import { thrown } from "./operations/helpers";

const LONG = "n".repeat(65536);
const FITS = "n".repeat(65535);
const TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes";
const EMPTY = "Empty attribute name";
const TABLE = "abc";
const KEY = { pk: { S: "a" } };
const invalid = (detail: string) => `One or more parameter values were invalid: ${detail}`;

type Validator = (body: Record<string, unknown>) => unknown;

const cases: [string, Validator, Record<string, unknown>, string][] = [
  [
    "PutItem: an Item attribute",
    validatePutItem,
    { TableName: TABLE, Item: { ...KEY, [LONG]: { S: "v" } } },
    TOO_LARGE,
  ],
  [
    "PutItem: a map key deep in an Item",
    validatePutItem,
    { TableName: TABLE, Item: { ...KEY, m: { M: { a: { L: [{ M: { [LONG]: { N: "1" } } }] } } } } },
    TOO_LARGE,
  ],
  [
    "BatchWriteItem: a PutRequest attribute",
    validateBatchWriteItem,
    { RequestItems: { [TABLE]: [{ PutRequest: { Item: { ...KEY, [LONG]: { S: "v" } } } }] } },
    TOO_LARGE,
  ],
  [
    "BatchWriteItem: a DeleteRequest key attribute",
    validateBatchWriteItem,
    { RequestItems: { [TABLE]: [{ DeleteRequest: { Key: { ...KEY, [LONG]: { S: "v" } } } }] } },
    TOO_LARGE,
  ],
  ["GetItem: a Key attribute", validateGetItem, { TableName: TABLE, Key: { ...KEY, [LONG]: { S: "v" } } }, TOO_LARGE],
  [
    "UpdateItem: an ExpressionAttributeNames value naming a SET target",
    validateUpdateItem,
    {
      TableName: TABLE,
      Key: KEY,
      UpdateExpression: "SET #a = :v",
      ExpressionAttributeNames: { "#a": LONG },
      ExpressionAttributeValues: { ":v": { S: "v" } },
    },
    `ExpressionAttributeNames contains invalid value: ${TOO_LARGE} for key #a`,
  ],
  [
    "UpdateItem: a map key in an ExpressionAttributeValues value",
    validateUpdateItem,
    {
      TableName: TABLE,
      Key: KEY,
      UpdateExpression: "SET m = :v",
      ExpressionAttributeValues: { ":v": { M: { [LONG]: { S: "v" } } } },
    },
    `ExpressionAttributeValues contains invalid value: ${TOO_LARGE} for key :v`,
  ],
  [
    "UpdateItem: an AttributeUpdates name",
    validateUpdateItem,
    { TableName: TABLE, Key: KEY, AttributeUpdates: { [LONG]: { Action: "DELETE" } } },
    TOO_LARGE,
  ],
  [
    "UpdateItem: an empty AttributeUpdates name",
    validateUpdateItem,
    { TableName: TABLE, Key: KEY, AttributeUpdates: { "": { Value: { S: "v" } } } },
    EMPTY,
  ],
  [
    "UpdateItem: an AttributeUpdates name before its action and value",
    validateUpdateItem,
    { TableName: TABLE, Key: KEY, AttributeUpdates: { [LONG]: { Action: "SET", Value: { N: "x" } } } },
    TOO_LARGE,
  ],
  [
    "UpdateItem: an earlier AttributeUpdates entry's action before a later entry's name",
    validateUpdateItem,
    {
      TableName: TABLE,
      Key: KEY,
      AttributeUpdates: { b: { Action: "SET", Value: { S: "v" } }, [LONG]: { Value: { S: "v" } } },
    },
    "Member must satisfy enum value set: [ADD, DELETE, PUT]",
  ],
  [
    "DeleteItem: an Expected name",
    validateDeleteItem,
    { TableName: TABLE, Key: KEY, Expected: { [LONG]: { Exists: false } } },
    TOO_LARGE,
  ],
  [
    "PutItem: an empty Expected name",
    validatePutItem,
    { TableName: TABLE, Item: KEY, Expected: { "": { Exists: false } } },
    EMPTY,
  ],
  [
    "PutItem: an Expected entry's operator before its name",
    validatePutItem,
    { TableName: TABLE, Item: KEY, Expected: { [LONG]: { ComparisonOperator: "EQ" } } },
    invalid(`Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: ${LONG}`),
  ],
  [
    "PutItem: an Expected name before a later entry's operator",
    validatePutItem,
    { TableName: TABLE, Item: KEY, Expected: { [LONG]: { Exists: false }, a: { ComparisonOperator: "EQ" } } },
    TOO_LARGE,
  ],
  [
    "PutItem: an earlier Expected entry's operator before a later entry's value",
    validatePutItem,
    {
      TableName: TABLE,
      Item: KEY,
      Expected: { a: { ComparisonOperator: "EQ" }, b: { Value: { S: "v", N: "1" } } },
    },
    invalid("Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"),
  ],
  [
    "PutItem: an Expected name before ConditionalOperator's rule",
    validatePutItem,
    { TableName: TABLE, Item: KEY, Expected: { [LONG]: { Exists: false } }, ConditionalOperator: "AND" },
    TOO_LARGE,
  ],
  [
    "Scan: a ScanFilter name",
    validateScan,
    { TableName: TABLE, ScanFilter: { [LONG]: { ComparisonOperator: "NULL" } } },
    TOO_LARGE,
  ],
  [
    "Scan: a ScanFilter entry's operands before its name",
    validateScan,
    { TableName: TABLE, ScanFilter: { "": { ComparisonOperator: "EQ" } } },
    invalid("Invalid number of argument(s) for the EQ ComparisonOperator"),
  ],
  [
    "Query: an empty QueryFilter name",
    validateQuery,
    {
      TableName: TABLE,
      KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } },
      QueryFilter: { "": { ComparisonOperator: "NULL" } },
    },
    EMPTY,
  ],
  [
    "Query: a KeyConditions name",
    validateQuery,
    { TableName: TABLE, KeyConditions: { [LONG]: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } } },
    TOO_LARGE,
  ],
  [
    "Scan: an ExclusiveStartKey attribute, before its value",
    validateScan,
    { TableName: TABLE, ExclusiveStartKey: { ...KEY, [LONG]: { S: "v", N: "1" } } },
    TOO_LARGE,
  ],
  [
    "GetItem: a ProjectionExpression name",
    validateGetItem,
    { TableName: TABLE, Key: KEY, ProjectionExpression: "#a", ExpressionAttributeNames: { "#a": LONG } },
    `ExpressionAttributeNames contains invalid value: ${TOO_LARGE} for key #a`,
  ],
  [
    "GetItem: an AttributesToGet name",
    validateGetItem,
    { TableName: TABLE, Key: KEY, AttributesToGet: [LONG] },
    TOO_LARGE,
  ],
  [
    "GetItem: an empty AttributesToGet name, before a repeated one",
    validateGetItem,
    { TableName: TABLE, Key: KEY, AttributesToGet: ["a", "a", ""] },
    EMPTY,
  ],
  [
    "BatchGetItem: an AttributesToGet name",
    validateBatchGetItem,
    { RequestItems: { [TABLE]: { Keys: [KEY], AttributesToGet: [LONG, LONG] } } },
    TOO_LARGE,
  ],
  ["Scan: an AttributesToGet name", validateScan, { TableName: TABLE, AttributesToGet: [LONG] }, TOO_LARGE],
];

describe("attribute names: empty or over 64 KB", () => {
  it.each(cases)("attribute names: %s is refused", (_case, validate, body, message) => {
    expect(thrown(() => validate(body))).toEqual({ type: "ValidationException", message });
  });

  it("attribute names: 65,535 bytes is the longest name accepted, in every place", () => {
    expect(() =>
      validatePutItem({ TableName: TABLE, Item: { ...KEY, [FITS]: { M: { [FITS]: { S: "v" } } } } }),
    ).not.toThrow();
    expect(() =>
      validateUpdateItem({
        TableName: TABLE,
        Key: KEY,
        UpdateExpression: "SET #a = :v",
        ConditionExpression: "attribute_not_exists(#a)",
        ExpressionAttributeNames: { "#a": FITS },
        ExpressionAttributeValues: { ":v": { M: { [FITS]: { S: "v" } } } },
      }),
    ).not.toThrow();
    expect(() =>
      validateUpdateItem({
        TableName: TABLE,
        Key: KEY,
        AttributeUpdates: { [FITS]: { Value: { S: "v" } } },
        Expected: { [FITS]: { Exists: false } },
      }),
    ).not.toThrow();
    expect(() => validateGetItem({ TableName: TABLE, Key: KEY, AttributesToGet: [FITS] })).not.toThrow();
    expect(() =>
      validateScan({ TableName: TABLE, ScanFilter: { [FITS]: { ComparisonOperator: "NULL" } } }),
    ).not.toThrow();
  });
});
