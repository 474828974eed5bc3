import { afterEach, describe, expect, test } from "vitest";
import type { TableMeta } from "../../../../shared/api/table";
import { faults } from "../../../../workers/link/faults";
import { Link } from "../../../../workers/link/link";
import {
  type AutoadminCatalog,
  autoadminDue,
  CALL_TIMEOUT_MS,
  RETRY_AFTER_MS,
  replaceDegraded,
  replacementFor,
  withReplacement,
} from "../../../../workers/metadata/autoadmin";
import type { Degraded } from "../../../../workers/metadata/catalog";
import type { Partition, PartitionMap } from "../../../../workers/metadata/partition-map";
import type { ReplicaConfig } from "../../../../workers/replica/protocol";
import { fakeObjects } from "../../../helpers/fake-objects";
import { ManualClock } from "../../../helpers/manual-clock";
import { watch } from "../../../helpers/watch";

afterEach(() => faults.reset());

const member = { name: "tid/p1/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" };

describe("autoadmin", () => {
  test("a replacement keeps the zone and the name's shape, with a generation on the partition segment", () => {
    const first = replacementFor(member);
    expect(first).toEqual({ name: "tid/p1.r1/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" });
    expect(replacementFor(first).name).toBe("tid/p1.r2/us-east-1/us-east-1c");
  });

  test("withReplacement swaps the member in its partition only and bumps the map version", () => {
    const other = { name: "tid/p0/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" };
    const map: PartitionMap = {
      tableId: "tid",
      version: 3,
      partitions: [
        { id: "p0", low: "0000000000000000", high: "7fffffffffffffff", replicas: [other] },
        { id: "p1", low: "8000000000000000", high: "ffffffffffffffff", replicas: [member] },
      ],
    };
    const next = withReplacement(map, "p1", member.name, replacementFor(member));
    expect(next.version).toBe(4);
    expect(next.partitions[0].replicas).toEqual([other]);
    expect(next.partitions[1].replicas.map((r) => r.name)).toEqual(["tid/p1.r1/us-east-1/us-east-1c"]);
    expect(map.version).toBe(3);
  });
});

/** The catalog autoadmin reads and changes, in memory. */
function catalogOf(tables: TableMeta[], maps: PartitionMap[], degraded: Degraded[]) {
  const state = { maps: new Map(maps.map((m) => [m.tableId, m])), degraded: [...degraded] };
  const catalog: AutoadminCatalog = {
    allDegraded: () => [...state.degraded],
    deleteDegraded: (tableId, partitionId) => {
      state.degraded = state.degraded.filter((d) => d.tableId !== tableId || d.partitionId !== partitionId);
    },
    getMap: (tableId) => state.maps.get(tableId),
    putMap: (map) => void state.maps.set(map.tableId, map),
  };
  /** Each map's configuration: the tables' maps are known, any other is gone. */
  const configOf = (mapId: string) => (tables.some((t) => t.id === mapId) ? config : undefined);
  return { catalog, state, configOf };
}

const AFTER = 400;
const zoneMember = (zone: string) => ({
  name: `tid/p1/us-east-1/us-east-1${zone}`,
  zone: `us-east-1${zone}`,
  locationHint: "enam",
});
const [ma, mb, mc] = ["a", "b", "c"].map(zoneMember);
const groupMap: PartitionMap = {
  tableId: "tid",
  version: 3,
  partitions: [{ id: "p1", low: "0000000000000000", high: "ffffffffffffffff", replicas: [ma, mb, mc] }],
};
const table = { id: "tid", name: "music" } as TableMeta;
const config = (map: PartitionMap, partition: Partition) =>
  ({ mapVersion: map.version, members: partition.replicas }) as unknown as ReplicaConfig;

/** Members answering their status as a group led by `leader` (none: no leader), with voters `voters`. */
function group(voters: string[], leader: string | undefined = ma.name) {
  return fakeObjects((name, method) => {
    if (method !== "status") return undefined;
    return { name, role: name === leader ? "leader" : "follower", term: 4, voters };
  });
}

describe("autoadmin on the clock", () => {
  test.each([
    { since: [], retryAt: undefined, due: undefined },
    { since: [100, 50], retryAt: undefined, due: 50 + AFTER },
    { since: [100, 50], retryAt: 300, due: 300 },
    { since: [100], retryAt: 900, due: 100 + AFTER },
    { since: [], retryAt: 900, due: 900 },
  ])("reports since $since, retry at $retryAt: the alarm is due at $due", ({ since, retryAt, due }) => {
    const degraded = since.map((s, i) => ({ tableId: "t", partitionId: `p${i}`, member: "m", since: s }));
    expect(autoadminDue(degraded, AFTER, retryAt)).toBe(due);
  });

  test("a member reported degraded is replaced once REPLACE_AFTER_MS has passed on the clock, not before", async () => {
    const clock = new ManualClock();
    const { catalog, state, configOf } = catalogOf(
      [table],
      [groupMap],
      [{ tableId: "tid", partitionId: "p1", member: mc.name, since: clock.now() }],
    );
    const { env, received } = group([ma.name, mb.name, "log-replica"]);
    const link = new Link(env, undefined, { clock });

    await clock.advance(AFTER - 1);
    expect(await replaceDegraded(catalog, link, clock.now(), AFTER, configOf)).toBeUndefined();
    expect(received).toEqual([]);
    expect(state.degraded).toHaveLength(1);

    await clock.advance(1);
    expect(await replaceDegraded(catalog, link, clock.now(), AFTER, configOf)).toBeUndefined();
    const replacement = replacementFor(mc).name;
    expect(state.maps.get("tid")?.version).toBe(4);
    expect(state.maps.get("tid")?.partitions[0].replicas.map((r) => r.name)).toEqual([ma.name, mb.name, replacement]);
    expect(received.filter((r) => r.method === "configure").map((r) => r.name)).toEqual([
      ma.name,
      mb.name,
      replacement,
    ]);
    expect(received.filter((r) => r.method === "drop").map((r) => r.name)).toEqual([mc.name]);
    expect(state.degraded).toEqual([]);
  });

  test("a member back among the leader's voters is healed: the report goes, the map stays", async () => {
    const clock = new ManualClock();
    const { catalog, state, configOf } = catalogOf(
      [table],
      [groupMap],
      [{ tableId: "tid", partitionId: "p1", member: mc.name, since: clock.now() - AFTER }],
    );
    const link = new Link(group([ma.name, mb.name, mc.name]).env, undefined, { clock });
    expect(await replaceDegraded(catalog, link, clock.now(), AFTER, configOf)).toBeUndefined();
    expect(state.maps.get("tid")).toBe(groupMap);
    expect(state.degraded).toEqual([]);
  });

  test("with no leader answering within 2 s on the clock, the report stays and autoadmin comes back 5 s later", async () => {
    const clock = new ManualClock();
    const report = { tableId: "tid", partitionId: "p1", member: mc.name, since: clock.now() - AFTER };
    const { catalog, state, configOf } = catalogOf([table], [groupMap], [report]);
    const link = new Link(group([ma.name, mb.name], ma.name).env, undefined, { clock });
    faults.stop(ma.name);
    const start = clock.now();
    const run = watch(replaceDegraded(catalog, link, start, AFTER, configOf));
    await clock.advance(CALL_TIMEOUT_MS - 1);
    expect(run.state).toBe("pending");
    await clock.advance(1);
    expect(run).toMatchObject({ state: "resolved", value: start + RETRY_AFTER_MS });
    expect(state.degraded).toEqual([report]);
    expect(state.maps.get("tid")).toBe(groupMap);
  });

  test("the report of a table no longer in the catalog goes", async () => {
    const clock = new ManualClock();
    const { catalog, state, configOf } = catalogOf(
      [],
      [],
      [{ tableId: "gone", partitionId: "p1", member: mc.name, since: clock.now() - AFTER }],
    );
    const { env, received } = group([]);
    expect(
      await replaceDegraded(catalog, new Link(env, undefined, { clock }), clock.now(), AFTER, configOf),
    ).toBeUndefined();
    expect(state.degraded).toEqual([]);
    expect(received).toEqual([]);
  });
});
