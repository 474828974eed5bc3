/**
 * UpdateTable over HTTP through the AWS SDK: throughput changes, billing mode switches, table
 * class and deletion protection, the UPDATING -> ACTIVE cycle, and DynamoDB's errors.
 */

import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  UpdateTableCommand,
  type UpdateTableCommandInput,
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

const waitActive = (TableName: string) =>
  waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });

async function activeTable(billing: Partial<CreateTableCommandInput>): Promise<string> {
  const TableName = uniqueTableName("ctl-update");
  await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ...billing,
    }),
  );
  await waitActive(TableName);
  return TableName;
}

const provisioned = (ReadCapacityUnits: number, WriteCapacityUnits: number) => ({
  ProvisionedThroughput: { ReadCapacityUnits, WriteCapacityUnits },
});
const describeTable = async (TableName: string) => (await db.send(new DescribeTableCommand({ TableName }))).Table;

describe("UpdateTable", () => {
  test("UpdateTable: a capacity change answers UPDATING with the old capacity, then applies it", async () => {
    const TableName = await activeTable(provisioned(5, 5));
    const before = Date.now();
    const { TableDescription } = await db.send(new UpdateTableCommand({ TableName, ...provisioned(10, 2) }));
    expect(TableDescription).toMatchObject({
      TableStatus: "UPDATING",
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
    });
    expect(TableDescription?.ProvisionedThroughput?.LastIncreaseDateTime?.getTime()).toBeGreaterThanOrEqual(
      before - 5_000,
    );
    expect(TableDescription?.ProvisionedThroughput?.LastDecreaseDateTime).toBeInstanceOf(Date);

    await waitActive(TableName);
    expect((await describeTable(TableName))?.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 10,
      WriteCapacityUnits: 2,
      NumberOfDecreasesToday: 1,
    });
  });

  test("UpdateTable: the current capacity again is refused as no change", async () => {
    const TableName = await activeTable(provisioned(5, 5));
    expect(
      await failure(db.send(new UpdateTableCommand({ TableName, BillingMode: "PROVISIONED", ...provisioned(5, 5) }))),
    ).toEqual({
      name: "ValidationException",
      message:
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
  });

  test("UpdateTable: switches PROVISIONED -> PAY_PER_REQUEST -> PROVISIONED", async () => {
    const TableName = await activeTable(provisioned(4, 4));
    const toOnDemand = await db.send(new UpdateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST" }));
    expect(toOnDemand.TableDescription).toMatchObject({
      TableStatus: "UPDATING",
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    });
    await waitActive(TableName);
    const onDemand = await describeTable(TableName);
    expect(onDemand?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(onDemand?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
    expect(onDemand?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });

    expect(await failure(db.send(new UpdateTableCommand({ TableName, BillingMode: "PROVISIONED" })))).toEqual({
      name: "ValidationException",
      message:
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    });
    await db.send(new UpdateTableCommand({ TableName, BillingMode: "PROVISIONED", ...provisioned(6, 7) }));
    await waitActive(TableName);
    const back = await describeTable(TableName);
    expect(back?.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect(back?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 6, WriteCapacityUnits: 7 });
  });

  test("UpdateTable: capacity for a PAY_PER_REQUEST table is refused", async () => {
    const TableName = await activeTable({ BillingMode: "PAY_PER_REQUEST" });
    expect(await failure(db.send(new UpdateTableCommand({ TableName, ...provisioned(1, 1) })))).toEqual({
      name: "ValidationException",
      message:
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    });
  });

  test("UpdateTable: deletion protection and table class change on their own, not together", async () => {
    const TableName = await activeTable({ BillingMode: "PAY_PER_REQUEST" });
    const protectedTable = await db.send(new UpdateTableCommand({ TableName, DeletionProtectionEnabled: true }));
    expect(protectedTable.TableDescription).toMatchObject({ TableStatus: "ACTIVE", DeletionProtectionEnabled: true });
    expect((await describeTable(TableName))?.DeletionProtectionEnabled).toBe(true);

    const infrequent = await db.send(new UpdateTableCommand({ TableName, TableClass: "STANDARD_INFREQUENT_ACCESS" }));
    expect(infrequent.TableDescription).toMatchObject({
      TableStatus: "UPDATING",
      TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
    });
    await waitActive(TableName);
    expect((await describeTable(TableName))?.TableClassSummary?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");

    expect(
      await failure(
        db.send(new UpdateTableCommand({ TableName, DeletionProtectionEnabled: false, TableClass: "STANDARD" })),
      ),
    ).toEqual({
      name: "ValidationException",
      message:
        "One or more parameter values were invalid: TableClass modification must be the only operation in the request",
    });
  });

  test("UpdateTable: a missing table is ResourceNotFoundException", async () => {
    const TableName = uniqueTableName("ctl-missing");
    expect(await failure(db.send(new UpdateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST" })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Table: ${TableName} not found`,
    });
  });

  test("UpdateTable: capacity above the per-table quota is LimitExceededException", async () => {
    const TableName = await activeTable(provisioned(1, 1));
    expect(await failure(db.send(new UpdateTableCommand({ TableName, ...provisioned(1, 40001) })))).toEqual({
      name: "LimitExceededException",
      message:
        "The requested WriteCapacityUnits, 40001, is above the per table maximum for the account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
  });

  test.each<[string, Partial<UpdateTableCommandInput>, string, string]>([
    [
      "nothing to change",
      {},
      "ValidationException",
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required",
    ],
    [
      "a zero capacity",
      provisioned(0, 1),
      "ValidationException",
      "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      "an unknown billing mode",
      { BillingMode: "FREE" as "PROVISIONED" },
      "ValidationException",
      "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
    ],
    [
      "a string capacity",
      { ProvisionedThroughput: { ReadCapacityUnits: "1" as unknown as number, WriteCapacityUnits: 1 } },
      "SerializationException",
      "STRING_VALUE cannot be converted to Long",
    ],
    [
      "an update of an index the table lacks",
      {
        GlobalSecondaryIndexUpdates: [
          { Update: { IndexName: "ghost", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
        ],
      },
      "ResourceNotFoundException",
      "Requested resource not found: Index ghost for table TABLE",
    ],
    [
      "a new index without AttributeDefinitions",
      {
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: "gsi",
              KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          },
        ],
      },
      "ValidationException",
      "One or more parameter values were invalid: AttributeDefinitions is not specified for index: gsi",
    ],
    [
      "disabling a stream the table lacks",
      { StreamSpecification: { StreamEnabled: false } },
      "ValidationException",
      "Table has no stream to disable: TableName: TABLE",
    ],
  ])("UpdateTable: $0 is $2", async (_, change, name, message) => {
    const TableName = await activeTable({ BillingMode: "PAY_PER_REQUEST" });
    const error = await failure(db.send(new UpdateTableCommand({ TableName, ...change })));
    expect(error).toEqual({ name, message: message.replace("TABLE", TableName) });
  });
});
