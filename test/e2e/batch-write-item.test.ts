/**
 * BatchWriteItem over HTTP through the AWS SDK: mixed puts and deletes over several tables,
 * the 25-request limits, duplicates, validation errors that leave nothing written, missing
 * tables, and consumed capacity.
 */

import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  type WriteRequest,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
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

async function read(TableName: string, Key: Item): Promise<Item | undefined> {
  return (await db.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
}

const put = (Item: Item): WriteRequest => ({ PutRequest: { Item } });
const del = (Key: Item): WriteRequest => ({ DeleteRequest: { Key } });
const puts = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => put({ pk: { S: `${prefix}-${i}` } }));

let plain: string;
let sorted: string;

beforeAll(async () => {
  [plain, sorted] = await Promise.all([createTable("bwrite-plain", false), createTable("bwrite-sorted", true)]);
});

describe("BatchWriteItem", () => {
  test("BatchWriteItem: mixed puts and deletes over two tables all apply; UnprocessedItems is empty", async () => {
    await db.send(new PutItemCommand({ TableName: plain, Item: { pk: { S: "gone" } } }));
    await db.send(new PutItemCommand({ TableName: sorted, Item: { pk: { S: "gone" }, sk: { N: "1" } } }));
    const result = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [plain]: [put({ pk: { S: "new" }, v: { N: "1" } }), del({ pk: { S: "gone" } }), del({ pk: { S: "never" } })],
          [sorted]: [
            put({ pk: { S: "new" }, sk: { N: "2" }, v: { SS: ["a", "b"] } }),
            del({ pk: { S: "gone" }, sk: { N: "1.0" } }),
          ],
        },
      }),
    );
    expect(result).toMatchObject({ UnprocessedItems: {} });
    expect(result.ConsumedCapacity).toBeUndefined();
    expect(result.ItemCollectionMetrics).toBeUndefined();
    expect(await read(plain, { pk: { S: "new" } })).toEqual({ pk: { S: "new" }, v: { N: "1" } });
    expect(await read(plain, { pk: { S: "gone" } })).toBeUndefined();
    expect(await read(sorted, { pk: { S: "new" }, sk: { N: "2" } })).toEqual({
      pk: { S: "new" },
      sk: { N: "2" },
      v: { SS: ["a", "b"] },
    });
    expect(await read(sorted, { pk: { S: "gone" }, sk: { N: "1" } })).toBeUndefined();
  });

  test("BatchWriteItem: 25 requests over two tables are accepted", async () => {
    const result = await db.send(
      new BatchWriteItemCommand({ RequestItems: { [plain]: puts(20, "25a"), [sorted]: puts(5, "25b").map(withSk) } }),
    );
    expect(result.UnprocessedItems).toEqual({});
    expect(await read(plain, { pk: { S: "25a-19" } })).toEqual({ pk: { S: "25a-19" } });
    expect(await read(sorted, { pk: { S: "25b-4" }, sk: { N: "0" } })).toBeDefined();
  });

  test("BatchWriteItem: 26 requests are rejected, in one table or over two, and nothing is written", async () => {
    const oneTable = await failure(db.send(new BatchWriteItemCommand({ RequestItems: { [plain]: puts(26, "26a") } })));
    expect(oneTable.name).toBe("ValidationException");
    expect(oneTable.message).toMatch(
      /at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/,
    );
    const twoTables = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: { [plain]: puts(13, "26b"), [sorted]: puts(13, "26c").map(withSk) },
        }),
      ),
    );
    expect(twoTables).toEqual({
      name: "ValidationException",
      message: "Too many items requested for the BatchWriteItem call",
    });
    expect(await read(plain, { pk: { S: "26a-0" } })).toBeUndefined();
    expect(await read(plain, { pk: { S: "26b-0" } })).toBeUndefined();
  });

  test("BatchWriteItem: duplicate keys in one table are rejected, a put and a delete of one item too", async () => {
    const twoPuts = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: { [plain]: [put({ pk: { S: "dup" } }), put({ pk: { S: "dup" }, v: { N: "2" } })] },
        }),
      ),
    );
    expect(twoPuts).toEqual({ name: "ValidationException", message: "Provided list of item keys contains duplicates" });
    const putAndDelete = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [sorted]: [put({ pk: { S: "dup" }, sk: { N: "1" } }), del({ pk: { S: "dup" }, sk: { N: "1.00" } })],
          },
        }),
      ),
    );
    expect(putAndDelete).toEqual({
      name: "ValidationException",
      message: "Provided list of item keys contains duplicates",
    });
    expect(await read(plain, { pk: { S: "dup" } })).toBeUndefined();
    expect(await read(sorted, { pk: { S: "dup" }, sk: { N: "1" } })).toBeUndefined();
  });

  test.each([
    ["a put missing the sort key", put({ pk: { S: "x" } }), "The provided key element does not match the schema"],
    [
      "a delete with a wrong key type",
      del({ pk: { S: "x" }, sk: { S: "1" } }),
      "The provided key element does not match the schema",
    ],
    [
      "an empty string key",
      put({ pk: { S: "" }, sk: { N: "1" } }),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    ],
    [
      "an item over 400 KB",
      put({ pk: { S: "x" }, sk: { N: "1" }, big: { S: "b".repeat(400 * 1024) } }),
      "Item size has exceeded the maximum allowed size",
    ],
    [
      "a request with no PutRequest nor DeleteRequest",
      {},
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    ],
  ])("BatchWriteItem: %s in the second table fails the batch before any write", async (_, bad, message) => {
    const pk = uniqueTableName("item");
    const error = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: { [plain]: [put({ pk: { S: pk } })], [sorted]: [put({ pk: { S: pk }, sk: { N: "1" } }), bad] },
        }),
      ),
    );
    expect(error).toEqual({ name: "ValidationException", message });
    expect(await read(plain, { pk: { S: pk } })).toBeUndefined();
    expect(await read(sorted, { pk: { S: pk }, sk: { N: "1" } })).toBeUndefined();
  });

  test("BatchWriteItem: empty RequestItems is 'The requestItems parameter is required for BatchWriteItem'", async () => {
    expect(await failure(db.send(new BatchWriteItemCommand({ RequestItems: {} })))).toEqual({
      name: "ValidationException",
      message: "The requestItems parameter is required for BatchWriteItem",
    });
  });

  test("BatchWriteItem: a bad ReturnConsumedCapacity is reported alone over a malformed table name", async () => {
    const input = { RequestItems: { "bad!name": [put({ pk: { S: "a" } })] }, ReturnConsumedCapacity: "BOGUS" };
    expect(await failure(db.send(new BatchWriteItemCommand(input as never)))).toEqual({
      name: "ValidationException",
      message: `1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]`,
    });
    const named = await failure(db.send(new BatchWriteItemCommand({ RequestItems: input.RequestItems })));
    expect(named.message).toMatch(
      /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: /,
    );
  });

  test("BatchWriteItem: a missing table fails the batch with ResourceNotFoundException and writes nothing", async () => {
    const error = await failure(
      db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [plain]: [put({ pk: { S: "orphan" } })],
            [uniqueTableName("bwrite-none")]: [put({ pk: { S: "orphan" } })],
          },
        }),
      ),
    );
    expect(error).toEqual({ name: "ResourceNotFoundException", message: "Requested resource not found" });
    expect(await read(plain, { pk: { S: "orphan" } })).toBeUndefined();
  });

  test("BatchWriteItem: consumed capacity per table counts 1 KB write units on the larger of old and new item", async () => {
    await db.send(
      new PutItemCommand({ TableName: plain, Item: { pk: { S: "cap-old" }, big: { S: "o".repeat(3000) } } }),
    );
    const result = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [plain]: [
            put({ pk: { S: "cap-old" } }), // replaces a ~3 KB item: 3 units
            put({ pk: { S: "cap-new" }, v: { S: "n".repeat(1500) } }), // ~1.5 KB: 2 units
            del({ pk: { S: "cap-missing" } }), // deleting nothing: 1 unit
          ],
          [sorted]: [put({ pk: { S: "cap" }, sk: { N: "1" } })],
        },
        ReturnConsumedCapacity: "INDEXES",
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    expect(result.UnprocessedItems).toEqual({});
    expect(result.ConsumedCapacity).toEqual([
      { TableName: plain, CapacityUnits: 6, Table: { CapacityUnits: 6 } },
      { TableName: sorted, CapacityUnits: 1, Table: { CapacityUnits: 1 } },
    ]);
    const total = await db.send(
      new BatchWriteItemCommand({
        RequestItems: { [plain]: [del({ pk: { S: "cap-new" } })] },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(total.ConsumedCapacity).toEqual([{ TableName: plain, CapacityUnits: 2 }]);
    expect(await read(plain, { pk: { S: "cap-new" } })).toBeUndefined();
  });
});

function withSk(request: WriteRequest): WriteRequest {
  return put({ ...request.PutRequest?.Item, sk: { N: "0" } });
}
