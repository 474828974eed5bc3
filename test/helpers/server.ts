/**
 * Runs `npm start`'s entry (scripts/start.ts) as its own process, for tests of the server
 * process itself: its listening line, its signals and its exit codes.
 */

import { spawn } from "node:child_process";
import { join } from "node:path";
import { type ExitStatus, REPO_ROOT } from "../../scripts/server";

export interface CliProcess {
  /** The URL from the "listening on" line. */
  url: string;
  /** Everything the process printed so far (stdout and stderr, workerd's included). */
  output(): string;
  /** Settles when the process exits. */
  exited: Promise<ExitStatus>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: "SIGTERM" | "SIGINT"): Promise<ExitStatus>;
}

interface Child {
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
  return { url, output: cli.output, exited: cli.exited, stop: cli.stop };
}

/** Runs the CLI with `args` until it exits by itself. */
export async function runCli(args: string[]): Promise<ExitStatus & { output: string }> {
  const cli = spawnCli(args);
  const status = await cli.exited;
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
    output: () => output,
    onOutput: (listener: () => void) => listeners.push(listener),
    exited,
    stop: (signal: "SIGTERM" | "SIGINT" = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}
