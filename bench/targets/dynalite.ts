/**
 * dynalite (a DynamoDB implementation in Node on LevelDB), fetched at bench time (../cache.ts)
 * and run on this Node with its data on disk (--path). It does not sync writes to disk.
 */

import { join } from "node:path";
import { fetchDynalite } from "../cache";
import { freePort, serveHttp } from "../processes";
import type { RunningTarget, TargetContext, TargetKind } from "./target";

async function startDynalite(context: TargetContext): Promise<RunningTarget> {
  const cli = await fetchDynalite(context.cacheDir, context.log);
  const port = await freePort();
  const args = [cli, "--host", "127.0.0.1", "--port", String(port), "--path", join(context.workDir, "data")];
  const logFile = join(context.workDir, "server.log");
  return serveHttp(process.execPath, args, { logFile }, port);
}

export const DYNALITE: TargetKind = {
  name: "dynalite",
  label: "dynalite (disk)",
  description: "dynalite (Node, LevelDB) with --path",
  putGetOnly: false,
  start: startDynalite,
};
