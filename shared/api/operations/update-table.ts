/**
 * UpdateTable: the request shape and the checks DynamoDB makes before it looks at the table.
 * What a valid request does to a table is `planUpdateTable` (update-table-plan.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
 */
import { LimitExceededException, ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import type { AttributeDefinition, OnDemandThroughput, TableMeta } from "../table";
import { TABLE_NAME } from "../table-names";
import {
  ATTRIBUTE_DEFINITION,
  checkCapacityBounds,
  ON_DEMAND_THROUGHPUT,
  PROVISIONED_THROUGHPUT,
  type ProvisionedThroughput,
  SSE_SPECIFICATION,
} from "./common";
import { STREAM_SPECIFICATION } from "./create-table";
import { type GlobalSecondaryIndexInput, globalSecondaryIndexShape, INDEX_NAME } from "./secondary-indexes";

/** A GSI's throughput to change; WarmThroughput is parsed only to be refused as not supported yet. */
export interface UpdateGlobalSecondaryIndexAction {
  IndexName: string;
  ProvisionedThroughput?: ProvisionedThroughput;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: object;
}

/** One element of GlobalSecondaryIndexUpdates: exactly one action once validated. */
export interface GlobalSecondaryIndexUpdate {
  Create?: GlobalSecondaryIndexInput;
  Update?: UpdateGlobalSecondaryIndexAction;
  Delete?: { IndexName: string };
}

/** The per-replica settings a Create or Update may carry besides RegionName. */
export const REPLICA_SETTINGS = [
  "KMSMasterKeyId",
  "ProvisionedThroughputOverride",
  "OnDemandThroughputOverride",
  "GlobalSecondaryIndexes",
  "TableClassOverride",
] as const;

export type ReplicaAction = { RegionName: string } & { [K in (typeof REPLICA_SETTINGS)[number]]?: unknown };

/** One element of ReplicaUpdates: a replica to add, re-configure or remove. */
export interface ReplicationGroupUpdate {
  Create?: ReplicaAction;
  Update?: ReplicaAction;
  Delete?: { RegionName: string };
}

export interface UpdateTableInput {
  TableName: string;
  /** Read only for a GSI Create: the new index's key attributes are taken from it. */
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: TableMeta["billingMode"];
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  SSESpecification?: object;
  ReplicaUpdates?: ReplicationGroupUpdate[];
  TableClass?: TableMeta["tableClass"];
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: object;
  WarmThroughput?: object;
  MultiRegionConsistency?: string;
  GlobalTableWitnessUpdates?: object[];
}

const region = (name: string): Shape => ({
  type: "struct",
  name,
  members: { RegionName: { type: "string", notNull: true } },
});
const readOverride = (name: string, member: string): Shape => ({
  type: "struct",
  name,
  members: { [member]: { type: "long", ...(member === "ReadCapacityUnits" ? { min: 1 } : {}) } },
});
/** A replica Create or Update: RegionName plus the per-replica settings (REPLICA_SETTINGS). */
const replicaMember = (name: string): Shape => ({
  type: "struct",
  name,
  members: {
    RegionName: { type: "string", notNull: true },
    KMSMasterKeyId: { type: "string" },
    ProvisionedThroughputOverride: readOverride("ProvisionedThroughputOverride", "ReadCapacityUnits"),
    OnDemandThroughputOverride: readOverride("OnDemandThroughputOverride", "MaxReadRequestUnits"),
    GlobalSecondaryIndexes: {
      type: "list",
      minLength: 1,
      member: {
        type: "struct",
        name: "ReplicaGlobalSecondaryIndex",
        members: {
          IndexName: INDEX_NAME,
          ProvisionedThroughputOverride: readOverride("ProvisionedThroughputOverride", "ReadCapacityUnits"),
          OnDemandThroughputOverride: readOverride("OnDemandThroughputOverride", "MaxReadRequestUnits"),
        },
      },
    },
    TableClassOverride: { type: "string", enum: ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] },
  },
});
const long = { type: "long" } as const;
const WARM_THROUGHPUT: Shape = {
  type: "struct",
  name: "WarmThroughput",
  members: { ReadUnitsPerSecond: long, WriteUnitsPerSecond: long },
};

/** dynalite's order (AWS's) for the members it knows; the newer members follow. */
const MEMBERS: Members = {
  AttributeDefinitions: { type: "list", member: ATTRIBUTE_DEFINITION },
  TableName: TABLE_NAME,
  ProvisionedThroughput: PROVISIONED_THROUGHPUT,
  BillingMode: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
  GlobalSecondaryIndexUpdates: {
    type: "list",
    member: {
      type: "struct",
      name: "GlobalSecondaryIndexUpdate",
      valueStruct: true,
      members: {
        Update: {
          type: "struct",
          name: "UpdateGlobalSecondaryIndexAction",
          members: {
            IndexName: INDEX_NAME,
            ProvisionedThroughput: PROVISIONED_THROUGHPUT,
            OnDemandThroughput: ON_DEMAND_THROUGHPUT,
            WarmThroughput: WARM_THROUGHPUT,
          },
        },
        Create: globalSecondaryIndexShape("CreateGlobalSecondaryIndexAction", false),
        Delete: { type: "struct", name: "DeleteGlobalSecondaryIndexAction", members: { IndexName: INDEX_NAME } },
      },
    },
  },
  StreamSpecification: STREAM_SPECIFICATION,
  SSESpecification: SSE_SPECIFICATION,
  ReplicaUpdates: {
    type: "list",
    minLength: 1,
    member: {
      type: "struct",
      name: "ReplicationGroupUpdate",
      valueStruct: true,
      members: {
        Create: replicaMember("CreateReplicationGroupMemberAction"),
        Update: replicaMember("UpdateReplicationGroupMemberAction"),
        Delete: region("DeleteReplicationGroupMemberAction"),
      },
    },
  },
  TableClass: { type: "string", enum: ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] },
  DeletionProtectionEnabled: { type: "boolean" },
  OnDemandThroughput: ON_DEMAND_THROUGHPUT,
  WarmThroughput: WARM_THROUGHPUT,
  MultiRegionConsistency: { type: "string", enum: ["EVENTUAL", "STRONG"] },
  GlobalTableWitnessUpdates: {
    type: "list",
    member: {
      type: "struct",
      name: "GlobalTableWitnessGroupUpdate",
      valueStruct: true,
      members: {
        Create: region("CreateGlobalTableWitnessGroupMemberAction"),
        Delete: region("DeleteGlobalTableWitnessGroupMemberAction"),
      },
    },
  },
};

/** The members that change a table; AttributeDefinitions and MultiRegionConsistency alone change nothing. */
const UPDATES = [
  "ProvisionedThroughput",
  "BillingMode",
  "StreamSpecification",
  "GlobalSecondaryIndexUpdates",
  "SSESpecification",
  "ReplicaUpdates",
  "GlobalTableWitnessUpdates",
  "DeletionProtectionEnabled",
  "OnDemandThroughput",
  "WarmThroughput",
  "TableClass",
] as const;

/** DynamoDB's list, which names members the public API lacks and drops the ones the request sent. */
const AT_LEAST_ONE = [
  "ProvisionedThroughput",
  "BillingMode",
  "UpdateStreamEnabled",
  "GlobalSecondaryIndexUpdates",
  "SSESpecification",
  "ReplicaUpdates",
  "MultiAccountReplicaReady",
  "ReplicaTransitRoleArn",
  "MultiRegionConsistency",
  "DeletionProtectionEnabled",
  "OnDemandThroughput",
  "WarmThroughput",
];

/**
 * Members that must travel alone, in the precedence DynamoDB reports them. ReplicaUpdates comes
 * first: beside SSE, TableClass or DeletionProtection DynamoDB names the replica rule.
 */
const EXCLUSIVE = [
  ["ReplicaUpdates", "Replica modification must be the only operation in the request"],
  ["SSESpecification", "Server-Side Encryption modification must be the only operation in the request"],
  ["TableClass", "TableClass modification must be the only operation in the request"],
  ["DeletionProtectionEnabled", "DeletionProtection modification must be the only operation in the request"],
  ["WarmThroughput", "WarmThroughput must be the only operation in the request"],
] as const;

const invalid = (message: string) => new ValidationException(`One or more parameter values were invalid: ${message}`);

/** The update members a request carries (an empty index update list counts as absent). */
export function presentUpdates(input: UpdateTableInput): string[] {
  return UPDATES.filter((name) =>
    name === "GlobalSecondaryIndexUpdates" ? !!input[name]?.length : input[name] !== undefined,
  );
}

/**
 * Everything DynamoDB checks before it looks the table up, in its order.
 * At exit: the input is well formed and asks for at least one change.
 */
export function validateUpdateTable(body: Record<string, unknown>): UpdateTableInput {
  const input = parseRequest<UpdateTableInput>(body, MEMBERS);
  const updates = presentUpdates(input);
  if (updates.length === 0) {
    const names = AT_LEAST_ONE.filter((name) => !(name in input));
    throw new ValidationException(`At least one of ${names.join(", ")} or TableClass is required`);
  }
  const indexCreated = !!input.GlobalSecondaryIndexUpdates?.some((u) => u.Create);
  for (const [member, message] of EXCLUSIVE) {
    if (input[member] === undefined || updates.length === 1) continue;
    if (member === "WarmThroughput" && indexCreated) {
      throw invalid("Create global secondary index cannot be specified when updating WarmThroughput");
    }
    throw invalid(message);
  }
  if (input.OnDemandThroughput && updates.some((name) => name !== "OnDemandThroughput" && name !== "BillingMode")) {
    throw invalid("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request");
  }
  const changesIops = !!input.ProvisionedThroughput || input.BillingMode === "PROVISIONED";
  const indexCreatedOrDeleted = input.GlobalSecondaryIndexUpdates?.some((u) => u.Create || u.Delete);
  if (input.StreamSpecification && changesIops)
    throw invalid("You cannot modify stream status while updating table IOPS");
  if (indexCreatedOrDeleted && changesIops)
    throw invalid("You cannot create or delete index while updating table IOPS");
  if (indexCreatedOrDeleted && input.StreamSpecification)
    throw invalid("You cannot create or delete index while changing stream status");
  if (input.BillingMode === "PROVISIONED" && !input.ProvisionedThroughput) {
    throw invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (input.ProvisionedThroughput) checkCapacityBounds(input.ProvisionedThroughput);
  if (input.GlobalSecondaryIndexUpdates) validateIndexUpdates(input.GlobalSecondaryIndexUpdates);
  // An Update that names only its region asks for nothing.
  if (input.ReplicaUpdates?.some((u) => !u.Create && !hasReplicaSettings(u.Update) && !u.Delete)) {
    throw new ValidationException("There are no actions specified in the Replica Update Action of the request.");
  }
  const stream = input.StreamSpecification;
  if (stream?.StreamEnabled && !stream.StreamViewType)
    throw invalid("If stream is being enabled then UpdateViewType is required");
  if (stream && !stream.StreamEnabled && stream.StreamViewType) {
    throw invalid("If stream is being disabled, then UpdateViewType must not be specified");
  }
  return input;
}

/** Whether a replica Create or Update carries any per-replica setting. */
export function hasReplicaSettings(action: ReplicaAction | undefined): boolean {
  return !!action && REPLICA_SETTINGS.some((name) => action[name] !== undefined);
}

/**
 * The index actions' rules that need no table: one action per entry, one entry per index, then at
 * most one index created or deleted (a LimitExceededException, before any index is looked up).
 * What an action does to the table's indexes: global-index-updates.ts.
 */
function validateIndexUpdates(updates: GlobalSecondaryIndexUpdate[]): void {
  if (updates.length === 0) throw invalid("List of GlobalSecondaryIndexUpdates is empty");
  const names = new Set<string>();
  for (const update of updates) {
    const actions = [update.Update, update.Create, update.Delete].filter((a) => a !== undefined);
    if (actions.length === 0) {
      throw invalid(
        "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
      );
    }
    if (actions.length > 1)
      throw invalid("Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
    const name = actions[0].IndexName;
    if (names.has(name))
      throw invalid(`Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    names.add(name);
  }
  if (updates.filter((u) => u.Create || u.Delete).length > 1) {
    throw new LimitExceededException(
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    );
  }
  // The service's model once made an Update's ProvisionedThroughput required (dynalite's recording);
  // since OnDemandThroughput and WarmThroughput it is optional, but an Update needs one of them.
  updates.forEach(({ Update: update }, i) => {
    if (update && !update.ProvisionedThroughput && !update.OnDemandThroughput && !update.WarmThroughput) {
      throw new ValidationException(
        `1 validation error detected: Value null at 'globalSecondaryIndexUpdates.${i + 1}.member.update.provisionedThroughput' failed to satisfy constraint: Member must not be null`,
      );
    }
  });
}
