/**
 * Renders the workerd configuration (Cap'n Proto text) that serves the bundled Worker.
 *
 * The config depends only on the bundle and the [vars] values. The listening address and the
 * storage directory are left to workerd's command line (`--socket-addr http=…`,
 * `--directory-path do-storage=…`), so one config serves any port and data dir.
 *
 * Durable Object namespaces are keyed `<worker name>-<class name>`, the key wrangler dev
 * uses, so the on-disk layout is the same: `<data dir>/<worker>-<class>/<object id>.sqlite`.
 * @see https://github.com/cloudflare/workerd/blob/main/src/workerd/server/workerd.capnp
 */

import type { ModuleType } from "./module-rules";
import type { VarValue, WorkerConfig } from "./wrangler-config";

/** The socket name, for `--socket-addr`. */
export const SOCKET = "http";
/** The disk service holding Durable Object storage, for `--directory-path`. */
export const STORAGE = "do-storage";
/** The socket other processes call this one's objects on (`--socket-addr internal=unix:…`), when there are several. */
export const INTERNAL_SOCKET = "internal";
/** The external service reaching process `index`'s internal socket (`--external-addr peer-<i>=unix:…`). */
export const peerService = (index: number) => `peer-${index}`;
/** The external service reaching the launcher's supervisor socket (`--external-addr supervisor=unix:…`). */
export const SUPERVISOR_SERVICE = "supervisor";
/**
 * The disk service holding backups, snapshots, archived logs and exports, for `--directory-path`;
 * the Worker reaches it through the `ARCHIVE_DIR` service binding (workers/archive/archive.ts).
 */
export const ARCHIVE = "archive";

export interface BundleModule {
  /** The module's name, as the bundle's modules import each other (relative to the bundle). */
  name: string;
  type: ModuleType;
}

export interface WorkerdConfigInput {
  worker: WorkerConfig;
  /** The bundle's modules, the entry first. */
  modules: BundleModule[];
  /** The bundle directory, relative to the config file (embeds resolve against the config file). */
  bundleDir: string;
  /** The [vars] values to bind (wrangler.toml's, with any overrides applied). */
  vars: Record<string, VarValue>;
  /**
   * Secrets, by binding name: the environment variable of workerd's process each is read from
   * (`fromEnvironment`), so that no file the server writes holds them.
   */
  secrets?: Record<string, string>;
  /**
   * How many processes serve the data directory (issue 23, docs/issue-23-processes.md): past one,
   * each process gets an internal socket served by the Worker's `Internal` entrypoint, and a
   * PEER_<i> binding to every process's socket (their addresses left to the command line).
   */
  processes?: number;
}

const MODULE_FIELD: Record<ModuleType, string> = {
  ESModule: "esModule",
  CommonJS: "commonJsModule",
  Text: "text",
  Data: "data",
  CompiledWasm: "wasm",
};

export function renderWorkerdConfig({
  worker,
  modules,
  bundleDir,
  vars,
  secrets = {},
  processes = 1,
}: WorkerdConfigInput): string {
  const peers = processes > 1 ? Array.from({ length: processes }, (_, i) => i) : [];
  const classes = [...new Set(worker.durableObjects.map((binding) => binding.className))];
  for (const className of classes) {
    if (!worker.durableObjectClasses[className]) {
      throw new Error(`Durable Object class ${className} has no [[migrations]] entry in wrangler.toml`);
    }
  }
  const moduleList = modules.map(
    (module) =>
      `(name = ${str(module.name)}, ${MODULE_FIELD[module.type]} = embed ${str(`${bundleDir}/${module.name}`)})`,
  );
  const bindings = [
    ...Object.entries(vars).map(([name, value]) =>
      typeof value === "string"
        ? `(name = ${str(name)}, text = ${str(value)})`
        : `(name = ${str(name)}, json = ${str(JSON.stringify(value))})`,
    ),
    ...Object.entries(secrets).map(([name, variable]) => `(name = ${str(name)}, fromEnvironment = ${str(variable)})`),
    ...worker.durableObjects.map(
      (binding) => `(name = ${str(binding.name)}, durableObjectNamespace = ${str(binding.className)})`,
    ),
    ...(worker.archive ? [`(name = "ARCHIVE_DIR", service = ${str(ARCHIVE)})`] : []),
    ...peers.map((i) => `(name = ${str(`PEER_${i}`)}, service = ${str(peerService(i))})`),
    ...(peers.length > 0 ? [`(name = "SUPERVISOR", service = ${str(SUPERVISOR_SERVICE)})`] : []),
  ];
  // Placeholders: the command line gives each its Unix socket.
  const peerServices = [...peers.map(peerService), ...(peers.length > 0 ? [SUPERVISOR_SERVICE] : [])].map(
    (name) => `    (name = ${str(name)}, external = (address = "unix:/nonexistent", http = ())),\n`,
  );
  const internalSocket =
    peers.length > 0
      ? `,\n    (name = ${str(INTERNAL_SOCKET)}, address = "unix:/nonexistent", http = (), service = (name = "main", entrypoint = "Internal"))`
      : "";
  const namespaces = classes.map(
    (className) =>
      `(className = ${str(className)}, uniqueKey = ${str(`${worker.name}-${className}`)}, ` +
      `enableSql = ${worker.durableObjectClasses[className].sqlite})`,
  );
  return `# Generated from wrangler.toml by scripts/workerd-config.ts. Do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = ${str(STORAGE)}, disk = (writable = true)),
${worker.archive ? `    (name = ${str(ARCHIVE)}, disk = (writable = true)),\n` : ""}${peerServices.join("")}  ],
  sockets = [(name = ${str(SOCKET)}, address = "*:8000", http = (), service = "main")${internalSocket}],
);

const worker :Workerd.Worker = (
  compatibilityDate = ${str(worker.compatibilityDate)},
  compatibilityFlags = [${worker.compatibilityFlags.map(str).join(", ")}],
  modules = ${list(moduleList)},
  bindings = ${list(bindings)},
  durableObjectNamespaces = ${list(namespaces)},
  durableObjectStorage = (localDisk = ${str(STORAGE)}),
);
`;
}

function list(items: string[]): string {
  return items.length === 0 ? "[]" : `[\n${items.map((item) => `    ${item},\n`).join("")}  ]`;
}

/** A Cap'n Proto text literal: UTF-8 as is, quotes, backslashes and control characters escaped. */
export function str(value: string): string {
  let escaped = "";
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === "\\") escaped += `\\${c}`;
    else if (c === "\n") escaped += "\\n";
    else if (c === "\t") escaped += "\\t";
    else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, "0")}`;
    else escaped += c;
  }
  return `"${escaped}"`;
}
