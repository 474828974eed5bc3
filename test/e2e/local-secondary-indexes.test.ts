/**
 * Local secondary indexes over HTTP through the AWS SDK: a table created with LSIs of each
 * projection, DescribeTable's view of them, Query and Scan through them (key conditions on the
 * index's sort key, projections, Select, items fetched from the table, paging with keys of the
 * table and the index, strongly consistent reads), sparse indexes, capacity by index, and
 * DynamoDB's errors. Messages: docs/issue-15-dynamodb-behaviour.md.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
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

/** pk "p": sk s0..s9, lsk descending from l9 so the index order is the reverse of the table's; `np` projected by byAll only. */
const items: Item[] = Array.from({ length: 10 }, (_, i) => ({
  pk: S("p"),
  sk: S(`s${i}`),
  lsk: S(`l${9 - i}`),
  num: N(String(i)),
  p1: S(`p1-${i}`),
  np: S(`np-${i}`),
}));

beforeAll(async () => {
  TableName = uniqueTableName("lsi");
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "lsk", AttributeType: "S" },
      { AttributeName: "num", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    LocalSecondaryIndexes: [
      {
        IndexName: "byInclude",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["p1"] },
      },
      {
        IndexName: "byNum",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "num", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
      {
        IndexName: "byAll",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  });
  for (const Item of items) await db.send(new PutItemCommand({ TableName, Item }));
  // Sparse: in no index but byAll's and byInclude's key needs lsk; this one has neither lsk nor num.
  await db.send(new PutItemCommand({ TableName, Item: { pk: S("p"), sk: S("z-sparse"), p1: S("x") } }));
});

const query = (input: Omit<QueryCommandInput, "TableName">) => db.send(new QueryCommand({ TableName, ...input }));
const byLsk = { KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": S("p") } };

describe("CreateTable and DescribeTable with local secondary indexes", () => {
  test("DescribeTable shows each index with its key, projection, ARN and counts", async () => {
    const { Table } = await db.send(new DescribeTableCommand({ TableName }));
    const byName = new Map(Table?.LocalSecondaryIndexes?.map((i) => [i.IndexName, i]));
    expect([...byName.keys()]).toEqual(["byInclude", "byNum", "byAll"]);
    expect(byName.get("byInclude")).toMatchObject({
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "lsk", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["p1"] },
      IndexArn: `${Table?.TableArn}/index/byInclude`,
      ItemCount: 10,
    });
    expect(byName.get("byInclude")?.IndexSizeBytes).toBeGreaterThan(10 * 100);
    expect(byName.get("byNum")?.ItemCount).toBe(10);
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
  });

  test("an LSI on a table without a sort key is refused", async () => {
    const error = await failure(
      db.send(
        new CreateTableCommand({
          TableName: uniqueTableName("lsi-hash-only"),
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "a", AttributeType: "S" },
          ],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
          LocalSecondaryIndexes: [
            {
              IndexName: "idx",
              KeySchema: [
                { AttributeName: "pk", KeyType: "HASH" },
                { AttributeName: "a", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
      ),
    );
    expect(error.name).toBe("ValidationException");
  });
});

describe("Query through a local secondary index", () => {
  test("returns items in the index's sort order, with the index's projection by default", async () => {
    const { Items, Count, ScannedCount } = await query({ IndexName: "byInclude", ...byLsk });
    expect(Items?.map((i) => i.lsk.S)).toEqual(["l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9"]);
    expect(Count).toBe(10);
    expect(ScannedCount).toBe(10);
    // Keys of the table and the index, and p1: not np, nor num.
    expect(Items?.[0]).toEqual({ pk: S("p"), sk: S("s9"), lsk: S("l0"), p1: S("p1-9") });
  });

  test("a key condition on the index's sort key, backwards", async () => {
    const { Items } = await query({
      IndexName: "byNum",
      KeyConditionExpression: "pk = :p AND num BETWEEN :a AND :b",
      ExpressionAttributeValues: { ":p": S("p"), ":a": N("3"), ":b": N("6") },
      ScanIndexForward: false,
    });
    expect(Items).toEqual([6, 5, 4, 3].map((i) => ({ pk: S("p"), sk: S(`s${i}`), num: N(String(i)) })));
  });

  test("Select ALL_ATTRIBUTES and attributes the index does not project fetch whole items from the table", async () => {
    const all = await query({ IndexName: "byInclude", ...byLsk, Select: "ALL_ATTRIBUTES", Limit: 1 });
    expect(all.Items).toEqual([items[9]]);
    const some = await query({ IndexName: "byNum", ...byLsk, ProjectionExpression: "np, num", Limit: 2 });
    expect(some.Items).toEqual([
      { np: S("np-0"), num: N("0") },
      { np: S("np-1"), num: N("1") },
    ]);
  });

  test("pages with LastEvaluatedKey made of the table's key and the index's", async () => {
    const first = await query({ IndexName: "byInclude", ...byLsk, Limit: 3 });
    expect(first.LastEvaluatedKey).toEqual({ pk: S("p"), sk: S("s7"), lsk: S("l2") });
    const rest = await query({ IndexName: "byInclude", ...byLsk, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(rest.Items?.map((i) => i.lsk.S)).toEqual(["l3", "l4", "l5", "l6", "l7", "l8", "l9"]);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });

  test("a strongly consistent read sees an acknowledged update that moves an item in the index, and a delete", async () => {
    await db.send(
      new UpdateItemCommand({
        TableName,
        Key: { pk: S("q"), sk: S("a") },
        UpdateExpression: "SET lsk = :l, p1 = :v",
        ExpressionAttributeValues: { ":l": S("m1"), ":v": S("one") },
      }),
    );
    await db.send(
      new UpdateItemCommand({
        TableName,
        Key: { pk: S("q"), sk: S("a") },
        UpdateExpression: "SET lsk = :l",
        ExpressionAttributeValues: { ":l": S("m0") },
      }),
    );
    const moved = await query({
      IndexName: "byAll",
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": S("q") },
      ConsistentRead: true,
    });
    expect(moved.Items).toEqual([{ pk: S("q"), sk: S("a"), lsk: S("m0"), p1: S("one") }]);
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: S("q"), sk: S("a") } }));
    const gone = await query({
      IndexName: "byAll",
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": S("q") },
      ConsistentRead: true,
    });
    expect(gone.Items).toEqual([]);
  });

  test("reports capacity by index, with items fetched charged to the table", async () => {
    const projected = await query({
      IndexName: "byInclude",
      ...byLsk,
      ReturnConsumedCapacity: "INDEXES",
      ConsistentRead: true,
    });
    expect(projected.ConsumedCapacity).toEqual({
      TableName,
      CapacityUnits: 1,
      Table: { CapacityUnits: 0 },
      LocalSecondaryIndexes: { byInclude: { CapacityUnits: 1 } },
    });
    const fetched = await query({
      IndexName: "byInclude",
      ...byLsk,
      Select: "ALL_ATTRIBUTES",
      ReturnConsumedCapacity: "INDEXES",
    });
    // Ten items fetched, each rounded up to 4 KB, eventually consistent: 5; the index 0.5.
    expect(fetched.ConsumedCapacity).toEqual({
      TableName,
      CapacityUnits: 5.5,
      Table: { CapacityUnits: 5 },
      LocalSecondaryIndexes: { byInclude: { CapacityUnits: 0.5 } },
    });
    const total = await query({ IndexName: "byInclude", ...byLsk, ReturnConsumedCapacity: "TOTAL" });
    expect(total.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 0.5 });
  });

  test("DynamoDB's errors for an index", async () => {
    const cases: [Omit<QueryCommandInput, "TableName">, string][] = [
      [{ IndexName: "nope", ...byLsk }, "The table does not have the specified index: nope"],
      [
        { IndexName: "byInclude", KeyConditionExpression: "sk = :s", ExpressionAttributeValues: { ":s": S("s1") } },
        "Query condition missed key schema element: pk",
      ],
      [
        {
          IndexName: "byInclude",
          ...byLsk,
          FilterExpression: "lsk = :l",
          ExpressionAttributeValues: { ":p": S("p"), ":l": S("l1") },
        },
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: lsk",
      ],
      [
        {
          IndexName: "byInclude",
          ...byLsk,
          FilterExpression: "np = :n",
          ExpressionAttributeValues: { ":p": S("p"), ":n": S("x") },
        },
        "One or more parameter values were invalid: Secondary index byInclude does not project one or more filter attributes: [np]",
      ],
      [
        { IndexName: "byInclude", ...byLsk, ExclusiveStartKey: { pk: S("p"), sk: S("s1") } },
        "The provided starting key is invalid",
      ],
    ];
    for (const [input, message] of cases) {
      const error = await failure(query(input));
      expect({ name: error.name, message: error.message }).toEqual({ name: "ValidationException", message });
    }
  });
});

describe("Scan through a local secondary index", () => {
  test("reads every entry of the index once across pages, and no sparse item", async () => {
    const seen: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName, IndexName: "byNum", Limit: 4, ExclusiveStartKey }));
      seen.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
      if (ExclusiveStartKey) expect(Object.keys(ExclusiveStartKey).sort()).toEqual(["num", "pk", "sk"]);
    } while (ExclusiveStartKey);
    expect(seen.map((i) => i.num.N).sort()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(seen.every((i) => Object.keys(i).sort().join() === "num,pk,sk")).toBe(true);
  });
});

describe("writes check the values of index keys", () => {
  test("PutItem and BatchWriteItem refuse an index key of another type, or empty, and write nothing", async () => {
    const cases: [Item, string][] = [
      [
        { pk: S("w"), sk: S("1"), lsk: N("5") },
        "One or more parameter values were invalid: Type mismatch for Index Key lsk Expected: S Actual: N IndexName: byInclude",
      ],
      [
        { pk: S("w"), sk: S("1"), num: S("x") },
        "One or more parameter values were invalid: Type mismatch for Index Key num Expected: N Actual: S IndexName: byNum",
      ],
      [
        { pk: S("w"), sk: S("1"), lsk: S("") },
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byInclude, IndexKey: lsk",
      ],
    ];
    for (const [Item, message] of cases) {
      const put = await failure(db.send(new PutItemCommand({ TableName, Item })));
      expect({ name: put.name, message: put.message }).toEqual({ name: "ValidationException", message });
      const batch = await failure(
        db.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item } }] } })),
      );
      expect({ name: batch.name, message: batch.message }).toEqual({ name: "ValidationException", message });
    }
    const { Item } = await db.send(new GetItemCommand({ TableName, Key: { pk: S("w"), sk: S("1") } }));
    expect(Item).toBeUndefined();
  });

  test("UpdateItem refuses to set an index key to another type, to an empty value, or inside it", async () => {
    const Key = { pk: S("w"), sk: S("2") };
    await db.send(new PutItemCommand({ TableName, Item: { ...Key, lsk: S("keep") } }));
    const cases: [string, Record<string, { S: string } | { N: string }> | undefined, string][] = [
      [
        "SET lsk = :v",
        { ":v": N("1") },
        "One or more parameter values were invalid: Type mismatch for Index Key lsk Expected: S Actual: N IndexName: byInclude",
      ],
      [
        "SET lsk = :v",
        { ":v": S("") },
        "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.",
      ],
      [
        "SET lsk.a = :v",
        { ":v": S("x") },
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: lsk",
      ],
    ];
    for (const [UpdateExpression, ExpressionAttributeValues, message] of cases) {
      const error = await failure(
        db.send(new UpdateItemCommand({ TableName, Key, UpdateExpression, ExpressionAttributeValues })),
      );
      expect({ name: error.name, message: error.message }).toEqual({ name: "ValidationException", message });
    }
    const { Item } = await db.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
    expect(Item).toEqual({ ...Key, lsk: S("keep") });
    await db.send(new DeleteItemCommand({ TableName, Key }));
  });
});
