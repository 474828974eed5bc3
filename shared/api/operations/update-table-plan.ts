/**
 * What a valid UpdateTable request does to a table: `planUpdateTable` is pure, and the metadata
 * object stores the entry it returns.
 *
 * Supported changes: BillingMode, ProvisionedThroughput, TableClass, DeletionProtectionEnabled, and
 * adding or removing one replica region (ReplicaUpdates, checked by `planReplicaUpdates`).
 * Index, stream, encryption and on-demand/warm throughput changes are refused until their issues
 * land, after the answers DynamoDB itself gives them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 */
import { ResourceInUseException, ResourceNotFoundException, ValidationException } from "../errors";
import { describe, type TableDescription, type TableMeta, type TableStats } from "../table";
import { checkDecreaseBudget, checkThroughputQuotas, decreasesToday, type ProvisionedThroughput } from "./common";
import { checkReplicasSettled, planReplicaUpdates, type ReplicaUpdate } from "./replica-updates";
import { presentUpdates, type UpdateTableInput } from "./update-table";

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
  checkStatus(table, input);
  refuseUnsupported(table, input);
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
  if (input.DeletionProtectionEnabled !== undefined) {
    next = { ...next, deletionProtection: input.DeletionProtectionEnabled };
    shown = { ...shown, deletionProtection: input.DeletionProtectionEnabled };
  }
  if (next !== table && updating) next = { ...next, status: "UPDATING" };
  const description = describe({ ...shown, status: updating ? "UPDATING" : shown.status }, ctx.stats);
  if (billingSwitch)
    description.BillingModeSummary = { BillingMode: next.billingMode } as TableDescription["BillingModeSummary"];
  if (input.TableClass !== undefined) description.TableClassSummary = { TableClass: input.TableClass };
  return { table: next, description };
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
 * but nothing changes while a replica is being added or removed.
 */
function checkStatus(table: TableMeta, input: UpdateTableInput): void {
  const name = table.name;
  if (table.status === "CREATING") throw inUse(`Table is being created: ${name}`);
  if (table.status === "DELETING") throw inUse(`Table is being deleted: ${name}`);
  checkReplicasSettled(table);
  if (table.status !== "UPDATING") return;
  if (input.ProvisionedThroughput || input.BillingMode)
    throw inUse(`Table IOPS are currently being updated. Table: ${name}`);
  if (presentUpdates(input).some((member) => member !== "DeletionProtectionEnabled")) {
    throw inUse(`Table is being updated: ${name}`);
  }
}

const notYet = (what: string) => new ValidationException(`${what} not supported by this server yet`);

/** Members whose features arrive with later issues, refused after DynamoDB's own answers for them. */
function refuseUnsupported(table: TableMeta, input: UpdateTableInput): void {
  for (const update of input.GlobalSecondaryIndexUpdates ?? []) {
    const action = update.Update ?? update.Delete;
    if (action)
      throw new ResourceNotFoundException(
        `Requested resource not found: Index ${action.IndexName} for table ${table.name}`,
      );
  }
  if (input.GlobalSecondaryIndexUpdates?.length) throw notYet("Secondary indexes are");
  if (input.StreamSpecification?.StreamEnabled === false) {
    throw new ValidationException(`Table has no stream to disable: TableName: ${table.name}`);
  }
  if (input.StreamSpecification) throw notYet("Streams are");
  if (input.GlobalTableWitnessUpdates) throw notYet("GlobalTableWitnessUpdates is");
  if (input.SSESpecification) throw notYet("SSESpecification is");
  if (input.OnDemandThroughput) throw notYet("OnDemandThroughput is");
  if (input.WarmThroughput) throw notYet("WarmThroughput is");
  if (input.MultiRegionConsistency) throw notYet("MultiRegionConsistency is");
}
