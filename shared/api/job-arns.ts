/**
 * The ARNs of exports and imports, as DynamoDB names them: the table's ARN, `/export/` or
 * `/import/`, and an id of the request's time in epoch milliseconds zero-padded to 14 digits, `-`
 * and 8 lower-case hex digits, e.g.
 * `arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog/export/01234567890123-a1b2c3d4`.
 * An export's id also names its folder (`AWSDynamoDB/<id>/`), and its time is the export's StartTime.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html
 */

export type JobKind = "export" | "import";

/** A job id: `startMs` in 14 digits, `-`, `random` (8 hex digits, injected). */
export const jobId = (startMs: number, random: string) => `${String(startMs).padStart(14, "0")}-${random}`;

export const exportArn = (tableArn: string, id: string) => `${tableArn}/export/${id}`;
export const importArn = (tableArn: string, id: string) => `${tableArn}/import/${id}`;

export interface JobArnParts {
  partition: string;
  region: string;
  account: string;
  tableName: string;
  id: string;
}

const JOB_ARN =
  /^arn:([^:]+):([^:]*):([^:]*):([^:]*):table\/([a-zA-Z0-9_.-]{3,255})\/(export|import)\/(\d{14}-[0-9a-f]{8})$/;

/** The parts of `arn` when it is a job ARN of `kind` in form (its partition, service, region and account unchecked). */
export function parseJobArn(arn: string, kind: JobKind): (JobArnParts & { service: string }) | undefined {
  const match = JOB_ARN.exec(arn);
  if (!match || match[6] !== kind) return undefined;
  const [, partition, service, region, account, tableName, , id] = match;
  return { partition, service, region, account, tableName, id };
}

/** The table ARN a job ARN starts with. */
export const tableArnOfJob = (arn: string) => arn.slice(0, arn.search(/\/(export|import)\//));
