/**
 * DescribeTable over HTTP through the AWS SDK.
 */

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandInput,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";

const db = client();

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

describe("DescribeTable", () => {
  test("DescribeTable: describes an ACTIVE table as CreateTable defined it", async () => {
    const TableName = uniqueTableName("ctl-describe");
    await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "B" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      }),
    );
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
    const { Table } = await db.send(new DescribeTableCommand({ TableName }));
    expect(Table).toMatchObject({
      TableName,
      TableStatus: "ACTIVE",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      ItemCount: 0,
      TableSizeBytes: 0,
      TableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}`,
      DeletionProtectionEnabled: false,
    });
    expect(Table?.CreationDateTime).toBeInstanceOf(Date);
  });

  test("DescribeTable: a missing table is ResourceNotFoundException naming it", async () => {
    const TableName = uniqueTableName("ctl-missing");
    expect(await failure(db.send(new DescribeTableCommand({ TableName })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Table: ${TableName} not found`,
    });
  });

  test.each<[string, unknown, string, string]>([
    ["a number", 12345, "SerializationException", "NUMBER_VALUE cannot be converted to String"],
    [
      "no name",
      undefined,
      "ValidationException",
      "The parameter 'TableName' is required but was not present in the request",
    ],
    [
      "a short name",
      "ab",
      "ValidationException",
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      "a bad character",
      "abc;",
      "ValidationException",
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
  ])("DescribeTable: $0 as TableName is $2", async (_, TableName, name, message) => {
    const input = { TableName } as DescribeTableCommandInput;
    expect(await failure(db.send(new DescribeTableCommand(input)))).toEqual({ name, message });
  });
});
