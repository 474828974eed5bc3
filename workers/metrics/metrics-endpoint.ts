/**
 * `GET /metrics`: the Prometheus text of what the routers counted (./request-metrics.ts, every
 * process's when the server runs as several: ./peer-metrics.ts) and what
 * the objects report when scraped (./cluster-metrics.ts), to the holder of the admin token
 * (`Authorization: Bearer <ADMIN_TOKEN>`); without a configured token it is a plain 404.
 */
import { bearerMatches } from "../admin/admin-token";
import type { Env } from "../env";
import { Link } from "../link/link";
import { clusterFamilies } from "./cluster-metrics";
import { CONTENT_TYPE, exposition } from "./exposition";
import { requestFamilies } from "./peer-metrics";

export async function serveMetrics(request: Request, env: Env): Promise<Response> {
  if (!env.ADMIN_TOKEN) return new Response("404 Not Found", { status: 404 });
  if (!bearerMatches(request.headers.get("authorization") ?? undefined, env.ADMIN_TOKEN)) {
    return new Response("/metrics needs Authorization: Bearer <admin token>\n", {
      status: 401,
      headers: { "www-authenticate": "Bearer", "content-type": "text/plain; charset=utf-8" },
    });
  }
  const [requests, cluster] = await Promise.all([requestFamilies(env), clusterFamilies(env, new Link(env))]);
  const families = [...requests, ...cluster];
  return new Response(exposition(families), { headers: { "content-type": CONTENT_TYPE } });
}
