/**
 * What the global-table e2e tests share: polling until a condition holds, and reading, writing
 * and creating tables through a region's client.
 */

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `done` holds (every 100 ms, at most `ms`); at exit the value that satisfied it. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

/** The `v` attribute of item `pk`, read strongly. */
export const get = (db: DynamoDBClient, table: string, pk: string) =>
  db
    .send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))
    .then((r) => r.Item?.v?.S);

export const put = (db: DynamoDBClient, table: string, pk: string, v: string) =>
  db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v } } }));

/** Polls `db`'s region until item `pk` has `v`, written in another region; throws after 30 s. */
export const arrives = (db: DynamoDBClient, table: string, pk: string, v: string) =>
  until(
    `${pk} = ${v} arrives`,
    () => get(db, table, pk),
    (value) => value === v,
  );

/** Creates a PAY_PER_REQUEST table keyed by `pk` and waits until it is ACTIVE. */
export async function activeTable(db: DynamoDBClient, table: string): Promise<void> {
  await db.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await until(
    `${table} is ACTIVE`,
    () => db.send(new DescribeTableCommand({ TableName: table })),
    (d) => d.Table?.TableStatus === "ACTIVE",
  );
}

/**
 * Adds `region` to `table` through `db`'s region (UpdateTable `ReplicaUpdates` Create) and waits
 * until that region shows as an ACTIVE replica. At exit: the DescribeTable that showed it.
 */
export async function addRegion(
  db: DynamoDBClient,
  table: string,
  region: string,
): Promise<DescribeTableCommandOutput> {
  await db.send(new UpdateTableCommand({ TableName: table, ReplicaUpdates: [{ Create: { RegionName: region } }] }));
  return until(
    `${region} is an ACTIVE replica`,
    () => db.send(new DescribeTableCommand({ TableName: table })),
    (d) => d.Table?.Replicas?.some((r) => r.RegionName === region && r.ReplicaStatus === "ACTIVE") === true,
  );
}
