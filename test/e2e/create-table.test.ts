/**
 * CreateTable over HTTP through the AWS SDK: the TableDescription it answers with, the table
 * becoming ACTIVE, and DynamoDB's errors for malformed, invalid and duplicate requests.
 */

import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";

const db = client();

/** The error `promise` rejects with, as `{ name, message }`. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

const hashTable = (TableName: string): CreateTableCommandInput => ({
  TableName,
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
});

const waitActive = (TableName: string) =>
  waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });

describe("CreateTable", () => {
  test("CreateTable: answers CREATING with DynamoDB's TableDescription, then the table turns ACTIVE", async () => {
    const TableName = uniqueTableName("ctl-create");
    const started = Date.now();
    const { TableDescription: table } = await db.send(new CreateTableCommand(hashTable(TableName)));
    expect(table).toMatchObject({
      TableName,
      TableStatus: "CREATING",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}`,
      DeletionProtectionEnabled: false,
    });
    expect(table?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeUndefined();
    expect(table?.TableId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(table?.CreationDateTime?.getTime()).toBeGreaterThanOrEqual(started - 5_000);

    const { state } = await waitActive(TableName);
    expect(state).toBe("SUCCESS");
    const { Table } = await db.send(new DescribeTableCommand({ TableName }));
    expect(Table).toMatchObject({ TableStatus: "ACTIVE", TableId: table?.TableId });
    expect(Table?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
  });

  test("CreateTable: a provisioned hash-range table keeps its capacity, class and deletion protection", async () => {
    const TableName = uniqueTableName("ctl-create");
    const { TableDescription: table } = await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [
          { AttributeName: "sk", AttributeType: "N" },
          { AttributeName: "pk", AttributeType: "B" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 7 },
        TableClass: "STANDARD_INFREQUENT_ACCESS",
        DeletionProtectionEnabled: true,
      }),
    );
    expect(table).toMatchObject({
      AttributeDefinitions: [
        { AttributeName: "sk", AttributeType: "N" },
        { AttributeName: "pk", AttributeType: "B" },
      ],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 3, WriteCapacityUnits: 7 },
      TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
      DeletionProtectionEnabled: true,
    });
    expect(table?.BillingModeSummary).toBeUndefined();
  });

  test("CreateTable: an existing name is ResourceInUseException", async () => {
    const TableName = uniqueTableName("ctl-create");
    await db.send(new CreateTableCommand(hashTable(TableName)));
    await waitActive(TableName);
    expect(await failure(db.send(new CreateTableCommand(hashTable(TableName))))).toEqual({
      name: "ResourceInUseException",
      message: `Table already exists: ${TableName}`,
    });
  });

  test("CreateTable: a member of the wrong JSON type is SerializationException", async () => {
    const bad = { ...hashTable("ctl-bad"), TableName: 5 } as unknown as CreateTableCommandInput;
    expect(await failure(db.send(new CreateTableCommand(bad)))).toEqual({
      name: "SerializationException",
      message: "NUMBER_VALUE cannot be converted to String",
    });
  });

  test.each<[string, Partial<CreateTableCommandInput>, string]>([
    [
      "a short table name",
      { TableName: "ab" },
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      "a table name breaking both naming rules, reported before the other members",
      {
        TableName: "x!",
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        BillingMode: undefined,
      },
      "2 validation errors detected: Value 'x!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'x!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
    [
      "constraint violations",
      {
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
        BillingMode: undefined,
      },
      "2 validation errors detected: Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      "no throughput for a provisioned table",
      { BillingMode: undefined },
      "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    ],
    [
      "throughput for an on-demand table",
      { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    ],
    [
      "an undefined key attribute",
      { AttributeDefinitions: [{ AttributeName: "other", AttributeType: "S" }] },
      "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]",
    ],
    [
      "an unused attribute definition",
      {
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "x", AttributeType: "S" },
        ],
      },
      "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    ],
    [
      "a reserved tag key",
      { Tags: [{ Key: "aws:owner", Value: "me" }] },
      "Tag Key cannot be prefixed with aws:, Key: aws:owner",
    ],
  ])("CreateTable: %s is ValidationException", async (_, change, message) => {
    const input = { ...hashTable(uniqueTableName("ctl-bad")), ...change };
    expect(await failure(db.send(new CreateTableCommand(input)))).toEqual({ name: "ValidationException", message });
  });

  test("CreateTable: capacity above the per-table quota is LimitExceededException", async () => {
    const input: CreateTableCommandInput = {
      ...hashTable(uniqueTableName("ctl-bad")),
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 40001, WriteCapacityUnits: 1 },
    };
    expect(await failure(db.send(new CreateTableCommand(input)))).toEqual({
      name: "LimitExceededException",
      message:
        "The requested ReadCapacityUnits, 40001, is above the per table maximum for the account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
  });
});
