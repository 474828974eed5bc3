/**
 * UpdateTable's ReplicaUpdates (global tables version 2019.11.21): which single replica a valid
 * request adds or removes, or the error DynamoDB answers with. Pure; the catalog entry it leads
 * to is built by `planUpdateTable` (update-table-plan.ts).
 *
 * Checks, in this order (messages as DynamoDB sends them):
 *   1. the request alone: one action type, one Create or Delete (identical actions collapse);
 *   2. the region: known to the server, and not the table's own region;
 *   3. the table: not CREATING or DELETING;
 *   4. membership: a Delete names a replica, a Create does not;
 *   5. nothing else in flight: no replica CREATING/UPDATING/DELETING, the table not UPDATING;
 *   6. a Create needs on-demand capacity, as this server has no auto scaling.
 * Per-replica settings (a Create's overrides, any Update) are refused as not supported yet.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_reqs_bestpractices.html
 */
import { ResourceInUseException, ValidationException } from "../errors";
import type { TableMeta } from "../table";
import { hasReplicaSettings, type ReplicationGroupUpdate } from "./update-table";

export interface ReplicaUpdate {
  action: "create" | "delete";
  region: string;
}

export interface ReplicaContext {
  /** The region whose catalog holds `table`. */
  region: string;
  /** Every region the server knows (the topology), in its order. */
  regions: string[];
}

/** Create of a region whose table already exists: a replica, or a same-name table there. */
export const replicaAlreadyExists = (table: string) =>
  new ValidationException(
    `Failed to create a the new replica of table with name: ‘${table}’ because one or more replicas already existed as tables.`,
  );

const notMember = (region: string) =>
  new ValidationException(
    `Update global table operation failed because one or more replicas were not part of the global table. Please retry the request without these replicas: [${region}].`,
  );

const inUse = (what: string) =>
  new ResourceInUseException(`Attempt to change a resource which is still in use: ${what}`);

/**
 * The one replica change `updates` asks of `table`, or the DynamoError DynamoDB answers with.
 * Precondition: `updates` passed validateUpdateTable (every element carries an action).
 */
export function planReplicaUpdates(
  table: TableMeta,
  updates: ReplicationGroupUpdate[],
  context: ReplicaContext,
): ReplicaUpdate {
  const change = singleChange(updates);
  const { region } = change;
  if (!context.regions.includes(region)) {
    throw new ValidationException(
      `Region ${region} is not supported. The latest version of global tables are only supported in the following regions: [${context.regions.join(", ")}]`,
    );
  }
  if (region === context.region) {
    throw new ValidationException(
      "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.",
    );
  }
  if (table.status === "CREATING") throw inUse(`Table is being created: ${table.name}`);
  if (table.status === "DELETING") throw inUse(`Table is being deleted: ${table.name}`);
  const replicas = table.replicas ?? [];
  const member = replicas.some((r) => r.region === region);
  if (change.action === "delete" && !member) throw notMember(region);
  if (change.action === "create" && member) throw replicaAlreadyExists(table.name);
  checkNothingInFlight(table);
  if (change.action === "create" && table.billingMode === "PROVISIONED") {
    throw new ValidationException("Table write capacity should either be Pay-Per-Request or AutoScaled.");
  }
  return change;
}

/**
 * DynamoDB takes one Create or one Delete per call: several action types, or several regions,
 * are refused before the table is looked at; repeats of one identical action count once.
 */
function singleChange(updates: ReplicationGroupUpdate[]): ReplicaUpdate {
  const types = new Set<string>();
  const targets = new Map<string, ReplicaUpdate & { settings: boolean }>();
  for (const { Create, Update, Delete } of updates) {
    if (Create) types.add("Create");
    if (hasReplicaSettings(Update)) types.add("Update");
    if (Delete) types.add("Delete");
    if (Create)
      targets.set(`create ${Create.RegionName}`, {
        action: "create",
        region: Create.RegionName,
        settings: hasReplicaSettings(Create),
      });
    if (Delete)
      targets.set(`delete ${Delete.RegionName}`, { action: "delete", region: Delete.RegionName, settings: false });
  }
  if (types.size > 1) {
    throw new ValidationException("Update table operation with more than one type of replica actions not allowed.");
  }
  if (types.has("Update")) {
    const regions = new Set(updates.map((u) => u.Update?.RegionName));
    // Inferred: DynamoDB's message for Updates of several regions in one call.
    if (regions.size > 1) throw new ValidationException("Cannot target multiple regions with the same action");
    throw notYet();
  }
  if (targets.size === 0) {
    throw new ValidationException("There are no actions specified in the Replica Update Action of the request.");
  }
  if (targets.size > 1) {
    throw new ValidationException(
      "Update table operation with more than one create or delete replica actions not allowed",
    );
  }
  const [{ settings, ...change }] = targets.values();
  if (settings) throw notYet();
  return change;
}

const notYet = () =>
  new ValidationException("Per-replica settings in ReplicaUpdates are not supported by this server yet");

/** While a replica is being added, changed or removed, DynamoDB refuses every UpdateTable so. */
export function checkReplicasSettled(table: TableMeta): void {
  if (table.replicas?.some((r) => r.status !== "ACTIVE")) {
    throw new ResourceInUseException("The resource which you are attempting to change is in use.");
  }
}

/** Replicas settled, and the table not UPDATING for its own reasons. */
function checkNothingInFlight(table: TableMeta): void {
  checkReplicasSettled(table);
  if (table.status === "UPDATING") throw inUse(`Table is being updated: ${table.name}`);
}
