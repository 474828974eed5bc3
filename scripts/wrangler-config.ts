/**
 * Reads wrangler.toml, the single source of truth for the Worker's configuration, with
 * wrangler's own reader (`unstable_readConfig`, which `wrangler deploy` uses and which validates
 * the file), into what the self-hosted server needs: entry, compatibility settings, [vars],
 * Durable Object bindings and which classes are SQLite-backed, and module rules.
 *
 * Contract: any binding wrangler.toml declares that workerd cannot be given here (KV, R2, D1,
 * service bindings, Durable Objects of other scripts, …, as wrangler itself lists them), and
 * assets, containers and queue consumers, are an error, never silently dropped. Only the
 * top-level environment is read: `[env.*]` sections and CLOUDFLARE_ENV are ignored (the bundle
 * is built from the top level too, scripts/bundle.ts).
 *
 * Importing wrangler takes 1.5–4 s (a 15 MB module), more than the rest of a start that reuses
 * its bundle, so what it read is kept in `dist/self-hosted/wrangler-config.json`, keyed by
 * wrangler's version and the file's bytes, the only inputs of the read.
 */

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, resolve, sep } from "node:path";
import { DEFAULT_RULES, type ModuleRule } from "./module-rules";

/** A [vars] value: a string becomes a text binding, anything else a JSON binding. */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };

export interface WorkerConfig {
  name: string;
  /** The entry module, relative to the project root. */
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, VarValue>;
  durableObjects: DurableObjectBinding[];
  /** Every Durable Object class the migrations leave, and whether its storage is SQLite. */
  durableObjectClasses: Record<string, { sqlite: boolean }>;
  /** The rules in wrangler.toml, then wrangler's defaults. */
  rules: ModuleRule[];
  /**
   * Whether wrangler.toml binds an R2 bucket as `ARCHIVE`: the self-hosted server serves a
   * directory in its place (scripts/workerd-config.ts), the one R2 binding it accepts.
   */
  archive: boolean;
}

/** The R2 binding the self-hosted server replaces with a directory. */
export const ARCHIVE_BINDING = "ARCHIVE";

export interface DurableObjectBinding {
  name: string;
  className: string;
}

export const CONFIG_FILE = "wrangler.toml";

/** Where the last read is kept, under the build cache (scripts/bundle.ts). */
const CACHE_FILE = join("dist", "self-hosted", "wrangler-config.json");

/** The parts of wrangler's API used here. */
interface Wrangler {
  unstable_readConfig(args: { config: string; env: string }, options: { hideWarnings: boolean }): WranglerConfig;
  unstable_convertConfigBindingsToStartWorkerBindings(config: WranglerConfig): Record<string, WranglerBinding>;
  unstable_getDurableObjectClassNameToUseSQLiteMap(migrations: unknown, exports: unknown): Map<string, boolean>;
}

/** The fields of wrangler's normalized config read here (the rest it has validated). */
interface WranglerConfig {
  name?: string;
  /** Absolute. */
  main?: string;
  compatibility_date?: string;
  compatibility_flags: string[];
  rules: ModuleRule[];
  migrations: unknown;
  exports: unknown;
  assets?: unknown;
  containers?: unknown[];
  queues: { consumers?: unknown[] };
}

/** A binding as wrangler lists them: `plain_text` and `json` (vars), `durable_object_namespace`, … */
interface WranglerBinding {
  type: string;
  value?: VarValue;
  class_name?: string;
  script_name?: string;
}

const wranglerPackage = (): string =>
  createRequire((import.meta as ImportMeta & { url: string }).url).resolve("wrangler/package.json");

export async function readWranglerConfig(root: string): Promise<WorkerConfig> {
  const path = join(root, CONFIG_FILE);
  const { version } = JSON.parse(await readFile(wranglerPackage(), "utf8"));
  const key = createHash("sha256")
    .update(`wrangler ${version}\0`)
    .update(await readFile(path))
    .digest("hex");
  const cacheFile = join(root, CACHE_FILE);
  const cached = await readFile(cacheFile, "utf8").then(JSON.parse, () => undefined);
  if (cached?.key === key) return cached.config as WorkerConfig;

  // A computed specifier keeps TypeScript from loading wrangler's types, which pull in Node's.
  const specifier = "wrangler";
  const wrangler: Wrangler = await import(specifier);
  let config: WorkerConfig;
  try {
    config = toWorkerConfig(wrangler, root, path);
  } catch (error) {
    throw new Error(`${CONFIG_FILE}: ${(error as Error).message}`);
  }
  await mkdir(join(root, CACHE_FILE, ".."), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ key, config }));
  await rename(temporary, cacheFile);
  return config;
}

function toWorkerConfig(wrangler: Wrangler, root: string, path: string): WorkerConfig {
  // `env: ""` selects the top-level environment whatever CLOUDFLARE_ENV says.
  const config = wrangler.unstable_readConfig({ config: path, env: "" }, { hideWarnings: false });
  const bindings = Object.entries(wrangler.unstable_convertConfigBindingsToStartWorkerBindings(config));
  const vars = bindings.filter(([, binding]) => binding.type === "plain_text" || binding.type === "json");
  const durableObjects = bindings.filter(([, binding]) => binding.type === "durable_object_namespace");
  const archive = bindings.find(([name, binding]) => name === ARCHIVE_BINDING && binding.type === "r2_bucket");
  const unsupported = bindings
    .filter(
      (entry) =>
        !vars.includes(entry) && entry !== archive && !(durableObjects.includes(entry) && !entry[1].script_name),
    )
    .map(([name, binding]) => `${name} (${binding.type}${binding.script_name ? " of another script" : ""})`);
  if (config.assets !== undefined) unsupported.push("assets");
  if (config.containers?.length) unsupported.push("containers");
  if (config.queues.consumers?.length) unsupported.push("queues.consumers");
  if (unsupported.length > 0) throw new Error(`not supported by the self-hosted server: ${unsupported.join(", ")}`);
  if (config.name === undefined) throw new Error("name must be set");
  if (config.main === undefined) throw new Error("main must be set");
  if (config.compatibility_date === undefined) throw new Error("compatibility_date must be set");
  const classes = wrangler.unstable_getDurableObjectClassNameToUseSQLiteMap(config.migrations, config.exports);
  const worker: WorkerConfig = {
    name: config.name,
    main: relative(resolve(root), config.main).split(sep).join("/"),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    vars: Object.fromEntries(vars.map(([name, binding]) => [name, binding.value as VarValue])),
    durableObjects: durableObjects.map(([name, binding]) => ({ name, className: binding.class_name as string })),
    durableObjectClasses: Object.fromEntries([...classes].map(([name, sqlite]) => [name, { sqlite }])),
    rules: [...config.rules.map(({ type, globs }) => ({ type, globs })), ...DEFAULT_RULES],
    archive: archive !== undefined,
  };
  // As the cache holds it: wrangler's tables have no prototype.
  return JSON.parse(JSON.stringify(worker));
}

/**
 * [vars] with overrides applied: an `overrides` entry wins over an `env` entry of the same
 * name, which wins over wrangler.toml. Overrides must name a declared var; `env` entries that
 * don't are ignored (it is usually the process environment). A var declared as a non-string
 * takes its override as JSON.
 */
export function withVarOverrides(
  declared: Record<string, VarValue>,
  overrides: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Record<string, VarValue> {
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(declared, name)) {
      throw new Error(`no var ${name} in ${CONFIG_FILE} [vars] (declared: ${Object.keys(declared).join(", ")})`);
    }
  }
  const vars: Record<string, VarValue> = {};
  for (const [name, value] of Object.entries(declared)) {
    const override = Object.hasOwn(overrides, name) ? overrides[name] : env[name];
    vars[name] = override === undefined ? value : typeof value === "string" ? override : parseJson(name, override);
  }
  return vars;
}

function parseJson(name: string, text: string): VarValue {
  try {
    return JSON.parse(text) as VarValue;
  } catch {
    throw new Error(`var ${name} is not a string in ${CONFIG_FILE}, so its override must be JSON: ${text}`);
  }
}
