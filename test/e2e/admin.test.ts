/**
 * The admin API over HTTP: off on the shared server (its paths are plain 404s), and on a
 * dedicated server started with ADMIN_API=on, where it injects faults and reports the
 * replication groups while the AWS SDK drives writes through failover.
 *
 * The dedicated server has its own isolate and so its own fault state: faults injected here
 * never reach the shared server other tests use.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { type RunningServer, startServer } from "../../scripts/server";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { GroupReport, MemberReport, PartitionReport } from "../../workers/admin/group-status";
import type { FaultState } from "../../workers/link/faults";
import { client } from "../helpers/dynamodb";
import { createItemTable, indexedTable, keyedTable } from "../helpers/items";
import { ADMIN_AUTHORIZATION, TENANT_ACCOUNT, TENANT_KEY, TEST_SECRETS } from "../helpers/test-key";

const ZONE_A = "us-east-1a";
const ZONE_B = "us-east-1b";
const NO_FAULTS: FaultState = { down: [], stopped: [], slow: {}, cut: [], isolated: [] };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value (not undefined), for at most `ms`; the last attempt's error otherwise. */
async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no result within ${ms} ms`);
    await sleep(every);
  }
}

describe("admin API off (the shared server)", () => {
  const endpoint = inject("endpoint");

  test("admin: /admin/ paths answer as any other unknown path does", async () => {
    const other = await fetch(`${endpoint}/not-admin`);
    const expected = { status: other.status, body: await other.text() };
    expect(expected.status).toBe(404);
    for (const [path, init] of [
      ["/admin/faults", { method: "GET" }],
      ["/admin/faults", { method: "POST", body: JSON.stringify({ action: "reset" }) }],
      ["/admin/groups?table=t", { method: "GET" }],
    ] as const) {
      const response = await fetch(`${endpoint}${path}`, init);
      expect({ status: response.status, body: await response.text() }).toEqual(expected);
    }
  });
});

describe("admin API on (a dedicated server)", () => {
  let server: RunningServer;
  let dataDir: string;
  let db: DynamoDBClient;
  let table: string;

  async function admin(path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: ADMIN_AUTHORIZATION,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    return { status: response.status, body: await response.json() };
  }

  async function fault(action: Record<string, unknown>): Promise<FaultState> {
    const { status, body } = await admin("/admin/faults", action);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body as { faults: FaultState }).faults;
  }

  async function groups(): Promise<GroupReport> {
    const { status, body } = await admin(`/admin/groups?table=${table}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as GroupReport;
  }

  async function partition(id: string): Promise<PartitionReport> {
    const found = (await groups()).partitions.find((p) => p.id === id);
    if (!found) throw new Error(`no partition ${id}`);
    return found;
  }

  const member = (p: PartitionReport, name: string): MemberReport => {
    const found = p.members.find((m) => m.name === name);
    if (!found) throw new Error(`no member ${name} in ${p.id}`);
    return found;
  };

  /** A fresh key whose partition hash falls in the partition's range. */
  let keys = 0;
  function keyIn(p: PartitionReport): string {
    for (;;) {
      const key = `k-${keys++}`;
      const hash = partitionHash(encodeKeyValue({ S: key }));
      if (hash >= p.low && hash <= p.high) return key;
    }
  }

  async function put(key: string, value = "v"): Promise<number> {
    const start = Date.now();
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: key }, v: { S: value } } }));
    return Date.now() - start;
  }

  async function read(key: string) {
    const output = await db.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    return output.Item;
  }

  /** The partition once every member is reachable and has applied all the leader committed. */
  const settled = (id: string) =>
    eventually(async () => {
      const p = await partition(id);
      const leader = p.members.find((m) => m.name === p.leader);
      const caughtUp = p.members.every((m) => m.reachable && m.applied === leader?.commit);
      return leader && caughtUp ? p : undefined;
    });

  /** Writes to a partition once so that it has a leader, and returns it settled. */
  async function led(id: string): Promise<PartitionReport> {
    await put(keyIn(await partition(id)));
    return settled(id);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "dynaflare-admin-"));
    server = await startServer({ port: 0, host: "127.0.0.1", dataDir, vars: { ADMIN_API: "on" }, ...TEST_SECRETS });
    db = client({ endpoint: server.url });
    table = await createItemTable(db, "admin");
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await fault({ action: "reset" });
  });

  test("admin: a request without the token, or with another, is answered 401 and injects no fault", async () => {
    const victim = (await groups()).partitions[0].members[0].name;
    for (const authorization of [undefined, "Bearer not-the-token", `Basic ${TEST_SECRETS.adminToken}`]) {
      const response = await fetch(`${server.url}/admin/faults`, {
        method: "POST",
        headers: authorization === undefined ? {} : { authorization },
        body: JSON.stringify({ action: "crash", replica: victim }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect(await response.json()).toEqual({ message: "the admin API needs Authorization: Bearer <admin token>" });
    }
    expect(await admin("/admin/faults")).toEqual({ status: 200, body: NO_FAULTS });
  });

  test("admin: rejects bad input with 400, unknown paths with 404 and wrong methods with 405", async () => {
    const replica = `${crypto.randomUUID()}/p0/us-east-1/${ZONE_A}`;
    const cases: [string, unknown, number, RegExp][] = [
      ["/admin/faults", "{not json", 400, /not valid JSON/],
      ["/admin/faults", [], 400, /JSON object/],
      ["/admin/faults", {}, 400, /action must be one of/],
      ["/admin/faults", { action: "explode" }, 400, /action must be one of/],
      ["/admin/faults", { action: "crash" }, 400, /crash needs a replica name/],
      // A crash of a zone kills the process holding it: one process holds every zone.
      ["/admin/faults", { action: "crash", zone: ZONE_A }, 400, /start the server as processes/],
      ["/admin/faults", { action: "crash", zone: "us-east-1z" }, 400, /unknown zone/],
      ["/admin/faults", { action: "crash", zone: ZONE_A, restartAfterMs: -5 }, 400, /restartAfterMs must be/],
      ["/admin/faults", { action: "stop", replica: "no-such-name" }, 400, /is not named/],
      ["/admin/faults", { action: "stop", replica: "t/p0/mars-1/mars-1a" }, 400, /is not named/],
      ["/admin/faults", { action: "slow", replica }, 400, /slow needs ms/],
      ["/admin/faults", { action: "slow", replica, ms: -1 }, 400, /slow needs ms/],
      ["/admin/faults", { action: "cut" }, 400, /two zone names/],
      ["/admin/faults", { action: "cut", zones: [ZONE_A] }, 400, /two zone names/],
      ["/admin/faults", { action: "cut", zones: [ZONE_A, "us-east-1z"] }, 400, /unknown zone/],
      ["/admin/faults", { action: "heal", zones: [ZONE_A, ZONE_A] }, 400, /two different zones/],
      ["/admin/nothing", {}, 404, /no admin endpoint/],
    ];
    for (const [path, body, status, message] of cases) {
      const answer = await admin(path, body);
      expect({ path, body, status: answer.status }).toEqual({ path, body, status });
      expect((answer.body as { message: string }).message).toMatch(message);
    }
    for (const [path, status, message] of [
      ["/admin/groups", 400, /table query parameter is required/],
      ["/admin/groups?table=no-such-table", 400, /not found/],
      [`/admin/groups?table=${table}&region=mars-1`, 400, /unknown region/],
      ["/admin/", 404, /no admin endpoint/],
    ] as const) {
      const answer = await admin(path);
      expect({ path, status: answer.status }).toEqual({ path, status });
      expect((answer.body as { message: string }).message).toMatch(message);
    }
    const wrong = await fetch(`${server.url}/admin/groups?table=${table}`, {
      method: "POST",
      headers: ADMIN_AUTHORIZATION,
      body: "{}",
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect(await admin("/admin/faults")).toEqual({ status: 200, body: NO_FAULTS });
  });

  test("admin: groups shows 4 partitions of 3 members in distinct zones, one leader each once written, all caught up", async () => {
    const before = await groups();
    expect(before.table).toBe(table);
    expect(before.partitions.map((p) => p.id)).toEqual(["p0", "p1", "p2", "p3"]);
    for (const p of before.partitions) {
      expect({ leader: p.leader, epoch: p.epoch }, "no leader before the first write").toEqual({
        leader: null,
        epoch: null,
      });
      expect(p.members.map((m) => m.zone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
      expect(p.members.every((m) => m.reachable && !m.down)).toBe(true);
    }
    for (const p of before.partitions) await put(keyIn(p));

    const after = await groups();
    expect(await admin(`/admin/groups?table=${table}&region=us-east-1`)).toEqual({
      status: 200,
      body: expect.any(Object),
    });
    for (const p of after.partitions) {
      const leaders = p.members.filter((m) => m.role === "leader");
      expect(
        leaders.map((m) => m.name),
        p.id,
      ).toEqual([p.leader]);
      expect(p.epoch).toBe(leaders[0].term);
      expect(p.epoch).toBeGreaterThanOrEqual(1);
    }
    for (const p of after.partitions) {
      const caughtUp = await settled(p.id);
      const applied = caughtUp.members.map((m) => m.applied);
      expect(new Set(applied).size, p.id).toBe(1);
      expect(applied[0]).toBeGreaterThanOrEqual(1);
    }
  });

  test("admin: crashing a leader fails writes over to a new leader in a higher term; a restarted member catches up", async () => {
    const before = await led("p0");
    const crashed = before.leader as string;
    expect(await fault({ action: "crash", replica: crashed })).toEqual({ ...NO_FAULTS, down: [crashed] });

    const key = keyIn(before);
    const elapsed = await put(key, "after crash");
    expect(elapsed).toBeLessThan(5_000);
    expect(await read(key)).toEqual({ pk: { S: key }, v: { S: "after crash" } });

    const failedOver = await partition("p0");
    expect(failedOver.leader).not.toBeNull();
    expect(failedOver.leader).not.toBe(crashed);
    expect(failedOver.epoch).toBeGreaterThan(before.epoch as number);
    expect(member(failedOver, crashed)).toMatchObject({ reachable: false, down: true, role: null, applied: null });

    expect(await fault({ action: "restart", replica: crashed })).toEqual(NO_FAULTS);
    await put(keyIn(before), "after restart");
    const caughtUp = await settled("p0");
    const restarted = member(caughtUp, crashed);
    expect(restarted).toMatchObject({ reachable: true, down: false, role: "follower" });
    expect(restarted.term).toBe(caughtUp.epoch);
  });

  test("admin: a stopped leader is replaced; the report names the leader of the highest term, not the frozen one", async () => {
    const before = await led("p1");
    const stopped = before.leader as string;
    expect(await fault({ action: "stop", replica: stopped })).toEqual({ ...NO_FAULTS, stopped: [stopped] });
    expect(await put(keyIn(before), "while stopped")).toBeLessThan(5_000);

    const during = await partition("p1");
    expect(during.leader).not.toBe(stopped);
    expect(during.epoch).toBeGreaterThan(before.epoch as number);
    // Frozen, it has heard of no newer term: it may still call itself leader, of the older one.
    expect(member(during, stopped)).toMatchObject({ reachable: true, down: false, term: before.epoch });

    expect(await fault({ action: "resume", replica: stopped })).toEqual(NO_FAULTS);
    await put(keyIn(before), "resumed");
    const after = await settled("p1");
    expect(after.leader).toBe(during.leader);
    expect(member(after, stopped)).toMatchObject({ role: "follower", term: after.epoch });
  });

  test("admin: evict drops a member's memory, injects no fault, and the member keeps its log", async () => {
    const before = await led("p1");
    const follower = before.members.find((m) => m.role === "follower") as MemberReport;
    expect(await fault({ action: "evict", replica: follower.name })).toEqual(NO_FAULTS);
    const after = member(await partition("p1"), follower.name);
    expect(after).toMatchObject({ reachable: true, down: false, applied: follower.applied, last: follower.last });
    await put(keyIn(before));
    await settled("p1");
  });

  test("admin: cutting zones a|b keeps writes going through zone c; healing lets every member catch up", async () => {
    const before = await led("p2");
    expect(await fault({ action: "cut", zones: [ZONE_B, ZONE_A] })).toEqual({ ...NO_FAULTS, cut: [[ZONE_A, ZONE_B]] });
    const key = keyIn(before);
    await put(key, "while cut");
    expect(await read(key)).toEqual({ pk: { S: key }, v: { S: "while cut" } });

    expect(await fault({ action: "heal", zones: [ZONE_A, ZONE_B] })).toEqual(NO_FAULTS);
    await put(keyIn(before), "healed");
    const healed = await settled("p2");
    expect(healed.members.every((m) => m.applied === healed.members[0].applied)).toBe(true);
  });

  test("admin: slowing the leader delays each write by the delay each way; ms 0 clears it", async () => {
    const before = await led("p3");
    const leader = before.leader as string;
    expect(await fault({ action: "slow", replica: leader, ms: 300 })).toEqual({
      ...NO_FAULTS,
      slow: { [leader]: 300 },
    });
    expect(await put(keyIn(before))).toBeGreaterThanOrEqual(550);

    expect(await fault({ action: "slow", replica: leader, ms: 0 })).toEqual(NO_FAULTS);
    expect(await put(keyIn(before))).toBeLessThan(550);
  });

  test("admin: reset clears every kind of fault at once", async () => {
    const p = await partition("p0");
    const [a, b, c] = p.members.map((m) => m.name);
    await fault({ action: "stop", replica: a });
    await fault({ action: "slow", replica: b, ms: 50 });
    await fault({ action: "crash", replica: c });
    await fault({ action: "cut", zones: [ZONE_A, ZONE_B] });
    const all = await fault({ action: "isolate", region: "eu-west-1" });
    expect(all).toEqual({
      down: [c],
      stopped: [a],
      slow: { [b]: 50 },
      cut: [[ZONE_A, ZONE_B]],
      isolated: ["eu-west-1"],
    });
    expect(await admin("/admin/faults")).toEqual({ status: 200, body: all });

    expect(await fault({ action: "resume", replica: a })).toMatchObject({ stopped: [] });
    expect(await fault({ action: "reset" })).toEqual(NO_FAULTS);
    expect(await admin("/admin/faults")).toEqual({ status: 200, body: NO_FAULTS });
    await led("p0");
  });

  test("admin: every report takes account=<id> for another account's table; without it, the deployment's own account", async () => {
    const tenant = client({ endpoint: server.url, credentials: TENANT_KEY });
    // A name both accounts have (the tenant's with a global index and three items, ours with
    // neither index nor items), and a name only the tenant has.
    const shared = `admin-shared-${crypto.randomUUID().slice(0, 8)}`;
    const tenants = `admin-tenant-${crypto.randomUUID().slice(0, 8)}`;
    await Promise.all([indexedTable(tenant, shared), indexedTable(tenant, tenants), keyedTable(db, shared)]);
    for (const name of [shared, tenants]) {
      await tenant.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [name]: ["a", "b", "c"].map((k) => ({ PutRequest: { Item: { pk: { S: k }, g: { S: `g-${k}` } } } })),
          },
        }),
      );
    }
    const account = `&account=${TENANT_ACCOUNT}`;
    const ok = async <T>(path: string): Promise<T> => {
      const answer = await admin(path);
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(200);
      return answer.body as T;
    };
    /** Items per partition, as each partition's members agree once converged. */
    const itemCount = async (query: string) =>
      eventually(async () => {
        const report = await ok<{ partitions: { members: { count: number; applied: number }[] }[] }>(
          `/admin/digests?${query}`,
        );
        const counts = report.partitions.map((p) => new Set(p.members.map((m) => `${m.count}/${m.applied}`)));
        if (counts.some((c) => c.size !== 1)) return undefined;
        return report.partitions.reduce((n, p) => n + p.members[0].count, 0);
      });

    for (const name of [shared, tenants]) {
      const groupsOf = await ok<GroupReport>(`/admin/groups?table=${name}${account}`);
      expect(groupsOf.table).toBe(name);
      expect(groupsOf.partitions.map((p) => p.id)).toEqual(["p0", "p1", "p2", "p3"]);
      expect(groupsOf.partitions.filter((p) => p.leader !== null).length).toBeGreaterThan(0);
      const indexGroups = await ok<GroupReport>(`/admin/groups?table=${name}&index=byG${account}`);
      expect(indexGroups).toMatchObject({ table: name, index: "byG" });
      expect(await itemCount(`table=${name}${account}`)).toBe(3);
      expect(await itemCount(`table=${name}&index=byG${account}`)).toBe(3);
      const indexes = await ok<{ table: string; indexes: { name: string }[] }>(
        `/admin/indexes?table=${name}${account}`,
      );
      expect(indexes.indexes.map((i) => i.name)).toEqual(["byG"]);
      const check = await eventually(async () => {
        const report = await ok<{ ok: boolean; counts: { items: number } }>(
          `/admin/index-check?table=${name}&index=byG${account}`,
        );
        return report.ok ? report : undefined;
      });
      expect(check.counts.items).toBe(3);
      expect(await ok(`/admin/replication?table=${name}${account}`)).toEqual({
        table: name,
        region: "us-east-1",
        destinations: [],
      });
      const transactions = await ok<{ table: string; holds: unknown[] }>(
        `/admin/transactions?region=us-east-1&table=${name}${account}`,
      );
      expect(transactions).toMatchObject({ region: "us-east-1", table: name, inFlight: [] });
      expect(transactions.holds).toHaveLength(4);
    }

    // Without account=, the same name is our own table: no index, no items.
    expect((await ok<GroupReport>(`/admin/groups?table=${shared}`)).table).toBe(shared);
    expect(await itemCount(`table=${shared}`)).toBe(0);
    expect((await ok<{ indexes: unknown[] }>(`/admin/indexes?table=${shared}`)).indexes).toEqual([]);
    const noIndex = await admin(`/admin/groups?table=${shared}&index=byG`);
    expect(noIndex).toEqual({ status: 400, body: { message: `table "${shared}" has no global index "byG"` } });
    // … and naming the deployment's own account is the same as naming none.
    expect(await itemCount(`table=${shared}&account=000000000000`)).toBe(0);

    // A table only the tenant has is not found without account= (nor in a third account), by every report.
    const notFound = { message: `table "${tenants}" not found in us-east-1` };
    for (const path of [
      `/admin/groups?table=${tenants}`,
      `/admin/digests?table=${tenants}`,
      `/admin/indexes?table=${tenants}`,
      `/admin/index-check?table=${tenants}&index=byG`,
      `/admin/replication?table=${tenants}`,
      `/admin/transactions?table=${tenants}`,
      `/admin/groups?table=${tenants}&account=999999999999`,
    ]) {
      expect(await admin(path), path).toEqual({ status: 400, body: notFound });
    }
    // The tenant's items stayed the tenant's: our table of the same name is still empty.
    const ours = await db.send(
      new GetItemCommand({ TableName: shared, Key: { pk: { S: "a" } }, ConsistentRead: true }),
    );
    expect(ours.Item).toBeUndefined();
  });
});
