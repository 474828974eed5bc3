/**
 * The admin API under `/admin/`: fault injection and the status of replication groups, for
 * local and test runs of failover. The router serves it only when the ADMIN_API var is "on"
 * (it is "off" in wrangler.toml); otherwise `/admin/` paths are plain 404s like any other path.
 *
 * Faults (workers/link/faults.ts) are module state of the isolate that serves this request:
 * under workerd one isolate runs the router and every object, so an injected fault is seen by
 * every call between objects. On Cloudflare each object has its own isolate, and the API
 * would change nothing but the router's own view — one more reason it stays off there.
 *
 * Endpoints (JSON in and out; 200 on success, 400 `{message}` on bad input, 404 on unknown paths,
 * 405 on a wrong method, 413 on a body over 16 MB, which is not read through):
 * - `GET /admin/faults` → the fault state.
 * - `POST /admin/faults` with a fault action (./fault-actions.ts) → `{ faults: state }`.
 * - `GET /admin/groups?table=<name>&region=<region>` → the table's groups (./group-status.ts).
 * - `GET /admin/digests?table=<name>&region=<region>` → each member's item count, items digest
 *   and applied index, to check that the members of a group converged.
 * - `GET /admin/replication?table=<name>&region=<region>` → a global table's replication to
 *   each other region: pending changes and lag p50/p99 (./group-status.ts).
 */
import { LIMITS } from "../../shared/api/limits";
import type { Env } from "../env";
import { faults } from "../link/faults";
import { Link } from "../link/link";
import { decodeUtf8, readBody, TOO_LARGE } from "../router/request-body";
import { AdminError } from "./admin-error";
import { applyFaultAction, parseFaultAction } from "./fault-actions";
import { digestReport, groupReport, replicationReport } from "./group-status";

const JSON_TYPE = { "content-type": "application/json" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_TYPE, ...headers } });
}

const wrongMethod = (allow: string) =>
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

async function route(request: Request, env: Env, path: string): Promise<Response> {
  switch (path) {
    case "/admin/faults":
      if (request.method === "GET") return json(200, faults.state());
      if (request.method === "POST") {
        const action = parseFaultAction(await readJson(request), env);
        await applyFaultAction(action, new Link(env));
        return json(200, { faults: faults.state() });
      }
      return wrongMethod("GET or POST");
    case "/admin/groups":
    case "/admin/digests":
    case "/admin/replication": {
      if (request.method !== "GET") return wrongMethod("GET");
      const params = new URL(request.url).searchParams;
      const table = params.get("table");
      if (!table) throw new AdminError(400, "the table query parameter is required");
      const region = params.get("region") ?? env.DEFAULT_REGION;
      const report =
        path === "/admin/groups" ? groupReport : path === "/admin/digests" ? digestReport : replicationReport;
      return json(200, await report(env, new Link(env), region, table));
    }
    default:
      return json(404, { message: `no admin endpoint at ${path}` });
  }
}

/** Answers one request whose path starts with `/admin/`. Never throws. */
export async function handleAdmin(request: Request, env: Env, path: string): Promise<Response> {
  try {
    return await route(request, env, path);
  } catch (error) {
    if (error instanceof AdminError) return json(error.status, { message: error.message });
    console.error("admin API error", error);
    return json(500, { message: String(error) });
  }
}
