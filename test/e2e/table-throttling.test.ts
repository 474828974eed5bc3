/**
 * A table's admission (workers/admission, workers/router/admission.ts) through the AWS SDK, on a
 * server of the test's own whose new on-demand tables are credited a peak of 10 write units a
 * second (ON_DEMAND_INITIAL_WRITE_UNITS): a provisioned table serves its saved-up burst, then
 * throttles at its rate with DynamoDB's exception and reason, and recovers; a global index's reads
 * spend its own capacity; UpdateTable's new rate applies at once; a transaction on a table with
 * nothing left is cancelled with the throttling reason; an on-demand table under a sudden load
 * serves up to double its previous peak, which doubles as it serves.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { THROTTLE_MESSAGES } from "../../shared/capacity/throttling";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { until } from "../helpers/global-tables";
import { indexedTable, keyedTable } from "../helpers/items";

let running: AdminServer;
let db: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({ ON_DEMAND_INITIAL_WRITE_UNITS: "10" });
  db = running.sdk();
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const table = (billing: "PROVISIONED" | "PAY_PER_REQUEST", writeUnits = 1) =>
  keyedTable(
    db,
    uniqueTableName(`admission-${billing.toLowerCase()}`),
    billing === "PROVISIONED" ? { ReadCapacityUnits: 1, WriteCapacityUnits: writeUnits } : undefined,
  );

/** Puts an item of about `kb` KB (as many write units) under `pk`. */
const put = (TableName: string, pk: string, kb = 1) =>
  db.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { S: "x".repeat(kb * 1000) } } }));

describe("a provisioned table's capacity", () => {
  test("1 WCU: its 300 s of burst are served at once, then it throttles at its rate and recovers", async () => {
    const { name, arn } = await table("PROVISIONED");
    // 300 units of burst: 29 writes of 10 KB, over many keys (no partition limit is near).
    for (let i = 0; i < 29; i++) await put(name, `burst-${i}`, 10);
    let error: unknown;
    for (let i = 0; i < 10 && !error; i++) await put(name, `over-${i}`, 10).catch((e) => (error = e));
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    const throttled = error as ProvisionedThroughputExceededException;
    expect(throttled.message).toBe(THROTTLE_MESSAGES.provisionedTable);
    expect(throttled.ThrottlingReasons).toEqual([{ reason: "TableWriteProvisionedThroughputExceeded", resource: arn }]);
    // At 1 WCU a second, a 1 KB write goes through again within a couple of seconds.
    await until(
      "a write is admitted again",
      () =>
        put(name, "after").then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      5000,
    );
  });
});

describe("a global secondary index's capacity", () => {
  test("its reads spend its own capacity: past it, ProvisionedThroughputExceededException naming the index", async () => {
    const name = uniqueTableName("admission-gsi");
    const arn = await indexedTable(db, name, { ReadCapacityUnits: 1, WriteCapacityUnits: 1000 });
    for (let i = 0; i < 40; i++) {
      await db.send(
        new PutItemCommand({
          TableName: name,
          Item: { pk: { S: `k${i}` }, g: { S: "g" }, v: { S: "x".repeat(10_000) } },
        }),
      );
    }
    const query = () =>
      db.send(
        new QueryCommand({
          TableName: name,
          IndexName: "byG",
          KeyConditionExpression: "g = :g",
          ExpressionAttributeValues: { ":g": { S: "g" } },
        }),
      );
    // The index's entries arrive off the write's path: wait until they are all there.
    await until("the index holds every item", query, (r) => r.Count === 40);
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) await query().catch((e) => (error = e));
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    const throttled = error as ProvisionedThroughputExceededException;
    expect(throttled.message).toBe(THROTTLE_MESSAGES.provisionedIndex);
    expect(throttled.ThrottlingReasons).toEqual([{ reason: "IndexReadProvisionedThroughputExceeded", resource: arn }]);
    // The table's own reads are not the index's: they go on.
    await db.send(new GetItemCommand({ TableName: name, Key: { pk: { S: "k0" } } }));
  });
});

describe("a global secondary index's write capacity", () => {
  test("writes that feed it spend its capacity: past it, the table's writes are throttled naming the index; reads go on", async () => {
    const name = uniqueTableName("admission-gsi-writes");
    const arn = await indexedTable(db, name, { ReadCapacityUnits: 1000, WriteCapacityUnits: 1 });
    const put = (pk: string, indexed: boolean) =>
      db.send(
        new PutItemCommand({
          TableName: name,
          Item: { pk: { S: pk }, ...(indexed ? { g: { S: "g" } } : {}), v: { S: "x".repeat(10_000) } },
        }),
      );
    // The index's 300 units of burst go in about 30 writes of 10 KB; the table has plenty.
    let error: unknown;
    let written = 0;
    for (let i = 0; i < 60 && !error; i++) {
      await put(`k${i}`, true).then(
        () => written++,
        (e) => (error = e),
      );
    }
    expect(written).toBeGreaterThanOrEqual(29);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    const throttled = error as ProvisionedThroughputExceededException;
    expect(throttled.message).toBe(THROTTLE_MESSAGES.provisionedIndex);
    expect(throttled.ThrottlingReasons).toEqual([{ reason: "IndexWriteProvisionedThroughputExceeded", resource: arn }]);
    // Its reads are its own capacity, not its writes': a Query goes on, and so do the table's reads.
    await db.send(
      new QueryCommand({
        TableName: name,
        IndexName: "byG",
        KeyConditionExpression: "g = :g",
        ExpressionAttributeValues: { ":g": { S: "g" } },
      }),
    );
    await db.send(new GetItemCommand({ TableName: name, Key: { pk: { S: "k0" } } }));
  });
});

describe("a capacity change", () => {
  test("UpdateTable's new provisioned rate admits writes at once", async () => {
    const { name } = await table("PROVISIONED");
    for (let i = 0; i < 29; i++) await put(name, `burst-${i}`, 10);
    let error: unknown;
    for (let i = 0; i < 10 && !error; i++) await put(name, `over-${i}`, 10).catch((e) => (error = e));
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    await db.send(
      new UpdateTableCommand({
        TableName: name,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1000 },
      }),
    );
    await sleep(200);
    for (let i = 0; i < 5; i++) await put(name, `after-${i}`, 10);
  });
});

describe("transactions", () => {
  test("a transaction on a table with no capacity left is cancelled with ProvisionedThroughputExceeded on its actions", async () => {
    const { name } = await table("PROVISIONED");
    const other = await table("PROVISIONED", 100);
    for (let i = 0; i < 29; i++) await put(name, `burst-${i}`, 10);
    await put(name, "drain", 10).catch(() => undefined);
    const error = await db
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: other.name, Item: { pk: { S: "fine" } } } },
            { Put: { TableName: name, Item: { pk: { S: "tx" }, v: { S: "x".repeat(5000) } } } },
          ],
        }),
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ProvisionedThroughputExceeded", Message: THROTTLE_MESSAGES.provisionedTable },
    ]);
  });
});

describe("an on-demand table's capacity", () => {
  test("a sudden load is served up to double the previous peak, which grows as it is served", async () => {
    const { name } = await table("PAY_PER_REQUEST");
    const perSecond: number[] = [0, 0, 0, 0];
    const throttles: unknown[] = [];
    const start = Date.now();
    const writer = async (w: number) => {
      for (let i = 0; Date.now() - start < perSecond.length * 1000; i++) {
        try {
          await put(name, `w${w}-${i}`);
          const second = Math.floor((Date.now() - start) / 1000);
          if (second < perSecond.length) perSecond[second]++;
        } catch (error) {
          throttles.push(error);
          await sleep(20);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, w) => writer(w)));
    // Credited a peak of 10, it serves about 20 a second at first (and the second saved up), then
    // twice as many each second.
    expect(perSecond[0]).toBeLessThanOrEqual(60);
    expect(perSecond[3]).toBeGreaterThan(1.8 * perSecond[0]);
    expect(throttles.length).toBeGreaterThan(0);
    expect(throttles[0]).toBeInstanceOf(ThrottlingException);
    expect((throttles[0] as ThrottlingException).message).toBe(THROTTLE_MESSAGES.onDemandTable);
  });
});
