/**
 * The router Worker, a Hono app. Its routes:
 * - `POST /`: the DynamoDB endpoint (./dynamodb-endpoint.ts), registered first;
 * - `GET /` (and HEAD, which Hono answers with GET's answer less its body): DynamoDB's health
 *   check text;
 * - `/admin/…`: the admin API (workers/admin/admin.ts), answering only when ADMIN_API is "on";
 * - `/console…`: the web console (workers/console/console.tsx), when an admin token is configured;
 * - `GET /metrics`: Prometheus metrics (workers/metrics/metrics-endpoint.ts), to the admin token's holder;
 * - anything else: a plain 404.
 *
 * `onError` is the one place errors become HTTP: a DynamoError thrown by an operation becomes
 * DynamoDB's JSON error answer, anything else thrown there an InternalServerError; errors of the
 * admin API become its JSON `{message}` answers.
 *
 * The hot path stays lean: the DynamoDB route hands Hono's raw `Request` to the endpoint, which
 * answers with a `Response` it builds itself (no Context helpers, no header merging). Measured
 * against the plain fetch handler this replaced, side by side: bench/PERFORMANCE.md, "Hono router".
 * @see https://hono.dev/docs/api/hono
 */
import { type Context, Hono } from "hono";
import { DynamoError, InternalServerError } from "../../shared/api/errors";
import { adminApi, adminErrorAnswer } from "../admin/admin";
import { consoleApp } from "../console/console";
import type { Env } from "../env";
import { serveMetrics } from "../metrics/metrics-endpoint";
import { jsonAnswer } from "./answers";
import { answerContentType, serveOperation } from "./dynamodb-endpoint";

type RouterEnv = { Bindings: Env };

const TEXT = { "content-type": "text/plain; charset=UTF-8" };

/**
 * Errors thrown by a route, as HTTP. At `/` (the DynamoDB endpoint) the answer is DynamoDB's, in
 * the content type the request declared; elsewhere only the admin API throws.
 */
function answerError(error: Error, c: Context<RouterEnv>): Response {
  if (c.req.path !== "/") return adminErrorAnswer(error);
  const contentType = answerContentType(c.req.raw);
  if (error instanceof DynamoError) return jsonAnswer(error.status, error.body(), contentType);
  console.error("unhandled error", error);
  const internal = new InternalServerError("Internal server error");
  return jsonAnswer(internal.status, internal.body(), contentType);
}

export const app = new Hono<RouterEnv>();

app.post("/", (c) => serveOperation(c.req.raw, c.env));
app.get("/", (c) => new Response(`healthy: dynamodb.${c.env.DEFAULT_REGION}.amazonaws.com `, { headers: TEXT }));
app.route("/admin", adminApi);
app.route("/console", consoleApp);
app.get("/metrics", (c) => serveMetrics(c.req.raw, c.env));
app.notFound(() => new Response("404 Not Found", { status: 404, headers: TEXT }));
app.onError(answerError);
