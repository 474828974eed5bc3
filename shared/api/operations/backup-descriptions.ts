/**
 * A backup as the catalog keeps it (`BackupRecord`) and the shapes the backup operations answer
 * with: CreateBackup's BackupDetails, DescribeBackup's and DeleteBackup's BackupDescription,
 * ListBackups' page of BackupSummaries, and a restored table's RestoreSummary. Pure builders.
 *
 * As the service answers (recorded, docs/dynamodb-messages.md "Backups and point-in-time recovery"):
 *   - BackupStatus is CREATING in CreateBackup's answer, AVAILABLE once taken, DELETED in
 *     DeleteBackup's answer (the backup is gone at once after it);
 *   - BackupCreationDateTime is the request time, in seconds with milliseconds; BackupExpiryDateTime
 *     only for SYSTEM backups (35 days after their creation);
 *   - SourceTableFeatureDetails holds the indexes (name, keys, projection, a GSI's throughput),
 *     the stream and TTL when enabled, and nothing else: `{}` for a plain table;
 *   - ListBackups lists by creation time, [lower, upper) bounds, USER backups unless asked.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BackupDescription.html
 */
import { backupIdTime, parseBackupArn } from "../arns";
import { enabledStream, type StreamViewType } from "../streams/stream-meta";
import type { BillingMode, KeySchemaElement, OnDemandThroughput, ProjectionType, TableMeta } from "../table";
import type { ProvisionedThroughput } from "./common";
import type { RestoreSource } from "./restore-overrides";
import { type TimeToLiveDescription, timeToLiveDescription } from "./time-to-live";

export type BackupStatus = "CREATING" | "AVAILABLE" | "DELETED";
export type BackupType = "USER" | "SYSTEM";

/** How long the service keeps a SYSTEM backup (a deleted PITR table's). */
export const SYSTEM_BACKUP_RETENTION_MS = 35 * 24 * 3_600_000;
/** The random part of a SYSTEM backup's ARN (`arns.ts` `backupArn`). */
export const SYSTEM_BACKUP_RANDOM = "00000000";
/** The name of the SYSTEM backup DynamoDB makes when a table with PITR is deleted. */
export const systemBackupName = (tableName: string) => `${tableName}$DeletedTableBackup`;

/** What a backup keeps of its table's settings: what a restore reads, and its description's details. */
export type BackupSource = RestoreSource & Pick<TableMeta, "createdAt" | "streams" | "timeToLive">;

/** A backup. A `TableMeta` taken at the backup's time is a valid `source`. */
export interface BackupRecord {
  arn: string;
  name: string;
  tableName: string;
  tableArn: string;
  tableId: string;
  status: BackupStatus;
  type: BackupType;
  /** Epoch ms: the request's time, which the ARN's id starts with. */
  createdAt: number;
  /** Epoch ms: SYSTEM backups only, `createdAt + SYSTEM_BACKUP_RETENTION_MS`. */
  expiresAt?: number;
  /** The table's size and item count at the backup's time. */
  sizeBytes: number;
  itemCount: number;
  source: BackupSource;
}

export interface BackupDetails {
  BackupArn: string;
  BackupName: string;
  BackupSizeBytes: number;
  BackupStatus: BackupStatus;
  BackupType: BackupType;
  BackupCreationDateTime: number;
  BackupExpiryDateTime?: number;
}

const seconds = (ms: number) => ms / 1000;

/** CreateBackup's `BackupDetails`, and the first member of a `BackupDescription`. */
export function backupDetails(record: BackupRecord): BackupDetails {
  return {
    BackupArn: record.arn,
    BackupName: record.name,
    BackupSizeBytes: record.sizeBytes,
    BackupStatus: record.status,
    BackupType: record.type,
    BackupCreationDateTime: seconds(record.createdAt),
    ...(record.expiresAt !== undefined && { BackupExpiryDateTime: seconds(record.expiresAt) }),
  };
}

export interface BackupSummary {
  TableName: string;
  TableId: string;
  TableArn: string;
  BackupArn: string;
  BackupName: string;
  BackupCreationDateTime: number;
  BackupExpiryDateTime?: number;
  BackupStatus: BackupStatus;
  BackupType: BackupType;
  BackupSizeBytes: number;
}

/** One entry of ListBackups' `BackupSummaries`. */
export function backupSummary(record: BackupRecord): BackupSummary {
  return {
    TableName: record.tableName,
    TableId: record.tableId,
    TableArn: record.tableArn,
    BackupArn: record.arn,
    BackupName: record.name,
    BackupCreationDateTime: seconds(record.createdAt),
    ...(record.expiresAt !== undefined && { BackupExpiryDateTime: seconds(record.expiresAt) }),
    BackupStatus: record.status,
    BackupType: record.type,
    BackupSizeBytes: record.sizeBytes,
  };
}

export interface SourceTableDetails {
  TableName: string;
  TableId: string;
  TableArn: string;
  TableSizeBytes: number;
  KeySchema: KeySchemaElement[];
  TableCreationDateTime: number;
  ProvisionedThroughput: ProvisionedThroughput;
  OnDemandThroughput?: OnDemandThroughput;
  ItemCount: number;
  BillingMode: BillingMode;
}

interface ProjectionInfo {
  ProjectionType: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface LocalSecondaryIndexInfo {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: ProjectionInfo;
}

export interface GlobalSecondaryIndexInfo extends LocalSecondaryIndexInfo {
  ProvisionedThroughput: ProvisionedThroughput;
  OnDemandThroughput?: OnDemandThroughput;
}

export interface SourceTableFeatureDetails {
  LocalSecondaryIndexes?: LocalSecondaryIndexInfo[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndexInfo[];
  StreamDescription?: { StreamEnabled: true; StreamViewType: StreamViewType };
  TimeToLiveDescription?: TimeToLiveDescription;
}

export interface BackupDescription {
  BackupDetails: BackupDetails;
  SourceTableDetails: SourceTableDetails;
  SourceTableFeatureDetails: SourceTableFeatureDetails;
}

/** NonKeyAttributes sorted by name, as DescribeTable lists them. */
function projectionInfo(projection: { type: ProjectionType; nonKeyAttributes?: string[] }): ProjectionInfo {
  const { type, nonKeyAttributes } = projection;
  return nonKeyAttributes
    ? { ProjectionType: type, NonKeyAttributes: [...nonKeyAttributes].sort() }
    : { ProjectionType: type };
}

function sourceTableDetails(record: BackupRecord): SourceTableDetails {
  const { source } = record;
  return {
    TableName: record.tableName,
    TableId: record.tableId,
    TableArn: record.tableArn,
    TableSizeBytes: record.sizeBytes,
    KeySchema: source.keySchema,
    TableCreationDateTime: seconds(source.createdAt),
    ProvisionedThroughput: {
      ReadCapacityUnits: source.readCapacityUnits,
      WriteCapacityUnits: source.writeCapacityUnits,
    },
    ...(source.onDemandThroughput && { OnDemandThroughput: source.onDemandThroughput }),
    ItemCount: record.itemCount,
    BillingMode: source.billingMode,
  };
}

function sourceTableFeatureDetails(source: BackupSource): SourceTableFeatureDetails {
  const { localIndexes = [], globalIndexes = [] } = source;
  const stream = enabledStream(source.streams);
  return {
    ...(localIndexes.length > 0 && {
      LocalSecondaryIndexes: localIndexes.map((i) => ({
        IndexName: i.name,
        KeySchema: i.keySchema,
        Projection: projectionInfo(i.projection),
      })),
    }),
    ...(globalIndexes.length > 0 && {
      GlobalSecondaryIndexes: globalIndexes.map((i) => ({
        IndexName: i.name,
        KeySchema: i.keySchema,
        Projection: projectionInfo(i.projection),
        ProvisionedThroughput: { ReadCapacityUnits: i.readCapacityUnits, WriteCapacityUnits: i.writeCapacityUnits },
        ...(i.onDemandThroughput && { OnDemandThroughput: i.onDemandThroughput }),
      })),
    }),
    ...(stream && { StreamDescription: { StreamEnabled: true, StreamViewType: stream.viewType } }),
    ...(source.timeToLive?.enabled && { TimeToLiveDescription: timeToLiveDescription(source.timeToLive) }),
  };
}

/** DescribeBackup's and DeleteBackup's `BackupDescription`. */
export function backupDescription(record: BackupRecord): BackupDescription {
  return {
    BackupDetails: backupDetails(record),
    SourceTableDetails: sourceTableDetails(record),
    SourceTableFeatureDetails: sourceTableFeatureDetails(record.source),
  };
}

/** ListBackups' request as validated (backups.ts `validateListBackups`). */
export interface ListBackupsRequest {
  /** A table's name or ARN. */
  tableName?: string;
  limit?: number;
  /** Epoch ms, inclusive. */
  lowerBound?: number;
  /** Epoch ms, exclusive. */
  upperBound?: number;
  exclusiveStartBackupArn?: string;
  backupType: "USER" | "SYSTEM" | "AWS_BACKUP" | "ALL";
}

export interface ListBackupsOutput {
  BackupSummaries: BackupSummary[];
  LastEvaluatedBackupArn?: string;
}

const byCreation = (a: { createdAt: number; arn: string }, b: { createdAt: number; arn: string }) =>
  a.createdAt - b.createdAt || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);

/**
 * ListBackups' answer over `records` (the account's backups in the region): those not DELETED that
 * pass the filters, by creation time, from after ExclusiveStartBackupArn (a pure cursor: it need not
 * name a backup that still exists), at most `limit`, and LastEvaluatedBackupArn only when more follow.
 */
export function listBackupsOutput(records: readonly BackupRecord[], request: ListBackupsRequest): ListBackupsOutput {
  const { tableName, lowerBound, upperBound, backupType } = request;
  const types: readonly string[] = backupType === "ALL" ? ["USER", "SYSTEM", "AWS_BACKUP"] : [backupType];
  const cursor = request.exclusiveStartBackupArn;
  const cursorId = cursor === undefined ? undefined : parseBackupArn(cursor)?.id;
  const after =
    cursor === undefined ? undefined : { createdAt: cursorId ? backupIdTime(cursorId) : -Infinity, arn: cursor };
  const matching = records
    .filter(
      (r) =>
        r.status !== "DELETED" &&
        types.includes(r.type) &&
        (tableName === undefined || tableName === r.tableName || tableName === r.tableArn) &&
        (lowerBound === undefined || r.createdAt >= lowerBound) &&
        (upperBound === undefined || r.createdAt < upperBound) &&
        (after === undefined || byCreation(r, after) > 0),
    )
    .sort(byCreation);
  const page = request.limit === undefined ? matching : matching.slice(0, request.limit);
  return {
    BackupSummaries: page.map(backupSummary),
    ...(page.length < matching.length && { LastEvaluatedBackupArn: page[page.length - 1].arn }),
  };
}
