/**
 * Item collections through the AWS SDK, on a server of the test's own whose collections may hold
 * 8 KB (ITEM_COLLECTION_LIMIT_BYTES): ReturnItemCollectionMetrics SIZE on PutItem, UpdateItem,
 * DeleteItem and BatchWriteItem on a table with a local secondary index, none on a table without,
 * and ItemCollectionSizeLimitExceededException for a write that would take a collection over the
 * limit, with nothing written. Rules: docs/issue-15-dynamodb-behaviour.md section 7.
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  type TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, createItemTable, type Item, storedItem } from "../helpers/items";

const LIMIT = 8192;
const S = (S: string) => ({ S });

let running: AdminServer;
let db: DynamoDBClient;
let TableName = "";

beforeAll(async () => {
  running = await startAdminServer({ ITEM_COLLECTION_LIMIT_BYTES: String(LIMIT) });
  db = running.sdk();
  TableName = uniqueTableName("collections");
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: ["pk", "sk", "lsk"].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    LocalSecondaryIndexes: [
      {
        IndexName: "byLsk",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  });
});

afterAll(async () => {
  await running?.stop();
});

/**
 * An item of exactly 1500 bytes in collection `pk` (pk, sk of one character each) and in the
 * index: it adds 3100 bytes to its collection (itself and its entry of 1600), so two fit in 8 KB
 * and a third does not.
 */
const big = (pk: string, sk: string): Item => ({ pk: S(pk), sk: S(sk), lsk: S("x"), v: S("v".repeat(1489)) });

const metricsOf = (pk: string) => ({ ItemCollectionKey: { pk: S(pk) }, SizeEstimateRangeGB: [0, 1] });

const put = (Item: Item) => db.send(new PutItemCommand({ TableName, Item }));

/** The error a write fails with: its name, message and HTTP status. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.fail("expected the write to be refused"),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  );
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

const LIMIT_EXCEEDED = {
  name: "ItemCollectionSizeLimitExceededException",
  message: "Collection size exceeded.",
  status: 400,
};

describe("ReturnItemCollectionMetrics", () => {
  test("PutItem, UpdateItem and DeleteItem with SIZE return the collection's key and size range", async () => {
    const Key = { pk: S("m"), sk: S("1") };
    const put = await db.send(
      new PutItemCommand({ TableName, Item: { ...Key, lsk: S("a") }, ReturnItemCollectionMetrics: "SIZE" }),
    );
    expect(put.ItemCollectionMetrics).toEqual(metricsOf("m"));
    const update = await db.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: "SET lsk = :l",
        ExpressionAttributeValues: { ":l": S("b") },
        ReturnItemCollectionMetrics: "SIZE",
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(update.ItemCollectionMetrics).toEqual(metricsOf("m"));
    expect(update.ConsumedCapacity?.LocalSecondaryIndexes).toEqual({ byLsk: { CapacityUnits: 2 } });
    const deleted = await db.send(new DeleteItemCommand({ TableName, Key, ReturnItemCollectionMetrics: "SIZE" }));
    expect(deleted.ItemCollectionMetrics).toEqual(metricsOf("m"));
  });

  test("NONE, or no member, returns no metrics", async () => {
    const none = await db.send(
      new PutItemCommand({ TableName, Item: { pk: S("m"), sk: S("2") }, ReturnItemCollectionMetrics: "NONE" }),
    );
    expect(none.ItemCollectionMetrics).toBeUndefined();
    const absent = await put({ pk: S("m"), sk: S("3") });
    expect(absent.ItemCollectionMetrics).toBeUndefined();
  });

  test("a table without local indexes returns no metrics", async () => {
    const plain = await createItemTable(db, "collections-plain", "S", "S");
    const single = await db.send(
      new PutItemCommand({ TableName: plain, Item: { pk: S("m"), sk: S("1") }, ReturnItemCollectionMetrics: "SIZE" }),
    );
    expect(single.ItemCollectionMetrics).toBeUndefined();
    const batch = await db.send(
      new BatchWriteItemCommand({
        RequestItems: { [plain]: [{ PutRequest: { Item: { pk: S("m"), sk: S("2") } } }] },
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    expect(batch.ItemCollectionMetrics).toBeUndefined();
  });

  test("BatchWriteItem with SIZE returns one entry per collection written, under the table's name", async () => {
    const { ItemCollectionMetrics } = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TableName]: [
            { PutRequest: { Item: { pk: S("b1"), sk: S("1"), lsk: S("a") } } },
            { PutRequest: { Item: { pk: S("b1"), sk: S("2") } } },
            { PutRequest: { Item: { pk: S("b2"), sk: S("1") } } },
            { DeleteRequest: { Key: { pk: S("b3"), sk: S("1") } } },
          ],
        },
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    const entries = ItemCollectionMetrics?.[TableName] ?? [];
    expect(entries.map((e) => e.ItemCollectionKey?.pk.S).sort()).toEqual(["b1", "b2", "b3"]);
    for (const entry of entries) expect(entry.SizeEstimateRangeGB).toEqual([0, 1]);
  });
});

describe("the item collection size limit", () => {
  test("a write that would take a collection over the limit is refused and writes nothing", async () => {
    await put(big("f", "1"));
    await put(big("f", "2"));
    expect(await refusal(put(big("f", "3")))).toEqual(LIMIT_EXCEEDED);
    expect(await storedItem(db, TableName, { pk: S("f"), sk: S("3") })).toBeUndefined();
    // Another collection is not concerned; nor is an item of the same size replacing one.
    await put(big("g", "1"));
    await put({ ...big("f", "2"), v: S("w".repeat(1489)) });
  });

  test("UpdateItem that grows a full collection is refused; one that shrinks it is not", async () => {
    const Key = { pk: S("f"), sk: S("1") };
    const grow = db.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: "SET more = :m",
        ExpressionAttributeValues: { ":m": S("m".repeat(1000)) },
      }),
    );
    expect(await refusal(grow)).toEqual(LIMIT_EXCEEDED);
    expect((await storedItem(db, TableName, Key))?.more).toBeUndefined();
    await db.send(new UpdateItemCommand({ TableName, Key, UpdateExpression: "REMOVE lsk" }));
    expect((await storedItem(db, TableName, Key))?.lsk).toBeUndefined();
  });

  test("after a delete the collection has room again", async () => {
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: S("f"), sk: S("1") } }));
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: S("f"), sk: S("2") } }));
    await put(big("f", "3"));
    await put(big("f", "4"));
    expect(await refusal(put(big("f", "5")))).toEqual(LIMIT_EXCEEDED);
  });

  test("of concurrent writes to one collection, only those that fit are written", async () => {
    const writes = await Promise.allSettled(["1", "2", "3", "4", "5"].map((sk) => put(big("c", sk))));
    const refused = writes.filter((w) => w.status === "rejected");
    expect(writes.filter((w) => w.status === "fulfilled")).toHaveLength(2);
    for (const w of refused) expect((w as PromiseRejectedResult).reason.name).toBe(LIMIT_EXCEEDED.name);
  });

  test("BatchWriteItem into a full collection fails with the same error", async () => {
    const batch = db.send(
      new BatchWriteItemCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: big("f", "6") } }] } }),
    );
    expect(await refusal(batch)).toEqual(LIMIT_EXCEEDED);
    expect(await storedItem(db, TableName, { pk: S("f"), sk: S("6") })).toBeUndefined();
  });

  test("a table without local indexes has no item collections to limit", async () => {
    const plain = await createItemTable(db, "collections-unlimited", "S", "S");
    for (const sk of ["1", "2", "3", "4", "5", "6"]) {
      await db.send(new PutItemCommand({ TableName: plain, Item: big("f", sk) }));
    }
  });
});

describe("transactions", () => {
  test("TransactWriteItems with SIZE returns each written collection under its table's name", async () => {
    const { ItemCollectionMetrics } = await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: S("t1"), sk: S("1"), lsk: S("a") } } },
          { Put: { TableName, Item: { pk: S("t2"), sk: S("1") } } },
        ],
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    expect(ItemCollectionMetrics).toEqual({ [TableName]: [metricsOf("t1"), metricsOf("t2")] });
  });

  test("an action that would take a collection over the limit cancels the transaction, writing nothing", async () => {
    await put(big("tf", "1"));
    await put(big("tf", "2"));
    const error = await db
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: S("tg"), sk: S("1") } } },
            { Put: { TableName, Item: big("tf", "3") } },
          ],
        }),
      )
      .then(
        () => expect.fail("expected the transaction to be cancelled"),
        (e: TransactionCanceledException) => e,
      );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ItemCollectionSizeLimitExceeded", Message: "Collection size exceeded." },
    ]);
    expect(await storedItem(db, TableName, { pk: S("tg"), sk: S("1") })).toBeUndefined();
    expect(await storedItem(db, TableName, { pk: S("tf"), sk: S("3") })).toBeUndefined();
  });
});
