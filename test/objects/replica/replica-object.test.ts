import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { itemSize } from "../../../shared/api/item-size";
import { validateUpdateItem } from "../../../shared/api/operations/update-item";
import { HASH_MAX, HASH_MIN, initialPartitionMap } from "../../../workers/metadata/partition-map";
import { LOG_RETAINED } from "../../../workers/replica/log";
import type {
  GetRequest,
  GetResult,
  ReplicaConfig,
  ReplicaRef,
  Reply,
  WriteRequest,
} from "../../../workers/replica/protocol";
import type { ReplicaObject } from "../../../workers/replica/replica-object";
import { parseGetReply, parseWriteReply } from "../../../workers/replica/replies";
import { ReplicaStorage } from "../../../workers/replica/storage";
import { storedKeyOf } from "../../../workers/replica/stored-key";
import { itemOf, N, replica, replicaState, S } from "../helpers";
import { conditionOf, keyOf, logOf, put, ROUTE, SCHEMA, write } from "./group";

/** A replica object of its own, not known to any metadata object. */
function freshReplica(): ReplicaRef {
  return { name: `test/${crypto.randomUUID()}`, zone: "us-east-1a", locationHint: "enam" };
}

function config(overrides: Partial<ReplicaConfig> = {}): ReplicaConfig {
  return {
    tableId: "table-1",
    partitionId: "p0",
    low: HASH_MIN,
    high: HASH_MAX,
    mapVersion: 1,
    keySchema: SCHEMA,
    ...overrides,
  };
}

const del = (pk: string, route = ROUTE): WriteRequest => ({ route, key: keyOf(pk), action: { kind: "delete" } });
const hashOfKey = (pk: string) => storedKeyOf(keyOf(pk), SCHEMA).h;

/** The replica's GetItem call, its text reply parsed as the router parses it. */
const get = async (ref: ReplicaRef, request: GetRequest): Promise<Reply<GetResult>> =>
  parseGetReply(await replica(ref).get(request));

async function configured(overrides: Partial<ReplicaConfig> = {}): Promise<ReplicaRef> {
  const ref = freshReplica();
  await replica(ref).configure(config(overrides));
  return ref;
}

function itemLsn(ref: ReplicaRef, pk: string) {
  const key = storedKeyOf(keyOf(pk), SCHEMA);
  return runInDurableObject(
    replica(ref),
    (_instance, state) =>
      state.storage.sql
        .exec<{ lsn: number }>("SELECT lsn FROM items WHERE h = ? AND pk = ?", key.h, key.pk.slice().buffer)
        .toArray()[0]?.lsn,
  );
}

describe("write", () => {
  test("write appends the record to the log and then applies it: the item, the applied index and the log agree", async () => {
    const ref = await configured();
    const item = itemOf("a", { n: N(42) });
    const afterPut = { itemCount: 1, sizeBytes: itemSize(item) };
    const reply = await write(ref, put("a", { n: N(42) }));
    // The position of its record, which a router passes on to later eventually consistent reads.
    expect(reply).toEqual({ ok: true, oldSize: 0, newSize: itemSize(item), at: { term: 1, lsn: 2 } });

    // The replica's first request elected it (a group of one) and its term opened with a noop.
    const noop = { kind: "noop", stats: { itemCount: 0, sizeBytes: 0 } };
    const log = await logOf(ref);
    expect(log).toEqual([
      { lsn: 1, epoch: 1, record: noop },
      {
        lsn: 2,
        epoch: 1,
        record: {
          kind: "put",
          h: hashOfKey("a"),
          key: keyOf("a"),
          item,
          size: itemSize(item),
          stats: afterPut,
          t: expect.any(Number),
        },
      },
    ]);
    expect((await replicaState(ref)).applied).toBe(2);
    expect(await itemLsn(ref, "a")).toBe(2);

    await write(ref, del("a"));
    expect((await logOf(ref)).map((e) => e.record)).toEqual([
      noop,
      {
        kind: "put",
        h: hashOfKey("a"),
        key: keyOf("a"),
        item,
        size: itemSize(item),
        stats: afterPut,
        t: expect.any(Number),
      },
      {
        kind: "delete",
        h: hashOfKey("a"),
        key: keyOf("a"),
        stats: { itemCount: 0, sizeBytes: 0 },
        t: expect.any(Number),
      },
    ]);
    expect(await replicaState(ref)).toMatchObject({ applied: 3, items: 0, log: 3 });
  });

  test("a delete of an absent item is logged and advances the applied index without changing the stats", async () => {
    const ref = await configured();
    await write(ref, put("a"));
    const before = await replica(ref).getStats();
    expect(await write(ref, del("absent"))).toMatchObject({ ok: true, oldSize: 0, newSize: 0 });
    expect(await replicaState(ref)).toMatchObject({ applied: 3, log: 3, items: 1 });
    expect(await replica(ref).getStats()).toEqual(before);
  });

  test("an update of a missing item that only removes attributes appends nothing and creates nothing; of an existing item it is logged", async () => {
    const ref = await configured();
    await write(ref, put("a"));
    const remove = (pk: string): WriteRequest => ({
      route: ROUTE,
      key: keyOf(pk),
      action: {
        kind: "update",
        update: validateUpdateItem({ TableName: "table", Key: keyOf(pk), UpdateExpression: "REMOVE x" }).expressions
          .update!,
      },
      returnOld: true,
      returnNew: true,
    });
    const before = await replica(ref).getStats();
    expect(await write(ref, remove("absent"))).toEqual({ ok: true, oldSize: 0, newSize: 0 });
    expect(await replicaState(ref)).toMatchObject({ applied: 2, log: 2, items: 1 });
    expect(await replica(ref).getStats()).toEqual(before);
    expect(await get(ref, { route: ROUTE, key: keyOf("absent"), consistent: true })).toEqual({ ok: true, size: 0 });

    expect(await write(ref, remove("a"))).toMatchObject({ ok: true, at: { term: 1, lsn: 3 } });
    expect(await replicaState(ref)).toMatchObject({ applied: 3, log: 3, items: 1 });
  });

  test("a write whose condition fails is neither logged nor applied", async () => {
    const ref = await configured();
    await write(ref, put("a"));
    const reply = await write(ref, {
      ...put("a", { n: N(2) }),
      condition: conditionOf("attribute_not_exists(pk)"),
    });
    expect(reply).toMatchObject({ ok: false, error: { type: "ConditionalCheckFailedException" } });
    expect(await replicaState(ref)).toMatchObject({ applied: 2, log: 2 });
    expect(await get(ref, { route: ROUTE, key: keyOf("a"), consistent: true })).toMatchObject({
      itemJson: JSON.stringify(itemOf("a")),
    });
  });
});

describe("stats", () => {
  test("item count and size follow puts, overwrites and deletes, and survive eviction", async () => {
    const ref = await configured();
    const stub = () => replica(ref);
    const small = itemOf("a", { v: S("x") });
    const large = itemOf("a", { v: S("x".repeat(500)), n: N("12345.678") });
    const other = itemOf("b", { l: { L: [S("one"), N(2), { M: { k: { BOOL: true } } }] } });
    const steps: { request: WriteRequest; count: number; size: number }[] = [
      { request: put("a", { v: S("x") }), count: 1, size: itemSize(small) },
      { request: put("a", { v: S("x".repeat(500)), n: N("12345.678") }), count: 1, size: itemSize(large) },
      { request: put("b", { l: other.l }), count: 2, size: itemSize(large) + itemSize(other) },
      { request: put("a", { v: S("x") }), count: 2, size: itemSize(small) + itemSize(other) },
      { request: del("a"), count: 1, size: itemSize(other) },
      { request: del("a"), count: 1, size: itemSize(other) },
      { request: del("b"), count: 0, size: 0 },
      { request: put("c"), count: 1, size: itemSize(itemOf("c")) },
    ];
    for (const step of steps) {
      expect(await write(ref, step.request)).toMatchObject({ ok: true });
      expect(await stub().getStats()).toEqual({ itemCount: step.count, sizeBytes: step.size });
    }
    await evictDurableObject(stub());
    expect(await stub().getStats()).toEqual({ itemCount: 1, sizeBytes: itemSize(itemOf("c")) });
  });

  test("a log written before records carried stats recovers them from the stats row", async () => {
    const ref = await configured();
    await runInDurableObject(replica(ref), (_instance, state) => {
      const store = new ReplicaStorage(state.storage.sql);
      const record = { kind: "put", h: hashOfKey("a"), key: keyOf("a"), item: itemOf("a"), size: 5 };
      store.appendLog(1, 1, JSON.stringify(record));
      store.setState("stats", { itemCount: 7, sizeBytes: 700 });
    });
    await evictDurableObject(replica(ref));
    expect(await replica(ref).getStats()).toEqual({ itemCount: 7, sizeBytes: 700 });
    expect((await replicaState(ref)).applied).toBe(1);
  });

  test("write reports the old and new sizes DynamoDB charges capacity on", async () => {
    const ref = await configured();
    const first = itemOf("a", { v: S("x".repeat(100)) });
    await write(ref, put("a", { v: S("x".repeat(100)) }));
    const reply = await write(ref, put("a", { v: S("y") }));
    expect(reply).toEqual({
      ok: true,
      oldSize: itemSize(first),
      newSize: itemSize(itemOf("a", { v: S("y") })),
      at: { term: 1, lsn: 3 },
    });
  });

  test.each([
    { returns: {}, expected: {} },
    { returns: { returnOld: true }, expected: { old: itemOf("a", { v: S("1") }) } },
    { returns: { returnNew: true }, expected: { new: itemOf("a", { v: S("2") }) } },
    {
      returns: { returnOld: true, returnNew: true },
      expected: { old: itemOf("a", { v: S("1") }), new: itemOf("a", { v: S("2") }) },
    },
  ])("write sends back the items asked for: $returns", async ({ returns, expected }) => {
    const ref = await configured();
    await write(ref, put("a", { v: S("1") }));
    const reply = await write(ref, { ...put("a", { v: S("2") }), ...returns });
    const sizes = { oldSize: itemSize(itemOf("a", { v: S("1") })), newSize: itemSize(itemOf("a", { v: S("2") })) };
    expect(reply).toEqual({ ok: true, ...sizes, ...expected, at: { term: 1, lsn: 3 } });
  });
});

describe("refusals", () => {
  const refused = { ok: false, error: { type: "WrongPartition" } };

  test("an unconfigured replica refuses every data request with WrongPartition", async () => {
    const ref = freshReplica();
    const stub = replica(ref);
    expect(await get(ref, { route: ROUTE, key: keyOf("a"), consistent: true })).toMatchObject(refused);
    expect(await write(ref, put("a"))).toMatchObject(refused);
    const page = { byteBudget: 1 << 20, countOnly: false, consistent: true };
    expect(await stub.query({ ...page, route: ROUTE, partitionKey: S("a"), forward: true })).toMatchObject(refused);
    expect(await stub.scan({ ...page, route: ROUTE, low: HASH_MIN, high: HASH_MAX })).toMatchObject(refused);
  });

  test.each([
    { case: "another table incarnation", route: { tableId: "table-2", mapVersion: 2 } },
    { case: "an older map version", route: { tableId: "table-1", mapVersion: 1 } },
  ])("a configured replica refuses a request routed with $case", async ({ route }) => {
    const ref = await configured({ mapVersion: 2 });
    const stub = replica(ref);
    expect(await write(ref, put("a", {}, { tableId: "table-1", mapVersion: 2 }))).toMatchObject({ ok: true });
    expect(await get(ref, { route, key: keyOf("a"), consistent: true })).toMatchObject(refused);
    expect(await write(ref, put("b", {}, route))).toMatchObject(refused);
    expect(await write(ref, del("a", route))).toMatchObject(refused);
    const page = { byteBudget: 1 << 20, countOnly: false, consistent: true };
    expect(await stub.scan({ ...page, route, low: HASH_MIN, high: HASH_MAX })).toMatchObject(refused);
    expect(await stub.query({ ...page, route, partitionKey: S("a"), forward: true })).toMatchObject(refused);
    expect(await replicaState(ref)).toMatchObject({ items: 1, log: 2 });
  });

  test("a replica refuses keys whose hash is outside its range, and serves the ones inside", async () => {
    const partitions = initialPartitionMap(
      "table-1",
      { name: "us-east-1", zones: [{ name: "us-east-1a", locationHint: "enam" }] },
      4,
    ).partitions;
    const p = partitions[1];
    const ref = await configured({ partitionId: p.id, low: p.low, high: p.high });
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const inside = keys.filter((k) => hashOfKey(k) >= p.low && hashOfKey(k) <= p.high);
    const outside = keys.filter((k) => !inside.includes(k));
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    for (const k of outside) {
      expect(await write(ref, put(k))).toMatchObject(refused);
      expect(await get(ref, { route: ROUTE, key: keyOf(k), consistent: true })).toMatchObject(refused);
      const page = { byteBudget: 1 << 20, countOnly: false, consistent: true };
      expect(await replica(ref).query({ ...page, route: ROUTE, partitionKey: S(k), forward: true })).toMatchObject(
        refused,
      );
    }
    for (const k of inside) expect(await write(ref, put(k))).toMatchObject({ ok: true });
    expect(await replicaState(ref)).toMatchObject({ items: inside.length, log: inside.length + 1 });
    const page = { byteBudget: 1 << 20, countOnly: false, consistent: true, route: ROUTE };
    // A scan range beyond the partition means a stale map: scanning only part of it would skip items.
    expect(await replica(ref).scan({ ...page, low: HASH_MIN, high: HASH_MAX })).toMatchObject(refused);
    const scanned = await replica(ref).scan({ ...page, low: p.low, high: p.high });
    if (!scanned.ok) throw new Error(`scan refused: ${JSON.stringify(scanned)}`);
    expect(scanned.items.map((item) => (item.pk as { S: string }).S).sort()).toEqual([...inside].sort());
  });

  test("a request routed with a newer map version than the replica's is served", async () => {
    const ref = await configured({ mapVersion: 1 });
    expect(await write(ref, put("a", {}, { tableId: "table-1", mapVersion: 3 }))).toMatchObject({ ok: true });
  });
});

describe("configure", () => {
  test("a configuration with an older map version is ignored", async () => {
    const ref = await configured({ mapVersion: 3, low: HASH_MIN, high: HASH_MAX });
    await replica(ref).configure(config({ mapVersion: 2, low: "8000000000000000", high: HASH_MAX }));
    expect((await replicaState(ref)).config).toEqual(config({ mapVersion: 3 }));
    expect(await write(ref, put("a", {}, { tableId: "table-1", mapVersion: 3 }))).toMatchObject({ ok: true });
    expect(await write(ref, put("a", {}, { tableId: "table-1", mapVersion: 2 }))).toMatchObject({
      ok: false,
      error: { type: "WrongPartition" },
    });
  });

  test("a configuration with a newer map version replaces the old one and survives eviction", async () => {
    const ref = await configured({ mapVersion: 1 });
    const next = config({ mapVersion: 2, low: "8000000000000000" });
    await replica(ref).configure(next);
    await evictDurableObject(replica(ref));
    expect((await replicaState(ref)).config).toEqual(next);
  });
});

describe("log truncation", () => {
  test("the log keeps a bounded tail of applied records, contiguous up to the applied index", async () => {
    const ref = await configured();
    const writes = 2 * LOG_RETAINED + 7;
    await runInDurableObject(replica(ref), async (instance: ReplicaObject) => {
      for (let i = 0; i < writes; i++) {
        const reply = parseWriteReply(await instance.write(put(`k${i % 50}`, { i: N(i) })));
        if (!reply.ok) throw new Error(reply.error.message);
      }
    });
    const log = await logOf(ref);
    const lsns = log.map((e) => e.lsn);
    // The term's noop, then the writes.
    expect(lsns[lsns.length - 1]).toBe(writes + 1);
    expect((await replicaState(ref)).applied).toBe(writes + 1);
    expect(lsns.length).toBeGreaterThanOrEqual(LOG_RETAINED);
    expect(lsns.length).toBeLessThanOrEqual(2 * LOG_RETAINED);
    expect(lsns).toEqual(Array.from({ length: lsns.length }, (_, i) => lsns[0] + i));
    expect(await replica(ref).getStats()).toMatchObject({ itemCount: 50 });

    // Sequence numbers keep growing after a restart: a truncated log never reuses one. The
    // stats come back from the latest record, which truncation keeps.
    const stats = await replica(ref).getStats();
    await evictDurableObject(replica(ref));
    expect(await replica(ref).getStats()).toEqual(stats);
    await write(ref, put("after"));
    // The restarted replica was elected again: a new term, opened by its noop, then the write.
    expect((await logOf(ref)).slice(-2)).toMatchObject([
      { lsn: writes + 2, epoch: 2, record: { kind: "noop" } },
      { lsn: writes + 3, epoch: 2, record: { kind: "put" } },
    ]);
  });
});
