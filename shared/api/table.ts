/**
 * A table as the catalog keeps it, and its DynamoDB `TableDescription`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
 */

import { indexArn } from "./arns";
import type { ScalarAttributeType } from "./attribute-value";
import type { KeySchema } from "./key-schema";
import { describeStreams, type StreamDescription, type StreamMeta } from "./streams/stream-meta";

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: "HASH" | "RANGE";
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarAttributeType;
}

export type BillingMode = "PROVISIONED" | "PAY_PER_REQUEST";
export type TableStatus = "CREATING" | "ACTIVE" | "UPDATING" | "DELETING";
export type IndexStatus = "CREATING" | "ACTIVE" | "UPDATING" | "DELETING";
export type ProjectionType = "ALL" | "INCLUDE" | "KEYS_ONLY";

/** What an index holds besides its own and its table's key attributes. */
export interface IndexProjection {
  type: ProjectionType;
  /** INCLUDE only: the other attributes copied into the index, as requested (key attributes may be named too). */
  nonKeyAttributes?: string[];
}

/** A local secondary index: the table's partition key, another sort key; kept in the table's own partitions. */
export interface LocalIndexMeta {
  name: string;
  /** `[table partition key HASH, index sort key RANGE]`. */
  keySchema: KeySchemaElement[];
  projection: IndexProjection;
}

/** The upper bounds of an on-demand table's or index's throughput; an absent member has no bound. */
export interface OnDemandThroughput {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

/**
 * A global secondary index: a table of its own to the metadata object (own id, partition map and
 * replication groups), fed from its base table's committed changes.
 */
export interface GlobalIndexMeta extends LocalIndexMeta {
  /** A table id of its own, which names the index's partition map. */
  id: string;
  status: IndexStatus;
  /**
   * DescribeTable's tri-state `Backfilling`, only for an index added by UpdateTable while it is
   * CREATING: false while its resources are allocated, true while existing items are copied in.
   * Absent for indexes made with their table and for every index once ACTIVE.
   */
  backfilling?: boolean;
  /** Provisioned capacity; 0 under PAY_PER_REQUEST. Decreases are counted per index, apart from the table's. */
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /** Epoch milliseconds. */
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday: number;
  /** PAY_PER_REQUEST only, when set. */
  onDemandThroughput?: OnDemandThroughput;
}

/** Another region of a global table (version 2019.11.21), as this region's catalog knows it. */
export interface ReplicaMeta {
  region: string;
  status: "CREATING" | "ACTIVE" | "UPDATING" | "DELETING";
}

/** The global tables version DescribeTable names once a table has replicas. */
export const GLOBAL_TABLE_VERSION = "2019.11.21";

/** The legacy global tables version, the one CreateGlobalTable makes. */
export const LEGACY_GLOBAL_TABLE_VERSION = "2017.11.29";

export interface TableMeta {
  name: string;
  /** A fresh UUID per table incarnation: a re-created table never sees its predecessor's data. */
  id: string;
  arn: string;
  status: TableStatus;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  billingMode: BillingMode;
  /** Provisioned capacity; 0 under PAY_PER_REQUEST. */
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /** Epoch milliseconds. */
  createdAt: number;
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday: number;
  payPerRequestSince?: number;
  deletionProtection: boolean;
  tableClass: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  /** The OTHER regions of the global table, in the order they joined; empty or absent: not global. */
  replicas?: ReplicaMeta[];
  /**
   * Set while the table is a replica of a version 2017.11.29 global table (CreateGlobalTable,
   * UpdateGlobalTable): its `replicas` are then the other regions of that global table, and
   * DescribeTable does not show them (DescribeGlobalTable does).
   */
  globalTableVersion?: typeof LEGACY_GLOBAL_TABLE_VERSION;
  /** Epoch milliseconds: when the version 2017.11.29 global table was created. */
  globalTableCreatedAt?: number;
  /** In the order they were declared; absent or empty: none. */
  localIndexes?: LocalIndexMeta[];
  /** In the order they were declared or added; absent or empty: none. */
  globalIndexes?: GlobalIndexMeta[];
  /** Index changes of a 2019.11.21 global table this region still passes on to the others, oldest first. */
  indexUpdatesToShip?: IndexUpdateToShip[];
  /** Time to Live: the attribute holding each item's expiry (epoch seconds), whether it is on, and its last change (epoch ms). */
  timeToLive?: { attributeName: string; enabled: boolean; changedAt: number };
  /** Its streams, oldest first: the latest may be enabled, the others are disabled (streams/stream-meta.ts). */
  streams?: StreamMeta[];
  /** Set on a table a restore creates (workers/metadata/restores.ts). */
  restore?: TableRestore;
  /**
   * Set on a table ImportTable creates (workers/metadata/imports.ts) until its items are loaded: the
   * import's ARN, and `loading` once its replicas are configured. DescribeTable shows nothing of it.
   */
  importing?: { arn: string; loading?: boolean };
  /** Point-in-time recovery (operations/continuous-backups.ts); absent: never turned on. */
  pitr?: PitrState;
}

/** A table's point-in-time recovery. */
export interface PitrState {
  enabled: boolean;
  recoveryPeriodInDays: number;
  /**
   * Epoch ms: while enabled, the earliest time a restore may ask for: when it was last enabled, or
   * (workers/metadata/point-in-time.ts) the latest of its partitions' first snapshots.
   */
  enabledAt?: number;
}

/**
 * Where a restored table comes from: a backup (its ARN, and its creation time as `restoreDateTime`)
 * or a table at a point in time; `inProgress` until its items are loaded, the table CREATING.
 */
export interface TableRestore {
  sourceBackupArn?: string;
  sourceTableArn: string;
  /** Epoch ms. */
  restoreDateTime: number;
  inProgress: boolean;
  /** Set once the table's replicas are configured: its items are being loaded. */
  loading?: boolean;
}

export interface RestoreSummary {
  SourceBackupArn?: string;
  SourceTableArn: string;
  RestoreDateTime: number;
  RestoreInProgress: boolean;
}

/**
 * A restored table's `RestoreSummary`, which DescribeTable shows while it is CREATING only. A backup
 * restore's time is the backup's creation time.
 */
export function restoreSummary(restore: Omit<TableRestore, "loading">): RestoreSummary {
  return {
    ...(restore.sourceBackupArn !== undefined && { SourceBackupArn: restore.sourceBackupArn }),
    SourceTableArn: restore.sourceTableArn,
    RestoreDateTime: seconds(restore.restoreDateTime),
    RestoreInProgress: restore.inProgress,
  };
}

/**
 * An index change a region of a global table passes on (workers/replication/index-updates.ts):
 * UpdateTable's request with its index creates and deletes only, and the regions yet to take it.
 */
export interface IndexUpdateToShip {
  regions: string[];
  input: { TableName: string; AttributeDefinitions?: AttributeDefinition[]; GlobalSecondaryIndexUpdates: object[] };
}

/** The data path's view of a table's key schema. */
export function keySchemaOf(table: Pick<TableMeta, "keySchema" | "attributeDefinitions">): KeySchema {
  const typeOf = (name: string) => {
    const def = table.attributeDefinitions.find((d) => d.AttributeName === name);
    if (!def) throw new Error(`key attribute ${name} has no definition`);
    return def.AttributeType;
  };
  const [hash, range] = table.keySchema;
  const schema: KeySchema = { hash: { name: hash.AttributeName, type: typeOf(hash.AttributeName) } };
  if (range) schema.range = { name: range.AttributeName, type: typeOf(range.AttributeName) };
  return schema;
}

/** The data path's view of an index's key schema, typed by its table's attribute definitions. */
export function indexKeySchemaOf(
  table: Pick<TableMeta, "attributeDefinitions">,
  index: Pick<LocalIndexMeta, "keySchema">,
): KeySchema {
  return keySchemaOf({ keySchema: index.keySchema, attributeDefinitions: table.attributeDefinitions });
}

export type FoundIndex = { kind: "local"; index: LocalIndexMeta } | { kind: "global"; index: GlobalIndexMeta };

/** The table's index named `name`, of either kind. */
export function findIndex(
  table: Pick<TableMeta, "localIndexes" | "globalIndexes">,
  name: string,
): FoundIndex | undefined {
  const local = table.localIndexes?.find((i) => i.name === name);
  if (local) return { kind: "local", index: local };
  const global = table.globalIndexes?.find((i) => i.name === name);
  return global && { kind: "global", index: global };
}

const seconds = (ms: number) => ms / 1000;

export interface IndexStats {
  itemCount: number;
  sizeBytes: number;
}

export interface TableStats extends IndexStats {
  /** Each index's, by index name; an index without an entry shows 0 and 0. */
  indexes?: ReadonlyMap<string, IndexStats>;
}

export interface ProvisionedThroughputDescription {
  NumberOfDecreasesToday: number;
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export interface TableDescription extends StreamDescription {
  AttributeDefinitions: AttributeDefinition[];
  TableName: string;
  KeySchema: KeySchemaElement[];
  TableStatus: TableStatus;
  CreationDateTime: number;
  ProvisionedThroughput: ProvisionedThroughputDescription;
  TableSizeBytes: number;
  ItemCount: number;
  TableArn: string;
  TableId: string;
  LocalSecondaryIndexes?: LocalSecondaryIndexDescription[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndexDescription[];
  DeletionProtectionEnabled: boolean;
  BillingModeSummary?: { BillingMode: BillingMode; LastUpdateToPayPerRequestDateTime: number };
  GlobalTableVersion?: typeof GLOBAL_TABLE_VERSION;
  /**
   * The other regions only: DescribeTable in a region never lists that region itself.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_versions.html
   */
  Replicas?: { RegionName: string; ReplicaStatus: ReplicaMeta["status"] }[];
  TableClassSummary?: { TableClass: TableMeta["tableClass"] };
}

export interface ProjectionDescription {
  ProjectionType: ProjectionType;
  NonKeyAttributes?: string[];
}

/** Exactly these members: an LSI has no status, throughput or backfilling of its own. */
export interface LocalSecondaryIndexDescription {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: ProjectionDescription;
  IndexSizeBytes: number;
  ItemCount: number;
  IndexArn: string;
}

export interface GlobalSecondaryIndexDescription {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: ProjectionDescription;
  IndexStatus: IndexStatus;
  Backfilling?: boolean;
  ProvisionedThroughput: ProvisionedThroughputDescription;
  IndexSizeBytes: number;
  ItemCount: number;
  IndexArn: string;
  OnDemandThroughput?: OnDemandThroughput;
}

type Throughput = Pick<
  TableMeta,
  "decreasesToday" | "readCapacityUnits" | "writeCapacityUnits" | "lastIncreaseAt" | "lastDecreaseAt"
>;

/** A table's or a GSI's `ProvisionedThroughput` (0 and 0 under PAY_PER_REQUEST, never absent). */
function describeThroughput(of: Throughput): ProvisionedThroughputDescription {
  const throughput: ProvisionedThroughputDescription = {
    NumberOfDecreasesToday: of.decreasesToday,
    ReadCapacityUnits: of.readCapacityUnits,
    WriteCapacityUnits: of.writeCapacityUnits,
  };
  if (of.lastIncreaseAt) throughput.LastIncreaseDateTime = seconds(of.lastIncreaseAt);
  if (of.lastDecreaseAt) throughput.LastDecreaseDateTime = seconds(of.lastDecreaseAt);
  return throughput;
}

/** DynamoDB returns `NonKeyAttributes` sorted by name, whatever the order they were sent in. */
function describeProjection(projection: IndexProjection): ProjectionDescription {
  const { type, nonKeyAttributes } = projection;
  return nonKeyAttributes
    ? { ProjectionType: type, NonKeyAttributes: [...nonKeyAttributes].sort() }
    : { ProjectionType: type };
}

const NO_STATS: IndexStats = { itemCount: 0, sizeBytes: 0 };

export function describeLocalIndex(
  table: TableMeta,
  index: LocalIndexMeta,
  stats = NO_STATS,
): LocalSecondaryIndexDescription {
  return {
    IndexName: index.name,
    KeySchema: index.keySchema,
    Projection: describeProjection(index.projection),
    IndexSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: indexArn(table.arn, index.name),
  };
}

/**
 * A GSI as DescribeTable (and CreateTable, UpdateTable) show it. No `WarmThroughput`: the service
 * shows one on every GSI and on the table in DescribeTable, and this server shows it on neither.
 */
export function describeGlobalIndex(
  table: TableMeta,
  index: GlobalIndexMeta,
  stats = NO_STATS,
): GlobalSecondaryIndexDescription {
  const backfilling = index.status === "CREATING" ? index.backfilling : undefined;
  return {
    IndexName: index.name,
    KeySchema: index.keySchema,
    Projection: describeProjection(index.projection),
    IndexStatus: index.status,
    ...(backfilling !== undefined && { Backfilling: backfilling }),
    ProvisionedThroughput: describeThroughput(index),
    IndexSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    IndexArn: indexArn(table.arn, index.name),
    ...(index.onDemandThroughput && { OnDemandThroughput: index.onDemandThroughput }),
  };
}

/** The `TableDescription` DynamoDB returns for this table. */
export function describe(table: TableMeta, stats: TableStats = { itemCount: 0, sizeBytes: 0 }): TableDescription {
  const statsOf = (name: string) => stats.indexes?.get(name);
  const { localIndexes = [], globalIndexes = [] } = table;
  const description: TableDescription = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: table.keySchema,
    TableStatus: table.status,
    CreationDateTime: seconds(table.createdAt),
    ProvisionedThroughput: describeThroughput(table),
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: table.arn,
    TableId: table.id,
    ...(localIndexes.length > 0 && {
      LocalSecondaryIndexes: localIndexes.map((i) => describeLocalIndex(table, i, statsOf(i.name))),
    }),
    ...(globalIndexes.length > 0 && {
      GlobalSecondaryIndexes: globalIndexes.map((i) => describeGlobalIndex(table, i, statsOf(i.name))),
    }),
    ...describeStreams(table.arn, table.streams),
    DeletionProtectionEnabled: table.deletionProtection,
    ...(table.restore && table.status === "CREATING" && { RestoreSummary: restoreSummary(table.restore) }),
  };
  if (table.billingMode === "PAY_PER_REQUEST" || table.payPerRequestSince) {
    description.BillingModeSummary = {
      BillingMode: table.billingMode,
      LastUpdateToPayPerRequestDateTime: seconds(table.payPerRequestSince ?? table.createdAt),
    };
  }
  if (table.replicas?.length && !table.globalTableVersion) {
    description.GlobalTableVersion = GLOBAL_TABLE_VERSION;
    description.Replicas = table.replicas.map((r) => ({ RegionName: r.region, ReplicaStatus: r.status }));
  }
  if (table.tableClass !== "STANDARD") description.TableClassSummary = { TableClass: table.tableClass };
  return description;
}

/**
 * What DeleteTable's `TableDescription` holds: less than DescribeTable's. DynamoDB answers with
 * the table's name, status (DELETING), throughput, size, item count, ARN, id, billing and class
 * summaries and deletion protection, and leaves out its definition: key schema, attribute
 * definitions, creation time, indexes and global table replicas.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html#API_DeleteTable_Examples
 */
export type DeletedTableDescription = Omit<
  TableDescription,
  | "AttributeDefinitions"
  | "KeySchema"
  | "CreationDateTime"
  | "LocalSecondaryIndexes"
  | "GlobalSecondaryIndexes"
  | "GlobalTableVersion"
  | "Replicas"
>;

/** The `TableDescription` DeleteTable returns for this table, now DELETING, in DynamoDB's field order. */
export function describeDeleted(table: TableMeta, stats?: TableStats): DeletedTableDescription {
  const full = describe({ ...table, status: "DELETING" }, stats);
  return {
    TableName: full.TableName,
    TableStatus: full.TableStatus,
    ProvisionedThroughput: full.ProvisionedThroughput,
    TableSizeBytes: full.TableSizeBytes,
    ItemCount: full.ItemCount,
    TableArn: full.TableArn,
    TableId: full.TableId,
    ...(full.BillingModeSummary && { BillingModeSummary: full.BillingModeSummary }),
    ...(full.TableClassSummary && { TableClassSummary: full.TableClassSummary }),
    DeletionProtectionEnabled: full.DeletionProtectionEnabled,
  };
}
