/**
 * Table activation through the link (workers/metadata/activation.ts): a replica the link
 * refuses (crashed) does not hold the table back once a majority of its group took the
 * configuration, and later alarms configure it; without a majority the table stays CREATING.
 * The objects project makes groups of one, so these tables get a group of three in the catalog
 * before their alarm runs.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, test } from "vitest";
import { faults } from "../../../workers/link/faults";
import { RETRY_MS } from "../../../workers/metadata/activation";
import { Catalog } from "../../../workers/metadata/catalog";
import { HASH_MAX, HASH_MIN } from "../../../workers/metadata/partition-map";
import type { ReplicaRef } from "../../../workers/replica/protocol";
import { dynamo, holdingAlarm, itemOf, metadata, REGION, replicaState, tableInput, uniqueName } from "../helpers";
import { ZONES } from "../replica/group";

afterEach(() => faults.reset());

/** A CREATING table (its alarm held) whose one partition is a group of three. */
async function creatingTable(): Promise<{ name: string; tableId: string; members: ReplicaRef[] }> {
  const name = uniqueName("activate");
  const created = await holdingAlarm((m) => m.createTable(tableInput(name), Date.now()));
  if (!created.ok) throw new Error(created.error.message);
  const tableId = created.description.TableId as string;
  const members = ZONES.map((zone) => ({ name: `${tableId}/p0/${REGION}/${zone}`, zone, locationHint: "enam" }));
  const map = { tableId, version: 1, partitions: [{ id: "p0", low: HASH_MIN, high: HASH_MAX, replicas: members }] };
  await runInDurableObject(metadata(), (_instance, state) => new Catalog(state.storage.sql).putMap(map));
  return { name, tableId, members };
}

async function statusOf(name: string): Promise<string | undefined> {
  const reply = await metadata().route(name);
  return reply.ok ? reply.table.status : undefined;
}

/** The members of `tableId` recorded as still to configure. */
const unconfigured = (tableId: string) =>
  runInDurableObject(metadata(), (_instance, state) =>
    new Catalog(state.storage.sql)
      .allUnconfigured()
      .filter((u) => u.tableId === tableId)
      .map((u) => u.member),
  );

const configOf = async (ref: ReplicaRef) => (await replicaState(ref)).config;

/** Whether the metadata object's alarm is set to come back within RETRY_MS. */
const retrySoon = async () => {
  const at = await runInDurableObject(metadata(), (_instance, state) => state.storage.getAlarm());
  return at !== null && at <= Date.now() + RETRY_MS;
};

describe("activation through the link", () => {
  test("a crashed replica does not keep its table CREATING: two of three configured make it ACTIVE, it serves, and the next alarm configures the replica once it is back", async () => {
    const { name, tableId, members } = await creatingTable();
    const [a, b, c] = members;
    faults.crash(c.name);

    await runDurableObjectAlarm(metadata());
    expect(await statusOf(name)).toBe("ACTIVE");
    expect(await configOf(a)).toMatchObject({ tableId, members });
    expect(await configOf(b)).toMatchObject({ tableId, members });
    expect(await configOf(c)).toBeUndefined();
    expect(await unconfigured(tableId)).toEqual([c.name]);
    expect(await retrySoon()).toBe(true);

    // The group of a and b elects a leader and commits writes without c.
    const put = await dynamo("PutItem", { TableName: name, Item: itemOf("k") });
    expect(put.status).toBe(200);
    const get = await dynamo("GetItem", { TableName: name, Key: { pk: { S: "k" } }, ConsistentRead: true });
    expect(get.body).toEqual({ Item: itemOf("k") });

    // Still down: the alarm tries again and keeps it recorded.
    await runDurableObjectAlarm(metadata());
    expect(await unconfigured(tableId)).toEqual([c.name]);

    faults.restart(c.name);
    await runDurableObjectAlarm(metadata());
    expect(await configOf(c)).toMatchObject({ tableId, members });
    expect(await unconfigured(tableId)).toEqual([]);
  });

  test("with two of three replicas crashed the table stays CREATING and the alarm comes back; it goes ACTIVE once they are back", async () => {
    const { name, tableId, members } = await creatingTable();
    const [a, b, c] = members;
    faults.crash(b.name);
    faults.crash(c.name);

    await runDurableObjectAlarm(metadata());
    expect(await statusOf(name)).toBe("CREATING");
    expect(await configOf(a)).toMatchObject({ tableId });
    expect(await retrySoon()).toBe(true);

    faults.restart(b.name);
    faults.restart(c.name);
    await runDurableObjectAlarm(metadata());
    expect(await statusOf(name)).toBe("ACTIVE");
    for (const ref of members) expect(await configOf(ref)).toMatchObject({ tableId, members });
    expect(await unconfigured(tableId)).toEqual([]);
  });
});
