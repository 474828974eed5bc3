/**
 * One server per data directory (issue 13): a second server on a directory is refused while
 * the first serves on, and workerd never outlives its launcher, even one killed with SIGKILL,
 * so that no two workerd processes ever serve the same Durable Object files.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, test } from "vitest";
import { CREDENTIALS_FILE, writeSecretFile } from "../../scripts/credentials-file";
import { DataDirInUseError, lockDataDir, type OwnerRecord, readOwner } from "../../scripts/data-lock";
import { startServer } from "../../scripts/server";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { type CliProcess, eventually, runCli, runningCommand, startCli } from "../helpers/server";
import { TEST_CREDENTIALS } from "../helpers/test-key";

const dirs: string[] = [];
const clis: CliProcess[] = [];
/** Processes a test may leave behind if it fails half-way: each with what its command line must hold. */
const spawned: { pid: number; marker: string }[] = [];

/** A fresh data directory whose credentials file holds the test key. */
async function dataDir(): Promise<string> {
  const dir: string = await mkdtemp(join(tmpdir(), "dynaflare-data-directory-test-"));
  dirs.push(dir);
  await writeSecretFile(dir, CREDENTIALS_FILE, TEST_CREDENTIALS);
  return dir;
}

async function cli(dir: string): Promise<CliProcess> {
  const started = await startCli(["--port", "0", "--host", "127.0.0.1", "--data", dir]);
  clis.push(started);
  const owner = readOwner(dir);
  if (owner?.workerd) spawned.push({ pid: owner.workerd, marker: `do-storage=${dir}` });
  if (owner?.watchdog) spawned.push({ pid: owner.watchdog, marker: "watchdog-process" });
  return started;
}

/** The record of the server holding `dir`, with every pid in it. */
function holder(dir: string): { launcher: number; workerd: number; watchdog: number } {
  const owner: OwnerRecord | undefined = readOwner(dir);
  if (!owner?.workerd || !owner.watchdog)
    throw new Error(`no complete owner record in ${dir}: ${JSON.stringify(owner)}`);
  return { launcher: owner.launcher, workerd: owner.workerd, watchdog: owner.watchdog };
}

const gone = (pid: number) => runningCommand(pid) === undefined;

/** Whether `dir` is free: its lock can be taken (and is given back at once). */
function isFree(dir: string): boolean {
  try {
    lockDataDir(dir).release();
    return true;
  } catch (error) {
    if (error instanceof DataDirInUseError) return false;
    throw error;
  }
}

afterEach(async () => {
  await Promise.all(clis.splice(0).map((started) => started.stop("SIGKILL")));
  for (const { pid, marker } of spawned.splice(0)) {
    if (runningCommand(pid)?.includes(marker)) process.kill(pid, "SIGKILL");
  }
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function createTableWithItem(endpoint: string, TableName: string, Item: Record<string, { S: string }>) {
  const db = client({ endpoint });
  await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName });
  await db.send(new PutItemCommand({ TableName, Item }));
}

describe("data directory", () => {
  test("server: a launcher killed with SIGKILL takes its workerd and watchdog with it, and frees the directory for the next server", {
    timeout: 90_000,
  }, async () => {
    const dir = await dataDir();
    const TableName = uniqueTableName("sigkill");
    const Key = { pk: { S: "acknowledged" } };
    const Item = { ...Key, v: { S: "written before the kill" } };

    const first = await cli(dir);
    await createTableWithItem(first.url, TableName, Item);
    const { workerd, watchdog } = holder(dir);
    expect(runningCommand(workerd)).toContain(`do-storage=${dir}`);

    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    expect(await eventually(() => gone(workerd), 5_000), `workerd ${workerd} still runs`).toBe(true);
    expect(await eventually(() => gone(watchdog), 5_000), `watchdog ${watchdog} still runs`).toBe(true);
    expect(isFree(dir)).toBe(true);
    await expect(fetch(first.url)).rejects.toThrow();

    const second = await cli(dir);
    const output = await client({ endpoint: second.url }).send(
      new GetItemCommand({ TableName, Key, ConsistentRead: true }),
    );
    expect(output.Item).toEqual(Item);
    expect(await second.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  });

  test("server: a second server on the same data directory is refused, naming it and the first server's pid, while the first serves on", {
    timeout: 60_000,
  }, async () => {
    const dir = await dataDir();
    const first = await cli(dir);

    // Killed after 20 s if it serves instead (its watchdog then stops its workerd).
    const second = await runCli(["--port", "0", "--host", "127.0.0.1", "--data", dir], 20_000);
    expect(second.code).toBe(1);
    expect(second.output).toContain(
      `the data directory ${dir} is in use by another dynaflare server (pid ${first.pid})`,
    );
    expect(second.output).not.toMatch(/listening on/);

    const tables = await client({ endpoint: first.url }).send(new ListTablesCommand({}));
    expect(tables.$metadata.httpStatusCode).toBe(200);
    expect(readOwner(dir)?.launcher).toBe(first.pid);
    expect(await first.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(isFree(dir)).toBe(true);
  });

  test("server: a new server first stops a workerd left serving its directory by a killed launcher and watchdog", {
    timeout: 60_000,
  }, async () => {
    const dir = await dataDir();
    const first = await cli(dir);
    const { launcher, workerd, watchdog } = holder(dir);
    process.kill(watchdog, "SIGKILL");
    process.kill(launcher, "SIGKILL");
    await first.exited;
    // Nobody is left to stop it: the stray still serves, though the lock is free.
    expect(runningCommand(workerd)).toContain(`do-storage=${dir}`);
    expect((await fetch(first.url, { method: "POST" })).status).toBeGreaterThan(0);

    const second = await cli(dir);
    expect(second.output()).toContain(`a workerd (pid ${workerd}) left by a server that stopped still serves ${dir}`);
    expect(gone(workerd)).toBe(true);
    await expect(fetch(first.url)).rejects.toThrow();
    expect(await second.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  });

  test("server: when workerd's watchdog dies, the server stops workerd rather than run unwatched, and exits 1", {
    timeout: 60_000,
  }, async () => {
    const dir = await dataDir();
    const first = await cli(dir);
    const { workerd, watchdog } = holder(dir);
    process.kill(watchdog, "SIGKILL");
    const timeout = new Promise<"still running">((done) => setTimeout(() => done("still running"), 10_000));
    expect(await Promise.race([first.exited.then((status) => status.code), timeout])).toBe(1);
    expect(first.output()).toContain("workerd's watchdog exited (signal SIGKILL): stopping workerd");
    expect(await eventually(() => gone(workerd), 5_000)).toBe(true);
    expect(isFree(dir)).toBe(true);
  });

  test("startServer: refuses a directory another server of this process holds, and takes it once that one stops", {
    timeout: 60_000,
  }, async () => {
    const dir = await dataDir();
    const first = await startServer({ port: 0, host: "127.0.0.1", dataDir: dir });
    spawned.push({ pid: first.pid as number, marker: `do-storage=${dir}` });
    try {
      const refused = await startServer({ port: 0, host: "127.0.0.1", dataDir: dir }).then(
        (server) => server.stop().then(() => undefined),
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DataDirInUseError);
      expect((refused as DataDirInUseError).owner?.workerd).toBe(first.pid);
    } finally {
      await first.stop();
    }
    expect(gone(first.pid as number)).toBe(true);
    expect(gone(first.watchdogPid as number)).toBe(true);
    const second = await startServer({ port: 0, host: "127.0.0.1", dataDir: dir });
    await second.stop();
  });
});
