/**
 * Imports in the region's catalog (docs/issue-20-backups.md): ImportTable creates the new table
 * (./tables.ts `createTable`, CREATING, marked `importing` so that activation leaves it CREATING)
 * and records the import IN_PROGRESS; the alarm loads the bucket's files into it
 * (./import-job.ts) and makes it ACTIVE. DescribeImport and ListImports answer from the records,
 * which outlive their tables.
 * As the service does (docs/dynamodb-messages.md, "Export and import"):
 * - a bucket S3 could not have, or one holding nothing: the import is FAILED (S3NoSuchBucket) and
 *   no table is made; its TableId names no table;
 * - a table of that name ACTIVE or DELETING: ResourceInUseException; one being created (by another
 *   import): the import is accepted and FAILED (TableAlreadyExists);
 * - a ClientToken names its import for 8 hours after it ends: other table parameters are
 *   ImportConflictException (another S3BucketSource is ignored); while the import runs it answers
 *   the import, once it ended ResourceInUseException while its table exists, else the import.
 */
import { DynamoError, type WireError } from "../../shared/api/errors";
import { importArn, jobId } from "../../shared/api/job-arns";
import type { CreateTableInput } from "../../shared/api/operations/create-table";
import { sameRequest, tokenLive } from "../../shared/api/operations/export-descriptions";
import {
  type Failure,
  importConflict,
  importNotFound,
  importTableExists,
  NO_SUCH_BUCKET,
  tableAlreadyExistsFailure,
} from "../../shared/api/operations/export-import-errors";
import { checkJobArn, type ListJobsRequest } from "../../shared/api/operations/exports";
import {
  type ImportSummary,
  type ImportTableDescription,
  importDescription,
  importSummary,
} from "../../shared/api/operations/import-descriptions";
import type { ImportRequest } from "../../shared/api/operations/imports";
import { pageOf } from "../../shared/api/operations/list-tokens";
import { s3BucketNameOk } from "../../shared/export-format/bucket-names";
import { archiveOf } from "../archive/archive";
import type { Reply } from "../replica/protocol";
import type { MetadataHost } from "./host";
import type { StoredImport } from "./job-records";
import { createTable, tableArn } from "./tables";

const refusal = (error: DynamoError): { ok: false; error: WireError } => ({ ok: false, error: error.toWire() });

/** Runs `fn`, its DynamoError as a refusal. */
function answer<T extends object>(fn: () => Reply<T>): Reply<T> {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
}

/** A request's members a replay of its token must repeat: all but where it reads from. */
const compared = ({ s3BucketSource: _, ...rest }: ImportRequest) => rest;

/** Whether the bucket exists: a name S3 takes, and a folder of the archive holding something. */
async function bucketExists(host: MetadataHost, bucket: string): Promise<boolean> {
  return s3BucketNameOk(bucket) && (await archiveOf(host.env).list(bucket)).length > 0;
}

export async function importTable(
  host: MetadataHost,
  request: ImportRequest,
  clientToken: string | undefined,
  createInput: CreateTableInput,
  now: number,
): Promise<Reply<{ description: ImportTableDescription }>> {
  const bucket = await bucketExists(host, request.s3BucketSource.S3Bucket);
  return answer(() => {
    const { catalog } = host;
    const name = request.tableCreationParameters.TableName;
    if (clientToken !== undefined) {
      const earlier = catalog.importsByToken(clientToken).find((i) => tokenLive(i, now));
      if (earlier && !sameRequest(compared(earlier.request), compared(request))) throw importConflict();
      if (earlier?.status !== "IN_PROGRESS" && earlier && catalog.getTable(earlier.tableName)) {
        throw importTableExists(earlier.tableName);
      }
      if (earlier) return { ok: true, description: importDescription(earlier) };
    }
    const arn = tableArn(host, name);
    const record: StoredImport = {
      arn: importArn(arn, jobId(now, crypto.randomUUID().slice(0, 8))),
      tableName: name,
      tableArn: arn,
      tableId: crypto.randomUUID(),
      status: "IN_PROGRESS",
      clientToken: clientToken ?? crypto.randomUUID(),
      request,
      account: host.account,
      region: host.region,
      startTime: now,
      processedItemCount: 0,
      processedSizeBytes: 0,
      importedItemCount: 0,
      errorCount: 0,
      read: 0,
    };
    const existing = catalog.getTable(name);
    if (existing && existing.status !== "CREATING") throw importTableExists(name);
    const failed = (failure: Failure) => {
      const ended: StoredImport = { ...record, status: "FAILED", endTime: now, failure };
      catalog.putImport(ended);
      return { ok: true as const, description: importDescription(ended) };
    };
    if (existing) return failed(tableAlreadyExistsFailure(name));
    if (!bucket) return failed(NO_SUCH_BUCKET);
    const created = createTable(host, createInput, now);
    if (!created.ok) return created;
    const table = catalog.getTable(name)!;
    const started: StoredImport = { ...record, tableId: table.id };
    host.transaction(() => {
      catalog.putTable({ ...table, importing: { arn: started.arn } });
      catalog.putImport(started);
    });
    return { ok: true, description: importDescription(started) };
  });
}

export function describeImport(host: MetadataHost, arn: string): Reply<{ description: ImportTableDescription }> {
  return answer(() => {
    const parts = checkJobArn(arn, "import", host.account);
    const record = parts.region === host.region ? host.catalog.getImport(arn) : undefined;
    if (!record) throw importNotFound(arn);
    return { ok: true, description: importDescription(record) };
  });
}

/** ListImports: newest first; of a table ARN, every import into a table of that name, the deleted ones' too. */
export function listImports(
  host: MetadataHost,
  request: ListJobsRequest,
): Reply<{ summaries: ImportSummary[]; nextToken?: string }> {
  return answer(() => {
    const all = host.catalog.allImports(request.tableArn);
    const { page, next } = pageOf(
      "imports",
      all,
      (i) => i.arn,
      request.limit,
      request.nextToken,
      (after, i) => i.arn < after,
    );
    return { ok: true, summaries: page.map(importSummary), ...(next !== undefined && { nextToken: next }) };
  });
}
