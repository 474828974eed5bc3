/**
 * How the router runs a batch (BatchGetItem, BatchWriteItem) as single-item calls: every
 * table looked up before any call, calls ordered round-robin over partitions so that
 * consecutive calls go to different partitions, at most MAX_IN_FLIGHT at a time, and the
 * failures a client should simply retry told apart from real errors.
 */
import type { Item } from "../../shared/api/attribute-value";
import { DynamoError } from "../../shared/api/errors";
import { partitionFor } from "../metadata/partition-map";
import type { OperationContext } from "./context";
import { hashOf, type TableRoute, tableRoute } from "./items";

/** Single-item calls one batch keeps in flight. */
export const MAX_IN_FLIGHT = 16;

export interface BatchTable extends TableRoute {
  /** The partition of a key, by the route cached when the batch started (for ordering only). */
  partitionOf(key: Item): string;
}

/**
 * Looks every table up concurrently and hands each to `check` in request order, so the error
 * a request gets (ResourceNotFoundException, a key not matching its table's schema) is the
 * one for the first table in the request that has one. At exit: every table exists and passed
 * `check`, or nothing has been written or read.
 */
export async function resolveTables(
  ctx: OperationContext,
  names: string[],
  check: (index: number, table: TableRoute) => void,
): Promise<BatchTable[]> {
  const settled = await Promise.allSettled(names.map((name) => tableRoute(ctx, name)));
  return settled.map((result, index) => {
    if (result.status === "rejected") throw result.reason;
    const table = result.value;
    check(index, table);
    return { ...table, partitionOf: (key) => partitionFor(table.route.map, hashOf(key, table.schema)).id };
  });
}

/** `items` reordered round-robin over their groups: groups in first-seen order, items in order within a group. */
export function interleaveByGroup<T>(items: readonly T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groupOf(item);
    const members = groups.get(group);
    if (members) members.push(item);
    else groups.set(group, [item]);
  }
  const lanes = [...groups.values()];
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i++) {
    for (const lane of lanes) if (i < lane.length) out.push(lane[i]);
  }
  return out;
}

/**
 * Calls `fn` on each item in order, at most `limit` at a time. At exit every started call has
 * settled; if one threw, no further call was started and the first error is rethrown.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Failures that leave a batch entry unprocessed instead of failing the batch: throttling,
 * an unavailable or failing partition, a conflicting transaction.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
const TRANSIENT = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionConflictException",
  "InternalServerError",
  "ServiceUnavailableException",
]);

export function isTransient(error: unknown): error is DynamoError {
  return error instanceof DynamoError && TRANSIENT.has(error.type);
}
