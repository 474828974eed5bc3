/**
 * The Worker's entry: the router app and the Durable Object classes it binds.
 */
import type { Env } from "./env";
import { app } from "./router/index";

export { AdmissionObject } from "./admission/admission-object";
export { MetadataObject } from "./metadata/metadata-object";
export { ReplicaObject } from "./replica/replica-object";
export { TransactionCoordinator } from "./transactions/coordinator-object";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
