/**
 * The router's side of a table's admission (the seed's global admission control): per isolate,
 * the units of each table it holds a grant of, taken from the table's admission object
 * (workers/admission) and spent here, so that the table's rate holds across every isolate while
 * the hot path is a subtraction. A request is admitted on the units it is known to cost up front
 * (a put's item; a read's minimum) and charged the rest once served; a grant spent, expired or in
 * debt is renewed from the object, and a refusal is DynamoDB's throttling exception for the
 * table's billing mode. Global secondary indexes' own capacity is not enforced yet.
 */
import type { Operation, TableCapacity } from "../../shared/capacity/table-admission";
import { throttledError } from "../../shared/capacity/throttling";
import type { Route } from "../metadata/protocol";
import type { OperationContext } from "./context";

/** A table's units held by this isolate, per operation: what is left (negative: in debt) and until when. */
interface Held {
  units: number;
  until: number;
}

/**
 * Module scope: shared by every request this isolate serves. By the table's entry in the route
 * cache (one per table incarnation and catalog): a refreshed route starts afresh, and nothing is
 * built per request to find it.
 */
const held = new WeakMap<Route["table"], Partial<Record<Operation, Held>>>();

function heldOf(route: Route): Partial<Record<Operation, Held>> {
  let mine = held.get(route.table);
  if (!mine) {
    mine = {};
    held.set(route.table, mine);
  }
  return mine;
}

/**
 * Admits a request of `operation` on the table of `route` that costs at least `units`, spending
 * them: at once (undefined) while this isolate holds units, else once a grant comes (a promise,
 * which rejects with DynamoDB's throttling exception when the table has none to give).
 */
export function admit(
  ctx: OperationContext,
  route: Route,
  operation: Operation,
  units: number,
): Promise<void> | undefined {
  const now = ctx.now();
  const mine = held.get(route.table)?.[operation];
  if (mine && mine.units > 0 && now < mine.until) {
    mine.units -= units;
    return undefined;
  }
  return renew(ctx, route, operation, units, now, mine);
}

async function renew(
  ctx: OperationContext,
  route: Route,
  operation: Operation,
  units: number,
  now: number,
  mine: Held | undefined,
): Promise<void> {
  const { table } = route;
  const capacity: TableCapacity = {
    billingMode: table.billingMode,
    read: table.readCapacityUnits,
    write: table.writeCapacityUnits,
  };
  // What is owed (a debt) is asked for on top of what this request needs.
  const owed = mine && now < mine.until ? Math.max(0, -mine.units) : 0;
  const grant = await ctx.link.admission(ctx.region, table.id).grant({ capacity, operation, units: units + owed });
  if ("limit" in grant) {
    const throttle = { of: "Table" as const, operation: operation === "read" ? ("Read" as const) : ("Write" as const) };
    throw throttledError({ ...throttle, limit: grant.limit }, table.billingMode, table.arn);
  }
  heldOf(route)[operation] = { units: grant.units - units - owed, until: grant.until };
}

/** Charges what a served request cost beyond the units it was admitted on. */
export function charge(route: Route, operation: Operation, units: number): void {
  if (units <= 0) return;
  const mine = held.get(route.table)?.[operation];
  if (mine) mine.units -= units;
}
