/**
 * Admission between accounts (shared/capacity/account-shares.ts) through the AWS SDK, on a server
 * of the test's own whose deployment serves 100 write units a second (DEPLOYMENT_WRITE_UNITS): an
 * account alone gets about all of it; while it keeps asking for more, another account's light
 * load is still served in full, and the hungry one is throttled with RequestLimitExceeded, its
 * account's limit.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { THROTTLE_MESSAGES } from "../../shared/capacity/throttling";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { activeTable } from "../helpers/global-tables";
import { TENANT_KEY } from "../helpers/test-key";

let running: AdminServer;
let ours: DynamoDBClient;
let theirs: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({ DEPLOYMENT_WRITE_UNITS: "100" });
  ours = running.sdk();
  theirs = new DynamoDBClient({
    endpoint: running.server.url,
    region: "us-east-1",
    credentials: TENANT_KEY,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ requestTimeout: 5000, connectionTimeout: 2000 }),
  });
}, 60_000);

afterAll(async () => {
  ours?.destroy();
  theirs?.destroy();
  await running?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ITEM = "z".repeat(900);

/** `writers` clients putting 1-unit items for `ms`, pausing `pauseMs` after each: what was acknowledged, throttled, failed. */
async function writeFor(db: DynamoDBClient, table: string, writers: number, ms: number, pauseMs = 0) {
  const counts = { ok: 0, throttled: 0, messages: new Set<string>(), failed: [] as string[] };
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        try {
          await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `${w}-${i}` }, v: { S: ITEM } } }));
          counts.ok++;
        } catch (error) {
          const { name, message } = error as Error;
          if (name !== "RequestLimitExceeded") counts.failed.push(`${name}: ${message}`);
          else {
            counts.throttled++;
            counts.messages.add(message);
            await sleep(10);
          }
        }
        if (pauseMs > 0) await sleep(pauseMs);
      }
    }),
  );
  return counts;
}

describe("admission between accounts", () => {
  test("an account alone gets the deployment's capacity; beside a hungry one, a light account is served in full", async () => {
    await activeTable(ours, "hungry");
    await activeTable(theirs, "light");
    const alone = await writeFor(ours, "hungry", 6, 3000);
    expect(alone.failed).toEqual([]);
    // About 100 a second: more than half of it when alone.
    expect(alone.ok).toBeGreaterThan(0.6 * 300);
    expect(alone.ok).toBeLessThan(1.3 * 300);

    const [hungry, light] = await Promise.all([
      writeFor(ours, "hungry", 6, 4000),
      writeFor(theirs, "light", 1, 4000, 50),
    ]);
    expect(light.failed).toEqual([]);
    expect(light.throttled).toBe(0);
    expect(light.ok).toBeGreaterThan(30);
    expect(hungry.failed).toEqual([]);
    expect(hungry.throttled).toBeGreaterThan(0);
    expect([...hungry.messages]).toEqual([THROTTLE_MESSAGES.account]);
    // Together within the deployment's capacity.
    expect(hungry.ok + light.ok).toBeLessThan(1.3 * 400);
  }, 60_000);
});
