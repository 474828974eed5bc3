/**
 * Global tables, data path: a table in two regions whose replicas are configured with each
 * other (as the control plane will do), written through the router in both regions. Changes
 * are shipped from each partition's leader to the other region and applied there when their
 * version (hybrid logical clock, region) is newer: both regions converge on the same winner.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import type { Item } from "../../../shared/api/attribute-value";
import { itemSize } from "../../../shared/api/item-size";
import { faults } from "../../../workers/link/faults";
import type { MetadataObject } from "../../../workers/metadata/metadata-object";
import type { Route } from "../../../workers/metadata/protocol";
import type { RemoteChange, ReplicaConfig, ReplicaRef, TombstoneReport } from "../../../workers/replica/protocol";
import { ReplicaStorage } from "../../../workers/replica/storage";
import { encodeHlc } from "../../../workers/replication/hlc";
import { asRegionId, encodeVersion } from "../../../workers/replication/version";
import { itemOf, link, replica, replicaState, S, send, TARGET_PREFIX, tableInput, uniqueName } from "../helpers";
import { acked, converged as applied, elect, get, keyOf, newGroup, put, ROUTE, status, until } from "../replica/group";

const REGIONS = ["us-east-1", "eu-west-1"] as const;
type Region = (typeof REGIONS)[number];

const call = (region: Region, operation: string, body: unknown) =>
  send(TARGET_PREFIX + operation, body, {}, { region });

/** The table in both regions, each partition's replica shipping to the other region. */
async function globalTable(): Promise<string> {
  const name = uniqueName("global");
  for (const region of REGIONS) {
    const metadata = link.metadata(region);
    await runInDurableObject(metadata, async (instance: MetadataObject, state) => {
      const reply = instance.createTable(tableInput(name), Date.now());
      if (!reply.ok) throw new Error(reply.error.message);
      await state.storage.setAlarm(Date.now() + 3_600_000);
    });
    await runDurableObjectAlarm(metadata);
    const route = (await metadata.route(name)) as { ok: true } & Route;
    const other = REGIONS.filter((r) => r !== region);
    for (const partition of route.map.partitions) {
      for (const ref of partition.replicas) {
        const config = (await replicaState(ref)).config as ReplicaConfig;
        await replica(ref).configure({ ...config, tableName: name, regions: other });
      }
    }
  }
  return name;
}

async function read(region: Region, table: string, pk: string): Promise<Item | undefined> {
  const answer = await call(region, "GetItem", { TableName: table, Key: { pk: S(pk) }, ConsistentRead: true });
  expect(answer.status).toBe(200);
  return answer.body.Item as Item | undefined;
}

/** Polls until both regions read the same value of `pk`; at exit that value. */
async function converged(table: string, pk: string): Promise<Item | undefined> {
  for (let i = 0; i < 200; i++) {
    const [a, b] = await Promise.all(REGIONS.map((r) => read(r, table, pk)));
    if (JSON.stringify(a) === JSON.stringify(b)) return a;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${pk} did not converge`);
}

describe("global tables: shipping and last writer wins", () => {
  test("a write in one region reaches the other; so does a delete", async () => {
    const table = await globalTable();
    const item = itemOf("k", { v: S("from us-east-1") });
    expect((await call("us-east-1", "PutItem", { TableName: table, Item: item })).status).toBe(200);
    for (let i = 0; i < 200 && (await read("eu-west-1", table, "k")) === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await read("eu-west-1", table, "k")).toEqual(item);

    expect((await call("eu-west-1", "DeleteItem", { TableName: table, Key: { pk: S("k") } })).status).toBe(200);
    expect(await converged(table, "k")).toBeUndefined();
  });

  test("concurrent writes of the same keys in both regions leave both holding the same winner, deletes included", async () => {
    const table = await globalTable();
    const keys = Array.from({ length: 12 }, (_, i) => `c${i}`);
    await Promise.all(
      keys.flatMap((pk, i) =>
        REGIONS.map((region) =>
          i % 3 === 0 && region === "eu-west-1"
            ? call(region, "DeleteItem", { TableName: table, Key: { pk: S(pk) } })
            : call(region, "PutItem", { TableName: table, Item: itemOf(pk, { v: S(region) }) }),
        ),
      ),
    );
    for (const pk of keys) {
      const winner = await converged(table, pk);
      expect([undefined, ...REGIONS].map((r) => (r ? JSON.stringify(itemOf(pk, { v: S(r) })) : undefined))).toContain(
        winner === undefined ? undefined : JSON.stringify(winner),
      );
    }
  });
});

describe("global tables: the clock of a new leader", () => {
  test("a new leader orders its writes after every version its group holds, even one from a clock far ahead", async () => {
    const [a, b, c] = await newGroup();
    for (const ref of [a, b, c]) {
      const config = (await replicaState(ref)).config as ReplicaConfig;
      await replica(ref).configure({ ...config, region: "us-east-1", tableName: "t", regions: ["eu-west-1"] });
    }
    await elect(a);
    // A change from a region whose clock runs an hour ahead.
    const ahead = encodeVersion({ ts: encodeHlc(Date.now() + 3_600_000, 0), region: asRegionId("eu-west-1") });
    const item = itemOf("k", { v: S("from the future") });
    const reply = await replica(a).applyRemote({
      route: ROUTE,
      changes: [{ kind: "put", key: keyOf("k"), itemJson: JSON.stringify(item), size: itemSize(item), version: ahead }],
    });
    expect(reply).toEqual({ ok: true, applied: 1 });
    await applied(a, [a, b, c]);

    // b takes over (after a restart, its clock knows nothing) and writes the same key.
    await replica(b)
      .evict()
      .catch(() => undefined);
    await elect(b);
    await acked(b, put("k", { v: S("local, later") }));
    await applied(b, [a, b, c]);
    const version = await runInDurableObject(
      replica(b),
      (_instance, state) => state.storage.sql.exec<{ version: string }>("SELECT version FROM items").one().version,
    );
    expect(version > ahead).toBe(true);
    expect(version.endsWith("/us-east-1")).toBe(true);
  });
});

describe("global tables: tombstones", () => {
  /** A group of a global table in us-east-1 shipping to eu-west-1 (which does not exist here: shipping keeps failing). */
  async function globalGroup(): Promise<[ReplicaRef, ReplicaRef, ReplicaRef]> {
    const members = await newGroup();
    for (const ref of members) {
      const config = (await replicaState(ref)).config as ReplicaConfig;
      await replica(ref).configure({ ...config, region: "us-east-1", tableName: "t", regions: ["eu-west-1"] });
    }
    await elect(members[0]);
    return members;
  }

  const EU = asRegionId("eu-west-1");
  const versionAt = (ms: number) => encodeVersion({ ts: encodeHlc(ms, 0), region: EU });
  const remotePut = (pk: string, version: string): RemoteChange => {
    const item = itemOf(pk, { v: S(version) });
    return { kind: "put", key: keyOf(pk), itemJson: JSON.stringify(item), size: itemSize(item), version };
  };
  const remoteDelete = (pk: string, version: string): RemoteChange => ({ kind: "delete", key: keyOf(pk), version });
  const tombstonesOf = (ref: ReplicaRef) =>
    runInDurableObject(replica(ref), (_instance, state) =>
      state.storage.sql.exec<{ version: string }>("SELECT version FROM tombstones ORDER BY version").toArray(),
    );

  test("a delete leaves a tombstone on every member; collection drops the ones below the horizon everywhere, and a change from below it delivered again stays dropped", async () => {
    const [a, b, c] = await globalGroup();
    const start = Date.now() - 10_000;
    const [put1, del2, del3] = [versionAt(start), versionAt(start + 1), versionAt(start + 5000)];
    for (const change of [remotePut("k", put1), remoteDelete("k", del2), remoteDelete("other", del3)]) {
      expect(await replica(a).applyRemote({ route: ROUTE, changes: [change] })).toMatchObject({ ok: true });
    }
    await applied(a, [a, b, c]);
    for (const ref of [a, b, c]) expect(await tombstonesOf(ref)).toEqual([{ version: del2 }, { version: del3 }]);

    // Only the leader reports, under its lease; nothing waits to be shipped, so its clock is now.
    expect(await replica(b).tombstoneReport(ROUTE)).toMatchObject({ ok: false, error: { type: "NotLeader" } });
    const report = (await replica(a).tombstoneReport(ROUTE)) as { ok: true } & TombstoneReport;
    expect(report.oldest).toBe(del2);
    expect(report.below[EU] >= encodeHlc(start + 10_000, 0)).toBe(true);

    // A horizon below every tombstone orders nothing.
    const last = (await status(a)).last;
    expect(await replica(a).collectTombstones(ROUTE, encodeHlc(start, 0))).toEqual({ ok: true });
    expect((await status(a)).last).toBe(last);

    expect(await replica(a).collectTombstones(ROUTE, encodeHlc(start + 2, 0))).toEqual({ ok: true });
    await applied(a, [a, b, c]);
    for (const ref of [a, b, c]) expect(await tombstonesOf(ref)).toEqual([{ version: del3 }]);

    // The put the collected delete superseded, shipped again: it stays superseded.
    expect(await replica(a).applyRemote({ route: ROUTE, changes: [remotePut("k", put1)] })).toEqual({
      ok: true,
      applied: 0,
    });
    expect(await get(a, "k", true)).toEqual({ ok: true, size: 0 });
    // A change newer than the horizon applies as usual.
    const put4 = versionAt(start + 3);
    expect(await replica(a).applyRemote({ route: ROUTE, changes: [remotePut("k", put4)] })).toEqual({
      ok: true,
      applied: 1,
    });
    expect(await get(a, "k", true)).toMatchObject({ ok: true, itemJson: JSON.stringify(itemOf("k", { v: S(put4) })) });
  });

  test("the report's clock for a region stops at the first local change not yet acknowledged there", async () => {
    const [a, b, c] = await globalGroup();
    await acked(a, put("local"));
    await applied(a, [a, b, c]);
    const [{ version }] = await runInDurableObject(replica(a), (_instance, state) =>
      state.storage.sql.exec<{ version: string }>("SELECT version FROM items").toArray(),
    );
    const report = (await replica(a).tombstoneReport(ROUTE)) as { ok: true } & TombstoneReport;
    expect(report.below[EU]).toBe(version.split("/")[0]);
  });

  test("a member rebuilt from a snapshot gets the tombstones and the collection horizon", async () => {
    const [a, b, c] = await globalGroup();
    const start = Date.now() - 10_000;
    const changes = [remoteDelete("d1", versionAt(start)), remoteDelete("d2", versionAt(start + 10))];
    expect(await replica(a).applyRemote({ route: ROUTE, changes })).toMatchObject({ ok: true, applied: 2 });
    expect(await replica(a).collectTombstones(ROUTE, encodeHlc(start + 5, 0))).toEqual({ ok: true });
    await applied(a, [a, b, c]);
    // c restarts as a member that had received the first page of a snapshot, which deleted its
    // items and tombstones (and, here, its collection horizon).
    await runInDurableObject(replica(c), (_instance, state) => {
      const store = new ReplicaStorage(state.storage.sql);
      store.deleteItems();
      store.setState("installing", true);
      state.storage.sql.exec("DELETE FROM state WHERE name = 'collected'");
    });
    await evictDurableObject(replica(c));
    await acked(a, put("late"));
    await applied(a, [a, b, c]);
    expect(await tombstonesOf(c)).toEqual(await tombstonesOf(a));
    expect(await tombstonesOf(c)).toHaveLength(1);
    const collected = (ref: ReplicaRef) =>
      runInDurableObject(replica(ref), (_instance, state) =>
        new ReplicaStorage(state.storage.sql).getState<string>("collected"),
      );
    expect(await collected(c)).toBe(encodeHlc(start + 5, 0));
  });
});

describe("global tables: a region out longer than the log holds", () => {
  test("gets a copy of every item and tombstone, then the changes from where the copy began", async () => {
    // The table in eu-west-1, and a group in us-east-1 shipping to it.
    const name = uniqueName("resync");
    const eu = link.metadata("eu-west-1");
    await runInDurableObject(eu, async (instance: MetadataObject, state) => {
      const reply = instance.createTable(tableInput(name), Date.now());
      if (!reply.ok) throw new Error(reply.error.message);
      await state.storage.setAlarm(Date.now() + 3_600_000);
    });
    await runDurableObjectAlarm(eu);
    const members = await newGroup();
    const [a, b, c] = members;
    for (const ref of members) {
      const config = (await replicaState(ref)).config as ReplicaConfig;
      await replica(ref).configure({ ...config, region: "us-east-1", tableName: name, regions: ["eu-west-1"] });
    }
    await elect(a);
    const inEu = async (pk: string) => ((await read("eu-west-1", name, pk))?.v as { S: string } | undefined)?.S;
    await acked(a, put("k0", { v: S("0") }));
    await acked(a, put("k1", { v: S("1") }));
    await until("eu-west-1 has k0 and k1", async () => (await inEu("k0")) === "0" && (await inEu("k1")) === "1");

    faults.isolate("eu-west-1");
    try {
      await acked(a, put("k2", { v: S("2") }));
      await acked(a, { ...put("k0"), action: { kind: "delete" } });
      await applied(a, members);
      // Every member's log now starts after eu-west-1's cursor, as after a long outage.
      for (const ref of members) {
        await runInDurableObject(replica(ref), (_instance, state) => {
          const store = new ReplicaStorage(state.storage.sql);
          const last = store.lastLogRecord();
          if (!last) throw new Error("empty log");
          state.storage.sql.exec("DELETE FROM log WHERE lsn < ?", last.lsn);
          store.setState("base", { lsn: last.lsn - 1, term: last.term, stats: { itemCount: 2, sizeBytes: 0 } });
        });
      }
      // The leader goes down for good (its shipper, which still holds the records in memory,
      // never reaches eu-west-1); b and c restart from their storage.
      faults.crash(a.name);
      await evictDurableObject(replica(b));
      await evictDurableObject(replica(c));
    } finally {
      faults.rejoin("eu-west-1");
    }
    try {
      // The new leader's shipper finds the gap and copies everything, the delete as its tombstone.
      await elect(b);
      await until(
        "eu-west-1 has k2 and no k0",
        async () => (await inEu("k2")) === "2" && (await inEu("k0")) === undefined,
      );
      expect(await inEu("k1")).toBe("1");
      // Then it ships changes again.
      await acked(b, put("k3", { v: S("3") }));
      await until("eu-west-1 has k3", async () => (await inEu("k3")) === "3");
    } finally {
      faults.restart(a.name);
    }
  });
});
