/**
 * UpdateTable's `GlobalSecondaryIndexUpdates` against a table: the checks that need the table
 * (`checkGlobalIndexUpdates`), the GSIs a valid request leaves (`applyGlobalIndexUpdates`, which
 * also carries what a billing mode switch does to them), and the table once a deleted index is
 * gone (`withoutGlobalIndex`). Pure: the metadata object stores the results and creates or drops
 * the index's partitions. The checks that need no table are `validateUpdateTable`'s.
 * @see docs/issue-15-dynamodb-behaviour.md, section 3
 */
import {
  LimitExceededException,
  ResourceInUseException,
  ResourceNotFoundException,
  ValidationException,
} from "../errors";
import {
  type AttributeDefinition,
  type BillingMode,
  findIndex,
  type GlobalIndexMeta,
  type KeySchemaElement,
  type OnDemandThroughput,
  type TableMeta,
} from "../table";
import { checkDecreaseBudget, checkIndexThroughputQuota, decreasesToday } from "./common";
import {
  checkGlobalKeySchema,
  checkIndexOnDemand,
  checkProjectedAttributeCount,
  checkProjection,
  type GlobalSecondaryIndexInput,
  globalIndexOf,
  INDEX_LIMITS,
  indexKeysNotDefined,
  invalid,
  onDemandOf,
  projectedAttributeCount,
  projectionOf,
} from "./secondary-indexes";
import type { UpdateGlobalSecondaryIndexAction, UpdateTableInput } from "./update-table";

export interface IndexUpdateContext {
  /** Epoch milliseconds. */
  now: number;
  /** The serving region, named by the capacity quota's message. */
  region: string;
}

const inUse = (what: string) =>
  new ResourceInUseException(`Attempt to change a resource which is still in use: ${what}`);

const onlyOneOnlineIndex = () =>
  new LimitExceededException(
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
  );

/**
 * Everything DynamoDB checks of a request's index updates against `table` (ACTIVE or UPDATING;
 * the caller answers for CREATING and DELETING tables first): the table's capacity while an index
 * is deleted, GSI throughput on a switch to PROVISIONED, each action in request order, then the
 * limits of the whole request. Throws the DynamoError DynamoDB answers with.
 */
export function checkGlobalIndexUpdates(table: TableMeta, input: UpdateTableInput, ctx: IndexUpdateContext): void {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const globals = table.globalIndexes ?? [];
  const billingMode = input.BillingMode ?? table.billingMode;
  const deleting = globals.filter((i) => i.status === "DELETING").map((i) => i.name);
  if ((input.ProvisionedThroughput || input.BillingMode) && deleting.length > 0) {
    throw inUse(
      `Can't change table IOPS when an index is being deleted. Table: ${table.name} Indexes: [${deleting.join(", ")}]`,
    );
  }
  if (table.billingMode === "PAY_PER_REQUEST" && billingMode === "PROVISIONED") {
    const missing = globals.filter(
      (i) => !updates.some((u) => u.Update?.IndexName === i.name && u.Update.ProvisionedThroughput),
    );
    if (missing.length > 0) {
      throw invalid(`ProvisionedThroughput must be specified for index: ${missing.map((i) => i.name).join(",")}`);
    }
  }
  for (const { Create: create, Update: update, Delete: remove } of updates) {
    if (update) checkUpdate(table, update, billingMode);
    if (remove) checkDelete(table, remove.IndexName);
    if (create) checkCreate(table, create, input.AttributeDefinitions, billingMode);
  }

  const creates = updates.flatMap((u) => (u.Create ? [u.Create] : []));
  const removed = updates.find((u) => u.Delete)?.Delete?.IndexName;
  const busy = (i: GlobalIndexMeta) => (i.status === "CREATING" || i.status === "DELETING") && i.name !== removed;
  if ((creates.length > 0 || removed !== undefined) && globals.some(busy)) throw onlyOneOnlineIndex();
  if (globals.length + creates.length > INDEX_LIMITS.globalIndexesPerTable) {
    throw new LimitExceededException(
      `Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of ${INDEX_LIMITS.globalIndexesPerTable}`,
    );
  }
  if (creates.length > 0) {
    const existing = [...(table.localIndexes ?? []), ...globals].map((i) => i.projection);
    checkProjectedAttributeCount(
      projectedAttributeCount([...existing, ...creates.map((c) => projectionOf(c.Projection))]),
    );
  }
  for (const create of creates) {
    if (create.ProvisionedThroughput)
      checkIndexThroughputQuota(create.IndexName, create.ProvisionedThroughput, ctx.region);
  }
  for (const { Update: update } of updates) {
    if (!update?.ProvisionedThroughput) continue;
    checkIndexThroughputQuota(update.IndexName, update.ProvisionedThroughput, ctx.region);
    const index = globals.find((i) => i.name === update.IndexName)!;
    const { ReadCapacityUnits: read, WriteCapacityUnits: write } = update.ProvisionedThroughput;
    const decrease = read < index.readCapacityUnits || write < index.writeCapacityUnits;
    if (table.billingMode === "PROVISIONED" && decrease) {
      checkDecreaseBudget(index, decreasesToday(index, ctx.now), ctx.now);
    }
  }
}

/** The GSI an Update or Delete names: an LSI or an unknown name is an error. */
function globalIndex(table: TableMeta, name: string, verb: "update" | "delete"): GlobalIndexMeta {
  const found = findIndex(table, name);
  if (found?.kind === "local") {
    throw new ValidationException(`Cannot ${verb} an index that is not a GlobalSecondaryIndex: ${name}`);
  }
  if (!found)
    throw new ResourceNotFoundException(`Requested resource not found: Index ${name} for table ${table.name}`);
  return found.index;
}

function checkUpdate(table: TableMeta, update: UpdateGlobalSecondaryIndexAction, billingMode: BillingMode): void {
  const name = update.IndexName;
  const index = globalIndex(table, name, "update");
  if (index.status === "DELETING") throw inUse(`Index is being deleted. Table: ${table.name} Index: ${name}`);
  // Not recorded; the same form as the recorded DELETING answer.
  if (index.status === "CREATING") throw inUse(`Index is being created. Table: ${table.name} Index: ${name}`);
  if (update.WarmThroughput) throw new ValidationException("WarmThroughput is not supported by this server yet");
  const throughput = update.ProvisionedThroughput;
  if (throughput && billingMode === "PAY_PER_REQUEST") {
    throw invalid(
      `The only Updates for index: ${name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
    );
  }
  const { readCapacityUnits: read, writeCapacityUnits: write } = index;
  if (
    throughput &&
    table.billingMode === "PROVISIONED" &&
    throughput.ReadCapacityUnits === read &&
    throughput.WriteCapacityUnits === write
  ) {
    throw new ValidationException(
      `The provisioned throughput for the index ${name} will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for index ${name}: ${read}. Requested ReadCapacityUnits: ${throughput.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for index ${name}: ${write}. Requested WriteCapacityUnits: ${throughput.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  checkIndexOnDemand(name, update.OnDemandThroughput, billingMode, true);
}

/** A GSI being created can be deleted once it is backfilling, not while its resources are allocated. */
function checkDelete(table: TableMeta, name: string): void {
  const index = globalIndex(table, name, "delete");
  if (index.status === "DELETING") throw inUse(`Index is being deleted. Table: ${table.name} Index: ${name}`);
  if (index.status === "CREATING" && !index.backfilling) {
    throw inUse(
      `Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: ${table.name} Index: ${name}`,
    );
  }
}

/** A new GSI, checked in CreateTable's per-index order, then its name against the table's indexes. */
function checkCreate(
  table: TableMeta,
  create: GlobalSecondaryIndexInput,
  given: AttributeDefinition[] | undefined,
  billingMode: BillingMode,
): void {
  const name = create.IndexName;
  if (!given?.length) throw invalid(`AttributeDefinitions is not specified for index: ${name}`);
  newDefinitions(table, create.KeySchema, given);
  checkGlobalKeySchema(create.KeySchema);
  checkProjection(create.Projection);
  if (billingMode === "PROVISIONED" && !create.ProvisionedThroughput) {
    throw invalid(`Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${name}`);
  }
  if (billingMode === "PAY_PER_REQUEST" && create.ProvisionedThroughput) {
    throw invalid(
      `Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
    );
  }
  checkIndexOnDemand(name, create.OnDemandThroughput, billingMode);
  if (findIndex(table, name)) throw new ValidationException("Attempting to create an index which already exists");
}

/**
 * The definitions a new index adds to its table: its key attributes the table does not define,
 * typed as `given` defines them. Every key attribute must be defined by the table or by `given`,
 * and `given` may not retype one the table defines; other entries of `given` are ignored, as the
 * service ignores them. The message of both refusals is CreateTable's for an undefined key.
 */
function newDefinitions(
  table: TableMeta,
  keySchema: KeySchemaElement[],
  given: AttributeDefinition[],
): AttributeDefinition[] {
  const added: AttributeDefinition[] = [];
  for (const { AttributeName: key } of keySchema) {
    const existing = table.attributeDefinitions.find((d) => d.AttributeName === key);
    const sent = given.find((d) => d.AttributeName === key);
    if ((!existing && !sent) || (existing && sent && existing.AttributeType !== sent.AttributeType)) {
      throw indexKeysNotDefined(
        keySchema.map((k) => k.AttributeName),
        given.map((d) => d.AttributeName),
      );
    }
    if (!existing && sent && !added.some((d) => d.AttributeName === key)) added.push(sent);
  }
  return added;
}

export interface GlobalIndexChanges {
  /** The GSIs to store, in order, a created one last. */
  globalIndexes: GlobalIndexMeta[];
  /** The GSIs the response shows: an index whose capacity changes keeps its old capacity there. */
  shownGlobalIndexes: GlobalIndexMeta[];
  /** The table's definitions with the created index's key attributes added. */
  attributeDefinitions: AttributeDefinition[];
  /** CREATING, `backfilling: false`: its partition map and groups are the caller's to create. */
  created?: GlobalIndexMeta;
  /** Now DELETING: the caller drops its partitions, then stores `withoutGlobalIndex`. */
  deleted?: GlobalIndexMeta;
  /** A Create or a Delete turns the table UPDATING; a throughput change of an index does not. */
  tableUpdating: boolean;
}

/**
 * What a request that passed `checkGlobalIndexUpdates` does to the table's GSIs, with what a
 * billing mode switch does to them: to PAY_PER_REQUEST, every GSI goes to 0 and 0 (a decrease);
 * to PROVISIONED, every GSI takes its Update's capacity, shown at once. A changed GSI is UPDATING
 * until the metadata object settles it; a new GSI gets its id from `newId`.
 */
export function applyGlobalIndexUpdates(
  table: TableMeta,
  input: UpdateTableInput,
  ctx: { now: number; newId: () => string },
): GlobalIndexChanges {
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const billingMode = input.BillingMode ?? table.billingMode;
  const switched = billingMode !== table.billingMode;
  const removed = updates.find((u) => u.Delete)?.Delete?.IndexName;
  const stored: GlobalIndexMeta[] = [];
  const shown: GlobalIndexMeta[] = [];
  let deleted: GlobalIndexMeta | undefined;
  for (const index of table.globalIndexes ?? []) {
    const { backfilling: _, ...settled } = index;
    if (index.name === removed) {
      deleted = { ...settled, status: "DELETING" };
      stored.push(deleted);
      shown.push(deleted);
      continue;
    }
    const update = updates.find((u) => u.Update?.IndexName === index.name)?.Update;
    const [next, show] = changeIndex(index, update, billingMode, switched, ctx.now);
    stored.push(next);
    shown.push(show);
  }
  let attributeDefinitions = table.attributeDefinitions;
  const create = updates.find((u) => u.Create)?.Create;
  let created: GlobalIndexMeta | undefined;
  if (create) {
    const throughput = billingMode === "PROVISIONED" ? create.ProvisionedThroughput : undefined;
    created = { ...globalIndexOf({ ...create, ProvisionedThroughput: throughput }, ctx.newId()), backfilling: false };
    stored.push(created);
    shown.push(created);
    const added = newDefinitions(table, create.KeySchema, input.AttributeDefinitions ?? []);
    attributeDefinitions = [...attributeDefinitions, ...added];
  }
  return {
    globalIndexes: stored,
    shownGlobalIndexes: shown,
    attributeDefinitions,
    ...(created && { created }),
    ...(deleted && { deleted }),
    tableUpdating: created !== undefined || deleted !== undefined,
  };
}

/** One GSI after the request: `[stored, shown]`. */
function changeIndex(
  index: GlobalIndexMeta,
  update: UpdateGlobalSecondaryIndexAction | undefined,
  billingMode: BillingMode,
  switched: boolean,
  now: number,
): [GlobalIndexMeta, GlobalIndexMeta] {
  const today = decreasesToday(index, now);
  let next = index;
  let shown = index;
  if (switched && billingMode === "PAY_PER_REQUEST") {
    next = { ...index, readCapacityUnits: 0, writeCapacityUnits: 0, lastDecreaseAt: now, decreasesToday: today + 1 };
    shown = { ...index, readCapacityUnits: 0, writeCapacityUnits: 0 };
  } else if (update?.ProvisionedThroughput) {
    const { ReadCapacityUnits: read, WriteCapacityUnits: write } = update.ProvisionedThroughput;
    const { onDemandThroughput: _, ...provisioned } = index;
    if (switched) {
      next = { ...provisioned, readCapacityUnits: read, writeCapacityUnits: write };
      shown = next;
    } else {
      const increase = read > index.readCapacityUnits || write > index.writeCapacityUnits;
      const decrease = read < index.readCapacityUnits || write < index.writeCapacityUnits;
      const stamps = {
        lastIncreaseAt: increase ? now : index.lastIncreaseAt,
        lastDecreaseAt: decrease ? now : index.lastDecreaseAt,
      };
      next = { ...index, ...stamps, readCapacityUnits: read, writeCapacityUnits: write };
      next.decreasesToday = today + (decrease ? 1 : 0);
      shown = { ...index, ...stamps, decreasesToday: today };
    }
  }
  if (update?.OnDemandThroughput) {
    const onDemand = mergeOnDemand(index.onDemandThroughput, update.OnDemandThroughput);
    const { onDemandThroughput: _, ...rest } = next;
    next = onDemand ? { ...rest, onDemandThroughput: onDemand } : rest;
    shown = next;
  }
  if (next === index) return [index, index];
  return [
    { ...next, status: "UPDATING" },
    { ...shown, status: "UPDATING" },
  ];
}

/** `change` over `current`: a bound of -1 removes that bound. */
function mergeOnDemand(current: OnDemandThroughput | undefined, change: OnDemandThroughput) {
  const merged: OnDemandThroughput = { ...current };
  for (const name of ["MaxReadRequestUnits", "MaxWriteRequestUnits"] as const) {
    if (change[name] === -1) delete merged[name];
    else if (change[name] !== undefined) merged[name] = change[name];
  }
  return onDemandOf(merged);
}

/**
 * The table once its DELETING index `name` is gone: the attribute definitions no remaining key
 * uses are dropped with it, as the service prunes them.
 */
export function withoutGlobalIndex(table: TableMeta, name: string): TableMeta {
  const globalIndexes = (table.globalIndexes ?? []).filter((i) => i.name !== name);
  const used = new Set(
    [table.keySchema, ...(table.localIndexes ?? []).map((i) => i.keySchema), ...globalIndexes.map((i) => i.keySchema)]
      .flat()
      .map((k) => k.AttributeName),
  );
  return {
    ...table,
    globalIndexes,
    attributeDefinitions: table.attributeDefinitions.filter((d) => used.has(d.AttributeName)),
  };
}
