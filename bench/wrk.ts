/**
 * The throughput measurement: `wrk` (Debian's package) replaying pre-signed requests from a
 * generated Lua script. The requests are grouped by key; each wrk thread takes its own share of
 * the keys (every T-th) and cycles through them, sending each key's requests in turn. So a key's
 * consecutive requests are its successive variants, even across threads: a PutItem run whose
 * keys have several payloads changes the item on every write. The script's `done` hook prints
 * one JSON line with the counts and the latency percentiles, which is what this module parses.
 * @see https://github.com/wg/wrk/blob/master/SCRIPTING
 */

import { execFileSync, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { onStop } from "./processes";
import type { SignedRequest } from "./signed-requests";

export interface WrkSettings {
  threads: number;
  connections: number;
  seconds: number;
}

export interface WrkOutcome {
  requests: number;
  seconds: number;
  opsPerSecond: number;
  /** Latency percentiles and mean/max, in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  mean: number;
  max: number;
  /** Socket errors (connect, read, write, timeout) and non-2xx/3xx answers. */
  errors: { connect: number; read: number; write: number; timeout: number; status: number };
}

const RESULT_PREFIX = "BENCH-WRK-RESULT ";

/** Makes sure `wrk` is on PATH: installs Debian's package when running as root, else explains. */
export function ensureWrk(log: (message: string) => void): void {
  if (hasWrk()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "wrk is not installed; install it (Debian/Ubuntu: `sudo apt-get install -y wrk`) or run with --no-throughput",
    );
  }
  log("installing wrk (apt-get)");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!hasWrk()) throw new Error("wrk is still missing after apt-get install");
}

/** True when a `wrk` binary is on PATH. */
export function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // wrk --version prints its usage and exits 1.
    return (error as { code?: string }).code !== "ENOENT";
  }
}

/** A Lua long string `[==[...]==]` whose level does not occur in `text`. */
function luaString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  return `[${level}[${text}]${level}]`;
}

/** A quoted Lua string for printable ASCII (header names and values). */
function luaQuoted(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`not printable ASCII: ${JSON.stringify(text)}`);
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The Lua script for `threads` wrk threads: the requests grouped by key (in order of first
 * appearance, each key's requests in their order), a per-thread cursor over the thread's keys
 * and a per-key count of sends, and the `done` report. Thread t (from 0) owns keys t+1, t+1+T, …
 * and no other thread sends them. Throws when some thread would own no key.
 */
export function wrkScript(requests: SignedRequest[], threads: number): string {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`wrk threads must be a positive integer: ${threads}`);
  const keys = new Map<string, number>();
  const lines = [
    "-- keys[k]: the requests for the k-th key, sent in turn.",
    "local keys = {}",
    "local function add(k, request)",
    "  keys[k] = keys[k] or {}",
    "  keys[k][#keys[k] + 1] = request",
    "end",
  ];
  for (const request of requests) {
    const k = keys.get(request.key) ?? keys.size + 1;
    keys.set(request.key, k);
    const headers = Object.entries(request.headers)
      .map(([name, value]) => `[${luaQuoted(name)}] = ${luaQuoted(value)}`)
      .join(", ");
    lines.push(`add(${k}, wrk.format("POST", "/", { ${headers} }, ${luaString(request.body)}))`);
  }
  if (keys.size < threads) {
    throw new Error(`${keys.size} keys for ${threads} wrk threads: each thread needs keys of its own`);
  }
  lines.push(`
local THREADS = ${threads}
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end
-- This thread's keys, and how many requests of each it has sent.
local mine, sent = {}, {}
local cursor = 0
function init(args)
  for k = (thread_index or 0) + 1, #keys, THREADS do
    mine[#mine + 1] = keys[k]
    sent[#sent + 1] = 0
  end
end
function request()
  cursor = cursor % #mine + 1
  local variants = mine[cursor]
  local n = sent[cursor] % #variants + 1
  sent[cursor] = n
  return variants[n]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '${RESULT_PREFIX}{"requests":%d,"duration_us":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"mean":%f,"max":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.mean, latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
`);
  return lines.join("\n");
}

interface RawResult {
  requests: number;
  duration_us: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  mean: number;
  max: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
  status: number;
}

/** Parses the `done` hook's line out of wrk's output. */
export function parseWrkOutput(output: string): WrkOutcome {
  const line = output.split("\n").find((text) => text.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`wrk printed no result line:\n${output}`);
  const raw = JSON.parse(line.slice(RESULT_PREFIX.length)) as RawResult;
  const seconds = raw.duration_us / 1e6;
  const ms = (us: number) => us / 1000;
  return {
    requests: raw.requests,
    seconds,
    opsPerSecond: raw.requests / seconds,
    p50: ms(raw.p50),
    p90: ms(raw.p90),
    p99: ms(raw.p99),
    p999: ms(raw.p999),
    mean: ms(raw.mean),
    max: ms(raw.max),
    errors: { connect: raw.connect, read: raw.read, write: raw.write, timeout: raw.timeout, status: raw.status },
  };
}

interface WrkChild {
  pid?: number;
  stdout: { on(event: "data", listener: (chunk: Uint8Array) => void): void };
  stderr: { on(event: "data", listener: (chunk: Uint8Array) => void): void };
  kill(signal: string): boolean;
  once(event: "close", listener: (code: number | null, signal: string | null) => void): void;
  once(event: "error", listener: (error: Error) => void): void;
}

/** Runs wrk with `requests` against `endpoint`; `scriptPath` is where the Lua script is written. */
export async function runWrk(
  endpoint: string,
  requests: SignedRequest[],
  settings: WrkSettings,
  scriptPath: string,
): Promise<WrkOutcome> {
  await writeFile(scriptPath, wrkScript(requests, settings.threads));
  const args = [
    `-t${settings.threads}`,
    `-c${settings.connections}`,
    `-d${Math.max(1, Math.round(settings.seconds))}s`,
    "--timeout",
    "10s",
    "-s",
    scriptPath,
    endpoint,
  ];
  const child: WrkChild = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
  const untrack = onStop(async () => {
    child.kill("SIGKILL");
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    output += String(chunk);
  });
  const status = await new Promise<{ code: number | null; signal: string | null }>((done) => {
    child.once("close", (code, signal) => done({ code, signal }));
    child.once("error", (error) => done({ code: null, signal: error.message }));
  });
  untrack();
  if (status.code !== 0) throw new Error(`wrk failed (${JSON.stringify(status)}):\n${output}`);
  return parseWrkOutput(output);
}
