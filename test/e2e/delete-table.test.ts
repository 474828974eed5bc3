/**
 * DeleteTable over HTTP through the AWS SDK: the DELETING answer and the fields it holds, the
 * table gone afterwards, deletion protection, and the errors for missing tables and malformed names.
 */

import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";

const db = client();

/** Tables at most that the CREATING test below races DeleteTable against. */
const ROUNDS = 20;
const CREATING_REFUSAL =
  "ResourceInUseException: Attempt to change a resource which is still in use: Table is being created: <name>";

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

/**
 * Sends CreateTable for `TableName` and, without waiting for its answer, DeleteTable again and
 * again until one finds the table: that answer, as "DELETING" or "<error name>: <message>" with
 * the name as `<name>`. "Not found" is expected only from a DeleteTable sent before CreateTable
 * answered; any other answer is returned as is for the caller to reject.
 */
async function deleteAsSoonAsCreated(TableName: string): Promise<string> {
  let createAnswered = false;
  const created = db
    .send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    )
    .finally(() => {
      createAnswered = true;
    });
  let outcome: string;
  for (;;) {
    const sentBeforeCreateAnswered = !createAnswered;
    outcome = await db.send(new DeleteTableCommand({ TableName })).then(
      (output) => output.TableDescription?.TableStatus ?? "no TableStatus",
      (error: Error) => `${error.name}: ${error.message.replaceAll(TableName, "<name>")}`,
    );
    if (!(sentBeforeCreateAnswered && outcome.startsWith("ResourceNotFoundException: "))) break;
  }
  const { TableDescription } = await created;
  expect(TableDescription?.TableStatus).toBe("CREATING");
  return outcome;
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

  test("DeleteTable: answers with the table's summary (name, status, throughput, size, ARN, id, billing, protection) and not its definition", async () => {
    const onDemand = await activeTable("ctl-delete-fields");
    await db.send(new PutItemCommand({ TableName: onDemand, Item: { pk: { S: "a" }, v: { S: "hello" } } }));
    const provisioned = uniqueTableName("ctl-delete-fields");
    await db.send(
      new CreateTableCommand({
        TableName: provisioned,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 },
        Tags: [{ Key: "team", Value: "storage" }],
      }),
    );
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: provisioned });
    const wasProtected = await activeTable("ctl-delete-fields", true);
    await db.send(new UpdateTableCommand({ TableName: wasProtected, DeletionProtectionEnabled: false }));

    for (const TableName of [onDemand, provisioned, wasProtected]) {
      const { Table } = await db.send(new DescribeTableCommand({ TableName }));
      const { TableDescription } = await db.send(new DeleteTableCommand({ TableName }));
      expect(TableDescription).toEqual({
        TableName,
        TableStatus: "DELETING",
        ProvisionedThroughput: Table?.ProvisionedThroughput,
        TableSizeBytes: Table?.TableSizeBytes,
        ItemCount: Table?.ItemCount,
        TableArn: Table?.TableArn,
        TableId: Table?.TableId,
        ...(Table?.BillingModeSummary ? { BillingModeSummary: Table.BillingModeSummary } : {}),
        DeletionProtectionEnabled: false,
      });
    }
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

  test("DeleteTable: a table still CREATING is ResourceInUseException, and the refusal changes nothing", async () => {
    // Nothing holds a table in CREATING: the metadata object's alarm activates it as soon as its
    // replicas are configured, a few milliseconds after CreateTable. So DeleteTable is sent over
    // and over from the moment CreateTable is, and the first answer that is not "not found" is
    // the one that counts: CREATING's refusal if it came before the activation, DELETING if
    // after. A round that misses the window (as heavy load can make it) is repeated with a
    // fresh table; one hit is required.
    const outcomes: string[] = [];
    const refused: string[] = [];
    for (let round = 0; round < ROUNDS && refused.length === 0; round++) {
      const TableName = uniqueTableName("ctl-creating");
      const outcome = await deleteAsSoonAsCreated(TableName);
      outcomes.push(outcome);
      if (outcome !== "DELETING") refused.push(TableName);
    }
    for (const outcome of outcomes) expect(["DELETING", CREATING_REFUSAL]).toContain(outcome);
    expect(refused, `no DeleteTable in ${ROUNDS} rounds found its table CREATING`).toHaveLength(1);
    // The refused table was left as it was: it turns ACTIVE and can then be deleted.
    const [TableName] = refused;
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
    const { TableDescription } = await db.send(new DeleteTableCommand({ TableName }));
    expect(TableDescription?.TableStatus).toBe("DELETING");
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
      message:
        "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    });
  });
});
