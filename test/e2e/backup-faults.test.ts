/**
 * Backups under faults, through the AWS SDK against servers of the test's own (admin API on):
 * the server stopped and started again on its data directory in the middle of a backup, and a
 * partition's leader crashed during one. Each backup stays CREATING until it holds everything,
 * then becomes AVAILABLE, and its restore equals the table at the backup's point.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DynamoDBClient as Client,
  CreateBackupCommand,
  DescribeBackupCommand,
  type DynamoDBClient,
  PutItemCommand,
  RestoreTableFromBackupCommand,
} from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, describe, expect, test } from "vitest";
import { startServer } from "../../scripts/server";
import type { GroupReport } from "../../workers/admin/group-status";
import { startAdminServer } from "../helpers/admin-server";
import { type Item, keyedTable, scanAll, waitActive } from "../helpers/items";
import { ADMIN_AUTHORIZATION, TEST_KEY, TEST_SECRETS } from "../helpers/test-key";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const clientOf = (url: string): DynamoDBClient =>
  new Client({
    endpoint: url,
    region: "us-east-1",
    credentials: TEST_KEY,
    maxAttempts: 5,
    requestHandler: new NodeHttpHandler({ requestTimeout: 10_000, connectionTimeout: 2000 }),
  });

/** A table of `count` items `k<i>`, each with a 1 KB value; at exit, its items by key. */
async function filledTable(db: DynamoDBClient, TableName: string, count: number): Promise<Map<string, Item>> {
  await keyedTable(db, TableName);
  const items = new Map<string, Item>();
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, j) => {
        const Item = { pk: { S: `k${start + j}` }, v: { S: "x".repeat(1000) }, n: { N: String(start + j) } };
        await db.send(new PutItemCommand({ TableName, Item }));
        items.set(`k${start + j}`, Item);
      }),
    );
  }
  return items;
}

/** Polls the backup until AVAILABLE; at exit, the statuses it went through. */
async function statuses(db: DynamoDBClient, BackupArn: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 600; i++) {
    const { BackupDescription } = await db.send(new DescribeBackupCommand({ BackupArn }));
    const status = BackupDescription?.BackupDetails?.BackupStatus ?? "";
    if (seen.at(-1) !== status) seen.push(status);
    if (status === "AVAILABLE") return seen;
    await sleep(100);
  }
  throw new Error(`backup ${BackupArn} never became AVAILABLE: ${seen.join(", ")}`);
}

async function restoredItems(db: DynamoDBClient, BackupArn: string, TargetTableName: string) {
  await db.send(new RestoreTableFromBackupCommand({ BackupArn, TargetTableName }));
  await waitActive(db, TargetTableName);
  return scanAll(db, TargetTableName);
}

describe("backups under faults", () => {
  test("a server stopped in the middle of a backup finishes it once started again, losing nothing", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dynaflare-backup-restart-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const options = { port: 0, host: "127.0.0.1", dataDir, ...TEST_SECRETS };
    const first = await startServer(options);
    const db = clientOf(first.url);
    const expected = await filledTable(db, "restart_source", 1200);
    const { BackupDetails } = await db.send(
      new CreateBackupCommand({ TableName: "restart_source", BackupName: "mid" }),
    );
    expect(BackupDetails?.BackupStatus).toBe("CREATING");
    // At once: the partitions are frozen, their dumps barely started.
    await first.stop();
    const second = await startServer(options);
    cleanups.push(async () => void (await second.stop()));
    const again = clientOf(second.url);
    expect(await statuses(again, BackupDetails!.BackupArn!)).toContain("AVAILABLE");
    expect(await restoredItems(again, BackupDetails!.BackupArn!, "restart_copy")).toEqual(expected);
  }, 120_000);

  test("a leader crashed during a backup: the next leader carries the dump on, and the restore loses nothing", async () => {
    const running = await startAdminServer({ LOG_REPLICA_AFTER_MS: "300" });
    cleanups.push(() => running.stop());
    const db = clientOf(running.server.url);
    const expected = await filledTable(db, "crash_source", 1200);
    const groups = await running.admin<GroupReport>("/admin/groups?table=crash_source");
    const leaders = groups.partitions.map((p) => p.leader).filter((l): l is string => l !== null);
    expect(leaders.length).toBeGreaterThan(0);
    const { BackupDetails } = await db.send(
      new CreateBackupCommand({ TableName: "crash_source", BackupName: "crash" }),
    );
    for (const replica of leaders) {
      await fetch(`${running.server.url}/admin/faults`, {
        method: "POST",
        headers: { "content-type": "application/json", ...ADMIN_AUTHORIZATION },
        body: JSON.stringify({ action: "crash", replica }),
      });
    }
    const seen = await statuses(db, BackupDetails!.BackupArn!);
    expect(seen[0]).toBe("CREATING");
    expect(seen.at(-1)).toBe("AVAILABLE");
    expect(await restoredItems(db, BackupDetails!.BackupArn!, "crash_copy")).toEqual(expected);
  }, 120_000);
});
