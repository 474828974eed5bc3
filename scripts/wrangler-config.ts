/**
 * Reads wrangler.toml, the single source of truth for the Worker's configuration, into what
 * the self-hosted server needs: entry, compatibility settings, [vars], Durable Object
 * bindings and which classes are SQLite-backed (from [[migrations]]), and module rules.
 *
 * Contract: anything wrangler.toml declares that workerd cannot be given here (KV, R2, D1,
 * service bindings, Durable Objects of other scripts, …) is an error, never silently dropped.
 * Only the top-level environment is read; `[env.*]` sections are ignored.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_RULES, type ModuleRule, type ModuleType } from "./module-rules";
import { parseToml, type TomlTable, type TomlValue } from "./toml";

export interface WorkerConfig {
  name: string;
  /** The entry module, relative to the project root. */
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** [vars]: strings become text bindings, other values JSON bindings. */
  vars: Record<string, TomlValue>;
  durableObjects: DurableObjectBinding[];
  /** Every Durable Object class the migrations leave, and whether its storage is SQLite. */
  durableObjectClasses: Record<string, { sqlite: boolean }>;
  /** The rules in wrangler.toml, then wrangler's defaults. */
  rules: ModuleRule[];
}

export interface DurableObjectBinding {
  name: string;
  className: string;
}

export const CONFIG_FILE = "wrangler.toml";

/** Top-level keys that declare bindings workerd would need more services for. */
const UNSUPPORTED = [
  "kv_namespaces",
  "r2_buckets",
  "d1_databases",
  "services",
  "queues",
  "vectorize",
  "hyperdrive",
  "analytics_engine_datasets",
  "ai",
  "browser",
  "workflows",
  "send_email",
  "dispatch_namespaces",
  "mtls_certificates",
  "assets",
  "containers",
  "unsafe",
  "secrets_store_secrets",
  "pipelines",
  "images",
  "version_metadata",
];

const MODULE_TYPES: readonly ModuleType[] = ["ESModule", "CommonJS", "Text", "Data", "CompiledWasm"];

export async function readWranglerConfig(root: string): Promise<WorkerConfig> {
  const text = await readFile(join(root, CONFIG_FILE), "utf8");
  try {
    return toWorkerConfig(parseToml(text));
  } catch (error) {
    throw new Error(`${CONFIG_FILE}: ${(error as Error).message}`);
  }
}

export function toWorkerConfig(toml: TomlTable): WorkerConfig {
  const unsupported = UNSUPPORTED.filter((key) => key in toml);
  if (unsupported.length > 0) {
    throw new Error(`not supported by the self-hosted server: ${unsupported.join(", ")}`);
  }
  return {
    name: string(toml.name, "name"),
    main: string(toml.main, "main"),
    compatibilityDate: string(toml.compatibility_date, "compatibility_date"),
    compatibilityFlags: strings(toml.compatibility_flags ?? [], "compatibility_flags"),
    vars: table(toml.vars ?? {}, "vars"),
    durableObjects: durableObjectBindings(toml.durable_objects),
    durableObjectClasses: durableObjectClasses(toml.migrations ?? []),
    rules: [...moduleRules(toml.rules ?? []), ...DEFAULT_RULES],
  };
}

function durableObjectBindings(value: TomlValue | undefined): DurableObjectBinding[] {
  if (value === undefined) return [];
  const bindings = tables(table(value, "durable_objects").bindings ?? [], "durable_objects.bindings");
  return bindings.map((binding) => {
    if (binding.script_name !== undefined) {
      throw new Error(`durable_objects.bindings: "${binding.name}" names another script (script_name)`);
    }
    return { name: string(binding.name, "binding name"), className: string(binding.class_name, "class_name") };
  });
}

/** Replays the migrations in order, as Cloudflare does, to find the classes that exist now. */
function durableObjectClasses(value: TomlValue): Record<string, { sqlite: boolean }> {
  const classes: Record<string, { sqlite: boolean }> = {};
  for (const migration of tables(value, "migrations")) {
    for (const name of strings(migration.new_sqlite_classes ?? [], "new_sqlite_classes"))
      classes[name] = { sqlite: true };
    for (const name of strings(migration.new_classes ?? [], "new_classes")) classes[name] = { sqlite: false };
    for (const renamed of tables(migration.renamed_classes ?? [], "renamed_classes")) {
      const from = string(renamed.from, "renamed_classes.from");
      classes[string(renamed.to, "renamed_classes.to")] = classes[from] ?? { sqlite: false };
      delete classes[from];
    }
    for (const name of strings(migration.deleted_classes ?? [], "deleted_classes")) delete classes[name];
  }
  return classes;
}

function moduleRules(value: TomlValue): ModuleRule[] {
  return tables(value, "rules").map((rule) => {
    const type = string(rule.type, "rules.type") as ModuleType;
    if (!MODULE_TYPES.includes(type)) throw new Error(`rules: unsupported module type "${type}"`);
    return { type, globs: strings(rule.globs, "rules.globs") };
  });
}

function string(value: TomlValue | undefined, what: string): string {
  if (typeof value !== "string") throw new Error(`${what} must be a string`);
  return value;
}

function strings(value: TomlValue | undefined, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new Error(`${what} must be an array of strings`);
  }
  return value as string[];
}

function table(value: TomlValue, what: string): TomlTable {
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${what} must be a table`);
  return value;
}

function tables(value: TomlValue, what: string): TomlTable[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be an array of tables`);
  return value.map((item) => table(item, what));
}

/**
 * [vars] with overrides applied: an `overrides` entry wins over an `env` entry of the same
 * name, which wins over wrangler.toml. Overrides must name a declared var; `env` entries that
 * don't are ignored (it is usually the process environment). A var declared as a non-string
 * takes its override as JSON.
 */
export function withVarOverrides(
  declared: Record<string, TomlValue>,
  overrides: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Record<string, TomlValue> {
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(declared, name)) {
      throw new Error(`no var ${name} in ${CONFIG_FILE} [vars] (declared: ${Object.keys(declared).join(", ")})`);
    }
  }
  const vars: Record<string, TomlValue> = {};
  for (const [name, value] of Object.entries(declared)) {
    const override = Object.hasOwn(overrides, name) ? overrides[name] : env[name];
    vars[name] = override === undefined ? value : typeof value === "string" ? override : parseJson(name, override);
  }
  return vars;
}

function parseJson(name: string, text: string): TomlValue {
  try {
    return JSON.parse(text) as TomlValue;
  } catch {
    throw new Error(`var ${name} is not a string in ${CONFIG_FILE}, so its override must be JSON: ${text}`);
  }
}
