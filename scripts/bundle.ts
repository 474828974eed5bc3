/**
 * Bundles the Worker with `wrangler deploy --dry-run`, so the self-hosted server runs exactly
 * what `wrangler deploy` would upload, and reuses the last bundle while its inputs are
 * unchanged (building takes seconds; starting workerd takes tens of milliseconds).
 *
 * Layout under `<root>/dist/self-hosted/`: one directory per build (`<id>/bundle/` holds the
 * modules, `<id>/meta.json` esbuild's metafile) and `current.json` naming the latest build
 * with the fingerprint of its inputs.
 *
 * The fingerprint covers wrangler's version, wrangler.toml, every file esbuild read (the
 * metafile's inputs, node_modules included) and every file under the project that a text,
 * data or Wasm module rule matches (esbuild does not list those). Builds never overwrite each
 * other, so concurrent starts are safe. A file edited while a build runs may be missed until
 * the next change.
 */

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { isAttachedModule, moduleTypeOf } from "./module-rules";
import type { BundleModule } from "./workerd-config";
import { CONFIG_FILE, type WorkerConfig } from "./wrangler-config";

export interface Bundle {
  /** The build's directory; the modules are in its `bundle/` subdirectory. */
  dir: string;
  /** The modules, the entry first. */
  modules: BundleModule[];
  /** Whether an earlier build was reused. */
  reused: boolean;
}

export interface BuildOptions {
  /** Build even if the last bundle is current. */
  rebuild?: boolean;
  /** The node_modules holding wrangler; defaults to `<root>/node_modules`. */
  nodeModules?: string;
  /** Directories not to search for text/data/Wasm modules (e.g. the data dir). */
  exclude?: string[];
  signal?: AbortSignal;
}

interface CurrentBuild {
  id: string;
  fingerprint: string;
  inputs: string[];
  modules: BundleModule[];
}

export const BUNDLE_SUBDIR = "bundle";
/** Builds older than this are pruned when a new one is made. */
const PRUNE_AFTER_MS = 10 * 60_000;

export function cacheDir(root: string): string {
  return join(root, "dist", "self-hosted");
}

export async function buildWorker(root: string, worker: WorkerConfig, options: BuildOptions = {}): Promise<Bundle> {
  const cache = cacheDir(root);
  const nodeModules = options.nodeModules ?? join(root, "node_modules");
  // dist/ holds the builds themselves, whose emitted modules match the module rules.
  const exclude = [join(root, "dist"), ...(options.exclude ?? [])].map((dir) => resolve(dir));
  const current = await readCurrent(cache);
  if (current && !options.rebuild) {
    const fingerprint = await fingerprintInputs(root, nodeModules, worker, current.inputs, exclude);
    if (fingerprint === current.fingerprint) {
      return { dir: join(cache, current.id), modules: current.modules, reused: true };
    }
  }
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const dir = join(cache, id);
  await mkdir(dir, { recursive: true });
  await runWrangler(root, nodeModules, dir, options.signal);
  const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8")) as Metafile;
  const inputs = Object.keys(meta.inputs);
  const modules = await bundleModules(root, dir, meta, worker);
  const fingerprint = await fingerprintInputs(root, nodeModules, worker, inputs, exclude);
  await writeCurrent(cache, { id, fingerprint, inputs, modules });
  await prune(cache, id);
  return { dir, modules, reused: false };
}

async function runWrangler(
  root: string,
  nodeModules: string,
  dir: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const args = [
    join(nodeModules, "wrangler", "bin", "wrangler.js"),
    "deploy",
    "--dry-run",
    "--config",
    join(root, CONFIG_FILE),
    "--outdir",
    join(dir, BUNDLE_SUBDIR),
    "--metafile",
    join(dir, "meta.json"),
  ];
  const env: Record<string, string | undefined> = {
    ...process.env,
    // The top-level environment, as scripts/wrangler-config.ts reads it.
    CLOUDFLARE_ENV: undefined,
    WRANGLER_SEND_METRICS: "false",
    // Hiding the banner also skips wrangler's update check, a network call.
    WRANGLER_HIDE_BANNER: "true",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  const child = spawn(process.execPath, args, { cwd: root, env, signal, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Uint8Array) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk: Uint8Array) => {
    output += String(chunk);
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("close", (exitCode: number | null) => done(exitCode));
  });
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit code ${code}):\n${output.trim()}`);
}

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { entryPoint?: string }>;
}

async function bundleModules(root: string, dir: string, meta: Metafile, worker: WorkerConfig): Promise<BundleModule[]> {
  const bundleDir = join(dir, BUNDLE_SUBDIR);
  const entryOutput = Object.entries(meta.outputs).find(([, output]) => output.entryPoint !== undefined)?.[0];
  if (entryOutput === undefined) throw new Error("wrangler's metafile names no entry point");
  const entry = toPosix(relative(bundleDir, resolve(root, entryOutput)));
  const modules: BundleModule[] = [{ name: entry, type: "ESModule" }];
  for (const name of await listFiles(bundleDir, [])) {
    if (name === entry || name === "README.md" || name.endsWith(".map")) continue;
    const type = moduleTypeOf(name, worker.rules);
    if (type !== undefined) modules.push({ name, type });
  }
  return modules;
}

async function fingerprintInputs(
  root: string,
  nodeModules: string,
  worker: WorkerConfig,
  inputs: string[],
  exclude: string[],
): Promise<string> {
  const wrangler = JSON.parse(await readFile(join(nodeModules, "wrangler", "package.json"), "utf8"));
  const attached = (await listFiles(root, exclude)).filter((path) => isAttachedModule(path, worker.rules));
  const hash = createHash("sha256");
  hash.update(`wrangler ${wrangler.version}\0`);
  for (const path of [CONFIG_FILE, ...[...new Set([...inputs, ...attached])].sort()]) {
    hash.update(`${path}\0`);
    hash.update(await readFile(isAbsolute(path) ? path : join(root, path)).catch(() => "(missing)"));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Files under `dir` as `/`-separated relative paths, skipping node_modules, dot-directories and `exclude`. */
async function listFiles(dir: string, exclude: string[], prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith(".") || entry.name === "node_modules" || exclude.includes(path)) continue;
      files.push(...(await listFiles(path, exclude, `${prefix}${entry.name}/`)));
    } else if (entry.isFile()) {
      files.push(`${prefix}${entry.name}`);
    }
  }
  return files;
}

async function readCurrent(cache: string): Promise<CurrentBuild | undefined> {
  try {
    const current = JSON.parse(await readFile(join(cache, "current.json"), "utf8")) as CurrentBuild;
    await stat(join(cache, current.id, BUNDLE_SUBDIR));
    return current;
  } catch {
    return undefined;
  }
}

/** Replaces current.json atomically, so a concurrent reader sees the old or the new build. */
async function writeCurrent(cache: string, current: CurrentBuild): Promise<void> {
  const temporary = join(cache, `current.${current.id}.json`);
  await writeFile(temporary, JSON.stringify(current, null, 2));
  await rename(temporary, join(cache, "current.json"));
}

/** Removes old builds. A running workerd read its bundle at startup, so removing it is safe. */
async function prune(cache: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(cache, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(cache, entry.name);
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs > PRUNE_AFTER_MS) await rm(path, { recursive: true, force: true });
  }
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
