/**
 * Table names that break DynamoDB's naming rules, operation by operation, through the AWS SDK:
 * today's member-constraint wording ("1 validation error detected: Value 'ab' at 'tableName' …"),
 * length before pattern, several failures counted in one message. The recorded service answers
 * behind each wording are listed in docs/dynamodb-messages.md.
 */

import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeGlobalTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client } from "../helpers/dynamodb";

const db = client();

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

const PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const AT_LEAST_3 = "Member must have length greater than or equal to 3";
const AT_MOST_255 = "Member must have length less than or equal to 255";
const LONG = "a".repeat(256);

/** The ValidationException listing `constraints` failed by `value` at 'tableName'. */
function invalid(value: string, ...constraints: string[]): { name: string; message: string } {
  const each = constraints.map((c) => `Value '${value}' at 'tableName' failed to satisfy constraint: ${c}`);
  const count = `${each.length} validation error${each.length > 1 ? "s" : ""} detected`;
  return { name: "ValidationException", message: `${count}: ${each.join("; ")}` };
}

/** One request of each operation taking a TableName, otherwise valid. */
const OPERATIONS: Record<string, (TableName: string) => Promise<unknown>> = {
  CreateTable: (TableName) =>
    db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    ),
  DescribeTable: (TableName) => db.send(new DescribeTableCommand({ TableName })),
  UpdateTable: (TableName) => db.send(new UpdateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST" })),
  DeleteTable: (TableName) => db.send(new DeleteTableCommand({ TableName })),
  PutItem: (TableName) => db.send(new PutItemCommand({ TableName, Item: { pk: { S: "a" } } })),
  GetItem: (TableName) => db.send(new GetItemCommand({ TableName, Key: { pk: { S: "a" } } })),
  UpdateItem: (TableName) => db.send(new UpdateItemCommand({ TableName, Key: { pk: { S: "a" } } })),
  DeleteItem: (TableName) => db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "a" } } })),
  Query: (TableName) =>
    db.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: "pk = :v",
        ExpressionAttributeValues: { ":v": { S: "a" } },
      }),
    ),
  Scan: (TableName) => db.send(new ScanCommand({ TableName })),
};
const NAMES = Object.keys(OPERATIONS);
const CONTROL_PLANE = ["CreateTable", "DescribeTable", "UpdateTable", "DeleteTable"];
const DATA_PLANE = NAMES.filter((name) => !CONTROL_PLANE.includes(name));

describe("table names", () => {
  test.each(NAMES)("%s: a 2-character table name fails its minimum length", async (operation) => {
    expect(await failure(OPERATIONS[operation]("ab"))).toEqual(invalid("ab", AT_LEAST_3));
  });

  test.each(NAMES)("%s: a 256-character table name fails its maximum length", async (operation) => {
    expect(await failure(OPERATIONS[operation](LONG))).toEqual(invalid(LONG, AT_MOST_255));
  });

  test.each(NAMES)("%s: a table name with bad characters fails the pattern", async (operation) => {
    expect(await failure(OPERATIONS[operation]("bad table!@#"))).toEqual(invalid("bad table!@#", PATTERN));
  });

  test.each(NAMES)("%s: a name failing length and pattern counts both, length first", async (operation) => {
    expect(await failure(OPERATIONS[operation]("x!"))).toEqual(invalid("x!", AT_LEAST_3, PATTERN));
  });

  test.each(CONTROL_PLANE)("%s: an empty table name fails length and pattern", async (operation) => {
    expect(await failure(OPERATIONS[operation](""))).toEqual(invalid("", AT_LEAST_3, PATTERN));
  });

  test.each(DATA_PLANE)("%s: an empty table name fails the member's minimum length of 1", async (operation) => {
    expect(await failure(OPERATIONS[operation](""))).toEqual(
      invalid("", "Member must have length greater than or equal to 1"),
    );
  });

  test("UpdateItem: an empty table name is listed with the other members' violations, in member order", async () => {
    const input = {
      TableName: "",
      UpdateExpression: "SET a = :a",
      ExpressionAttributeValues: { ":a": { S: "x" } },
      ReturnConsumedCapacity: "INVALID",
      ReturnValues: "INVALID",
    };
    expect(await failure(db.send(new UpdateItemCommand(input as never)))).toEqual({
      name: "ValidationException",
      message:
        "4 validation errors detected: " +
        "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
    });
  });

  test("CreateTable: the table name's failures are reported alone, before the other members'", async () => {
    const input = {
      TableName: "x!",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [],
      BillingMode: "BOGUS",
    };
    expect(await failure(db.send(new CreateTableCommand(input as never)))).toEqual(invalid("x!", AT_LEAST_3, PATTERN));
  });

  test("DescribeGlobalTable: version 2017.11.29 keeps its hand-written length message", async () => {
    expect(await failure(db.send(new DescribeGlobalTableCommand({ GlobalTableName: "ab" })))).toEqual({
      name: "ValidationException",
      message: "TableName must be at least 3 characters long and at most 255 characters long",
    });
  });
});
