/**
 * `npm start -- --processes 3` (issue 23, docs/issue-23-processes.md): three workerd processes on
 * one port, zone i's replicas in process i, calls between them over their internal sockets. A
 * process killed with SIGKILL under writes is a zone lost: the other two keep a quorum, writes go
 * on, the supervisor starts it again on the same listening socket, and nothing acknowledged is
 * lost. N is pinned on the data directory.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, test } from "vitest";
import { credentialsText } from "../../scripts/credentials-file";
import { OWNER_FILE } from "../../scripts/data-lock";
import { requestText } from "../../scripts/internal-call";
import { processStorage } from "../../scripts/server";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { keyedTable } from "../helpers/items";
import { runCli, startCli } from "../helpers/server";
import { TEST_KEY } from "../helpers/test-key";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The pid of the workerd serving process `index` (its storage's owner record). */
const workerdOf = (dataDir: string, index: number): number =>
  JSON.parse(readFileSync(join(processStorage(dataDir, index), OWNER_FILE), "utf8")).workerd;

/** The sockets a process holds (Linux: its descriptors' links, `socket:[inode]`). */
function socketsOf(pid: number): Set<string> {
  const links = readdirSync(`/proc/${pid}/fd`).map((fd: string) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return "";
    }
  });
  return new Set(links.filter((link: string) => link.startsWith("socket:")));
}

/** The listening TCP socket on `port` (Linux: its inode in /proc/net/tcp), as a descriptor's link reads. */
function listeningSocket(port: number): string {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is fields[1] (ADDRESS:PORT), st fields[3] (0A: LISTEN), inode fields[9].
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === "0A") return `socket:[${fields[9]}]`;
    }
  }
  throw new Error(`no listening socket on port ${port}`);
}

/** One request on a connection of its own (so the kernel may hand it to any process). At exit: status and body. */
async function freshRequest(
  url: string,
  method: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const headers = { authorization: `Bearer ${token}` };
  const answer = await requestText(
    url,
    { method, agent: false, headers },
    body === undefined ? undefined : JSON.stringify(body),
  );
  return { status: answer.status, body: answer.text };
}

/** `npm start -- --processes 3` (and `extra`) on a fresh data directory whose credentials hold the test's key. */
async function startThree(prefix: string, extra: string[] = []) {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dataDir);
  await writeFile(join(dataDir, "credentials"), credentialsText([TEST_KEY]), { mode: 0o600 });
  const server = await startCli(
    ["--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--processes", "3", ...extra],
    120_000,
  );
  return { dataDir, server };
}

describe("zones as processes", () => {
  test("three processes serve one port; a process killed under writes is restarted and nothing acknowledged is lost", {
    timeout: 180_000,
  }, async () => {
    const { dataDir, server } = await startThree("dynaflare-processes-");
    const TableName = uniqueTableName("processes");
    try {
      const db = client({ endpoint: server.url });
      await keyedTable(db, TableName);
      const pids = [0, 1, 2].map((i) => workerdOf(dataDir, i));
      expect(new Set(pids).size).toBe(3);
      const listening = listeningSocket(Number(new URL(server.url).port));
      for (const pid of pids) expect(socketsOf(pid).has(listening)).toBe(true);

      const acknowledged: string[] = [];
      let failed = 0;
      const write = async (key: string) => {
        try {
          await db.send(new PutItemCommand({ TableName, Item: { pk: { S: key }, v: { S: `value of ${key}` } } }));
          acknowledged.push(key);
        } catch {
          failed++;
        }
      };
      for (let i = 0; i < 40; i++) await write(`before-${i}`);
      expect(failed).toBe(0);

      // Zone b's process dies outright, under writes.
      process.kill(pids[1], "SIGKILL");
      const killedAt = Date.now();
      let firstAfter: number | undefined;
      for (let i = 0; Date.now() - killedAt < 5_000; i++) {
        const before = acknowledged.length;
        await write(`after-${i}`);
        if (acknowledged.length > before) firstAfter ??= Date.now() - killedAt;
      }
      expect(firstAfter).toBeDefined();
      expect(firstAfter as number).toBeLessThan(2_000);

      // The supervisor starts it again, from its storage.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !/process 1 restarted/.test(server.output()))
        await new Promise((done) => setTimeout(done, 100));
      expect(server.output()).toMatch(/process 1 exited \(SIGKILL\): restarting it/);
      expect(server.output()).toMatch(/process 1 restarted/);
      const restarted = workerdOf(dataDir, 1);
      expect(restarted).not.toBe(pids[1]);
      // Back on the same listening socket as the others: it serves clients again.
      expect(socketsOf(restarted).has(listening)).toBe(true);

      // Every acknowledged write is there, read strongly and by a full scan.
      for (const key of acknowledged.filter((_, i) => i % 7 === 0)) {
        const { Item } = await db.send(
          new GetItemCommand({ TableName, Key: { pk: { S: key } }, ConsistentRead: true }),
        );
        expect(Item?.v).toEqual({ S: `value of ${key}` });
      }
      const seen = new Set<string>();
      let ExclusiveStartKey: Record<string, never> | undefined;
      do {
        const page = await db.send(new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }));
        for (const item of page.Items ?? []) seen.add(item.pk.S as string);
        ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
      } while (ExclusiveStartKey);
      expect(acknowledged.filter((key) => !seen.has(key))).toEqual([]);
    } finally {
      expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }

    // N is pinned: the directory is refused to another count and to one process.
    for (const other of [["--processes", "2"], []]) {
      const refused = await runCli(["--port", "0", "--host", "127.0.0.1", "--data", dataDir, ...other]);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/served by 3 processes|several processes/);
    }
  });

  test("a zone crashed through the admin API: its process killed under load, every key writable within 1 s, eventual reads uninterrupted, nothing lost, the process caught up", {
    timeout: 180_000,
  }, async () => {
    const { dataDir, server } = await startThree("dynaflare-processes-crash-", ["--var", "ADMIN_API=on"]);
    const TableName = uniqueTableName("zone-crash");
    try {
      const token = (await readFile(join(dataDir, "admin-token"), "utf8")).trim();
      // The SDK's own retries, as applications run it: a connection the killed process held is
      // retried on another, as is a write whose outcome the server could not know (a 500).
      const db = client({ endpoint: server.url, maxAttempts: 3 });
      await keyedTable(db, TableName);
      const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
      const acked = new Map<string, { n: number; at: number; sent: number }[]>(keys.map((key) => [key, []]));
      const readFailures: string[] = [];
      let reads = 0;
      let running = true;
      const writer = async (key: string) => {
        for (let n = 0; running; n++) {
          const sent = Date.now();
          try {
            await db.send(new PutItemCommand({ TableName, Item: { pk: { S: key }, n: { N: String(n) } } }));
            acked.get(key)?.push({ n, at: Date.now(), sent });
          } catch {
            await new Promise((done) => setTimeout(done, 10));
          }
        }
      };
      const reader = async () => {
        for (let i = 0; running; i++) {
          try {
            await db.send(new GetItemCommand({ TableName, Key: { pk: { S: keys[i % keys.length] } } }));
            reads++;
          } catch (error) {
            readFailures.push(String(error));
          }
        }
      };
      const load = [...keys.map(writer), reader(), reader()];
      await new Promise((done) => setTimeout(done, 1_500));
      for (const key of keys) expect(acked.get(key)?.length).toBeGreaterThan(0);

      // Zone a (the first member of every group, so most leaders) dies with its process.
      const crash = await freshRequest(`${server.url}/admin/faults`, "POST", token, {
        action: "crash",
        zone: "us-east-1a",
        restartAfterMs: 3_000,
      });
      expect(crash.status).toBe(200);
      expect(JSON.parse(crash.body)).toEqual({ crashed: { zone: "us-east-1a", process: 0, restartAfterMs: 3_000 } });
      const crashedAt = Date.now();
      await new Promise((done) => setTimeout(done, 2_500));
      const readsWhileDown = reads;
      running = false;
      await Promise.all(load);
      expect(server.output()).toMatch(/process 0 exited \(SIGKILL\): restarting it/);

      // Every key took a write sent after the crash within 1 s of it.
      for (const key of keys) {
        const after = acked.get(key)?.find((ack) => ack.sent > crashedAt + 60);
        expect(after, key).toBeDefined();
        expect((after as { at: number }).at - crashedAt, key).toBeLessThan(1_000);
      }
      expect(readFailures).toEqual([]);
      expect(readsWhileDown).toBeGreaterThan(0);

      // The process comes back after the delay asked for, and catches up: every member of every
      // group holds the same log, zone a's included.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !/process 0 restarted/.test(server.output()))
        await new Promise((done) => setTimeout(done, 100));
      expect(server.output()).toMatch(/process 0 restarted/);
      let behind: unknown[] = [];
      for (const until = Date.now() + 15_000; Date.now() < until; ) {
        const answer = await freshRequest(`${server.url}/admin/groups?table=${TableName}`, "GET", token);
        if (answer.status !== 200) {
          // The process holding the table's metadata may be starting still.
          behind = [answer.body];
          await new Promise((done) => setTimeout(done, 200));
          continue;
        }
        const partitions = JSON.parse(answer.body).partitions as { members: { applied?: number; last?: number }[] }[];
        behind = partitions.filter((p) => {
          const last = Math.max(...p.members.map((m) => m.last ?? 0));
          return p.members.length !== 3 || p.members.some((m) => m.applied !== last);
        });
        if (behind.length === 0) break;
        await new Promise((done) => setTimeout(done, 200));
      }
      expect(behind).toEqual([]);

      // Nothing acknowledged is lost: each key holds its last acknowledged write, or a later one
      // (a write whose answer was lost in the crash may have landed too).
      for (const key of keys) {
        const last = Math.max(...(acked.get(key) ?? []).map((ack) => ack.n));
        const { Item } = await db.send(
          new GetItemCommand({ TableName, Key: { pk: { S: key } }, ConsistentRead: true }),
        );
        expect(Number(Item?.n?.N), key).toBeGreaterThanOrEqual(last);
      }
    } finally {
      expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }
  });

  test("a fault the admin API injects holds in every process, whichever process received it", {
    timeout: 120_000,
  }, async () => {
    const { dataDir, server } = await startThree("dynaflare-processes-faults-", ["--var", "ADMIN_API=on"]);
    try {
      const token = (await readFile(join(dataDir, "admin-token"), "utf8")).trim();
      const faults = `${server.url}/admin/faults`;
      const cut = await freshRequest(faults, "POST", token, { action: "cut", zones: ["us-east-1a", "us-east-1b"] });
      expect(cut.status).toBe(200);
      // Each on a new connection: the kernel hands them to the three processes.
      for (let i = 0; i < 12; i++) {
        const state = JSON.parse((await freshRequest(faults, "GET", token)).body);
        expect(state.cut).toEqual([["us-east-1a", "us-east-1b"]]);
      }
      expect((await freshRequest(faults, "POST", token, { action: "reset" })).status).toBe(200);
      for (let i = 0; i < 12; i++) expect(JSON.parse((await freshRequest(faults, "GET", token)).body).cut).toEqual([]);
    } finally {
      expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    }
  });
});
