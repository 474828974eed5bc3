/**
 * BatchGetItem over HTTP through the AWS SDK: several tables in one call, 100 keys over every
 * partition, missing keys, per-table projection and consistency, consumed capacity, the
 * validation errors, and the 16 MB response limit with UnprocessedKeys.
 */

import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  type KeysAndAttributes,
  PutItemCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import { client, uniqueTableName } from "../helpers/dynamodb";

const db = client();
type Item = Record<string, AttributeValue>;

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

async function createTable(prefix: string, sortKey: boolean): Promise<string> {
  const TableName = uniqueTableName(prefix);
  await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        ...(sortKey ? [{ AttributeName: "sk", AttributeType: "N" as const }] : []),
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        ...(sortKey ? [{ AttributeName: "sk", KeyType: "RANGE" as const }] : []),
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
  return TableName;
}

/** Writes items 25 at a time. */
async function writeAll(table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const { UnprocessedItems } = await db.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    expect(UnprocessedItems).toEqual({});
  }
}

const byPk = (a: Item, b: Item) => String(a.pk.S).localeCompare(String(b.pk.S));

let plain: string;
let sorted: string;

beforeAll(async () => {
  [plain, sorted] = await Promise.all([createTable("bget-plain", false), createTable("bget-sorted", true)]);
});

describe("BatchGetItem", () => {
  test("BatchGetItem: reads from two tables in one call; missing keys are simply absent", async () => {
    await db.send(new PutItemCommand({ TableName: plain, Item: { pk: { S: "a" }, v: { N: "1" } } }));
    await db.send(new PutItemCommand({ TableName: sorted, Item: { pk: { S: "a" }, sk: { N: "2" }, v: { S: "x" } } }));
    const result = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          [plain]: { Keys: [{ pk: { S: "a" } }, { pk: { S: "missing" } }] },
          [sorted]: {
            Keys: [
              { pk: { S: "a" }, sk: { N: "2.0" } },
              { pk: { S: "a" }, sk: { N: "3" } },
            ],
          },
        },
      }),
    );
    expect(result.Responses).toEqual({
      [plain]: [{ pk: { S: "a" }, v: { N: "1" } }],
      [sorted]: [{ pk: { S: "a" }, sk: { N: "2" }, v: { S: "x" } }],
    });
    expect(result.UnprocessedKeys).toEqual({});
    expect(result.ConsumedCapacity).toBeUndefined();
  });

  test("BatchGetItem: a table none of whose keys exist still appears in Responses, empty", async () => {
    const result = await db.send(
      new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: [{ pk: { S: "nobody" } }] } } }),
    );
    expect(result.Responses).toEqual({ [plain]: [] });
  });

  test("BatchGetItem: 100 keys spread over all four partitions come back in one call", async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ pk: { S: `spread-${i}` }, n: { N: String(i) } }));
    // The default partition map splits the 64-bit hash space into 4 equal ranges.
    const quarters = new Set(
      items.map((item) => Math.floor(Number.parseInt(partitionHash(encodeKeyValue(item.pk))[0], 16) / 4)),
    );
    expect(quarters.size).toBe(4);
    await writeAll(plain, items);
    const result = await db.send(
      new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: items.map(({ pk }) => ({ pk })) } } }),
    );
    expect(result.UnprocessedKeys).toEqual({});
    expect(result.Responses?.[plain]?.sort(byPk)).toEqual([...items].sort(byPk));
  });

  test("BatchGetItem: projection and consistency are per table, and so is consumed capacity", async () => {
    await db.send(
      new PutItemCommand({
        TableName: plain,
        Item: { pk: { S: "p" }, a: { S: "x" }, b: { M: { c: { N: "1" }, d: { N: "2" } } } },
      }),
    );
    await db.send(
      new PutItemCommand({ TableName: sorted, Item: { pk: { S: "p" }, sk: { N: "1" }, big: { S: "y".repeat(5000) } } }),
    );
    const result = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          [plain]: {
            Keys: [{ pk: { S: "p" } }, { pk: { S: "nobody" } }],
            ProjectionExpression: "#b.c",
            ExpressionAttributeNames: { "#b": "b" },
          },
          [sorted]: { Keys: [{ pk: { S: "p" }, sk: { N: "1" } }], ConsistentRead: true, AttributesToGet: ["sk"] },
        },
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(result.Responses).toEqual({ [plain]: [{ b: { M: { c: { N: "1" } } } }], [sorted]: [{ sk: { N: "1" } }] });
    // Eventually consistent: half a unit per key, found or not; strongly consistent: 1 per 4 KB.
    expect(result.ConsumedCapacity).toEqual([
      { TableName: plain, CapacityUnits: 1, Table: { CapacityUnits: 1 } },
      { TableName: sorted, CapacityUnits: 2, Table: { CapacityUnits: 2 } },
    ]);
    const total = await db.send(
      new BatchGetItemCommand({
        RequestItems: { [plain]: { Keys: [{ pk: { S: "p" } }] } },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(total.ConsumedCapacity).toEqual([{ TableName: plain, CapacityUnits: 0.5 }]);
  });

  test("BatchGetItem: rejects duplicate keys, 101 keys, and keys not matching the schema", async () => {
    const dup = await failure(
      db.send(
        new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: [{ pk: { S: "a" } }, { pk: { S: "a" } }] } } }),
      ),
    );
    expect(dup).toEqual({ name: "ValidationException", message: "Provided list of item keys contains duplicates" });

    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: { S: `k${i}` } }));
    const tooMany = await failure(
      db.send(new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: keys(60) }, [sorted]: { Keys: keys(41) } } })),
    );
    expect(tooMany).toEqual({
      name: "ValidationException",
      message: "Too many items requested for the BatchGetItem call",
    });

    const overOneTable = await failure(
      db.send(new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: keys(101) } } })),
    );
    expect(overOneTable.name).toBe("ValidationException");
    expect(overOneTable.message).toMatch(
      /at 'requestItems\..*\.member\.keys' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );

    const mismatch = await failure(
      db.send(new BatchGetItemCommand({ RequestItems: { [plain]: { Keys: keys(1) }, [sorted]: { Keys: keys(1) } } })),
    );
    expect(mismatch).toEqual({
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
  });

  test("BatchGetItem: empty RequestItems is 'The requestItems parameter is required for BatchGetItem'", async () => {
    expect(await failure(db.send(new BatchGetItemCommand({ RequestItems: {} })))).toEqual({
      name: "ValidationException",
      message: "The requestItems parameter is required for BatchGetItem",
    });
  });

  test("BatchGetItem: a malformed table name is listed before a bad ReturnConsumedCapacity", async () => {
    const input = { RequestItems: { "bad!name": { Keys: [{ pk: { S: "a" } }] } }, ReturnConsumedCapacity: "BOGUS" };
    expect(await failure(db.send(new BatchGetItemCommand(input as never)))).toEqual({
      name: "ValidationException",
      message: `2 validation errors detected: Value '{"bad!name":{"Keys":[{"pk":{"S":"a"}}]}}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]; Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]`,
    });
  });

  test("BatchGetItem: a missing table fails the whole call with ResourceNotFoundException", async () => {
    const missing = await failure(
      db.send(
        new BatchGetItemCommand({
          RequestItems: {
            [plain]: { Keys: [{ pk: { S: "a" } }] },
            [uniqueTableName("bget-none")]: { Keys: [{ pk: { S: "a" } }] },
          },
        }),
      ),
    );
    expect(missing).toEqual({ name: "ResourceNotFoundException", message: "Requested resource not found" });
  });

  test("BatchGetItem: past 16 MB the rest come back in UnprocessedKeys with their options, and re-requesting them returns every item", async () => {
    const table = await createTable("bget-big", false);
    const filler = "z".repeat(390 * 1024);
    const items = Array.from({ length: 100 }, (_, i) => ({ pk: { S: `big-${i}` }, data: { S: filler } }));
    await writeAll(table, items);

    const options = {
      ConsistentRead: true,
      ProjectionExpression: "pk, #d",
      ExpressionAttributeNames: { "#d": "data" },
    };
    let request: Record<string, KeysAndAttributes> = { [table]: { Keys: items.map(({ pk }) => ({ pk })), ...options } };
    const seen: Item[] = [];
    let calls = 0;
    while (Object.keys(request).length > 0) {
      calls++;
      expect(calls).toBeLessThanOrEqual(10);
      const result = await db.send(new BatchGetItemCommand({ RequestItems: request, ReturnConsumedCapacity: "TOTAL" }));
      const got = result.Responses?.[table] ?? [];
      expect(got.length * 390 * 1024).toBeLessThanOrEqual(16 * 1024 * 1024);
      // 390 KB (plus key) costs 98 strongly consistent read units per item.
      expect(result.ConsumedCapacity).toEqual([{ TableName: table, CapacityUnits: 98 * got.length }]);
      seen.push(...got);
      const left = result.UnprocessedKeys ?? {};
      if (calls === 1) {
        expect(got.length).toBeGreaterThan(0);
        expect(left[table]?.Keys?.length).toBe(100 - got.length);
        expect(left[table]).toMatchObject(options);
      }
      request = left;
    }
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(seen.sort(byPk)).toEqual([...items].sort(byPk));
  }, 120_000);
});
