/**
 * The Worker's bindings, as declared in wrangler.toml.
 */
import type { AdmissionRpc } from "./admission/protocol";
import type { MetadataRpc } from "./metadata/protocol";
import type { ReplicaRpc } from "./replica/rpc";
import type { CoordinatorRpc } from "./transactions/protocol";

export interface Env {
  /** Typed by the objects' RPC interfaces, not their classes: callers never import a Durable Object. */
  METADATA: DurableObjectNamespace<MetadataRpc>;
  REPLICA: DurableObjectNamespace<ReplicaRpc>;
  /** Transaction coordinators (workers/transactions). */
  TRANSACTIONS: DurableObjectNamespace<CoordinatorRpc>;
  /** Tables' admission objects (workers/admission). */
  ADMISSION: DurableObjectNamespace<AdmissionRpc>;
  /**
   * Where backups, archived logs and exports are kept (workers/archive/archive.ts): an R2 bucket
   * on Cloudflare, or under `npm start` a directory workerd serves (`ARCHIVE_DIR`).
   */
  ARCHIVE?: R2Bucket;
  ARCHIVE_DIR?: Fetcher;
  /** Region served when a request names none. */
  DEFAULT_REGION: string;
  /** Partitions a new table starts with. */
  INITIAL_PARTITIONS: string;
  /** JSON: region name → location hints of its zones. */
  TOPOLOGY: string;
  /** The account of requests when authentication is off, and of keys that name none. */
  ACCOUNT_ID: string;
  /** "off" accepts unsigned requests (throwaway local runs only); signatures are checked otherwise. */
  AUTH?: string;
  /** Secret: the accepted keys, in the AWS shared-credentials format (workers/router/auth/credentials.ts). */
  CREDENTIALS?: string;
  /** Replicas per partition: 3 (a replication group across the region's zones) or 1. */
  REPLICATION_FACTOR?: string;
  /** Replication timing, in milliseconds (workers/replica/settings.ts). */
  LEASE_MS?: string;
  PEER_TIMEOUT_MS?: string;
  WRITE_TIMEOUT_MS?: string;
  LOG_REPLICA_AFTER_MS?: string;
  REPLACE_AFTER_MS?: string;
  TOMBSTONE_SWEEP_MS?: string;
  /** How often a partition's leader deletes the items whose Time to Live has passed (workers/replica/ttl-sweeper.ts). */
  TTL_SWEEP_MS?: string;
  /** How long a stream's change records are kept, ms (DynamoDB's 24 hours by default). */
  STREAM_RETENTION_MS?: string;
  /**
   * Point-in-time recovery: how often a partition's leader archives its records (1 s), how old its
   * last snapshot may grow (1 hour), and how far behind now LatestRestorableDateTime is (DynamoDB's
   * 5 minutes), in milliseconds.
   */
  PITR_ARCHIVE_MS?: string;
  PITR_SNAPSHOT_MS?: string;
  PITR_RESTORE_LAG_MS?: string;
  /** A partition's read and write capacity units per second at most (DynamoDB's 3,000 and 1,000). */
  PARTITION_READ_UNITS?: string;
  PARTITION_WRITE_UNITS?: string;
  /** A partition whose items pass this many bytes splits in two (10 GB by default; tests use kilobytes). */
  SPLIT_SIZE_BYTES?: string;
  /** A partition charging this percentage of its limit for SPLIT_HEAT_SECONDS seconds in a row splits for heat (80 and 10 by default). */
  SPLIT_HEAT_PERCENT?: string;
  SPLIT_HEAT_SECONDS?: string;
  /**
   * The deployment's capacity, units a second ("0" or unset: none): when set, each account gets its fair
   * share of it under contention (shared/capacity/account-shares.ts).
   */
  DEPLOYMENT_READ_UNITS?: string;
  DEPLOYMENT_WRITE_UNITS?: string;
  /** The peak a new on-demand table is credited with, units a second (DynamoDB's 6,000 and 2,000); tests lower it. */
  ON_DEMAND_INITIAL_READ_UNITS?: string;
  ON_DEMAND_INITIAL_WRITE_UNITS?: string;
  /** How long after a Time to Live change the table takes no other (DynamoDB: one hour). */
  TTL_CHANGE_WINDOW_MS?: string;
  /**
   * The self-hosted server as several workerd processes (workers/link/placement.ts): how many, and
   * this one's index ("1" and "0" on Cloudflare and under `wrangler dev`).
   */
  PROCESSES?: string;
  PROCESS_INDEX?: string;
  /** Secret: what calls between the processes carry (workers/link/remote.ts); none in one process. */
  INTERNAL_TOKEN?: string;
  /** Process i's internal entrypoint, in each of the other processes (workers/link/remote.ts). */
  readonly [peer: `PEER_${number}`]: Fetcher | undefined;
  /** The launcher of the processes (scripts/processes.ts): what kills a zone's process for the admin API's crash of a zone. */
  SUPERVISOR?: Fetcher;
  /** Simulated round trips between regions (workers/link/distances.ts): "off", "default" or JSON. */
  REGION_LATENCY_MS?: string;
  /** Bytes an item collection (one partition key's items and LSI entries) may hold; 10 GB by default. */
  ITEM_COLLECTION_LIMIT_BYTES?: string;
  /** "off" stops counting requests for /metrics and the console (workers/metrics); on by default. */
  METRICS?: string;
  /** "on" serves the admin API (fault injection, group status) under /admin/. Off by default. */
  ADMIN_API?: string;
  /** Secret: the bearer token every admin API request must carry. */
  ADMIN_TOKEN?: string;
}
