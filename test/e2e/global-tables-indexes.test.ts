/**
 * Global tables with global secondary indexes, through the AWS SDK with one client per region:
 * a region added to a table (2019.11.21) gets the same indexes, with partitions of its own, and
 * each region's indexes follow its own committed changes, the replicated ones included: items
 * backfilled, written in either region, moved between index keys, out of the index and deleted.
 * Version 2017.11.29: the joining tables must have the same indexes.
 */
import {
  CreateGlobalTableCommand,
  type CreateTableCommandInput,
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { addRegion, until } from "../helpers/global-tables";
import { createActiveTable, type Item } from "../helpers/items";

const us = client({ region: "us-east-1" });
const eu = client({ region: "eu-west-1" });
const S = (S: string) => ({ S });
const N = (N: string) => ({ N });

/** A table keyed by `pk`, with `byG` (g, n; every attribute) and `byH` (h; keys only). */
const definition = (TableName: string): CreateTableCommandInput => ({
  TableName,
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "g", AttributeType: "S" },
    { AttributeName: "n", AttributeType: "N" },
    { AttributeName: "h", AttributeType: "S" },
  ],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
  GlobalSecondaryIndexes: [
    {
      IndexName: "byG",
      KeySchema: [
        { AttributeName: "g", KeyType: "HASH" },
        { AttributeName: "n", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    },
    {
      IndexName: "byH",
      KeySchema: [{ AttributeName: "h", KeyType: "HASH" }],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
  ],
});

/** Items in a canonical order and form, for comparing sets of them. */
const sorted = (items: Item[]) =>
  items.map((item) => JSON.stringify(Object.fromEntries(Object.entries(item).sort()))).sort();

/** Every item of the table, or of its index `IndexName`, over every page. */
async function scanAll(db: DynamoDBClient, TableName: string, IndexName?: string): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName, IndexName, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
  } while (ExclusiveStartKey);
  return items;
}

/** What each index holds for `items`: byG every attribute of the items with g and n; byH the keys of those with h. */
function expectedEntries(items: Item[]) {
  return {
    byG: sorted(items.filter((i) => i.g && i.n)),
    byH: sorted(items.filter((i) => i.h).map((i) => ({ pk: i.pk, h: i.h }))),
  };
}

/** Polls `db`'s region until the table holds `items` and both indexes hold their entries. */
async function converged(db: DynamoDBClient, region: string, table: string, items: Item[]) {
  const want = { items: sorted(items), ...expectedEntries(items) };
  const read = async () => ({
    items: sorted(await scanAll(db, table)),
    byG: sorted(await scanAll(db, table, "byG")),
    byH: sorted(await scanAll(db, table, "byH")),
  });
  const got = await until(
    `${region}'s table and indexes converge`,
    read,
    (r) => JSON.stringify(r) === JSON.stringify(want),
  );
  expect(got).toEqual(want);
}

const arrivesIn = (db: DynamoDBClient, table: string, pk: string) =>
  until(
    `${pk} arrives`,
    () => scanAll(db, table),
    (items) => items.some((i) => i.pk.S === pk),
  );

describe("global tables with global secondary indexes", () => {
  test("a region added to a table gets its indexes, and each region's indexes follow every change, its own and replicated ones: writes, key moves, items leaving, deletes", async () => {
    const table = uniqueTableName("global-gsi");
    await createActiveTable(us, definition(table));
    // Items written before the region is added reach it by the backfill, and its indexes from there.
    for (let i = 0; i < 6; i++) {
      const Item = { pk: S(`before-${i}`), g: S(i % 2 === 0 ? "a" : "b"), n: N(String(i)), h: S(`h${i}`) };
      await us.send(new PutItemCommand({ TableName: table, Item }));
    }

    const home = await addRegion(us, table, "eu-west-1");
    const copy = await eu.send(new DescribeTableCommand({ TableName: table }));
    // The same indexes, ACTIVE, each the copy's own.
    expect(
      copy.Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus, i.KeySchema, i.Projection]),
    ).toEqual(home.Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, "ACTIVE", i.KeySchema, i.Projection]));
    for (const index of copy.Table?.GlobalSecondaryIndexes ?? []) {
      expect(index.IndexArn).toBe(`${copy.Table?.TableArn}/index/${index.IndexName}`);
      expect(index.IndexArn).toContain(":eu-west-1:");
      expect(index).not.toHaveProperty("Backfilling");
    }

    // Writes in each region.
    for (let i = 0; i < 4; i++) {
      await us.send(new PutItemCommand({ TableName: table, Item: { pk: S(`us-${i}`), g: S("a"), n: N(`1${i}`) } }));
      await eu.send(
        new PutItemCommand({ TableName: table, Item: { pk: S(`eu-${i}`), g: S("b"), n: N(`2${i}`), h: S("he") } }),
      );
    }
    await arrivesIn(eu, table, "us-3");
    await arrivesIn(us, table, "eu-3");

    const update = (db: DynamoDBClient, pk: string, expression: string, values?: Record<string, { S: string }>) =>
      db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S(pk) },
          UpdateExpression: expression,
          ExpressionAttributeValues: values,
        }),
      );
    // Key moves, each made in the region that did not write the item.
    await update(eu, "us-0", "SET g = :g", { ":g": S("c") });
    await update(us, "eu-0", "SET g = :g, h = :h", { ":g": S("c"), ":h": S("moved") });
    await update(us, "before-1", "SET g = :g", { ":g": S("a") });
    // Items leaving an index (and one entering byH).
    await update(eu, "us-1", "REMOVE g");
    await update(us, "before-2", "REMOVE h");
    await update(eu, "us-2", "SET h = :h", { ":h": S("joined") });
    // Deletes.
    await us.send(new DeleteItemCommand({ TableName: table, Key: { pk: S("eu-1") } }));
    await eu.send(new DeleteItemCommand({ TableName: table, Key: { pk: S("before-0") } }));

    const items: Item[] = [
      { pk: S("before-1"), g: S("a"), n: N("1"), h: S("h1") },
      { pk: S("before-2"), g: S("a"), n: N("2") },
      { pk: S("before-3"), g: S("b"), n: N("3"), h: S("h3") },
      { pk: S("before-4"), g: S("a"), n: N("4"), h: S("h4") },
      { pk: S("before-5"), g: S("b"), n: N("5"), h: S("h5") },
      { pk: S("us-0"), g: S("c"), n: N("10") },
      { pk: S("us-1"), n: N("11") },
      { pk: S("us-2"), g: S("a"), n: N("12"), h: S("joined") },
      { pk: S("us-3"), g: S("a"), n: N("13") },
      { pk: S("eu-0"), g: S("c"), n: N("20"), h: S("moved") },
      { pk: S("eu-2"), g: S("b"), n: N("22"), h: S("he") },
      { pk: S("eu-3"), g: S("b"), n: N("23"), h: S("he") },
    ];
    await converged(us, "us-east-1", table, items);
    await converged(eu, "eu-west-1", table, items);

    // A query by the moved key finds both moved items in either region, and the old key neither.
    for (const db of [us, eu]) {
      const moved = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: "byG",
          KeyConditionExpression: "g = :g",
          ExpressionAttributeValues: { ":g": S("c") },
        }),
      );
      expect(moved.Items?.map((i) => i.pk.S)).toEqual(["us-0", "eu-0"]);
    }
  }, 120_000);

  test("an index created in one region is created in every region, built from each one's items; one deleted in another region is deleted everywhere", async () => {
    const table = uniqueTableName("global-gsi-update");
    await createActiveTable(us, {
      ...definition(table),
      GlobalSecondaryIndexes: undefined,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    });
    await addRegion(us, table, "eu-west-1");
    const items: Item[] = [];
    for (let i = 0; i < 6; i++) {
      const item = { pk: S(`k${i}`), g: S(i % 2 === 0 ? "a" : "b"), n: N(String(i)) };
      items.push(item);
      await (i % 2 === 0 ? us : eu).send(new PutItemCommand({ TableName: table, Item: item }));
    }
    await arrivesIn(us, table, "k5");
    await arrivesIn(eu, table, "k4");

    await us.send(
      new UpdateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "g", AttributeType: "S" },
          { AttributeName: "n", AttributeType: "N" },
        ],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: "byG",
              KeySchema: [
                { AttributeName: "g", KeyType: "HASH" },
                { AttributeName: "n", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
          },
        ],
      }),
    );
    const indexIn = (db: DynamoDBClient) =>
      db.send(new DescribeTableCommand({ TableName: table })).then((d) => d.Table?.GlobalSecondaryIndexes ?? []);
    for (const [db, region] of [
      [us, "us-east-1"],
      [eu, "eu-west-1"],
    ] as const) {
      const [index] = await until(
        `byG is ACTIVE in ${region}`,
        () => indexIn(db),
        (i) => i[0]?.IndexStatus === "ACTIVE",
        60_000,
      );
      expect(index.IndexArn).toContain(`:${region}:`);
      const entries = await until(
        `byG holds every item in ${region}`,
        () => scanAll(db, table, "byG"),
        (found) => found.length === items.length,
      );
      expect(sorted(entries)).toEqual(sorted(items));
    }
    // Each follows the writes made afterwards, in either region.
    for (const [db, region] of [
      [us, "us-east-1"],
      [eu, "eu-west-1"],
    ] as const) {
      await db.send(new PutItemCommand({ TableName: table, Item: { pk: S(`after-${region}`), g: S("c"), n: N("9") } }));
    }
    const queryC = (db: DynamoDBClient) =>
      db.send(
        new QueryCommand({
          TableName: table,
          IndexName: "byG",
          KeyConditionExpression: "g = :g",
          ExpressionAttributeValues: { ":g": S("c") },
        }),
      );
    for (const db of [us, eu]) {
      const found = await until(
        "both later writes in byG",
        () => queryC(db),
        (q) => q.Items?.length === 2,
      );
      expect(found.Items?.map((i) => i.pk.S).sort()).toEqual(["after-eu-west-1", "after-us-east-1"]);
    }

    // Deleted in the region that did not create it: gone from both.
    await eu.send(
      new UpdateTableCommand({ TableName: table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byG" } }] }),
    );
    for (const db of [us, eu]) {
      await until(
        "byG is gone",
        () => indexIn(db),
        (i) => i.length === 0,
        60_000,
      );
      await expect(queryC(db)).rejects.toThrow("The table does not have the specified index: byG");
    }
  }, 180_000);

  test("2017.11.29: tables with different global secondary indexes cannot join; with the same ones, each region's indexes take the other's writes", async () => {
    const table = uniqueTableName("global17-gsi");
    await createActiveTable(us, definition(table));
    const base = definition(table);
    await createActiveTable(eu, {
      ...base,
      AttributeDefinitions: base.AttributeDefinitions?.filter((d) => d.AttributeName !== "h"),
      GlobalSecondaryIndexes: base.GlobalSecondaryIndexes?.slice(0, 1),
    });
    const join = () =>
      us.send(
        new CreateGlobalTableCommand({
          GlobalTableName: table,
          ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }],
        }),
      );
    await expect(join()).rejects.toMatchObject({
      name: "ValidationException",
      message: `Table: '${table}' in region: 'us-east-1' does not have the same global secondary indexes as the other replicas of the global table. The global secondary indexes must have the same names and the same hash and sort keys.`,
    });

    // Same names and keys, another projection: it joins.
    const other = uniqueTableName("global17-gsi");
    await createActiveTable(us, definition(other));
    const projected = definition(other).GlobalSecondaryIndexes?.map((i) => ({
      ...i,
      Projection: { ProjectionType: "KEYS_ONLY" as const },
    }));
    await createActiveTable(eu, { ...definition(other), GlobalSecondaryIndexes: projected });
    await us.send(
      new CreateGlobalTableCommand({
        GlobalTableName: other,
        ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }],
      }),
    );
    await us.send(
      new PutItemCommand({ TableName: other, Item: { pk: S("from-us"), g: S("a"), n: N("1"), x: S("1") } }),
    );
    await eu.send(
      new PutItemCommand({ TableName: other, Item: { pk: S("from-eu"), g: S("a"), n: N("2"), x: S("2") } }),
    );
    const query = (db: DynamoDBClient) => () =>
      db
        .send(
          new QueryCommand({
            TableName: other,
            IndexName: "byG",
            KeyConditionExpression: "g = :g",
            ExpressionAttributeValues: { ":g": S("a") },
          }),
        )
        .then((r) => r.Items ?? []);
    const inUs = await until("us-east-1's index has both", query(us), (items) => items.length === 2);
    expect(inUs).toEqual([
      { pk: S("from-us"), g: S("a"), n: N("1"), x: S("1") },
      { pk: S("from-eu"), g: S("a"), n: N("2"), x: S("2") },
    ]);
    // eu-west-1's index projects keys only.
    const inEu = await until("eu-west-1's index has both", query(eu), (items) => items.length === 2);
    expect(inEu).toEqual([
      { pk: S("from-us"), g: S("a"), n: N("1") },
      { pk: S("from-eu"), g: S("a"), n: N("2") },
    ]);
  }, 90_000);
});
