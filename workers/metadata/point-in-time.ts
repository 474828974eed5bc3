/**
 * Point-in-time recovery in the region's catalog (docs/issue-20-backups.md):
 * - UpdateContinuousBackups turns it on or off. On: the table's replicas learn it (their leaders
 *   archive their records and snapshots, workers/replica/archiver.ts), every partition's leader
 *   starts a snapshot, and the earliest restorable time is the latest of those snapshots' times (a
 *   restore needs a snapshot at or before its time). Off: the table's archive is deleted.
 * - DescribeContinuousBackups: the window, from that earliest time (or the period's start, if
 *   later) to PITR_RESTORE_LAG_MS before now (DynamoDB's 5 minutes).
 * - RestoreTableToPointInTime: a new table from the source's settings and the overrides, loaded
 *   from the archive at the time asked (./restores.ts, ./restore-plan.ts).
 */
import { DynamoError, type WireError } from "../../shared/api/errors";
import { crossRegionRestoreNeedsSse, pitrNotEnabled, tableNotFound } from "../../shared/api/operations/backup-errors";
import { type PointInTimeRestoreRequest, sourceTableOf, tableNameOf } from "../../shared/api/operations/backups";
import {
  type ContinuousBackupsDescription,
  continuousBackupsDescription,
  restorableWindow,
  restoreTimeOf,
  type UpdateContinuousBackupsRequest,
  updatedPitrState,
} from "../../shared/api/operations/continuous-backups";
import type { TableDescription, TableMeta } from "../../shared/api/table";
import { archiveOf } from "../archive/archive";
import { pitrTablePrefix } from "../replica/archiver";
import { callLeader } from "../replica/group-client";
import type { Reply } from "../replica/protocol";
import { positiveNumber } from "../replica/settings";
import { storeAndReconfigure } from "./activation";
import type { MetadataHost } from "./host";
import { createRestoredTable } from "./restores";

const refusal = (error: DynamoError): { ok: false; error: WireError } => ({ ok: false, error: error.toWire() });

/** The table a request names (by name or ARN), unless it is missing or still CREATING. */
function tableOf(host: MetadataHost, nameOrArn: string): TableMeta | DynamoError {
  try {
    const name = tableNameOf(nameOrArn, host.region, host.account);
    const table = host.catalog.getTable(name);
    return table && table.status !== "CREATING" ? table : tableNotFound(name);
  } catch (error) {
    if (error instanceof DynamoError) return error;
    throw error;
  }
}

const lagOf = (host: MetadataHost) => positiveNumber(host.env.PITR_RESTORE_LAG_MS, 300_000);

function description(host: MetadataHost, table: TableMeta): ContinuousBackupsDescription {
  const window = restorableWindow(table.pitr, host.clock.now(), lagOf(host));
  return continuousBackupsDescription(table.pitr, window?.earliestMs, window?.latestMs);
}

export async function updateContinuousBackups(
  host: MetadataHost,
  request: UpdateContinuousBackupsRequest,
): Promise<Reply<{ description: ContinuousBackupsDescription }>> {
  const found = tableOf(host, request.tableName);
  if (found instanceof DynamoError) return refusal(found);
  const now = host.clock.now();
  const wasOn = found.pitr?.enabled === true;
  const pitr = updatedPitrState(found.pitr, request, now);
  await storeAndReconfigure(host, { ...found, pitr });
  if (pitr.enabled && !wasOn) {
    // The window opens with every partition's first snapshot.
    const map = host.catalog.getMap(found.id);
    const route = map && { tableId: map.tableId, mapVersion: map.version };
    const started = map
      ? await Promise.all(
          map.partitions.map((p) => callLeader(host.link, p, "pitrStart", [route!], true).catch(() => undefined)),
        )
      : [];
    const times = started.map((reply) => (reply?.ok ? reply.at : now + 1));
    const enabledAt = Math.max(now, ...times);
    const current = host.catalog.getTable(found.name);
    if (current?.id === found.id && current.pitr?.enabled)
      host.catalog.putTable({ ...current, pitr: { ...current.pitr, enabledAt } });
  }
  if (!pitr.enabled && wasOn) {
    const archive = archiveOf(host.env);
    await archive.delete(await archive.list(pitrTablePrefix(host.account, found.id)));
  }
  return { ok: true, description: description(host, host.catalog.getTable(found.name) ?? found) };
}

export function describeContinuousBackups(
  host: MetadataHost,
  nameOrArn: string,
): Reply<{ description: ContinuousBackupsDescription }> {
  const found = tableOf(host, nameOrArn);
  if (found instanceof DynamoError) return refusal(found);
  return { ok: true, description: description(host, found) };
}

export function restoreTableToPointInTime(
  host: MetadataHost,
  request: PointInTimeRestoreRequest,
  now: number,
): Reply<{ description: TableDescription }> {
  let source: TableMeta;
  let time: number;
  try {
    const named = sourceTableOf(request, host.account);
    if (named.region !== undefined && named.region !== host.region && !request.sseSpecificationOverride) {
      throw crossRegionRestoreNeedsSse();
    }
    const found = tableOf(host, named.tableName);
    if (found instanceof DynamoError) throw found;
    source = found;
    const window = restorableWindow(source.pitr, now, lagOf(host));
    if (!window) throw pitrNotEnabled(source.name);
    time = restoreTimeOf(request, window);
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
  const map = host.catalog.getMap(source.id)!;
  const restore = { sourceTableArn: source.arn, restoreDateTime: time };
  return createRestoredTable(
    host,
    source,
    request,
    restore,
    { kind: "pointInTime", tableId: source.id, map, time },
    now,
  );
}
