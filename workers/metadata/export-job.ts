/**
 * Writing an export's files, run by the metadata object's alarm (./alarm.ts), a step at a time,
 * each persisted in the export's record so that a restart carries on where it stopped:
 * 1. `_started` in the export's folder, once its bucket is one S3 could have (else FAILED,
 *    S3NoSuchBucket);
 * 2. once the writes of the export's time have settled (WRITE_TIMEOUT_MS after it), the plan: the
 *    table at that time from its point-in-time archive (./restores.ts `planOf`, which first has the
 *    live partitions archive what they committed), one list of files per partition as it was then,
 *    and a data file name per partition;
 * 3. per partition, its items at the time (its files' changes applied in order), as a gzipped
 *    DYNAMODB_JSON data file; for EXPORT_ROUND_MS at most per round;
 * 4. the manifests (shared/export-format/manifests.ts), then COMPLETED with its counts.
 * A bucket is a top-level folder of the archive: an export's keys are `<S3Bucket>/<S3 key>`.
 */

import type { Item } from "../../shared/api/attribute-value";
import { itemSize } from "../../shared/api/item-size";
import type { KeySchema } from "../../shared/api/key-schema";
import type { Failure } from "../../shared/api/operations/export-import-errors";
import { NO_SUCH_BUCKET, PREFIX_NOT_WRITABLE } from "../../shared/api/operations/export-import-errors";
import { s3BucketNameOk } from "../../shared/export-format/bucket-names";
import { gzip } from "../../shared/export-format/gzip";
import {
  dataFileName,
  exportedFile,
  exportFolder,
  itemLine,
  manifestFiles,
  manifestSummary,
  md5File,
  prefixSegments,
} from "../../shared/export-format/manifests";
import { type Archive, archiveOf } from "../archive/archive";
import { replicationSettings } from "../replica/settings";
import { storedKeyOf, storedKeyText } from "../replica/stored-key";
import type { RestoreStep } from "./backup-record";
import type { MetadataHost } from "./host";
import type { StoredExport } from "./job-records";
import { stepChanges } from "./restore-plan";
import { planOf } from "./restores";

/** How long one alarm round writes data files before it lets the alarm come back. */
const EXPORT_ROUND_MS = 5_000;
/** How soon a round comes back to a plan that could not be made (a partition's leader out of reach). */
const PLAN_RETRY_MS = 1_000;
/** How soon the alarm comes back while an export has files to write. */
const STEP_MS = 10;

const encoder = new TextEncoder();

/**
 * Advances every export IN_PROGRESS, for a round. At exit: when the alarm should come back for
 * them (undefined: none is left).
 */
export async function advanceExports(host: MetadataHost): Promise<number | undefined> {
  let due: number | undefined;
  const until = host.clock.now() + EXPORT_ROUND_MS;
  for (const record of host.catalog.exportsInProgress()) {
    let next: number | undefined;
    try {
      next = await advance(host, record, until);
    } catch (error) {
      console.error("export", record.arn, error);
      next = host.clock.now() + PLAN_RETRY_MS;
    }
    if (next !== undefined) due = Math.min(due ?? next, next);
  }
  return due;
}

/** One export's steps for this round. At exit: when it wants the alarm back, or undefined once it ended. */
async function advance(host: MetadataHost, record: StoredExport, until: number): Promise<number | undefined> {
  const { catalog } = host;
  const archive = archiveOf(host.env);
  const bucket = record.request.s3Bucket;
  const folder = exportFolder(record.request.s3Prefix, record.id);
  if (!record.started) {
    if (!s3BucketNameOk(bucket)) return fail(host, record, NO_SUCH_BUCKET);
    if (prefixSegments(record.request.s3Prefix).some((s) => s === "." || s === "..")) {
      return fail(host, record, PREFIX_NOT_WRITABLE);
    }
    await archive.put(`${bucket}/${folder}/_started`, "");
    record.started = true;
    catalog.putExport(record);
  }
  if (!record.plan) {
    const settled = record.exportTime + replicationSettings(host.env).writeTimeoutMs;
    if (host.clock.now() < settled) return settled;
    const plan = await planOf(host, {
      kind: "pointInTime",
      tableId: record.tableId,
      map: record.map,
      time: record.exportTime,
    });
    if (!plan) return host.clock.now() + PLAN_RETRY_MS;
    record.plan = plan;
    record.names = plan.map(() => dataFileName(crypto.getRandomValues(new Uint8Array(16))));
    record.files = plan.map(() => null);
    catalog.putExport(record);
  }
  const { plan, names, files } = record as Required<Pick<StoredExport, "plan" | "names" | "files">>;
  for (let part = 0; part < plan.length; part++) {
    if (files[part]) continue;
    if (host.clock.now() >= until) return host.clock.now() + STEP_MS;
    const items = await partItems(archive, plan[part], record.keySchema);
    const lines = items.map(itemLine).join("");
    const gzipped = await gzip(encoder.encode(lines));
    const key = `${folder}/data/${names[part]}.json.gz`;
    await archive.put(`${bucket}/${key}`, gzipped);
    const sizeBytes = items.reduce((sum, item) => sum + itemSize(JSON.parse(item) as Item), 0);
    files[part] = { file: exportedFile(key, gzipped, items.length), sizeBytes };
    catalog.putExport(record);
  }
  await finish(host, archive, record, folder);
  return undefined;
}

/** A part's items at the export's time (their JSON), in the order its files first name them. */
async function partItems(archive: Archive, steps: readonly RestoreStep[], schema: KeySchema): Promise<string[]> {
  const state = new Map<string, string | undefined>();
  for (const step of steps) {
    for (const change of await stepChanges(archive, step, schema)) {
      state.set(storedKeyText(storedKeyOf(change.key, schema)), change.item);
    }
  }
  return [...state.values()].filter((item): item is string => item !== undefined);
}

/** Writes the manifests and records the export COMPLETED. */
async function finish(host: MetadataHost, archive: Archive, record: StoredExport, folder: string): Promise<void> {
  const { request } = record;
  const files = (record.files ?? []).filter((f) => f !== null);
  const filesKey = `${folder}/manifest-files.json`;
  const filesManifest = manifestFiles(files.map((f) => f.file));
  await archive.put(`${request.s3Bucket}/${filesKey}`, filesManifest);
  await archive.put(`${request.s3Bucket}/${folder}/manifest-files.md5`, md5File(filesManifest));
  const endTime = host.clock.now();
  const itemCount = files.reduce((sum, f) => sum + f.file.itemCount, 0);
  const billedSizeBytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  const summary = manifestSummary({
    exportArn: record.arn,
    startTime: record.startTime,
    endTime,
    tableArn: record.tableArn,
    tableId: record.tableId,
    exportTime: record.exportTime,
    s3Bucket: request.s3Bucket,
    ...(request.s3Prefix !== undefined && { s3Prefix: request.s3Prefix }),
    s3SseAlgorithm: request.s3SseAlgorithm,
    ...(request.s3SseKmsKeyId !== undefined && { s3SseKmsKeyId: request.s3SseKmsKeyId }),
    manifestFilesS3Key: filesKey,
    billedSizeBytes,
    itemCount,
    outputFormat: request.exportFormat,
  });
  const summaryKey = `${folder}/manifest-summary.json`;
  await archive.put(`${request.s3Bucket}/${summaryKey}`, summary);
  await archive.put(`${request.s3Bucket}/${folder}/manifest-summary.md5`, md5File(summary));
  const { plan: _plan, names: _names, files: _files, ...rest } = record;
  host.catalog.putExport({ ...rest, status: "COMPLETED", endTime, itemCount, billedSizeBytes, manifest: summaryKey });
}

function fail(host: MetadataHost, record: StoredExport, failure: Failure): undefined {
  host.catalog.putExport({ ...record, status: "FAILED", endTime: host.clock.now(), failure });
  return undefined;
}
