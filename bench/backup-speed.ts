/**
 * The backup-speed part of the backups phase (bench/backups.ts): a table of `items` items of ~1 KB
 * (./batch-load.ts), then, on the idle server once the machine is quiet:
 * - CreateBackup, then DescribeBackup every POLL_MS until the backup is AVAILABLE;
 * - RestoreTableFromBackup to a new table, then DescribeTable every POLL_MS until it is ACTIVE.
 * Each step is timed from its request's sending to the answer of the first Describe that showed it
 * done, so it includes up to one pause and one Describe (whose own time is kept: the server may
 * answer a Describe slowly while it restores). Items and bytes are the source table's
 * (its Scan Count and TableSizeBytes). Last, the restored table's Scan Count must equal the
 * source's (./backup-figures.ts countCheck); the report marks a difference as a failure.
 */

import {
  type AttributeValue,
  CreateBackupCommand,
  DescribeBackupCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  RestoreTableFromBackupCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { batchLoad } from "./batch-load";
import { measureCpu, type ServerPids } from "./cpu";
import { waitForQuiet } from "./quiet";
import type { BackupSpeedResult, BackupStep, RestoredTable } from "./results";

/** The pause between one Describe's answer and the next. */
export const POLL_MS = 20;
/** How long a backup or a restore may take. */
const STEP_BOUND_MS = 300_000;
const BACKUP_NAME = "bench-backup";

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface BackupSpeedSpec {
  client: DynamoDBClient;
  pid: ServerPids;
  concurrency: number;
  seed: number;
  log: (message: string) => void;
}

/** Items in `table` by a Scan's Count: every page, ConsistentRead. */
async function countItems(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, Select: "COUNT", ConsistentRead: true, ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** DescribeTable's ItemCount and TableSizeBytes, and a Scan's Count. */
async function tableFigures(client: DynamoDBClient, table: string): Promise<RestoredTable> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  return {
    itemCount: Table?.ItemCount ?? 0,
    sizeBytes: Table?.TableSizeBytes ?? 0,
    scanned: await countItems(client, table),
  };
}

/**
 * Sends `request`, then calls `done` with its answer every POLL_MS until it is true. At exit: the
 * step's times and the server's CPU meanwhile, once the machine was quiet (or busy for 10 s).
 */
async function timedStep<T>(
  spec: BackupSpeedSpec,
  what: string,
  request: () => Promise<T>,
  done: (answer: T) => Promise<boolean>,
): Promise<{ step: BackupStep; answer: T }> {
  if (!(await waitForQuiet(10_000))) spec.log("    (the machine is busy with other processes)");
  const { result, cpu } = await measureCpu(spec.pid, async () => {
    const started = performance.now();
    const answer = await request();
    const requestMs = performance.now() - started;
    for (let polls = 1; ; polls++) {
      const polled = performance.now();
      if (await done(answer)) {
        const now = performance.now();
        return { answer, ms: now - started, requestMs, polls, lastPollMs: now - polled };
      }
      if (performance.now() - started > STEP_BOUND_MS)
        throw new Error(`${what} not done within ${STEP_BOUND_MS / 1000} s`);
      await sleep(POLL_MS);
    }
  });
  const { answer, ...times } = result;
  return { step: { ...times, cpu }, answer };
}

/** The part on `result.table` (created, empty); the figures are filled in on `result` as they are taken. */
export async function runBackupSpeed(spec: BackupSpeedSpec, result: BackupSpeedResult): Promise<void> {
  const { client } = spec;
  const load = await batchLoad({
    client,
    table: result.table,
    records: result.items,
    concurrency: spec.concurrency,
    seed: spec.seed,
  });
  result.load = { ...result.load, ...load };
  spec.log(
    `  loaded ${result.items} items in ${load.seconds.toFixed(1)} s (${Math.round(result.items / load.seconds)} items/s, ${load.unprocessed} sent again)`,
  );
  result.source = await tableFigures(client, result.table);
  if (result.source.scanned !== result.items)
    throw new Error(`the loaded table holds ${result.source.scanned} items, not ${result.items}`);

  const backup = await timedStep(
    spec,
    "the backup",
    async () => {
      const { BackupDetails } = await client.send(
        new CreateBackupCommand({ TableName: result.table, BackupName: BACKUP_NAME }),
      );
      if (!BackupDetails?.BackupArn) throw new Error("CreateBackup answered no BackupArn");
      return { arn: BackupDetails.BackupArn, sizeBytes: 0 };
    },
    async (state) => {
      const { BackupDescription } = await client.send(new DescribeBackupCommand({ BackupArn: state.arn }));
      const details = BackupDescription?.BackupDetails;
      state.sizeBytes = details?.BackupSizeBytes ?? 0;
      return details?.BackupStatus === "AVAILABLE";
    },
  );
  result.backup = { ...backup.step, sizeBytes: backup.answer.sizeBytes };

  const restore = await timedStep(
    spec,
    "the restore",
    () =>
      client.send(
        new RestoreTableFromBackupCommand({ BackupArn: backup.answer.arn, TargetTableName: result.restoredTable }),
      ),
    async () => {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: result.restoredTable }));
      return Table?.TableStatus === "ACTIVE";
    },
  );
  result.restore = restore.step;
  result.restored = await tableFigures(client, result.restoredTable);
}
