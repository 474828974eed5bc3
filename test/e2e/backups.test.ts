/**
 * On-demand backups and their restores through the AWS SDK, against the self-hosted server (its
 * archive a directory workerd serves): a backup taken while writers go on is one point of the
 * table's history across its partitions, a restore equals the table at that point, indexes work
 * after a restore, and CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
 * RestoreTableFromBackup answer as DynamoDB does.
 */
import {
  type BackupDescription,
  CreateBackupCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, failure, keyedTable, scanAll, waitActive } from "../helpers/items";

let db: DynamoDBClient;
beforeAll(() => {
  db = client();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls DescribeBackup until the backup is AVAILABLE. */
async function available(BackupArn: string): Promise<BackupDescription> {
  for (let i = 0; i < 300; i++) {
    const { BackupDescription } = await db.send(new DescribeBackupCommand({ BackupArn }));
    if (BackupDescription?.BackupDetails?.BackupStatus === "AVAILABLE") return BackupDescription;
    await sleep(100);
  }
  throw new Error(`backup ${BackupArn} never became AVAILABLE`);
}

/** Restores `BackupArn` to a new table and waits until it is ACTIVE; at exit, its name and the description CreateTable-like answer gave. */
async function restored(
  BackupArn: string,
  prefix: string,
): Promise<{ name: string; answer: TableDescription; during: TableDescription }> {
  const name = uniqueTableName(prefix);
  const answer = (await db.send(new RestoreTableFromBackupCommand({ BackupArn, TargetTableName: name })))
    .TableDescription!;
  const during = (await db.send(new DescribeTableCommand({ TableName: name }))).Table!;
  await waitActive(db, name);
  return { name, answer, during };
}

describe("a backup and its restore", () => {
  test("the restore equals the table at the backup's point: later writes, updates and deletes are not in it", async () => {
    const { name } = await keyedTable(db, uniqueTableName("backup_exact"));
    for (let i = 0; i < 60; i++) {
      await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `k${i}` }, v: { N: String(i) } } }));
    }
    await db.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "k0" } } }));
    const expected = await scanAll(db, name);
    const { BackupDetails } = await db.send(new CreateBackupCommand({ TableName: name, BackupName: "exact" }));
    expect(BackupDetails).toMatchObject({ BackupName: "exact", BackupStatus: "CREATING", BackupType: "USER" });
    expect(BackupDetails?.BackupArn).toMatch(new RegExp(`:table/${name}/backup/\\d{14}-[0-9a-f]{8}$`));
    // After the backup: an update, a delete and a new item.
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "k1" }, v: { S: "later" } } }));
    await db.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "k2" } } }));
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "new" }, v: { N: "1" } } }));
    const description = await available(BackupDetails!.BackupArn!);
    expect(description.SourceTableDetails).toMatchObject({
      TableName: name,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    });
    expect(description.BackupDetails?.BackupSizeBytes).toBeGreaterThan(0);

    const { name: copy, answer, during } = await restored(BackupDetails!.BackupArn!, "restored_exact");
    expect(answer).toMatchObject({ TableName: copy, TableStatus: "CREATING" });
    expect(answer.RestoreSummary).toMatchObject({
      SourceBackupArn: BackupDetails!.BackupArn,
      SourceTableArn: description.SourceTableDetails?.TableArn,
      RestoreInProgress: true,
    });
    expect(during.TableStatus === "ACTIVE" || during.RestoreSummary?.RestoreInProgress === true).toBe(true);
    expect(await scanAll(db, copy)).toEqual(expected);
  }, 60_000);

  test("a backup under concurrent writers is one point across the table's partitions", async () => {
    const { name } = await keyedTable(db, uniqueTableName("backup_cut"));
    // Each writer writes its items 1, 2, … in turn, then its counter to the item's number: items
    // and counters live in different partitions. Sent before CreateBackup: in the backup; sent
    // after its answer: not; and in between, a cut of each writer's sequence.
    const writers = 4;
    const acked = new Array(writers).fill(0);
    let stop = false;
    const run = async (w: number) => {
      for (let n = 1; !stop; n++) {
        await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `w${w}-${n}` }, n: { N: String(n) } } }));
        await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `c${w}` }, n: { N: String(n) } } }));
        acked[w] = n;
      }
    };
    const running = Array.from({ length: writers }, (_, w) => run(w));
    await sleep(500);
    const before = [...acked];
    const { BackupDetails } = await db.send(new CreateBackupCommand({ TableName: name, BackupName: "cut" }));
    const after = acked.map((n) => n + 1);
    await sleep(300);
    stop = true;
    await Promise.all(running);
    await available(BackupDetails!.BackupArn!);
    const { name: copy } = await restored(BackupDetails!.BackupArn!, "restored_cut");
    const items = await scanAll(db, copy);
    for (let w = 0; w < writers; w++) {
      const counter = Number(items.get(`c${w}`)?.n.N ?? 0);
      const written = [...items.keys()].filter((k) => k.startsWith(`w${w}-`)).map((k) => Number(k.split("-")[1]));
      const last = Math.max(0, ...written);
      // A prefix of the writer's items, the counter at the last one or one behind it.
      expect(written.sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      expect(last - counter).toBeGreaterThanOrEqual(0);
      expect(last - counter).toBeLessThanOrEqual(1);
      expect(counter).toBeGreaterThanOrEqual(before[w]);
      expect(last).toBeLessThanOrEqual(after[w] + 1);
    }
  }, 60_000);

  test("a restored table's local and global indexes answer queries", async () => {
    const TableName = uniqueTableName("backup_indexes");
    await createActiveTable(db, {
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "l", AttributeType: "N" },
        { AttributeName: "g", AttributeType: "S" },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "byL",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "l", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byG",
          KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
    for (let i = 0; i < 20; i++) {
      const Item = { pk: { S: `p${i % 2}` }, sk: { S: `s${i}` }, l: { N: String(100 - i) }, g: { S: `g${i % 4}` } };
      await db.send(new PutItemCommand({ TableName, Item }));
    }
    const { BackupDetails } = await db.send(new CreateBackupCommand({ TableName, BackupName: "indexes" }));
    const description = await available(BackupDetails!.BackupArn!);
    expect(description.SourceTableFeatureDetails?.LocalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byL" });
    expect(description.SourceTableFeatureDetails?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byG" });
    const { name: copy } = await restored(BackupDetails!.BackupArn!, "restored_indexes");
    const { Table } = await db.send(new DescribeTableCommand({ TableName: copy }));
    expect(Table?.LocalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["byL"]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["byG"]);
    const local = await db.send(
      new QueryCommand({
        TableName: copy,
        IndexName: "byL",
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": { S: "p0" } },
      }),
    );
    expect(local.Items?.map((i) => Number(i.l.N))).toEqual([82, 84, 86, 88, 90, 92, 94, 96, 98, 100]);
    // ACTIVE once the global index is fed: a strongly consistent read of its partitions has them all.
    const page = await db.send(
      new QueryCommand({
        TableName: copy,
        IndexName: "byG",
        KeyConditionExpression: "g = :g",
        ExpressionAttributeValues: { ":g": { S: "g1" } },
      }),
    );
    const global = (page.Items ?? []).map((i) => i.sk.S!).sort();
    expect(global).toEqual(["s1", "s13", "s17", "s5", "s9"]);
  }, 60_000);
});

describe("a backup and its table's deletion", () => {
  test("a table deleted right after CreateBackup: the backup still completes, and restores the table", async () => {
    const { name } = await keyedTable(db, uniqueTableName("backup_deleted"));
    for (let i = 0; i < 30; i++) {
      await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `k${i}` }, v: { N: String(i) } } }));
    }
    const expected = await scanAll(db, name);
    const { BackupDetails } = await db.send(new CreateBackupCommand({ TableName: name, BackupName: "outlives" }));
    await db.send(new DeleteTableCommand({ TableName: name }));
    await available(BackupDetails!.BackupArn!);
    const { name: copy } = await restored(BackupDetails!.BackupArn!, "restored_deleted");
    expect(await scanAll(db, copy)).toEqual(expected);
  }, 60_000);
});

describe("the backup operations", () => {
  test("ListBackups filters by table and type; DeleteBackup deletes; errors as DynamoDB words them", async () => {
    const { name, arn } = await keyedTable(db, uniqueTableName("backup_ops"));
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" } } }));
    const first = (await db.send(new CreateBackupCommand({ TableName: arn, BackupName: "one" }))).BackupDetails!;
    const second = (await db.send(new CreateBackupCommand({ TableName: name, BackupName: "two" }))).BackupDetails!;
    await available(first.BackupArn!);
    await available(second.BackupArn!);
    const listed = await db.send(new ListBackupsCommand({ TableName: name }));
    expect(listed.BackupSummaries?.map((b) => b.BackupName)).toEqual(["one", "two"]);
    expect(listed.BackupSummaries?.[0]).toMatchObject({
      TableName: name,
      TableArn: arn,
      BackupStatus: "AVAILABLE",
      BackupType: "USER",
    });
    const paged = await db.send(new ListBackupsCommand({ TableName: name, Limit: 1 }));
    expect(paged.BackupSummaries?.map((b) => b.BackupName)).toEqual(["one"]);
    expect(paged.LastEvaluatedBackupArn).toBe(first.BackupArn);
    expect((await db.send(new ListBackupsCommand({ TableName: name, BackupType: "SYSTEM" }))).BackupSummaries).toEqual(
      [],
    );

    expect(
      await failure(db.send(new RestoreTableFromBackupCommand({ BackupArn: first.BackupArn, TargetTableName: name }))),
    ).toEqual({
      name: "TableAlreadyExistsException",
      message: `Table already exists: ${name}`,
    });
    const deleted = await db.send(new DeleteBackupCommand({ BackupArn: first.BackupArn }));
    expect(deleted.BackupDescription?.BackupDetails).toMatchObject({ BackupName: "one", BackupStatus: "DELETED" });
    expect(await failure(db.send(new DescribeBackupCommand({ BackupArn: first.BackupArn })))).toEqual({
      name: "BackupNotFoundException",
      message: `Backup not found: ${first.BackupArn}`,
    });
    expect(
      (await db.send(new ListBackupsCommand({ TableName: name }))).BackupSummaries?.map((b) => b.BackupName),
    ).toEqual(["two"]);
    expect(await failure(db.send(new CreateBackupCommand({ TableName: "no_such_table", BackupName: "xyz" })))).toEqual({
      name: "TableNotFoundException",
      message: "Table not found: no_such_table",
    });
  }, 60_000);
});
