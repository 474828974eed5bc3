/**
 * A partition's limits (workers/replica/admission.ts) through the AWS SDK, on a server of the
 * test's own whose partitions take 10 write and 20 read units a second (PARTITION_WRITE_UNITS,
 * PARTITION_READ_UNITS): a hot key is throttled with DynamoDB's exception for the table's billing
 * mode, its message and throttling reason, while the other partitions keep serving; it recovers
 * within a second; a batch reports its throttled entries as unprocessed.
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ThrottlingException,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { THROTTLE_MESSAGES } from "../../shared/capacity/throttling";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { GroupReport } from "../../workers/admin/group-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { indexedTable, keyedTable } from "../helpers/items";

let running: AdminServer;
let db: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({ PARTITION_WRITE_UNITS: "10", PARTITION_READ_UNITS: "20" });
  db = running.sdk();
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const table = (billing: "PROVISIONED" | "PAY_PER_REQUEST") =>
  keyedTable(
    db,
    uniqueTableName(`throttle-${billing.toLowerCase()}`),
    billing === "PROVISIONED" ? { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } : undefined,
  );

/** Puts an item of about `bytes` (1 WCU per KB) under `pk`. */
const put = (TableName: string, pk: string, bytes = 900) =>
  db.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { S: "x".repeat(bytes) } } }));

/**
 * Puts `pk` until a write is throttled (at most 200 tries). At exit: the error, and how many were
 * served first. Items of `bytes` leave the partition that much in debt (9 KB: most of a second).
 */
async function hammer(TableName: string, pk: string, bytes?: number): Promise<{ error: unknown; served: number }> {
  for (let served = 0; served < 200; served++) {
    try {
      await put(TableName, pk, bytes);
    } catch (error) {
      return { error, served };
    }
  }
  return { error: undefined, served: 200 };
}

/** A key whose partition (of the four) differs from `pk`'s. */
const hash = (pk: string) => partitionHash(encodeKeyValue({ S: pk }));
const elsewhere = (pk: string) => {
  const quarter = (h: string) => Number.parseInt(h[0], 16) >> 2;
  for (let i = 0; ; i++) if (quarter(hash(`other-${i}`)) !== quarter(hash(pk))) return `other-${i}`;
};

describe("a partition's limits", () => {
  test("a hot key on a provisioned table: ProvisionedThroughputExceededException naming the key range, other partitions served, recovered within a second", async () => {
    const { name, arn } = await table("PROVISIONED");
    const { error, served } = await hammer(name, "hot");
    expect(served).toBeGreaterThanOrEqual(9);
    expect(served).toBeLessThan(60);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    const throttled = error as ProvisionedThroughputExceededException;
    expect(throttled.message).toBe(THROTTLE_MESSAGES.provisionedTable);
    expect(throttled.$metadata.httpStatusCode).toBe(400);
    expect(throttled.ThrottlingReasons).toEqual([{ reason: "TableWriteKeyRangeThroughputExceeded", resource: arn }]);
    // The admin API shows the hot partition's last minute on its leader.
    const { partitions } = await running.admin<GroupReport>(`/admin/groups?table=${name}`);
    const hot = partitions.find((p) => p.low <= hash("hot") && hash("hot") <= p.high);
    const leader = hot?.members.find((m) => m.name === hot.leader);
    expect(leader?.capacity?.writeUnits).toBeGreaterThanOrEqual(served);
    expect(leader?.capacity?.throttledWrites).toBeGreaterThanOrEqual(1);
    await put(name, elsewhere("hot"));
    await sleep(1100);
    await put(name, "hot");
  });

  test("a hot key on an on-demand table: ThrottlingException with the on-demand words", async () => {
    const { name, arn } = await table("PAY_PER_REQUEST");
    const { error } = await hammer(name, "hot");
    expect(error).toBeInstanceOf(ThrottlingException);
    const throttled = error as ThrottlingException;
    expect(throttled.message).toBe(THROTTLE_MESSAGES.onDemandTable);
    expect(throttled.throttlingReasons).toEqual([{ reason: "TableWriteKeyRangeThroughputExceeded", resource: arn }]);
  });

  test("reads have their own limit: a hot key's strong reads are throttled, its writes are not", async () => {
    const { name, arn } = await table("PROVISIONED");
    await put(name, "read-hot");
    let error: unknown;
    for (let i = 0; i < 200 && !error; i++) {
      await db
        .send(new GetItemCommand({ TableName: name, Key: { pk: { S: "read-hot" } }, ConsistentRead: true }))
        .catch((e) => {
          error = e;
        });
    }
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect((error as ProvisionedThroughputExceededException).ThrottlingReasons).toEqual([
      { reason: "TableReadKeyRangeThroughputExceeded", resource: arn },
    ]);
    await put(name, "read-hot");
  });

  test.each([
    ["PROVISIONED", "ProvisionedThroughputExceeded", THROTTLE_MESSAGES.provisionedTable],
    ["PAY_PER_REQUEST", "ThrottlingError", THROTTLE_MESSAGES.onDemandTable],
  ] as const)(
    "a transaction's write on a hot partition of a %s table is cancelled with %s on that action",
    async (billing, code, message) => {
      const { name } = await table(billing);
      const other = elsewhere("tx-hot");
      await hammer(name, "tx-hot", 9000);
      const error = await db
        .send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: name, Item: { pk: { S: other }, v: { S: "fine" } } } },
              { Put: { TableName: name, Item: { pk: { S: "tx-hot" }, v: { S: "again" } } } },
            ],
          }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionCanceledException);
      expect((error as TransactionCanceledException).CancellationReasons).toEqual([
        { Code: "None" },
        { Code: code, Message: message },
      ]);
      // Nothing was written: the transaction is all or nothing.
      const read = await db.send(
        new GetItemCommand({ TableName: name, Key: { pk: { S: other } }, ConsistentRead: true }),
      );
      expect(read.Item).toBeUndefined();
    },
  );

  test("a TransactGetItems' read on a hot partition is cancelled with the key range's throttle on that read", async () => {
    const { name } = await table("PROVISIONED");
    const other = elsewhere("tx-read-hot");
    await put(name, "tx-read-hot", 9000);
    let throttled = false;
    for (let i = 0; i < 200 && !throttled; i++) {
      await db
        .send(new GetItemCommand({ TableName: name, Key: { pk: { S: "tx-read-hot" } }, ConsistentRead: true }))
        .catch(() => {
          throttled = true;
        });
    }
    expect(throttled).toBe(true);
    const error = await db
      .send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: name, Key: { pk: { S: other } } } },
            { Get: { TableName: name, Key: { pk: { S: "tx-read-hot" } } } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ProvisionedThroughputExceeded", Message: THROTTLE_MESSAGES.provisionedTable },
    ]);
  });

  test("a global index's hot partition throttles its feeding, and so its table's writes (back-pressure), naming the index", async () => {
    const name = uniqueTableName("throttle-gsi-partition");
    const indexArn = await indexedTable(db, name);
    // Every item has the same index key: one index partition takes every entry, while the
    // table's writes spread over its four partitions, each under its own limit.
    let error: unknown;
    for (let i = 0; i < 400 && !error; i++) {
      await db
        .send(
          new PutItemCommand({
            TableName: name,
            Item: { pk: { S: `k${i}` }, g: { S: "hot" }, v: { S: "x".repeat(900) } },
          }),
        )
        .catch((e) => {
          if ((e as ThrottlingException).throttlingReasons?.[0]?.reason?.startsWith("Index")) error = e;
        });
    }
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).message).toBe(THROTTLE_MESSAGES.onDemandIndex);
    expect((error as ThrottlingException).throttlingReasons).toEqual([
      { reason: "IndexWriteKeyRangeThroughputExceeded", resource: indexArn },
    ]);
  });

  test("a batch returns its throttled entries as unprocessed, and fails only when all are", async () => {
    const { name } = await table("PROVISIONED");
    const other = elsewhere("batch-hot");
    await hammer(name, "batch-hot", 9000);
    const batch = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: [
            { PutRequest: { Item: { pk: { S: "batch-hot" }, v: { S: "again" } } } },
            { PutRequest: { Item: { pk: { S: other }, v: { S: "fine" } } } },
          ],
        },
      }),
    );
    expect(batch.UnprocessedItems?.[name]).toEqual([
      { PutRequest: { Item: { pk: { S: "batch-hot" }, v: { S: "again" } } } },
    ]);
    await hammer(name, "batch-hot", 9000);
    const all = await db
      .send(
        new BatchWriteItemCommand({
          RequestItems: { [name]: [{ PutRequest: { Item: { pk: { S: "batch-hot" }, v: { S: "again" } } } }] },
        }),
      )
      .catch((e) => e);
    expect(all).toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});
