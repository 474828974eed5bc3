/**
 * The backups phase (issue 20): on-demand backups and point-in-time recovery, each part on a
 * separate instance of the server as `npm start` runs it (three replicas per partition, four
 * partitions per table, its archive a directory inside its data directory).
 * - Speed (./backup-speed.ts): a table of `--backup-items` items of ~1 KB backed up (CreateBackup
 *   → AVAILABLE) and the backup restored to a new table (RestoreTableFromBackup → ACTIVE): items/s
 *   and MB/s of each, and the restored table's items against the source's (they must be equal).
 * - PITR cost (./pitr-cost.ts): wrk PutItem on a table with PITR on and on one with it off, in
 *   interleaved rounds; the median over the rounds of on ÷ off ops/s (issue's goal: at least 0.9,
 *   PITR costing at most 10% of the write throughput).
 */

import { countCheck, pitrGoal, transferSpeed } from "./backup-figures";
import { POLL_MS, runBackupSpeed } from "./backup-speed";
import { BATCH_SIZE } from "./batch-load";
import { PITR_TABLES, runPitrCost, SETTLE_MS } from "./pitr-cost";
import { pitrCostOf } from "./report/backups";
import type { BackupSpeedResult, BackupStep, BackupsResult, PitrCostResult } from "./results";
import { createBenchTable } from "./sdk";
import { type InstanceContext, onSeparateInstance } from "./separate-instance";
import type { BackupsServer, TargetContext } from "./targets/target";

/** The speed part's tables: the one loaded and backed up, and the restore's. */
export const BACKUP_TABLES = { source: "usertable_backup_source", restored: "usertable_backup_restored" } as const;

/** What the phase needs of the run (measure-target.ts's context, which imports this module). */
export type BackupsContext = InstanceContext;

/** A summary of the backup or the restore, as the log shows it. */
function describeStep(name: string, step: BackupStep, items: number, bytes: number): string {
  const speed = transferSpeed(items, bytes, step.ms);
  return (
    `  ${name}: ${(step.ms / 1000).toFixed(2)} s, ${speed ? Math.round(speed.itemsPerSecond) : "–"} items/s,` +
    ` ${speed ? speed.mbPerSecond.toFixed(1) : "–"} MB/s (request ${Math.round(step.requestMs)} ms, ${step.polls} polls, the last ${Math.round(step.lastPollMs)} ms);` +
    ` server CPU ${step.cpu.server.toFixed(1)} s`
  );
}

async function measureSpeed(
  server: BackupsServer,
  targetContext: TargetContext,
  context: BackupsContext,
): Promise<BackupSpeedResult> {
  const { options, log } = context;
  const result: BackupSpeedResult = {
    vars: server.vars.speed,
    table: BACKUP_TABLES.source,
    restoredTable: BACKUP_TABLES.restored,
    items: options.backupItems,
    load: { concurrency: options.concurrency, batchSize: BATCH_SIZE, unprocessed: 0 },
    pollMs: POLL_MS,
  };
  await onSeparateInstance("backups", server, "speed", targetContext, context, result, async (running, client) => {
    await createBenchTable(client, result.table);
    await runBackupSpeed(
      { client, pid: running.pid, concurrency: options.concurrency, seed: options.seed + 8_000, log },
      result,
    );
  });
  const { source, backup, restore, restored } = result;
  if (source && backup) log(describeStep("backup", backup, source.scanned, source.sizeBytes));
  if (source && restore) log(describeStep("restore", restore, source.scanned, source.sizeBytes));
  if (source && restored) {
    const check = countCheck(source.scanned, restored.scanned);
    log(
      `  ${check.equal ? "✓" : "✗"} the restored table holds ${restored.scanned} items, the source ${source.scanned}` +
        ` (TableSizeBytes ${restored.sizeBytes} against ${source.sizeBytes}; BackupSizeBytes ${backup?.sizeBytes ?? "–"})`,
    );
  }
  return result;
}

async function measurePitr(
  server: BackupsServer,
  targetContext: TargetContext,
  context: BackupsContext,
): Promise<PitrCostResult> {
  const { options, log } = context;
  const result: PitrCostResult = {
    vars: server.vars.pitr,
    tables: PITR_TABLES.map((table) => ({ ...table })),
    threads: options.wrkThreads,
    connections: options.wrkConnections,
    variants: options.variants,
    records: options.records,
    seconds: options.pitrSeconds,
    rounds: options.pitrRounds,
    warmupSeconds: options.warmupSeconds,
    settleMs: SETTLE_MS,
    runs: [],
  };
  await onSeparateInstance("backups", server, "pitr", targetContext, context, result, (running, client) =>
    runPitrCost(
      {
        client,
        endpoint: running.endpoint,
        pid: running.pid,
        workDir: targetContext.workDir,
        archiveDir: server.archiveDir(targetContext, "pitr"),
        // The throughput step's PutItem requests, aimed at each table.
        seed: options.seed + 1_000,
        log,
      },
      result,
    ),
  );
  result.summary = pitrCostOf(result);
  const ops = result.summary?.ratios.find((r) => r.table === "on")?.ops;
  const { met } = pitrGoal(result.summary);
  if (ops)
    log(
      `  PITR on ÷ off ops/s: median ${ops.median.toFixed(2)}× (${ops.min.toFixed(2)}×–${ops.max.toFixed(2)}×, ${ops.n} rounds)${met ? "" : ", under the goal"}` +
        (result.archived
          ? `; ${result.archived.segments} log segments archived (${(result.archived.bytes / 1e6).toFixed(1)} MB)`
          : ""),
    );
  return result;
}

/** The phase's two parts, each on its own instance; a failure is recorded on its part, not thrown. */
export async function measureBackups(
  server: BackupsServer,
  targetContext: TargetContext,
  context: BackupsContext,
): Promise<BackupsResult> {
  return {
    speed: await measureSpeed(server, targetContext, context),
    pitr: await measurePitr(server, targetContext, context),
  };
}
