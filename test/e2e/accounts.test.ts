/**
 * Accounts: each key belongs to an account (`dynaflare_account_id` in the credentials file), and
 * each account's tables are its own. Two accounts may each have a table of the same name; no
 * request of one reads, writes, lists, describes or detects the other's tables, in single-item,
 * batch, control-plane and global-table operations, and ARNs carry the account.
 */

import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { activeTable, addRegion, arrives, get, put, until } from "../helpers/global-tables";
import { createActiveTable, failure } from "../helpers/items";
import { TENANT_ACCOUNT, TENANT_KEY } from "../helpers/test-key";

const OWN_ACCOUNT = "000000000000";
const mine = client();
const theirs = client({ credentials: TENANT_KEY });

const notFound = (table: string) => ({
  name: "ResourceNotFoundException",
  message: `Requested resource not found: Table: ${table} not found`,
});

/** Every table name `db` lists, page by page. */
async function allTables(db: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await db.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

describe("two accounts, one table name", () => {
  const shared = uniqueTableName("shared");

  beforeAll(async () => {
    // The same name, with different key schemas: each account's CreateTable succeeds.
    await activeTable(mine, shared);
    await createActiveTable(theirs, {
      TableName: shared,
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  test("accounts: each sees its own table, with its own key schema and an ARN naming its account", async () => {
    const a = await mine.send(new DescribeTableCommand({ TableName: shared }));
    const b = await theirs.send(new DescribeTableCommand({ TableName: shared }));
    expect(a.Table?.KeySchema).toEqual([{ AttributeName: "pk", KeyType: "HASH" }]);
    expect(b.Table?.KeySchema).toEqual([{ AttributeName: "id", KeyType: "HASH" }]);
    expect(a.Table?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:${OWN_ACCOUNT}:table/${shared}`);
    expect(b.Table?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:${TENANT_ACCOUNT}:table/${shared}`);
    expect(a.Table?.TableId).not.toBe(b.Table?.TableId);
  });

  test("accounts: items written by one are not the other's, in reads, scans and batches", async () => {
    await put(mine, shared, "a", "mine");
    await theirs.send(new PutItemCommand({ TableName: shared, Item: { id: { N: "1" }, v: { S: "theirs" } } }));
    expect(await get(mine, shared, "a")).toBe("mine");
    const own = await mine.send(new ScanCommand({ TableName: shared, ConsistentRead: true }));
    expect(own.Items).toEqual([{ pk: { S: "a" }, v: { S: "mine" } }]);
    const other = await theirs.send(new ScanCommand({ TableName: shared, ConsistentRead: true }));
    expect(other.Items).toEqual([{ id: { N: "1" }, v: { S: "theirs" } }]);
    // Each account's key schema is its own table's: the other's key is a bad key here.
    const wrongKey = await failure(
      theirs.send(new GetItemCommand({ TableName: shared, Key: { pk: { S: "a" } }, ConsistentRead: true })),
    );
    expect(wrongKey.name).toBe("ValidationException");
    const batch = await theirs.send(
      new BatchGetItemCommand({ RequestItems: { [shared]: { Keys: [{ id: { N: "1" } }], ConsistentRead: true } } }),
    );
    expect(batch.Responses?.[shared]).toEqual([{ id: { N: "1" }, v: { S: "theirs" } }]);
  });

  test("accounts: a transaction writes and reads its own account's table only", async () => {
    await theirs.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: shared, Item: { id: { N: "2" }, v: { S: "theirs, in a transaction" } } } }],
      }),
    );
    await mine.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: shared, Item: { pk: { S: "b" }, v: { S: "mine, in a transaction" } } } }],
      }),
    );
    const got = await theirs.send(
      new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: shared, Key: { id: { N: "2" } } } }] }),
    );
    expect(got.Responses).toEqual([{ Item: { id: { N: "2" }, v: { S: "theirs, in a transaction" } } }]);
    const own = await mine.send(new ScanCommand({ TableName: shared, ConsistentRead: true }));
    expect(own.Items?.map((item) => item.v.S).sort()).toEqual(["mine", "mine, in a transaction"]);
  });
});

describe("a table of one account is invisible to the other", () => {
  const private_ = uniqueTableName("tenant-only");

  beforeAll(async () => {
    await activeTable(theirs, private_);
    await put(theirs, private_, "k", "secret");
  });

  test("accounts: it is not listed, and every operation on it answers as for a missing table", async () => {
    expect(await allTables(theirs)).toContain(private_);
    expect(await allTables(mine)).not.toContain(private_);
    expect(await failure(mine.send(new DescribeTableCommand({ TableName: private_ })))).toEqual(notFound(private_));
    // Sent one at a time: each refusal is awaited before the next request goes.
    for (const send of [
      () => mine.send(new GetItemCommand({ TableName: private_, Key: { pk: { S: "k" } } })),
      () => mine.send(new PutItemCommand({ TableName: private_, Item: { pk: { S: "k" }, v: { S: "overwritten" } } })),
      () =>
        mine.send(
          new UpdateItemCommand({
            TableName: private_,
            Key: { pk: { S: "k" } },
            UpdateExpression: "SET v = :v",
            ExpressionAttributeValues: { ":v": { S: "overwritten" } },
          }),
        ),
      () =>
        mine.send(
          new QueryCommand({
            TableName: private_,
            KeyConditionExpression: "pk = :k",
            ExpressionAttributeValues: { ":k": { S: "k" } },
          }),
        ),
      () => mine.send(new ScanCommand({ TableName: private_ })),
    ]) {
      expect((await failure(send())).name).toBe("ResourceNotFoundException");
    }
    const batchWrite = await failure(
      mine.send(
        new BatchWriteItemCommand({
          RequestItems: { [private_]: [{ PutRequest: { Item: { pk: { S: "k" }, v: { S: "overwritten" } } } }] },
        }),
      ),
    );
    expect(batchWrite.name).toBe("ResourceNotFoundException");
    const batchGet = await failure(
      mine.send(new BatchGetItemCommand({ RequestItems: { [private_]: { Keys: [{ pk: { S: "k" } }] } } })),
    );
    expect(batchGet.name).toBe("ResourceNotFoundException");
    expect(await failure(mine.send(new DeleteTableCommand({ TableName: private_ })))).toEqual(notFound(private_));
    // Nothing of the above reached the tenant's table.
    expect(await get(theirs, private_, "k")).toBe("secret");
    expect((await theirs.send(new DescribeTableCommand({ TableName: private_ }))).Table?.TableStatus).toBe("ACTIVE");
  });

  test("accounts: its ARN, named by the other account, is AccessDeniedException", async () => {
    const arn = `arn:aws:dynamodb:us-east-1:${TENANT_ACCOUNT}:table/${private_}`;
    const denied = await failure(
      mine.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k", Value: "v" }] })),
    );
    expect(denied.name).toBe("AccessDeniedException");
    await theirs.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k", Value: "v" }] }));
  });
});

describe("global tables stay within their account", () => {
  test("accounts: a tenant's replica region holds its table for it alone", { timeout: 90_000 }, async () => {
    const table = uniqueTableName("tenant-global");
    await activeTable(theirs, table);
    await addRegion(theirs, table, "eu-west-1");
    await put(theirs, table, "g", "replicated");
    const theirsEu = client({ credentials: TENANT_KEY, region: "eu-west-1" });
    await arrives(theirsEu, table, "g", "replicated");
    const mineEu = client({ region: "eu-west-1" });
    expect(await allTables(mineEu)).not.toContain(table);
    expect(await failure(mineEu.send(new DescribeTableCommand({ TableName: table })))).toEqual(notFound(table));
    const described = await until(
      "the tenant's eu-west-1 copy names its account",
      () => theirsEu.send(new DescribeTableCommand({ TableName: table })),
      (d) => d.Table?.TableStatus === "ACTIVE",
    );
    expect(described.Table?.TableArn).toBe(`arn:aws:dynamodb:eu-west-1:${TENANT_ACCOUNT}:table/${table}`);
  });
});
