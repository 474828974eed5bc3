/**
 * The transactions phase (issue 17): on a separate instance of the server (as `npm start` runs
 * it: three replicas per partition, four partitions per table), TransactWriteItems of 2, 10 and
 * 100 actions and TransactGetItems of 10 Gets against PutItem of one ~1 KB item, all through the
 * SDK with the same client settings (bench/transaction-workloads.ts says what each sends).
 *
 * After the table is loaded with the run's records (TransactGetItems reads them) and each
 * workload has run unmeasured for the warm-up, `rounds` rounds run every workload closed loop
 * (bench/transaction-loop.ts) for `seconds`, the order rotating by round, each once the machine
 * is quiet. The machine is shared: a slow spell longer than a run shifts figures taken minutes
 * apart, so each workload's p50 is compared with PutItem's in the same round, and the report
 * takes the median of those ratios (issue 17's goal: a 2-action transaction's p50 within 3× a
 * PutItem's).
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { roundOrder } from "./index-figures";
import { runPhase } from "./latency";
import type { BenchOptions } from "./options";
import { onStop } from "./processes";
import { measureQuietly } from "./quiet";
import { transactionsOf } from "./report/transactions";
import type { TransactionRun, TransactionsResult } from "./results";
import { benchClient, createBenchTable } from "./sdk";
import type { RunningTarget, TargetContext, TransactionsServer } from "./targets/target";
import { runTransactionLoop } from "./transaction-loop";
import { TRANSACTION_WORKLOADS, type TransactionWorkload, WRITE_KEYS } from "./transaction-workloads";
import { WORKLOADS } from "./workloads";
import { keyChooser } from "./zipfian";

/** How long one request may take: a 100-action transaction on a busy machine takes a while. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What the phase needs of the run (measure-target.ts's context, which imports this module). */
export interface TransactionsContext {
  options: BenchOptions;
  log: (message: string) => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");

/** Creates the bench table and inserts records 0 … records-1 with PutItem (unmeasured). */
async function loadTable(client: DynamoDBClient, records: number, concurrency: number, seed: number): Promise<void> {
  await createBenchTable(client);
  const { firstError } = await runPhase({
    client,
    workload: WORKLOADS.load,
    chooser: keyChooser("uniform", records),
    records,
    concurrency,
    seconds: 0,
    seed,
    putGetOnly: false,
  });
  if (firstError) throw new Error(`loading the records failed: ${firstError}`);
}

function describeRun(run: TransactionRun): string {
  const reasons = Object.entries(run.reasons)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return (
    `  round ${run.round} ${run.workload}: ${Math.round(run.transactionsPerSecond)} tx/s (${Math.round(run.itemsPerSecond)} items/s),` +
    ` p50 ${ms(run.latency.p50)} p99 ${ms(run.latency.p99)} ms` +
    (run.cancelled > 0 ? `, ${run.cancelled} cancelled (${reasons || "no reason"})` : "") +
    (run.latency.errors > 0 ? `, ${run.latency.errors} errors (first: ${run.firstError})` : "") +
    `; server CPU ${run.cpu.server.toFixed(1)} s`
  );
}

/** The warm-up and the rounds on `running`; each run is pushed to `runs` as it is taken. */
async function measureRounds(
  running: RunningTarget,
  context: TransactionsContext,
  runs: TransactionRun[],
): Promise<void> {
  const { options, log } = context;
  const client = benchClient(running.endpoint, options.concurrency, REQUEST_TIMEOUT_MS);
  const loop = (workload: TransactionWorkload, seconds: number, seed: number) =>
    runTransactionLoop({ client, workload, concurrency: options.concurrency, seconds, seed, records: options.records });
  try {
    await loadTable(client, options.records, options.concurrency, options.seed);
    if (options.warmupSeconds > 0) {
      for (const [index, workload] of TRANSACTION_WORKLOADS.entries())
        await loop(workload, options.warmupSeconds, options.seed + 5_900 + index);
    }
    for (let round = 1; round <= options.transactionRounds; round++) {
      for (const workload of roundOrder(TRANSACTION_WORKLOADS, round)) {
        // Fresh keys for every run: a seed of its own per round and workload.
        const seed =
          options.seed + 5_000 + round * TRANSACTION_WORKLOADS.length + TRANSACTION_WORKLOADS.indexOf(workload);
        const { result: outcome, cpu } = await measureQuietly(
          running.pid,
          () => loop(workload, options.transactionSeconds, seed),
          log,
        );
        const run: TransactionRun = { round, workload: workload.name, ...outcome, cpu };
        runs.push(run);
        log(describeRun(run));
      }
    }
  } finally {
    client.destroy();
  }
}

/** The phase on its own instance; a failure is recorded on the result, not thrown. */
export async function measureTransactions(
  server: TransactionsServer,
  targetContext: TargetContext,
  context: TransactionsContext,
): Promise<TransactionsResult> {
  const { options, log } = context;
  const result: TransactionsResult = {
    vars: server.vars,
    concurrency: options.concurrency,
    seconds: options.transactionSeconds,
    rounds: options.transactionRounds,
    warmupSeconds: options.warmupSeconds,
    records: options.records,
    writeKeys: WRITE_KEYS,
    workloads: TRANSACTION_WORKLOADS.map((workload) => ({ ...workload })),
    runs: [],
  };
  let running: RunningTarget | undefined;
  const forget = onStop(async () => running?.stop());
  try {
    log("transactions: starting a separate instance");
    running = await server.start(targetContext);
    await measureRounds(running, context, result.runs);
  } catch (error) {
    result.error = message(error);
    log(`  ✗ transactions: ${result.error}`);
  } finally {
    await running?.stop();
    forget();
  }
  result.summary = transactionsOf(result);
  for (const ratio of result.summary?.ratios ?? []) {
    const p50 = ratio.p50;
    if (p50)
      log(
        `  ${ratio.workload} ÷ ${ratio.baseline} p50: median ${p50.median.toFixed(2)}× (${p50.min.toFixed(2)}×–${p50.max.toFixed(2)}×, ${p50.n} rounds)`,
      );
  }
  return result;
}
