/**
 * The targets served by workerd through scripts/server.ts: our self-hosted server (as
 * `npm start` runs it, three replicas per partition), the same server with one replica per
 * partition (the baseline of replication's cost), and the platform floor (bench/floor).
 */

import { cp } from "node:fs/promises";
import { join } from "node:path";
import { holdListeningSocket } from "../../scripts/listening-socket";
import { startProcesses } from "../../scripts/processes";
import type { RunningServer } from "../../scripts/server";
import { BACKUPS_SUBDIR, startServer } from "../../scripts/server";
import { startFloor } from "../floor/floor";
import { BENCH_SECRETS } from "../sdk";
import type {
  BackupPart,
  BackupsServer,
  FailoverServer,
  IndexesServer,
  ReplicationLagServer,
  RunningTarget,
  SplitPart,
  SplitsServer,
  StreamsServer,
  TargetContext,
  TargetKind,
  TransactionsServer,
} from "./target";

function pidOf(server: RunningServer): number {
  if (server.pid === undefined) throw new Error("workerd has no pid");
  return server.pid;
}

function asTarget(server: RunningServer, inspector: string | undefined): RunningTarget {
  return { endpoint: server.url, pid: pidOf(server), inspector, stop: async () => void (await server.stop()) };
}

/**
 * Our server on `dir` of the target's folder, with `vars` and the bench's key; `inMemory` keeps its
 * storage in a RAM directory instead (`npm start -- --in-memory`), `dir` then only read for secrets.
 */
export async function startDynaflare(
  context: TargetContext,
  vars: Record<string, string>,
  dir: string,
  inMemory = false,
): Promise<RunningTarget> {
  return asTarget(
    await startServer({
      port: 0,
      host: "127.0.0.1",
      dataDir: join(context.workDir, dir),
      inMemory,
      vars,
      ...BENCH_SECRETS,
      signal: context.signal,
      log: context.log,
      inspectorAddress: context.inspectorAddress,
    }),
    context.inspectorAddress,
  );
}

/** The admin API on (to crash leaders) and one partition per table (one group holds every key). */
export const FAILOVER_VARS: Record<string, string> = { ADMIN_API: "on", INITIAL_PARTITIONS: "1" };

const FAILOVER_SERVER: FailoverServer = {
  vars: FAILOVER_VARS,
  start: (context) => startDynaflare(context, FAILOVER_VARS, "failover-data"),
};

/** The admin API on (to read replication lag) and two partitions per table (two shipping leaders). */
export const REPLICATION_LAG_VARS: Record<string, string> = { ADMIN_API: "on", INITIAL_PARTITIONS: "2" };

const REPLICATION_LAG_SERVER: ReplicationLagServer = {
  vars: REPLICATION_LAG_VARS,
  start: (context, latency) =>
    startDynaflare(
      context,
      { ...REPLICATION_LAG_VARS, REGION_LATENCY_MS: latency },
      `replication-${latency.replace(/[^a-z0-9]+/gi, "_")}-data`,
    ),
};

/**
 * The server as `npm start` runs it, with the admin API on (to read each GSI's backlog and
 * propagation lag). GSIs live in one region: no simulated distance applies to them.
 */
export const INDEXES_VARS: Record<string, string> = { ADMIN_API: "on" };

const INDEXES_SERVER: IndexesServer = {
  vars: INDEXES_VARS,
  start: (context) => startDynaflare(context, INDEXES_VARS, "indexes-data"),
};

/**
 * The server exactly as `npm start` runs it (three replicas per partition, four partitions per
 * table): transactions need no admin API, and their coordinator is in the same region.
 */
const TRANSACTIONS_SERVER: TransactionsServer = {
  vars: {},
  start: (context) => startDynaflare(context, {}, "transactions-data"),
};

/**
 * The server exactly as `npm start` runs it: streams need no admin API (the Streams API is served
 * on the same endpoint), and a table's stream has a shard per partition (four).
 */
const STREAMS_SERVER: StreamsServer = {
  vars: {},
  start: (context) => startDynaflare(context, {}, "streams-data"),
};

/**
 * The splits phase's instances: the admin API on (to read a table's splits), one partition per
 * table, and the table-level on-demand admission raised out of the way, so that only a
 * partition's own limit can throttle.
 */
const SPLITS_COMMON: Record<string, string> = {
  ADMIN_API: "on",
  INITIAL_PARTITIONS: "1",
  ON_DEMAND_INITIAL_READ_UNITS: "1000000",
  ON_DEMAND_INITIAL_WRITE_UNITS: "1000000",
};

/**
 * - size: a partition splits past 512 KiB (about 490 of the bench's items), so that a load passes
 *   it in seconds; the partitions' limits raised too, so that nothing throttles and no split is
 *   for heat;
 * - heat: a partition serves at most 100 write units a second and is hot at 80% of that for each
 *   of 8 seconds (longer than the phase's settle pause and window after the split, so that its two
 *   children do not split in turn); no split for size.
 */
export const SPLITS_VARS: Record<SplitPart, Record<string, string>> = {
  size: {
    ...SPLITS_COMMON,
    SPLIT_SIZE_BYTES: String(512 * 1024),
    PARTITION_READ_UNITS: "1000000",
    PARTITION_WRITE_UNITS: "1000000",
  },
  heat: {
    ...SPLITS_COMMON,
    PARTITION_WRITE_UNITS: "100",
    SPLIT_HEAT_PERCENT: "80",
    SPLIT_HEAT_SECONDS: "8",
    SPLIT_SIZE_BYTES: String(10 * 1024 ** 3),
  },
};

const SPLITS_SERVER: SplitsServer = {
  vars: SPLITS_VARS,
  start: (context, part) => startDynaflare(context, SPLITS_VARS[part], `splits-${part}-data`),
};

/**
 * The backups phase's instances: the server exactly as `npm start` runs it (three replicas per
 * partition, four partitions per table, PITR_ARCHIVE_MS=1000 and PITR_SNAPSHOT_MS=3600000), its
 * archive the default directory inside its data directory.
 */
const BACKUPS_VARS: Record<BackupPart, Record<string, string>> = { speed: {}, pitr: {} };
const backupsDataDir = (part: BackupPart) => `backups-${part}-data`;

const BACKUPS_SERVER: BackupsServer = {
  vars: BACKUPS_VARS,
  start: (context, part) => startDynaflare(context, BACKUPS_VARS[part], backupsDataDir(part)),
  archiveDir: (context, part) => join(context.workDir, backupsDataDir(part), BACKUPS_SUBDIR),
};

export const DYNAFLARE: TargetKind = {
  name: "dynaflare",
  label: "dynaflare",
  description: "this repository's self-hosted server (`npm start`: the router Worker and Durable Objects on workerd)",
  putGetOnly: false,
  start: (context) => startDynaflare(context, {}, "data"),
  failover: FAILOVER_SERVER,
  replicationLag: REPLICATION_LAG_SERVER,
  indexes: INDEXES_SERVER,
  transactions: TRANSACTIONS_SERVER,
  streams: STREAMS_SERVER,
  splits: SPLITS_SERVER,
  backups: BACKUPS_SERVER,
};

export const DYNAFLARE_SINGLE: TargetKind = {
  name: "dynaflare-1",
  label: "dynaflare-1",
  description:
    "the same server with `REPLICATION_FACTOR=1`: one replica per partition, no quorum (replication's baseline)",
  putGetOnly: false,
  start: (context) => startDynaflare(context, { REPLICATION_FACTOR: "1" }, "data"),
};

/** Authentication's baseline: the same server accepting unsigned requests (issue 16's GetItem goal). */
export const DYNAFLARE_NOAUTH: TargetKind = {
  name: "dynaflare-noauth",
  label: "dynaflare-noauth",
  description: "the same server with `AUTH=off`: no signature checked (authentication's baseline)",
  putGetOnly: true,
  start: (context) => startDynaflare(context, { AUTH: "off" }, "data"),
};

/** Counting's baseline: the same server counting nothing for /metrics (issue 21's GetItem goal). */
export const DYNAFLARE_NOMETRICS: TargetKind = {
  name: "dynaflare-nometrics",
  label: "dynaflare-nometrics",
  description: "the same server with `METRICS=off`: no request counted for /metrics (counting's baseline)",
  putGetOnly: true,
  start: (context) => startDynaflare(context, { METRICS: "off" }, "data"),
};

/** How many processes the `dynaflare-3` target runs. */
export const BENCH_PROCESSES = 3;

/**
 * Our server as `npm start -- --processes 3` runs it (issue 23): three workerd processes on one
 * listening socket, zone i's replicas in process i. Loads its records itself when the run asks
 * (`context.load`: the target runs wrk only); the paired rounds load it as they load every target.
 */
async function startDynaflareProcesses(context: TargetContext): Promise<RunningTarget> {
  const running = await startProcesses({
    processes: BENCH_PROCESSES,
    port: 0,
    host: "127.0.0.1",
    dataDir: join(context.workDir, "data"),
    ...BENCH_SECRETS,
    signal: context.signal,
    log: context.log,
  });
  const pids = running.pids().filter((pid): pid is number => pid !== undefined);
  const target = { endpoint: running.url, pid: pids, stop: async () => void (await running.stop()) };
  try {
    if (context.load) await context.load(running.url);
  } catch (error) {
    await target.stop();
    throw error;
  }
  return target;
}

export const DYNAFLARE_PROCESSES: TargetKind = {
  name: "dynaflare-3",
  label: "dynaflare, 3 processes",
  description:
    "the same server with `--processes 3`: three workerd processes on one socket, zone i's replicas in process i (wrk only)",
  putGetOnly: true,
  throughputOnly: true,
  start: startDynaflareProcesses,
};

/** The platform floor on the target's folder; `inMemory` keeps its storage in a RAM directory instead. */
export async function startFloorTarget(context: TargetContext, inMemory = false): Promise<RunningTarget> {
  return asTarget(
    await startFloor({
      port: 0,
      host: "127.0.0.1",
      dataDir: join(context.workDir, "data"),
      inMemory,
      signal: context.signal,
      log: context.log,
      inspectorAddress: context.inspectorAddress,
    }),
    context.inspectorAddress,
  );
}

export const FLOOR: TargetKind = {
  name: "floor",
  label: "floor",
  description: "the platform floor (bench/floor): one Worker hop and one SQLite Durable Object statement on workerd",
  putGetOnly: true,
  start: (context) => startFloorTarget(context),
};

/**
 * The floor on several cores: `count` workerd processes, each with a copy of the same loaded data,
 * serving one listening socket (the kernel hands each new connection to one of them). workerd
 * runs a process's JavaScript on one thread, so this is what more processes give the platform.
 */
async function startFloorProcesses(context: TargetContext, count: number): Promise<RunningTarget> {
  if (!context.load) throw new Error("the floor on several processes loads its records itself: no load given");
  const dirs = Array.from({ length: count }, (_, i) => join(context.workDir, `data-${i + 1}`));
  const common = { host: "127.0.0.1", signal: context.signal, log: context.log };
  const loader = await startFloor({ ...common, port: 0, dataDir: dirs[0] });
  try {
    await context.load(loader.url);
  } finally {
    await loader.stop();
  }
  for (const dir of dirs.slice(1)) await cp(dirs[0], dir, { recursive: true });
  const socket = await holdListeningSocket("127.0.0.1", 0);
  const servers: RunningServer[] = [];
  const stop = async () => void (await Promise.all(servers.map((server) => server.stop())));
  try {
    for (const dataDir of dirs) servers.push(await startFloor({ ...common, listenFd: socket.fd, dataDir }));
    return { endpoint: `http://127.0.0.1:${socket.port}`, pid: servers.map(pidOf), stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    // Each process holds its own copy: the socket listens on while they run.
    await socket.close();
  }
}

/** The floor on `count` processes sharing one listening socket (throughput only). */
function floorOn(count: number): TargetKind {
  return {
    name: `floor-${count}`,
    label: `floor, ${count} processes`,
    description: `the floor served by ${count} workerd processes sharing one listening socket, each with a copy of the loaded records (throughput only): what more cores give the platform`,
    putGetOnly: true,
    throughputOnly: true,
    start: (context) => startFloorProcesses(context, count),
  };
}

export const FLOOR_PAIR = floorOn(2);
/** The floor at dynaflare-3's process count. */
export const FLOOR_PROCESSES = floorOn(BENCH_PROCESSES);
