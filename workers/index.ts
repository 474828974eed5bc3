/**
 * The Worker's entry: the router app and the Durable Object classes it binds.
 */
import type { Env } from "./env";
import { handle } from "./router/index";

export { MetadataObject } from "./metadata/metadata-object";
export { ReplicaObject } from "./replica/replica-object";

export default {
  fetch: (request: Request, env: Env) => handle(request, env),
} satisfies ExportedHandler<Env>;
