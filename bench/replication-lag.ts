/**
 * The replication-lag phase (issue 5): for each REGION_LATENCY_MS setting, on a separate
 * instance of the server (admin API on), a global table's lag from its home region to two
 * replica regions, seen from the server and from a client.
 *
 * A setting: create the bench table in HOME, add each of DESTINATIONS as a replica (one
 * UpdateTable each, waiting until DescribeTable shows it ACTIVE); write ~1 KB items with
 * `writers` closed-loop SDK clients in HOME for `seconds`; wait (at most DRAIN_BOUND_MS) until
 * `GET /admin/replication` shows nothing pending and read its lag figures per destination;
 * then, one key at a time, put a new key in HOME and poll every destination with ConsistentRead
 * GetItem (every POLL_EVERY_MS, at most POLL_BOUND_MS) until it appears: "visible after" is
 * from the PutItem's answer to the answer of the first read that returns the item.
 */

import {
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { replicationOf } from "./admin-api";
import { itemOf, keyOf, TABLE_NAME } from "./items";
import { onStop } from "./processes";
import { waitForQuiet } from "./quiet";
import { type Random, seededRandom } from "./random";
import { isDrained, type ReplicationReportDestination, summarizeVisibility } from "./replication-figures";
import type { ReplicationLagResult, ReplicationLagSetting } from "./results";
import { benchClient, createBenchTable, REGION } from "./sdk";
import type { ReplicationLagServer, RunningTarget, TargetContext } from "./targets/target";
import { writeLoad } from "./write-load";

export const LATENCY_SETTINGS = ["off", "default"] as const;
export const HOME = REGION;
export const DESTINATIONS = ["eu-west-1", "ap-northeast-1"] as const;
const DRAIN_BOUND_MS = 30_000;
const ACTIVE_BOUND_MS = 60_000;
export const POLL_EVERY_MS = 5;
export const POLL_BOUND_MS = 10_000;
export const VISIBILITY_KEYS = 50;
/** Keys the load writes over (records of the bench table's shape). */
const LOAD_KEYS = 1_000;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Adds `region` as a replica of the table and waits until the home region reports it ACTIVE. */
async function addReplica(home: DynamoDBClient, region: string): Promise<void> {
  await home.send(
    new UpdateTableCommand({ TableName: TABLE_NAME, ReplicaUpdates: [{ Create: { RegionName: region } }] }),
  );
  const deadline = performance.now() + ACTIVE_BOUND_MS;
  while (performance.now() < deadline) {
    const { Table } = await home.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    const replica = Table?.Replicas?.find((r) => r.RegionName === region);
    if (Table?.TableStatus === "ACTIVE" && replica?.ReplicaStatus === "ACTIVE") return;
    await sleep(200);
  }
  throw new Error(`replica ${region} not ACTIVE within ${ACTIVE_BOUND_MS / 1000} s`);
}

/** Polls /admin/replication until every destination has nothing pending; the last report, and ms taken or null. */
async function drain(endpoint: string): Promise<{ destinations: ReplicationReportDestination[]; ms: number | null }> {
  const started = performance.now();
  for (;;) {
    const destinations = await replicationOf(endpoint, TABLE_NAME, HOME);
    if (isDrained(destinations, DESTINATIONS)) return { destinations, ms: performance.now() - started };
    if (performance.now() - started > DRAIN_BOUND_MS) return { destinations, ms: null };
    await sleep(100);
  }
}

/** Ms from `since` until a ConsistentRead of `key` in `client`'s region returns an item; null past the bound. */
async function visibleAfter(client: DynamoDBClient, key: ReturnType<typeof keyOf>, since: number) {
  for (;;) {
    try {
      const { Item } = await client.send(new GetItemCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }));
      if (Item) return performance.now() - since;
    } catch {
      // a failed read counts as not yet visible
    }
    if (performance.now() - since > POLL_BOUND_MS) return null;
    await sleep(POLL_EVERY_MS);
  }
}

/** One key at a time: put in the home region, then poll every destination at once. */
async function sampleVisibility(home: DynamoDBClient, readers: DynamoDBClient[], random: Random) {
  const samples: (number | null)[][] = readers.map(() => []);
  for (let i = 0; i < VISIBILITY_KEYS; i++) {
    const record = LOAD_KEYS + i;
    try {
      await home.send(new PutItemCommand({ TableName: TABLE_NAME, Item: itemOf(record, random) }));
    } catch {
      for (const list of samples) list.push(null);
      continue;
    }
    const since = performance.now();
    const times = await Promise.all(readers.map((reader) => visibleAfter(reader, keyOf(record), since)));
    times.forEach((ms, index) => {
      samples[index].push(ms);
    });
  }
  return samples.map(summarizeVisibility);
}

async function measureSetting(
  server: ReplicationLagServer,
  context: TargetContext,
  latency: string,
  settings: { seconds: number; writers: number; seed: number },
): Promise<ReplicationLagSetting> {
  const result: ReplicationLagSetting = {
    latency,
    writeSeconds: settings.seconds,
    writes: { ok: 0, failed: 0 },
    drainMs: null,
    destinations: [],
  };
  let running: RunningTarget | undefined;
  const clients: DynamoDBClient[] = [];
  const forget = onStop(async () => running?.stop());
  try {
    running = await server.start(context, latency);
    const endpoint = running.endpoint;
    const home = benchClient(endpoint, settings.writers, 10_000, HOME);
    const readers = DESTINATIONS.map((region) => benchClient(endpoint, 1, 10_000, region));
    clients.push(home, ...readers);
    await createBenchTable(home);
    for (const region of DESTINATIONS) await addReplica(home, region);
    if (!(await waitForQuiet(10_000))) context.log("  (the machine is busy with other processes)");
    const random = seededRandom(settings.seed + 3_000);
    const end = performance.now() + settings.seconds * 1000;
    result.writes = await writeLoad(home, {
      table: TABLE_NAME,
      writers: settings.writers,
      keys: LOAD_KEYS,
      random,
      done: () => performance.now() >= end,
      pauseMs: POLL_EVERY_MS,
    });
    const drained = await drain(endpoint);
    result.drainMs = drained.ms;
    const visible = await sampleVisibility(home, readers, random);
    result.destinations = DESTINATIONS.map((region, index) => {
      const server = drained.destinations.find((d) => d.region === region);
      return {
        region,
        lagP50Ms: server?.lagP50Ms ?? null,
        lagP99Ms: server?.lagP99Ms ?? null,
        samples: server?.samples ?? 0,
        pending: server?.pending ?? null,
        visible: visible[index],
      };
    });
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    for (const client of clients) client.destroy();
    await running?.stop();
    forget();
  }
  return result;
}

const ms = (value: number | null) => (value === null ? "–" : value.toFixed(1));

function describeSetting(s: ReplicationLagSetting): string[] {
  const head = `replication lag, REGION_LATENCY_MS=${s.latency}: ${s.writes.ok} writes (${s.writes.failed} failed) in ${s.writeSeconds} s, drained ${s.drainMs === null ? "not within the bound" : `in ${Math.round(s.drainMs)} ms`}`;
  return [
    head,
    ...s.destinations.map(
      (d) =>
        `  → ${d.region}: lag p50 ${ms(d.lagP50Ms)} p99 ${ms(d.lagP99Ms)} ms (${d.samples} samples, ${d.pending ?? "–"} pending);` +
        ` visible after p50 ${ms(d.visible.p50Ms)} p99 ${ms(d.visible.p99Ms)} ms (${d.visible.visible}/${d.visible.keys})`,
    ),
    ...(s.error ? [`✗ replication lag: ${s.error}`] : []),
  ];
}

/** Runs every latency setting on its own instance; a failure is recorded on its setting, not thrown. */
export async function measureReplicationLag(
  server: ReplicationLagServer,
  context: TargetContext,
  settings: { seconds: number; writers: number; seed: number },
): Promise<ReplicationLagResult> {
  const result: ReplicationLagResult = {
    vars: server.vars,
    homeRegion: HOME,
    writers: settings.writers,
    visibilityKeys: VISIBILITY_KEYS,
    pollEveryMs: POLL_EVERY_MS,
    pollBoundMs: POLL_BOUND_MS,
    drainBoundMs: DRAIN_BOUND_MS,
    settings: [],
  };
  for (const latency of LATENCY_SETTINGS) {
    context.log(`replication lag: starting a separate instance (REGION_LATENCY_MS=${latency})`);
    const measured = await measureSetting(server, context, latency, settings);
    result.settings.push(measured);
    for (const line of describeSetting(measured)) context.log(line);
  }
  return result;
}
