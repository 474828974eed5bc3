/**
 * Log replicas: a member that stays unreachable is replaced in the vote by a log-only replica
 * in another zone, which keeps write quorum; when the member is back and caught up, it takes
 * its place again and the log replica drops its log; a member out for REPLACE_AFTER_MS is
 * replaced by autoadmin. LOG_REPLICA_AFTER_MS is 300 ms and REPLACE_AFTER_MS 400 ms in the
 * objects project (vitest.config.ts).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, test } from "vitest";
import { faults } from "../../../workers/link/faults";
import { Catalog } from "../../../workers/metadata/catalog";
import { HASH_MAX, HASH_MIN } from "../../../workers/metadata/partition-map";
import type { ReplicaRef } from "../../../workers/replica/protocol";
import { holdingAlarm, metadata, REGION, replica, tableInput, uniqueName } from "../helpers";
import { acked, converged, crash, elect, itemsOf, keysOf, logOf, newGroup, put, status, until, ZONES } from "./group";

afterEach(() => faults.reset());

const logReplicaOf = (member: ReplicaRef, host: ReplicaRef): ReplicaRef => ({
  name: `${member.name}~log`,
  zone: host.zone,
  locationHint: host.locationHint,
});

let n = 0;
/** Keeps writing through `leader` until `check` holds. */
async function writingUntil(leader: ReplicaRef, what: string, check: () => Promise<boolean>): Promise<void> {
  await until(
    what,
    async () => {
      await acked(leader, put(`w${n++}`));
      return check();
    },
    8000,
  );
}

describe("log replicas", () => {
  test("a member unreachable past LOG_REPLICA_AFTER_MS is replaced in the vote by a log replica, which keeps write quorum when another member fails, and hands back once the member has caught up", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("before"));
    await crash(c);

    // c stays down: a removes it from the vote, then adds a log replica of it in b's zone.
    const g = logReplicaOf(c, b);
    await writingUntil(a, "the log replica votes", async () => (await status(a)).voters.includes(g.name));
    expect((await status(a)).voters).toEqual([a.name, b.name, g.name]);
    const logReplica = await status(g);
    expect(logReplica).toMatchObject({ logOnly: true, role: "follower", leader: a.name });
    expect(await itemsOf(g)).toEqual([]);
    expect((await logOf(g)).length).toBeGreaterThan(0);

    // With c still down, b fails too: a and the log replica are a quorum of the group.
    await crash(b);
    for (let i = 0; i < 5; i++) await acked(a, put(`quorum-with-log-replica-${i}`));
    const leader = await status(a);
    expect((await status(g)).last).toBe(leader.last);
    faults.restart(b.name);

    // c is back: it catches up as a learner, the log replica leaves the vote, c rejoins it.
    faults.restart(c.name);
    await writingUntil(a, "c votes again", async () => {
      const voters = (await status(a)).voters;
      return voters.includes(c.name) && !voters.includes(g.name);
    });
    expect((await status(a)).voters).toEqual([a.name, b.name, c.name]);
    await acked(a, put("after"));
    await converged(a, [a, b, c]);
    expect(await itemsOf(c)).toEqual(await itemsOf(a));
    expect(await itemsOf(b)).toEqual(await itemsOf(a));
    expect(await keysOf(c)).toContain("quorum-with-log-replica-4");
    // The log replica dropped its log once its removal committed.
    await until("the log replica dropped its log", async () => (await logOf(g)).length === 0);
    expect(await replica(g).status()).toMatchObject({ logOnly: false, last: 0 });
  }, 30_000);

  test("a new leader elected while a log replica votes counts it: the group keeps serving writes", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await crash(c);
    const g = logReplicaOf(c, b);
    await writingUntil(a, "the log replica votes", async () => (await status(a)).voters.includes(g.name));
    // Crashed as the admin API crashes it (the runtime's eviction would wait for a's pumps).
    faults.crash(a.name);
    await replica(a)
      .evict()
      .catch(() => undefined);
    // b campaigns among the voters it knows, a (down) and the log replica.
    await elect(b);
    for (let i = 0; i < 3; i++) await acked(b, put(`after-failover-${i}`));
    expect((await status(b)).voters).toEqual(expect.arrayContaining([b.name, g.name]));
    expect((await status(g)).leader).toBe(b.name);
  }, 30_000);
});

describe("autoadmin", () => {
  test("a member still out of the vote REPLACE_AFTER_MS after its leader reported it is replaced: a new replica in its zone joins the map, is built by the leader and takes the log replica's vote", async () => {
    // A table the metadata object knows, whose one partition is a group of three.
    const name = uniqueName("replace");
    const created = await holdingAlarm((m) => m.createTable(tableInput(name), Date.now()));
    if (!created.ok) throw new Error(created.error.message);
    const tableId = created.description.TableId as string;
    const [a, b, c] = ZONES.map((zone) => ({ name: `${tableId}/p0/${REGION}/${zone}`, zone, locationHint: "enam" }));
    const map = {
      tableId,
      version: 1,
      partitions: [{ id: "p0", low: HASH_MIN, high: HASH_MAX, replicas: [a, b, c] }],
    };
    await runInDurableObject(metadata(), (_instance, state) => {
      const catalog = new Catalog(state.storage.sql);
      const table = catalog.getTable(name)!;
      catalog.putTable({ ...table, status: "ACTIVE" });
      catalog.putMap(map);
    });
    const config = {
      tableId,
      partitionId: "p0",
      low: HASH_MIN,
      high: HASH_MAX,
      mapVersion: 1,
      keySchema: { hash: { name: "pk", type: "S" as const } },
      members: [a, b, c],
      region: REGION,
    };
    for (const ref of [a, b, c]) await replica(ref).configure(config);
    const route = { tableId, mapVersion: 1 };
    const putAt = (pk: string, mapVersion = 1) => ({ ...put(pk), route: { ...route, mapVersion } });

    await elect(a);
    await acked(a, putAt("before"));
    await crash(c);
    const g = logReplicaOf(c, b);
    await until(
      "the log replica votes",
      async () => {
        await acked(a, putAt(`w${n++}`));
        return (await status(a)).voters.includes(g.name);
      },
      8000,
    );

    // The leader reported the partition degraded; once REPLACE_AFTER_MS has passed, the alarm replaces c.
    await new Promise((resolve) => setTimeout(resolve, 450));
    await runDurableObjectAlarm(metadata());
    const replacement = { name: `${tableId}/p0.r1/${REGION}/us-east-1c`, zone: "us-east-1c", locationHint: "enam" };
    const next = await runInDurableObject(metadata(), (_instance, state) =>
      new Catalog(state.storage.sql).getMap(tableId),
    );
    expect(next?.version).toBe(2);
    expect(next?.partitions[0].replicas).toEqual([a, b, replacement]);

    // Writes (routed with the new map version) drive the hand-off: the replacement catches up,
    // the log replica leaves the vote, the replacement joins it.
    await until(
      "the replacement votes",
      async () => {
        await acked(a, putAt(`after-${n++}`, 2));
        const voters = (await status(a)).voters;
        return voters.includes(replacement.name) && !voters.includes(g.name);
      },
      8000,
    );
    await converged(a, [a, b, replacement]);
    expect(await itemsOf(replacement)).toEqual(await itemsOf(a));
    expect(await keysOf(replacement)).toContain("before");
  }, 30_000);
});
