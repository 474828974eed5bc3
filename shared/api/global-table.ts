/**
 * Global tables version 2017.11.29 (CreateGlobalTable, UpdateGlobalTable, DescribeGlobalTable,
 * ListGlobalTables), pure: which tables may join a replication group, how a group changes, and
 * the `GlobalTableDescription` a region's catalog entry shows. The group is kept in each
 * region's `TableMeta` (`replicas` = the other regions, `globalTableVersion` = "2017.11.29").
 *
 * Messages marked "Inferred" are this server's, where DynamoDB's own are not published.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateGlobalTable.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateGlobalTable.html
 */

import { globalTableArn } from "./arns";
import {
  GlobalTableAlreadyExistsException,
  ReplicaAlreadyExistsException,
  ReplicaNotFoundException,
  ResourceInUseException,
  TableNotFoundException,
  ValidationException,
} from "./errors";
import type { KeySchemaElement, TableMeta } from "./table";

export interface GlobalTableDescription {
  ReplicationGroup: { RegionName: string }[];
  GlobalTableArn: string;
  CreationDateTime: number;
  GlobalTableStatus: "CREATING" | "ACTIVE" | "DELETING" | "UPDATING";
  GlobalTableName: string;
}

/** One region's table as a candidate replica: its catalog entry (absent: no table) and item count. */
export interface Candidate {
  region: string;
  table?: TableMeta;
  itemCount: number;
}

/** Every region of `table`'s global table, itself included, in name order. */
export function groupOf(table: TableMeta, region: string): string[] {
  return [region, ...(table.replicas ?? []).map((r) => r.region)].sort();
}

/**
 * The description of global table `name` over `group`, created at `createdAt` (epoch ms). The
 * control plane here runs to completion within the request, so the status is always ACTIVE.
 */
export function globalTableDescription(
  name: string,
  group: string[],
  createdAt: number,
  account: string,
): GlobalTableDescription {
  return {
    ReplicationGroup: [...group].sort().map((RegionName) => ({ RegionName })),
    GlobalTableArn: globalTableArn(account, name),
    CreationDateTime: createdAt / 1000,
    GlobalTableStatus: "ACTIVE",
    GlobalTableName: name,
  };
}

/** The description of the global table `table` (region `region`'s entry) belongs to. */
export function describeGlobalTable(table: TableMeta, region: string, account: string): GlobalTableDescription {
  return globalTableDescription(
    table.name,
    groupOf(table, region),
    table.globalTableCreatedAt ?? table.createdAt,
    account,
  );
}

/** Whether `table` is a replica of a version 2017.11.29 global table (possibly of one region). */
export const isLegacyGlobal = (table: TableMeta | undefined): table is TableMeta => !!table?.globalTableVersion;

/** Refuses a region the server does not know. Inferred message. */
export function checkRegions(regions: string[], known: string[]): void {
  const unknown = regions.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    throw new ValidationException(
      `Region ${unknown[0]} is not supported. Global tables are only supported in the following regions: [${known.join(", ")}]`,
    );
  }
}

/** A key schema of `table` (its own or an index's) as a comparable text: each key attribute's name, key type and attribute type. */
function keysText(table: TableMeta, keySchema: KeySchemaElement[]): string {
  const typeOf = (name: string) => table.attributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType;
  return JSON.stringify(keySchema.map((k) => [k.AttributeName, k.KeyType, typeOf(k.AttributeName)]));
}

/** The table's indexes of one kind, by name: their key schemas (comparable text). */
function indexesByName(table: TableMeta, kind: "globalIndexes" | "localIndexes"): Map<string, string> {
  return new Map((table[kind] ?? []).map((index) => [index.name, keysText(table, index.keySchema)]));
}

const sameKeys = (a: TableMeta, b: TableMeta) => keysText(a, a.keySchema) === keysText(b, b.keySchema);

/** Whether two tables have indexes of one kind of the same names, each with the same hash and sort keys. */
function sameIndexes(a: TableMeta, b: TableMeta, kind: "globalIndexes" | "localIndexes"): boolean {
  const left = indexesByName(a, kind);
  const right = indexesByName(b, kind);
  return left.size === right.size && [...left].every(([name, keys]) => right.get(name) === keys);
}

/**
 * Checks that `candidate`'s table may join a global table named `name` whose key schema is
 * `reference`'s: it exists, is in no global table, is ACTIVE, holds no items and has the same keys,
 * and the same global and local secondary indexes (the same names, each with the same hash key and
 * sort key; projections and capacities may differ). Each region keeps its own indexes, fed from
 * its own committed changes, the other regions' included.
 * DynamoDB Streams, which version 2017.11.29 also requires, are not checked: this server has none.
 * At exit: the candidate's table (it exists).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateGlobalTable.html
 */
export function checkJoinable(name: string, candidate: Candidate, reference?: TableMeta): TableMeta {
  const { table, region } = candidate;
  if (!table) throw new TableNotFoundException(`Table not found: Table: '${name}' not found in region: '${region}'.`);
  if (table.replicas?.length || table.globalTableVersion) {
    // Inferred message.
    throw new GlobalTableAlreadyExistsException(
      `Global table already exists: Table: '${name}' in region: '${region}' is already part of a global table.`,
    );
  }
  if (table.status !== "ACTIVE") {
    // Inferred message.
    throw new ResourceInUseException(
      `Attempt to change a resource which is still in use: Table: '${name}' in region: '${region}' is not ACTIVE.`,
    );
  }
  if (candidate.itemCount > 0) {
    // Inferred message.
    throw new ValidationException(
      `Table: '${name}' in region: '${region}' is not empty. Replica tables of a global table must be empty when they are added.`,
    );
  }
  if (reference && !sameKeys(table, reference)) {
    // Inferred message.
    throw new ValidationException(
      `Table: '${name}' in region: '${region}' does not have the same key schema as the other replicas of the global table.`,
    );
  }
  for (const [kind, what] of [
    ["globalIndexes", "global secondary indexes"],
    ["localIndexes", "local secondary indexes"],
  ] as const) {
    if (reference && !sameIndexes(table, reference, kind)) {
      // Inferred message.
      throw new ValidationException(
        `Table: '${name}' in region: '${region}' does not have the same ${what} as the other replicas of the global table. The ${what} must have the same names and the same hash and sort keys.`,
      );
    }
  }
  return table;
}

export interface GroupChange {
  /** The replication group after the change, in name order. */
  group: string[];
  added: string[];
  removed: string[];
}

/**
 * The group UpdateGlobalTable's ReplicaUpdates lead to, applied in request order: a Create of a
 * member is ReplicaAlreadyExistsException, a Delete of a non-member ReplicaNotFoundException
 * (inferred messages). Nothing is checked of the added regions' tables here.
 */
export function changeGroup(
  name: string,
  group: string[],
  updates: { Create?: { RegionName: string }; Delete?: { RegionName: string } }[],
): GroupChange {
  const members = new Set(group);
  for (const { Create, Delete } of updates) {
    if (Create) {
      if (members.has(Create.RegionName)) {
        throw new ReplicaAlreadyExistsException(
          `Replica already exists: Global table: '${name}' already has a replica in region: '${Create.RegionName}'.`,
        );
      }
      members.add(Create.RegionName);
    }
    if (Delete) {
      if (!members.has(Delete.RegionName)) {
        throw new ReplicaNotFoundException(
          `Replica not found: Global table: '${name}' has no replica in region: '${Delete.RegionName}'.`,
        );
      }
      members.delete(Delete.RegionName);
    }
  }
  const after = [...members].sort();
  return {
    group: after,
    added: after.filter((r) => !group.includes(r)),
    removed: group.filter((r) => !members.has(r)),
  };
}

/** Inferred message, for a DescribeGlobalTable or UpdateGlobalTable of a table that is not one. */
export const globalTableNotFound = (name: string) =>
  `Global table not found: Global table with name: '${name}' does not exist.`;
