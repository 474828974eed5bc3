/**
 * An export as the catalog keeps it (`ExportRecord`) and the shapes the export operations answer
 * with: ExportTableToPointInTime's and DescribeExport's ExportDescription, ListExports' summaries.
 * Pure builders.
 *
 * As the service answers (recorded, docs/dynamodb-messages.md "Export and import"):
 *   - ExportStatus IN_PROGRESS, then COMPLETED or FAILED (with FailureCode and FailureMessage);
 *   - while IN_PROGRESS: ExportArn, ExportStatus, StartTime, TableArn, TableId, ExportTime,
 *     ClientToken, S3Bucket (and S3BucketOwner, S3Prefix, S3SseKmsKeyId when asked), S3SseAlgorithm
 *     (AES256 unless asked), ExportFormat; once COMPLETED also EndTime, ExportManifest, ItemCount
 *     and BilledSizeBytes; ExportType is never echoed (ListExports' summaries carry it);
 *   - ExportTime is the request's StartTime unless the request named one; times in epoch seconds.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportDescription.html
 */

import type { Failure } from "./export-import-errors";
import type { ExportRequest } from "./exports";

export type JobStatus = "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface ExportRecord {
  arn: string;
  /** The id the ARN ends with, which names the export's folder. */
  id: string;
  tableName: string;
  tableArn: string;
  tableId: string;
  status: JobStatus;
  clientToken: string;
  request: ExportRequest;
  /** Epoch ms: the request's time, which the id starts with. */
  startTime: number;
  /** Epoch ms: the time of the table the export holds. */
  exportTime: number;
  endTime?: number;
  /** Set once COMPLETED. */
  itemCount?: number;
  billedSizeBytes?: number;
  /** The summary manifest's key in the bucket, once COMPLETED. */
  manifest?: string;
  failure?: Failure;
}

export interface ExportDescription {
  ExportArn: string;
  ExportStatus: JobStatus;
  StartTime: number;
  EndTime?: number;
  ExportManifest?: string;
  TableArn: string;
  TableId: string;
  ExportTime: number;
  ClientToken: string;
  S3Bucket: string;
  S3BucketOwner?: string;
  S3Prefix?: string;
  S3SseAlgorithm: string;
  S3SseKmsKeyId?: string;
  FailureCode?: string;
  FailureMessage?: string;
  ExportFormat: string;
  BilledSizeBytes?: number;
  ItemCount?: number;
}

const seconds = (ms: number) => ms / 1000;

export function exportDescription(record: ExportRecord): ExportDescription {
  const { request } = record;
  return {
    ExportArn: record.arn,
    ExportStatus: record.status,
    StartTime: seconds(record.startTime),
    ...(record.endTime !== undefined && { EndTime: seconds(record.endTime) }),
    ...(record.manifest !== undefined && { ExportManifest: record.manifest }),
    TableArn: record.tableArn,
    TableId: record.tableId,
    ExportTime: seconds(record.exportTime),
    ClientToken: record.clientToken,
    S3Bucket: request.s3Bucket,
    ...(request.s3BucketOwner !== undefined && { S3BucketOwner: request.s3BucketOwner }),
    ...(request.s3Prefix !== undefined && { S3Prefix: request.s3Prefix }),
    S3SseAlgorithm: request.s3SseAlgorithm,
    ...(request.s3SseKmsKeyId !== undefined && { S3SseKmsKeyId: request.s3SseKmsKeyId }),
    ...(record.failure && { FailureCode: record.failure.code, FailureMessage: record.failure.message }),
    ExportFormat: request.exportFormat,
    ...(record.billedSizeBytes !== undefined && { BilledSizeBytes: record.billedSizeBytes }),
    ...(record.itemCount !== undefined && { ItemCount: record.itemCount }),
  };
}

export interface ExportSummary {
  ExportArn: string;
  ExportStatus: JobStatus;
  ExportType: string;
}

export const exportSummary = (record: ExportRecord): ExportSummary => ({
  ExportArn: record.arn,
  ExportStatus: record.status,
  ExportType: record.request.exportType,
});

/** How long a ClientToken names its export or import: 8 hours after the job ended (while it runs, always). */
export const CLIENT_TOKEN_MS = 8 * 3_600_000;

/** Whether a job's token still names it at `now`. */
export const tokenLive = (job: { endTime?: number }, now: number) =>
  job.endTime === undefined || now - job.endTime < CLIENT_TOKEN_MS;

/** Two requests' members, compared as JSON with their keys sorted. */
export function sameRequest(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
