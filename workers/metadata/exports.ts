/**
 * Exports in the region's catalog (docs/issue-20-backups.md): ExportTableToPointInTime records an
 * export of a table with point-in-time recovery on, IN_PROGRESS, at its time (the request's, or
 * ExportTime within the restorable window), and the alarm writes its files (./export-job.ts);
 * DescribeExport and ListExports answer from the records, which outlive their tables.
 * A ClientToken names its export for 8 hours after it ends: the same parameters answer it again,
 * other ones are ExportConflictException.
 */
import { parseTableArn } from "../../shared/api/arns";
import { DynamoError, type WireError } from "../../shared/api/errors";
import { exportArn, jobId } from "../../shared/api/job-arns";
import { accessDenied, pitrNotEnabled } from "../../shared/api/operations/backup-errors";
import { restorableWindow } from "../../shared/api/operations/continuous-backups";
import {
  type ExportDescription,
  type ExportSummary,
  exportDescription,
  exportSummary,
  sameRequest,
  tokenLive,
} from "../../shared/api/operations/export-descriptions";
import {
  exportConflict,
  exportNotFound,
  exportOfOtherRegion,
  exportTableNotFound,
  exportTimeInvalid,
  exportTimeNotRestorable,
} from "../../shared/api/operations/export-import-errors";
import { checkJobArn, type ExportRequest, type ListJobsRequest } from "../../shared/api/operations/exports";
import { pageOf } from "../../shared/api/operations/list-tokens";
import { keySchemaOf } from "../../shared/api/table";
import type { Reply } from "../replica/protocol";
import { positiveNumber } from "../replica/settings";
import type { MetadataHost } from "./host";
import type { StoredExport } from "./job-records";

const refusal = (error: DynamoError): { ok: false; error: WireError } => ({ ok: false, error: error.toWire() });

/** Runs `fn`, its DynamoError as a refusal. */
function answer<T extends object>(fn: () => T): Reply<T> {
  try {
    return { ok: true, ...fn() };
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
}

const lagOf = (host: MetadataHost) => positiveNumber(host.env.PITR_RESTORE_LAG_MS, 300_000);

/** The time an export holds: the request's `now`, or its ExportTime, which must be in the restorable window. */
function exportTimeOf(requested: number | undefined, window: { earliestMs: number; latestMs: number }, now: number) {
  if (requested === undefined) return now;
  if (requested > now || requested < window.earliestMs) throw exportTimeInvalid();
  if (requested > window.latestMs) throw exportTimeNotRestorable();
  return requested;
}

export function exportTableToPointInTime(
  host: MetadataHost,
  request: ExportRequest,
  clientToken: string | undefined,
  now: number,
): Reply<{ description: ExportDescription }> {
  return answer(() => {
    const { catalog } = host;
    const arn = parseTableArn(request.tableArn);
    if (!arn) throw exportTableNotFound(request.tableArn);
    if (arn.account !== host.account) throw accessDenied();
    const table = arn.region === host.region ? catalog.getTable(arn.tableName) : undefined;
    if (!table || table.status === "CREATING") throw exportTableNotFound(request.tableArn);
    if (clientToken !== undefined) {
      const earlier = catalog.exportsByToken(clientToken).find((e) => tokenLive(e, now));
      if (earlier && !sameRequest(earlier.request, request)) throw exportConflict();
      if (earlier) return { description: exportDescription(earlier) };
    }
    const window = restorableWindow(table.pitr, now, lagOf(host));
    if (!window) throw pitrNotEnabled(table.name);
    const exportTime = exportTimeOf(request.exportTime, window, now);
    const id = jobId(now, crypto.randomUUID().slice(0, 8));
    const record: StoredExport = {
      arn: exportArn(table.arn, id),
      id,
      tableName: table.name,
      tableArn: table.arn,
      tableId: table.id,
      status: "IN_PROGRESS",
      clientToken: clientToken ?? crypto.randomUUID(),
      request,
      startTime: now,
      exportTime,
      map: catalog.getMap(table.id)!,
      keySchema: keySchemaOf(table),
    };
    catalog.putExport(record);
    host.wake();
    return { description: exportDescription(record) };
  });
}

export function describeExport(host: MetadataHost, arn: string): Reply<{ description: ExportDescription }> {
  return answer(() => {
    const parts = checkJobArn(arn, "export", host.account);
    if (parts.region !== host.region) throw exportOfOtherRegion();
    const record = host.catalog.getExport(arn);
    if (!record) throw exportNotFound(arn);
    return { description: exportDescription(record) };
  });
}

/**
 * ListExports: in reverse order of ARN; of the table an ARN names, the one of that name now
 * (an earlier table of the same name is another table: its exports are not listed).
 */
export function listExports(
  host: MetadataHost,
  request: ListJobsRequest,
): Reply<{ summaries: ExportSummary[]; nextToken?: string }> {
  return answer(() => {
    const { catalog } = host;
    const table = request.tableArn === undefined ? undefined : catalog.getTableByArn(request.tableArn);
    const all = request.tableArn === undefined ? catalog.allExports() : table ? catalog.allExports(table.id) : [];
    const { page, next } = pageOf(
      "exports",
      all,
      (e) => e.arn,
      request.limit,
      request.nextToken,
      (after, e) => e.arn < after,
    );
    return { summaries: page.map(exportSummary), ...(next !== undefined && { nextToken: next }) };
  });
}
