/**
 * Starts the platform floor (worker.ts) the way `npm start` starts our server: the same
 * bundling and the same workerd, from this folder's wrangler.toml, with the repository's
 * node_modules.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT, type RunningServer, type ServerOptions, startServer } from "../../scripts/server";

/** This folder. The cast: the Workers types in scope declare no `import.meta.url`. */
export const FLOOR_ROOT: string = fileURLToPath(new URL(".", (import.meta as ImportMeta & { url: string }).url));

/** startServer for the floor; `vars.PARTITION_KEY` names the tables' partition key (default "pk"). */
export function startFloor(options: Omit<ServerOptions, "root" | "nodeModules"> = {}): Promise<RunningServer> {
  return startServer({ ...options, root: FLOOR_ROOT, nodeModules: join(REPO_ROOT, "node_modules") });
}
