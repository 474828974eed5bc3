/**
 * The errors of on-demand backups and point-in-time recovery, each with the words the service
 * answers it with: one place for the feature's wordings, used by the validators (backups.ts,
 * continuous-backups.ts, restore-overrides.ts) and by the handlers that look tables and backups up.
 * Sources of each wording: docs/dynamodb-messages.md, "Backups and point-in-time recovery".
 */
import {
  AccessDeniedException,
  BackupInUseException,
  BackupNotFoundException,
  ContinuousBackupsUnavailableException,
  InvalidRestoreTimeException,
  PointInTimeRecoveryUnavailableException,
  TableAlreadyExistsException,
  TableInUseException,
  TableNotFoundException,
  ValidationException,
} from "../errors";

/** An instant as these messages print it: ISO 8601, UTC, whole seconds (`2026-10-06T23:16:32Z`). */
export const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

// Looking a backup up (DescribeBackup, DeleteBackup, RestoreTableFromBackup).

/** A well-formed BackupArn that names no backup of the caller's (deleted ones included). */
export const backupNotFound = (arn: string) => new BackupNotFoundException(`Backup not found: ${arn}`);

/** A BackupArn that is not a backup's ARN at all: a table's ARN, or any other string. */
export const invalidBackupArn = () => new ValidationException("Invalid Backup ARN");

/** A backup ARN of another partition or service, or of a region the service does not know. */
export const backupArnNotValid = () => new ValidationException("BackupArn is not valid");

/** An ARN of another account (and, oddly, a backup ARN with an empty region). */
export const accessDenied = () => new AccessDeniedException("Access is denied");

/** DeleteBackup of a SYSTEM backup. The service's format of the expiry time is not recorded: ISO here. */
export const systemBackupUndeletable = (arn: string, expiresAtMs: number) =>
  new ValidationException(
    `User is not allowed to delete the system backup with arn ${arn}. It will automatically expire on ${isoSeconds(expiresAtMs)}`,
  );

/** RestoreTableFromBackup from a backup that feeds another restore still in progress. */
export const backupRestoringAnotherTable = (arn: string) =>
  new BackupInUseException(`Backup is being used to restore another table: ${arn}`);

/** DeleteBackup of a backup that feeds a restore still in progress. */
export const backupRestoringTable = (arn: string) =>
  new BackupInUseException(`Backup is being used to restore table: ${arn}`);

// Looking the source table up (CreateBackup, Update/DescribeContinuousBackups, RestoreTableToPointInTime).

/** A missing table, or one still CREATING: the two answers are identical. */
export const tableNotFound = (name: string) => new TableNotFoundException(`Table not found: ${name}`);

/** CreateBackup or UpdateContinuousBackups in the seconds after a new table turns ACTIVE. */
export const backupsBeingEnabled = (name: string) =>
  new ContinuousBackupsUnavailableException(`Backups are being enabled for the table: ${name}. Please retry later`);

/** RestoreTableToPointInTime from a table without PITR (both UseLatestRestorableTime and RestoreDateTime). */
export const pitrNotEnabled = (name: string) =>
  new PointInTimeRecoveryUnavailableException(`Point in time recovery is not enabled for table '${name}'`);

/** A RestoreDateTime outside the window, in the future included. */
export const invalidRestoreTime = (requestedMs: number, earliestMs: number, latestMs: number) =>
  new InvalidRestoreTimeException(
    `RestoreDateTime '${isoSeconds(requestedMs)}' must be within EarliestRestorableDateTime '${isoSeconds(earliestMs)}' and LatestRestorableDateTime '${isoSeconds(latestMs)}'`,
  );

// The restore's target table.

/** The target exists, ACTIVE or still DELETING (the source itself included). */
export const tableAlreadyExists = (name: string) => new TableAlreadyExistsException(`Table already exists: ${name}`);

/** The target is the CREATING target of another restore, from backup `source`. */
export const tableBeingRestored = (name: string, source: string) =>
  new TableInUseException(`Table: ${name} is already being restored from backup: ${source}`);

/** A BackupArn or SourceTableArn of another region without SSESpecificationOverride. */
export const crossRegionRestoreNeedsSse = () =>
  new ValidationException("Invalid Request: sseSpecificationOverride must be provided for cross-region restores");

// RestoreTableToPointInTime's request (checked in backups.ts, after the member constraints).

export const BOTH_RESTORE_TIMES =
  "Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore request. Please specify either RestoreDateTime time or UseLatestRestorableTime";
export const NO_RESTORE_TIME =
  "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both";
export const BOTH_SOURCE_TABLES = "Must provide exactly one of: sourceTableArn, sourceTableName";
export const NO_SOURCE_TABLE = "The parameter 'TableName' is required but was not present in the request";
export const SOURCE_TABLE_ARN_NOT_VALID = "sourceTableArn is not a valid ARN";
/** A SourceTableArn of another account: a ValidationException here, not AccessDeniedException. */
export const otherAccountSourceTable = () =>
  new ValidationException("This action is only supported by accounts that match the resource owner's account");

// UpdateContinuousBackups and ListBackups.

export const PERIOD_WHEN_DISABLING =
  "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.";
export const INVERTED_TIME_RANGE = "Time range lower bound must be less than or equal to upper bound";

// The restore overrides (restore-overrides.ts).

export const OVERRIDE_THROUGHPUT_NOT_PROVISIONED =
  "Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED";
export const PROVISIONED_WITHOUT_THROUGHPUT =
  "Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED";
export const onDemandNotPayPerRequest = (member: string) =>
  `Cannot override ${member} for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST`;
export const onDemandOutOfRange = (member: string) =>
  `Requested ${member} for OnDemandThroughput is outside of valid range`;
export const indexNotInSource = (index: string) =>
  `Index ${index} does not match a secondary index that existed in the source table and cannot be created during the restore operation`;
export const indexThroughputMissing = (index: string) => `Must specify provisioned throughput for index ${index}`;
export const indexThroughputNotPayPerRequest = (index: string) =>
  `Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST for index ${index}`;
