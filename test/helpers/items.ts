/**
 * What the single-item e2e suites share: an ACTIVE table made for the suite, and the error a
 * request fails with (name, message, and the Item a ConditionalCheckFailedException carries).
 */

import {
  type AttributeValue,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { expect } from "vitest";
import { client, uniqueTableName } from "./dynamodb";

export type Item = Record<string, AttributeValue>;

/**
 * The client the item suites use: the server under test, or the DynamoDB named by
 * DYNAFLARE_COMPARE_ENDPOINT (e.g. DynamoDB Local), to check a suite's expectations against it.
 */
export function itemClient(): DynamoDBClient {
  const endpoint = process.env.DYNAFLARE_COMPARE_ENDPOINT;
  return client(endpoint ? { endpoint } : {});
}
type KeyType = "S" | "N" | "B";

/**
 * Creates an on-demand table keyed `pk` (and `sk` when `rangeType` is given) and waits until it
 * is ACTIVE. Returns its name.
 */
export async function createItemTable(
  db: DynamoDBClient,
  prefix: string,
  hashType: KeyType = "S",
  rangeType?: KeyType,
): Promise<string> {
  const TableName = uniqueTableName(prefix);
  const definitions = [{ AttributeName: "pk", AttributeType: hashType }];
  const keySchema = [{ AttributeName: "pk", KeyType: "HASH" as const }];
  if (rangeType) {
    definitions.push({ AttributeName: "sk", AttributeType: rangeType });
    keySchema.push({ AttributeName: "sk", KeyType: "RANGE" as never });
  }
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: definitions,
    KeySchema: keySchema,
    BillingMode: "PAY_PER_REQUEST",
  });
  return TableName;
}

/** Creates the table `input` describes and waits until it is ACTIVE. */
export async function createActiveTable(db: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await db.send(new CreateTableCommand(input));
  await waitUntilTableExists(
    { client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { TableName: input.TableName as string },
  );
}

/**
 * Creates through `db` a table `name` keyed by `pk` (S), on demand, or provisioned with `throughput`;
 * waits until it is ACTIVE. At exit: its name and ARN.
 */
export async function keyedTable(
  db: DynamoDBClient,
  name: string,
  throughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number },
): Promise<{ name: string; arn: string }> {
  await createActiveTable(db, {
    TableName: name,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    ...(throughput
      ? { BillingMode: "PROVISIONED", ProvisionedThroughput: throughput }
      : { BillingMode: "PAY_PER_REQUEST" }),
  });
  const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
  return { name, arn: Table!.TableArn! };
}

/**
 * Creates through `db` a table `name` keyed by `pk` (S) with a global index `byG` on `g` (S), all
 * attributes projected: on demand, or provisioned with plenty for the table and `indexThroughput`
 * for the index; waits until it is ACTIVE. At exit: the index's ARN.
 */
export async function indexedTable(
  db: DynamoDBClient,
  name: string,
  indexThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number },
): Promise<string> {
  const provisioned = indexThroughput && { ReadCapacityUnits: 1000, WriteCapacityUnits: 1000 };
  await createActiveTable(db, {
    TableName: name,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "g", AttributeType: "S" },
    ],
    ...(provisioned
      ? { BillingMode: "PROVISIONED", ProvisionedThroughput: provisioned }
      : { BillingMode: "PAY_PER_REQUEST" }),
    GlobalSecondaryIndexes: [
      {
        IndexName: "byG",
        KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
        ...(indexThroughput ? { ProvisionedThroughput: indexThroughput } : {}),
      },
    ],
  });
  const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
  return Table!.GlobalSecondaryIndexes![0].IndexArn!;
}

/** Polls DescribeTable until table `TableName` is ACTIVE (a restored table: once its items are loaded). */
export async function waitActive(db: DynamoDBClient, TableName: string, timeoutMs = 60_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName })).catch(() => ({ Table: undefined }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${TableName} did not become ACTIVE within ${timeoutMs} ms`);
}

/** Every item of a table (strongly consistent Scan pages), by its `pk` string. */
export async function scanAll(db: DynamoDBClient, TableName: string): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) items.set(item.pk.S as string, item as Item);
    ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
  } while (ExclusiveStartKey);
  return items;
}

export interface Failure {
  name: string;
  message: string;
  Item?: Item;
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error & { Item?: Item }) => e,
  );
  return { name: error.name, message: error.message, ...(error.Item ? { Item: error.Item } : {}) };
}

/** The error `promise` rejects with, by name, HTTP status and message; fails the test if it resolves. */
export async function failureWithStatus(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  );
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}

/** The stored item (strongly consistent read), or undefined. */
export async function storedItem(db: DynamoDBClient, TableName: string, Key: Item): Promise<Item | undefined> {
  const { Item } = await db.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
  return Item;
}

/** A string attribute value of exactly `bytes` UTF-8 bytes. */
export function text(bytes: number): AttributeValue {
  return { S: "x".repeat(bytes) };
}
