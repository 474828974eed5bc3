/**
 * What writes on a table with a global and a local secondary index consume, through the AWS SDK:
 * the service's measurements of docs/issue-15-dynamodb-behaviour.md section 6.1 (items under
 * 1 KB, PAY_PER_REQUEST table `pk, sk`, GSI `gsi-inc` on `gsiPk` INCLUDE `[proj]`, LSI `lsi1` on
 * `lsiSk` ALL, ReturnConsumedCapacity INDEXES), row by row in the order measured.
 */
import {
  BatchWriteItemCommand,
  type ConsumedCapacity,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, itemClient } from "../helpers/items";

const db = itemClient();
const S = (S: string) => ({ S });
let TableName = "";

beforeAll(async () => {
  TableName = uniqueTableName("gsi-wcu");
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: ["pk", "sk", "gsiPk", "lsiSk"].map((AttributeName) => ({
      AttributeName,
      AttributeType: "S",
    })),
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [
      {
        IndexName: "gsi-inc",
        KeySchema: [{ AttributeName: "gsiPk", KeyType: "HASH" }],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: "lsi1",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsiSk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  });
});

/** ConsumedCapacity with INDEXES: the table's units and each index's, an arm absent when it has none. */
function expected(table: number, gsi?: number, lsi?: number): ConsumedCapacity {
  return {
    TableName,
    CapacityUnits: table + (gsi ?? 0) + (lsi ?? 0),
    Table: { CapacityUnits: table },
    ...(gsi ? { GlobalSecondaryIndexes: { "gsi-inc": { CapacityUnits: gsi } } } : {}),
    ...(lsi ? { LocalSecondaryIndexes: { lsi1: { CapacityUnits: lsi } } } : {}),
  };
}

const key = (sk: string) => ({ pk: S("p"), sk: S(sk) });
const INDEXES = { ReturnConsumedCapacity: "INDEXES" } as const;

test("writes are charged to each index they touch, as the service measured", async () => {
  const put = (sk: string, rest: Record<string, { S: string }>) =>
    db.send(new PutItemCommand({ TableName, Item: { ...key(sk), ...rest }, ...INDEXES }));
  const update = (sk: string, UpdateExpression: string, values?: Record<string, { S: string }>) =>
    db.send(
      new UpdateItemCommand({
        TableName,
        Key: key(sk),
        UpdateExpression,
        ...(values ? { ExpressionAttributeValues: values } : {}),
        ...INDEXES,
      }),
    );

  expect((await put("a", { gsiPk: S("g1"), proj: S("x") })).ConsumedCapacity).toEqual(expected(1, 1));
  expect(
    (
      await db.send(
        new PutItemCommand({ TableName, Item: { ...key("t"), gsiPk: S("g") }, ReturnConsumedCapacity: "TOTAL" }),
      )
    ).ConsumedCapacity,
  ).toEqual({ TableName, CapacityUnits: 2 });
  expect((await put("b", { misc: S("x") })).ConsumedCapacity).toEqual(expected(1));
  expect((await put("c", { lsiSk: S("l1") })).ConsumedCapacity).toEqual(expected(1, undefined, 1));
  expect((await put("d", { gsiPk: S("g1"), proj: S("x"), lsiSk: S("l1") })).ConsumedCapacity).toEqual(
    expected(1, 1, 1),
  );
  expect((await put("d", { gsiPk: S("g1"), proj: S("x"), lsiSk: S("l1") })).ConsumedCapacity).toEqual(expected(1));
  expect((await update("d", "SET misc = :v", { ":v": S("y") })).ConsumedCapacity).toEqual(expected(1, undefined, 1));
  expect((await update("d", "SET proj = :v", { ":v": S("z") })).ConsumedCapacity).toEqual(expected(1, 1, 1));
  expect((await update("d", "SET gsiPk = :v", { ":v": S("g2") })).ConsumedCapacity).toEqual(expected(1, 2, 1));
  expect((await update("d", "REMOVE gsiPk")).ConsumedCapacity).toEqual(expected(1, 1, 1));
  expect((await update("d", "SET lsiSk = :v", { ":v": S("l2") })).ConsumedCapacity).toEqual(expected(1, undefined, 2));
  await put("e", { gsiPk: S("g1"), lsiSk: S("l1") });
  expect((await db.send(new DeleteItemCommand({ TableName, Key: key("e"), ...INDEXES }))).ConsumedCapacity).toEqual(
    expected(1, 1, 1),
  );
  expect((await db.send(new DeleteItemCommand({ TableName, Key: key("b"), ...INDEXES }))).ConsumedCapacity).toEqual(
    expected(1),
  );
  const batch = await db.send(
    new BatchWriteItemCommand({
      RequestItems: {
        [TableName]: [
          { PutRequest: { Item: { ...key("f"), gsiPk: S("g3"), proj: S("x") } } },
          { PutRequest: { Item: { ...key("g"), misc: S("x") } } },
        ],
      },
      ...INDEXES,
    }),
  );
  expect(batch.ConsumedCapacity).toEqual([expected(2, 1)]);
});
