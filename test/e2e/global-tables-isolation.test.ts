/**
 * A global table across three regions, with the simulated distances between regions on (the
 * self-hosted default) and the admin API: while eu-west-1 is isolated the other regions keep
 * taking writes and deletes, and keep the deletes' tombstones; once it rejoins, the backlog
 * drains, every region holds the same items, compared partition by partition with the members'
 * digests, and the tombstones are collected everywhere.
 */

import {
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { until } from "../helpers/global-tables";
import { createItemTable } from "../helpers/items";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"] as const;
let running: AdminServer;

beforeAll(async () => {
  running = await startAdminServer({
    REGION_LATENCY_MS: "default",
    INITIAL_PARTITIONS: "2",
    TOMBSTONE_SWEEP_MS: "300",
  });
});
afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds (test/helpers/global-tables.ts `until`). */
const holds = (what: string, check: () => Promise<boolean>) => until(what, check, (ok) => ok);

/** Each partition's digest in `region`, once all its members agree; by partition id. */
async function digests(table: string, region: string): Promise<Record<string, string>> {
  const report = await running.admin<{ partitions: { id: string; members: { digest: string }[] }[] }>(
    `/admin/digests?table=${table}&region=${region}`,
  );
  const out: Record<string, string> = {};
  for (const p of report.partitions) out[p.id] = [...new Set(p.members.map((m) => m.digest))].join(",");
  return out;
}

/** The tombstones every member of every partition of `table` in `region` holds. */
async function tombstones(table: string, region: string): Promise<number> {
  const report = await running.admin<{ partitions: { members: { tombstones: number | null }[] }[] }>(
    `/admin/groups?table=${table}&region=${region}`,
  );
  return report.partitions.flatMap((p) => p.members).reduce((sum, m) => sum + (m.tombstones ?? 0), 0);
}

interface Destination {
  region: string;
  pending: number;
  samples: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
}

/** The replication metrics from `region`, by destination region. */
async function replication(table: string, region: string): Promise<Record<string, Destination>> {
  const report = await running.admin<{ destinations: Destination[] }>(
    `/admin/replication?table=${table}&region=${region}`,
  );
  return Object.fromEntries(report.destinations.map((d) => [d.region, d]));
}

describe("global tables: isolation", () => {
  test("an isolated region misses writes while the others go on, and tombstones stay; after it rejoins, every region converges to identical partitions and the tombstones go", async () => {
    const clients = Object.fromEntries(REGIONS.map((r) => [r, running.sdkIn(r)]));
    const us = clients["us-east-1"];
    const table = await createItemTable(us, "isolated");
    for (const region of ["eu-west-1", "ap-northeast-1"]) {
      await us.send(new UpdateTableCommand({ TableName: table, ReplicaUpdates: [{ Create: { RegionName: region } }] }));
      await holds(`${region} is an ACTIVE replica`, async () => {
        const d = await us.send(new DescribeTableCommand({ TableName: table }));
        return d.Table?.Replicas?.some((r) => r.RegionName === region && r.ReplicaStatus === "ACTIVE") === true;
      });
    }

    await running.admin("/admin/faults", { action: "isolate", region: "eu-west-1" });
    const put = (region: (typeof REGIONS)[number], pk: string) =>
      clients[region].send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: region } } }));
    for (let i = 0; i < 10; i++) {
      await put("us-east-1", `us-${i}`);
      await put("ap-northeast-1", `ap-${i}`);
      await put("eu-west-1", `eu-${i}`);
    }
    const del = (region: (typeof REGIONS)[number], pk: string) =>
      clients[region].send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
    for (let i = 0; i < 3; i++) {
      await del("us-east-1", `us-${i}`);
      await del("ap-northeast-1", `ap-${i}`);
    }
    // ap-northeast-1 sees us-east-1's writes (150 ms away); eu-west-1 sees none of them.
    const get = (region: (typeof REGIONS)[number], pk: string) =>
      clients[region]
        .send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))
        .then((r) => r.Item?.v?.S);
    await holds(
      "us-east-1's writes reach ap-northeast-1",
      async () => (await get("ap-northeast-1", "us-9")) === "us-east-1",
    );
    expect(await get("eu-west-1", "us-0")).toBeUndefined();
    expect(await get("us-east-1", "eu-0")).toBeUndefined();
    // The metrics show the backlog towards the isolated region.
    const during = await replication(table, "us-east-1");
    expect(during["eu-west-1"].pending).toBeGreaterThan(0);
    // The deletes left tombstones, which stay while eu-west-1 has not seen them (sweeps every 300 ms).
    await sleep(1000);
    expect(await tombstones(table, "us-east-1")).toBeGreaterThan(0);
    expect(await tombstones(table, "ap-northeast-1")).toBeGreaterThan(0);

    await running.admin("/admin/faults", { action: "rejoin", region: "eu-west-1" });
    // The backlog drains (the next writes kick the shippers that gave up meanwhile).
    await holds("every region holds every write", async () => {
      for (const region of REGIONS) await put(region, `kick-${region}`);
      const seen = await Promise.all(REGIONS.flatMap((r) => ["us-9", "eu-9", "ap-9"].map((pk) => get(r, pk))));
      return seen.every((v) => v !== undefined);
    });
    await holds("every region's partitions are identical", async () => {
      const all = await Promise.all(REGIONS.map((r) => digests(table, r)));
      return all.every(
        (d) => JSON.stringify(d) === JSON.stringify(all[0]) && !Object.values(d).some((x) => x.includes(",")),
      );
    });
    // Drained, and the lag to eu-west-1 is at least the simulated distance (70 ms round trip).
    await holds("nothing is pending", async () => (await replication(table, "us-east-1"))["eu-west-1"].pending === 0);
    const after = await replication(table, "us-east-1");
    expect(after["ap-northeast-1"].samples).toBeGreaterThan(0);
    expect(after["eu-west-1"].lagP50Ms).toBeGreaterThanOrEqual(35);
    // Every region has passed the deletes: their tombstones are collected everywhere, and the
    // deleted items stay deleted.
    await holds("every tombstone is collected", async () => {
      const counts = await Promise.all(REGIONS.map((r) => tombstones(table, r)));
      return counts.every((n) => n === 0);
    });
    for (const region of REGIONS) {
      expect(await get(region, "us-0")).toBeUndefined();
      expect(await get(region, "ap-2")).toBeUndefined();
      expect(await get(region, "us-3")).toBe("us-east-1");
    }
    for (const client of Object.values(clients)) client.destroy();
  }, 120_000);
});
