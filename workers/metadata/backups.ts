/**
 * On-demand backups in the region's catalog (docs/issue-20-backups.md).
 *
 * - CreateBackup freezes every partition of the table (workers/replica/backup.ts) and takes the
 *   backup's time T as the latest freeze's: every partition's part is then the partition after its
 *   records with `t ≤ T`, one point of the table's history. The backup is CREATING.
 * - The alarm (`advanceBackups`) has each partition's leader dump its frozen view into the
 *   archive, page by page from a cursor the catalog keeps (a new leader carries on), then its
 *   records up to T (which thaws it); the backup is then AVAILABLE, with a manifest beside its
 *   files. A partition whose freeze was lost (a member rebuilt from a snapshot took the lead)
 *   makes the backup start over: every partition thawed and frozen again, a new T.
 * - DescribeBackup, ListBackups and DeleteBackup read and drop what the catalog keeps; a deleted
 *   backup's files are deleted from the archive.
 * Several backups of a table may be taken at once (each freeze keeps its own images), as on
 * DynamoDB. A table's partitions do not split meanwhile: CreateBackup waits for a split in
 * progress, and autoadmin starts none while a backup is CREATING (./splits.ts).
 */
import { backupArn } from "../../shared/api/arns";
import { BackupInUseException, DynamoError, type WireError } from "../../shared/api/errors";
import {
  type BackupDescription,
  type BackupDetails,
  backupDescription,
  backupDetails,
  type ListBackupsOutput,
  type ListBackupsRequest,
  listBackupsOutput,
  SYSTEM_BACKUP_RANDOM,
  SYSTEM_BACKUP_RETENTION_MS,
  systemBackupName,
} from "../../shared/api/operations/backup-descriptions";
import {
  backupNotFound,
  backupRestoringTable,
  systemBackupUndeletable,
  tableNotFound,
} from "../../shared/api/operations/backup-errors";
import { checkBackupArn, tableNameOf } from "../../shared/api/operations/backups";
import type { TableMeta } from "../../shared/api/table";
import { archiveOf } from "../archive/archive";
import { sleep } from "../clock";
import { pitrTablePrefix } from "../replica/archiver";
import { BACKUP_LOST } from "../replica/backup";
import { callLeader } from "../replica/group-client";
import type { Reply } from "../replica/protocol";
import { topologyOf } from "../topology";
import type { BackupPart, StoredBackup } from "./backup-record";
import type { MetadataHost } from "./host";

/** How long CreateBackup waits for a split of the table's partitions to finish, and how often it looks. */
const SPLIT_WAIT_MS = 10_000;
const SPLIT_POLL_MS = 100;

/** Tables whose partitions CreateBackups are freezing now, how many (the object's requests interleave at awaits). */
const freezing = new Map<string, number>();

/** The backup is being taken, in DynamoDB's words. */
const backupInUse = () =>
  new BackupInUseException(
    "There is another ongoing conflicting backup control plane operation on the table. The backup is either being created, deleted or restored to a table.",
  );

const refusal = (error: DynamoError | WireError): { ok: false; error: WireError } => ({
  ok: false,
  error: error instanceof DynamoError ? error.toWire() : error,
});

/** The archive prefix of backup `arn` of table `tableId`, in `account`. */
const prefixOf = (account: string, tableId: string, arn: string) =>
  `_dynaflare/${account}/backups/${tableId}/${arn.slice(arn.lastIndexOf("/") + 1)}`;

/** Whether table `tableId` has a backup being taken (splits wait for it). */
export function backupInProgress(host: MetadataHost, tableId: string): boolean {
  return freezing.has(tableId) || host.catalog.creatingBackups().some((b) => b.tableId === tableId);
}

/** Runs `fn` with table `tableId` counted as being frozen. */
async function whileFreezing<T>(tableId: string, fn: () => Promise<T>): Promise<T> {
  freezing.set(tableId, (freezing.get(tableId) ?? 0) + 1);
  try {
    return await fn();
  } finally {
    const left = (freezing.get(tableId) ?? 1) - 1;
    if (left > 0) freezing.set(tableId, left);
    else freezing.delete(tableId);
  }
}

export async function createBackup(
  host: MetadataHost,
  nameOrArn: string,
  backupName: string,
): Promise<Reply<{ details: BackupDetails }>> {
  const { catalog } = host;
  let name: string;
  try {
    name = tableNameOf(nameOrArn, host.region, host.account);
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
  const table = catalog.getTable(name);
  if (!table || table.status === "CREATING") return refusal(tableNotFound(name));
  const random = crypto.randomUUID().slice(0, 8);
  const freeze = `${table.id}/${random}`;
  const frozen = await whileFreezing(table.id, () => freezeAll(host, table.id, freeze));
  if (!frozen.ok) return { ok: false, error: frozen.error };
  const upTo = frozen.upTo;
  const arn = backupArn(table.arn, upTo, random);
  const backup: StoredBackup = {
    arn,
    name: backupName,
    tableName: table.name,
    tableArn: table.arn,
    tableId: table.id,
    status: "CREATING",
    type: "USER",
    createdAt: upTo,
    sizeBytes: 0,
    itemCount: 0,
    source: table,
    prefix: prefixOf(host.account, table.id, arn),
    freeze,
    upTo,
    parts: frozen.parts,
  };
  catalog.putBackup(backup);
  host.wake();
  return { ok: true, details: backupDetails(backup) };
}

/**
 * Freezes every partition of table `tableId` for `freeze`, once no split is in progress. At exit:
 * the backup's time (the latest freeze's) and its parts; or, when a partition could not be frozen,
 * the error, every partition frozen by then thawed.
 */
async function freezeAll(
  host: MetadataHost,
  tableId: string,
  freeze: string,
): Promise<{ ok: true; upTo: number; parts: BackupPart[] } | { ok: false; error: WireError }> {
  const { catalog, link } = host;
  let map = catalog.getMap(tableId);
  for (let waited = 0; map?.partitions.some((p) => p.splitting) && waited < SPLIT_WAIT_MS; waited += SPLIT_POLL_MS) {
    await sleep(host.clock, SPLIT_POLL_MS);
    map = catalog.getMap(tableId);
  }
  if (!map || map.partitions.some((p) => p.splitting)) {
    return { ok: false, error: { type: "LimitExceededException", message: "Backups are not possible now: retry" } };
  }
  const route = { tableId, mapVersion: map.version };
  const replies = await Promise.all(
    map.partitions.map((p) => callLeader(link, p, "backupFreeze", [route, freeze], true).catch((e) => e as Error)),
  );
  const failed = replies.find((r) => r instanceof Error || !r.ok);
  if (failed) {
    await Promise.allSettled(map.partitions.map((p) => callLeader(link, p, "backupThaw", [route, freeze], true)));
    return { ok: false, error: { type: "InternalServerError", message: "Internal server error" } };
  }
  const upTo = Math.max(...replies.map((r) => (r as { at: number }).at));
  const parts = map.partitions.map((partition) => ({
    partition,
    route,
    cursor: { pages: 0, items: 0, bytes: 0 },
    dumped: false,
  }));
  return { ok: true, upTo, parts };
}

/** The backup `arn` names in this catalog, checked as DescribeBackup checks it. */
export function findBackup(host: MetadataHost, arn: string): StoredBackup | DynamoError {
  try {
    const topology = topologyOf(host.env);
    checkBackupArn(arn, host.account, (region) => topology.has(region));
  } catch (error) {
    if (error instanceof DynamoError) return error;
    throw error;
  }
  return host.catalog.getBackup(arn) ?? backupNotFound(arn);
}

/** Whether a restore from backup `arn` is in progress (DeleteBackup and another restore wait for it). */
export function restoringFrom(host: MetadataHost, arn: string): boolean {
  return host.catalog.allTables().some((t) => t.restore?.inProgress && t.restore.sourceBackupArn === arn);
}

export function describeBackup(host: MetadataHost, arn: string): Reply<{ description: BackupDescription }> {
  const backup = findBackup(host, arn);
  if (backup instanceof DynamoError) return refusal(backup);
  return { ok: true, description: backupDescription(backup) };
}

export function listBackups(host: MetadataHost, request: ListBackupsRequest): Reply<{ output: ListBackupsOutput }> {
  return { ok: true, output: listBackupsOutput(host.catalog.allBackups(), request) };
}

export async function deleteBackup(
  host: MetadataHost,
  arn: string,
): Promise<Reply<{ description: BackupDescription }>> {
  const backup = findBackup(host, arn);
  if (backup instanceof DynamoError) return refusal(backup);
  if (backup.status === "CREATING") return refusal(backupInUse());
  if (backup.type === "SYSTEM") return refusal(systemBackupUndeletable(arn, backup.expiresAt ?? backup.createdAt));
  if (restoringFrom(host, arn)) return refusal(backupRestoringTable(arn));
  host.catalog.deleteBackup(arn);
  const archive = archiveOf(host.env);
  await archive.delete(await archive.list(backup.prefix));
  return { ok: true, description: backupDescription({ ...backup, status: "DELETED" }) };
}

/** Advances every backup being taken, one step per partition. At exit: whether any is still CREATING. */
export async function advanceBackups(host: MetadataHost): Promise<boolean> {
  await Promise.all(host.catalog.creatingBackups().map((backup) => step(host, backup.arn)));
  return host.catalog.creatingBackups().length > 0;
}

/** The steps in flight, by backup ARN: the alarm and DeleteTable share one rather than race. */
const stepping = new Map<string, Promise<void>>();

/** A step of backup `arn` (as the catalog has it now), or the one in flight. */
function step(host: MetadataHost, arn: string): Promise<void> {
  let running = stepping.get(arn);
  if (!running) {
    running = (async () => {
      const backup = host.catalog.getBackup(arn);
      if (backup?.status === "CREATING") await advance(host, backup);
    })()
      .catch((e) => console.error("backup", arn, e))
      .finally(() => stepping.delete(arn));
    stepping.set(arn, running);
  }
  return running;
}

/** How long DeleteTable waits for the table's backups being taken to finish. */
const DELETE_WAIT_MS = 30_000;

/**
 * Finishes the backups of table `tableId` being taken, before the table's partitions are dropped
 * (DeleteTable): a backup outlives its table, as on DynamoDB. Waits DELETE_WAIT_MS at most; a
 * backup still CREATING then stays so.
 */
export async function finishBackupsOf(host: MetadataHost, tableId: string): Promise<void> {
  const until = host.clock.now() + DELETE_WAIT_MS;
  for (;;) {
    const creating = host.catalog.creatingBackups().filter((b) => b.tableId === tableId);
    if (creating.length === 0 || host.clock.now() >= until) return;
    await Promise.all(creating.map((backup) => step(host, backup.arn)));
  }
}

/** One step of each unfinished part of `backup`: a call to dump more, or to finish. */
async function advance(host: MetadataHost, backup: StoredBackup): Promise<void> {
  const { freeze } = backup;
  let lost = false;
  await Promise.all(
    backup.parts.map(async (part, i) => {
      if (part.records !== undefined) return;
      const prefix = `${backup.prefix}/${part.partition.id}`;
      if (!part.dumped) {
        const reply = await callLeader(
          host.link,
          part.partition,
          "backupDump",
          [part.route, freeze, prefix, part.cursor],
          true,
        );
        if (!reply.ok) {
          lost ||= reply.error.type === BACKUP_LOST;
          return;
        }
        backup.parts[i] = { ...part, cursor: reply.cursor, dumped: reply.done };
        return;
      }
      const reply = await callLeader(
        host.link,
        part.partition,
        "backupFinish",
        [part.route, freeze, backup.upTo, prefix],
        true,
      );
      if (reply.ok) backup.parts[i] = { ...part, records: reply.records };
      else lost ||= reply.error.type === BACKUP_LOST;
    }),
  );
  if (lost) return restart(host, backup);
  if (backup.parts.every((p) => p.records !== undefined)) {
    backup.status = "AVAILABLE";
    backup.itemCount = backup.parts.reduce((sum, p) => sum + p.cursor.items, 0);
    backup.sizeBytes = backup.parts.reduce((sum, p) => sum + p.cursor.bytes, 0);
    await archiveOf(host.env).put(`${backup.prefix}/manifest.json`, JSON.stringify(manifestOf(backup)));
  }
  host.catalog.putBackup(backup);
}

/** What the archive keeps beside a backup's files: enough to read it back without the catalog. */
function manifestOf(backup: StoredBackup) {
  const { parts, ...rest } = backup;
  return {
    ...rest,
    parts: parts.map((p) => ({
      id: p.partition.id,
      low: p.partition.low,
      high: p.partition.high,
      ...p.cursor,
      records: p.records,
    })),
  };
}

/** A part's freeze was lost: every partition thawed, the files so far deleted, and frozen again for a new time. */
async function restart(host: MetadataHost, backup: StoredBackup): Promise<void> {
  const { freeze } = backup;
  await Promise.allSettled(
    backup.parts.map((p) => callLeader(host.link, p.partition, "backupThaw", [p.route, freeze], true)),
  );
  const archive = archiveOf(host.env);
  await archive.delete(await archive.list(backup.prefix));
  const frozen = await freezeAll(host, backup.tableId, freeze);
  if (!frozen.ok) return;
  host.catalog.putBackup({ ...backup, upTo: frozen.upTo, parts: frozen.parts });
}

/**
 * As table `table`, with point-in-time recovery on, is deleted: its live partitions archive what
 * they committed, and its archive is kept as a SYSTEM backup of the table at `now` for 35 days
 * (restored as a point in time, ./restores.ts), as DynamoDB keeps a deleted table's PITR.
 */
export async function keepDeletedTable(host: MetadataHost, table: TableMeta, now: number): Promise<void> {
  const map = host.catalog.getMap(table.id);
  if (!table.pitr?.enabled || !map) return;
  const route = { tableId: map.tableId, mapVersion: map.version };
  await Promise.allSettled(map.partitions.map((p) => callLeader(host.link, p, "pitrFlush", [route], true)));
  const arn = backupArn(table.arn, now, SYSTEM_BACKUP_RANDOM);
  host.catalog.putBackup({
    arn,
    name: systemBackupName(table.name),
    tableName: table.name,
    tableArn: table.arn,
    tableId: table.id,
    status: "AVAILABLE",
    type: "SYSTEM",
    createdAt: now,
    expiresAt: now + SYSTEM_BACKUP_RETENTION_MS,
    sizeBytes: 0,
    itemCount: 0,
    source: table,
    prefix: pitrTablePrefix(host.account, table.id),
    freeze: "",
    upTo: now,
    parts: [],
    pointInTime: { kind: "pointInTime", tableId: table.id, map, time: now },
  });
}

/**
 * Deletes the SYSTEM backups whose 35 days are over, and the archives they kept. At exit: when the
 * next one expires, if any.
 */
export async function sweepExpiredBackups(host: MetadataHost): Promise<number | undefined> {
  const now = host.clock.now();
  const system = host.catalog.expiringBackups();
  const archive = archiveOf(host.env);
  for (const backup of system.filter((b) => b.expiresAt! <= now)) {
    await archive.delete(await archive.list(backup.prefix));
    host.catalog.deleteBackup(backup.arn);
  }
  const next = system.map((b) => b.expiresAt!).filter((at) => at > now);
  return next.length > 0 ? Math.min(...next) : undefined;
}
