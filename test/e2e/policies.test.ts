/**
 * Access policies (`dynaflare_policy` next to a key): a read-only key cannot write, a key scoped to
 * some tables cannot reach others (inside a batch either), an explicit Deny wins, and a refusal is
 * IAM's AccessDeniedException, given before anything is read or written.
 */

import {
  BatchWriteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { get, put } from "../helpers/global-tables";
import { createActiveTable, createItemTable, failureWithStatus as failure } from "../helpers/items";
import { READER_KEY, SCOPED_KEY } from "../helpers/test-key";

const ACCOUNT = "000000000000";
const admin = client();
const reader = client({ credentials: READER_KEY });
const scoped = client({ credentials: SCOPED_KEY });

const arn = (table: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}`;

const denied = (user: string, action: string, resource: string, explicit = false) => ({
  name: "AccessDeniedException",
  status: 400,
  message:
    `User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: dynamodb:${action} on resource: ${resource} ` +
    (explicit
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the dynamodb:${action} action`),
});

describe("a read-only key", () => {
  let table: string;

  beforeAll(async () => {
    table = await createItemTable(admin, "policy-read");
    await put(admin, table, "k", "v");
  });

  test("policies: reads, describes and lists", async () => {
    const item = await reader.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: "k" } }, ConsistentRead: true }),
    );
    expect(item.Item?.v).toEqual({ S: "v" });
    expect((await reader.send(new ScanCommand({ TableName: table }))).Count).toBe(1);
    expect((await reader.send(new DescribeTableCommand({ TableName: table }))).Table?.TableName).toBe(table);
    expect((await reader.send(new ListTablesCommand({}))).TableNames).toBeDefined();
  });

  test("policies: cannot write, and the write is not made", async () => {
    const write = reader.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "k" }, v: { S: "changed" } } }));
    expect(await failure(write)).toEqual(denied("reader", "PutItem", arn(table)));
    expect(await get(admin, table, "k")).toBe("v");
  });

  test("policies: a transaction needs each action's own permission: reads pass, writes are refused whole", async () => {
    const read = await reader.send(
      new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key: { pk: { S: "k" } } } }] }),
    );
    expect(read.Responses).toEqual([{ Item: { pk: { S: "k" }, v: { S: "v" } } }]);
    const write = reader.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            ConditionCheck: { TableName: table, Key: { pk: { S: "k" } }, ConditionExpression: "attribute_exists(pk)" },
          },
          { Put: { TableName: table, Item: { pk: { S: "k2" } } } },
        ],
      }),
    );
    expect(await failure(write)).toEqual(denied("reader", "ConditionCheckItem", arn(table)));
    expect(await get(admin, table, "k2")).toBeUndefined();
  });
});

describe("a key scoped to tables named scoped-…", () => {
  let mine: string;
  let other: string;

  beforeAll(async () => {
    mine = uniqueTableName("scoped");
    await createActiveTable(admin, {
      TableName: mine,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byG",
          KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    other = await createItemTable(admin, "policy-other");
  });

  test("policies: works on its tables and their indexes", async () => {
    await scoped.send(new PutItemCommand({ TableName: mine, Item: { pk: { S: "a" }, g: { S: "x" } } }));
    const read = await scoped.send(
      new GetItemCommand({ TableName: mine, Key: { pk: { S: "a" } }, ConsistentRead: true }),
    );
    expect(read.Item?.g).toEqual({ S: "x" });
    const query = await scoped.send(
      new QueryCommand({
        TableName: mine,
        IndexName: "byG",
        KeyConditionExpression: "g = :g",
        ExpressionAttributeValues: { ":g": { S: "x" } },
      }),
    );
    expect(query.$metadata.httpStatusCode).toBe(200);
  });

  test("policies: cannot reach another table, nor list tables", async () => {
    expect(await failure(scoped.send(new GetItemCommand({ TableName: other, Key: { pk: { S: "a" } } })))).toEqual(
      denied("scoped", "GetItem", arn(other)),
    );
    expect(await failure(scoped.send(new ListTablesCommand({})))).toEqual(denied("scoped", "ListTables", "*"));
  });

  test("policies: a batch naming another table is refused whole: not even its own table's item is written", async () => {
    const batch = scoped.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [mine]: [{ PutRequest: { Item: { pk: { S: "batched" } } } }],
          [other]: [{ PutRequest: { Item: { pk: { S: "batched" } } } }],
        },
      }),
    );
    expect(await failure(batch)).toEqual(denied("scoped", "BatchWriteItem", arn(other)));
    const read = await admin.send(
      new GetItemCommand({ TableName: mine, Key: { pk: { S: "batched" } }, ConsistentRead: true }),
    );
    expect(read.Item).toBeUndefined();
  });

  test("policies: an explicit Deny wins over the Allow on its own tables", async () => {
    expect(await failure(scoped.send(new DeleteTableCommand({ TableName: mine })))).toEqual(
      denied("scoped", "DeleteTable", arn(mine), true),
    );
    expect((await admin.send(new DescribeTableCommand({ TableName: mine }))).Table?.TableStatus).toBe("ACTIVE");
  });
});
