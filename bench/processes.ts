/**
 * Everything the bench starts, and the guarantee that it stops: services are spawned in their
 * own process group and registered; `stopAll` (run at the end, on failure, and on SIGINT or
 * SIGTERM) stops them, and a synchronous `exit` hook SIGKILLs any group still alive.
 */

import { spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";

export interface Service {
  readonly pid: number;
  /** Settles when the process exits, with its exit code (null if killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to its process group, then SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

interface ChildProcess {
  pid?: number;
  once(event: "exit", listener: (code: number | null) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}

type Cleanup = () => Promise<void>;
const cleanups = new Set<Cleanup>();
const liveGroups = new Set<number>();

/** Runs `cleanup` in stopAll unless it is removed first by calling the returned function. */
export function onStop(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup (most recent first), each at most once. */
export async function stopAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) await cleanup().catch(() => {});
}

process.on("exit", () => {
  for (const pid of liveGroups) killGroup(pid, "SIGKILL");
});

/** On SIGINT/SIGTERM: stop everything, then exit 130/143. */
export function exitOnSignals(log: (message: string) => void): void {
  let stopping = false;
  // npm forwards the terminal's SIGINT too: the second one must not cut the cleanup short.
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping everything the bench started`);
    stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

function killGroup(pid: number, signal: string): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Spawns a long-running service with its output appended to `logFile`. */
export function spawnService(command: string, args: string[], options: { cwd?: string; logFile: string }): Service {
  const log: number = openSync(options.logFile, "a");
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((done) => {
    child.once("exit", (code) => done(code));
    child.once("error", (error) => {
      appendFileSync(options.logFile, `could not start ${command}: ${error.message}\n`);
      done(-1);
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) liveGroups.add(pid);
  exited.then(() => liveGroups.delete(pid));
  const stop = async (timeoutMs = 5_000) => {
    if (pid <= 0) return;
    killGroup(pid, "SIGTERM");
    const timer = setTimeout(() => killGroup(pid, "SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return { pid, exited, stop };
}

/** A port free on 127.0.0.1 right now (another process could take it before it is used). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Resolves once `url` answers any HTTP response; rejects if `service` exits first or after
 * `timeoutMs`, with the tail of its log.
 */
export async function waitForHttp(url: string, service: Service, logFile: string, timeoutMs = 60_000): Promise<void> {
  let exitCode: number | null | undefined;
  service.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`exited (code ${exitCode}) before answering:\n${await tail(logFile)}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`did not answer ${url} within ${timeoutMs} ms:\n${await tail(logFile)}`);
}

/**
 * Spawns a service that listens on `port` of 127.0.0.1 and waits until it answers HTTP. At
 * exit: its endpoint, pid and stop; if it never answers, it is stopped and the error thrown.
 */
export async function serveHttp(
  command: string,
  args: string[],
  options: { cwd?: string; logFile: string },
  port: number,
): Promise<{ endpoint: string; pid: number; stop(): Promise<void> }> {
  const service = spawnService(command, args, options);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(endpoint, service, options.logFile);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { endpoint, pid: service.pid, stop: () => service.stop() };
}

async function tail(file: string, lines = 20): Promise<string> {
  const text: string = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").slice(-lines).join("\n");
}
