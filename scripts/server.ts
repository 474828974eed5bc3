/**
 * The self-hosted server: the Worker bundled as `wrangler deploy` would, served by `workerd`
 * directly, with Durable Object storage (SQLite files) in a data directory that outlives the
 * process. `npm start` (scripts/start.ts), the e2e tests' global setup and the benchmark's
 * targets all use startServer.
 *
 * One server at a time serves a data directory: startServer takes the directory's lock
 * (scripts/data-lock.ts) before anything else and holds it until workerd has exited; first
 * it stops a workerd that a previous holder may have left running (scripts/stray-workerd.ts).
 * workerd never outlives this process: a watchdog stops it if this process dies without
 * doing so (scripts/watchdog.ts). Not through Miniflare: it spawns workerd itself, which would
 * lose the inherited socket, the watchdog's lifeline and the clean shutdown (bench/PERFORMANCE.md).
 *
 * Contract: startServer resolves once workerd listens and its watchdog watches, and rejects
 * (leaving no process behind and the directory free) if the directory is in use
 * (DataDirInUseError), the build fails, workerd or the watchdog exits first, or `signal`
 * aborts. stop() sends SIGTERM, on which workerd exits cleanly with code 0, and escalates to
 * SIGKILL after a timeout. `exited` settles once workerd and its watchdog have exited and the
 * directory is free.
 */

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, statfsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BUNDLE_SUBDIR, type Bundle, buildWorker } from "./bundle";
import {
  ADMIN_TOKEN_FILE,
  CREDENTIALS_FILE,
  ensureAdminToken,
  ensureCredentials,
  writeSecretFile,
} from "./credentials-file";
import { lockDataDir } from "./data-lock";
import { stopStrayWorkerd } from "./stray-workerd";
import { LIFELINE_FD, startWatchdog, type Watchdog } from "./watchdog";
import {
  ARCHIVE,
  INTERNAL_SOCKET,
  peerService,
  renderWorkerdConfig,
  SOCKET,
  STORAGE,
  SUPERVISOR_SERVICE,
} from "./workerd-config";
import { readWranglerConfig, withVarOverrides } from "./wrangler-config";

export const DEFAULT_PORT = 8000;
/** All interfaces, as DynamoDB Local does. */
export const DEFAULT_HOST = "*";
export const DEFAULT_DATA_DIR = "data";

/**
 * Vars whose self-hosted default differs from wrangler.toml's (which is Cloudflare's): one
 * machine simulates the distances between regions that Cloudflare has for real.
 */
function selfHostedDefaults(declared: Record<string, unknown>): Record<string, string> {
  return declared.REGION_LATENCY_MS === "off" ? { REGION_LATENCY_MS: "default" } : {};
}

export interface ServerOptions {
  /** The project (holding wrangler.toml and node_modules); defaults to this repository. */
  root?: string;
  /** The node_modules holding wrangler and workerd; defaults to `<root>/node_modules`. */
  nodeModules?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * A listening TCP socket of this process (its file descriptor) to serve on, instead of
   * opening one on `port`: several servers given the same socket share its connections, the
   * kernel handing each new one to one of them. `host` then only names the address in `url`.
   */
  listenFd?: number;
  /** An interface address or name; `*` (the default) listens on all of them. */
  host?: string;
  /**
   * Where Durable Object storage lives, relative to the working directory; created if missing.
   * One server at a time: startServer throws DataDirInUseError while another holds it.
   */
  dataDir?: string;
  /**
   * Where backups, archived logs and exports live (workers/archive/archive.ts); created if
   * missing. `<data>/backups` by default.
   */
  backupsDir?: string;
  /**
   * Keep everything in memory: Durable Object storage and the archive live in a fresh directory
   * of a RAM filesystem (`/dev/shm` when it has 2 GB free, else the OS temporary directory),
   * removed when workerd exits; nothing is written under `dataDir`, which is only read for its `credentials` and
   * `admin-token` files if they exist. workerd's own in-memory storage does not back SQLite
   * objects (docs/issue-24-in-memory.md), so this is its equivalent.
   */
  inMemory?: boolean;
  /** Values for [vars], by name; each must be declared in wrangler.toml. */
  vars?: Record<string, string>;
  /**
   * The keys to accept (AWS shared-credentials text): written to `<data>/credentials`, replacing
   * it. By default the file is kept, or created with a random key (scripts/credentials-file.ts).
   */
  credentials?: string;
  /** The admin API's token: written to `<data>/admin-token`, replacing it; by default kept, or created at random. */
  adminToken?: string;
  /** An environment (usually process.env) whose entries named like a [vars] key override it. */
  env?: Record<string, string | undefined>;
  /** Rebuild the bundle even if its inputs are unchanged. */
  rebuild?: boolean;
  /** Aborting stops the build or the starting server. */
  signal?: AbortSignal;
  /** Progress messages (build, reuse). */
  log?: (message: string) => void;
  /** How long to wait for workerd to listen. */
  startTimeoutMs?: number;
  /**
   * `host:port` for workerd's V8 inspector (DevTools, CPU profiles); none by default, and
   * `npm start` never opens it (the inspector can evaluate code in the Worker). The
   * benchmark's `--profile` does.
   */
  inspectorAddress?: string;
  /** This server as one of several processes serving the data directory (scripts/processes.ts). */
  process?: ProcessSlot;
}

/**
 * Process `index` of `count` serving one data directory (issue 23): its Durable Object storage is
 * `<data>/processes/p<index>` (workerd's alarm scheduler must not see another process's objects),
 * it serves the others' calls on `<runtimeDir>/p<index>.sock` and reaches process j's on
 * `<runtimeDir>/p<j>.sock`, and those calls carry `token`. The launcher holds the data directory's
 * lock; each process locks its own storage.
 */
export interface ProcessSlot {
  index: number;
  count: number;
  runtimeDir: string;
  token: string;
}

/** Where process `index` keeps its Durable Objects, under the data directory. */
export const processStorage = (dataDir: string, index: number) => join(dataDir, PROCESSES_SUBDIR, `p${index}`);
/** The folder of the processes' storage, and the file pinning how many there are. */
export const PROCESSES_SUBDIR = "processes";
export const PROCESS_COUNT_FILE = "count";
/** Process `index`'s internal socket. */
export const internalSocketPath = (runtimeDir: string, index: number) => join(runtimeDir, `p${index}.sock`);
/** The launcher's supervisor socket (scripts/processes.ts). */
export const supervisorSocketPath = (runtimeDir: string) => join(runtimeDir, "supervisor.sock");

export interface ExitStatus {
  code: number | null;
  signal: string | null;
}

/** The secrets' bindings, and the environment variables workerd reads them from. */
const SECRETS = {
  CREDENTIALS: "DYNAFLARE_CREDENTIALS",
  ADMIN_TOKEN: "DYNAFLARE_ADMIN_TOKEN",
  INTERNAL_TOKEN: "DYNAFLARE_INTERNAL_TOKEN",
};

export interface RunningServer {
  /** Where clients connect: `http://127.0.0.1:<port>` when listening on all interfaces. */
  readonly url: string;
  readonly port: number;
  /** workerd's process id (for CPU accounting), if it started. */
  readonly pid: number | undefined;
  /** The process id of workerd's watchdog (scripts/watchdog.ts). */
  readonly watchdogPid: number | undefined;
  /** The absolute data directory: in memory, the RAM directory that holds the storage. */
  readonly dataDir: string;
  /** Whether the storage is in memory (removed when the server stops). */
  readonly inMemory: boolean;
  /** Whether requests must be signed (AUTH is not "off"). */
  readonly auth: boolean;
  /** The keys the server accepts (scripts/credentials-file.ts), and whether this start created it. */
  readonly credentials: { path: string; created: boolean };
  /** The admin token (`<data>/admin-token`): the admin API's, the console's and `/metrics`'. */
  readonly adminToken: string;
  readonly bundle: Bundle;
  /** Settles when workerd exits, for whatever reason, once its watchdog has and the directory is free. */
  readonly exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL if workerd has not exited after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<ExitStatus>;
}

/** The `child_process.ChildProcess` members used here. */
interface Child {
  pid?: number;
  stdio: unknown[];
  kill(signal: string): boolean;
  once(event: "exit", listener: (code: number | null, signal: string | null) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}

/** This repository (scripts/..). The cast: the Workers types in scope declare no `import.meta.url`. */
export const REPO_ROOT: string = fileURLToPath(new URL("..", (import.meta as ImportMeta & { url: string }).url));

/** The least free space a RAM filesystem must have to hold an in-memory run (a container's is often 64 MB). */
const RAM_MIN_FREE_BYTES = 2 ** 31;

/** Where in-memory runs keep their storage: a RAM filesystem with room, else the OS temporary directory. */
function ramRoot(): string {
  try {
    const { bavail, bsize } = statfsSync("/dev/shm");
    if (bavail * bsize >= RAM_MIN_FREE_BYTES) return "/dev/shm";
  } catch {
    // No /dev/shm here (macOS, Windows).
  }
  return tmpdir();
}

/**
 * A fresh RAM directory for an in-memory run, holding the secrets of `dataDir` (read, never
 * written) unless `options` gives them.
 */
async function memoryDir(dataDir: string, options: ServerOptions): Promise<string> {
  const dir = await mkdtemp(join(ramRoot(), "dynaflare-memory-"));
  for (const file of [CREDENTIALS_FILE, ADMIN_TOKEN_FILE]) {
    const given = file === CREDENTIALS_FILE ? options.credentials : options.adminToken;
    if (given !== undefined || !existsSync(join(dataDir, file))) continue;
    await writeSecretFile(dir, file, await readFile(join(dataDir, file), "utf8"));
  }
  return dir;
}

/** The backups directory's default place, inside the data directory. */
export const BACKUPS_SUBDIR = "backups";

/** How long workerd gets to shut down cleanly after SIGTERM, before SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const root = resolve(options.root ?? REPO_ROOT);
  const nodeModules = resolve(options.nodeModules ?? join(root, "node_modules"));
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  const inMemory = options.inMemory ?? false;
  const dataDir = inMemory
    ? await memoryDir(resolve(options.dataDir ?? DEFAULT_DATA_DIR), options)
    : resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const forget = () => (inMemory ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());

  const storageDir = options.process ? processStorage(dataDir, options.process.index) : dataDir;
  await mkdir(storageDir, { recursive: true });
  if (!options.process && existsSync(join(dataDir, PROCESSES_SUBDIR, PROCESS_COUNT_FILE)))
    throw new Error(`${dataDir} holds the data of a server run as several processes: start it with --processes`);
  const lock = lockDataDir(storageDir);
  let prepared: PreparedWorkerd;
  try {
    const previous = lock.previous?.workerd;
    if (previous) await stopStrayWorkerd(previous, storageDir, log, STOP_TIMEOUT_MS);
    prepared = await prepareWorkerd(root, nodeModules, dataDir, storageDir, options, log);
  } catch (error) {
    lock.release();
    await forget();
    throw error;
  }
  const { bundle } = prepared;

  const child = prepared.spawn();
  const workerdExited = new Promise<ExitStatus>((done) => {
    child.once("exit", (code, signal) => done({ code, signal }));
    child.once("error", () => done({ code: null, signal: null }));
  });
  const killOnExit = () => child.kill("SIGTERM");
  process.on("exit", killOnExit);
  let watchdog: Watchdog | undefined;
  if (child.pid !== undefined) {
    watchdog = startWatchdog(child.pid, child.stdio[LIFELINE_FD] as { destroy(): void }, STOP_TIMEOUT_MS);
    lock.record({ workerd: child.pid, watchdog: watchdog.pid ?? null });
  }
  let running = true;
  const exited = workerdExited.then(async (status) => {
    running = false;
    process.off("exit", killOnExit);
    await watchdog?.finish();
    lock.release();
    await forget();
    return status;
  });
  // Unwatched, workerd could outlive us: stop it.
  watchdog?.exited.then((status) => {
    if (!running) return;
    log(`workerd's watchdog exited (${describeExit(status)}): stopping workerd`);
    child.kill("SIGTERM");
  });

  const stop = async (timeoutMs = STOP_TIMEOUT_MS): Promise<ExitStatus> => {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const status = await exited;
    clearTimeout(timer);
    return status;
  };

  try {
    const [listening] = await Promise.all([
      waitForListen(child, workerdExited, options.startTimeoutMs ?? 30_000, options.signal),
      watchdog?.ready,
    ]);
    const urlHost = host === "*" || host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : bracket(host);
    const url = `http://${urlHost}:${listening}`;
    const { auth, credentials, adminToken } = prepared;
    return {
      url,
      port: listening,
      pid: child.pid,
      watchdogPid: watchdog?.pid,
      dataDir,
      inMemory,
      bundle,
      auth,
      credentials,
      adminToken,
      exited,
      stop,
    };
  } catch (error) {
    await stop(2_000);
    throw error;
  }
}

interface PreparedWorkerd {
  bundle: Bundle;
  auth: boolean;
  credentials: { path: string; created: boolean };
  adminToken: string;
  spawn(): Child;
}

/**
 * Builds (or reuses) the bundle and writes the workerd config. At exit: the bundle, and a
 * function that spawns workerd on them in its own process group (a terminal's Ctrl-C reaches
 * only us, and workerd gets the SIGTERM it shuts down cleanly on; SIGINT would kill it
 * outright). Its descriptors: 3 the control pipe, 4 an inherited listening socket (if any),
 * LIFELINE_FD (5) the watchdog's lifeline.
 */
async function prepareWorkerd(
  root: string,
  nodeModules: string,
  dataDir: string,
  storageDir: string,
  options: ServerOptions,
  log: (message: string) => void,
): Promise<PreparedWorkerd> {
  const worker = await readWranglerConfig(root);
  const slot = options.process;
  // Set by the launcher alone (a stray PROCESSES in the environment must not move objects), for a
  // Worker that has them (the bench's floor has not).
  const placement: Record<string, string> = Object.hasOwn(worker.vars, "PROCESSES")
    ? { PROCESSES: String(slot?.count ?? 1), PROCESS_INDEX: String(slot?.index ?? 0) }
    : {};
  const vars = withVarOverrides(
    { ...worker.vars, ...selfHostedDefaults(worker.vars) },
    { ...options.vars, ...placement },
    options.env,
  );
  const started = Date.now();
  const bundle = await buildWorker(root, worker, {
    rebuild: options.rebuild,
    nodeModules,
    exclude: [dataDir],
    signal: options.signal,
  });
  log(bundle.reused ? "reusing the unchanged bundle" : `bundled the Worker in ${Date.now() - started} ms`);
  const config = await writeConfig(
    bundle.dir,
    renderWorkerdConfig({
      worker,
      modules: bundle.modules,
      bundleDir: BUNDLE_SUBDIR,
      vars,
      secrets: SECRETS,
      processes: slot?.count,
    }),
  );
  if (options.credentials !== undefined) await writeSecretFile(dataDir, CREDENTIALS_FILE, options.credentials);
  const credentials = await ensureCredentials(dataDir);
  if (options.adminToken !== undefined) await writeSecretFile(dataDir, ADMIN_TOKEN_FILE, `${options.adminToken}\n`);
  const admin = await ensureAdminToken(dataDir);
  const backupsDir = resolve(options.backupsDir ?? join(dataDir, BACKUPS_SUBDIR));
  if (worker.archive) await mkdir(backupsDir, { recursive: true });
  const secretEnv = {
    [SECRETS.CREDENTIALS]: credentials.text,
    [SECRETS.ADMIN_TOKEN]: admin.token,
    [SECRETS.INTERNAL_TOKEN]: slot?.token ?? "",
  };
  // The internal socket is bound anew: a process that was killed leaves its socket file behind.
  if (slot) await rm(internalSocketPath(slot.runtimeDir, slot.index), { force: true });
  const internal = slot
    ? [
        "--socket-addr",
        `${INTERNAL_SOCKET}=unix:${internalSocketPath(slot.runtimeDir, slot.index)}`,
        ...Array.from({ length: slot.count }, (_, j) => [
          "--external-addr",
          `${peerService(j)}=unix:${internalSocketPath(slot.runtimeDir, j)}`,
        ]).flat(),
        "--external-addr",
        `${SUPERVISOR_SERVICE}=unix:${supervisorSocketPath(slot.runtimeDir)}`,
      ]
    : [];
  const listen =
    options.listenFd === undefined
      ? ["--socket-addr", `${SOCKET}=${address(options.host ?? DEFAULT_HOST, options.port ?? DEFAULT_PORT)}`]
      : ["--socket-fd", `${SOCKET}=4`];
  const args = [
    "serve",
    config,
    ...listen,
    ...internal,
    "--directory-path",
    `${STORAGE}=${storageDir}`,
    ...(worker.archive ? ["--directory-path", `${ARCHIVE}=${backupsDir}`] : []),
    "--control-fd",
    "3",
    ...(options.inspectorAddress ? ["--inspector-addr", options.inspectorAddress] : []),
  ];
  return {
    bundle,
    auth: String(vars.AUTH ?? "on").toLowerCase() !== "off",
    credentials: { path: credentials.path, created: credentials.created },
    adminToken: admin.token,
    spawn: () =>
      spawn(join(nodeModules, ".bin", "workerd"), args, {
        cwd: root,
        env: { ...process.env, ...secretEnv },
        detached: true,
        stdio: ["ignore", "inherit", "inherit", "pipe", options.listenFd ?? "ignore", "pipe"],
      }),
  };
}

/** Resolves with the port workerd reports on its control descriptor once the socket listens. */
function waitForListen(
  child: Child,
  exited: Promise<ExitStatus>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  return new Promise<number>((done, fail) => {
    const lines = createInterface({ input: child.stdio[3] });
    const timer = setTimeout(() => fail(new Error(`workerd did not listen within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => fail(signal?.reason ?? new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      lines.close();
    };
    lines.on("line", (line: string) => {
      const message = parseControlMessage(line);
      if (message?.event === "listen" && message.socket === SOCKET && typeof message.port === "number") {
        settle();
        done(message.port);
      }
    });
    exited.then((status) => {
      settle();
      fail(new Error(`workerd exited before listening (${describeExit(status)}); its output is above`));
    });
    if (signal?.aborted) onAbort();
  });
}

function parseControlMessage(line: string): { event?: string; socket?: string; port?: unknown } | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Writes the config under a name derived from its content, so concurrent servers can share it. */
async function writeConfig(dir: string, text: string): Promise<string> {
  const path = join(dir, `workerd-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.capnp`);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  }
  return path;
}

/** workerd's socket address syntax: `*:8000`, `127.0.0.1:8000`, `[::1]:8000`, `localhost:8000`. */
function address(host: string, port: number): string {
  return `${host === "*" ? "*" : bracket(host)}:${port}`;
}

function bracket(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export function describeExit(status: ExitStatus): string {
  if (status.signal) return `signal ${status.signal}`;
  return status.code === null ? "could not be started" : `exit code ${status.code}`;
}
