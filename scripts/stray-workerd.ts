/**
 * A workerd left serving a data directory after its server's launcher died. Its watchdog
 * (scripts/watchdog.ts) stops it, but the kernel frees the launcher's lock on the directory
 * at once, and the watchdog may be slow or dead too; so a new holder of the lock stops the
 * workerd named in the previous holder's record (scripts/data-lock.ts) before starting its own.
 *
 * A pid alone is not trusted: pids are reused. The process must still be a workerd serving
 * that very directory (its command line: `--directory-path do-storage=<dir>`); a zombie is
 * not serving (it holds no files and no sockets).
 */

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { STORAGE } from "./workerd-config";

/**
 * Whether `args` (a command line) run workerd on `dataDir` (absolute) as startServer does:
 * the workerd binary, or node running workerd's launcher script where npm left one.
 */
export function servesDirectory(args: readonly string[], dataDir: string): boolean {
  if (!args.slice(0, 2).some((arg) => basename(arg) === "workerd")) return false;
  const storage = `${STORAGE}=${dataDir}`;
  return args.some((arg, i) => arg === "--directory-path" && args[i + 1] === storage);
}

/** Whether process `pid` is a running (not zombie) workerd serving `dataDir`. */
export function isServing(pid: number, dataDir: string): boolean {
  const args = commandLine(pid);
  return args !== undefined && servesDirectory(args, dataDir);
}

/**
 * A process's command line, or undefined if it is gone or a zombie. Linux: /proc, argument
 * by argument (a zombie's is empty). Elsewhere: `ps`, split at spaces, so a data directory
 * whose path holds a space is not recognized there (and its workerd is left to its watchdog).
 */
function commandLine(pid: number): string[] | undefined {
  if (process.platform === "linux") {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (args.at(-1) === "") args.pop();
      return args.length > 0 ? args : undefined;
    } catch {
      return undefined;
    }
  }
  try {
    const line = String(execFileSync("ps", ["-p", String(pid), "-o", "stat=,args="], { stdio: "pipe" })).trim();
    const [stat, ...args] = line.split(/\s+/);
    return stat === undefined || stat.startsWith("Z") ? undefined : args;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Stops workerd `pid` if it still serves `dataDir`: SIGTERM (a clean shutdown, as its watchdog
 * sends), SIGKILL after `graceMs`. At exit: no process `pid` serves `dataDir`; resolves true
 * if one did. Throws if it survives SIGKILL for 5 s (another user's process, say).
 */
export async function stopStrayWorkerd(
  pid: number,
  dataDir: string,
  log: (message: string) => void,
  graceMs = 10_000,
): Promise<boolean> {
  if (!isServing(pid, dataDir)) return false;
  log(`a workerd (pid ${pid}) left by a server that stopped still serves ${dataDir}: stopping it first`);
  const gone = async (ms: number) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) {
      if (!isServing(pid, dataDir)) return true;
    }
    return !isServing(pid, dataDir);
  };
  signal(pid, "SIGTERM");
  if (await gone(graceMs)) return true;
  signal(pid, "SIGKILL");
  if (await gone(5_000)) return true;
  throw new Error(`workerd (pid ${pid}) still serves ${dataDir} after SIGKILL`);
}

function signal(pid: number, name: string): void {
  try {
    process.kill(pid, name);
  } catch {
    // Exited meanwhile, or not ours to signal (then it survives and we throw).
  }
}
