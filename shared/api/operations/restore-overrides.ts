/**
 * The overrides of RestoreTableFromBackup and RestoreTableToPointInTime, and the table a restore
 * makes: the source's key schema and indexes (from the backup, or the PITR source as it is now),
 * with its billing mode, throughput and indexes overridden.
 *
 * DynamoDB's rules, as recorded (messages: backup-errors.ts):
 *   - ProvisionedThroughputOverride needs an effective PROVISIONED mode, and BillingModeOverride
 *     PROVISIONED needs a ProvisionedThroughputOverride; OnDemandThroughputOverride needs an
 *     effective PAY_PER_REQUEST mode, each bound at least 1;
 *   - an index override list names the indexes to keep: omitted keeps them all, `[]` drops them
 *     all; each entry must match a source index of its kind by key schema and projection (its name
 *     may differ: the restored index takes the new one); no new index can be created;
 *   - ProvisionedThroughputOverride is the base table's only: a kept GSI keeps its recorded
 *     throughput unless its override entry gives one, which a PROVISIONED restore requires of every
 *     entry; a PAY_PER_REQUEST restore gives every GSI 0/0;
 *   - the rest is CreateTable's rules, run on the table the restore makes (`validateCreateTable`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pointintimerecovery_restores.html
 */
import { ValidationException } from "../errors";
import type {
  AttributeDefinition,
  BillingMode,
  GlobalIndexMeta,
  IndexProjection,
  KeySchemaElement,
  LocalIndexMeta,
  OnDemandThroughput,
  TableMeta,
} from "../table";
import {
  indexNotInSource,
  indexThroughputMissing,
  indexThroughputNotPayPerRequest,
  OVERRIDE_THROUGHPUT_NOT_PROVISIONED,
  onDemandNotPayPerRequest,
  onDemandOutOfRange,
  PROVISIONED_WITHOUT_THROUGHPUT,
} from "./backup-errors";
import { checkCapacityBounds, type ProvisionedThroughput } from "./common";
import { type CreateTableInput, validateCreateTable } from "./create-table";
import {
  type GlobalSecondaryIndexInput,
  type LocalSecondaryIndexInput,
  onDemandOf,
  type ProjectionInput,
} from "./secondary-indexes";

export interface SseSpecification {
  Enabled?: boolean;
  SSEType?: "AES256" | "KMS";
  KMSMasterKeyId?: string;
}

/** The target and overrides common to both restores, as validated (backups.ts). */
export interface RestoreRequest {
  targetTableName: string;
  billingModeOverride?: BillingMode;
  provisionedThroughputOverride?: ProvisionedThroughput;
  onDemandThroughputOverride?: OnDemandThroughput;
  /** The GSIs to keep; `[]` keeps none, absent keeps all. */
  globalSecondaryIndexOverride?: GlobalSecondaryIndexInput[];
  /** The LSIs to keep; `[]` keeps none, absent keeps all. */
  localSecondaryIndexOverride?: LocalSecondaryIndexInput[];
  sseSpecificationOverride?: SseSpecification;
}

/** What a restore reads of its source table: a backup's snapshot, or the PITR source as it is now. */
export type RestoreSource = Pick<
  TableMeta,
  | "keySchema"
  | "attributeDefinitions"
  | "billingMode"
  | "readCapacityUnits"
  | "writeCapacityUnits"
  | "localIndexes"
  | "globalIndexes"
> & {
  /** The table's on-demand maxima, when it has any (the catalog does not keep them yet). */
  onDemandThroughput?: OnDemandThroughput;
};

/** The table a restore makes. */
export interface RestoredTable {
  billingMode: BillingMode;
  /** PROVISIONED only. */
  provisionedThroughput?: ProvisionedThroughput;
  /** PAY_PER_REQUEST only, when it has maxima. */
  onDemandThroughput?: OnDemandThroughput;
  /** The source's, less those no kept key uses. */
  attributeDefinitions: AttributeDefinition[];
  localSecondaryIndexes?: LocalSecondaryIndexInput[];
  globalSecondaryIndexes?: GlobalSecondaryIndexInput[];
  /** The same table as a CreateTable request CreateTable's checks accepted: `indexesOf` gives its catalog indexes. */
  createTable: CreateTableInput;
}

const invalid = (message: string) => new ValidationException(message);
const ON_DEMAND_MEMBERS = ["MaxReadRequestUnits", "MaxWriteRequestUnits"] as const;

/** The on-demand override's rules against billing mode `billingMode` (undefined: not known yet). */
function checkOnDemandOverride(onDemand: OnDemandThroughput | undefined, billingMode: BillingMode | undefined) {
  for (const member of ON_DEMAND_MEMBERS) {
    const value = onDemand?.[member];
    if (value === undefined) continue;
    if (billingMode === "PROVISIONED") throw invalid(onDemandNotPayPerRequest(member));
    if (value < 1) throw invalid(onDemandOutOfRange(member));
  }
}

/**
 * The overrides' rules that need no source, checked after the member constraints and before the
 * backup or source table is looked up (the service answers them with no table looked up).
 */
export function checkOverrideRequest(request: RestoreRequest): void {
  const { billingModeOverride: billingMode, provisionedThroughputOverride: throughput } = request;
  if (throughput && billingMode === "PAY_PER_REQUEST") throw invalid(OVERRIDE_THROUGHPUT_NOT_PROVISIONED);
  if (!throughput && billingMode === "PROVISIONED") throw invalid(PROVISIONED_WITHOUT_THROUGHPUT);
  if (throughput) checkCapacityBounds(throughput);
  checkOnDemandOverride(request.onDemandThroughputOverride, billingMode);
  for (const index of request.globalSecondaryIndexOverride ?? []) {
    if (index.ProvisionedThroughput && billingMode === "PAY_PER_REQUEST") {
      throw invalid(indexThroughputNotPayPerRequest(index.IndexName));
    }
    if (!index.ProvisionedThroughput && billingMode === "PROVISIONED") {
      throw invalid(indexThroughputMissing(index.IndexName));
    }
    if (index.ProvisionedThroughput) checkCapacityBounds(index.ProvisionedThroughput);
  }
}

const sameKeySchema = (a: readonly KeySchemaElement[], b: readonly KeySchemaElement[]) =>
  a.length === b.length && a.every((k, i) => k.AttributeName === b[i].AttributeName && k.KeyType === b[i].KeyType);

/** The same projection; NonKeyAttributes compared as sets (descriptions list them sorted). */
function sameProjection(input: ProjectionInput, index: IndexProjection): boolean {
  const mine = new Set(input.NonKeyAttributes ?? []);
  const theirs = new Set(index.nonKeyAttributes ?? []);
  return input.ProjectionType === index.type && mine.size === theirs.size && [...mine].every((n) => theirs.has(n));
}

/** The source index of `indexes` an override entry stands for, by key schema and projection. */
function matchIndex<T extends LocalIndexMeta>(indexes: readonly T[] | undefined, entry: LocalSecondaryIndexInput): T {
  const found = indexes?.find(
    (i) => sameKeySchema(i.keySchema, entry.KeySchema) && sameProjection(entry.Projection, i.projection),
  );
  if (!found) throw invalid(indexNotInSource(entry.IndexName));
  return found;
}

const projectionInput = ({ type, nonKeyAttributes }: IndexProjection): ProjectionInput =>
  nonKeyAttributes ? { ProjectionType: type, NonKeyAttributes: [...nonKeyAttributes] } : { ProjectionType: type };

const localInput = (index: LocalIndexMeta): LocalSecondaryIndexInput => ({
  IndexName: index.name,
  KeySchema: index.keySchema,
  Projection: projectionInput(index.projection),
});

/** A kept GSI under `billingMode`: the entry's settings over the source index's recorded ones. */
function globalInput(
  source: GlobalIndexMeta,
  entry: GlobalSecondaryIndexInput | undefined,
  sourceBillingMode: BillingMode,
  billingMode: BillingMode,
): GlobalSecondaryIndexInput {
  const index: GlobalSecondaryIndexInput = entry ?? localInput(source);
  const recorded =
    sourceBillingMode === "PROVISIONED"
      ? { ReadCapacityUnits: source.readCapacityUnits, WriteCapacityUnits: source.writeCapacityUnits }
      : undefined;
  const throughput = entry ? entry.ProvisionedThroughput : billingMode === "PROVISIONED" ? recorded : undefined;
  if (billingMode === "PROVISIONED" && !throughput) throw invalid(indexThroughputMissing(index.IndexName));
  // An entry's bounds go to CreateTable's checks as given (none under PROVISIONED, each at least 1).
  const onDemand =
    billingMode === "PAY_PER_REQUEST"
      ? (onDemandOf(entry?.OnDemandThroughput) ?? source.onDemandThroughput)
      : entry?.OnDemandThroughput;
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ...(throughput && { ProvisionedThroughput: throughput }),
    ...(onDemand && { OnDemandThroughput: onDemand }),
  };
}

/**
 * The table restoring `source` with `request`'s overrides makes (named `request.targetTableName`),
 * or the ValidationException DynamoDB answers. The request has passed `checkOverrideRequest`.
 * Left to the caller: the throughput quotas (`checkThroughputQuotas`, `checkIndexQuotas`: they
 * need the region), the target's existence, and SSE.
 */
export function checkRestoreOverrides(source: RestoreSource, request: RestoreRequest): RestoredTable {
  checkOverrideRequest(request);
  const billingMode = request.billingModeOverride ?? source.billingMode;
  if (request.provisionedThroughputOverride && billingMode === "PAY_PER_REQUEST") {
    throw invalid(OVERRIDE_THROUGHPUT_NOT_PROVISIONED);
  }
  checkOnDemandOverride(request.onDemandThroughputOverride, billingMode);
  let provisionedThroughput: ProvisionedThroughput | undefined;
  if (billingMode === "PROVISIONED") {
    provisionedThroughput = request.provisionedThroughputOverride;
    if (!provisionedThroughput && source.billingMode !== "PROVISIONED") throw invalid(PROVISIONED_WITHOUT_THROUGHPUT);
    provisionedThroughput ??= {
      ReadCapacityUnits: source.readCapacityUnits,
      WriteCapacityUnits: source.writeCapacityUnits,
    };
  }
  const onDemandThroughput =
    billingMode === "PAY_PER_REQUEST"
      ? (onDemandOf(request.onDemandThroughputOverride) ?? onDemandOf(source.onDemandThroughput))
      : undefined;

  const locals = request.localSecondaryIndexOverride
    ? request.localSecondaryIndexOverride.map((entry) => {
        matchIndex(source.localIndexes, entry);
        return { IndexName: entry.IndexName, KeySchema: entry.KeySchema, Projection: entry.Projection };
      })
    : (source.localIndexes ?? []).map(localInput);
  const globals = request.globalSecondaryIndexOverride
    ? request.globalSecondaryIndexOverride.map((entry) =>
        globalInput(matchIndex(source.globalIndexes, entry), entry, source.billingMode, billingMode),
      )
    : (source.globalIndexes ?? []).map((index) => globalInput(index, undefined, source.billingMode, billingMode));

  const used = new Set(
    [source.keySchema, ...locals.map((i) => i.KeySchema), ...globals.map((i) => i.KeySchema)]
      .flat()
      .map((k) => k.AttributeName),
  );
  const attributeDefinitions = source.attributeDefinitions.filter((d) => used.has(d.AttributeName));
  const createTable = validateCreateTable({
    TableName: request.targetTableName,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: source.keySchema,
    BillingMode: billingMode,
    ...(provisionedThroughput && { ProvisionedThroughput: provisionedThroughput }),
    ...(locals.length > 0 && { LocalSecondaryIndexes: locals }),
    ...(globals.length > 0 && { GlobalSecondaryIndexes: globals }),
  });
  return {
    billingMode,
    ...(provisionedThroughput && { provisionedThroughput }),
    ...(onDemandThroughput && { onDemandThroughput }),
    attributeDefinitions,
    ...(locals.length > 0 && { localSecondaryIndexes: locals }),
    ...(globals.length > 0 && { globalSecondaryIndexes: globals }),
    createTable,
  };
}
