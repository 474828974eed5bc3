/**
 * The platform floor (bench/floor) answers the AWS SDK's PutItem and GetItem, started the way
 * the benchmark starts it.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFloor } from "../../bench/floor/floor";
import type { RunningServer } from "../../scripts/server";

let server: RunningServer;
let dataDir: string;
let sdk: DynamoDBClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "dynaflare-floor-test-"));
  server = await startFloor({ port: 0, host: "127.0.0.1", dataDir });
  sdk = new DynamoDBClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDFLOORTEST", secretAccessKey: "floor-test-secret" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk?.destroy();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("platform floor", () => {
  test("floor: the SDK creates a table, puts an item and gets it back; a missing key has no Item", async () => {
    const created = await sdk.send(
      new CreateTableCommand({
        TableName: "floor",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    expect(created.TableDescription?.TableStatus).toBe("ACTIVE");
    const item = { pk: { S: "user1" }, field0: { S: "x".repeat(1000) }, n: { N: "42" } };
    await sdk.send(new PutItemCommand({ TableName: "floor", Item: item }));
    expect((await sdk.send(new GetItemCommand({ TableName: "floor", Key: { pk: { S: "user1" } } }))).Item).toEqual(
      item,
    );
    const missing = await sdk.send(new GetItemCommand({ TableName: "floor", Key: { pk: { S: "user2" } } }));
    expect(missing.Item).toBeUndefined();
  });

  test("floor: tables are separate and a put replaces the item", async () => {
    await sdk.send(new PutItemCommand({ TableName: "a", Item: { pk: { S: "k" }, v: { S: "a1" } } }));
    await sdk.send(new PutItemCommand({ TableName: "b", Item: { pk: { S: "k" }, v: { S: "b" } } }));
    await sdk.send(new PutItemCommand({ TableName: "a", Item: { pk: { S: "k" }, v: { S: "a2" } } }));
    const get = (table: string) => sdk.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "k" } } }));
    expect((await get("a")).Item).toEqual({ pk: { S: "k" }, v: { S: "a2" } });
    expect((await get("b")).Item).toEqual({ pk: { S: "k" }, v: { S: "b" } });
  });
});
