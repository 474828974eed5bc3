/**
 * `npm start -- --in-memory` as a process: it serves the API with its storage in a RAM directory,
 * writes nothing under its data directory (whose key file it reads, so a developer's key works in
 * both modes), says plainly that nothing survives, and leaves nothing behind when it stops: a
 * restart starts empty.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetItemCommand, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, test } from "vitest";
import { credentialsText } from "../../scripts/credentials-file";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { keyedTable } from "../helpers/items";
import { startCli } from "../helpers/server";
import { TEST_KEY } from "../helpers/test-key";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file and directory under `dir`, with its modification time. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(entries.map(async (name: string) => `${name} ${(await stat(join(dir, name))).mtimeMs}`));
}

describe("in-memory mode", () => {
  test("in-memory: serves from RAM, writes nothing under the data directory, and forgets everything at exit", {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dynaflare-in-memory-"));
    dirs.push(dataDir);
    // The data directory's key file is read (never written): the SDK signs with the key it holds.
    await writeFile(join(dataDir, "credentials"), credentialsText([TEST_KEY]), { mode: 0o600 });
    const before = await tree(dataDir);
    const args = ["--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--in-memory", "--replicas", "1"];
    const TableName = uniqueTableName("memory");

    const first = await startCli(args);
    let storage: string;
    try {
      expect(first.output()).toMatch(/IN MEMORY: .*nothing survives a restart/);
      expect(first.output()).toContain("data in memory");
      storage = /every table lives in (\S+) \(RAM\)/.exec(first.output())?.[1] as string;
      expect(storage.startsWith("/dev/shm/") || storage.startsWith(tmpdir())).toBe(true);
      const db = client({ endpoint: first.url });
      await keyedTable(db, TableName);
      await db.send(new PutItemCommand({ TableName, Item: { pk: { S: "k" }, v: { S: "kept in memory" } } }));
      const { Item } = await db.send(new GetItemCommand({ TableName, Key: { pk: { S: "k" } }, ConsistentRead: true }));
      expect(Item?.v).toEqual({ S: "kept in memory" });
      // The objects' SQLite files are in the RAM directory, and nothing changed under --data.
      expect((await readdir(storage, { recursive: true })).some((name: string) => name.endsWith(".sqlite"))).toBe(true);
      expect(await tree(dataDir)).toEqual(before);
    } finally {
      expect(await first.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }
    expect(existsSync(storage)).toBe(false);
    expect(await tree(dataDir)).toEqual(before);

    const second = await startCli(args);
    try {
      const { TableNames } = await client({ endpoint: second.url }).send(new ListTablesCommand({}));
      expect(TableNames).toEqual([]);
    } finally {
      expect(await second.stop("SIGINT")).toEqual({ code: 0, signal: null });
    }
  });
});
