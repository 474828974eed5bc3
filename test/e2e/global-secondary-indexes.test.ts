/**
 * Global secondary indexes over HTTP through the AWS SDK: a table created with GSIs of each
 * projection, DescribeTable's view of them, entries fed from the base table's committed writes
 * (eventually: reads poll), many items under one index key, sparse indexes, items moving between
 * index keys and leaving the index, Query and Scan through an index (paging with the index's key
 * and the table's, parallel scan), capacity by index, and DynamoDB's errors for GSIs.
 * Messages: docs/issue-15-dynamodb-behaviour.md.
 */
import {
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, failure, type Item, itemClient } from "../helpers/items";

const db = itemClient();
const S = (S: string) => ({ S });
const N = (N: string) => ({ N });

let TableName = "";

const query = (input: Omit<QueryCommandInput, "TableName">) => db.send(new QueryCommand({ TableName, ...input }));

/** Polls a query until `done` holds of its answer (entries arrive asynchronously), at most 10 s. */
async function eventually(
  input: Omit<QueryCommandInput, "TableName">,
  done: (out: QueryCommandOutput) => boolean,
): Promise<QueryCommandOutput> {
  const until = Date.now() + 10_000;
  for (;;) {
    const out = await query(input);
    if (done(out) || Date.now() > until) return out;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const byStatus = (status: string) => ({
  IndexName: "byStatus",
  KeyConditionExpression: "#s = :s",
  ExpressionAttributeNames: { "#s": "status" },
  ExpressionAttributeValues: { ":s": S(status) },
});

/** Orders o0..o11 of customers c0..c2: status open or closed by parity, amount i, note on some. */
const orders: Item[] = Array.from({ length: 12 }, (_, i) => ({
  pk: S(`c${i % 3}`),
  sk: S(`o${String(i).padStart(2, "0")}`),
  status: S(i % 2 === 0 ? "open" : "closed"),
  amount: N(String(i)),
  ...(i % 4 === 0 ? { note: S(`n${i}`) } : {}),
  extra: S("x"),
}));

beforeAll(async () => {
  TableName = uniqueTableName("gsi");
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "status", AttributeType: "S" },
      { AttributeName: "amount", AttributeType: "N" },
      { AttributeName: "note", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [
      {
        IndexName: "byStatus",
        KeySchema: [
          { AttributeName: "status", KeyType: "HASH" },
          { AttributeName: "amount", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["note"] },
      },
      {
        IndexName: "byNote",
        KeySchema: [{ AttributeName: "note", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
      {
        IndexName: "allByStatus",
        KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  });
  for (const Item of orders) await db.send(new PutItemCommand({ TableName, Item }));
});

describe("CreateTable and DescribeTable with global secondary indexes", () => {
  test("DescribeTable shows each index ACTIVE with its key, projection, ARN, throughput and counts", async () => {
    await eventually(byStatus("open"), (out) => out.Count === 6);
    const { Table } = await db.send(new DescribeTableCommand({ TableName }));
    const byName = new Map(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i]));
    expect([...byName.keys()]).toEqual(["byStatus", "byNote", "allByStatus"]);
    expect(byName.get("byStatus")).toMatchObject({
      IndexStatus: "ACTIVE",
      KeySchema: [
        { AttributeName: "status", KeyType: "HASH" },
        { AttributeName: "amount", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["note"] },
      IndexArn: `${Table?.TableArn}/index/byStatus`,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      ItemCount: 12,
    });
    expect(byName.get("byNote")?.ItemCount).toBe(3);
    expect(Table?.LocalSecondaryIndexes).toBeUndefined();
  });
});

describe("Query through a global secondary index", () => {
  test("many items under one index key, in the index's sort order, with its projection", async () => {
    const out = await eventually(byStatus("open"), (o) => o.Count === 6);
    expect(out.Items?.map((i) => i.amount.N)).toEqual(["0", "2", "4", "6", "8", "10"]);
    expect(out.Items?.[0]).toEqual({ pk: S("c0"), sk: S("o00"), status: S("open"), amount: N("0"), note: S("n0") });
    expect(out.Items?.[1]).toEqual({ pk: S("c2"), sk: S("o02"), status: S("open"), amount: N("2") });
    const all = await query({ ...byStatus("open"), IndexName: "allByStatus", Limit: 1 });
    expect(all.Items?.[0]).toMatchObject({ extra: S("x") });
  });

  test("a key condition on the index's sort key, backwards, and pages keyed by the index's key and the table's", async () => {
    const input = {
      ...byStatus("closed"),
      KeyConditionExpression: "#s = :s AND amount BETWEEN :a AND :b",
      ExpressionAttributeValues: { ":s": S("closed"), ":a": N("3"), ":b": N("9") },
      ScanIndexForward: false,
    };
    const first = await query({ ...input, Limit: 2 });
    expect(first.Items?.map((i) => i.amount.N)).toEqual(["9", "7"]);
    expect(first.LastEvaluatedKey).toEqual({ pk: S("c1"), sk: S("o07"), status: S("closed"), amount: N("7") });
    const rest = await query({ ...input, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(rest.Items?.map((i) => i.amount.N)).toEqual(["5", "3"]);
  });

  test("sparse: only items with the index's key attributes are in it; KEYS_ONLY shows the keys", async () => {
    const out = await eventually(
      { IndexName: "byNote", KeyConditionExpression: "note = :n", ExpressionAttributeValues: { ":n": S("n8") } },
      (o) => o.Count === 1,
    );
    expect(out.Items).toEqual([{ pk: S("c2"), sk: S("o08"), note: S("n8") }]);
  });

  test("an update that moves an item between index keys, one that drops it out, and a delete reach the index", async () => {
    const Key = { pk: S("m"), sk: S("1") };
    await db.send(new PutItemCommand({ TableName, Item: { ...Key, status: S("moving"), amount: N("1") } }));
    await eventually(byStatus("moving"), (o) => o.Count === 1);
    await db.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: "SET #s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": S("moved") },
      }),
    );
    expect((await eventually(byStatus("moved"), (o) => o.Count === 1)).Count).toBe(1);
    expect((await eventually(byStatus("moving"), (o) => o.Count === 0)).Count).toBe(0);
    await db.send(new UpdateItemCommand({ TableName, Key, UpdateExpression: "REMOVE amount" }));
    expect((await eventually(byStatus("moved"), (o) => o.Count === 0)).Count).toBe(0);
    const allMoved = { ...byStatus("moved"), IndexName: "allByStatus" };
    expect((await eventually(allMoved, (o) => o.Count === 1)).Items).toEqual([{ ...Key, status: S("moved") }]);
    await db.send(new DeleteItemCommand({ TableName, Key }));
    expect((await eventually(allMoved, (o) => o.Count === 0)).Count).toBe(0);
  });

  test("reports its reads as the index's capacity", async () => {
    const out = await query({ ...byStatus("open"), ReturnConsumedCapacity: "INDEXES" });
    expect(out.ConsumedCapacity).toEqual({
      TableName,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 0.5 } },
    });
  });

  test("DynamoDB's errors for a global index", async () => {
    const cases: [Omit<QueryCommandInput, "TableName">, string][] = [
      [{ ...byStatus("open"), ConsistentRead: true }, "Consistent reads are not supported on global secondary indexes"],
      [
        { ...byStatus("open"), Select: "ALL_ATTRIBUTES" },
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL",
      ],
      [
        { ...byStatus("open"), ProjectionExpression: "extra, note" },
        "One or more parameter values were invalid: Global secondary index byStatus does not project [extra]",
      ],
      [
        { IndexName: "byStatus", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": S("c0") } },
        "Query condition missed key schema element: status",
      ],
    ];
    for (const [input, message] of cases) {
      const error = await failure(query(input));
      expect({ name: error.name, message: error.message }).toEqual({ name: "ValidationException", message });
    }
  });
});

describe("Scan through a global secondary index", () => {
  test("a parallel scan reads every entry once across segments and pages", async () => {
    const seen: Item[] = [];
    for (const Segment of [0, 1]) {
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await db.send(
          new ScanCommand({ TableName, IndexName: "byStatus", Segment, TotalSegments: 2, Limit: 3, ExclusiveStartKey }),
        );
        seen.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    expect(seen.map((i) => i.sk.S).sort()).toEqual(orders.map((o) => o.sk.S).sort());
  });
});

describe("DeleteTable", () => {
  test("deletes a table with its global indexes", async () => {
    const out = await db.send(new DeleteTableCommand({ TableName }));
    expect(out.TableDescription?.TableStatus).toBe("DELETING");
    const error = await failure(query(byStatus("open")));
    expect(error.name).toBe("ResourceNotFoundException");
  });
});
