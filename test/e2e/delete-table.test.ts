/**
 * DeleteTable over HTTP through the AWS SDK: the DELETING answer, the table gone afterwards,
 * deletion protection, and the errors for missing tables and malformed names.
 */

import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
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

async function activeTable(prefix: string, DeletionProtectionEnabled = false): Promise<string> {
  const TableName = uniqueTableName(prefix);
  await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      DeletionProtectionEnabled,
    }),
  );
  await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
  return TableName;
}

describe("DeleteTable", () => {
  test("DeleteTable: answers DELETING, after which the table is not found and not listed", async () => {
    const TableName = await activeTable("ctl-delete");
    const { TableDescription } = await db.send(new DeleteTableCommand({ TableName }));
    expect(TableDescription).toMatchObject({ TableName, TableStatus: "DELETING", ItemCount: 0 });
    const { state } = await waitUntilTableNotExists(
      { client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { TableName },
    );
    expect(state).toBe("SUCCESS");
    expect(await failure(db.send(new DescribeTableCommand({ TableName })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Table: ${TableName} not found`,
    });
    const { TableNames } = await db.send(new ListTablesCommand({ ExclusiveStartTableName: TableName.slice(0, -1) }));
    expect(TableNames).not.toContain(TableName);
  });

  test("DeleteTable: a deleted name can be created again, as a new table", async () => {
    const TableName = await activeTable("ctl-delete");
    const before = await db.send(new DescribeTableCommand({ TableName }));
    await db.send(new DeleteTableCommand({ TableName }));
    await waitUntilTableNotExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
    const { TableDescription } = await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    expect(TableDescription?.TableArn).toBe(before.Table?.TableArn);
    expect(TableDescription?.TableId).not.toBe(before.Table?.TableId);
  });

  test("DeleteTable: a table still CREATING is ResourceInUseException", async () => {
    // Creation finishes within milliseconds here, so a few tables may turn ACTIVE before the
    // DeleteTable lands; those are simply deleted.
    const refusals: string[] = [];
    for (let attempt = 0; attempt < 10 && refusals.length === 0; attempt++) {
      const TableName = uniqueTableName("ctl-creating");
      await db.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      const outcome = await db.send(new DeleteTableCommand({ TableName })).then(
        (output) => output.TableDescription?.TableStatus,
        (error: Error) => `${error.name}: ${error.message.replace(TableName, "<name>")}`,
      );
      if (outcome !== "DELETING") refusals.push(outcome as string);
    }
    expect(refusals).toEqual([
      "ResourceInUseException: Attempt to change a resource which is still in use: Table is being created: <name>",
    ]);
  });

  test("DeleteTable: a missing table is ResourceNotFoundException", async () => {
    const TableName = uniqueTableName("ctl-missing");
    expect(await failure(db.send(new DeleteTableCommand({ TableName })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Table: ${TableName} not found`,
    });
  });

  test("DeleteTable: a protected table is refused until protection is turned off", async () => {
    const TableName = await activeTable("ctl-protected", true);
    expect(await failure(db.send(new DeleteTableCommand({ TableName })))).toEqual({
      name: "ValidationException",
      message:
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    });
    await db.send(new UpdateTableCommand({ TableName, DeletionProtectionEnabled: false }));
    const { TableDescription } = await db.send(new DeleteTableCommand({ TableName }));
    expect(TableDescription?.TableStatus).toBe("DELETING");
  });

  test("DeleteTable: a malformed name is ValidationException", async () => {
    expect(await failure(db.send(new DeleteTableCommand({ TableName: "x" })))).toEqual({
      name: "ValidationException",
      message: "TableName must be at least 3 characters long and at most 255 characters long",
    });
  });
});
