/**
 * Single-item reads and writes from the router: hash the key, find the partition in the
 * cached map, call its group through the link (workers/replica/group-client.ts), retry on a
 * stale map.
 */
import type { Item } from "../../shared/api/attribute-value";
import { capacityUnits, writeUnits } from "../../shared/api/capacity";
import { itemSize } from "../../shared/api/item-size";
import type { KeySchema } from "../../shared/api/key-schema";
import type { IndexRead } from "../../shared/api/operations/index-reads";
import { missingIndex } from "../../shared/api/operations/query";
import { keySchemaOf, type TableMeta } from "../../shared/api/table";
import { type IndexShape, indexShapes } from "../../shared/indexes/entries";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { PartitionMap } from "../metadata/partition-map";
import type { Route } from "../metadata/protocol";
import { callGroup, callLeader, sawWrite } from "../replica/group-client";
import type { GetResult, WriteAction, WriteRequest, WriteResult } from "../replica/protocol";
import { admit, charge, indexSubject, type Subject } from "./admission";
import type { OperationContext } from "./context";

/** The write action of a put: the validated item as JSON, with its size. */
export function putAction(item: Item): WriteAction {
  return { kind: "put", itemJson: JSON.stringify(item), size: itemSize(item) };
}

/** The partition map a read goes through: the table's, or its global index's. */
export function readMap(route: Route, index: IndexRead | undefined): PartitionMap {
  if (index?.kind !== "global") return route.map;
  const map = route.indexMaps?.[index.id];
  if (!map) throw missingIndex(index.shape.name);
  return map;
}

/** The partition hash of a key (or an item holding the key). */
export function hashOf(key: Item, schema: KeySchema): string {
  return partitionHash(encodeKeyValue(key[schema.hash.name]));
}

/**
 * A table as one request sees it: the route its input was validated against, its key schema
 * and its indexes. Calls made with it never reach a later incarnation whose keys differ.
 */
export interface TableRoute {
  name: string;
  route: Route;
  schema: KeySchema;
  /** Its secondary indexes, global ones first (shared/indexes/entries.ts `indexShapes`). */
  indexes: readonly IndexShape[];
}

type Shapes = Pick<TableRoute, "schema" | "indexes">;

/** Key schemas and indexes by table description: a cached route keeps its description, so each is derived once. */
const shapes = new WeakMap<Route["table"], Shapes>();

function shapesOf(table: Route["table"]): Shapes {
  let found = shapes.get(table);
  if (!found) {
    found = { schema: keySchemaOf(table), indexes: indexShapes(table) };
    shapes.set(table, found);
  }
  return found;
}

/** The table's route, key schema and indexes; ResourceNotFoundException when the table is not ACTIVE. */
/**
 * The route of table `name`, from the cache when it can. `indexName`: a read of that index; a
 * cached route without it is read again (another region of a global table may have created it).
 */
export async function tableRoute(ctx: OperationContext, name: string, indexName?: string): Promise<TableRoute> {
  let route = ctx.routes.cached(name) ?? (await ctx.routes.get(name));
  if (indexName !== undefined && !hasIndex(route.table, indexName)) route = await ctx.routes.get(name, true);
  return { name, route, ...shapesOf(route.table) };
}

const hasIndex = (table: TableMeta, name: string) =>
  [...(table.localIndexes ?? []), ...(table.globalIndexes ?? [])].some((index) => index.name === name);

export async function readItem(
  ctx: OperationContext,
  table: TableRoute,
  key: Item,
  consistent: boolean,
): Promise<GetResult> {
  const minimum = consistent ? 1 : 0.5;
  const admitted = admit(ctx, table.route, "read", minimum);
  if (admitted) await admitted;
  const result = await ctx.routes.call<GetResult>(
    table.name,
    hashOf(key, table.schema),
    (partition, route) =>
      callGroup(ctx.link, partition, consistent, "get", {
        route: { tableId: route.table.id, mapVersion: route.map.version },
        key,
        consistent,
      }),
    table.route,
  );
  charge(table.route, "read", capacityUnits(result.size, "read", consistent) - minimum);
  return result;
}

/**
 * Writes one item: admitted on its table's capacity (a put's units up front, the rest once its
 * old item is known) and, on a table with global secondary indexes, on each index's: a write is
 * refused while an index it may touch has spent its capacity (DynamoDB's back-pressure of an
 * index on its table; which indexes a write touches is known only once its old item is read, so
 * any write of the table waits), and each index is charged the units the write cost it.
 */
export async function writeItem(
  ctx: OperationContext,
  table: TableRoute,
  request: Omit<WriteRequest, "route">,
): Promise<WriteResult> {
  // A put's cost is known up front from its item; an update's or a delete's once the old item is read.
  const upFront = request.action.kind === "put" ? capacityUnits(request.action.size, "write") : 1;
  const indexes = fedIndexes(table.route);
  for (const { subject } of indexes) {
    const admitted = admit(ctx, subject, "write", 0);
    if (admitted) await admitted;
  }
  const admitted = admit(ctx, table.route, "write", upFront);
  if (admitted) await admitted;
  const result = await ctx.routes.call<WriteResult>(
    table.name,
    hashOf(request.key, table.schema),
    async (partition, route) => {
      const write = {
        ...request,
        route: { tableId: route.table.id, mapVersion: route.map.version },
        // Each global index is charged what the write cost it.
        ...(indexes.length > 0 ? { returnIndexUnits: true } : {}),
      };
      const reply = await callLeader(ctx.link, partition, "write", [write], false);
      if (reply.ok && reply.at) sawWrite(partition, reply.at);
      return reply;
    },
    table.route,
  );
  charge(table.route, "write", writeUnits(result.oldSize, result.newSize) - upFront);
  for (const { name, subject } of indexes) charge(subject, "write", result.globalIndexUnits?.[name] ?? 0);
  return result;
}

/** The global secondary indexes a table's writes feed, as subjects of admission (cached per route). */
const fedSubjects = new WeakMap<Route["table"], { name: string; subject: Subject }[]>();

function fedIndexes(route: Route): { name: string; subject: Subject }[] {
  let subjects = fedSubjects.get(route.table);
  if (!subjects) {
    const fed = (route.table.globalIndexes ?? []).filter((i) => i.status !== "DELETING");
    subjects = fed.map((index) => ({ name: index.name, subject: indexSubject(route, index) }));
    fedSubjects.set(route.table, subjects);
  }
  return subjects;
}
