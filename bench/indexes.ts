/**
 * The secondary-indexes phase (issue 15): on a separate instance of the server (as `npm start`
 * runs it), how long a write takes to show in a global secondary index, and what GSIs cost the
 * writes of their table.
 *
 * Propagation: a table whose GSI is keyed on `field0` (a fresh 100-byte random string in every
 * item the bench writes); `keys` new items, one at a time, each put and then looked for with a
 * Query on the index (eventually consistent: GSIs are) every POLL_EVERY_MS until its items
 * include it (at most POLL_BOUND_MS). "Visible after" runs from the PutItem's answer to the
 * answer of that Query, so it includes up to one poll interval and one Query. Taken once on the
 * idle server and once while `writers` closed-loop SDK clients put items on the same table.
 *
 * Write cost: three tables identical but for their GSIs (none; one on field0; five on field0 to
 * field4), each written by `wrk` with pre-signed PutItems of ~1 KB items (each write moves the
 * item's entry in every index: its field values are new). After an unmeasured warm-up of each,
 * `rounds` rounds run each table once, the order rotating by round; the ratios are taken within
 * a round. GSIs are fed off the request path, from the base partition leader's committed log,
 * so what they cost shows as server CPU competing with the writes; after every run the bench
 * waits until the server's CPU settles (the backlog fed) and counts that CPU too.
 */

import { join } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { type IndexFeedingReport, indexesOf } from "./admin-api";
import { type ServerPids, treeCpuSeconds } from "./cpu";
import { roundOrder } from "./index-figures";
import { type DynamoItem, itemOf, PARTITION_KEY } from "./items";
import type { MeasureContext } from "./measure-target";
import type { BenchOptions, IndexProjection } from "./options";
import { onStop } from "./processes";
import { measureQuietly, waitForQuiet } from "./quiet";
import { type Random, seededRandom } from "./random";
import { summarizeVisibility } from "./replication-figures";
import { indexCostOf } from "./report/indexes";
import type { IndexCostRun, IndexesResult, IndexPropagation } from "./results";
import { benchClient, REGION } from "./sdk";
import { type SignedRequest, signRequests } from "./signed-requests";
import type { IndexesServer, RunningTarget, TargetContext } from "./targets/target";
import { writeLoad } from "./write-load";
import { runWrk } from "./wrk";

export const POLL_EVERY_MS = 5;
export const POLL_BOUND_MS = 10_000;
const ACTIVE_BOUND_MS = 60_000;
/** How long the bench waits for the server's CPU to settle after a write-cost run. */
export const DRAIN_BOUND_MS = 60_000;
/** Server CPU (cores) over a DRAIN_SAMPLE_MS window below which it counts as settled. */
export const IDLE_CORES = 0.1;
const DRAIN_SAMPLE_MS = 250;
/** Keys the background writers put over (beyond the sampled ones). */
const LOAD_KEYS = 1_000;

export const PROPAGATION_TABLE = "usertable_gsi_propagation";
export const PROPAGATION_INDEX = { name: "field0-index", key: "field0", projection: "INCLUDE field1" };

/**
 * The write-cost tables, the baseline first: their phase name, table name, GSI key attributes and
 * how the report names them. Every write gives every field a new value, so it moves the item's
 * entry in a GSI keyed on a field (a delete and a put there); `stays`'s GSI is keyed on `pk`,
 * which a write keeps, so its entry is put in place. Issue 15's goal is checked on `one`.
 */
export const COST_TABLES = [
  { table: "none", name: "usertable_gsi0", keys: [] as string[], label: "no GSI", short: "no GSI" },
  {
    table: "one",
    name: "usertable_gsi1",
    keys: ["field0"],
    label: "1 GSI (`field0`: moved by every write)",
    short: "1 GSI",
    goal: true,
  },
  {
    table: "stays",
    name: "usertable_gsi1s",
    keys: [PARTITION_KEY],
    label: "1 GSI (`pk`: kept by every write)",
    short: "1 GSI, kept",
  },
  {
    table: "five",
    name: "usertable_gsi5",
    keys: ["field0", "field1", "field2", "field3", "field4"],
    label: "5 GSIs (`field0`…`field4`)",
    short: "5 GSIs",
  },
] as const;

/** The table's GSIs as the admin API reports them; undefined if it could not be read (the figures are extras). */
async function feedingOf(endpoint: string, table: string): Promise<IndexFeedingReport[] | undefined> {
  try {
    return await indexesOf(endpoint, table, REGION);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A table of the bench's key schema with one HASH-keyed GSI per attribute of `gsis`, and waits until it and they are ACTIVE. */
async function createTable(
  client: DynamoDBClient,
  name: string,
  gsis: { key: string; projection: GlobalSecondaryIndex["Projection"] }[],
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: PARTITION_KEY, AttributeType: "S" },
        ...gsis
          .filter((gsi) => gsi.key !== PARTITION_KEY)
          .map((gsi) => ({ AttributeName: gsi.key, AttributeType: "S" as const })),
      ],
      KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      ...(gsis.length > 0
        ? {
            GlobalSecondaryIndexes: gsis.map((gsi) => ({
              IndexName: `${gsi.key}-index`,
              KeySchema: [{ AttributeName: gsi.key, KeyType: "HASH" as const }],
              Projection: gsi.projection,
            })),
          }
        : {}),
    }),
  );
  const deadline = performance.now() + ACTIVE_BOUND_MS;
  while (performance.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (
      Table?.TableStatus === "ACTIVE" &&
      indexes.length === gsis.length &&
      indexes.every((index) => index.IndexStatus === "ACTIVE")
    )
      return;
    await sleep(100);
  }
  throw new Error(`table ${name} and its indexes not ACTIVE within ${ACTIVE_BOUND_MS / 1000} s`);
}

/** Ms from `since` until a Query on the index for `item`'s index key returns it; null past the bound. */
async function visibleAfter(client: DynamoDBClient, item: DynamoItem, since: number): Promise<number | null> {
  const key = item[PROPAGATION_INDEX.key];
  const pk = item[PARTITION_KEY].S;
  for (;;) {
    try {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: PROPAGATION_TABLE,
          IndexName: PROPAGATION_INDEX.name,
          KeyConditionExpression: "#k = :v",
          ExpressionAttributeNames: { "#k": PROPAGATION_INDEX.key },
          ExpressionAttributeValues: { ":v": key },
        }),
      );
      if (Items?.some((found) => found[PARTITION_KEY]?.S === pk)) return performance.now() - since;
    } catch {
      // a failed Query counts as not yet visible
    }
    if (performance.now() - since > POLL_BOUND_MS) return null;
    await sleep(POLL_EVERY_MS);
  }
}

/** `keys` new items (records from `first`), one at a time: put, then poll the index for it. */
async function sampleVisibility(client: DynamoDBClient, keys: number, first: number, random: Random) {
  const visible: (number | null)[] = [];
  const put: (number | null)[] = [];
  for (let i = 0; i < keys; i++) {
    const item = itemOf(first + i, random);
    const sent = performance.now();
    try {
      await client.send(new PutItemCommand({ TableName: PROPAGATION_TABLE, Item: item }));
    } catch {
      visible.push(null);
      put.push(null);
      continue;
    }
    const since = performance.now();
    put.push(since - sent);
    visible.push(await visibleAfter(client, item, since));
  }
  return { visible: summarizeVisibility(visible), put: summarizeVisibility(put) };
}

async function measurePropagation(
  endpoint: string,
  load: IndexPropagation["load"],
  settings: { keys: number; writers: number; first: number; seed: number },
): Promise<IndexPropagation> {
  const writers = load === "idle" ? 0 : settings.writers;
  const sampler = benchClient(endpoint, 1, 10_000);
  const loader = benchClient(endpoint, Math.max(1, writers), 10_000);
  const result: IndexPropagation = {
    load,
    writers,
    writes: { ok: 0, failed: 0, opsPerSecond: 0 },
    visible: summarizeVisibility([]),
    put: summarizeVisibility([]),
  };
  try {
    let stopped = false;
    const started = performance.now();
    const background =
      writers > 0
        ? writeLoad(loader, {
            table: PROPAGATION_TABLE,
            writers,
            keys: LOAD_KEYS,
            random: seededRandom(settings.seed + 7),
            done: () => stopped,
            pauseMs: POLL_EVERY_MS,
          })
        : Promise.resolve({ ok: 0, failed: 0 });
    try {
      const sample = await sampleVisibility(sampler, settings.keys, settings.first, seededRandom(settings.seed));
      result.visible = sample.visible;
      result.put = sample.put;
    } finally {
      stopped = true;
      const writes = await background;
      result.writes = { ...writes, opsPerSecond: writes.ok / ((performance.now() - started) / 1000) };
    }
  } catch (error) {
    result.error = message(error);
  } finally {
    sampler.destroy();
    loader.destroy();
  }
  return result;
}

/**
 * Waits until the server's CPU over a DRAIN_SAMPLE_MS window is below IDLE_CORES: ms taken (null
 * past DRAIN_BOUND_MS) and the server CPU seconds used meanwhile.
 */
export async function waitForServerIdle(pids: ServerPids): Promise<{ ms: number | null; cpu: number }> {
  const start = performance.now();
  const first = treeCpuSeconds(pids);
  let before = first;
  for (;;) {
    await sleep(DRAIN_SAMPLE_MS);
    const now = treeCpuSeconds(pids);
    const settled = (now - before) / (DRAIN_SAMPLE_MS / 1000) < IDLE_CORES;
    before = now;
    // The last window was idle: the drain ended where it began.
    if (settled) return { ms: Math.max(0, performance.now() - start - DRAIN_SAMPLE_MS), cpu: now - first };
    if (performance.now() - start > DRAIN_BOUND_MS) return { ms: null, cpu: now - first };
  }
}

const projectionOf = (projection: IndexProjection): GlobalSecondaryIndex["Projection"] => ({
  ProjectionType: projection,
});

/** `--variants` PutItems on each write-cost table, signed now (a signed request may be replayed for 15 minutes). */
async function signAll(endpoint: string, options: BenchOptions): Promise<Map<string, SignedRequest[]>> {
  const requests = new Map<string, SignedRequest[]>();
  for (const spec of COST_TABLES) {
    const signed = await signRequests(endpoint, "PutItem", {
      count: options.variants,
      records: options.records,
      seed: options.seed + 1_000,
      table: spec.name,
    });
    requests.set(spec.table, signed);
  }
  return requests;
}

/** The write-cost rounds on `running`; each run is pushed to `runs` as it is taken. */
async function measureCost(
  running: RunningTarget,
  context: MeasureContext,
  workDir: string,
  runs: IndexCostRun[],
): Promise<void> {
  const { options, log } = context;
  const client = benchClient(running.endpoint, 1);
  try {
    const projection = projectionOf(options.indexProjection);
    for (const spec of COST_TABLES) {
      await createTable(
        client,
        spec.name,
        spec.keys.map((key) => ({ key, projection })),
      );
    }
  } finally {
    client.destroy();
  }
  const settings = (seconds: number) => ({
    threads: options.wrkThreads,
    connections: options.wrkConnections,
    seconds,
  });
  const script = (table: string) => join(workDir, `wrk-indexes-${table}.lua`);
  if (options.warmupSeconds > 0) {
    const requests = await signAll(running.endpoint, options);
    for (const spec of COST_TABLES) {
      await runWrk(
        running.endpoint,
        requests.get(spec.table) ?? [],
        settings(options.warmupSeconds),
        script(spec.table),
      );
      await waitForServerIdle(running.pid);
    }
  }
  for (let round = 1; round <= options.indexRounds; round++) {
    // Signed afresh each round: waits for a quiet machine can make the rounds outlast 15 minutes.
    const requests = await signAll(running.endpoint, options);
    for (const spec of roundOrder(COST_TABLES, round)) {
      await waitForServerIdle(running.pid);
      const list = requests.get(spec.table) ?? [];
      const { result: outcome, cpu } = await measureQuietly(
        running.pid,
        () => runWrk(running.endpoint, list, settings(options.indexSeconds), script(spec.table)),
        log,
      );
      const [drain, feeding] = await Promise.all([
        waitForServerIdle(running.pid),
        spec.keys.length > 0 ? feedingOf(running.endpoint, spec.name) : undefined,
      ]);
      const run: IndexCostRun = {
        round,
        table: spec.table,
        indexes: spec.keys.length,
        ...outcome,
        cpu,
        drainMs: drain.ms,
        drainCpu: drain.cpu,
        ...(feeding ? { feeding } : {}),
      };
      runs.push(run);
      const errors = Object.values(outcome.errors).reduce((sum, n) => sum + n, 0);
      log(
        `  round ${round} ${spec.keys.length} GSIs: ${Math.round(outcome.opsPerSecond)} ops/s, p50 ${outcome.p50.toFixed(2)} ms` +
          `${errors ? `, ${errors} errors ${JSON.stringify(outcome.errors)}` : ""}; CPU ${Math.round((cpu.server / Math.max(1, outcome.requests)) * 1e6)} µs/op` +
          `, then ${drain.ms === null ? "not settled" : `settled in ${Math.round(drain.ms)} ms`} (${drain.cpu.toFixed(2)} CPU s)` +
          (feeding
            ? `; GSI backlog ${feeding.reduce((n, f) => n + f.pending, 0)}, lag p99 ${feeding.map((f) => ms(f.lagP99Ms)).join("/")} ms`
            : ""),
      );
    }
  }
}

const ms = (value: number | null) => (value === null ? "–" : value.toFixed(1));

function describePropagation(p: IndexPropagation): string {
  const load = p.load === "idle" ? "idle" : `${p.writers} writers (${Math.round(p.writes.opsPerSecond)} writes/s)`;
  return (
    `  GSI propagation, ${load}: visible after p50 ${ms(p.visible.p50Ms)} p99 ${ms(p.visible.p99Ms)} max ${ms(p.visible.maxMs)} ms` +
    ` (${p.visible.visible}/${p.visible.keys}); PutItem p50 ${ms(p.put.p50Ms)} p99 ${ms(p.put.p99Ms)} ms` +
    (p.server
      ? `; server lag p50 ${ms(p.server.lagP50Ms)} p99 ${ms(p.server.lagP99Ms)} ms (${p.server.samples} samples, ${p.server.pending} pending)`
      : "") +
    (p.error ? `; ✗ ${p.error}` : "")
  );
}

/** The phase on its own instance; a failure is recorded on the result, not thrown. */
export async function measureIndexes(
  server: IndexesServer,
  targetContext: TargetContext,
  context: MeasureContext,
): Promise<IndexesResult> {
  const { options, log } = context;
  const result: IndexesResult = {
    vars: server.vars,
    propagationIndex: { key: PROPAGATION_INDEX.key, projection: PROPAGATION_INDEX.projection },
    keys: options.indexKeys,
    pollEveryMs: POLL_EVERY_MS,
    pollBoundMs: POLL_BOUND_MS,
    propagation: [],
    costTables: COST_TABLES.map((spec) => ({
      table: spec.table,
      indexes: spec.keys.length,
      keys: [...spec.keys],
      label: spec.label,
      short: spec.short,
      ...("goal" in spec ? { goal: spec.goal } : {}),
    })),
    costProjection: options.indexProjection,
    costSeconds: options.indexSeconds,
    costRounds: options.indexRounds,
    drainBoundMs: DRAIN_BOUND_MS,
    idleCores: IDLE_CORES,
    costRuns: [],
  };
  let running: RunningTarget | undefined;
  const forget = onStop(async () => running?.stop());
  try {
    log("secondary indexes: starting a separate instance");
    running = await server.start(targetContext);
    const client = benchClient(running.endpoint, 1);
    try {
      await createTable(client, PROPAGATION_TABLE, [
        { key: PROPAGATION_INDEX.key, projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["field1"] } },
      ]);
    } finally {
      client.destroy();
    }
    for (const [index, load] of (["idle", "writes"] as const).entries()) {
      if (!(await waitForQuiet(10_000))) log("  (the machine is busy with other processes)");
      const measured = await measurePropagation(running.endpoint, load, {
        keys: options.indexKeys,
        writers: options.concurrency,
        first: LOAD_KEYS + index * options.indexKeys,
        seed: options.seed + 4_000 + index,
      });
      const server = (await feedingOf(running.endpoint, PROPAGATION_TABLE))?.find(
        (report) => report.name === PROPAGATION_INDEX.name,
      );
      if (server) measured.server = server;
      result.propagation.push(measured);
      log(describePropagation(measured));
    }
    await measureCost(running, context, targetContext.workDir, result.costRuns);
  } catch (error) {
    result.error = message(error);
    log(`  ✗ secondary indexes: ${result.error}`);
  } finally {
    await running?.stop();
    forget();
  }
  result.cost = indexCostOf(result);
  if (result.cost) {
    for (const ratio of result.cost.ratios) {
      const ops = ratio.ops;
      if (ops)
        log(
          `  ${ratio.table} ÷ ${ratio.baseline} ops/s: median ${ops.median.toFixed(2)}× (${ops.min.toFixed(2)}×–${ops.max.toFixed(2)}×, ${ops.n} rounds)`,
        );
    }
  }
  return result;
}
