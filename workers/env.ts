/**
 * The Worker's bindings, as declared in wrangler.toml.
 */
import type { MetadataObject } from "./metadata/metadata-object";
import type { ReplicaObject } from "./replica/replica-object";

export interface Env {
  METADATA: DurableObjectNamespace<MetadataObject>;
  REPLICA: DurableObjectNamespace<ReplicaObject>;
  /** Region served when a request names none. */
  DEFAULT_REGION: string;
  /** Partitions a new table starts with. */
  INITIAL_PARTITIONS: string;
  /** JSON: region name → location hints of its zones. */
  TOPOLOGY: string;
  ACCOUNT_ID: string;
}
