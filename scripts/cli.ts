/**
 * `npm start`'s command line: options from flags and environment variables, one line saying
 * where the server listens, and a clean shutdown on SIGINT (Ctrl-C), SIGTERM or SIGHUP.
 *
 * Exit codes: 0 after a requested shutdown (or --help); 1 if the server cannot start (its
 * data directory held by another server, say) or workerd stops by itself; 2 for bad arguments.
 */

import { parseArgs } from "node:util";
import { type Served, startProcesses } from "./processes";
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, describeExit, type ServerOptions, startServer } from "./server";

export const USAGE = `Usage: npm start -- [options]

Serves the DynamoDB-compatible API on workerd, with data on local disk.

Options (environment variable in brackets):
  --port N            port to listen on; 0 picks a free one [PORT] (default ${DEFAULT_PORT})
  --host ADDR         interface to listen on; * means all [HOST] (default ${DEFAULT_HOST})
  --data DIR          data directory, created if missing; one server at a time
                      [DATA_DIR] (default ./${DEFAULT_DATA_DIR})
  --backups DIR       where backups, archived logs and exports are kept [BACKUPS_DIR]
                      (default: backups/ inside the data directory)
  --in-memory         keep everything in memory (a RAM directory removed at exit): fast,
                      and nothing survives a restart; for test suites [IN_MEMORY=1]
  --replicas 1|3      replicas per partition: 3 (a replication group) or 1 (faster, no
                      failover; for test suites) [REPLICATION_FACTOR] (default 3)
  --processes N       serve with N workerd processes, zone i's replicas in process i mod N
                      (experimental; pinned per data directory) [DYNAFLARE_PROCESSES]
                      (default 1)
  --auth on|off       check every request's AWS signature (on), or accept anyone (off:
                      throwaway local runs only) [AUTH] (default on)
  --var NAME=VALUE    override a wrangler.toml [vars] entry; repeatable [NAME]
  --rebuild           bundle the Worker even if its sources are unchanged
  -h, --help          show this help`;

/** `processes`: how many workerd processes serve (scripts/processes.ts); 1 is one server. */
export type CliCommand = { help: true } | { help: false; options: ServerOptions; processes: number };

/** Flags win over environment variables, which win over the defaults and wrangler.toml. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      backups: { type: "string" },
      auth: { type: "string" },
      "in-memory": { type: "boolean" },
      replicas: { type: "string" },
      processes: { type: "string" },
      var: { type: "string", multiple: true },
      rebuild: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument: ${positionals[0]}`);
  if (values.help) return { help: true };
  const vars: Record<string, string> = {};
  for (const assignment of (values.var ?? []) as string[]) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) throw new Error(`--var expects NAME=VALUE, got: ${assignment}`);
    vars[assignment.slice(0, equals)] = assignment.slice(equals + 1);
  }
  if (values.auth !== undefined) {
    const auth = String(values.auth).toLowerCase();
    if (auth !== "on" && auth !== "off") throw new Error(`--auth expects on or off, got: ${values.auth}`);
    vars.AUTH = auth;
  }
  if (values.replicas !== undefined) {
    if (values.replicas !== "1" && values.replicas !== "3") {
      throw new Error(`--replicas expects 1 or 3, got: ${values.replicas}`);
    }
    vars.REPLICATION_FACTOR = values.replicas;
  }
  const port = values.port ?? env.PORT;
  const inMemory = values["in-memory"] ?? ["1", "true", "on", "yes"].includes((env.IN_MEMORY ?? "").toLowerCase());
  const processesText = values.processes ?? env.DYNAFLARE_PROCESSES ?? "1";
  const processes = Number(processesText);
  if (!/^\d+$/.test(processesText) || processes < 1 || processes > 26)
    throw new Error(`--processes expects a number from 1 to 26, got: ${processesText}`);
  if (processes > 1 && inMemory) throw new Error("--processes does not combine with --in-memory yet");
  return {
    help: false,
    processes,
    options: {
      port: port === undefined || port === "" ? DEFAULT_PORT : parsePort(port),
      host: values.host ?? (env.HOST || DEFAULT_HOST),
      dataDir: values.data ?? (env.DATA_DIR || DEFAULT_DATA_DIR),
      ...(inMemory ? { inMemory } : {}),
      ...(values.backups || env.BACKUPS_DIR ? { backupsDir: values.backups || env.BACKUPS_DIR } : {}),
      vars,
      env,
      rebuild: values.rebuild ?? false,
    },
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`invalid port: ${text}`);
  return port;
}

/** Runs the server until a signal or workerd's own exit; resolves with the process exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv, env);
  } catch (error) {
    console.error(`dynaflare: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }

  // Installed before starting, so a signal during the build stops it too.
  const shutdown = new AbortController();
  const onSignal = (signal: string) => shutdown.abort(new Error(`received ${signal}`));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, onSignal);
  const stopped = new Promise<undefined>((done) =>
    shutdown.signal.addEventListener("abort", () => done(undefined), { once: true }),
  );

  let server: Served;
  try {
    const options = {
      ...command.options,
      signal: shutdown.signal,
      log: (line: string) => console.log(`dynaflare: ${line}`),
    };
    server =
      command.processes > 1
        ? await startProcesses({ ...options, processes: command.processes })
        : await startServer(options);
  } catch (error) {
    if (shutdown.signal.aborted) return 0;
    console.error(`dynaflare: ${(error as Error).message}`);
    return 1;
  }
  const interfaces = command.options.host === "*" ? "all interfaces" : `host ${command.options.host}`;
  // Before the listening line, which tells a waiting client (and the tests) the server is ready.
  if (server.auth) {
    console.log(
      `dynaflare: requests must be signed by a key of ${server.credentials.path}` +
        `${server.credentials.created ? " (created now, with a new random key)" : ""}; to use it:\n` +
        `  export AWS_SHARED_CREDENTIALS_FILE=${server.credentials.path}`,
    );
  } else {
    console.warn(
      "dynaflare: WARNING: AUTHENTICATION IS OFF. Anyone who can reach this port can read, change and " +
        "delete every table. Use --auth off only for throwaway local runs.",
    );
  }
  if (server.inMemory) {
    console.log(
      `dynaflare: IN MEMORY: every table lives in ${server.dataDir} (RAM) and is gone when the server stops; nothing survives a restart.`,
    );
  }
  console.log(`dynaflare: console at ${server.url}/console?token=${encodeURIComponent(server.adminToken)}`);
  const where = server.inMemory ? "data in memory" : `data in ${server.dataDir}`;
  console.log(`dynaflare: listening on ${server.url} (${interfaces}); ${where}`);

  const outcome = await Promise.race([stopped, server.exited]);
  if (outcome === undefined) {
    const status = await server.stop();
    if (status.code === 0 || status.signal === "SIGTERM") return 0;
    console.error(`dynaflare: workerd did not shut down cleanly (${describeExit(status)})`);
    return 1;
  }
  console.error(`dynaflare: workerd stopped unexpectedly (${describeExit(outcome)})`);
  return 1;
}
