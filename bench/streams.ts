/**
 * The streams phase: on a separate instance of the server (as `npm start` runs it: three
 * replicas per partition, four partitions per table, so a stream has four shards), how soon a
 * stream reader gets a write's record, and what a stream costs the table's writes.
 *
 * Two tables identical but for their stream (none; NEW_AND_OLD_IMAGES: bench/stream-writes.ts)
 * are created and loaded with the run's records. Then:
 * - Stream delay (bench/stream-delay.ts), on the idle server: one writer puts new items at a
 *   steady modest rate into the streamed table while a reader follows every shard of its stream
 *   with GetRecords; the delay is from a PutItem's answer to the GetRecords answer that first
 *   holds its record (issue's goal: p99 under 200 ms). Taken once the machine is quiet.
 * - Write cost: after `warmup` seconds of each table unmeasured, `rounds` rounds of closed-loop
 *   PutItem (the transactions phase's baseline: `concurrency` SDK clients, ~1 KB items) for
 *   `seconds` on each table, the order alternating by round (A B, B A, …), each once the machine
 *   is quiet. Nobody reads the stream meanwhile: the server writes a table's stream records with
 *   its items whether or not anyone reads them. The streamed table's ops/s are compared with the
 *   plain table's in the same round, and the report takes the median of those ratios (issue's
 *   goal: at least 0.85, the stream costing at most 15% of the throughput).
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { roundOrder } from "./index-figures";
import type { BenchOptions } from "./options";
import { onStop } from "./processes";
import { measureQuietly } from "./quiet";
import { streamWritesOf } from "./report/streams";
import type { StreamDelayResult, StreamRun, StreamsResult } from "./results";
import { benchClient, benchStreamsClient } from "./sdk";
import { measureStreamDelay, WRITE_EVERY_MS } from "./stream-delay";
import { createStreamTable, loadStreamTable, runPutLoop, STREAM_TABLES, type StreamTable } from "./stream-writes";
import type { RunningTarget, StreamsServer, TargetContext } from "./targets/target";

/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What the phase needs of the run (measure-target.ts's context, which imports this module). */
export interface StreamsContext {
  options: BenchOptions;
  log: (message: string) => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const ms = (value: number | null | undefined) =>
  value !== null && value !== undefined && Number.isFinite(value) ? value.toFixed(2) : "–";

/** The table the goals are checked on: the one with a stream. */
const streamed = (): StreamTable => STREAM_TABLES.find((table) => table.goal) as StreamTable;

/** Creates every table and loads each with records 0 … records-1 (unmeasured); the streamed table's stream ARN. */
async function prepareTables(client: DynamoDBClient, options: BenchOptions): Promise<string> {
  let arn: string | undefined;
  for (const [index, table] of STREAM_TABLES.entries()) {
    const created = await createStreamTable(client, table);
    if (table.goal) arn = created;
    await loadStreamTable(client, table.name, options.records, options.concurrency, options.seed + 6_900 + index);
  }
  if (!arn) throw new Error(`table ${streamed().name} has no stream`);
  return arn;
}

function describeDelay(delay: StreamDelayResult): string {
  return (
    `  stream delay: p50 ${ms(delay.p50Ms)} p99 ${ms(delay.p99Ms)} max ${ms(delay.maxMs)} ms over ${delay.seen} records` +
    ` of ${delay.writes} writes (${delay.missed} missed, ${delay.failed} failed, ${delay.seenBeforeAck} seen before their answer);` +
    ` ${delay.shards} shards, GetRecords p50 ${ms(delay.getRecords.p50)} ms, ${delay.passes} passes (${delay.emptyPasses} empty)` +
    (delay.firstError ? `; first error: ${delay.firstError}` : "")
  );
}

function describeRun(run: StreamRun): string {
  return (
    `  round ${run.round} ${run.table}: ${Math.round(run.opsPerSecond)} ops/s,` +
    ` p50 ${ms(run.latency.p50)} p99 ${ms(run.latency.p99)} ms` +
    (run.latency.errors > 0 ? `, ${run.latency.errors} errors (first: ${run.firstError})` : "") +
    `; server CPU ${run.cpu.server.toFixed(1)} s`
  );
}

/** The stream delay on the streamed table, once the machine is quiet. */
async function measureDelay(
  running: RunningTarget,
  context: StreamsContext,
  streamArn: string,
): Promise<StreamDelayResult> {
  const { options, log } = context;
  const client = benchClient(running.endpoint, 1, REQUEST_TIMEOUT_MS);
  const streams = benchStreamsClient(running.endpoint, 1, REQUEST_TIMEOUT_MS);
  try {
    const { result, cpu } = await measureQuietly(
      running.pid,
      () =>
        measureStreamDelay({
          client,
          streams,
          table: streamed().name,
          streamArn,
          writes: options.streamWrites,
          everyMs: WRITE_EVERY_MS,
          // Keys of their own, past the loaded records: every write is a new item.
          first: options.records,
          seed: options.seed + 6_500,
        }),
      log,
    );
    return { ...result, cpu };
  } finally {
    client.destroy();
    streams.destroy();
  }
}

/** The warm-up and the rounds on `running`; each run is pushed to `runs` as it is taken. */
async function measureRounds(running: RunningTarget, context: StreamsContext, runs: StreamRun[]): Promise<void> {
  const { options, log } = context;
  const client = benchClient(running.endpoint, options.concurrency, REQUEST_TIMEOUT_MS);
  const loop = (table: StreamTable, seconds: number, seed: number) =>
    runPutLoop({ client, table: table.name, concurrency: options.concurrency, seconds, seed, keys: options.records });
  try {
    if (options.warmupSeconds > 0) {
      for (const [index, table] of STREAM_TABLES.entries())
        await loop(table, options.warmupSeconds, options.seed + 6_800 + index);
    }
    for (let round = 1; round <= options.streamRounds; round++) {
      for (const table of roundOrder(STREAM_TABLES, round)) {
        // Fresh values for every run: a seed of its own per round and table.
        const seed = options.seed + 6_000 + round * STREAM_TABLES.length + STREAM_TABLES.indexOf(table);
        const { result: outcome, cpu } = await measureQuietly(
          running.pid,
          () => loop(table, options.streamSeconds, seed),
          log,
        );
        const run: StreamRun = { round, table: table.table, ...outcome, cpu };
        runs.push(run);
        log(describeRun(run));
      }
    }
  } finally {
    client.destroy();
  }
}

/** The phase on its own instance; a failure is recorded on the result, not thrown. */
export async function measureStreams(
  server: StreamsServer,
  targetContext: TargetContext,
  context: StreamsContext,
): Promise<StreamsResult> {
  const { options, log } = context;
  const result: StreamsResult = {
    vars: server.vars,
    tables: STREAM_TABLES.map((table) => ({ ...table })),
    keys: options.records,
    concurrency: options.concurrency,
    seconds: options.streamSeconds,
    rounds: options.streamRounds,
    warmupSeconds: options.warmupSeconds,
    runs: [],
  };
  let running: RunningTarget | undefined;
  const forget = onStop(async () => running?.stop());
  try {
    log("streams: starting a separate instance");
    running = await server.start(targetContext);
    const setup = benchClient(running.endpoint, options.concurrency, REQUEST_TIMEOUT_MS);
    let streamArn: string;
    try {
      streamArn = await prepareTables(setup, options);
    } finally {
      setup.destroy();
    }
    result.delay = await measureDelay(running, context, streamArn);
    log(describeDelay(result.delay));
    await measureRounds(running, context, result.runs);
  } catch (error) {
    result.error = message(error);
    log(`  ✗ streams: ${result.error}`);
  } finally {
    await running?.stop();
    forget();
  }
  result.summary = streamWritesOf(result);
  for (const ratio of result.summary?.ratios ?? []) {
    const ops = ratio.ops;
    if (ops)
      log(
        `  ${ratio.table} ÷ ${ratio.baseline} ops/s: median ${ops.median.toFixed(2)}× (${ops.min.toFixed(2)}×–${ops.max.toFixed(2)}×, ${ops.n} rounds)`,
      );
  }
  return result;
}
