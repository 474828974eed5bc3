/**
 * `node bench/floor/start.ts [--port N] [--data DIR] [--key NAME]`: serves the platform floor
 * until Ctrl-C. The resolve hook is scripts/start.ts's: extensionless relative imports → `.ts`.
 */
import { registerHooks } from "node:module";
import { parseArgs } from "node:util";

registerHooks({
  resolve(specifier: string, context: unknown, nextResolve: (specifier: string, context: unknown) => unknown) {
    if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
      try {
        return nextResolve(`${specifier}.ts`, context);
      } catch {
        // Not a .ts file: let Node report the import as written.
      }
    }
    return nextResolve(specifier, context);
  },
});

const { values } = parseArgs({
  options: { port: { type: "string" }, data: { type: "string" }, key: { type: "string" } },
});
const { startFloor } = await import("./floor");
const server = await startFloor({
  port: Number(values.port ?? 8010),
  dataDir: values.data ?? "data/floor",
  vars: values.key ? { PARTITION_KEY: values.key } : {},
  log: (line: string) => console.log(`floor: ${line}`),
});
console.log(`floor: listening on ${server.url}; data in ${server.dataDir}`);
const stop = () => server.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
