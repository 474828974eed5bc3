/**
 * The admin API's index endpoints on a server of their own (ADMIN_API on): `/admin/indexes`
 * reports each global index's feeding (pending records per base partition, propagation lag),
 * `/admin/index-check` compares an index with the entries recomputed from its table, and
 * `/admin/groups?index=` shows an index's groups. While every replica of a global index is
 * stopped, writes go on: the backlog shows as pending and the check names what the index lacks,
 * still holds and holds wrong; once they resume, both drain to nothing.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { GroupReport } from "../../workers/admin/group-status";
import type { IndexReport } from "../../workers/admin/index-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { until } from "../helpers/global-tables";
import { createActiveTable, type Item } from "../helpers/items";
import { ADMIN_AUTHORIZATION } from "../helpers/test-key";

const S = (S: string) => ({ S });

interface IndexCheck {
  ok: boolean;
  kind: "global" | "local";
  pending: number | null;
  missing: Item[];
  extra: Item[];
  wrong: { key: Item; expected: Item; actual: Item }[];
  counts: { items: number; expected: number; entries: number; missing: number; extra: number; wrong: number };
}

let running: AdminServer;
let db: DynamoDBClient;
const TableName = uniqueTableName("admin-gsi");

/** `pk`/`sk` items; byG (g; INCLUDE p) holds those with g, byL (pk, l; keys only) those with l. */
const item = (pk: string, fields: Record<string, string>): Item => ({
  pk: S(pk),
  sk: S("0"),
  ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, S(value)])),
});

/** GET an admin path: its status and JSON body. */
async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${running.server.url}${path}`, { headers: ADMIN_AUTHORIZATION });
  return { status: response.status, body: (await response.json()) as T };
}

const report = () => running.admin<{ table: string; indexes: IndexReport[] }>(`/admin/indexes?table=${TableName}`);
const check = (index: string) => running.admin<IndexCheck>(`/admin/index-check?table=${TableName}&index=${index}`);
const drained = () =>
  until("nothing pending", report, (r) => r.indexes.every((i) => i.complete && i.pending === 0), 20_000);

beforeAll(async () => {
  // Tombstones are collected every half second (the default is a minute).
  running = await startAdminServer({ INITIAL_PARTITIONS: "2", TOMBSTONE_SWEEP_MS: "500" });
  db = running.sdk();
  await createActiveTable(db, {
    TableName,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "g", AttributeType: "S" },
      { AttributeName: "l", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [
      {
        IndexName: "byG",
        KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["p"] },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: "byL",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "l", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  });
  for (let i = 0; i < 10; i++) {
    const fields: Record<string, string> = { p: `p${i}`, q: "not projected" };
    if (i % 5 !== 4) fields.g = `g${i % 3}`;
    if (i % 2 === 0) fields.l = `l${i}`;
    await db.send(new PutItemCommand({ TableName, Item: item(`k${i}`, fields) }));
  }
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

describe("admin API: indexes", () => {
  test("/admin/indexes: each global index's feeding per base partition, drained, with its lag", async () => {
    const { indexes, table } = await drained();
    expect(table).toBe(TableName);
    expect(indexes.map((i) => [i.name, i.status, i.pending, i.complete])).toEqual([["byG", "ACTIVE", 0, true]]);
    const [byG] = indexes;
    expect(byG.partitions).toHaveLength(2);
    for (const partition of byG.partitions) {
      expect(partition.leader).toMatch(/\/p\d\/us-east-1\/us-east-1[abc]$/);
      expect(partition.pending).toBe(0);
    }
    // Ten writes over two partitions: each fed, each a lag sample.
    expect(byG.partitions.reduce((n, p) => n + (p.cursor ?? 0), 0)).toBeGreaterThanOrEqual(10);
    expect(byG.samples).toBeGreaterThan(0);
    expect(byG.lagP50Ms).toBeGreaterThanOrEqual(0);
    expect(byG.lagP99Ms).toBeGreaterThanOrEqual(byG.lagP50Ms ?? 0);
  });

  test("/admin/index-check: a global and a local index each equal the entries their table's items make", async () => {
    await drained();
    const global = await check("byG");
    expect(global).toMatchObject({ ok: true, kind: "global", pending: 0, missing: [], extra: [], wrong: [] });
    expect(global.counts).toEqual({ items: 10, expected: 8, entries: 8, missing: 0, extra: 0, wrong: 0 });
    const local = await check("byL");
    expect(local).toMatchObject({ ok: true, kind: "local", missing: [], extra: [], wrong: [] });
    expect(local.counts).toEqual({ items: 10, expected: 5, entries: 5, missing: 0, extra: 0, wrong: 0 });
  });

  test("bad requests: no index, an unknown index or table answer 400", async () => {
    for (const [path, message] of [
      [`/admin/index-check?table=${TableName}`, "the index query parameter is required"],
      [`/admin/index-check?table=${TableName}&index=nope`, `table "${TableName}" has no index "nope"`],
      [`/admin/groups?table=${TableName}&index=byL`, `table "${TableName}" has no global index "byL"`],
      ["/admin/indexes?table=nope", 'table "nope" not found in us-east-1'],
    ]) {
      expect(await get(path)).toEqual({ status: 400, body: { message } });
    }
  });

  test("while the index's replicas are stopped, the backlog is pending and the check names each difference; resumed, both drain", async () => {
    await drained();
    const groups = await running.admin<GroupReport>(`/admin/groups?table=${TableName}&index=byG`);
    expect(groups.index).toBe("byG");
    const members = groups.partitions.flatMap((p) => p.members.map((m) => m.name));
    expect(members).toHaveLength(6);
    // The index's groups are its own, not the table's.
    const base = await running.admin<GroupReport>(`/admin/groups?table=${TableName}`);
    const baseMembers = new Set(base.partitions.flatMap((p) => p.members.map((m) => m.name)));
    expect(members.filter((m) => baseMembers.has(m))).toEqual([]);
    for (const replica of members) await running.admin("/admin/faults", { action: "stop", replica });
    try {
      await db.send(new PutItemCommand({ TableName, Item: item("new", { g: "g9", p: "fresh" }) }));
      await db.send(
        new UpdateItemCommand({
          TableName,
          Key: { pk: S("k1"), sk: S("0") },
          UpdateExpression: "SET g = :g",
          ExpressionAttributeValues: { ":g": S("moved") },
        }),
      );
      await db.send(new DeleteItemCommand({ TableName, Key: { pk: S("k2"), sk: S("0") } }));
      await db.send(
        new UpdateItemCommand({
          TableName,
          Key: { pk: S("k3"), sk: S("0") },
          UpdateExpression: "SET p = :p",
          ExpressionAttributeValues: { ":p": S("changed") },
        }),
      );
      const stalled = await report();
      expect(stalled.indexes[0].pending).toBeGreaterThanOrEqual(4);

      const found = await check("byG");
      expect(found.ok).toBe(false);
      expect(found.pending).toBeGreaterThanOrEqual(4);
      const keys = (items: Item[]) => items.map((k) => `${k.pk.S}/${k.g.S}`).sort();
      expect(keys(found.missing)).toEqual(["k1/moved", "new/g9"]);
      expect(keys(found.extra)).toEqual(["k1/g1", "k2/g2"]);
      expect(found.wrong).toEqual([
        {
          key: { pk: S("k3"), sk: S("0"), g: S("g0") },
          expected: { pk: S("k3"), sk: S("0"), g: S("g0"), p: S("changed") },
          actual: { pk: S("k3"), sk: S("0"), g: S("g0"), p: S("p3") },
        },
      ]);
      expect(found.counts).toMatchObject({ items: 10, expected: 8, entries: 8, missing: 2, extra: 2, wrong: 1 });
    } finally {
      for (const replica of members) await running.admin("/admin/faults", { action: "resume", replica });
    }
    await drained();
    expect(await check("byG")).toMatchObject({ ok: true, pending: 0, missing: [], extra: [], wrong: [] });
  }, 60_000);

  test("records a crashed base leader left unfed reach the index though the table gets no request", async () => {
    await drained();
    const indexMembers = (
      await running.admin<GroupReport>(`/admin/groups?table=${TableName}&index=byG`)
    ).partitions.flatMap((p) => p.members.map((m) => m.name));
    const fault = (action: string, replicas: string[]) =>
      Promise.all(replicas.map((replica) => running.admin("/admin/faults", { action, replica })));
    await fault("crash", indexMembers);
    const written = ["w1", "w2", "w3", "w4"];
    for (const pk of written) await db.send(new PutItemCommand({ TableName, Item: item(pk, { g: "unfed", p: pk }) }));
    const leaders = (await running.admin<GroupReport>(`/admin/groups?table=${TableName}`)).partitions.map(
      (p) => p.leader,
    );
    expect(leaders.every((leader) => typeof leader === "string")).toBe(true);
    await fault("crash", leaders as string[]);
    await fault("restart", [...indexMembers, ...(leaders as string[])]);
    // Only the index is read from here on: the base partitions elect leaders of their own accord.
    const entries = await until(
      "the index holds every item written",
      async () => {
        const scanned = await db.send(new ScanCommand({ TableName, IndexName: "byG" }));
        return (scanned.Items ?? []).filter((i) => i.g.S === "unfed").map((i) => i.pk.S);
      },
      (pks) => pks.length === written.length,
      20_000,
    );
    expect(entries.sort()).toEqual(written);
    expect(await check("byG")).toMatchObject({ ok: true, missing: [], extra: [], wrong: [] });
  }, 60_000);

  test("the tombstones entries leave behind in a global index's partitions are collected once fed, and the index stays exact", async () => {
    const tombstones = async () =>
      (await running.admin<GroupReport>(`/admin/groups?table=${TableName}&index=byG`)).partitions
        .flatMap((p) => p.members)
        .reduce((n, m) => n + (m.tombstones ?? 0), 0);
    // Moves and deletes remove entries: each removal leaves a tombstone on every member of its group.
    for (let i = 0; i < 6; i++) {
      for (const g of ["first", "second"]) {
        await db.send(
          new UpdateItemCommand({
            TableName,
            Key: { pk: S(`t${i}`), sk: S("0") },
            UpdateExpression: "SET g = :g",
            ExpressionAttributeValues: { ":g": S(g) },
          }),
        );
      }
    }
    // Collected within a few sweeps, once the moves are fed.
    await until("every tombstone collected", tombstones, (n) => n === 0, 20_000);
    await drained();
    const found = await check("byG");
    expect(found).toMatchObject({ ok: true, missing: [], extra: [], wrong: [] });
    expect(found.counts.expected).toBeGreaterThanOrEqual(6);
  }, 60_000);
});
