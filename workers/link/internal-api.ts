/**
 * The surface of the `Internal` entrypoint (workers/index.ts) that the processes of a server run as
 * several call on each other's internal sockets (issue 23), and the launcher too
 * (scripts/processes.ts). Plain constants, so Node can load this module as is.
 */

/** The header that carries INTERNAL_TOKEN, the secret every internal call must bear. */
export const INTERNAL_TOKEN_HEADER = "x-dynaflare-internal-token";

/** A call to an object of this process (workers/link/remote.ts). */
export const CALL_PATH = "/call";
/** A fault action told by the process that applied it (workers/admin/fault-broadcast.ts). */
export const FAULTS_PATH = "/faults";
/** The process's whole fault state: read (an empty body) or replaced (a FaultState), by the launcher. */
export const FAULT_STATE_PATH = "/fault-state";
/** A table route from the process's cache (workers/router/peer-routes.ts). */
export const ROUTES_PATH = "/route";
/** The process's request counts (workers/metrics/peer-metrics.ts). */
export const METRICS_PATH = "/metrics";
