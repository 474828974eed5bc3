/**
 * The paired throughput phase: the subject (dynaflare) and its baseline (the floor) served side
 * by side, each loaded with the same records, and their wrk runs interleaved in rounds (subject
 * then baseline, then the other way round). The machine is shared, and a slow spell that lasts
 * longer than one run shifts the ratio of two targets measured minutes apart; within a round
 * both runs see about the same machine. The report takes the median of the rounds' ratios.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { runPhase } from "./latency";
import type { MeasureContext } from "./measure-target";
import { onStop } from "./processes";
import { measureQuietly } from "./quiet";
import type { PairedResult, PairedRun } from "./results";
import { benchClient, createBenchTable } from "./sdk";
import { type SignedRequest, signRequests, THROUGHPUT_OPS, type ThroughputOp } from "./signed-requests";
import type { RunningTarget, TargetKind } from "./targets/target";
import { WORKLOADS } from "./workloads";
import { runWrk } from "./wrk";
import { keyChooser } from "./zipfian";

/** Creates the bench table and inserts the records, unmeasured. */
async function load(target: RunningTarget, kind: TargetKind, context: MeasureContext): Promise<void> {
  const { options } = context;
  const client = benchClient(target.endpoint, options.concurrency);
  try {
    await createBenchTable(client);
    await runPhase({
      client,
      workload: WORKLOADS.load,
      chooser: keyChooser("uniform", options.records),
      records: options.records,
      concurrency: options.concurrency,
      seconds: 0,
      seed: options.seed,
      putGetOnly: kind.putGetOnly,
    });
  } finally {
    client.destroy();
  }
}

export async function measurePaired(
  subject: TargetKind,
  baseline: TargetKind,
  context: MeasureContext,
): Promise<PairedResult> {
  const { options, log } = context;
  const result: PairedResult = {
    subject: subject.name,
    baseline: baseline.name,
    seconds: options.pairedSeconds,
    runs: [],
  };
  const running = new Map<TargetKind, RunningTarget>();
  const forget = onStop(async () => {
    for (const target of running.values()) await target.stop();
  });
  try {
    log(`▶ paired throughput: ${subject.label} and ${baseline.label}, ${options.pairedRounds} interleaved rounds`);
    const requests = new Map<TargetKind, Map<ThroughputOp, SignedRequest[]>>();
    for (const kind of [subject, baseline]) {
      const workDir = join(context.runDir, `paired-${kind.name}`);
      await mkdir(workDir, { recursive: true });
      const target = await kind.start({
        workDir,
        cacheDir: context.cacheDir,
        signal: context.signal,
        log: (m) => log(`  ${m}`),
      });
      running.set(kind, target);
      await load(target, kind, context);
      const signed = new Map<ThroughputOp, SignedRequest[]>();
      for (const operation of THROUGHPUT_OPS) {
        const seed = options.seed + 1_000;
        signed.set(
          operation,
          await signRequests(target.endpoint, operation, { count: options.variants, records: options.records, seed }),
        );
      }
      requests.set(kind, signed);
    }
    const settings = {
      threads: options.wrkThreads,
      connections: options.wrkConnections,
      seconds: options.pairedSeconds,
    };
    for (let round = 1; round <= options.pairedRounds; round++) {
      for (const operation of THROUGHPUT_OPS) {
        const order = round % 2 === 1 ? [subject, baseline] : [baseline, subject];
        for (const kind of order) {
          const target = running.get(kind) as RunningTarget;
          const script = join(context.runDir, `paired-${kind.name}`, `wrk-${operation}.lua`);
          const list = requests.get(kind)?.get(operation) as SignedRequest[];
          const { result: outcome, cpu } = await measureQuietly(
            target.pid,
            () => runWrk(target.endpoint, list, settings, script),
            log,
          );
          const run: PairedRun = { round, target: kind.name, operation, ...outcome, cpu };
          result.runs.push(run);
          log(
            `  round ${round} ${kind.label} ${operation}: ${Math.round(outcome.opsPerSecond)} ops/s, p50 ${outcome.p50.toFixed(2)} ms`,
          );
        }
      }
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  ✗ paired throughput: ${result.error}`);
  } finally {
    for (const target of running.values()) await target.stop();
    forget();
  }
  return result;
}
