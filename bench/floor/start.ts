/**
 * `node bench/floor/start.ts [--port N] [--data DIR] [--key NAME]`: serves the platform floor
 * until Ctrl-C. scripts/ts-imports.ts maps extensionless relative imports to `.ts` files.
 */
import "../../scripts/ts-imports.ts";
import { parseArgs } from "node:util";

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
