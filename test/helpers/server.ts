/**
 * Runs `npm start`'s entry (scripts/start.ts) as its own process, for tests of the server
 * process itself: its listening line, its signals and its exit codes.
 */

import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { type ExitStatus, REPO_ROOT } from "../../scripts/server";

export interface CliProcess {
  /** The URL from the "listening on" line. */
  url: string;
  /** The CLI's process id (the launcher of workerd). */
  pid: number;
  /** Everything the process printed so far (stdout and stderr, workerd's included). */
  output(): string;
  /** Settles when the process exits. */
  exited: Promise<ExitStatus>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: CliSignal): Promise<ExitStatus>;
}

type CliSignal = "SIGTERM" | "SIGINT" | "SIGKILL";

interface Child {
  pid: number;
  stdout: { on(event: "data", listener: (chunk: Uint8Array) => void): void };
  stderr: { on(event: "data", listener: (chunk: Uint8Array) => void): void };
  kill(signal: string): boolean;
  once(event: "exit", listener: (code: number | null, signal: string | null) => void): void;
}

const LISTENING = /listening on (http:\/\/\S+)/;

/** Starts the CLI with `args`; resolves once it prints where it listens, rejects if it exits first. */
export async function startCli(args: string[], timeoutMs = 60_000): Promise<CliProcess> {
  const cli = spawnCli(args);
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      cli.stop("SIGTERM");
      fail(new Error(`no "listening on" line within ${timeoutMs} ms:\n${cli.output()}`));
    }, timeoutMs);
    cli.onOutput(() => {
      const match = LISTENING.exec(cli.output());
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    cli.exited.then((status) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${JSON.stringify(status)}) before listening:\n${cli.output()}`));
    });
  });
  return { url, pid: cli.pid, output: cli.output, exited: cli.exited, stop: cli.stop };
}

/** Runs the CLI with `args` until it exits by itself, or kills it (SIGKILL) after `timeoutMs`. */
export async function runCli(args: string[], timeoutMs = 60_000): Promise<ExitStatus & { output: string }> {
  const cli = spawnCli(args);
  const timer = setTimeout(() => cli.stop("SIGKILL"), timeoutMs);
  const status = await cli.exited;
  clearTimeout(timer);
  return { ...status, output: cli.output() };
}

function spawnCli(args: string[]) {
  const child: Child = spawn(join(REPO_ROOT, "node_modules", ".bin", "node"), ["scripts/start.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners: (() => void)[] = [];
  const append = (chunk: Uint8Array) => {
    output += String(chunk);
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<ExitStatus>((done) => child.once("exit", (code, signal) => done({ code, signal })));
  return {
    pid: child.pid,
    output: () => output,
    onOutput: (listener: () => void) => listeners.push(listener),
    exited,
    stop: (signal: CliSignal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * Whether process `pid` runs (a zombie, exited but not yet reaped by its parent, does not),
 * and its command line if so; from `ps`, so independent of the server's own checks.
 */
export function runningCommand(pid: number): string | undefined {
  try {
    const line = String(execFileSync("ps", ["-o", "stat=,args=", "-p", String(pid)], { stdio: "pipe" })).trim();
    return line === "" || line.startsWith("Z") ? undefined : line.slice(line.indexOf(" ") + 1);
  } catch {
    return undefined;
  }
}

/** Polls `condition` every 50 ms until it holds; false if it still does not after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (condition()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return condition();
}
