/**
 * The test-suite latency phase (issue 24): what a developer's test suite waits for, one request
 * at a time, from our server on disk, in memory and in memory with one replica, from the
 * platform floor and from DynamoDB Local in memory (bench/suite-configs.ts), on a small table of
 * item collections (bench/suite-workload.ts): PutItem, GetItem, UpdateItem and Query, each
 * closed loop with one SDK client.
 *
 * Every configuration is started, loaded and warmed up first, and all of them stay up side by
 * side (one client at a time sends to one of them; the others idle). Then `rounds` rounds run
 * each operation on each configuration for `seconds`, the configurations' order rotating by
 * round, each run once the machine is quiet. The machine is shared: a slow spell longer than a
 * run shifts figures taken minutes apart, so each configuration's p50 is divided by DynamoDB
 * Local's in the same round, and the report takes the median of those ratios (issue 24's goals:
 * in memory with one replica at or below DynamoDB Local in memory's p50 for every operation, in
 * memory with three replicas within 1.5×).
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { roundOrder } from "./index-figures";
import { contextIn, type MeasureContext } from "./measure-target";
import { onStop } from "./processes";
import { measureQuietly } from "./quiet";
import type { SuiteLatencyResult, SuitePooled, SuiteRun } from "./results";
import { Samples } from "./samples";
import { benchClient } from "./sdk";
import { configInfo, type SuiteConfig, suiteConfigs } from "./suite-configs";
import { SUITE_OPS, type SuiteOp, suiteRatios } from "./suite-figures";
import { COLLECTIONS, ITEMS_PER_COLLECTION, loadShape, runSuiteLoop, SHAPE_OPS, SUITE_TABLE } from "./suite-workload";
import type { RunningTarget } from "./targets/target";

/** A configuration started: its server and its one client. */
interface Started {
  config: SuiteConfig;
  target: RunningTarget;
  client: DynamoDBClient;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const pooledKey = (config: string, op: SuiteOp) => `${config}/${op}`;

/** Starts `config` on a folder of its own and loads its table; pushed to `started` before loading, so it is stopped on failure. */
async function start(config: SuiteConfig, context: MeasureContext, started: Started[]): Promise<void> {
  const targetContext = await contextIn(context, `suite-${config.name}`);
  const target = await config.start(targetContext);
  const client = benchClient(target.endpoint, 1);
  started.push({ config, target, client });
  context.log(`  ${config.label}: answering at ${target.endpoint}; loading`);
  await loadShape(client, config.shape, context.options.seed + 8_500);
}

/** Each operation on each configuration for the warm-up's seconds, unmeasured (JIT for the JVM and V8). */
async function warmUp(started: readonly Started[], context: MeasureContext): Promise<void> {
  const { options } = context;
  if (options.warmupSeconds <= 0) return;
  for (const [index, { config, client }] of started.entries())
    for (const op of SHAPE_OPS[config.shape])
      await runSuiteLoop(client, config.shape, op, {
        seconds: options.warmupSeconds,
        seed: options.seed + 8_900 + index * SUITE_OPS.length + SUITE_OPS.indexOf(op),
      });
}

function describeRun(run: SuiteRun, config: SuiteConfig): string {
  return (
    `  round ${run.round} ${run.op} ${config.label}: p50 ${ms(run.p50)} p99 ${ms(run.p99)} ms (${run.count} requests)` +
    (run.errors > 0 ? `, ${run.errors} errors (first: ${run.firstError})` : "")
  );
}

/** The rounds; each run is pushed to `runs` as it is taken, its samples added to `pooled`'s. */
async function measureRounds(
  started: readonly Started[],
  context: MeasureContext,
  runs: SuiteRun[],
  pooled: Map<string, Samples>,
): Promise<void> {
  const { options, log } = context;
  for (let round = 1; round <= options.suiteRounds; round++) {
    for (const op of SUITE_OPS) {
      const serving = started.filter(({ config }) => SHAPE_OPS[config.shape].includes(op));
      for (const { config, target, client } of roundOrder(serving, round)) {
        const seed =
          options.seed +
          8_000 +
          round * 100 +
          started.findIndex((s) => s.config === config) * 10 +
          SUITE_OPS.indexOf(op);
        const samples = pooled.get(pooledKey(config.name, op)) ?? new Samples();
        pooled.set(pooledKey(config.name, op), samples);
        const { result: outcome, cpu } = await measureQuietly(
          target.pid,
          () => runSuiteLoop(client, config.shape, op, { seconds: options.suiteSeconds, seed, pooled: samples }),
          log,
        );
        const { count, errors, p50, p99, mean } = outcome.latency;
        const run: SuiteRun = {
          round,
          config: config.name,
          op,
          seconds: outcome.seconds,
          count,
          errors,
          p50,
          p99,
          mean,
          ...(outcome.firstError ? { firstError: outcome.firstError } : {}),
          cpu,
        };
        runs.push(run);
        log(describeRun(run, config));
      }
    }
  }
}

/** The pooled samples summarised, configuration by configuration, in the operations' order. */
function pooledOf(configs: readonly SuiteConfig[], pooled: ReadonlyMap<string, Samples>): SuitePooled[] {
  const summaries: SuitePooled[] = [];
  for (const config of configs)
    for (const op of SHAPE_OPS[config.shape]) {
      const samples = pooled.get(pooledKey(config.name, op));
      if (samples) summaries.push({ config: config.name, op, latency: samples.summary() });
    }
  return summaries;
}

/** Logs the median of each configuration's p50 ÷ the baseline's over the rounds. */
function logRatios(result: SuiteLatencyResult, log: (message: string) => void): void {
  const baseline = result.configs.find((config) => config.baseline);
  if (!baseline) return;
  const names = result.configs.map((config) => config.name);
  for (const ratio of suiteRatios(result.runs, names, baseline.name, result.ops)) {
    const label = result.configs.find((config) => config.name === ratio.config)?.label ?? ratio.config;
    const p50 = ratio.p50;
    if (p50)
      log(
        `  ${ratio.op} ${label} ÷ ${baseline.label} p50: median ${p50.median.toFixed(2)}× (${p50.min.toFixed(2)}×–${p50.max.toFixed(2)}×, ${p50.n} rounds)`,
      );
  }
}

/** The phase; a failure is recorded on the result, not thrown, and every server started is stopped. */
export async function measureSuiteLatency(context: MeasureContext): Promise<SuiteLatencyResult> {
  const { options, log } = context;
  const configs = suiteConfigs(options.targets);
  const result: SuiteLatencyResult = {
    configs: configs.map(configInfo),
    ops: [...SUITE_OPS],
    table: SUITE_TABLE,
    collections: COLLECTIONS,
    itemsPerCollection: ITEMS_PER_COLLECTION,
    seconds: options.suiteSeconds,
    rounds: options.suiteRounds,
    warmupSeconds: options.warmupSeconds,
    runs: [],
    pooled: [],
  };
  const started: Started[] = [];
  const stop = async () => {
    for (const { client, target } of started.splice(0)) {
      client.destroy();
      await target.stop();
    }
  };
  const forget = onStop(stop);
  const pooled = new Map<string, Samples>();
  try {
    log(
      `▶ test-suite latency: ${configs.map((config) => config.label).join(", ")}; 1 SDK client each, ${options.suiteRounds} rounds`,
    );
    for (const config of configs) await start(config, context, started);
    await warmUp(started, context);
    await measureRounds(started, context, result.runs, pooled);
  } catch (error) {
    result.error = message(error);
    log(`  ✗ test-suite latency: ${result.error}`);
  } finally {
    await stop();
    forget();
  }
  result.pooled = pooledOf(configs, pooled);
  logRatios(result, log);
  return result;
}
