import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { keySchemaOf } from "../../../shared/api/table";
import { Catalog } from "../../../workers/metadata/catalog";
import { HASH_MAX, HASH_MIN, partitionFor } from "../../../workers/metadata/partition-map";
import type { Route } from "../../../workers/metadata/protocol";
import { hashOf } from "../../../workers/router/items";
import {
  createActiveTable,
  dynamo,
  getItemFrom,
  holdingAlarm,
  itemOf,
  metadata,
  N,
  putItem,
  REGION,
  replica,
  replicaState,
  routeOf,
  S,
  tableInput,
  uniqueName,
} from "../helpers";

const KEYS = Array.from({ length: 24 }, (_, i) => `key-${i}`);

const replicasOf = (route: Route) => route.map.partitions.flatMap((p) => p.replicas);
const wireRoute = (route: Route) => ({ tableId: route.table.id, mapVersion: route.map.version });

/** The replica that owns `pk` under `route`. */
function ownerOf(route: Route, pk: string) {
  const key = { pk: S(pk) };
  return partitionFor(route.map, hashOf(key, keySchemaOf(route.table))).replicas[0];
}

async function totalStats(route: Route) {
  const all = await Promise.all(replicasOf(route).map((r) => replica(r).getStats()));
  return all.reduce((a, s) => ({ itemCount: a.itemCount + s.itemCount, sizeBytes: a.sizeBytes + s.sizeBytes }));
}

describe("createTable", () => {
  test("a new table is CREATING until the alarm configures every partition's replica, then ACTIVE", async () => {
    const name = uniqueName("create");
    const { reply, before } = await holdingAlarm((m) => ({
      reply: m.createTable(tableInput(name), Date.now()),
      before: m.route(name),
    }));
    if (!reply.ok || !before.ok) throw new Error("createTable failed");
    expect(reply.description.TableStatus).toBe("CREATING");
    expect(before.table.status).toBe("CREATING");
    for (const ref of replicasOf(before)) expect((await replicaState(ref)).config).toBeUndefined();

    expect(await runDurableObjectAlarm(metadata())).toBe(true);

    const route = await routeOf(name);
    expect(route.table.status).toBe("ACTIVE");
    expect(route.table.id).toBe(before.table.id);
    const partitions = route.map.partitions;
    expect(partitions).toHaveLength(Number(env.INITIAL_PARTITIONS));
    expect(partitions[0].low).toBe(HASH_MIN);
    expect(partitions[partitions.length - 1].high).toBe(HASH_MAX);
    for (let i = 1; i < partitions.length; i++) {
      expect(BigInt(`0x${partitions[i].low}`)).toBe(BigInt(`0x${partitions[i - 1].high}`) + 1n);
    }
    for (const p of partitions) {
      const [ref] = p.replicas;
      expect(await replica(ref).getStats()).toEqual({ itemCount: 0, sizeBytes: 0 });
      expect((await replicaState(ref)).config).toEqual({
        tableId: route.table.id,
        partitionId: p.id,
        low: p.low,
        high: p.high,
        mapVersion: route.map.version,
        keySchema: { hash: { name: "pk", type: "S" } },
        members: p.replicas,
        region: REGION,
      });
    }
    const described = await dynamo("DescribeTable", { TableName: name });
    expect((described.body.Table as { TableStatus: string }).TableStatus).toBe("ACTIVE");
  });

  test("a table with a sort key configures its replicas with both key attributes", async () => {
    const name = uniqueName("sorted");
    await createActiveTable(name, true);
    const route = await routeOf(name);
    for (const ref of replicasOf(route)) {
      expect((await replicaState(ref)).config?.keySchema).toEqual({
        hash: { name: "pk", type: "S" },
        range: { name: "sk", type: "N" },
      });
    }
  });

  test("a CREATING table refuses data-plane requests with ResourceNotFoundException", async () => {
    const name = uniqueName("pending");
    await holdingAlarm((m) => m.createTable(tableInput(name), Date.now()));
    const answer = await dynamo("PutItem", { TableName: name, Item: itemOf("a") });
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    await runDurableObjectAlarm(metadata());
    expect((await dynamo("PutItem", { TableName: name, Item: itemOf("a") })).status).toBe(200);
  });
});

describe("deleteTable", () => {
  test("the table leaves the catalog at once and the alarm makes every replica drop its data", async () => {
    const name = uniqueName("delete");
    await createActiveTable(name);
    for (const pk of KEYS) await putItem(name, itemOf(pk, { n: N(1) }));
    const route = await routeOf(name);
    const owners = new Set(KEYS.map((pk) => ownerOf(route, pk).name));
    expect(owners.size).toBeGreaterThan(1);

    const { reply, after, buried } = await holdingAlarm(async (m, state) => ({
      reply: await m.deleteTable(name),
      after: m.route(name),
      buried: new Catalog(state.storage.sql).buried().map((map) => map.tableId),
    }));
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.description.TableStatus).toBe("DELETING");
    expect(reply.description.ItemCount).toBe(KEYS.length);
    expect(after.ok).toBe(false);
    expect(buried).toContain(route.table.id);
    expect((await totalStats(route)).itemCount).toBe(KEYS.length);

    expect(await runDurableObjectAlarm(metadata())).toBe(true);

    for (const ref of replicasOf(route)) {
      expect(await replica(ref).getStats()).toEqual({ itemCount: 0, sizeBytes: 0 });
      expect(await replicaState(ref)).toMatchObject({ config: undefined, items: 0, log: 0 });
    }
    const stale = await getItemFrom(ownerOf(route, KEYS[0]), {
      route: wireRoute(route),
      key: { pk: S(KEYS[0]) },
      consistent: true,
    });
    expect(stale).toMatchObject({ ok: false, error: { type: "WrongPartition" } });
    const graveyard = await holdingAlarm((_m, state) => new Catalog(state.storage.sql).buried());
    expect(graveyard.map((map) => map.tableId)).not.toContain(route.table.id);
  });

  test("a table re-created with the same name gets a new id and new replicas and sees none of the old data", async () => {
    const name = uniqueName("again");
    await createActiveTable(name);
    for (const pk of KEYS) await putItem(name, itemOf(pk));
    const old = await routeOf(name);

    // Delete and re-create before the alarm runs: one alarm both drops the old and activates the new.
    const created = await holdingAlarm(async (m) => {
      await m.deleteTable(name);
      return m.createTable(tableInput(name), Date.now());
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.description.TableStatus).toBe("CREATING");
    expect(await runDurableObjectAlarm(metadata())).toBe(true);

    const fresh = await routeOf(name);
    expect(fresh.table.status).toBe("ACTIVE");
    expect(fresh.table.id).not.toBe(old.table.id);
    const oldNames = replicasOf(old).map((r) => r.name);
    expect(replicasOf(fresh).filter((r) => oldNames.includes(r.name))).toEqual([]);
    for (const ref of replicasOf(old)) expect(await replicaState(ref)).toMatchObject({ config: undefined, items: 0 });
    for (const ref of replicasOf(fresh)) expect((await replicaState(ref)).config?.tableId).toBe(fresh.table.id);
    for (const pk of KEYS) {
      const reply = await getItemFrom(ownerOf(fresh, pk), {
        route: wireRoute(fresh),
        key: { pk: S(pk) },
        consistent: true,
      });
      expect(reply).toEqual({ ok: true, size: 0 });
    }
    const described = await dynamo("DescribeTable", { TableName: name });
    expect(described.body.Table).toMatchObject({ TableId: fresh.table.id, ItemCount: 0, TableSizeBytes: 0 });
  });
});

describe("eviction", () => {
  test("the catalog, the items, the stats and the log survive evicting the metadata and replica objects", async () => {
    const name = uniqueName("evict");
    await createActiveTable(name);
    for (const pk of KEYS) await putItem(name, itemOf(pk, { v: S(`value of ${pk}`) }));
    const route = await routeOf(name);
    const stats = await Promise.all(replicasOf(route).map((r) => replica(r).getStats()));
    const states = await Promise.all(replicasOf(route).map((r) => replicaState(r)));

    await evictDurableObject(metadata());
    for (const ref of replicasOf(route)) await evictDurableObject(replica(ref));

    expect(await routeOf(name)).toEqual(route);
    expect(await Promise.all(replicasOf(route).map((r) => replica(r).getStats()))).toEqual(stats);
    expect(await Promise.all(replicasOf(route).map((r) => replicaState(r)))).toEqual(states);
    for (const pk of KEYS) {
      const reply = await getItemFrom(ownerOf(route, pk), {
        route: wireRoute(route),
        key: { pk: S(pk) },
        consistent: true,
      });
      expect(reply).toMatchObject({ ok: true, itemJson: JSON.stringify({ pk: S(pk), v: S(`value of ${pk}`) }) });
    }
    // The log continues where it stopped: the next record gets the next sequence number.
    const owner = ownerOf(route, KEYS[0]);
    const before = await replicaState(owner);
    await putItem(name, itemOf(KEYS[0], { v: S("after eviction") }));
    expect((await replicaState(owner)).applied).toBe((before.applied ?? 0) + 1);
    const read = await dynamo("GetItem", { TableName: name, Key: { pk: S(KEYS[0]) } });
    expect(read.body).toEqual({ Item: itemOf(KEYS[0], { v: S("after eviction") }) });
  });
});
