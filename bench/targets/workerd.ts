/**
 * The two targets served by workerd through scripts/server.ts: our self-hosted server (as
 * `npm start` runs it) and the platform floor (bench/floor).
 */

import { join } from "node:path";
import type { RunningServer } from "../../scripts/server";
import { startServer } from "../../scripts/server";
import { startFloor } from "../floor/floor";
import type { RunningTarget, TargetContext, TargetKind } from "./target";

function asTarget(server: RunningServer): RunningTarget {
  if (server.pid === undefined) throw new Error("workerd has no pid");
  return { endpoint: server.url, pid: server.pid, stop: async () => void (await server.stop()) };
}

export const DYNAFLARE: TargetKind = {
  name: "dynaflare",
  label: "dynaflare",
  description: "this repository's self-hosted server (`npm start`: the router Worker and Durable Objects on workerd)",
  putGetOnly: false,
  start: async (context: TargetContext) =>
    asTarget(
      await startServer({
        port: 0,
        host: "127.0.0.1",
        dataDir: join(context.workDir, "data"),
        signal: context.signal,
        log: context.log,
      }),
    ),
};

export const FLOOR: TargetKind = {
  name: "floor",
  label: "floor",
  description: "the platform floor (bench/floor): one Worker hop and one SQLite Durable Object statement on workerd",
  putGetOnly: true,
  start: async (context: TargetContext) =>
    asTarget(
      await startFloor({
        port: 0,
        host: "127.0.0.1",
        dataDir: join(context.workDir, "data"),
        signal: context.signal,
        log: context.log,
      }),
    ),
};
