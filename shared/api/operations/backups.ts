/**
 * On-demand backups and restores: the requests of CreateBackup, DescribeBackup, DeleteBackup,
 * ListBackups, RestoreTableFromBackup and RestoreTableToPointInTime, and the checks DynamoDB makes
 * on them before it looks a table or backup up. What a restore makes is restore-overrides.ts's,
 * the answers' shapes backup-descriptions.ts's, the errors and their words backup-errors.ts's, the
 * ARNs arns.ts's.
 *
 * Request checks, in the service's order:
 *   1. the member constraints (schema.ts), in the API model's member order; a TableName is a name
 *      or a table ARN (1 to 1024 characters), then a name follows the naming rules;
 *   2. RestoreTableToPointInTime: one of RestoreDateTime and UseLatestRestorableTime (true), then
 *      one of SourceTableArn and SourceTableName, then the ARN's form;
 *   3. the restore overrides that need no source (restore-overrides.ts `checkOverrideRequest`);
 *   ListBackups: lower bound not above the upper one.
 * Left to the handlers, with the caller's account and region: a BackupArn's form, partition, region
 * and account (`checkBackupArn`), a TableName ARN's (`tableNameOf`), a SourceTableArn's account
 * (`sourceTableOf`).
 * Sources of each wording: docs/dynamodb-messages.md, "Backups and point-in-time recovery".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html
 */
import { type BackupArnParts, parseBackupArn, parseTableArn } from "../arns";
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import type { BillingMode, OnDemandThroughput } from "../table";
import { TABLE_NAME_PATTERN, tableNameViolations } from "../table-names";
import type { ListBackupsRequest } from "./backup-descriptions";
import {
  accessDenied,
  BOTH_RESTORE_TIMES,
  BOTH_SOURCE_TABLES,
  backupArnNotValid,
  INVERTED_TIME_RANGE,
  invalidBackupArn,
  NO_RESTORE_TIME,
  NO_SOURCE_TABLE,
  otherAccountSourceTable,
  SOURCE_TABLE_ARN_NOT_VALID,
} from "./backup-errors";
import {
  ON_DEMAND_THROUGHPUT,
  PROVISIONED_THROUGHPUT,
  type ProvisionedThroughput,
  SSE_SPECIFICATION,
  tableNameFromArn,
} from "./common";
import { checkOverrideRequest, type RestoreRequest, type SseSpecification } from "./restore-overrides";
import {
  type GlobalSecondaryIndexInput,
  globalSecondaryIndexShape,
  LOCAL_SECONDARY_INDEX,
  type LocalSecondaryIndexInput,
} from "./secondary-indexes";

/** A table's name or ARN, as the API model's TableArn shape allows; the naming rules come after. */
export const TABLE_NAME_OR_ARN: Shape = { type: "string", minLength: 1, maxLength: 1024 };
/** Names follow the table naming rules; length reported before pattern, as for table and index names. */
const NAME: Shape = { type: "string", minLength: 3, maxLength: 255, regex: TABLE_NAME_PATTERN, lengthFirst: true };
const BACKUP_ARN: Shape = { type: "string", notNull: true, minLength: 37, maxLength: 1024 };

/** Both restores' overrides, in the model's order. */
const OVERRIDES: Members = {
  BillingModeOverride: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
  GlobalSecondaryIndexOverride: { type: "list", member: globalSecondaryIndexShape("GlobalSecondaryIndex", true) },
  LocalSecondaryIndexOverride: { type: "list", member: LOCAL_SECONDARY_INDEX },
  ProvisionedThroughputOverride: PROVISIONED_THROUGHPUT,
  OnDemandThroughputOverride: ON_DEMAND_THROUGHPUT,
  SSESpecificationOverride: SSE_SPECIFICATION,
};

const CREATE_BACKUP: Members = {
  TableName: { ...TABLE_NAME_OR_ARN, required: true },
  BackupName: { ...NAME, notNull: true },
};
const BACKUP_ARN_ONLY: Members = { BackupArn: BACKUP_ARN };
const LIST_BACKUPS: Members = {
  TableName: TABLE_NAME_OR_ARN,
  Limit: { type: "integer", min: 1, max: 100 },
  TimeRangeLowerBound: { type: "double" },
  TimeRangeUpperBound: { type: "double" },
  ExclusiveStartBackupArn: { ...BACKUP_ARN, notNull: false },
  BackupType: { type: "string", enum: ["USER", "SYSTEM", "AWS_BACKUP", "ALL"] },
};
const RESTORE_FROM_BACKUP: Members = {
  TargetTableName: { ...NAME, notNull: true },
  BackupArn: BACKUP_ARN,
  ...OVERRIDES,
};
const RESTORE_TO_POINT_IN_TIME: Members = {
  SourceTableArn: TABLE_NAME_OR_ARN,
  SourceTableName: NAME,
  TargetTableName: { ...NAME, notNull: true },
  UseLatestRestorableTime: { type: "boolean" },
  RestoreDateTime: { type: "double" },
  ...OVERRIDES,
};

interface OverridesInput {
  TargetTableName: string;
  BillingModeOverride?: BillingMode;
  GlobalSecondaryIndexOverride?: GlobalSecondaryIndexInput[];
  LocalSecondaryIndexOverride?: LocalSecondaryIndexInput[];
  ProvisionedThroughputOverride?: ProvisionedThroughput;
  OnDemandThroughputOverride?: OnDemandThroughput;
  SSESpecificationOverride?: SseSpecification;
}

/** A timestamp of the request (epoch seconds, fractional) in epoch milliseconds. */
const millis = (seconds: number) => Math.round(seconds * 1000);

/**
 * A TableName that is not an ARN against the naming rules, reported as the data plane reports
 * them (after the other constraints, in one message, length before pattern).
 */
export function checkTableNameOrArn(value: string | undefined): void {
  if (value === undefined || value.startsWith("arn:")) return;
  const broken = tableNameViolations(value);
  if (broken.length === 0) return;
  const errors = broken.map((c) => `Value '${value}' at 'tableName' failed to satisfy constraint: ${c}`);
  throw new ValidationException(
    `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`,
  );
}

/** The table a TableName names: itself, or the name in its ARN, checked as the tagging operations check one. */
export function tableNameOf(nameOrArn: string, region: string, account: string): string {
  return nameOrArn.startsWith("arn:") ? tableNameFromArn(nameOrArn, region, account) : nameOrArn;
}

export function validateCreateBackup(body: Record<string, unknown>): { tableName: string; backupName: string } {
  const input = parseRequest<{ TableName: string; BackupName: string }>(body, CREATE_BACKUP);
  checkTableNameOrArn(input.TableName);
  return { tableName: input.TableName, backupName: input.BackupName };
}

export function validateDescribeBackup(body: Record<string, unknown>): { backupArn: string } {
  return { backupArn: parseRequest<{ BackupArn: string }>(body, BACKUP_ARN_ONLY).BackupArn };
}

export function validateDeleteBackup(body: Record<string, unknown>): { backupArn: string } {
  return validateDescribeBackup(body);
}

const BACKUP_RESOURCE = /^table\/([a-zA-Z0-9_.-]{3,255})\/backup\/(\d{14}-[0-9a-f]{8})$/;

/**
 * The parts of a request's BackupArn, checked as DescribeBackup, DeleteBackup and
 * RestoreTableFromBackup check it before the lookup: not a backup's ARN at all (a table's, any
 * other string) is "Invalid Backup ARN"; another partition or service, or a region `isRegion` does
 * not know, "BackupArn is not valid"; an empty region or another account, AccessDeniedException.
 * The service finds a backup whatever region its ARN names (it echoes the ARN as sent): the
 * region is the caller's to compare.
 */
export function checkBackupArn(arn: string, account: string, isRegion: (region: string) => boolean): BackupArnParts {
  const fields = arn.split(":");
  const resource = fields.length === 6 && fields[0] === "arn" ? BACKUP_RESOURCE.exec(fields[5]) : null;
  if (!resource) throw invalidBackupArn();
  const [, partition, service, region, arnAccount] = fields;
  if (partition !== "aws" || service !== "dynamodb") throw backupArnNotValid();
  if (region === "") throw accessDenied();
  if (!isRegion(region)) throw backupArnNotValid();
  if (arnAccount !== account) throw accessDenied();
  return { partition, region, account: arnAccount, tableName: resource[1], id: resource[2] };
}

export function validateListBackups(body: Record<string, unknown>): ListBackupsRequest {
  const input = parseRequest<{
    TableName?: string;
    Limit?: number;
    TimeRangeLowerBound?: number;
    TimeRangeUpperBound?: number;
    ExclusiveStartBackupArn?: string;
    BackupType?: ListBackupsRequest["backupType"];
  }>(body, LIST_BACKUPS);
  checkTableNameOrArn(input.TableName);
  const lowerBound = input.TimeRangeLowerBound === undefined ? undefined : millis(input.TimeRangeLowerBound);
  const upperBound = input.TimeRangeUpperBound === undefined ? undefined : millis(input.TimeRangeUpperBound);
  if (lowerBound !== undefined && upperBound !== undefined && lowerBound > upperBound) {
    throw new ValidationException(INVERTED_TIME_RANGE);
  }
  const cursor = input.ExclusiveStartBackupArn;
  if (cursor !== undefined && !parseBackupArn(cursor)) throw invalidBackupArn();
  return {
    ...(input.TableName !== undefined && { tableName: input.TableName }),
    ...(input.Limit !== undefined && { limit: input.Limit }),
    ...(lowerBound !== undefined && { lowerBound }),
    ...(upperBound !== undefined && { upperBound }),
    ...(cursor !== undefined && { exclusiveStartBackupArn: cursor }),
    backupType: input.BackupType ?? "USER",
  };
}

/** The restore request common to both restores, with the overrides' request-only rules checked. */
function restoreRequest(input: OverridesInput): RestoreRequest {
  const request: RestoreRequest = {
    targetTableName: input.TargetTableName,
    ...(input.BillingModeOverride && { billingModeOverride: input.BillingModeOverride }),
    ...(input.ProvisionedThroughputOverride && { provisionedThroughputOverride: input.ProvisionedThroughputOverride }),
    ...(input.OnDemandThroughputOverride && { onDemandThroughputOverride: input.OnDemandThroughputOverride }),
    ...(input.GlobalSecondaryIndexOverride && { globalSecondaryIndexOverride: input.GlobalSecondaryIndexOverride }),
    ...(input.LocalSecondaryIndexOverride && { localSecondaryIndexOverride: input.LocalSecondaryIndexOverride }),
    ...(input.SSESpecificationOverride && { sseSpecificationOverride: input.SSESpecificationOverride }),
  };
  checkOverrideRequest(request);
  return request;
}

export function validateRestoreTableFromBackup(body: Record<string, unknown>): RestoreRequest & { backupArn: string } {
  const input = parseRequest<OverridesInput & { BackupArn: string }>(body, RESTORE_FROM_BACKUP);
  return { ...restoreRequest(input), backupArn: input.BackupArn };
}

export type PointInTimeRestoreRequest = RestoreRequest & {
  /** Exactly one of the two source members is set. */
  sourceTableName?: string;
  /** A well-formed table ARN; its account and region are the handler's to check (`sourceTableOf`). */
  sourceTableArn?: string;
  useLatestRestorableTime: boolean;
  /** Epoch ms; set exactly when `useLatestRestorableTime` is false. */
  restoreDateTime?: number;
};

export function validateRestoreTableToPointInTime(body: Record<string, unknown>): PointInTimeRestoreRequest {
  const input = parseRequest<
    OverridesInput & {
      SourceTableArn?: string;
      SourceTableName?: string;
      UseLatestRestorableTime?: boolean;
      RestoreDateTime?: number;
    }
  >(body, RESTORE_TO_POINT_IN_TIME);
  const useLatest = input.UseLatestRestorableTime === true;
  if (useLatest && input.RestoreDateTime !== undefined) throw new ValidationException(BOTH_RESTORE_TIMES);
  if (!useLatest && input.RestoreDateTime === undefined) throw new ValidationException(NO_RESTORE_TIME);
  if (input.SourceTableArn !== undefined && input.SourceTableName !== undefined) {
    throw new ValidationException(BOTH_SOURCE_TABLES);
  }
  if (input.SourceTableArn === undefined && input.SourceTableName === undefined) {
    throw new ValidationException(NO_SOURCE_TABLE);
  }
  if (input.SourceTableArn !== undefined && !parseTableArn(input.SourceTableArn)) {
    throw new ValidationException(SOURCE_TABLE_ARN_NOT_VALID);
  }
  return {
    ...restoreRequest(input),
    ...(input.SourceTableName !== undefined && { sourceTableName: input.SourceTableName }),
    ...(input.SourceTableArn !== undefined && { sourceTableArn: input.SourceTableArn }),
    useLatestRestorableTime: useLatest,
    ...(input.RestoreDateTime !== undefined && { restoreDateTime: millis(input.RestoreDateTime) }),
  };
}

/**
 * The source table a point-in-time restore names, for `account`: by name, or by an ARN of that
 * account (another account's is a ValidationException). `region` is set for an ARN: a region other
 * than the caller's is a cross-region restore, which needs SSESpecificationOverride
 * (backup-errors.ts `crossRegionRestoreNeedsSse`).
 */
export function sourceTableOf(
  request: Pick<PointInTimeRestoreRequest, "sourceTableName" | "sourceTableArn">,
  account: string,
): { tableName: string; region?: string } {
  if (request.sourceTableArn === undefined) return { tableName: request.sourceTableName ?? "" };
  const parts = parseTableArn(request.sourceTableArn);
  if (!parts) throw new ValidationException(SOURCE_TABLE_ARN_NOT_VALID);
  if (parts.account !== account) throw otherAccountSourceTable();
  return { tableName: parts.tableName, region: parts.region };
}
