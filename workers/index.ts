/**
 * The Worker's entry: the router app, the Durable Object classes it binds, and the entrypoint
 * other processes of the self-hosted server call objects through (workers/link/remote.ts).
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { FAULTS_PATH, serveFaultBroadcast } from "./admin/fault-broadcast";
import type { Env } from "./env";
import { serveRemoteCall } from "./link/remote";
import { app } from "./router/index";
import { ROUTES_PATH, servePeerRoute } from "./router/peer-routes";
import { cachedRoute } from "./router/routes";

export { AdmissionObject } from "./admission/admission-object";
export { MetadataObject } from "./metadata/metadata-object";
export { ReplicaObject } from "./replica/replica-object";
export { TransactionCoordinator } from "./transactions/coordinator-object";

/** Calls from the server's other processes to this one's objects (served on its internal socket only). */
export class Internal extends WorkerEntrypoint<Env> {
  override fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === FAULTS_PATH) return serveFaultBroadcast(this.env, request);
    if (path === ROUTES_PATH) return servePeerRoute(this.env, request, cachedRoute);
    return serveRemoteCall(this.env, request);
  }
}

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
