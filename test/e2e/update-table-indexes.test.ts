/**
 * UpdateTable's GlobalSecondaryIndexUpdates over HTTP through the AWS SDK
 * (docs/issue-15-dynamodb-behaviour.md section 3): an index created on a table that holds a few
 * hundred items across its partitions while writers keep putting, moving index keys, leaving the
 * index and deleting; DescribeTable's states on the way (table UPDATING with the index CREATING
 * and Backfilling false, then Backfilling true, then ACTIVE); reads of the index refused while it
 * is built; once ACTIVE and the writers stopped, the index equals the one recomputed from a scan
 * of the table (every entry, none extra, projections right). Then its removal (DELETING, then
 * gone, the definitions only it used pruned, reads of it refused), a capacity change, and
 * DynamoDB's errors.
 *
 * On a server of the file's own (the admin API on, to crash a replica): the alarm that moves an
 * index from state to state runs only for this file's tables, so each state lasts as long as the
 * server makes it (the backfill starts a round after the allocation, RETRY_MS later) and the
 * tests see them, whatever other files do meanwhile.
 */
import {
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type ScanCommandInput,
  type TableDescription,
  UpdateItemCommand,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, failure, type Item } from "../helpers/items";

let running: AdminServer;
let db: DynamoDBClient;
/** Writers retry what the server answers with a retryable error (an unknown outcome is fine: the index is compared with the table as it ends up). */
let writerDb: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({});
  db = client({ endpoint: running.server.url });
  writerDb = client({ endpoint: running.server.url, maxAttempts: 4 });
});
afterAll(() => running?.stop());
const S = (S: string) => ({ S });
const N = (N: string) => ({ N });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const INDEX = "byG";
const ITEMS = 300;
/** Item numbers the writers pick from: beyond ITEMS they create new items. */
const SPACE = 400;

/** Item `i`: customer `c<i % 40>`, order `i`; in the index (keyed g, n) unless `g` is undefined. */
function item(i: number, g: string | undefined, n: number, p = `p${n}`): Item {
  return {
    pk: S(`c${i % 40}`),
    sk: N(String(i)),
    ...(g === undefined ? {} : { g: S(g) }),
    n: N(String(n)),
    p: S(p),
    q: S("not projected"),
  };
}

const key = (i: number) => ({ pk: S(`c${i % 40}`), sk: N(String(i)) });
const pick = (n: number) => Math.floor(Math.random() * n);
const someG = () => (Math.random() < 0.15 ? undefined : `g${pick(6)}`);

async function describeTable(TableName: string): Promise<TableDescription> {
  return (await db.send(new DescribeTableCommand({ TableName }))).Table!;
}

const indexOf = (table: TableDescription, name = INDEX) =>
  table.GlobalSecondaryIndexes?.find((i) => i.IndexName === name);

/** Every item of a scan (of the table, or of an index with `IndexName`), page by page. */
async function scanAll(input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ ...input, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
  } while (ExclusiveStartKey);
  return items;
}

/** The index recomputed from the table's items: the entries of those with g and n, projected (INCLUDE p). */
function recomputed(items: Item[]): Item[] {
  return items
    .filter((i) => i.g?.S && i.n?.N)
    .map((i) => ({ pk: i.pk, sk: i.sk, g: i.g, n: i.n, ...(i.p ? { p: i.p } : {}) }));
}

/** Entries as sorted, comparable text. */
const canonical = (entries: Item[]) =>
  entries
    .map((e) => JSON.stringify(Object.fromEntries(Object.entries(e).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();

/** Writers that keep changing the table until stopped: puts, index key moves, removals from the index, deletes. */
function startWriters(TableName: string, count: number): { stop: () => Promise<number> } {
  let writing = true;
  let writes = 0;
  const one = async () => {
    const i = pick(SPACE);
    const roll = Math.random();
    if (roll < 0.35) {
      await writerDb.send(new PutItemCommand({ TableName, Item: item(i, someG(), pick(50)) }));
    } else if (roll < 0.65) {
      await writerDb.send(
        new UpdateItemCommand({
          TableName,
          Key: key(i),
          UpdateExpression: "SET g = :g, n = :n",
          ExpressionAttributeValues: { ":g": S(`g${pick(6)}`), ":n": N(String(pick(50))) },
        }),
      );
    } else if (roll < 0.75) {
      await writerDb.send(new UpdateItemCommand({ TableName, Key: key(i), UpdateExpression: "REMOVE g" }));
    } else if (roll < 0.85) {
      await writerDb.send(
        new UpdateItemCommand({
          TableName,
          Key: key(i),
          UpdateExpression: "SET p = :p",
          ExpressionAttributeValues: { ":p": S(`changed${pick(1000)}`) },
        }),
      );
    } else {
      await writerDb.send(new DeleteItemCommand({ TableName, Key: key(i) }));
    }
    writes++;
  };
  const loops = Array.from({ length: count }, async () => {
    while (writing) await one();
  });
  return {
    async stop() {
      writing = false;
      await Promise.all(loops);
      return writes;
    },
  };
}

async function createTable(input: { provisioned?: boolean } = {}): Promise<string> {
  const TableName = uniqueTableName("gsi-update");
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    ...(input.provisioned
      ? { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }
      : { BillingMode: "PAY_PER_REQUEST" }),
  });
  return TableName;
}

/** The Create of index `name` keyed (g, n), projecting p. */
function createIndex(TableName: string, name = INDEX, throughput = false): UpdateTableCommandInput {
  return {
    TableName,
    AttributeDefinitions: [
      { AttributeName: "g", AttributeType: "S" },
      { AttributeName: "n", AttributeType: "N" },
    ],
    GlobalSecondaryIndexUpdates: [
      {
        Create: {
          IndexName: name,
          KeySchema: [
            { AttributeName: "g", KeyType: "HASH" },
            { AttributeName: "n", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["p"] },
          ...(throughput ? { ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } } : {}),
        },
      },
    ],
  };
}

/** Polls DescribeTable until `done`; every state seen on the way, as "TableStatus index-status/Backfilling". */
async function watch(
  TableName: string,
  done: (table: TableDescription) => boolean,
  seen: Set<string>,
  ms = 60_000,
): Promise<TableDescription> {
  const until = Date.now() + ms;
  for (;;) {
    const table = await describeTable(TableName);
    const index = indexOf(table);
    seen.add(`${table.TableStatus} ${index ? `${index.IndexStatus}/${index.Backfilling}` : "none"}`);
    if (done(table)) return table;
    if (Date.now() > until) throw new Error(`not done within ${ms} ms; seen ${[...seen].join(", ")}`);
    await sleep(20);
  }
}

const backfillingRefusal = {
  name: "ValidationException",
  message: `Cannot read from backfilling global secondary index: ${INDEX}`,
};

const queryIndex = (TableName: string, g: string) =>
  db.send(
    new QueryCommand({
      TableName,
      IndexName: INDEX,
      KeyConditionExpression: "g = :g",
      ExpressionAttributeValues: { ":g": S(g) },
    }),
  );

describe("UpdateTable creates a global index on a table with data, while writes go on", () => {
  let TableName = "";
  beforeAll(async () => {
    TableName = await createTable();
    for (let i = 0; i < ITEMS; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          db.send(new PutItemCommand({ TableName, Item: item(i + j, someG(), pick(50)) })),
        ),
      );
    }
  });

  test("UpdateTable: Create backfills the index (CREATING, Backfilling false then true, then ACTIVE), and it equals the index recomputed from the table", async () => {
    const writers = startWriters(TableName, 4);
    let writes = 0;
    try {
      await sleep(200);
      const { TableDescription: answer } = await db.send(new UpdateTableCommand(createIndex(TableName)));
      expect(answer?.TableStatus).toBe("UPDATING");
      expect(indexOf(answer!)).toMatchObject({
        IndexName: INDEX,
        IndexStatus: "CREATING",
        Backfilling: false,
        IndexSizeBytes: 0,
        ItemCount: 0,
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["p"] },
        IndexArn: `${answer?.TableArn}/index/${INDEX}`,
      });
      expect(answer?.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["pk", "sk", "g", "n"]);
      // Reads of the index are refused while it is built.
      expect(await failure(queryIndex(TableName, "g1"))).toEqual(backfillingRefusal);
      expect(await failure(db.send(new ScanCommand({ TableName, IndexName: INDEX })))).toEqual(backfillingRefusal);
      const seen = new Set<string>(["UPDATING CREATING/false"]);
      await watch(TableName, (t) => indexOf(t)?.Backfilling === true, seen);
      expect(await failure(queryIndex(TableName, "g1"))).toEqual(backfillingRefusal);
      // DeleteTable waits for the index (section 3.3), even with the table ACTIVE.
      expect(await failure(db.send(new DeleteTableCommand({ TableName })))).toEqual({
        name: "ResourceInUseException",
        message:
          "Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.",
      });
      const active = await watch(TableName, (t) => indexOf(t)?.IndexStatus === "ACTIVE", seen);
      expect([...seen]).toEqual(
        expect.arrayContaining(["UPDATING CREATING/false", "ACTIVE CREATING/true", "ACTIVE ACTIVE/undefined"]),
      );
      expect(active.TableStatus).toBe("ACTIVE");
      expect(indexOf(active)).not.toHaveProperty("Backfilling");
      await sleep(300);
    } finally {
      writes = await writers.stop();
    }
    expect(writes).toBeGreaterThan(50);

    // Entries arrive asynchronously: the index converges on the table's last state.
    const until = Date.now() + 20_000;
    let table: Item[] = [];
    let index: Item[] = [];
    for (;;) {
      table = await scanAll({ TableName, ConsistentRead: true });
      index = await scanAll({ TableName, IndexName: INDEX });
      if (canonical(index).join("\n") === canonical(recomputed(table)).join("\n") || Date.now() > until) break;
      await sleep(200);
    }
    expect(table.length).toBeGreaterThan(100);
    expect(canonical(index)).toEqual(canonical(recomputed(table)));

    // A Query of one index key: its entries in the index's sort order.
    const expected = recomputed(table)
      .filter((e) => e.g.S === "g3")
      .map((e) => Number(e.n.N));
    const got = await queryIndex(TableName, "g3");
    expect(got.Items?.map((e) => Number(e.n.N))).toEqual(expected.sort((a, b) => a - b));
    expect(Object.keys(got.Items?.[0] ?? {}).sort()).toEqual(expect.arrayContaining(["g", "n", "pk", "sk"]));
    expect(got.Items?.every((e) => e.q === undefined)).toBe(true);

    const described = indexOf(await describeTable(TableName));
    expect(described?.ItemCount).toBe(index.length);
  }, 120_000);

  test("UpdateTable: Delete turns the index DELETING, then it is gone with the definitions only it used, and reads of it are refused", async () => {
    const { TableDescription: answer } = await db.send(
      new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: INDEX } }] }),
    );
    expect(answer?.TableStatus).toBe("UPDATING");
    expect(indexOf(answer!)?.IndexStatus).toBe("DELETING");
    const seen = new Set<string>(["UPDATING DELETING/undefined"]);
    const gone = await watch(TableName, (t) => indexOf(t) === undefined, seen);
    expect(gone.TableStatus).toBe("ACTIVE");
    expect(gone.GlobalSecondaryIndexes).toBeUndefined();
    expect(gone.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["pk", "sk"]);
    const missing = { name: "ValidationException", message: `The table does not have the specified index: ${INDEX}` };
    expect(await failure(queryIndex(TableName, "g1"))).toEqual(missing);
    // The table still serves, and takes the same index again.
    await db.send(new PutItemCommand({ TableName, Item: item(1, "g1", 1) }));
    await db.send(new UpdateTableCommand(createIndex(TableName)));
    await watch(TableName, (t) => indexOf(t)?.IndexStatus === "ACTIVE", new Set());
    const until = Date.now() + 10_000;
    let entries = await queryIndex(TableName, "g1");
    while (!entries.Items?.some((e) => e.sk.N === "1" && e.n.N === "1") && Date.now() < until) {
      await sleep(100);
      entries = await queryIndex(TableName, "g1");
    }
    expect(entries.Items).toContainEqual({ pk: S("c1"), sk: N("1"), g: S("g1"), n: N("1"), p: S("p1") });
  }, 90_000);
});

describe("UpdateTable GlobalSecondaryIndexUpdates: capacity and DynamoDB's errors", () => {
  let TableName = "";
  beforeAll(async () => {
    TableName = await createTable({ provisioned: true });
    await db.send(new PutItemCommand({ TableName, Item: item(1, "g1", 1) }));
  });

  const send = (input: Omit<UpdateTableCommandInput, "TableName">) =>
    db.send(new UpdateTableCommand({ TableName, ...input } as UpdateTableCommandInput));

  test("UpdateTable: two Creates in one call exceed the limit of one online index change", async () => {
    const one = createIndex(TableName, "idx1", true).GlobalSecondaryIndexUpdates![0];
    const two = createIndex(TableName, "idx2", true).GlobalSecondaryIndexUpdates![0];
    const error = await failure(
      send({
        AttributeDefinitions: createIndex(TableName).AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [one, two],
      }),
    );
    expect(error).toEqual({
      name: "LimitExceededException",
      message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    });
  });

  test("UpdateTable: Delete or Update of an unknown index is ResourceNotFoundException", async () => {
    for (const update of [
      { Delete: { IndexName: "ghost" } },
      { Update: { IndexName: "ghost", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
    ]) {
      expect(await failure(send({ GlobalSecondaryIndexUpdates: [update] }))).toEqual({
        name: "ResourceNotFoundException",
        message: `Requested resource not found: Index ghost for table ${TableName}`,
      });
    }
  });

  test("UpdateTable: while an index is created, another Create is over the limit, DeleteTable is refused, a second Create of it exists, and the index is deleted once backfilling", async () => {
    const { TableDescription: answer } = await send(createIndex(TableName, INDEX, true));
    expect(indexOf(answer!)).toMatchObject({
      IndexStatus: "CREATING",
      Backfilling: false,
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2, NumberOfDecreasesToday: 0 },
    });
    expect(await failure(send(createIndex(TableName, "other", true)))).toEqual({
      name: "LimitExceededException",
      message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    });
    expect(await failure(db.send(new DeleteTableCommand({ TableName })))).toEqual({
      name: "ResourceInUseException",
      message:
        "Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.",
    });
    await watch(TableName, (t) => indexOf(t)?.Backfilling === true || indexOf(t)?.IndexStatus === "ACTIVE", new Set());
    expect(await failure(send(createIndex(TableName, INDEX, true)))).toEqual({
      name: "ValidationException",
      message: "Attempting to create an index which already exists",
    });
    const { TableDescription: deleting } = await send({
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: INDEX } }],
    });
    expect(indexOf(deleting!)?.IndexStatus).toBe("DELETING");
    await watch(TableName, (t) => indexOf(t) === undefined && t.TableStatus === "ACTIVE", new Set());
  }, 60_000);

  test("UpdateTable: an index's new capacity shows UPDATING with the old values, then the new ones", async () => {
    await send(createIndex(TableName, INDEX, true));
    await watch(TableName, (t) => indexOf(t)?.IndexStatus === "ACTIVE", new Set());
    const { TableDescription: answer } = await send({
      GlobalSecondaryIndexUpdates: [
        { Update: { IndexName: INDEX, ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 } } },
      ],
    });
    expect(answer?.TableStatus).toBe("ACTIVE");
    expect(indexOf(answer!)).toMatchObject({
      IndexStatus: "UPDATING",
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
    });
    const settled = await watch(TableName, (t) => indexOf(t)?.IndexStatus === "ACTIVE", new Set());
    const index = indexOf(settled) as GlobalSecondaryIndexDescription;
    expect(index.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 4, WriteCapacityUnits: 2 });
    expect(index.ProvisionedThroughput?.LastIncreaseDateTime).toBeInstanceOf(Date);
    // The index serves: the item written before it existed is in it.
    const until = Date.now() + 10_000;
    let out = await queryIndex(TableName, "g1");
    while (!out.Items?.length && Date.now() < until) {
      await sleep(100);
      out = await queryIndex(TableName, "g1");
    }
    expect(out.Items).toEqual([{ pk: S("c1"), sk: N("1"), g: S("g1"), n: N("1"), p: S("p1") }]);
  }, 60_000);
});

describe("UpdateTable Create while a replica of the table is down", () => {
  let TableName = "";
  beforeAll(async () => {
    TableName = await createTable();
    for (let i = 0; i < 20; i++) await db.send(new PutItemCommand({ TableName, Item: item(i, "g1", i) }));
  }, 60_000);

  test("UpdateTable: the index stays allocating (Backfilling false, Delete refused) until every replica of the table knows it, then backfills", async () => {
    const { Table } = await db.send(new DescribeTableCommand({ TableName }));
    const replica = `${Table?.TableId}/p0/us-east-1/us-east-1a`;
    await running.admin("/admin/faults", { action: "crash", replica });
    await db.send(new UpdateTableCommand(createIndex(TableName)));
    const seen = new Set<string>();
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const { Table: table } = await db.send(new DescribeTableCommand({ TableName }));
      const index = indexOf(table!);
      seen.add(`${table?.TableStatus} ${index?.IndexStatus}/${index?.Backfilling}`);
      await sleep(50);
    }
    expect([...seen]).toEqual(["UPDATING CREATING/false"]);
    const refused = await failure(
      db.send(new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: INDEX } }] })),
    );
    expect(refused).toEqual({
      name: "ResourceInUseException",
      message: `Attempt to change a resource which is still in use: Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: ${TableName} Index: ${INDEX}`,
    });
    await running.admin("/admin/faults", { action: "restart", replica });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { Table: table } = await db.send(new DescribeTableCommand({ TableName }));
      if (indexOf(table!)?.IndexStatus === "ACTIVE") break;
      if (Date.now() > deadline) throw new Error("the index did not turn ACTIVE");
      await sleep(100);
    }
    const query = () =>
      db.send(
        new QueryCommand({
          TableName,
          IndexName: INDEX,
          KeyConditionExpression: "g = :g",
          ExpressionAttributeValues: { ":g": S("g1") },
        }),
      );
    let out = await query();
    while ((out.Items?.length ?? 0) < 20 && Date.now() < deadline) {
      await sleep(100);
      out = await query();
    }
    expect(out.Items?.map((e) => e.n.N)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  }, 60_000);
});
