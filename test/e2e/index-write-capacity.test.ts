/**
 * What writes on a table with local secondary indexes consume, through the AWS SDK: the table's
 * units and each index's with ReturnConsumedCapacity INDEXES, their sum with TOTAL. The LSI
 * column of the service's measurements (docs/issue-15-dynamodb-behaviour.md section 6.1, items
 * under 1 KB, an LSI `lsi1` on `lsiSk` projecting ALL), then projections that leave attributes out
 * and entries over 1 KB.
 */
import {
  BatchWriteItemCommand,
  type ConsumedCapacity,
  type CreateTableCommandInput,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, failure, type Item, itemClient } from "../helpers/items";

const db = itemClient();
const S = (S: string) => ({ S });

type LocalIndex = NonNullable<CreateTableCommandInput["LocalSecondaryIndexes"]>[number];

function lsi(IndexName: string, range: string, Projection: LocalIndex["Projection"]): LocalIndex {
  return {
    IndexName,
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: range, KeyType: "RANGE" },
    ],
    Projection,
  };
}

async function createTable(prefix: string, indexes: LocalIndex[]): Promise<string> {
  const TableName = uniqueTableName(prefix);
  const ranges = new Set(indexes.map((i) => i.KeySchema![1].AttributeName!));
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: ["pk", "sk", ...ranges].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    LocalSecondaryIndexes: indexes,
  });
  return TableName;
}

/** ConsumedCapacity with INDEXES: the total, the table's units and each local index's, absent when none. */
const indexes = (TableName: string, table: number, local?: Record<string, number>): ConsumedCapacity => ({
  TableName,
  CapacityUnits: table + Object.values(local ?? {}).reduce((sum, n) => sum + n, 0),
  Table: { CapacityUnits: table },
  ...(local && {
    LocalSecondaryIndexes: Object.fromEntries(Object.entries(local).map(([name, n]) => [name, { CapacityUnits: n }])),
  }),
});

describe("write capacity by local index (the service's measurements)", () => {
  let TableName = "";
  const Key = { pk: S("p"), sk: S("s") };
  const put = (Item: Item, mode: "INDEXES" | "TOTAL" = "INDEXES") =>
    db.send(new PutItemCommand({ TableName, Item, ReturnConsumedCapacity: mode }));
  const update = (UpdateExpression: string, values?: Record<string, { S: string }>) =>
    db.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: "INDEXES",
      }),
    );

  beforeAll(async () => {
    TableName = await createTable("lsi-wcu", [lsi("lsi1", "lsiSk", { ProjectionType: "ALL" })]);
  });

  test("a put of a new item without the index key costs the table only, and no index map", async () => {
    const { ConsumedCapacity } = await put({ ...Key, gsiPk: S("g"), proj: S("x") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1));
  });

  test("a put with the index key costs the index 1; TOTAL sums table and index", async () => {
    const total = await put({ pk: S("t"), sk: S("s"), lsiSk: S("a") }, "TOTAL");
    expect(total.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 2 });
    const { ConsumedCapacity } = await put({ ...Key, gsiPk: S("g"), proj: S("x"), lsiSk: S("a") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
  });

  test("an identical overwrite costs the index nothing", async () => {
    const { ConsumedCapacity } = await put({ ...Key, gsiPk: S("g"), proj: S("x"), lsiSk: S("a") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1));
  });

  test("an update of an attribute only ALL projects costs the index 1", async () => {
    const { ConsumedCapacity } = await update("SET extra = :v", { ":v": S("o") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
  });

  test("an update of a projected non-key attribute costs the index 1", async () => {
    const { ConsumedCapacity } = await update("SET proj = :v", { ":v": S("y") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
  });

  test("an update removing another index's key (projected by ALL) costs the index 1", async () => {
    const { ConsumedCapacity } = await update("REMOVE gsiPk");
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
  });

  test("an update changing the index key costs a delete and a put: 2", async () => {
    const { ConsumedCapacity } = await update("SET lsiSk = :v", { ":v": S("b") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 2 }));
  });

  test("an update that changes nothing costs the index nothing", async () => {
    const { ConsumedCapacity } = await update("SET lsiSk = :v", { ":v": S("b") });
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1));
  });

  test("an update removing the index key costs the index 1 (a delete), and adding it back 1 (a put)", async () => {
    expect((await update("REMOVE lsiSk")).ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
    expect((await update("SET lsiSk = :v", { ":v": S("c") })).ConsumedCapacity).toEqual(
      indexes(TableName, 1, { lsi1: 1 }),
    );
  });

  test("a delete of an item in the index costs it 1; of a sparse item, nothing", async () => {
    const indexed = await db.send(new DeleteItemCommand({ TableName, Key, ReturnConsumedCapacity: "INDEXES" }));
    expect(indexed.ConsumedCapacity).toEqual(indexes(TableName, 1, { lsi1: 1 }));
    await put({ pk: S("sparse"), sk: S("s") });
    const sparse = await db.send(
      new DeleteItemCommand({ TableName, Key: { pk: S("sparse"), sk: S("s") }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(sparse.ConsumedCapacity).toEqual(indexes(TableName, 1));
    const total = await db.send(
      new DeleteItemCommand({ TableName, Key: { pk: S("t"), sk: S("s") }, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(total.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 2 });
  });

  test("BatchWriteItem: one indexed put and one sparse put cost the table 2 and the index 1", async () => {
    const { ConsumedCapacity } = await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TableName]: [
            { PutRequest: { Item: { pk: S("b"), sk: S("1"), lsiSk: S("a") } } },
            { PutRequest: { Item: { pk: S("b"), sk: S("2") } } },
          ],
        },
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(ConsumedCapacity).toEqual([indexes(TableName, 2, { lsi1: 1 })]);
  });

  test("a failed condition answers the error alone and writes nothing to the index", async () => {
    const error = await failure(
      db.send(
        new PutItemCommand({
          TableName,
          Item: { pk: S("b"), sk: S("1"), lsiSk: S("z") },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnConsumedCapacity: "INDEXES",
        }),
      ),
    );
    expect(error.name).toBe("ConditionalCheckFailedException");
    const again = await put({ pk: S("b"), sk: S("1"), lsiSk: S("a") });
    expect(again.ConsumedCapacity).toEqual(indexes(TableName, 1));
  });
});

describe("write capacity by local index: projections and entry sizes", () => {
  let TableName = "";
  const Key = { pk: S("p"), sk: S("s") };

  beforeAll(async () => {
    TableName = await createTable("lsi-wcu-proj", [
      lsi("all", "l", { ProjectionType: "ALL" }),
      lsi("keys", "l", { ProjectionType: "KEYS_ONLY" }),
      lsi("inc", "m", { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] }),
    ]);
  });

  const update = async (UpdateExpression: string, values: Record<string, { S: string }>) =>
    (
      await db.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression,
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: "INDEXES",
        }),
      )
    ).ConsumedCapacity;

  test("each index the item enters costs 1; an index without its key, nothing", async () => {
    const { ConsumedCapacity } = await db.send(
      new PutItemCommand({ TableName, Item: { ...Key, l: S("a"), proj: S("x") }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(ConsumedCapacity).toEqual(indexes(TableName, 1, { all: 1, keys: 1 }));
  });

  test("an attribute an index does not project costs it nothing; INCLUDE's attribute costs INCLUDE", async () => {
    expect(await update("SET m = :m", { ":m": S("k") })).toEqual(indexes(TableName, 1, { all: 1, inc: 1 }));
    expect(await update("SET extra = :v", { ":v": S("o") })).toEqual(indexes(TableName, 1, { all: 1 }));
    expect(await update("SET proj = :v", { ":v": S("y") })).toEqual(indexes(TableName, 1, { all: 1, inc: 1 }));
  });

  test("an entry over 1 KB costs its size rounded up to 1 KB, twice when its key moves", async () => {
    // 2000 bytes of `big`: the item is 2024 bytes (2 units), ALL's entry 100 bytes more (3 units).
    const big = S("x".repeat(2000));
    expect(await update("SET big = :b", { ":b": big })).toEqual(indexes(TableName, 2, { all: 3 }));
    expect(await update("SET l = :l", { ":l": S("b") })).toEqual(indexes(TableName, 2, { all: 6, keys: 2 }));
  });
});
