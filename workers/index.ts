/**
 * The Worker's entry: the router app, the Durable Object classes it binds, and the entrypoint
 * other processes of the self-hosted server call objects through (workers/link/remote.ts).
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { serveFaultBroadcast, serveFaultState } from "./admin/fault-broadcast";
import type { Env } from "./env";
import { CALL_PATH, FAULT_STATE_PATH, FAULTS_PATH, METRICS_PATH, ROUTES_PATH } from "./link/internal-api";
import { internalCallAllowed, serveRemoteCall } from "./link/remote";
import { servePeerMetrics } from "./metrics/peer-metrics";
import { app } from "./router/index";
import { servePeerRoute } from "./router/peer-routes";
import { cachedRoute } from "./router/routes";

export { AdmissionObject } from "./admission/admission-object";
export { MetadataObject } from "./metadata/metadata-object";
export { ReplicaObject } from "./replica/replica-object";
export { TransactionCoordinator } from "./transactions/coordinator-object";

/** Calls from the server's other processes and its launcher (served on its internal socket only: workers/link/internal-api.ts). */
export class Internal extends WorkerEntrypoint<Env> {
  override async fetch(request: Request): Promise<Response> {
    // Every path is for the server's own processes alone: a POST bearing INTERNAL_TOKEN.
    if (!internalCallAllowed(this.env, request)) return new Response("forbidden", { status: 403 });
    const path = new URL(request.url).pathname;
    if (path === FAULTS_PATH) return serveFaultBroadcast(request);
    if (path === FAULT_STATE_PATH) return serveFaultState(request);
    if (path === ROUTES_PATH) return servePeerRoute(request, cachedRoute);
    if (path === METRICS_PATH) return servePeerMetrics();
    if (path === CALL_PATH) return serveRemoteCall(this.env, request);
    return new Response("404 Not Found", { status: 404 });
  }
}

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
