/**
 * The admin API under `/admin/`: fault injection and the status of replication groups, for
 * local and test runs of failover. Its routes are a Hono app that the router mounts at `/admin`
 * (workers/router/index.ts); they answer only when the ADMIN_API var is "on" (it is "off" in
 * wrangler.toml), and otherwise `/admin/` paths are the router's plain 404s like any other path.
 * When on, every request must carry `Authorization: Bearer <ADMIN_TOKEN>` (the ADMIN_TOKEN secret;
 * under `npm start`, `<data>/admin-token`), or it is answered 401 and nothing is done.
 *
 * Faults (workers/link/faults.ts) are module state of the isolate that serves this request:
 * under workerd one isolate runs the router and every object, so an injected fault is seen by
 * every call between objects. On Cloudflare each object has its own isolate, and the API
 * would change nothing but the router's own view — one more reason it stays off there.
 *
 * Endpoints (JSON in and out; 200 on success, 400 `{message}` on bad input, 404 on unknown paths,
 * 405 on a wrong method, 413 on a body over 16 MB, which is not read through):
 * - `GET /admin/faults` → the fault state.
 * - `POST /admin/faults` with a fault action (./fault-actions.ts) → `{ faults: state }`; with a
 *   crash of a zone (`{"action": "crash", "zone": …}`, a server run as processes: ./zone-crash.ts),
 *   its process is killed → `{ crashed: { zone, process, restartAfterMs } }`.
 * - `GET /admin/groups?table=<name>&region=<region>[&index=<name>]` → the table's groups, or its
 *   global index's (./group-status.ts). Every report takes `account=<id>` for another account's
 *   table than the deployment's own.
 * - `GET /admin/digests?table=<name>&region=<region>[&index=<name>]` → each member's item count,
 *   items digest and applied index, to check that the members of a group converged.
 * - `GET /admin/replication?table=<name>&region=<region>` → a global table's replication to
 *   each other region: pending changes and lag p50/p99 (./group-status.ts).
 * - `GET /admin/indexes?table=<name>&region=<region>` → each global index's feeding: pending
 *   records per base partition and in all, and propagation lag p50/p99 (./index-status.ts).
 * - `GET /admin/index-check?table=<name>&index=<name>&region=<region>` → the index compared with
 *   the entries recomputed from the table's items: `ok`, and what is missing, extra or wrong
 *   (./index-check.ts).
 * - `GET /admin/transactions?region=<region>[&table=<name>]` → the transactions each coordinator
 *   is running or has decided and not finished, and with `table`, what each of its partitions'
 *   leaders holds for them (./transaction-report.ts).
 *
 * Handlers throw AdminError for the errors they answer; the router's `onError` turns them (and
 * anything else thrown here, as a 500) into HTTP with `adminErrorAnswer`.
 */
import { Hono } from "hono";
import { LIMITS } from "../../shared/api/limits";
import type { Env } from "../env";
import { faults } from "../link/faults";
import { Link } from "../link/link";
import { decodeUtf8, readBody, TOO_LARGE } from "../router/request-body";
import { AdminError } from "./admin-error";
import { bearerMatches } from "./admin-token";
import { applyFaultAction, parseFaultAction } from "./fault-actions";
import { broadcastFault } from "./fault-broadcast";
import { digestReport, groupReport, replicationReport } from "./group-status";
import { indexCheck } from "./index-check";
import { indexesReport } from "./index-status";
import { transactionReport } from "./transaction-report";
import { crashZone, isZoneCrash, parseZoneCrash } from "./zone-crash";

const JSON_TYPE = { "content-type": "application/json" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_TYPE, ...headers } });
}

const wrongMethod = (allow: string) => () =>
  json(405, { message: `method not allowed; use ${allow}` }, { allow: allow.replace(" or ", ", ") });

/** The body as JSON, read as the protocol reads its bodies: within 16 MB, strict UTF-8. */
async function readJson(request: Request): Promise<unknown> {
  const bytes = await readBody(request, LIMITS.requestBytes);
  if (bytes === TOO_LARGE) throw new AdminError(413, "the body is larger than 16 MB");
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new AdminError(400, "the body is not valid UTF-8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminError(400, "the body is not valid JSON");
  }
}

/** The admin API's routes, relative to `/admin`. */
export const adminApi = new Hono<{ Bindings: Env }>();

adminApi.use(async (c, next) => {
  if (c.env.ADMIN_API !== "on") return c.notFound();
  if (!bearerMatches(c.req.header("authorization"), c.env.ADMIN_TOKEN)) {
    return json(
      401,
      { message: "the admin API needs Authorization: Bearer <admin token>" },
      { "www-authenticate": "Bearer" },
    );
  }
  await next();
});

adminApi.get("/faults", () => json(200, faults.state()));
adminApi.post("/faults", async (c) => {
  const body = await readJson(c.req.raw);
  if (isZoneCrash(body)) {
    const crash = parseZoneCrash(body as Record<string, unknown>, c.env);
    return json(200, { crashed: { ...crash, process: await crashZone(c.env, crash) } });
  }
  const action = parseFaultAction(body, c.env);
  await applyFaultAction(action, new Link(c.env));
  await broadcastFault(c.env, action);
  return json(200, { faults: faults.state() });
});
adminApi.all("/faults", wrongMethod("GET or POST"));

/** A report on table `table` in `region` (`index`: the query's index parameter, if any). */
type Report = (env: Env, link: Link, region: string, table: string, index: string | undefined) => Promise<unknown>;

const indexRequired = (index: string | undefined): string => {
  if (!index) throw new AdminError(400, "the index query parameter is required");
  return index;
};

const reports: [string, Report][] = [
  ["/groups", (env, link, region, table, index) => groupReport(env, link, region, table, index)],
  ["/digests", digestReport],
  ["/replication", (env, link, region, table) => replicationReport(env, link, region, table)],
  ["/indexes", (env, link, region, table) => indexesReport(env, link, region, table)],
  ["/index-check", (env, link, region, table, index) => indexCheck(env, link, region, table, indexRequired(index))],
];

for (const [path, report] of reports) {
  adminApi.get(path, async (c) => {
    const table = c.req.query("table");
    if (!table) throw new AdminError(400, "the table query parameter is required");
    const region = c.req.query("region") ?? c.env.DEFAULT_REGION;
    const link = new Link(c.env, undefined, { account: c.req.query("account") });
    return json(200, await report(c.env, link, region, table, c.req.query("index")));
  });
  adminApi.all(path, wrongMethod("GET"));
}

adminApi.get("/transactions", async (c) => {
  const region = c.req.query("region") ?? c.env.DEFAULT_REGION;
  const link = new Link(c.env, undefined, { account: c.req.query("account") });
  return json(200, await transactionReport(c.env, link, region, c.req.query("table")));
});
adminApi.all("/transactions", wrongMethod("GET"));

adminApi.all("*", (c) => json(404, { message: `no admin endpoint at ${c.req.path}` }));

/** The answer to an error thrown by an admin route: its own status for an AdminError, else 500. */
export function adminErrorAnswer(error: Error): Response {
  if (error instanceof AdminError) return json(error.status, { message: error.message });
  console.error("admin API error", error);
  return json(500, { message: String(error) });
}
