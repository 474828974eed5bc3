/**
 * What a valid UpdateTable request does to a table: `planUpdateTable` is pure, and the metadata
 * object stores the entry it returns.
 *
 * Supported changes: BillingMode, ProvisionedThroughput, TableClass, DeletionProtectionEnabled,
 * GlobalSecondaryIndexUpdates (checked and applied by global-index-updates.ts), and adding or
 * removing one replica region (ReplicaUpdates, checked by `planReplicaUpdates`), and
 * StreamSpecification (streams/stream-meta.ts). Encryption and on-demand/warm throughput changes of the table are refused until their issues
 * land, after the answers DynamoDB itself gives them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 */
import { ResourceInUseException, ValidationException } from "../errors";
import { changedStreams } from "../streams/stream-meta";
import { describe, type GlobalIndexMeta, type TableDescription, type TableMeta, type TableStats } from "../table";
import { checkDecreaseBudget, checkThroughputQuotas, decreasesToday, type ProvisionedThroughput } from "./common";
import { applyGlobalIndexUpdates, checkGlobalIndexUpdates } from "./global-index-updates";
import { checkReplicasSettled, planReplicaUpdates, type ReplicaUpdate } from "./replica-updates";
import { presentUpdates, type UpdateTableInput } from "./update-table";

const DAY_MS = 24 * 3600_000;

const invalid = (message: string) => new ValidationException(`One or more parameter values were invalid: ${message}`);

export interface UpdateContext {
  /** Epoch milliseconds. */
  now: number;
  region: string;
  /** Every region the server knows (the topology); `[region]` when absent. */
  regions?: string[];
  /** Capacity the account's other tables in the region provision. */
  reserved: ProvisionedThroughput;
  stats?: TableStats;
  /** A new global index's id; a random UUID by default. */
  newId?: () => string;
  /** How long a disabled stream stays readable (24 hours by default). */
  streamRetentionMs?: number;
}

export interface UpdatePlan {
  /** The catalog entry to store; the input table itself when nothing changes. */
  table: TableMeta;
  /** The `TableDescription` of the response. */
  description: TableDescription;
  /**
   * The replica region to create or delete, for ReplicaUpdates. `table` then shows it CREATING
   * or DELETING with the table UPDATING; creating or dropping the region's copy is the caller's.
   */
  replicaUpdate?: ReplicaUpdate;
  /**
   * The global index a Create adds, CREATING (`backfilling: false`) in `table`: its partition
   * map and groups are the caller's to create. A deleted index is DELETING in `table`; the
   * metadata alarm removes it.
   */
  createdIndex?: GlobalIndexMeta;
}

const inUse = (what: string) =>
  new ResourceInUseException(`Attempt to change a resource which is still in use: ${what}`);

/**
 * Applies a validated request to `table`, or throws the DynamoError DynamoDB answers with.
 * The response echoes the old capacity with TableStatus UPDATING and the new timestamps, as
 * DynamoDB's does; the stored entry holds the new values, UPDATING until the metadata alarm runs.
 */
export function planUpdateTable(table: TableMeta, input: UpdateTableInput, ctx: UpdateContext): UpdatePlan {
  if (input.ReplicaUpdates) return planReplicaPlan(table, input.ReplicaUpdates, ctx);
  checkStatus(table, input, ctx);
  refuseUnsupported(input);
  const { now } = ctx;
  let next: TableMeta = table;
  let shown: TableMeta = table;
  let updating = false;
  let billingSwitch = false;
  const throughput = input.ProvisionedThroughput;
  const target = input.BillingMode ?? table.billingMode;

  if (throughput && target === "PAY_PER_REQUEST") {
    throw invalid(
      "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    );
  }
  if (input.BillingMode === "PAY_PER_REQUEST") {
    updating = true;
    if (table.billingMode === "PROVISIONED") {
      billingSwitch = true;
      next = {
        ...table,
        billingMode: "PAY_PER_REQUEST",
        readCapacityUnits: 0,
        writeCapacityUnits: 0,
        payPerRequestSince: now,
      };
      shown = { ...next, lastDecreaseAt: now };
    }
  }
  if (throughput) {
    const { ReadCapacityUnits: read, WriteCapacityUnits: write } = throughput;
    if (table.billingMode === "PROVISIONED" && read === table.readCapacityUnits && write === table.writeCapacityUnits) {
      throw new ValidationException(
        `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${table.readCapacityUnits}. Requested ReadCapacityUnits: ${read}. Current WriteCapacityUnits provisioned for the table: ${table.writeCapacityUnits}. Requested WriteCapacityUnits: ${write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
      );
    }
    checkThroughputQuotas(throughput, ctx.region, ctx.reserved);
    updating = true;
    if (table.billingMode === "PAY_PER_REQUEST") {
      billingSwitch = true;
      next = { ...table, billingMode: "PROVISIONED", readCapacityUnits: read, writeCapacityUnits: write };
      shown = next;
    } else {
      const increase = read > table.readCapacityUnits || write > table.writeCapacityUnits;
      const decrease = read < table.readCapacityUnits || write < table.writeCapacityUnits;
      const today = decreasesToday(table, now);
      if (decrease) checkDecreaseBudget(table, today, now);
      const stamps = {
        lastIncreaseAt: increase ? now : table.lastIncreaseAt,
        lastDecreaseAt: decrease ? now : table.lastDecreaseAt,
      };
      next = {
        ...table,
        ...stamps,
        readCapacityUnits: read,
        writeCapacityUnits: write,
        decreasesToday: today + (decrease ? 1 : 0),
      };
      shown = { ...table, ...stamps, decreasesToday: today };
    }
  }
  if (input.TableClass !== undefined) {
    updating = true;
    if (input.TableClass !== table.tableClass) next = { ...next, tableClass: input.TableClass };
    shown = { ...shown, tableClass: input.TableClass };
  }
  if (input.StreamSpecification) {
    const retention = ctx.streamRetentionMs ?? DAY_MS;
    const streams = changedStreams(table.name, table.streams, input.StreamSpecification, now, retention);
    next = { ...next, streams };
    shown = { ...shown, streams };
  }
  if (input.DeletionProtectionEnabled !== undefined) {
    next = { ...next, deletionProtection: input.DeletionProtectionEnabled };
    shown = { ...shown, deletionProtection: input.DeletionProtectionEnabled };
  }
  let createdIndex: GlobalIndexMeta | undefined;
  if (input.GlobalSecondaryIndexUpdates?.length || (billingSwitch && table.globalIndexes?.length)) {
    const changes = applyGlobalIndexUpdates(table, input, { now, newId: ctx.newId ?? (() => crypto.randomUUID()) });
    const { globalIndexes, attributeDefinitions } = changes;
    next = { ...next, globalIndexes, attributeDefinitions };
    shown = { ...shown, globalIndexes: changes.shownGlobalIndexes, attributeDefinitions };
    // A created or deleted index turns the table UPDATING; a changed index's capacity does not.
    if (changes.tableUpdating) updating = true;
    createdIndex = changes.created;
  }
  if (next !== table && updating) next = { ...next, status: "UPDATING" };
  const description = describe({ ...shown, status: updating ? "UPDATING" : shown.status }, ctx.stats);
  if (billingSwitch)
    description.BillingModeSummary = { BillingMode: next.billingMode } as TableDescription["BillingModeSummary"];
  if (input.TableClass !== undefined) description.TableClassSummary = { TableClass: input.TableClass };
  return { table: next, description, ...(createdIndex && { createdIndex }) };
}

/**
 * ReplicaUpdates, which travels alone: the new replica is stored CREATING (a removed one
 * DELETING) and the table UPDATING, and the response shows that state.
 */
function planReplicaPlan(
  table: TableMeta,
  updates: NonNullable<UpdateTableInput["ReplicaUpdates"]>,
  ctx: UpdateContext,
): UpdatePlan {
  const replicaUpdate = planReplicaUpdates(table, updates, {
    region: ctx.region,
    regions: ctx.regions ?? [ctx.region],
  });
  const { action, region } = replicaUpdate;
  const replicas = table.replicas ?? [];
  const next: TableMeta = {
    ...table,
    status: "UPDATING",
    replicas:
      action === "create"
        ? [...replicas, { region, status: "CREATING" }]
        : replicas.map((r) => (r.region === region ? { ...r, status: "DELETING" } : r)),
  };
  return { table: next, description: describe(next, ctx.stats), replicaUpdate };
}

/**
 * A table accepts changes only when ACTIVE; deletion protection may also change while UPDATING,
 * but nothing changes while a replica is being added or removed. The checks of the global index
 * updates against the table come before the UPDATING ones: while an index is created or deleted
 * (the table UPDATING) DynamoDB answers with the index's own rules (another Create or Delete is
 * over the limit of one, a Delete of an index still allocated is in use, a capacity change waits
 * for a deleted index).
 */
function checkStatus(table: TableMeta, input: UpdateTableInput, ctx: UpdateContext): void {
  const name = table.name;
  if (table.status === "CREATING") throw inUse(`Table is being created: ${name}`);
  if (table.status === "DELETING") throw inUse(`Table is being deleted: ${name}`);
  checkReplicasSettled(table);
  checkGlobalIndexUpdates(table, input, { now: ctx.now, region: ctx.region });
  if (table.status !== "UPDATING") return;
  if (input.ProvisionedThroughput || input.BillingMode)
    throw inUse(`Table IOPS are currently being updated. Table: ${name}`);
  const indexesBusy = table.globalIndexes?.some((i) => i.status !== "ACTIVE");
  if (input.GlobalSecondaryIndexUpdates?.some((u) => u.Create || u.Delete) && !indexesBusy) {
    // The table is UPDATING for its own capacity, billing or class (ACK-175; the prefix inferred).
    throw inUse(`Can't create or delete indexes while table IOPS are being updated. Table: ${name}`);
  }
  if (presentUpdates(input).some((member) => member !== "DeletionProtectionEnabled")) {
    throw inUse(`Table is being updated: ${name}`);
  }
}

const notYet = (what: string) => new ValidationException(`${what} not supported by this server yet`);

/** Members whose features arrive with later issues, refused after DynamoDB's own answers for them. */
function refuseUnsupported(input: UpdateTableInput): void {
  if (input.GlobalTableWitnessUpdates) throw notYet("GlobalTableWitnessUpdates is");
  if (input.SSESpecification) throw notYet("SSESpecification is");
  if (input.OnDemandThroughput) throw notYet("OnDemandThroughput is");
  if (input.WarmThroughput) throw notYet("WarmThroughput is");
  if (input.MultiRegionConsistency) throw notYet("MultiRegionConsistency is");
}
