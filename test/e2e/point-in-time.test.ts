/**
 * Point-in-time recovery through the AWS SDK, on a server of the test's own whose leaders archive
 * every 100 ms and snapshot every 2 s, and whose latest restorable time is 1 s behind (PITR_*):
 * UpdateContinuousBackups and DescribeContinuousBackups, a restore to a second between two known
 * writes (a delete among them) giving exactly the table then, the latest restorable time, a table
 * deleted by mistake restored from the SYSTEM backup DynamoDB keeps, the errors; and on a server
 * whose partitions split at 40 KB and snapshot only when PITR is turned on, restores to before and
 * after a split (the children from their parent's snapshot).
 */
import {
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  type DynamoDBClient,
  ListBackupsCommand,
  PutItemCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { GroupReport } from "../../workers/admin/group-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { failure, keyedTable, scanAll, waitActive } from "../helpers/items";

let running: AdminServer;
let db: DynamoDBClient;

beforeAll(async () => {
  running = await startAdminServer({ PITR_ARCHIVE_MS: "100", PITR_SNAPSHOT_MS: "2000", PITR_RESTORE_LAG_MS: "1000" });
  db = running.sdk();
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const enable = (TableName: string) =>
  db.send(
    new UpdateContinuousBackupsCommand({
      TableName,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  );

const put = (TableName: string, pk: string, v: string) =>
  db.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { S: v } } }));

describe("point-in-time recovery", () => {
  test("a restore to a second between two known writes, a delete among them, is the table at that second", async () => {
    const TableName = uniqueTableName("pitr_between");
    await keyedTable(db, TableName);
    const off = await db.send(new DescribeContinuousBackupsCommand({ TableName }));
    expect(off.ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
    });
    const on = await enable(TableName);
    expect(on.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toMatchObject({
      PointInTimeRecoveryStatus: "ENABLED",
      RecoveryPeriodInDays: 35,
    });
    for (let i = 0; i < 40; i++) await put(TableName, `k${i}`, "first");
    await sleep(1200);
    const between = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expected = await scanAll(db, TableName);
    await sleep(1200);
    await put(TableName, "k1", "second");
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k2" } } }));
    await put(TableName, "new", "second");
    const after = await scanAll(db, TableName);
    // The window reaches past the second writes 1 s later (PITR_RESTORE_LAG_MS).
    await sleep(2500);
    const window = (await db.send(new DescribeContinuousBackupsCommand({ TableName }))).ContinuousBackupsDescription
      ?.PointInTimeRecoveryDescription;
    expect(window?.EarliestRestorableDateTime?.getTime()).toBeLessThanOrEqual(between.getTime());
    expect(window?.LatestRestorableDateTime?.getTime()).toBeGreaterThan(between.getTime());

    const atBetween = uniqueTableName("pitr_at");
    const answer = await db.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: TableName,
        TargetTableName: atBetween,
        RestoreDateTime: between,
      }),
    );
    expect(answer.TableDescription?.TableStatus).toBe("CREATING");
    expect(answer.TableDescription?.RestoreSummary).toMatchObject({
      SourceTableArn: expect.stringContaining(`:table/${TableName}`),
      RestoreInProgress: true,
    });
    expect(answer.TableDescription?.RestoreSummary?.RestoreDateTime?.getTime()).toBe(between.getTime());
    await waitActive(db, atBetween);
    expect(await scanAll(db, atBetween)).toEqual(expected);

    const latest = uniqueTableName("pitr_latest");
    await db.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: TableName,
        TargetTableName: latest,
        UseLatestRestorableTime: true,
      }),
    );
    await waitActive(db, latest);
    expect(await scanAll(db, latest)).toEqual(after);
  }, 60_000);

  test("a table deleted by mistake is restored from the SYSTEM backup its point-in-time recovery leaves", async () => {
    const TableName = uniqueTableName("pitr_deleted");
    await keyedTable(db, TableName);
    await enable(TableName);
    for (let i = 0; i < 25; i++) await put(TableName, `k${i}`, String(i));
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k3" } } }));
    const expected = await scanAll(db, TableName);
    await db.send(new DeleteTableCommand({ TableName }));
    const { BackupSummaries } = await db.send(new ListBackupsCommand({ TableName, BackupType: "SYSTEM" }));
    expect(BackupSummaries).toHaveLength(1);
    const system = BackupSummaries![0];
    expect(system).toMatchObject({
      BackupName: `${TableName}$DeletedTableBackup`,
      BackupType: "SYSTEM",
      BackupStatus: "AVAILABLE",
    });
    expect(system.BackupArn).toMatch(/\/backup\/\d{14}-00000000$/);
    expect(await failure(db.send(new DeleteBackupCommand({ BackupArn: system.BackupArn })))).toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("User is not allowed to delete the system backup"),
    });
    const back = uniqueTableName("pitr_back");
    await db.send(new RestoreTableFromBackupCommand({ BackupArn: system.BackupArn, TargetTableName: back }));
    await waitActive(db, back);
    expect(await scanAll(db, back)).toEqual(expected);
  }, 60_000);

  test("a table without point-in-time recovery, and a time outside the window, are refused", async () => {
    const TableName = uniqueTableName("pitr_errors");
    await keyedTable(db, TableName);
    expect(
      await failure(
        db.send(
          new RestoreTableToPointInTimeCommand({
            SourceTableName: TableName,
            TargetTableName: uniqueTableName("never"),
            UseLatestRestorableTime: true,
          }),
        ),
      ),
    ).toEqual({
      name: "PointInTimeRecoveryUnavailableException",
      message: `Point in time recovery is not enabled for table '${TableName}'`,
    });
    await enable(TableName);
    const failed = await failure(
      db.send(
        new RestoreTableToPointInTimeCommand({
          SourceTableName: TableName,
          TargetTableName: uniqueTableName("never"),
          RestoreDateTime: new Date(Date.now() - 3600_000),
        }),
      ),
    );
    expect(failed.name).toBe("InvalidRestoreTimeException");
    expect(failed.message).toMatch(/^RestoreDateTime '.*' must be within EarliestRestorableDateTime '.*'/);
    expect(
      await failure(
        db.send(
          new RestoreTableToPointInTimeCommand({
            SourceTableName: "no_such_table",
            TargetTableName: uniqueTableName("never"),
            UseLatestRestorableTime: true,
          }),
        ),
      ),
    ).toEqual({ name: "TableNotFoundException", message: "Table not found: no_such_table" });
  }, 60_000);
});

describe("point-in-time recovery across a split", () => {
  let splitting: AdminServer;
  let sdk: DynamoDBClient;

  beforeAll(async () => {
    splitting = await startAdminServer({
      INITIAL_PARTITIONS: "1",
      SPLIT_SIZE_BYTES: "40000",
      PITR_ARCHIVE_MS: "100",
      // Only the snapshot PITR's enabling takes: the children have none, and read their parent's.
      PITR_SNAPSHOT_MS: "600000",
      PITR_RESTORE_LAG_MS: "1000",
    });
    sdk = splitting.sdk();
  }, 60_000);

  afterAll(() => splitting?.stop());

  test("a restore to before a split reads the parent; to after it, each child from its parent's snapshot and both logs", async () => {
    const TableName = uniqueTableName("pitr_split");
    await keyedTable(sdk, TableName);
    await sdk.send(
      new UpdateContinuousBackupsCommand({
        TableName,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    const value = (n: number) => ({ S: `${n}`.padEnd(1000, "x") });
    for (let i = 0; i < 20; i++) {
      await sdk.send(new PutItemCommand({ TableName, Item: { pk: { S: `k${i}` }, v: value(i) } }));
    }
    await sleep(1200);
    const beforeSplit = new Date(Math.floor(Date.now() / 1000) * 1000);
    const before = await scanAll(sdk, TableName);
    await sleep(1200);
    // Past SPLIT_SIZE_BYTES: the partition splits; writes go on on both sides.
    for (let i = 20; i < 60; i++) {
      await sdk.send(new PutItemCommand({ TableName, Item: { pk: { S: `k${i}` }, v: value(i) } }));
    }
    let report = await splitting.admin<GroupReport>(`/admin/groups?table=${TableName}`);
    for (
      let i = 0;
      i < 100 && !(report.splits.length > 0 && report.partitions.every((p) => p.splitting === null));
      i++
    ) {
      await sleep(200);
      report = await splitting.admin<GroupReport>(`/admin/groups?table=${TableName}`);
    }
    expect(report.splits.length).toBeGreaterThan(0);
    for (let i = 0; i < 60; i += 3) {
      await sdk.send(new DeleteItemCommand({ TableName, Key: { pk: { S: `k${i}` } } }));
    }
    await sdk.send(new PutItemCommand({ TableName, Item: { pk: { S: "k1" }, v: { S: "after the split" } } }));
    const after = await scanAll(sdk, TableName);
    await sleep(2500);

    const early = uniqueTableName("pitr_split_early");
    await sdk.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: TableName,
        TargetTableName: early,
        RestoreDateTime: beforeSplit,
      }),
    );
    await waitActive(sdk, early);
    expect(await scanAll(sdk, early)).toEqual(before);
    const late = uniqueTableName("pitr_split_late");
    await sdk.send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: TableName,
        TargetTableName: late,
        UseLatestRestorableTime: true,
      }),
    );
    await waitActive(sdk, late);
    expect(await scanAll(sdk, late)).toEqual(after);
  }, 90_000);
});
