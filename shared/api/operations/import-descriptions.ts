/**
 * An import as the catalog keeps it (`ImportRecord`) and the shapes the import operations answer
 * with: ImportTable's and DescribeImport's ImportTableDescription, ListImports' summaries. Pure
 * builders.
 *
 * As the service answers (recorded, docs/dynamodb-messages.md "Export and import"):
 *   - ImportStatus IN_PROGRESS, then COMPLETED (no line in error) or FAILED (FailureCode and
 *     FailureMessage; the valid lines are imported all the same);
 *   - S3BucketSource with the caller's account as S3BucketOwner when the request named none,
 *     InputCompressionType NONE unless asked, InputFormatOptions only when asked, the
 *     TableCreationParameters as sent, the CloudWatch log group the service logs errors to;
 *   - the counters: ProcessedItemCount (lines read, in error included), ProcessedSizeBytes (their
 *     bytes), ImportedItemCount, ErrorCount.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ImportTableDescription.html
 */
import type { JobStatus } from "./export-descriptions";
import type { Failure } from "./export-import-errors";
import type { ImportRequest, S3BucketSource, TableCreationParameters } from "./imports";

export interface ImportCounts {
  processedItemCount: number;
  processedSizeBytes: number;
  importedItemCount: number;
  errorCount: number;
}

export interface ImportRecord extends ImportCounts {
  arn: string;
  tableName: string;
  tableArn: string;
  tableId: string;
  status: JobStatus;
  clientToken: string;
  request: ImportRequest;
  /** The caller's account: S3BucketOwner unless the request named one. */
  account: string;
  region: string;
  /** Epoch ms. */
  startTime: number;
  endTime?: number;
  failure?: Failure;
}

export interface ImportTableDescription {
  ImportArn: string;
  ImportStatus: JobStatus;
  TableArn: string;
  TableId: string;
  ClientToken: string;
  S3BucketSource: S3BucketSource;
  ErrorCount: number;
  CloudWatchLogGroupArn: string;
  InputFormat: string;
  InputFormatOptions?: object;
  InputCompressionType: string;
  TableCreationParameters: TableCreationParameters;
  StartTime: number;
  EndTime?: number;
  ProcessedSizeBytes: number;
  ProcessedItemCount: number;
  ImportedItemCount: number;
  FailureCode?: string;
  FailureMessage?: string;
}

const seconds = (ms: number) => ms / 1000;

/** The log group the service names in every import's description. */
export const importLogGroupArn = (region: string, account: string) =>
  `arn:aws:logs:${region}:${account}:log-group:/aws-dynamodb/imports:*`;

const bucketSource = (record: ImportRecord): S3BucketSource => ({
  S3BucketOwner: record.request.s3BucketSource.S3BucketOwner ?? record.account,
  ...record.request.s3BucketSource,
});

export function importDescription(record: ImportRecord): ImportTableDescription {
  const { request } = record;
  return {
    ImportArn: record.arn,
    ImportStatus: record.status,
    TableArn: record.tableArn,
    TableId: record.tableId,
    ClientToken: record.clientToken,
    S3BucketSource: bucketSource(record),
    ErrorCount: record.errorCount,
    CloudWatchLogGroupArn: importLogGroupArn(record.region, record.account),
    InputFormat: request.inputFormat,
    ...(request.inputFormatOptions !== undefined && { InputFormatOptions: request.inputFormatOptions }),
    InputCompressionType: request.inputCompressionType,
    TableCreationParameters: request.tableCreationParameters,
    StartTime: seconds(record.startTime),
    ...(record.endTime !== undefined && { EndTime: seconds(record.endTime) }),
    ProcessedSizeBytes: record.processedSizeBytes,
    ProcessedItemCount: record.processedItemCount,
    ImportedItemCount: record.importedItemCount,
    ...(record.failure && { FailureCode: record.failure.code, FailureMessage: record.failure.message }),
  };
}

export interface ImportSummary {
  ImportArn: string;
  ImportStatus: JobStatus;
  TableArn: string;
  S3BucketSource: S3BucketSource;
  CloudWatchLogGroupArn: string;
  InputFormat: string;
  StartTime: number;
  EndTime?: number;
}

export const importSummary = (record: ImportRecord): ImportSummary => ({
  ImportArn: record.arn,
  ImportStatus: record.status,
  TableArn: record.tableArn,
  S3BucketSource: bucketSource(record),
  CloudWatchLogGroupArn: importLogGroupArn(record.region, record.account),
  InputFormat: record.request.inputFormat,
  StartTime: seconds(record.startTime),
  ...(record.endTime !== undefined && { EndTime: seconds(record.endTime) }),
});
