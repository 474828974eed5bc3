/**
 * Restores in the region's catalog (docs/issue-20-backups.md). RestoreTableFromBackup (here) and
 * RestoreTableToPointInTime (./point-in-time.ts) create the target table from the source's settings
 * and the request's overrides, CREATING with a RestoreSummary, and a job (the catalog's `restores`).
 * Once its replicas are configured (./activation.ts leaves it CREATING, `loading`), the alarm
 * (`advanceRestores`) plans the files to load (./restore-plan.ts; a point in time first has the
 * source's live partitions archive what they have committed) and loads them part by part through
 * the target's partition leaders, each part's files in order (parts never touch each other's
 * keys). A round loads for LOAD_ROUND_MS at most; the job keeps how far each part is, and loading a
 * file again changes nothing. Local indexes are written with the items, global ones fed from
 * them; the table is ACTIVE once every part is loaded and its global indexes are fed.
 */
import { DynamoError, type WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import {
  backupRestoringAnotherTable,
  tableAlreadyExists,
  tableBeingRestored,
} from "../../shared/api/operations/backup-errors";
import {
  checkRestoreOverrides,
  type RestoreSource as RestoredFrom,
  type RestoreRequest,
} from "../../shared/api/operations/restore-overrides";
import {
  describe,
  keySchemaOf,
  type TableDescription,
  type TableMeta,
  type TableRestore,
} from "../../shared/api/table";
import { archiveOf } from "../archive/archive";
import { callLeader } from "../replica/group-client";
import type { Reply } from "../replica/protocol";
import type { LoadChange } from "../replica/restore-load";
import { storedKeyOf } from "../replica/stored-key";
import type { RestoreSource, RestoreStep } from "./backup-record";
import { findBackup, restoringFrom } from "./backups";
import type { MetadataHost } from "./host";
import { type PartitionMap, partitionFor } from "./partition-map";
import { backupPlan, pointInTimePlan, stepChanges } from "./restore-plan";
import { createTable } from "./tables";

/** How long one alarm round loads before it lets the alarm come back. */
const LOAD_ROUND_MS = 5_000;

const refusal = (error: DynamoError): { ok: false; error: WireError } => ({ ok: false, error: error.toWire() });

/**
 * Creates table `request.targetTableName` from `settings` (the source's) and the request's
 * overrides, CREATING, with its restore's summary and job. Refuses a target that exists.
 */
export function createRestoredTable(
  host: MetadataHost,
  settings: RestoredFrom,
  request: RestoreRequest,
  restore: Omit<TableRestore, "inProgress">,
  source: RestoreSource,
  now: number,
): Reply<{ description: TableDescription }> {
  const { catalog } = host;
  const target = catalog.getTable(request.targetTableName);
  if (target?.restore?.inProgress) {
    return refusal(tableBeingRestored(target.name, target.restore.sourceBackupArn ?? target.restore.sourceTableArn));
  }
  if (target) return refusal(tableAlreadyExists(request.targetTableName));
  let createInput: ReturnType<typeof checkRestoreOverrides>["createTable"];
  try {
    createInput = checkRestoreOverrides(settings, request).createTable;
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
  const created = createTable(host, createInput, now);
  if (!created.ok) return created;
  const table = catalog.getTable(request.targetTableName)!;
  const restoring: TableMeta = { ...table, restore: { ...restore, inProgress: true } };
  host.transaction(() => {
    catalog.putTable(restoring);
    catalog.putRestoreJob(table.id, { source, loaded: [] });
  });
  return { ok: true, description: describe(restoring) };
}

export function restoreTableFromBackup(
  host: MetadataHost,
  request: RestoreRequest & { backupArn: string },
  now: number,
): Reply<{ description: TableDescription }> {
  const backup = findBackup(host, request.backupArn);
  if (backup instanceof DynamoError) return refusal(backup);
  if (!host.catalog.getTable(request.targetTableName)) {
    if (backup.status !== "AVAILABLE" || restoringFrom(host, backup.arn)) {
      return refusal(backupRestoringAnotherTable(backup.arn));
    }
  }
  const restore = { sourceBackupArn: backup.arn, sourceTableArn: backup.tableArn, restoreDateTime: backup.createdAt };
  const source: RestoreSource = backup.pointInTime ?? { kind: "backup", arn: backup.arn };
  return createRestoredTable(host, backup.source, request, restore, source, now);
}

/** Loads the tables being restored, for a round. At exit: whether any is still loading. */
export async function advanceRestores(host: MetadataHost): Promise<boolean> {
  const loading = host.catalog.allTables().filter((t) => t.restore?.loading);
  await Promise.all(loading.map((table) => advance(host, table).catch((e) => console.error("restore", table.name, e))));
  return host.catalog.allTables().some((t) => t.restore?.loading);
}

async function advance(host: MetadataHost, table: TableMeta): Promise<void> {
  const { catalog } = host;
  const job = catalog.getRestoreJob(table.id);
  const map = catalog.getMap(table.id);
  if (!job || !map) return;
  if (!job.plan) {
    const plan = await planOf(host, job.source);
    if (!plan) return;
    job.plan = plan;
    job.loaded = plan.map(() => 0);
    catalog.putRestoreJob(table.id, job);
  }
  const plan = job.plan;
  const until = host.clock.now() + LOAD_ROUND_MS;
  const loader = new Loader(host, table, map);
  await Promise.all(
    plan.map(async (steps, part) => {
      while (job.loaded[part] < steps.length && host.clock.now() < until) {
        await loader.load(steps[job.loaded[part]]);
        job.loaded[part]++;
      }
    }),
  );
  const current = catalog.getTable(table.name);
  if (current?.id !== table.id || !current.restore) return;
  for (const [id, lsn] of loader.lsns) job.lsns = { ...job.lsns, [id]: Math.max(job.lsns?.[id] ?? 0, lsn) };
  const done =
    plan.every((steps, part) => job.loaded[part] >= steps.length) &&
    (await indexesFed(host, table, map, job.lsns ?? {}));
  host.transaction(() => {
    if (!done) return catalog.putRestoreJob(table.id, job);
    catalog.deleteRestoreJob(table.id);
    catalog.putTable({
      ...current,
      status: "ACTIVE",
      restore: { ...current.restore!, inProgress: false, loading: false },
    });
  });
}

/** How long a member's status may take. */
const STATUS_TIMEOUT_MS = 2000;

/**
 * Whether every partition's leader has fed the table's global indexes up to `lsns` (the last
 * record each partition ordered for the load, Loader's): a restored (or imported,
 * ./import-job.ts) table goes ACTIVE with its indexes built, as on DynamoDB.
 */
export async function indexesFed(
  host: MetadataHost,
  table: TableMeta,
  map: PartitionMap,
  lsns: Record<string, number>,
): Promise<boolean> {
  const indexes = table.globalIndexes ?? [];
  if (indexes.length === 0) return true;
  const fed = await Promise.all(
    map.partitions.map(async (partition) => {
      const lsn = lsns[partition.id];
      if (lsn === undefined) return true;
      const statuses = await Promise.allSettled(
        partition.replicas.map((r) => host.link.call(r, "status", [], STATUS_TIMEOUT_MS)),
      );
      const leader = statuses.find((s) => s.status === "fulfilled" && s.value.role === "leader");
      if (leader?.status !== "fulfilled") return false;
      const cursors = leader.value.fed ?? {};
      return indexes.every((i) => (cursors[i.id] ?? 0) >= lsn);
    }),
  );
  return fed.every(Boolean);
}

/** The files a restore (or an export, ./exports.ts) reads; undefined when they cannot be planned yet (logged). */
export async function planOf(host: MetadataHost, source: RestoreSource) {
  if (source.kind === "backup") {
    const backup = host.catalog.getBackup(source.arn);
    if (!backup) console.error("restore: backup", source.arn, "is gone");
    return backup && backupPlan(backup);
  }
  // The source's live partitions archive what they committed: the plan reads up to its time.
  const live = host.catalog.getMap(source.tableId);
  if (live) {
    const route = { tableId: live.tableId, mapVersion: live.version };
    const flushed = await Promise.all(
      live.partitions.map((p) => callLeader(host.link, p, "pitrFlush", [route], true).catch(() => undefined)),
    );
    if (flushed.some((reply) => !reply?.ok)) return undefined;
  }
  const planned = await pointInTimePlan(
    archiveOf(host.env),
    host.account,
    source.tableId,
    live ?? source.map,
    source.time,
  );
  if ("missing" in planned) {
    console.error("restore: no snapshot covers partition", planned.missing, "at", source.time);
    return undefined;
  }
  return planned.plan;
}

/** Reads a restore's files and hands their changes to the target table's partition leaders (an import's too, ./imports.ts). */
export class Loader {
  /** The target's key schema, the source's too: a restore keeps it. */
  private readonly schema: KeySchema;
  /** The last lsn each target partition ordered for this loader (its global indexes must be fed up to it). */
  readonly lsns = new Map<string, number>();

  constructor(
    private readonly host: MetadataHost,
    table: TableMeta,
    private readonly map: PartitionMap,
  ) {
    this.schema = keySchemaOf(table);
  }

  /** Loads one step's file: its items or records that the step keeps. */
  async load(step: RestoreStep): Promise<void> {
    await this.send(await stepChanges(archiveOf(this.host.env), step, this.schema));
  }

  /** Sends `changes` to their partitions' leaders, each partition's in order. */
  async send(changes: LoadChange[]): Promise<void> {
    const byPartition = new Map<string, LoadChange[]>();
    for (const change of changes) {
      const { id } = partitionFor(this.map, storedKeyOf(change.key, this.schema).h);
      const list = byPartition.get(id);
      if (list) list.push(change);
      else byPartition.set(id, [change]);
    }
    const route = { tableId: this.map.tableId, mapVersion: this.map.version };
    await Promise.all(
      [...byPartition].map(async ([id, part]) => {
        const partition = this.map.partitions.find((p) => p.id === id)!;
        const reply = await callLeader(this.host.link, partition, "restoreLoad", [route, part], true);
        if (!reply.ok) throw new Error(`restore load: ${reply.error.type} ${reply.error.message}`);
        if (reply.lsn > (this.lsns.get(id) ?? 0)) this.lsns.set(id, reply.lsn);
      }),
    );
  }
}
