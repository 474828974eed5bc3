/**
 * Time to Live through the AWS SDK, on a server of the test's own whose leaders sweep every
 * 200 ms and whose tables take a change every 1.5 s (TTL_SWEEP_MS, TTL_CHANGE_WINDOW_MS):
 * UpdateTimeToLive and DescribeTimeToLive with DynamoDB's rules, expired items deleted (and only
 * those: a future expiry, a string, milliseconds and a date more than five years past are left
 * alone), from the table and its global index, and in a global table's other region too.
 */
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { activeTable, addRegion, until } from "../helpers/global-tables";
import { failure } from "../helpers/items";

const WINDOW_MS = 1500;

let running: AdminServer;
let db: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({ TTL_SWEEP_MS: "200", TTL_CHANGE_WINDOW_MS: String(WINDOW_MS) });
  db = running.sdk();
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeTtl = async (TableName: string) =>
  (await db.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;
const enable = (TableName: string, AttributeName = "expires", Enabled = true) =>
  db.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }));
const present = async (db: DynamoDBClient, TableName: string, pk: string) =>
  (await db.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item !== undefined;

describe("UpdateTimeToLive and DescribeTimeToLive", () => {
  test("a table starts with Time to Live off; enabling, repeating and disabling follow DynamoDB's rules", async () => {
    const TableName = uniqueTableName("ttl_rules");
    await activeTable(db, TableName);
    expect(await describeTtl(TableName)).toEqual({ TimeToLiveStatus: "DISABLED" });
    expect(await failure(enable(TableName, "expires", false))).toEqual({
      name: "ValidationException",
      message: "TimeToLive is already disabled",
    });
    const enabled = await enable(TableName);
    expect(enabled.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "expires" });
    expect(await describeTtl(TableName)).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expires" });
    expect(await failure(enable(TableName))).toEqual({
      name: "ValidationException",
      message: "TimeToLive is already enabled",
    });
    expect(await failure(enable(TableName, "other"))).toEqual({
      name: "ValidationException",
      message: "TimeToLive is active on a different AttributeName: current AttributeName is expires",
    });
    expect(await failure(enable(TableName, "expires", false))).toEqual({
      name: "ValidationException",
      message: "Time to live has been modified multiple times within a fixed interval",
    });
    await sleep(WINDOW_MS);
    await enable(TableName, "expires", false);
    expect(await describeTtl(TableName)).toEqual({ TimeToLiveStatus: "DISABLED" });
  });

  test("a missing table is ResourceNotFoundException", async () => {
    expect((await failure(db.send(new DescribeTimeToLiveCommand({ TableName: "ttl_no_such_table" })))).name).toBe(
      "ResourceNotFoundException",
    );
    expect((await failure(enable("ttl_no_such_table"))).name).toBe("ResourceNotFoundException");
  });
});

describe("expiry", () => {
  test("deletes the expired items, from the table and its global index, and leaves the others", async () => {
    const TableName = uniqueTableName("ttl_expiry");
    await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "group", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "by-group",
            KeySchema: [{ AttributeName: "group", KeyType: "HASH" }],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await until(
      "the table is ACTIVE",
      () => describeTtl(TableName).catch(() => undefined),
      (d) => d !== undefined,
    );
    await sleep(500);
    const now = Math.floor(Date.now() / 1000);
    const items: Record<string, { N: string } | { S: string } | undefined> = {
      "gone-1": { N: String(now - 10) },
      "gone-2": { N: String(now - 3600) },
      future: { N: String(now + 3600) },
      text: { S: String(now - 10) },
      millis: { N: String((now - 10) * 1000) },
      ancient: { N: String(now - 6 * 365 * 24 * 3600) },
      none: undefined,
    };
    for (const [pk, expires] of Object.entries(items)) {
      await db.send(
        new PutItemCommand({ TableName, Item: { pk: { S: pk }, group: { S: "g" }, ...(expires ? { expires } : {}) } }),
      );
    }
    // Expired items are read as any other until the sweeper comes.
    expect(await present(db, TableName, "gone-1")).toBe(true);
    await enable(TableName);
    await until(
      "the expired items are deleted",
      async () => [await present(db, TableName, "gone-1"), await present(db, TableName, "gone-2")],
      (left) => !left[0] && !left[1],
      15_000,
    );
    for (const pk of ["future", "text", "millis", "ancient", "none"])
      expect(await present(db, TableName, pk)).toBe(true);
    const indexed = await until(
      "the index drops them",
      () =>
        db.send(
          new QueryCommand({
            TableName,
            IndexName: "by-group",
            KeyConditionExpression: "#g = :g",
            ExpressionAttributeNames: { "#g": "group" },
            ExpressionAttributeValues: { ":g": { S: "g" } },
          }),
        ),
      (r) => r.Count === 5,
    );
    expect(indexed.Items?.map((i) => i.pk.S).sort()).toEqual(["ancient", "future", "millis", "none", "text"]);
  });

  test("a global table's expired item is deleted in its other region too", { timeout: 90_000 }, async () => {
    const TableName = uniqueTableName("ttl_global");
    await activeTable(db, TableName);
    await addRegion(db, TableName, "eu-west-1");
    const eu = running.sdkIn("eu-west-1");
    await db.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: "short" }, expires: { N: String(Math.floor(Date.now() / 1000) - 5) } },
      }),
    );
    await until("it reaches eu-west-1", () => present(eu, TableName, "short"), Boolean);
    await enable(TableName);
    await until(
      "it is gone from us-east-1",
      () => present(db, TableName, "short"),
      (p) => !p,
      15_000,
    );
    await until(
      "and from eu-west-1",
      () => present(eu, TableName, "short"),
      (p) => !p,
      15_000,
    );
  });
});
