/**
 * The PITR-cost part of the backups phase (bench/backups.ts): what point-in-time recovery costs a
 * table's writes, on one instance of the server as `npm start` runs it.
 *
 * Two tables of the bench's key schema, identical but for PITR (PITR_TABLES). PITR is turned on
 * for one with UpdateContinuousBackups, and the rounds wait until DescribeContinuousBackups shows
 * the window open (every partition's first snapshot taken) and AFTER_WINDOW_MS more. From then on
 * each of that table's partition leaders archives its committed records every PITR_ARCHIVE_MS (1 s)
 * and would snapshot every PITR_SNAPSHOT_MS (1 h: not within the rounds).
 *
 * Both tables are written by wrk with `--variants` pre-signed PutItems of ~1 KB items, exactly the
 * throughput step's PutItem (./signed-requests.ts) aimed at each table. After `warmupSeconds` of
 * each, unmeasured, `rounds` rounds run each table for `seconds`, the order alternating by round
 * (off on, on off, …), each once the machine is quiet. The archive pass runs off the request path,
 * so after every run (both tables alike) the bench waits SETTLE_MS, past one pass, and then until
 * the server's CPU settles, and counts that CPU with the run: the PITR table's last records are
 * archived before the next run starts, and their cost is charged to the run that wrote them.
 *
 * One instance with two tables, not two instances: both tables share one process (its JIT, its
 * SQLite files, its place on the shared machine), so the only difference between runs side by side
 * is PITR; two instances would add the difference between two processes started apart, which on a
 * shared 2-core machine is as large as the effect measured. Each table has partitions and replica
 * objects of its own, and while one table is written the other is idle (its leaders' archive pass
 * finds nothing to archive).
 */

import { readdir, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import {
  DescribeContinuousBackupsCommand,
  type DynamoDBClient,
  UpdateContinuousBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { isPitrSegment, PITR_TABLE_ORDER } from "./backup-figures";
import { type ServerPids, treeCpuSeconds } from "./cpu";
import { roundOrder } from "./index-figures";
import { waitForServerIdle } from "./indexes";
import { measureQuietly } from "./quiet";
import type { PitrCostResult, PitrRun, PitrTable } from "./results";
import { createBenchTable } from "./sdk";
import { type SignedRequest, signRequests } from "./signed-requests";
import { runWrk, type WrkOutcome } from "./wrk";

/** The tables, the baseline (PITR off) first, in PITR_TABLE_ORDER. */
export const PITR_TABLES: readonly PitrTable[] = [
  { table: "off", name: "usertable_pitr_off", pitr: false, label: "PITR off" },
  { table: "on", name: "usertable_pitr_on", pitr: true, label: "PITR on" },
];
/** After a run, before waiting for the server to settle: past one archive pass (PITR_ARCHIVE_MS, 1 s). */
export const SETTLE_MS = 1_500;
/** How long the window may take to open after PITR is turned on. */
const WINDOW_BOUND_MS = 60_000;
/** After the window opened, before the first run. */
const AFTER_WINDOW_MS = 2_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface PitrCostSpec {
  client: DynamoDBClient;
  endpoint: string;
  pid: ServerPids;
  /** Where the wrk scripts are written, and where the instance keeps its archive. */
  workDir: string;
  archiveDir: string;
  seed: number;
  log: (message: string) => void;
}

/** Turns PITR on for `table`; at exit the window is open. Resolves to the ms it took to open. */
async function enablePitr(client: DynamoDBClient, table: string): Promise<number> {
  await client.send(
    new UpdateContinuousBackupsCommand({
      TableName: table,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  );
  const started = performance.now();
  for (;;) {
    const { ContinuousBackupsDescription } = await client.send(
      new DescribeContinuousBackupsCommand({ TableName: table }),
    );
    if (ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.EarliestRestorableDateTime)
      return performance.now() - started;
    if (performance.now() - started > WINDOW_BOUND_MS)
      throw new Error(`the PITR window of ${table} did not open within ${WINDOW_BOUND_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

/** Throws unless `table`'s PITR is as the phase set it. */
async function checkPitr(client: DynamoDBClient, table: PitrTable): Promise<void> {
  const { ContinuousBackupsDescription } = await client.send(
    new DescribeContinuousBackupsCommand({ TableName: table.name }),
  );
  const status = ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  if (status !== (table.pitr ? "ENABLED" : "DISABLED"))
    throw new Error(`after the rounds ${table.name}'s PITR is ${status ?? "unknown"}`);
}

/** The archived log segments under `dir` and their bytes; none when the directory is missing. */
export async function archivedSegments(dir: string): Promise<{ segments: number; bytes: number }> {
  const found = { segments: 0, bytes: 0 };
  const files = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const file of files) {
    if (!isPitrSegment(file.split(sep).join("/"))) continue;
    found.segments++;
    found.bytes += (await stat(join(dir, file))).size;
  }
  return found;
}

/**
 * After a run: SETTLE_MS, then until the server's CPU settles. At exit: ms from the run's end
 * (null if it did not settle within the bound) and the server's CPU seconds meanwhile.
 */
async function drain(pid: ServerPids): Promise<{ ms: number | null; cpu: number }> {
  const before = treeCpuSeconds(pid);
  await sleep(SETTLE_MS);
  const idle = await waitForServerIdle(pid);
  return { ms: idle.ms === null ? null : SETTLE_MS + idle.ms, cpu: treeCpuSeconds(pid) - before };
}

const errorsOf = (outcome: WrkOutcome) => Object.values(outcome.errors).reduce((sum, n) => sum + n, 0);

/** The part on the running instance; the figures are filled in on `result` as they are taken. */
export async function runPitrCost(spec: PitrCostSpec, result: PitrCostResult): Promise<void> {
  const { client } = spec;
  if (result.tables.map((t) => t.table).join() !== PITR_TABLE_ORDER.join())
    throw new Error(`the tables must be ${PITR_TABLE_ORDER.join(", ")}, in that order`);
  for (const table of result.tables) await createBenchTable(client, table.name);
  for (const table of result.tables) {
    if (!table.pitr) continue;
    result.windowOpenMs = await enablePitr(client, table.name);
    spec.log(`  PITR on for ${table.name}: window open after ${Math.round(result.windowOpenMs)} ms`);
  }
  await sleep(AFTER_WINDOW_MS);

  /** `variants` PutItems on each table, signed now (a signed request may be replayed for 15 minutes). */
  const signAll = async () => {
    const requests = new Map<string, SignedRequest[]>();
    for (const table of result.tables) {
      requests.set(
        table.table,
        await signRequests(spec.endpoint, "PutItem", {
          count: result.variants,
          records: result.records,
          seed: spec.seed,
          table: table.name,
        }),
      );
    }
    return requests;
  };
  const wrk = (table: PitrTable, requests: Map<string, SignedRequest[]>, seconds: number) =>
    runWrk(
      spec.endpoint,
      requests.get(table.table) ?? [],
      { threads: result.threads, connections: result.connections, seconds },
      join(spec.workDir, `wrk-pitr-${table.table}.lua`),
    );

  if (result.warmupSeconds > 0) {
    const requests = await signAll();
    for (const table of result.tables) {
      await wrk(table, requests, result.warmupSeconds);
      await drain(spec.pid);
    }
  }
  for (let round = 1; round <= result.rounds; round++) {
    // Signed afresh each round: waits for a quiet machine can make the rounds outlast 15 minutes.
    const requests = await signAll();
    for (const table of roundOrder(result.tables, round)) {
      await waitForServerIdle(spec.pid);
      const { result: outcome, cpu } = await measureQuietly(
        spec.pid,
        () => wrk(table, requests, result.seconds),
        spec.log,
      );
      const settled = await drain(spec.pid);
      const run: PitrRun = { round, table: table.table, ...outcome, cpu, drainMs: settled.ms, drainCpu: settled.cpu };
      result.runs.push(run);
      const errors = errorsOf(outcome);
      spec.log(
        `  round ${round} ${table.label}: ${Math.round(outcome.opsPerSecond)} ops/s, p50 ${outcome.p50.toFixed(2)} ms` +
          `${errors ? `, ${errors} errors ${JSON.stringify(outcome.errors)}` : ""}` +
          `; CPU ${Math.round((cpu.server / Math.max(1, outcome.requests)) * 1e6)} µs/op, then ${settled.cpu.toFixed(2)} CPU s` +
          ` until ${settled.ms === null ? "the bound (not settled)" : `settled in ${Math.round(settled.ms)} ms`}`,
      );
    }
  }
  for (const table of result.tables) await checkPitr(client, table);
  result.archived = await archivedSegments(spec.archiveDir);
}
