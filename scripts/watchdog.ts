/**
 * The watchdog that keeps workerd from outliving the process that started it (the launcher).
 *
 * workerd runs in its own process group, so that a terminal's Ctrl-C reaches only the
 * launcher, which then stops workerd cleanly with SIGTERM. But a launcher killed outright
 * (SIGKILL, a crash) stops nothing, and its workerd would serve on, beside the next server on
 * the same data directory (issue 13). Linux's parent-death signal cannot be set from Node,
 * and macOS has none, so a small Node process watches instead (scripts/watchdog-process.ts).
 * It is given two lifelines, each a socket pair of which one end is held by one process only:
 * - the launcher's: its standard input, whose other end only the launcher holds (Node opens
 *   its descriptors close-on-exec, so workerd and later children do not inherit it);
 * - workerd's: workerd's descriptor 5, whose other end the launcher hands to the watchdog and
 *   then closes.
 * When the launcher's ends, the watchdog sends workerd SIGTERM, then SIGKILL after a grace
 * period; when workerd's ends, the watchdog exits. It runs in its own session, out of reach of
 * the terminal's signals. If the watchdog itself exits while workerd runs, the launcher stops
 * workerd (scripts/server.ts): a server never runs unwatched.
 */

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** workerd's descriptor holding its end of the watchdog's lifeline. */
export const LIFELINE_FD = 5;

const WATCHDOG_PROCESS: string = fileURLToPath(
  new URL("./watchdog-process.ts", (import.meta as ImportMeta & { url: string }).url),
);

export interface Watchdog {
  readonly pid: number | undefined;
  /** Resolves once the watchdog watches both lifelines; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Settles when the watchdog exits. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** After workerd has exited: waits up to `timeoutMs` for the watchdog to follow, then kills it. */
  finish(timeoutMs?: number): Promise<void>;
}

/** The `child_process.ChildProcess` members used here. */
interface Child {
  pid?: number;
  stdin: { unref?(): void; destroy(): void };
  stdout: { on(event: "data", listener: (chunk: Uint8Array) => void): void; destroy(): void };
  kill(signal: string): boolean;
  unref(): void;
  once(event: "exit", listener: (code: number | null, signal: string | null) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}

/**
 * Starts the watchdog of workerd `workerdPid`, given the launcher's end of workerd's lifeline
 * (the stream at workerd's LIFELINE_FD), which it closes. `graceMs`: SIGTERM to SIGKILL.
 */
export function startWatchdog(workerdPid: number, lifeline: { destroy(): void }, graceMs: number): Watchdog {
  const child: Child = spawn(process.execPath, [WATCHDOG_PROCESS, String(workerdPid), String(graceMs)], {
    detached: true,
    stdio: ["pipe", "pipe", "inherit", lifeline],
  });
  lifeline.destroy();
  // Neither the watchdog nor its lifeline keeps the launcher's event loop alive.
  child.unref();
  child.stdin.unref?.();

  const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
    child.once("exit", (code, signal) => done({ code, signal }));
    child.once("error", () => done({ code: null, signal: null }));
  });
  const ready = new Promise<void>((done, fail) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if (output.includes("ready\n")) {
        child.stdout.destroy();
        done();
      }
    });
    exited.then((status) =>
      fail(new Error(`workerd's watchdog exited before watching (${JSON.stringify(status)}); its output is above`)),
    );
  });
  const finish = async (timeoutMs = 2_000) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid, ready, exited, finish };
}
