/**
 * Transactions from the router (docs/issue-17-transactions.md): a TransactWriteItems' actions
 * grouped by partition and handed to a coordinator (workers/transactions), which runs two-phase
 * commit; a TransactGetItems' reads in two passes over the partition leaders. Their outcomes
 * become DynamoDB's answers: a cancellation lists a reason per action, in request order, `None`
 * for the actions that did not cancel it.
 *
 * A route found stale on the way (a participant's map moved) costs a refresh and another try:
 * nothing was written by then.
 */

import type { Item } from "../../shared/api/attribute-value";
import {
  type CancellationReasonBody,
  fromWire,
  InternalServerError,
  ServiceUnavailableException,
  ThrottledError,
  TransactionCanceledException,
} from "../../shared/api/errors";
import type { ActionKey } from "../../shared/api/operations/transact-common";
import type { BillingMode } from "../../shared/api/table";
import { throttledCancellationCode, throttleMessage } from "../../shared/capacity/throttling";
import type { Condition } from "../../shared/expressions/ast";
import { xxh64Hex } from "../../shared/keys/partition-hash";
import { sleep } from "../clock";
import { partitionFor } from "../metadata/partition-map";
import { callLeader } from "../replica/group-client";
import { type CancellationReason, THROTTLED, type TransactionAction, WRONG_PARTITION } from "../replica/protocol";
import {
  type ActionSizes,
  COORDINATOR_SHARDS,
  coordinatorName,
  type Participant,
  type TransactWrite,
} from "../transactions/protocol";
import { admit } from "./admission";
import { resolveTables } from "./batch-fan-out";
import type { OperationContext } from "./context";
import { hashOf, type TableRoute, tableRoute } from "./items";

/** Tries of a transaction whose routes were stale. */
const ATTEMPTS = 12;

/** One action of a TransactWriteItems, validated: its table, key, and what it does there. */
export interface WriteStep {
  tableName: string;
  key: Item;
  action: TransactionAction["action"];
  condition?: Condition;
  returnOldOnConditionFailure?: boolean;
  /** Its table has local secondary indexes and the request asked for ItemCollectionMetrics. */
  returnCollectionSize?: boolean;
}

/**
 * Admits a transaction on each of its tables' capacity, `units[i]` for action `i` (what it is
 * known to cost up front). A table with none to give cancels the transaction before it runs: each
 * of its actions gets DynamoDB's throttling reason (`ThrottlingError` on demand,
 * `ProvisionedThroughputExceeded` provisioned) with the throttle's message, the others `None`.
 */
export async function admitTransaction(
  ctx: OperationContext,
  tableNames: readonly string[],
  units: readonly number[],
  tables: ReadonlyMap<string, TableRoute>,
  operation: "read" | "write",
): Promise<void> {
  const byTable = new Map<string, number>();
  for (const [i, name] of tableNames.entries()) byTable.set(name, (byTable.get(name) ?? 0) + units[i]);
  const refused = new Map<string, string>();
  await Promise.all(
    [...byTable].map(async ([name, wanted]) => {
      try {
        await admit(ctx, tables.get(name)!.route, operation, wanted);
      } catch (error) {
        if (!(error instanceof ThrottledError)) throw error;
        refused.set(name, error.message);
      }
    }),
  );
  if (refused.size === 0) return;
  const reasons: CancellationReason[] = [];
  tableNames.forEach((name, index) => {
    const message = refused.get(name);
    if (message === undefined) return;
    const code = throttledCancellationCode(tables.get(name)!.route.table.billingMode);
    reasons.push({ index, code, message });
  });
  throw cancellation(tableNames.length, reasons);
}

/**
 * The reason of action `index` refused by its partition's limit (workers/replica/transactions.ts):
 * the code and message of a key range's throttle on its table's billing mode.
 */
function keyRangeThrottled(index: number, billingMode: BillingMode, operation: "Read" | "Write"): CancellationReason {
  const throttle = { of: "Table", operation, limit: "KeyRangeThroughputExceeded" } as const;
  return { index, code: throttledCancellationCode(billingMode), message: throttleMessage(throttle, billingMode) };
}

/** A reason per action, in request order: `reasons` where given, `None` elsewhere. */
export function cancellation(count: number, reasons: CancellationReason[]): TransactionCanceledException {
  const bodies: CancellationReasonBody[] = Array.from({ length: count }, () => ({ Code: "None" }));
  for (const reason of reasons) {
    bodies[reason.index] = {
      Code: reason.code,
      Message: reason.message,
      ...(reason.item ? { Item: reason.item } : {}),
    };
  }
  return new TransactionCanceledException(bodies);
}

/** The tables `names` (distinct), each looked up once, by name; the first missing one's error is thrown. */
export async function tablesNamed(ctx: OperationContext, names: readonly string[]): Promise<Map<string, TableRoute>> {
  const tables = await resolveTables(ctx, [...new Set(names)], () => {});
  return new Map(tables.map((table) => [table.name, table]));
}

/**
 * Each item's key; a transaction one of whose keys its table refuses is cancelled before anything
 * runs, with a ValidationError reason for each such item, as DynamoDB does.
 */
export function keysOrCancel(keys: readonly ActionKey[]): Item[] {
  const invalid = keys.flatMap((k, index) =>
    k.ok ? [] : [{ index, code: "ValidationError" as const, message: k.validationError }],
  );
  if (invalid.length > 0) throw cancellation(keys.length, invalid);
  return keys.map((k) => (k as { key: Item }).key);
}

/** The items of a request on one partition of one table, each with its index in the request. */
interface PartitionGroup<T> {
  table: TableRoute;
  partition: Participant["partition"];
  items: { index: number; item: T }[];
}

/** Items grouped by the partition of their table that holds them, in first-seen order. */
function byPartition<T extends { tableName: string; key: Item }>(
  items: readonly T[],
  tables: ReadonlyMap<string, TableRoute>,
): PartitionGroup<T>[] {
  const groups = new Map<string, PartitionGroup<T>>();
  items.forEach((item, index) => {
    const table = tables.get(item.tableName)!;
    const partition = partitionFor(table.route.map, hashOf(item.key, table.schema));
    const id = `${table.route.table.id}/${partition.id}`;
    let group = groups.get(id);
    if (!group) {
      group = { table, partition, items: [] };
      groups.set(id, group);
    }
    group.items.push({ index, item });
  });
  return [...groups.values()];
}

const routeOf = (table: TableRoute) => ({ tableId: table.route.table.id, mapVersion: table.route.map.version });

/**
 * The tables again, each route read afresh from its metadata object, after a pause growing with
 * `attempt` (a partition sealed by a split refuses until its children's map is published).
 */
async function refreshed(ctx: OperationContext, tables: ReadonlyMap<string, TableRoute>, attempt: number) {
  await sleep(ctx.link.clock, Math.min(250, 10 * 2 ** attempt));
  const fresh = await Promise.all(
    [...tables.keys()].map(async (name) => {
      await ctx.routes.get(name, true);
      return [name, await tableRoute(ctx, name)] as const;
    }),
  );
  return new Map(fresh);
}

/**
 * Runs a TransactWriteItems whose `steps` are validated against `tables`. `token`: its
 * ClientRequestToken and a digest of the request. At exit: each action's sizes, committed; or a
 * thrown TransactionCanceledException, or another DynamoError.
 */
export async function transactWrite(
  ctx: OperationContext,
  steps: readonly WriteStep[],
  tables: ReadonlyMap<string, TableRoute>,
  token?: TransactWrite["token"],
): Promise<ActionSizes> {
  // A token always reaches the same coordinator, which remembers it.
  const shard = token
    ? Number.parseInt(xxh64Hex(new TextEncoder().encode(token.value)).slice(0, 8), 16) % COORDINATOR_SHARDS
    : Math.floor(ctx.link.random() * COORDINATOR_SHARDS);
  const coordinator = ctx.link.coordinator(coordinatorName(ctx.link.catalog(ctx.region), shard));
  let current = tables;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const participants: Participant[] = byPartition(steps, current).map((group) => ({
      partition: group.partition,
      route: routeOf(group.table),
      actions: group.items.map(({ index, item }) => ({
        index,
        key: item.key,
        action: item.action,
        ...(item.condition ? { condition: item.condition } : {}),
        ...(item.returnOldOnConditionFailure ? { returnOldOnConditionFailure: true } : {}),
        ...(item.returnCollectionSize ? { returnCollectionSize: true } : {}),
      })),
    }));
    const outcome = await coordinator.transactWrite({ ...(token ? { token } : {}), participants }).catch(() => {
      // The coordinator stopped (a crash, an eviction) with the transaction's outcome unknown to
      // us: a 500, which SDKs retry with the same ClientRequestToken.
      throw new InternalServerError("Internal server error");
    });
    switch (outcome.kind) {
      case "committed":
        return outcome.sizes;
      case "cancelled":
        throw cancellation(
          steps.length,
          outcome.reasons.map((r) =>
            r.message === THROTTLED
              ? keyRangeThrottled(r.index, current.get(steps[r.index].tableName)!.route.table.billingMode, "Write")
              : r,
          ),
        );
      case "error":
        throw fromWire(outcome.error);
      case "stale":
        current = await refreshed(ctx, current, attempt);
    }
  }
  throw new ServiceUnavailableException("The table's partitions are moving; try again");
}

/** One Get of a TransactGetItems, validated. */
export interface GetStep {
  tableName: string;
  key: Item;
}

/** What each Get read: the item's JSON text (none: missing) and its size. */
export type ReadItem = { itemJson?: string; size: number };

/**
 * Runs a TransactGetItems: every partition's items read as committed, with the position they
 * were read at, then every partition asked whether any of them changed since or is held. At
 * exit: the items, one serializable snapshot; or a thrown TransactionCanceledException naming
 * the items a transaction held or changed.
 */
export async function transactGet(
  ctx: OperationContext,
  steps: readonly GetStep[],
  tables: ReadonlyMap<string, TableRoute>,
): Promise<ReadItem[]> {
  let current = tables;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const groups = byPartition(steps, current);
    const keysOf = (group: (typeof groups)[number]) => group.items.map(({ item }) => item.key);
    const reads = await Promise.all(
      groups.map((group) =>
        callLeader(
          ctx.link,
          group.partition,
          "transactRead",
          [{ route: routeOf(group.table), keys: keysOf(group) }],
          true,
        ),
      ),
    );
    if (reads.some((r) => !r.ok && r.error.type === WRONG_PARTITION)) {
      current = await refreshed(ctx, current, attempt);
      continue;
    }
    const items: ReadItem[] = new Array(steps.length);
    const conflicts: CancellationReason[] = [];
    const conflict = (index: number) =>
      conflicts.push({ index, code: "TransactionConflict", message: "Transaction is ongoing for the item" });
    groups.forEach((group, g) => {
      const read = reads[g];
      if (!read.ok) throw fromWire(read.error);
      group.items.forEach(({ index }, i) => {
        const got = read.items[i];
        if ("conflict" in got) conflict(index);
        else if ("throttled" in got)
          conflicts.push(keyRangeThrottled(index, group.table.route.table.billingMode, "Read"));
        else items[index] = got;
      });
    });
    if (conflicts.length > 0) throw cancellation(steps.length, conflicts);
    const checks = await Promise.all(
      groups.map((group, g) => {
        const read = reads[g];
        const at = read.ok ? read.at : { term: 0, lsn: 0 };
        return callLeader(
          ctx.link,
          group.partition,
          "transactCheck",
          [{ route: routeOf(group.table), keys: keysOf(group), at }],
          true,
        );
      }),
    );
    groups.forEach((group, g) => {
      const check = checks[g];
      if (!check.ok) {
        // A route gone stale between the passes: the items may have moved; the read is retried whole.
        if (check.error.type === WRONG_PARTITION) for (const { index } of group.items) conflict(index);
        else throw fromWire(check.error);
        return;
      }
      for (const i of check.changed) conflict(group.items[i].index);
    });
    if (conflicts.length > 0) throw cancellation(steps.length, conflicts);
    return items;
  }
  throw new ServiceUnavailableException("The table's partitions are moving; try again");
}
