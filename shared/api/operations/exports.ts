/**
 * ExportTableToPointInTime, DescribeExport and ListExports: their requests and the checks DynamoDB
 * makes on them before it looks a table or export up. The answers' shapes are
 * export-descriptions.ts's, the errors and their words export-import-errors.ts's, the ARNs
 * job-arns.ts's, the files an export writes shared/export-format's.
 *
 * Request checks, in the service's order:
 *   1. the member constraints (schema.ts), in the API model's member order. This server writes
 *      DYNAMODB_JSON full exports only: ExportFormat ION and ExportType INCREMENTAL_EXPORT are
 *      refused by the same enum constraint, as if the model listed only what it writes;
 *   2. the TableArn's form: a bare name is "not a valid ARN", another ARN (an index's) "Table ARN
 *      is invalid";
 *   3. S3SseKmsKeyId only with S3SseAlgorithm KMS; an IncrementalExportSpecification only with an
 *      incremental export.
 * Left to the handler, with the caller's account and region: the ARN's account (AccessDenied) and
 * region (TableNotFoundException), the table, the ClientToken, point-in-time recovery, the time.
 * Sources of each wording: docs/dynamodb-messages.md, "Export and import".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListExports.html
 */
import { parseTableArn } from "../arns";
import { ValidationException } from "../errors";
import { type JobArnParts, type JobKind, parseJobArn } from "../job-arns";
import { type Members, parseRequest, type Shape } from "../schema";
import { accessDenied } from "./backup-errors";
import {
  invalidExportArn,
  invalidImportArn,
  KMS_KEY_WITHOUT_KMS,
  SPECIFICATION_WITH_FULL,
  SPECIFICATION_WITHOUT_INCREMENTAL,
  TABLE_ARN_INVALID,
  TABLE_ARN_NOT_VALID,
} from "./export-import-errors";

/** The API model's S3Bucket: S3's own rules come later (shared/export-format/bucket-names.ts). */
export const S3_BUCKET: Shape = { type: "string", maxLength: 255, regex: "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$" };
export const S3_BUCKET_OWNER: Shape = { type: "string", regex: "[0-9]{12}" };
export const S3_PREFIX: Shape = { type: "string", maxLength: 1024 };
export const CLIENT_TOKEN: Shape = { type: "string", regex: "^[^\\$]+$" };
/** A table's ARN as the model types TableArn; its form is checked after the constraints. */
const TABLE_ARN: Shape = { type: "string", minLength: 1, maxLength: 1024 };
const JOB_ARN: Shape = { type: "string", notNull: true, minLength: 37, maxLength: 1024 };

const EXPORT_MEMBERS: Members = {
  TableArn: { ...TABLE_ARN, notNull: true },
  ExportTime: { type: "double" },
  ClientToken: CLIENT_TOKEN,
  S3Bucket: { ...S3_BUCKET, notNull: true },
  S3BucketOwner: S3_BUCKET_OWNER,
  S3Prefix: S3_PREFIX,
  S3SseAlgorithm: { type: "string", enum: ["AES256", "KMS"] },
  S3SseKmsKeyId: { type: "string", minLength: 1, maxLength: 2048 },
  ExportFormat: { type: "string", enum: ["DYNAMODB_JSON"] },
  ExportType: { type: "string", enum: ["FULL_EXPORT"] },
  IncrementalExportSpecification: {
    type: "struct",
    name: "IncrementalExportSpecification",
    members: {
      ExportFromTime: { type: "double" },
      ExportToTime: { type: "double" },
      ExportViewType: { type: "string", enum: ["NEW_IMAGE", "NEW_AND_OLD_IMAGES"] },
    },
  },
};
const DESCRIBE_MEMBERS: Members = { ExportArn: JOB_ARN };
const LIST_MEMBERS: Members = {
  TableArn: TABLE_ARN,
  MaxResults: { type: "integer", min: 1, max: 25 },
  NextToken: { type: "string" },
};

/** An export as requested, defaults applied: what a replay of its ClientToken must repeat. */
export interface ExportRequest {
  tableArn: string;
  /** Epoch ms; absent: the request's time. */
  exportTime?: number;
  s3Bucket: string;
  s3BucketOwner?: string;
  s3Prefix?: string;
  s3SseAlgorithm: "AES256" | "KMS";
  s3SseKmsKeyId?: string;
  exportFormat: "DYNAMODB_JSON";
  exportType: "FULL_EXPORT";
}

/** How many entries a page of ListExports or ListImports holds when the request names no number. */
export const DEFAULT_PAGE_SIZE = 10;

/** A timestamp of the request (epoch seconds, fractional) in epoch milliseconds. */
const millis = (seconds: number) => Math.round(seconds * 1000);

/**
 * A TableArn's form: a table's ARN, or ValidationException (a bare name: "not a valid ARN";
 * another ARN, an index's: "Table ARN is invalid").
 */
export function checkTableArnForm(arn: string): void {
  if (parseTableArn(arn)) return;
  throw new ValidationException(arn.startsWith("arn:") ? TABLE_ARN_INVALID : TABLE_ARN_NOT_VALID);
}

export function validateExportTableToPointInTime(body: Record<string, unknown>): {
  request: ExportRequest;
  clientToken?: string;
} {
  const input = parseRequest<{
    TableArn: string;
    ExportTime?: number;
    ClientToken?: string;
    S3Bucket: string;
    S3BucketOwner?: string;
    S3Prefix?: string;
    S3SseAlgorithm?: "AES256" | "KMS";
    S3SseKmsKeyId?: string;
    ExportFormat?: "DYNAMODB_JSON";
    ExportType?: "FULL_EXPORT";
    IncrementalExportSpecification?: object;
  }>(body, EXPORT_MEMBERS);
  checkTableArnForm(input.TableArn);
  if (input.S3SseKmsKeyId !== undefined && input.S3SseAlgorithm !== "KMS") {
    throw new ValidationException(KMS_KEY_WITHOUT_KMS);
  }
  if (input.IncrementalExportSpecification !== undefined) {
    throw new ValidationException(
      input.ExportType === undefined ? SPECIFICATION_WITHOUT_INCREMENTAL : SPECIFICATION_WITH_FULL,
    );
  }
  const request: ExportRequest = {
    tableArn: input.TableArn,
    ...(input.ExportTime !== undefined && { exportTime: millis(input.ExportTime) }),
    s3Bucket: input.S3Bucket,
    ...(input.S3BucketOwner !== undefined && { s3BucketOwner: input.S3BucketOwner }),
    ...(input.S3Prefix !== undefined && { s3Prefix: input.S3Prefix }),
    s3SseAlgorithm: input.S3SseAlgorithm ?? "AES256",
    ...(input.S3SseKmsKeyId !== undefined && { s3SseKmsKeyId: input.S3SseKmsKeyId }),
    exportFormat: input.ExportFormat ?? "DYNAMODB_JSON",
    exportType: input.ExportType ?? "FULL_EXPORT",
  };
  return { request, ...(input.ClientToken !== undefined && { clientToken: input.ClientToken }) };
}

export function validateDescribeExport(body: Record<string, unknown>): { exportArn: string } {
  return { exportArn: parseRequest<{ ExportArn: string }>(body, DESCRIBE_MEMBERS).ExportArn };
}

export interface ListJobsRequest {
  tableArn?: string;
  limit: number;
  nextToken?: string;
}

export function validateListExports(body: Record<string, unknown>): ListJobsRequest {
  const input = parseRequest<{ TableArn?: string; MaxResults?: number; NextToken?: string }>(body, LIST_MEMBERS);
  return {
    ...(input.TableArn !== undefined && { tableArn: input.TableArn }),
    limit: input.MaxResults ?? DEFAULT_PAGE_SIZE,
    ...(input.NextToken !== undefined && { nextToken: input.NextToken }),
  };
}

/**
 * The parts of a DescribeExport's or DescribeImport's ARN, checked as the service checks it
 * before the lookup: not an ARN of that kind (a table's, the other kind's, any string) is
 * "Invalid Export ARN" or "Invalid Import ARN"; another partition or service too; another account
 * is AccessDeniedException. The region is the caller's to compare (another region's ARN is not
 * found).
 */
export function checkJobArn(arn: string, kind: JobKind, account: string): JobArnParts {
  const parts = parseJobArn(arn, kind);
  const invalid = kind === "export" ? invalidExportArn : invalidImportArn;
  if (parts?.partition !== "aws" || parts.service !== "dynamodb") throw invalid();
  if (parts.account !== account) throw accessDenied();
  return parts;
}
