/**
 * The self-hosted server as several workerd processes (issue 23, docs/issue-23-processes.md):
 * `npm start -- --processes N`. Each process is a server of scripts/server.ts given its slot
 * (its index, its storage under `<data>/processes/p<i>`, its internal socket and its peers'), and
 * all of them serve one listening socket this launcher opens, so the kernel spreads connections
 * among them and each runs the router. Zone i's replicas live in process i mod N
 * (workers/link/placement.ts); calls to another process's objects go over the internal sockets.
 *
 * A supervisor restarts a process that exits while the server runs, after `restartDelayMs`: it
 * recovers from its storage, as a zone does after a crash, on the same listening socket. The launcher holds the data
 * directory's lock for all of them (each process locks its own storage too), and stop() ends
 * every process. N is pinned per data directory (`<data>/processes/count`): objects live where
 * placement put them, so a directory first served by N processes is refused to another N, and to
 * a one-process server.
 */

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FAULT_STATE_PATH } from "../workers/link/internal-api";
import {
  ADMIN_TOKEN_FILE,
  CREDENTIALS_FILE,
  ensureAdminToken,
  ensureCredentials,
  writeSecretFile,
} from "./credentials-file";
import { lockDataDir } from "./data-lock";
import { postInternal } from "./internal-call";
import { holdListeningSocket } from "./listening-socket";
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ExitStatus,
  internalSocketPath,
  PROCESS_COUNT_FILE,
  PROCESSES_SUBDIR,
  type RunningServer,
  type ServerOptions,
  startServer,
  supervisorSocketPath,
} from "./server";
import { serveSupervisor } from "./supervisor-socket";

export interface ProcessesOptions extends Omit<ServerOptions, "process" | "listenFd" | "inMemory"> {
  /** How many workerd processes: 2 or more (one is scripts/server.ts's server). */
  processes: number;
  /** How long after a process exits the supervisor starts it again (default 500 ms). */
  restartDelayMs?: number;
}

/** What `npm start` reads of a running server, the same for one process (RunningServer) and several. */
export type Served = Pick<
  RunningServer,
  "url" | "port" | "dataDir" | "inMemory" | "auth" | "credentials" | "adminToken" | "exited" | "stop"
>;

export interface RunningProcesses extends Served {
  /** Each process's current server (replaced when the supervisor restarts one). */
  readonly servers: readonly RunningServer[];
  /** The workerd pids, process by process. */
  pids(): (number | undefined)[];
}

/** Pins N on the data directory, or refuses a directory that another N (or one process) served. */
async function pinProcessCount(dataDir: string, count: number): Promise<void> {
  const file = join(dataDir, PROCESSES_SUBDIR, PROCESS_COUNT_FILE);
  if (existsSync(file)) {
    const pinned = Number((await readFile(file, "utf8")).trim());
    if (pinned !== count)
      throw new Error(`${dataDir} is served by ${pinned} processes: start it with --processes ${pinned}`);
    return;
  }
  const oneProcess = (await readdir(dataDir)).some((name: string) =>
    /-[A-Za-z]+Object$|-TransactionCoordinator$/.test(name),
  );
  if (oneProcess) throw new Error(`${dataDir} holds the data of a one-process server: start it without --processes`);
  await mkdir(join(dataDir, PROCESSES_SUBDIR), { recursive: true });
  await writeFile(file, `${count}\n`);
}

/** Writes the secrets `options` gives into `dataDir` and creates the missing ones. At exit: whether the credentials were created. */
async function writeSecrets(dataDir: string, options: ProcessesOptions): Promise<{ created: boolean }> {
  if (options.credentials !== undefined) await writeSecretFile(dataDir, CREDENTIALS_FILE, options.credentials);
  if (options.adminToken !== undefined) await writeSecretFile(dataDir, ADMIN_TOKEN_FILE, `${options.adminToken}\n`);
  await ensureAdminToken(dataDir);
  return { created: (await ensureCredentials(dataDir)).created };
}

export async function startProcesses(options: ProcessesOptions): Promise<RunningProcesses> {
  const count = options.processes;
  if (!Number.isInteger(count) || count < 2) throw new Error(`--processes must be 2 or more here, got ${count}`);
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const runtimeDir = await mkdtemp(join(tmpdir(), "dynaflare-processes-"));
  const log = options.log ?? (() => {});
  let socket: Awaited<ReturnType<typeof holdListeningSocket>> | undefined;
  let supervisor: Awaited<ReturnType<typeof serveSupervisor>> | undefined;
  /** A restart delay asked for by the admin API's crash of a zone, by process, for its next restart only. */
  const restartAfter = new Map<number, number>();
  const servers: RunningServer[] = [];
  let stopping = false;
  const stopped: Promise<ExitStatus>[] = [];
  let credentialsCreated = false;
  const release = async () => {
    await supervisor?.close();
    await socket?.close();
    lock.release();
    await rm(runtimeDir, { recursive: true, force: true });
  };
  try {
    await pinProcessCount(dataDir, count);
    socket = await holdListeningSocket(options.host ?? DEFAULT_HOST, options.port ?? DEFAULT_PORT);
    const token = randomBytes(32).toString("hex");
    // The secrets written (and created, where missing) once, here: processes starting together
    // would race to write them, and each start would otherwise replace the files the others read.
    credentialsCreated = (await writeSecrets(dataDir, options)).created;
    const start = (index: number) =>
      startServer({
        ...options,
        credentials: undefined,
        adminToken: undefined,
        dataDir,
        listenFd: socket?.fd,
        port: socket?.port,
        process: { index, count, runtimeDir, token },
      });
    // A restarted process takes up the admin API's faults from another (it missed those told while it was down).
    const handFaults = async (index: number) => {
      for (let j = 0; j < count; j++) {
        if (j === index) continue;
        try {
          const state = await postInternal(internalSocketPath(runtimeDir, j), token, FAULT_STATE_PATH, "");
          if (state.status !== 200) continue;
          await postInternal(internalSocketPath(runtimeDir, index), token, FAULT_STATE_PATH, state.text);
          return;
        } catch {
          // That one is down too: ask the next.
        }
      }
    };
    const supervise = (index: number, server: RunningServer) => {
      servers[index] = server;
      stopped[index] = server.exited;
      server.exited.then(async (status) => {
        if (stopping) return;
        log(`process ${index} exited (${status.signal ?? `code ${status.code}`}): restarting it`);
        const delay = restartAfter.get(index) ?? options.restartDelayMs ?? 500;
        restartAfter.delete(index);
        await new Promise((done) => setTimeout(done, delay));
        for (;;) {
          if (stopping) return;
          try {
            const server = await start(index);
            if (stopping) {
              await server.stop();
              return;
            }
            supervise(index, server);
            await handFaults(index);
            log(`process ${index} restarted`);
            return;
          } catch (error) {
            log(`process ${index} did not restart (${(error as Error).message}); trying again`);
            await new Promise((done) => setTimeout(done, 1_000));
          }
        }
      });
    };
    supervisor = await serveSupervisor(supervisorSocketPath(runtimeDir), token, count, (index, restartAfterMs) => {
      const pid = servers[index]?.pid;
      if (pid === undefined || stopping) return;
      if (restartAfterMs !== undefined) restartAfter.set(index, restartAfterMs);
      log(`process ${index} killed for the admin API's crash of its zone`);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited already: the supervisor restarts it.
      }
    });
    // The first builds the bundle (or finds it); the others reuse it.
    supervise(0, await start(0));
    const rest = await Promise.allSettled(Array.from({ length: count - 1 }, (_, i) => start(i + 1)));
    // Each one started is supervised (and so stopped below if another failed to start).
    for (const [i, outcome] of rest.entries()) if (outcome.status === "fulfilled") supervise(i + 1, outcome.value);
    const failed = rest.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    stopping = true;
    await Promise.all(servers.map((server) => server.stop(2_000)));
    await release();
    throw error;
  }
  // The processes as one server: it exits when stopped (a process that dies is restarted), cleanly
  // when every process did.
  let resolveExited: (status: ExitStatus) => void = () => {};
  const exited = new Promise<ExitStatus>((done) => {
    resolveExited = done;
  });
  const first = servers[0];
  return {
    url: first.url,
    port: first.port,
    dataDir,
    inMemory: false,
    auth: first.auth,
    credentials: { path: first.credentials.path, created: credentialsCreated },
    adminToken: first.adminToken,
    servers,
    pids: () => servers.map((server) => server.pid),
    exited,
    stop: async (timeoutMs?: number) => {
      if (!stopping) {
        stopping = true;
        await Promise.all(servers.map((server) => server.stop(timeoutMs)));
        const statuses = await Promise.all(stopped);
        await release();
        const unclean = statuses.find((status) => !(status.code === 0 || status.signal === "SIGTERM"));
        resolveExited(unclean ?? { code: 0, signal: null });
      }
      return exited;
    },
  };
}
