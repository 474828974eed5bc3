/**
 * A Limit of 0 on Query and Scan, over HTTP through the AWS SDK: the member-constraint message
 * for 'limit', whatever else is wrong or missing, since constraints are checked before the key
 * condition's semantics and before the table is looked up (DynamoDB Local answers the older
 * "Limit must be greater than or equal to 1", and ResourceNotFoundException for a missing table).
 */

import { QueryCommand, type QueryCommandInput, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, itemClient } from "../helpers/items";

const db = itemClient();
const LIMIT_0 = "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1";
const KEY_CONDITION = { KeyConditionExpression: "pk = :v", ExpressionAttributeValues: { ":v": { S: "a" } } };

let table: string;
const missing = uniqueTableName("limit-none");

beforeAll(async () => {
  table = await createItemTable(db, "limit", "S", "S");
});

describe("Limit 0", () => {
  test.each<[string, () => Partial<QueryCommandInput>]>([
    ["with a key condition", () => ({ TableName: table, ...KEY_CONDITION })],
    ["without a key condition", () => ({ TableName: table })],
    ["with an invalid key condition", () => ({ TableName: table, KeyConditionExpression: "dog(pk)" })],
    [
      "with legacy KeyConditions",
      () => ({
        TableName: table,
        KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } },
      }),
    ],
    ["on a table that does not exist", () => ({ TableName: missing, ...KEY_CONDITION })],
    ["on a table that does not exist, without a key condition", () => ({ TableName: missing })],
    ["with a too-short table name (checked after the constraints)", () => ({ TableName: "ab" })],
  ])("Query: Limit 0 %s is the member-constraint message for limit", async (_, input) => {
    const query = new QueryCommand({ ...input(), Limit: 0 } as QueryCommandInput);
    expect(await failure(db.send(query))).toEqual({
      name: "ValidationException",
      message: `1 validation error detected: ${LIMIT_0}`,
    });
  });

  test.each<[string, () => Partial<ScanCommandInput>]>([
    ["on a table", () => ({ TableName: table })],
    ["on a table that does not exist", () => ({ TableName: missing })],
    ["with an invalid filter", () => ({ TableName: table, FilterExpression: "dog(a)" })],
  ])("Scan: Limit 0 %s is the member-constraint message for limit", async (_, input) => {
    const scan = new ScanCommand({ ...input(), Limit: 0 } as ScanCommandInput);
    expect(await failure(db.send(scan))).toEqual({
      name: "ValidationException",
      message: `1 validation error detected: ${LIMIT_0}`,
    });
  });

  test("Query: Limit 0 is listed with an empty table name, in member order", async () => {
    const query = new QueryCommand({ TableName: "", Limit: 0, ...KEY_CONDITION });
    expect(await failure(db.send(query))).toEqual({
      name: "ValidationException",
      message:
        "2 validation errors detected: " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        LIMIT_0,
    });
  });
});
