/**
 * DynamoDB Local (Amazon's emulator, a Java server over SQLite) on the machine's JDK, fetched
 * at bench time (../cache.ts); on disk (-dbPath) or in memory (-inMemory), one shared database.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
 */

import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fetchDynamoDbLocal } from "../cache";
import { freePort, serveHttp } from "../processes";
import type { RunningTarget, TargetContext, TargetKind } from "./target";

async function startDynamoDbLocal(context: TargetContext, storage: "disk" | "memory"): Promise<RunningTarget> {
  const files = await fetchDynamoDbLocal(context.cacheDir, context.log);
  const port = await freePort();
  const dataDir = join(context.workDir, "data");
  await mkdir(dataDir, { recursive: true });
  const args = [
    `-Djava.library.path=${files.libraryPath}`,
    "-jar",
    files.jar,
    "-port",
    String(port),
    ...(storage === "disk" ? ["-dbPath", dataDir] : ["-inMemory"]),
    "-sharedDb",
    "-disableTelemetry",
  ];
  const logFile = join(context.workDir, "server.log");
  return serveHttp("java", args, { cwd: dirname(files.jar), logFile }, port);
}

export const DYNAMODB_LOCAL_DISK: TargetKind = {
  name: "ddb-local-disk",
  label: "DynamoDB Local (disk)",
  description: "Amazon's DynamoDB Local (Java, SQLite) with -dbPath",
  putGetOnly: false,
  start: (context) => startDynamoDbLocal(context, "disk"),
};

export const DYNAMODB_LOCAL_MEMORY: TargetKind = {
  name: "ddb-local-mem",
  label: "DynamoDB Local (memory)",
  description: "Amazon's DynamoDB Local (Java, SQLite) with -inMemory",
  putGetOnly: false,
  start: (context) => startDynamoDbLocal(context, "memory"),
};
