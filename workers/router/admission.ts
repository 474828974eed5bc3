/**
 * The router's side of a table's admission (the seed's global admission control): per isolate,
 * the units of each table it holds a grant of, taken from the table's admission object
 * (workers/admission) and spent here, so that the table's rate holds across every isolate while
 * the hot path is a subtraction. A request is admitted on the units it is known to cost up front
 * (a put's item; a read's minimum) and charged the rest once served; a grant spent, expired or in
 * debt is renewed from the object, and a refusal is DynamoDB's throttling exception for the
 * table's billing mode. A global secondary index's reads are admitted on its own capacity (its
 * own admission object), a table's and a local index's on the table's.
 */
import { indexArn } from "../../shared/api/arns";
import type { IndexRead } from "../../shared/api/operations/index-reads";
import type { GlobalIndexMeta } from "../../shared/api/table";
import type { Operation, TableCapacity } from "../../shared/capacity/table-admission";
import { throttledError } from "../../shared/capacity/throttling";
import type { Grant } from "../admission/protocol";
import type { Route } from "../metadata/protocol";
import { requestMetrics } from "../metrics/request-metrics";
import type { OperationContext } from "./context";

/** What a request spends the capacity of: a table, or one of its global secondary indexes. */
export interface Subject {
  /** The table's id, or the index's. */
  id: string;
  /** The table's name, and the index's ("" for the table itself), as the metrics count them. */
  table: string;
  index: string;
  of: "Table" | "Index";
  arn: string;
  capacity: TableCapacity;
}

/** The table of `route`, as a subject of admission. */
export function tableSubject(route: Route): Subject {
  const { table } = route;
  const capacity = { billingMode: table.billingMode, read: table.readCapacityUnits, write: table.writeCapacityUnits };
  return { id: table.id, table: table.name, index: "", of: "Table", arn: table.arn, capacity };
}

/** What a read through `index` (none: the table) spends: a global index's own capacity, else the table's. */
export function readSubject(route: Route, index: IndexRead | undefined): Route | Subject {
  if (index?.kind !== "global") return route;
  const meta = route.table.globalIndexes?.find((i) => i.id === index.id);
  return meta ? indexSubject(route, meta) : route;
}

/** Global index `index` of the table of `route`, as a subject of admission: its own capacity. */
export function indexSubject(route: Route, index: GlobalIndexMeta): Subject {
  const capacity = {
    billingMode: route.table.billingMode,
    read: index.readCapacityUnits,
    write: index.writeCapacityUnits,
  };
  return {
    id: index.id,
    table: route.table.name,
    index: index.name,
    of: "Index",
    arn: indexArn(route.table.arn, index.name),
    capacity,
  };
}

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

function heldOf(id: string, operation: Operation): Held {
  let table = held.get(id);
  if (!table) {
    if (held.size >= MAX_TABLES) held.clear();
    table = {};
    held.set(id, table);
  }
  let mine = table[operation];
  if (!mine) {
    mine = { units: 0, until: 0 };
    table[operation] = mine;
  }
  return mine;
}

/**
 * Admits a request of `operation` on `subject` (a route: its table) that costs at least `units`, spending
 * them: at once (undefined) while this isolate holds units, else once a grant comes (a promise,
 * which rejects with DynamoDB's throttling exception when the table has none to give). Requests
 * that find none left each ask (a request may not wait on another's call: the runtime ties I/O to
 * the request that made it); the object gives each a share of what it has left.
 */
export function admit(
  ctx: OperationContext,
  subject: Route | Subject,
  operation: Operation,
  units: number,
): Promise<void> | undefined {
  const now = ctx.now();
  const id = "of" in subject ? subject.id : subject.table.id;
  const mine = heldOf(id, operation);
  if (mine.units > 0 && now < mine.until) {
    mine.units -= units;
    count(subject, operation, units);
    return undefined;
  }
  return renew(ctx, "of" in subject ? subject : tableSubject(subject), operation, units, mine);
}

/** Asks the subject's admission object for units: at least `units` and what `mine` owes; spends `units` of them. */
async function renew(ctx: OperationContext, subject: Subject, operation: Operation, units: number, mine: Held) {
  const { capacity } = subject;
  const owed = ctx.now() < mine.until ? Math.max(0, -mine.units) : 0;
  let grant: Grant;
  try {
    grant = await ctx.link.admission(ctx.region, subject.id).grant({ capacity, operation, units: units + owed });
  } catch {
    // The admission object cannot be reached (its process restarting, under --processes): the
    // request goes on, as a router of DynamoDB's goes on without its admission service; the
    // partition's own limit (workers/replica/admission.ts) still holds. Nothing is held for later.
    count(subject, operation, units);
    return;
  }
  if ("limit" in grant) {
    const throttle = { of: subject.of, operation: operation === "read" ? ("Read" as const) : ("Write" as const) };
    throw throttledError({ ...throttle, limit: grant.limit }, capacity.billingMode, subject.arn);
  }
  // Other requests' grants may have come meanwhile: what this one brings adds to theirs.
  mine.units = (ctx.now() < mine.until ? mine.units : -owed) + grant.units - units;
  mine.until = Math.max(mine.until, grant.until);
  count(subject, operation, units);
}

/** Charges what a served request cost beyond the units it was admitted on. */
export function charge(subject: Route | Subject, operation: Operation, units: number): void {
  if (units <= 0) return;
  const mine = held.get("of" in subject ? subject.id : subject.table.id)?.[operation];
  if (mine) mine.units -= units;
  count(subject, operation, units);
}

/** Counts `units` consumed on `subject` for the metrics. */
function count(subject: Route | Subject, operation: Operation, units: number): void {
  if (units <= 0) return;
  if ("of" in subject) requestMetrics.consumed(subject.table, subject.index, operation, units);
  else requestMetrics.consumed(subject.table.name, "", operation, units);
}
