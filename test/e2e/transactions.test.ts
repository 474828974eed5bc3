/**
 * TransactWriteItems and TransactGetItems over HTTP through the AWS SDK: all-or-nothing writes
 * across partitions and tables, cancellation reasons in request order (with ALL_OLD items),
 * conflicts with single-item writes, idempotency tokens, snapshot reads, capacity.
 */
import {
  type AttributeValue,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { activeTable, addRegion, arrives, until } from "../helpers/global-tables";
import { failure } from "../helpers/items";

const db = client();
type Item = Record<string, AttributeValue>;

/** A new table keyed by `pk` (S), ACTIVE. */
async function createTable(prefix: string): Promise<string> {
  const TableName = uniqueTableName(prefix);
  await activeTable(db, TableName);
  return TableName;
}

async function read(TableName: string, pk: string): Promise<Item | undefined> {
  return (await db.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
}

/** The cancellation a transaction ended with: its message and reasons. */
async function cancelled(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.fail("expected the transaction to be cancelled"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransactionCanceledException);
  const canceled = error as TransactionCanceledException;
  return { message: canceled.message, reasons: canceled.CancellationReasons };
}

let accounts: string;
let ledger: string;

beforeAll(async () => {
  [accounts, ledger] = await Promise.all([createTable("tx_accounts"), createTable("tx_ledger")]);
});

describe("TransactWriteItems", () => {
  test("writes every action across partitions and tables, or none", async () => {
    // Twenty keys land on every partition of the table.
    const keys = Array.from({ length: 20 }, (_, i) => `all-${i}`);
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          ...keys.map((pk) => ({ Put: { TableName: accounts, Item: { pk: { S: pk }, balance: { N: "10" } } } })),
          { Put: { TableName: ledger, Item: { pk: { S: "entry-1" }, note: { S: "opened" } } } },
        ],
      }),
    );
    for (const pk of keys) expect((await read(accounts, pk))?.balance).toEqual({ N: "10" });
    expect((await read(ledger, "entry-1"))?.note).toEqual({ S: "opened" });

    // One failed condition cancels the rest: nothing changes, anywhere.
    const outcome = await cancelled(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            ...keys.map((pk) => ({
              Update: {
                TableName: accounts,
                Key: { pk: { S: pk } },
                UpdateExpression: "SET balance = balance - :one",
                ExpressionAttributeValues: { ":one": { N: "1" } },
              },
            })),
            {
              ConditionCheck: {
                TableName: ledger,
                Key: { pk: { S: "entry-1" } },
                ConditionExpression: "note = :closed",
                ExpressionAttributeValues: { ":closed": { S: "closed" } },
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
              },
            },
          ],
        }),
      ),
    );
    expect(outcome.reasons).toHaveLength(21);
    expect(outcome.reasons?.slice(0, 20).every((r) => r.Code === "None")).toBe(true);
    expect(outcome.reasons?.[20]).toEqual({
      Code: "ConditionalCheckFailed",
      Message: "The conditional request failed",
      Item: { pk: { S: "entry-1" }, note: { S: "opened" } },
    });
    expect(outcome.message).toBe(
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${[...Array(20).fill("None"), "ConditionalCheckFailed"].join(", ")}]`,
    );
    for (const pk of keys) expect((await read(accounts, pk))?.balance).toEqual({ N: "10" });
  });

  test("moves money between two accounts and deletes, reporting two write units per KB", async () => {
    await db.send(new PutItemCommand({ TableName: accounts, Item: { pk: { S: "alice" }, balance: { N: "100" } } }));
    await db.send(new PutItemCommand({ TableName: accounts, Item: { pk: { S: "bob" }, balance: { N: "5" } } }));
    await db.send(new PutItemCommand({ TableName: ledger, Item: { pk: { S: "stale" } } }));
    const moved = await db.send(
      new TransactWriteItemsCommand({
        ReturnConsumedCapacity: "TOTAL",
        TransactItems: [
          {
            Update: {
              TableName: accounts,
              Key: { pk: { S: "alice" } },
              UpdateExpression: "SET balance = balance - :n",
              ConditionExpression: "balance >= :n",
              ExpressionAttributeValues: { ":n": { N: "30" } },
            },
          },
          {
            Update: {
              TableName: accounts,
              Key: { pk: { S: "bob" } },
              UpdateExpression: "SET balance = balance + :n",
              ExpressionAttributeValues: { ":n": { N: "30" } },
            },
          },
          { Delete: { TableName: ledger, Key: { pk: { S: "stale" } } } },
        ],
      }),
    );
    expect((await read(accounts, "alice"))?.balance).toEqual({ N: "70" });
    expect((await read(accounts, "bob"))?.balance).toEqual({ N: "35" });
    expect(await read(ledger, "stale")).toBeUndefined();
    const units = Object.fromEntries((moved.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    expect(units).toEqual({ [accounts]: 4, [ledger]: 2 });
  });

  test("refuses two actions on one item, and an action on a missing table", async () => {
    const twice = await failure(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: accounts, Item: { pk: { S: "twice" } } } },
            { Delete: { TableName: accounts, Key: { pk: { S: "twice" } } } },
          ],
        }),
      ),
    );
    expect(twice).toEqual({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
    const missing = await failure(
      db.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: "tx_no_such_table", Item: { pk: { S: "x" } } } }],
        }),
      ),
    );
    expect(missing.name).toBe("ResourceNotFoundException");
    expect(await read(accounts, "twice")).toBeUndefined();
  });

  test("a repeated ClientRequestToken is not applied again; the same token with another request is refused", async () => {
    await db.send(new PutItemCommand({ TableName: accounts, Item: { pk: { S: "counter" }, n: { N: "0" } } }));
    const increment = (token: string, by = "1") =>
      new TransactWriteItemsCommand({
        ClientRequestToken: token,
        TransactItems: [
          {
            Update: {
              TableName: accounts,
              Key: { pk: { S: "counter" } },
              UpdateExpression: "ADD n :by",
              ExpressionAttributeValues: { ":by": { N: by } },
            },
          },
        ],
      });
    await db.send(increment("token-1"));
    await db.send(increment("token-1"));
    expect((await read(accounts, "counter"))?.n).toEqual({ N: "1" });
    const mismatch = await failure(db.send(increment("token-1", "2")));
    expect(mismatch.name).toBe("IdempotentParameterMismatchException");
    await db.send(increment("token-2"));
    expect((await read(accounts, "counter"))?.n).toEqual({ N: "2" });
  });
});

describe("TransactGetItems", () => {
  test("reads items across tables in request order, projected, missing ones empty, two read units per 4 KB", async () => {
    await db.send(new PutItemCommand({ TableName: accounts, Item: { pk: { S: "g1" }, a: { S: "x" }, b: { S: "y" } } }));
    await db.send(new PutItemCommand({ TableName: ledger, Item: { pk: { S: "g2" }, c: { N: "3" } } }));
    const got = await db.send(
      new TransactGetItemsCommand({
        ReturnConsumedCapacity: "TOTAL",
        TransactItems: [
          { Get: { TableName: accounts, Key: { pk: { S: "g1" } }, ProjectionExpression: "a" } },
          { Get: { TableName: accounts, Key: { pk: { S: "nobody" } } } },
          { Get: { TableName: ledger, Key: { pk: { S: "g2" } } } },
        ],
      }),
    );
    expect(got.Responses).toEqual([{ Item: { a: { S: "x" } } }, {}, { Item: { pk: { S: "g2" }, c: { N: "3" } } }]);
    const units = Object.fromEntries((got.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    expect(units).toEqual({ [accounts]: 4, [ledger]: 2 });
  });

  test("every snapshot of concurrent transfers sums to the same total", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `snap-${i}`);
    for (const pk of names)
      await db.send(new PutItemCommand({ TableName: accounts, Item: { pk: { S: pk }, balance: { N: "50" } } }));
    const transfer = async (from: string, to: string) => {
      try {
        await db.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: accounts,
                  Key: { pk: { S: from } },
                  UpdateExpression: "SET balance = balance - :n",
                  ConditionExpression: "balance >= :n",
                  ExpressionAttributeValues: { ":n": { N: "7" } },
                },
              },
              {
                Update: {
                  TableName: accounts,
                  Key: { pk: { S: to } },
                  UpdateExpression: "SET balance = balance + :n",
                  ExpressionAttributeValues: { ":n": { N: "7" } },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    };
    let sums = 0;
    const snapshot = async () => {
      try {
        const got = await db.send(
          new TransactGetItemsCommand({
            TransactItems: names.map((pk) => ({ Get: { TableName: accounts, Key: { pk: { S: pk } } } })),
          }),
        );
        const total = (got.Responses ?? []).reduce((sum, r) => sum + Number(r.Item?.balance?.N), 0);
        expect(total).toBe(300);
        sums++;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    };
    const work: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) {
      work.push(transfer(names[i % 6], names[(i * 5 + 1) % 6]));
      if (i % 3 === 0) work.push(snapshot());
    }
    await Promise.all(work);
    await snapshot();
    expect(sums).toBeGreaterThan(0);
  });
});

describe("what else sees a transaction's writes", () => {
  test("its table's global secondary index, like any write", async () => {
    const TableName = uniqueTableName("tx_indexed");
    await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "owner", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "by-owner",
            KeySchema: [{ AttributeName: "owner", KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
          },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: ["i1", "i2", "i3"].map((pk) => ({
          Put: { TableName, Item: { pk: { S: pk }, owner: { S: "ann" } } },
        })),
      }),
    );
    const owned = await until(
      "the index holds the transaction's items",
      () =>
        db.send(
          new QueryCommand({
            TableName,
            IndexName: "by-owner",
            KeyConditionExpression: "#o = :o",
            ExpressionAttributeNames: { "#o": "owner" },
            ExpressionAttributeValues: { ":o": { S: "ann" } },
          }),
        ),
      (r) => r.Count === 3,
    );
    expect(owned.Items?.map((i) => i.pk.S).sort()).toEqual(["i1", "i2", "i3"]);
  });

  test("another region of a global table, once replicated", { timeout: 90_000 }, async () => {
    const table = uniqueTableName("tx_global");
    await activeTable(db, table);
    await addRegion(db, table, "eu-west-1");
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: { S: "g1" }, v: { S: "one" } } } },
          { Put: { TableName: table, Item: { pk: { S: "g2" }, v: { S: "two" } } } },
        ],
      }),
    );
    const eu = client({ region: "eu-west-1" });
    await arrives(eu, table, "g1", "one");
    await arrives(eu, table, "g2", "two");
  });
});
