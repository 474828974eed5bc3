/**
 * CreateTable: request shape and validation, in DynamoDB's order, and the indexes a valid request
 * makes (`indexesOf`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 * @see docs/issue-15-dynamodb-behaviour.md, section 1, for the index checks and their order
 */

import { ValidationException } from "../errors";
import { javaHashSetOrder } from "../java-hash-set";
import { type Members, parseRequest, type Shape } from "../schema";
import { STREAM_VIEW_TYPES } from "../streams/stream-meta";
import type { AttributeDefinition, BillingMode, KeySchemaElement, TableMeta } from "../table";
import { TABLE_NAME } from "../table-names";
import {
  ATTRIBUTE_DEFINITION,
  checkCapacityBounds,
  checkIndexThroughputQuota,
  KEY_SCHEMA_ELEMENT,
  PROVISIONED_THROUGHPUT,
  TAGS,
  type Tag,
  validateTags,
} from "./common";
import {
  checkGlobalKeySchema,
  checkIndexKeysDefined,
  checkIndexOnDemand,
  checkProjectedAttributeCount,
  checkProjection,
  type GlobalSecondaryIndexInput,
  globalIndexOf,
  globalSecondaryIndexShape,
  INDEX_LIMITS,
  invalid,
  LOCAL_SECONDARY_INDEX,
  type LocalSecondaryIndexInput,
  localIndexOf,
} from "./secondary-indexes";

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  LocalSecondaryIndexes?: LocalSecondaryIndexInput[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndexInput[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  Tags?: Tag[];
  TableClass?: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  DeletionProtectionEnabled?: boolean;
}

export const STREAM_SPECIFICATION: Shape = {
  type: "struct",
  name: "StreamSpecification",
  members: {
    StreamEnabled: { type: "boolean", notNull: true },
    StreamViewType: { type: "string", enum: STREAM_VIEW_TYPES },
  },
};

/** In AWS's order, which is the order of the constraint messages. */
const MEMBERS: Members = {
  AttributeDefinitions: { type: "list", notNull: true, member: ATTRIBUTE_DEFINITION },
  TableName: TABLE_NAME,
  BillingMode: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
  ProvisionedThroughput: PROVISIONED_THROUGHPUT,
  KeySchema: { type: "list", notNull: true, minLength: 1, maxLength: 2, member: KEY_SCHEMA_ELEMENT },
  LocalSecondaryIndexes: { type: "list", member: LOCAL_SECONDARY_INDEX },
  GlobalSecondaryIndexes: { type: "list", member: globalSecondaryIndexShape("GlobalSecondaryIndex", true) },
  StreamSpecification: STREAM_SPECIFICATION,
  Tags: TAGS,
  TableClass: { type: "string", enum: ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] },
  DeletionProtectionEnabled: { type: "boolean" },
};

/**
 * Every check DynamoDB makes on a CreateTable request before it looks at the catalog, indexes
 * included, in its order: member constraints, billing and throughput, the table's key schema,
 * attribute definitions against every key, the LSIs, the GSIs, then tags and stream.
 * At exit: the input is valid; each index has a ProjectionType and 1 or 2 key elements, HASH first.
 * Left to the caller: the per-index capacity quota (`checkIndexQuotas`, it needs the region).
 */
export function validateCreateTable(body: Record<string, unknown>): CreateTableInput {
  const input = parseRequest<CreateTableInput>(body, MEMBERS);
  const billingMode = input.BillingMode ?? "PROVISIONED";
  validateThroughputForBillingMode(billingMode, input.ProvisionedThroughput);

  const definitions = input.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = input.KeySchema.map((k) => k.AttributeName);
  if (keys.length > definitions.length)
    throw new ValidationException("Invalid KeySchema: Some index key attribute have no definition");
  if (keys.some((k) => !definitions.includes(k))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`,
    );
  }
  if (keys[0] === keys[1])
    throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (input.KeySchema[0].KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (input.KeySchema[1] && input.KeySchema[1].KeyType !== "RANGE") {
    throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  const defined = new Set<string>();
  for (const name of definitions) {
    if (defined.has(name)) throw new ValidationException(`Attribute Name is duplicated: ${name}`);
    defined.add(name);
  }
  if (input.LocalSecondaryIndexes || input.GlobalSecondaryIndexes) {
    validateIndexes(input, defined, billingMode);
  } else if (input.KeySchema.length !== input.AttributeDefinitions.length) {
    throw invalid(
      "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    );
  }
  if (input.Tags) validateTags(input.Tags);
  if (input.StreamSpecification) validateNewStream(input.StreamSpecification);
  return input;
}

/**
 * The index checks, in the recorded order: every definition used by some key (which hides every
 * other index error), the LSIs, the GSIs, then the checks no recording places (projected
 * attribute total, GSI on-demand throughput), after both loops.
 */
function validateIndexes(input: CreateTableInput, defined: ReadonlySet<string>, billingMode: BillingMode): void {
  const locals = input.LocalSecondaryIndexes ?? [];
  const globals = input.GlobalSecondaryIndexes ?? [];
  const used = [input.KeySchema, ...locals.map((i) => i.KeySchema), ...globals.map((i) => i.KeySchema)].flatMap(
    (schema) => schema.map((k) => k.AttributeName),
  );
  const usedSet = new Set(used);
  if ([...defined].some((name) => !usedSet.has(name))) {
    throw invalid(
      `Some AttributeDefinitions are not used. AttributeDefinitions: [${[...defined].join(", ")}], keys used: [${javaHashSetOrder(used).join(", ")}]`,
    );
  }
  const names = new Set<string>();
  if (input.LocalSecondaryIndexes) validateLocalIndexes(input.LocalSecondaryIndexes, input.KeySchema, defined, names);
  if (input.GlobalSecondaryIndexes) validateGlobalIndexes(input.GlobalSecondaryIndexes, defined, billingMode, names);
  const projected = [...locals, ...globals].reduce((sum, i) => sum + (i.Projection.NonKeyAttributes?.length ?? 0), 0);
  checkProjectedAttributeCount(projected);
  for (const index of globals) checkIndexOnDemand(index.IndexName, index.OnDemandThroughput, billingMode);
}

/** An index name not used before by an LSI or GSI of the request. */
function claimName(names: Set<string>, name: string): void {
  if (names.has(name)) throw invalid(`Duplicate index name: ${name}`);
  names.add(name);
}

function validateLocalIndexes(
  indexes: LocalSecondaryIndexInput[],
  tableKey: KeySchemaElement[],
  defined: ReadonlySet<string>,
  names: Set<string>,
): void {
  if (indexes.length === 0) throw invalid("List of LocalSecondaryIndexes is empty");
  if (tableKey.length !== 2) {
    throw invalid("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
  }
  const tableHash = tableKey[0].AttributeName;
  for (const index of indexes) {
    const [hash, range] = index.KeySchema;
    checkIndexKeysDefined(index.KeySchema, defined);
    if (range && hash.AttributeName === range.AttributeName) {
      throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (hash.KeyType !== "HASH") {
      throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (range && range.KeyType !== "RANGE") {
      throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (!range) throw invalid(`Index KeySchema does not have a range key for index: ${index.IndexName}`);
    if (hash.AttributeName !== tableHash) {
      throw invalid(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${hash.AttributeName}, table hash key: ${tableHash}`,
      );
    }
    checkProjection(index.Projection);
    claimName(names, index.IndexName);
  }
  if (indexes.length > INDEX_LIMITS.localIndexesPerTable) {
    throw invalid(`Number of LocalSecondaryIndexes exceeds per-table limit of ${INDEX_LIMITS.localIndexesPerTable}`);
  }
}

function validateGlobalIndexes(
  indexes: GlobalSecondaryIndexInput[],
  defined: ReadonlySet<string>,
  billingMode: BillingMode,
  names: Set<string>,
): void {
  if (indexes.length === 0) throw invalid("List of GlobalSecondaryIndexes is empty");
  for (const index of indexes) {
    checkIndexKeysDefined(index.KeySchema, defined);
    checkGlobalKeySchema(index.KeySchema);
    checkProjection(index.Projection);
    if (billingMode === "PAY_PER_REQUEST" && index.ProvisionedThroughput) {
      throw invalid(
        `ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (billingMode === "PROVISIONED" && !index.ProvisionedThroughput) {
      throw invalid(`ProvisionedThroughput is not specified for index: ${index.IndexName}`);
    }
    claimName(names, index.IndexName);
  }
  if (indexes.length > INDEX_LIMITS.globalIndexesPerTable) {
    throw invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${INDEX_LIMITS.globalIndexesPerTable}`);
  }
}

/**
 * The per-index capacity quota of each provisioned GSI (LimitExceededException), which needs the
 * serving region: the metadata object runs it with the table's `checkThroughputQuotas`.
 */
export function checkIndexQuotas(input: CreateTableInput, region: string): void {
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (index.ProvisionedThroughput) checkIndexThroughputQuota(index.IndexName, index.ProvisionedThroughput, region);
  }
}

/**
 * The catalog's index entries for a table made by a valid request: LSIs as declared, GSIs
 * CREATING (they turn ACTIVE with their table) with their own table ids from `newId`, one call
 * per GSI in declaration order. Empty when the request has no indexes, so that it can be spread
 * into the new `TableMeta`.
 */
export function indexesOf(
  input: CreateTableInput,
  newId: () => string,
): Pick<TableMeta, "localIndexes" | "globalIndexes"> {
  const indexes: Pick<TableMeta, "localIndexes" | "globalIndexes"> = {};
  if (input.LocalSecondaryIndexes?.length) indexes.localIndexes = input.LocalSecondaryIndexes.map(localIndexOf);
  if (input.GlobalSecondaryIndexes?.length) {
    indexes.globalIndexes = input.GlobalSecondaryIndexes.map((index) => globalIndexOf(index, newId()));
  }
  return indexes;
}

/** The rules tying ProvisionedThroughput to BillingMode, shared with UpdateTable. */
export function validateThroughputForBillingMode(
  billingMode: BillingMode,
  throughput: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined,
): void {
  if (billingMode === "PAY_PER_REQUEST") {
    if (throughput) {
      throw invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    }
    return;
  }
  if (!throughput?.ReadCapacityUnits || !throughput.WriteCapacityUnits) {
    throw invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  checkCapacityBounds({
    ReadCapacityUnits: throughput.ReadCapacityUnits,
    WriteCapacityUnits: throughput.WriteCapacityUnits,
  });
}

/** A stream asked for at creation: a view type exactly when enabled. */
function validateNewStream(stream: { StreamEnabled: boolean; StreamViewType?: string }): void {
  if (stream.StreamEnabled && !stream.StreamViewType) {
    throw invalid("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!stream.StreamEnabled && stream.StreamViewType) {
    throw invalid("Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
}
