/**
 * Global tables, data path: a table in two regions whose replicas are configured with each
 * other (as the control plane will do), written through the router in both regions. Changes
 * are shipped from each partition's leader to the other region and applied there when their
 * version (hybrid logical clock, region) is newer: both regions converge on the same winner.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import type { Item } from "../../../shared/api/attribute-value";
import { itemSize } from "../../../shared/api/item-size";
import type { MetadataObject, Route } from "../../../workers/metadata/metadata-object";
import type { ReplicaConfig } from "../../../workers/replica/protocol";
import { encodeHlc } from "../../../workers/replication/hlc";
import { asRegionId, encodeVersion } from "../../../workers/replication/version";
import { itemOf, link, replica, replicaState, S, send, TARGET_PREFIX, tableInput, uniqueName } from "../helpers";
import { acked, converged as applied, elect, keyOf, newGroup, put, ROUTE } from "../replica/group";

const REGIONS = ["us-east-1", "eu-west-1"] as const;
type Region = (typeof REGIONS)[number];

const authorization = (region: Region) =>
  `AWS4-HMAC-SHA256 Credential=AKID/20250101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=x`;
const call = (region: Region, operation: string, body: unknown) =>
  send(TARGET_PREFIX + operation, body, { authorization: authorization(region) });

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
