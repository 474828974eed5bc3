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

/** A table's units held by this isolate for one operation: what is left (negative: in debt), and until when. */
interface Held {
  units: number;
  until: number;
}

/**
 * Module scope: shared by every request this isolate serves. By table id (a UUID per table
 * incarnation, so per catalog too): concurrent requests that each fetched their own route share
 * one grant.
 */
const held = new Map<string, Partial<Record<Operation, Held>>>();
const MAX_TABLES = 10_000;

function heldOf(route: Route, operation: Operation): Held {
  let table = held.get(route.table.id);
  if (!table) {
    if (held.size >= MAX_TABLES) held.clear();
    table = {};
    held.set(route.table.id, table);
  }
  let mine = table[operation];
  if (!mine) {
    mine = { units: 0, until: 0 };
    table[operation] = mine;
  }
  return mine;
}

/**
 * Admits a request of `operation` on the table of `route` that costs at least `units`, spending
 * them: at once (undefined) while this isolate holds units, else once a grant comes (a promise,
 * which rejects with DynamoDB's throttling exception when the table has none to give). Requests
 * that find none left each ask (a request may not wait on another's call: the runtime ties I/O to
 * the request that made it); the object gives each a share of what it has left.
 */
export function admit(
  ctx: OperationContext,
  route: Route,
  operation: Operation,
  units: number,
): Promise<void> | undefined {
  const now = ctx.now();
  const mine = heldOf(route, operation);
  if (mine.units > 0 && now < mine.until) {
    mine.units -= units;
    return undefined;
  }
  return renew(ctx, route, operation, units, mine);
}

/** Asks the table's admission object for units: at least `units` and what `mine` owes; spends `units` of them. */
async function renew(ctx: OperationContext, route: Route, operation: Operation, units: number, mine: Held) {
  const { table } = route;
  const capacity: TableCapacity = {
    billingMode: table.billingMode,
    read: table.readCapacityUnits,
    write: table.writeCapacityUnits,
  };
  const owed = ctx.now() < mine.until ? Math.max(0, -mine.units) : 0;
  const grant = await ctx.link.admission(ctx.region, table.id).grant({ capacity, operation, units: units + owed });
  if ("limit" in grant) {
    const throttle = { of: "Table" as const, operation: operation === "read" ? ("Read" as const) : ("Write" as const) };
    throw throttledError({ ...throttle, limit: grant.limit }, table.billingMode, table.arn);
  }
  // Other requests' grants may have come meanwhile: what this one brings adds to theirs.
  mine.units = (ctx.now() < mine.until ? mine.units : -owed) + grant.units - units;
  mine.until = Math.max(mine.until, grant.until);
}

/** Charges what a served request cost beyond the units it was admitted on. */
export function charge(route: Route, operation: Operation, units: number): void {
  if (units <= 0) return;
  const mine = held.get(route.table.id)?.[operation];
  if (mine) mine.units -= units;
}
