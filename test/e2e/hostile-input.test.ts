/**
 * Hostile input against a cold server: a server of its own, started for this file, whose first
 * requests are the deepest ones (an isolate that has not optimised its code yet has the least
 * stack to spare). Nesting far past DynamoDB's limits, in values, JSON and expressions, gets
 * DynamoDB's 400 and never a 500; nothing hostile is written.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningServer, startServer } from "../../scripts/server";
import { TEST_SECRETS } from "../helpers/test-key";
import { callWire, errorType, type WireAnswer } from "../helpers/wire";

const NESTING =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
const DEPTHS = [33, 100, 1_000, 2_000, 10_000, 100_000];

let server: RunningServer;
let dataDir: string;
const TABLE = "hostile";

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "dynaflare-hostile-"));
  server = await startServer({ port: 0, host: "127.0.0.1", dataDir, ...TEST_SECRETS });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (operation: string, body: string | object) => callWire(operation, body, server.url);

/** `depth` nested maps (`{"M":{"a":…}}`) around a string, as JSON text. */
const deepMap = (depth: number) => `${'{"M":{"a":'.repeat(depth)}{"S":"x"}${"}}".repeat(depth)}`;
/** `depth` nested lists (`{"L":[…]}`) around a string, as JSON text. */
const deepList = (depth: number) => `${'{"L":['.repeat(depth)}{"S":"x"}${"]}".repeat(depth)}`;

/** A 400 with a DynamoDB error type (and, when given, that type and message). */
function refused(answer: WireAnswer, type?: string, message?: string): void {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(errorType(answer)).toBeDefined();
  if (type) expect(errorType(answer)).toBe(type);
  if (message) expect(answer.body.message ?? answer.body.Message).toBe(message);
}

const condition = (expression: string) => ({
  TableName: TABLE,
  Item: { pk: { S: "condition" } },
  ConditionExpression: expression,
  ExpressionAttributeValues: { ":v": { S: "x" } },
});

describe("hostile input on a cold server", () => {
  test("values nested far past 32 levels get the nesting error, first thing after start", async () => {
    for (const depth of DEPTHS) {
      for (const value of [deepMap(depth), deepList(depth)]) {
        refused(
          await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":{"S":"a"},"deep":${value}}}`),
          "ValidationException",
          NESTING,
        );
        refused(await call("GetItem", `{"TableName":"${TABLE}","Key":{"pk":${value}}}`), "ValidationException");
        refused(
          await call(
            "UpdateItem",
            `{"TableName":"${TABLE}","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET d = :v","ExpressionAttributeValues":{":v":${value}}}`,
          ),
          "ValidationException",
          `ExpressionAttributeValues contains invalid value: ${NESTING} for key :v`,
        );
        refused(
          await call(
            "UpdateItem",
            `{"TableName":"${TABLE}","Key":{"pk":{"S":"a"}},"AttributeUpdates":{"d":{"Action":"PUT","Value":${value}}}}`,
          ),
          "ValidationException",
          NESTING,
        );
        refused(
          await call(
            "BatchWriteItem",
            `{"RequestItems":{"${TABLE}":[{"PutRequest":{"Item":{"pk":{"S":"a"},"d":${value}}}}]}}`,
          ),
          "ValidationException",
          NESTING,
        );
        refused(
          await call(
            "Query",
            `{"TableName":"${TABLE}","KeyConditionExpression":"pk = :v","ExpressionAttributeValues":{":v":${value}}}`,
          ),
          "ValidationException",
          `ExpressionAttributeValues contains invalid value: ${NESTING} for key :v`,
        );
        refused(
          await call("Scan", `{"TableName":"${TABLE}","ExclusiveStartKey":{"pk":${value}}}`),
          "ValidationException",
        );
      }
    }
  });

  test("expressions nested as deep as 4 KB allows get DynamoDB's expression errors", async () => {
    const deep = 2_040;
    const redundant = "Invalid ConditionExpression: The expression has redundant parentheses;";
    refused(await call("PutItem", condition(`${"(".repeat(deep)}a = :v${")".repeat(deep)}`)), undefined, redundant);
    refused(await call("PutItem", condition(`${"(".repeat(deep)}a${")".repeat(deep)} = :v`)), undefined, redundant);
    refused(
      await call("PutItem", condition(`${"(".repeat(deep)}a = :v`)),
      "ValidationException",
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"',
    );
    refused(
      await call("PutItem", condition(`${"(".repeat(1_500)}a = :v${")".repeat(1_501)}`)),
      "ValidationException",
      'Invalid ConditionExpression: Syntax error; token: ")", near: "))"',
    );
    refused(await call("PutItem", condition(`${"NOT ".repeat(1_000)}a = :v`)), "ValidationException");
    refused(await call("PutItem", condition(`${"size(".repeat(600)}a${")".repeat(600)} = :v`)), "ValidationException");
    refused(
      await call("PutItem", condition(`${"(size(".repeat(510)}a${"))".repeat(510)} = :v`)),
      "ValidationException",
    );
    refused(
      await call("UpdateItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        UpdateExpression: `SET a = ${"(".repeat(deep)}:v${")".repeat(deep)}`,
        ExpressionAttributeValues: { ":v": { S: "x" } },
      }),
      undefined,
      "Invalid UpdateExpression: The expression has redundant parentheses;",
    );
    refused(
      await call("GetItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        ProjectionExpression: `a${"[1]".repeat(1_300)}`,
      }),
      "ValidationException",
    );
    refused(
      await call("GetItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        ProjectionExpression: `a${".b".repeat(2_000)}`,
      }),
      "ValidationException",
    );
  });

  test("JSON nested 100,000 deep is ignored in unknown members and refused in declared ones", async () => {
    const arrays = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const objects = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect((await call("ListTables", `{"Unknown":${arrays}}`)).status).toBe(200);
    expect((await call("ListTables", `{"Unknown":${objects}}`)).status).toBe(200);
    refused(await call("ListTables", `{"Limit":${arrays}}`), "SerializationException");
    refused(await call("CreateTable", `{"TableName":"nested","KeySchema":${arrays}}`), "SerializationException");
    refused(await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":${objects}}}`));
  });

  test("once warm, the same hostile writes are still refused and write nothing", async () => {
    const created = await call("CreateTable", {
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(created.status).toBe(200);
    for (let attempt = 0; ; attempt++) {
      const described = await call("DescribeTable", { TableName: TABLE });
      if ((described.body.Table as { TableStatus: string }).TableStatus === "ACTIVE") break;
      expect(attempt).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const depth of DEPTHS) {
      refused(
        await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":{"S":"a"},"deep":${deepMap(depth)}}}`),
        "ValidationException",
        NESTING,
      );
    }
    refused(await call("PutItem", condition(`${"(".repeat(2_040)}a = :v${")".repeat(2_040)}`)));
    const scan = await call("Scan", { TableName: TABLE, ConsistentRead: true });
    expect(scan.body).toMatchObject({ Count: 0, Items: [] });
  });
});
