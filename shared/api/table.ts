/**
 * A table as the catalog keeps it, and its DynamoDB `TableDescription`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
 */
import type { ScalarAttributeType } from "./attribute-value";
import type { KeySchema } from "./key-schema";

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

const seconds = (ms: number) => ms / 1000;

export interface TableStats {
  itemCount: number;
  sizeBytes: number;
}

export interface ProvisionedThroughputDescription {
  NumberOfDecreasesToday: number;
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export interface TableDescription {
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

/** The `TableDescription` DynamoDB returns for this table. */
export function describe(table: TableMeta, stats: TableStats = { itemCount: 0, sizeBytes: 0 }): TableDescription {
  const throughput: ProvisionedThroughputDescription = {
    NumberOfDecreasesToday: table.decreasesToday,
    ReadCapacityUnits: table.readCapacityUnits,
    WriteCapacityUnits: table.writeCapacityUnits,
  };
  if (table.lastIncreaseAt) throughput.LastIncreaseDateTime = seconds(table.lastIncreaseAt);
  if (table.lastDecreaseAt) throughput.LastDecreaseDateTime = seconds(table.lastDecreaseAt);
  const description: TableDescription = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: table.keySchema,
    TableStatus: table.status,
    CreationDateTime: seconds(table.createdAt),
    ProvisionedThroughput: throughput,
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: table.arn,
    TableId: table.id,
    DeletionProtectionEnabled: table.deletionProtection,
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
  "AttributeDefinitions" | "KeySchema" | "CreationDateTime" | "GlobalTableVersion" | "Replicas"
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
