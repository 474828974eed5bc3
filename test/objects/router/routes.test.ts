import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import type { Item } from "../../../shared/api/attribute-value";
import { InternalServerError, ValidationException } from "../../../shared/api/errors";
import { keySchemaOf } from "../../../shared/api/table";
import { Catalog } from "../../../workers/metadata/catalog";
import type { MetadataObject } from "../../../workers/metadata/metadata-object";
import { partitionFor } from "../../../workers/metadata/partition-map";
import type { Route } from "../../../workers/metadata/protocol";
import type { GetResult, Reply } from "../../../workers/replica/protocol";
import { hashOf } from "../../../workers/router/items";
import { Routes } from "../../../workers/router/routes";
import {
  createActiveTable,
  dynamo,
  getItemFrom,
  holdingAlarm,
  itemOf,
  link,
  metadata,
  putItem,
  REGION,
  replica,
  replicaState,
  routeOf,
  S,
  settle,
  tableInput,
  uniqueName,
} from "../helpers";

const RESOURCE_NOT_FOUND = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException";
const keyOf = (pk: string): Item => ({ pk: S(pk) });

function ownerOf(route: Route, pk: string) {
  return partitionFor(route.map, hashOf(keyOf(pk), keySchemaOf(route.table))).replicas[0];
}

/** Reads `pk` through a Routes instance, counting the replica calls it makes. */
async function countedRead(routes: Routes, name: string, pk: string): Promise<{ result: GetResult; attempts: number }> {
  let attempts = 0;
  const route = await routes.get(name);
  const result = await routes.call<GetResult>(name, hashOf(keyOf(pk), keySchemaOf(route.table)), (partition, r) => {
    attempts++;
    return getItemFrom(partition.replicas[0], {
      route: { tableId: r.table.id, mapVersion: r.map.version },
      key: keyOf(pk),
      consistent: true,
    });
  });
  return { result, attempts };
}

/** Deletes and re-creates `name` behind the router's back, as another router would. */
async function recreate(name: string): Promise<void> {
  const reply = await holdingAlarm(async (m: MetadataObject) => {
    const deleted = await m.deleteTable(name);
    if (!deleted.ok) return deleted;
    return m.createTable(tableInput(name), Date.now());
  });
  if (!reply.ok) throw new Error(reply.error.message);
}

describe("route cache", () => {
  test("after the table is deleted and re-created elsewhere, a stale route costs a retry and reads nothing old", async () => {
    const name = uniqueName("stale");
    await createActiveTable(name);
    await putItem(name, itemOf("old", { v: S("old incarnation") }));
    const routes = new Routes(link, REGION);
    const old = await routes.get(name);
    expect((await countedRead(routes, name, "old")).result.itemJson).toBeDefined();

    await recreate(name);
    await settle(name);

    const { result, attempts } = await countedRead(routes, name, "old");
    expect(result.itemJson).toBeUndefined();
    expect(attempts).toBe(2);
    expect((await routes.get(name)).table.id).not.toBe(old.table.id);
  });

  test("through the router, GetItem after a re-create returns nothing old and PutItem lands in the new table", async () => {
    const name = uniqueName("router");
    await createActiveTable(name);
    await putItem(name, itemOf("a", { v: S("old") }));
    expect((await dynamo("GetItem", { TableName: name, Key: keyOf("a") })).body).toEqual({
      Item: itemOf("a", { v: S("old") }),
    });
    const old = await routeOf(name);

    await recreate(name);
    await settle(name);
    const fresh = await routeOf(name);

    const read = await dynamo("GetItem", { TableName: name, Key: keyOf("a") });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({});
    expect((await dynamo("PutItem", { TableName: name, Item: itemOf("b", { v: S("new") }) })).status).toBe(200);

    const stored = await getItemFrom(ownerOf(fresh, "b"), {
      route: { tableId: fresh.table.id, mapVersion: fresh.map.version },
      key: keyOf("b"),
      consistent: true,
    });
    expect(stored).toMatchObject({ ok: true, itemJson: JSON.stringify(itemOf("b", { v: S("new") })) });
    for (const ref of old.map.partitions.flatMap((p) => p.replicas)) {
      expect(await replicaState(ref)).toMatchObject({ items: 0, config: undefined });
    }
    expect((await dynamo("GetItem", { TableName: name, Key: keyOf("b") })).body).toEqual({
      Item: itemOf("b", { v: S("new") }),
    });
  });

  test("after a re-create with another key schema, a stale route answers ValidationException, never a 500 or a misfiled item", async () => {
    const name = uniqueName("rekey");
    await createActiveTable(name);
    await putItem(name, itemOf("a"));
    const rekeyed = await holdingAlarm(async (m: MetadataObject) => {
      await m.deleteTable(name);
      return m.createTable(
        {
          TableName: name,
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        },
        Date.now(),
      );
    });
    if (!rekeyed.ok) throw new Error(rekeyed.error.message);
    await settle(name);

    for (const [operation, body] of [
      ["PutItem", { TableName: name, Item: itemOf("b") }],
      ["GetItem", { TableName: name, Key: keyOf("a") }],
    ] as const) {
      const answer = await dynamo(operation, body);
      expect(answer.status, operation).toBe(400);
      expect(answer.body).toEqual({
        __type: "com.amazon.coral.validate#ValidationException",
        message: "The provided key element does not match the schema",
      });
    }
    const fresh = await routeOf(name);
    for (const ref of fresh.map.partitions.flatMap((p) => p.replicas)) {
      expect(await replicaState(ref)).toMatchObject({ items: 0, log: 0 });
    }
    // The refreshed route now validates requests against the new key schema.
    expect((await dynamo("PutItem", { TableName: name, Item: { id: { N: "7" } } })).status).toBe(200);
    expect((await dynamo("GetItem", { TableName: name, Key: { id: { N: "7" } } })).body).toEqual({
      Item: { id: { N: "7" } },
    });
  });

  test("Routes.call never sends a request validated against one incarnation to another with other keys", async () => {
    const name = uniqueName("validated");
    await createActiveTable(name);
    const routes = new Routes(link, REGION);
    const validated = await routes.get(name);
    const other: Route = {
      ...validated,
      table: {
        ...validated.table,
        id: "another-incarnation",
        keySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        attributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
      },
    };
    let calls = 0;
    const error = await routes
      .call(
        name,
        "0000000000000000",
        async () => {
          calls++;
          return { ok: true } as Reply<object>;
        },
        other,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect(calls).toBe(0);
    expect(
      await routes.call(name, "0000000000000000", async () => ({ ok: true, n: 1 }) as Reply<{ n: number }>, validated),
    ).toEqual({ ok: true, n: 1 });
  });

  test("a route cached at an older map version is refreshed when the replica refuses it", async () => {
    const name = uniqueName("version");
    await createActiveTable(name);
    await putItem(name, itemOf("a"));
    const routes = new Routes(link, REGION);
    const v1 = await routes.get(name);

    // A new map version, as a split would publish: the catalog first, then the replicas.
    await runInDurableObject(metadata(), (_m, state) => {
      const catalog = new Catalog(state.storage.sql);
      const map = catalog.getMap(v1.table.id)!;
      catalog.putMap({ ...map, version: map.version + 1 });
    });
    const v2 = await routeOf(name);
    for (const p of v2.map.partitions) {
      await replica(p.replicas[0]).configure({
        tableId: v2.table.id,
        partitionId: p.id,
        low: p.low,
        high: p.high,
        mapVersion: v2.map.version,
        keySchema: keySchemaOf(v2.table),
      });
    }

    const { result, attempts } = await countedRead(routes, name, "a");
    expect(JSON.parse(result.itemJson ?? "null")).toEqual(itemOf("a"));
    expect(attempts).toBe(2);
    expect((await routes.get(name)).map.version).toBe(v2.map.version);
    expect((await dynamo("PutItem", { TableName: name, Item: itemOf("b") })).status).toBe(200);
    expect((await dynamo("GetItem", { TableName: name, Key: keyOf("b") })).body).toEqual({ Item: itemOf("b") });
  });

  test("a replica that keeps refusing is retried with growing pauses while the map stays the same, then InternalServerError", async () => {
    const name = uniqueName("refuse");
    await createActiveTable(name);
    const route = await routeOf(name);
    // The replicas run ahead of the catalog: no refresh can satisfy them.
    for (const p of route.map.partitions) {
      await replica(p.replicas[0]).configure({
        tableId: route.table.id,
        partitionId: p.id,
        low: p.low,
        high: p.high,
        mapVersion: route.map.version + 1,
        keySchema: keySchemaOf(route.table),
      });
    }
    const routes = new Routes(link, REGION);
    let attempts = 0;
    const started = Date.now();
    const error = await routes
      .call(name, hashOf(keyOf("a"), keySchemaOf(route.table)), async (partition, r) => {
        attempts++;
        return getItemFrom(partition.replicas[0], {
          route: { tableId: r.table.id, mapVersion: r.map.version },
          key: keyOf("a"),
          consistent: true,
        });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    // A split's sealed partition refuses until its children's map is published: a request waits
    // up to 5 s for it, pausing 10 ms, 20 ms, … up to 250 ms between refreshes of the same map.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect(attempts).toBeGreaterThanOrEqual(10);
    expect(attempts).toBeLessThanOrEqual(30);
  }, 15_000);

  test("DeleteTable through the router forgets the route at once: the next GetItem is ResourceNotFoundException", async () => {
    const name = uniqueName("forget");
    await createActiveTable(name);
    await putItem(name, itemOf("a"));
    expect((await dynamo("DeleteTable", { TableName: name })).status).toBe(200);
    const read = await dynamo("GetItem", { TableName: name, Key: keyOf("a") });
    expect(read.status).toBe(400);
    expect(read.body.__type).toBe(RESOURCE_NOT_FOUND);
    await settle();
  });

  // DeleteTable fences the old replicas before it answers, so a router holding the old route
  // cannot have a write acknowledged by the old incarnation, which the alarm later drops.
  test("a write routed by a stale map between DeleteTable and the alarm is refused or kept, never lost", async () => {
    const name = uniqueName("window");
    await createActiveTable(name);
    await putItem(name, itemOf("a", { v: S("old") }));

    await recreate(name); // The alarm that drops the old replicas has not run yet.
    const write = await dynamo("PutItem", { TableName: name, Item: itemOf("b", { v: S("new") }) });
    const read = await dynamo("GetItem", { TableName: name, Key: keyOf("a") });
    await runDurableObjectAlarm(metadata());
    await settle(name);

    expect(read.body).not.toEqual({ Item: itemOf("a", { v: S("old") }) });
    if (write.status !== 200) expect(write.body.__type).toBe(RESOURCE_NOT_FOUND);
    else
      expect((await dynamo("GetItem", { TableName: name, Key: keyOf("b") })).body).toEqual({
        Item: itemOf("b", { v: S("new") }),
      });
  });
});
