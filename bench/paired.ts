/**
 * The paired throughput phase: the subject (dynaflare) and one baseline (the floor, or DynamoDB
 * Local on disk) served side by side, each loaded with the same records and warmed up by wrk,
 * and their wrk runs interleaved in rounds (subject then baseline, then the other way round).
 * The machine is shared, and a slow spell that lasts longer than one run shifts the ratio of two
 * targets measured minutes apart; within a round both runs see about the same machine. The
 * report takes the median of the rounds' ratios.
 */
import { join } from "node:path";
import {
  contextIn,
  loadRecords,
  type MeasureContext,
  measureWrk,
  runWrkOn,
  throughputRequests,
} from "./measure-target";
import { onStop } from "./processes";
import type { PairedResult, PairedRun } from "./results";
import { type SignedRequest, THROUGHPUT_OPS, type ThroughputOp } from "./signed-requests";
import type { RunningTarget, TargetKind } from "./targets/target";

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
    const workDirs = new Map<TargetKind, string>();
    for (const kind of [subject, baseline]) {
      const targetContext = await contextIn(context, `paired-${baseline.name}-${kind.name}`);
      workDirs.set(kind, targetContext.workDir);
      const target = await kind.start(targetContext);
      running.set(kind, target);
      await loadRecords(kind, target.endpoint, options);
      const signed = new Map<ThroughputOp, SignedRequest[]>();
      for (const operation of THROUGHPUT_OPS) {
        const list = await throughputRequests(target.endpoint, operation, options);
        signed.set(operation, list);
        // Unmeasured, like the warm-up before the latency phases: a fresh JVM (DynamoDB Local)
        // would otherwise run its first round cold.
        if (options.warmupSeconds > 0) {
          const script = join(targetContext.workDir, `warmup-${operation}.lua`);
          await runWrkOn(target, list, options.warmupSeconds, script, options);
        }
      }
      requests.set(kind, signed);
    }
    for (let round = 1; round <= options.pairedRounds; round++) {
      for (const operation of THROUGHPUT_OPS) {
        const order = round % 2 === 1 ? [subject, baseline] : [baseline, subject];
        for (const kind of order) {
          const target = running.get(kind) as RunningTarget;
          const script = join(workDirs.get(kind) as string, `wrk-${operation}.lua`);
          const list = requests.get(kind)?.get(operation) as SignedRequest[];
          const { result: outcome, cpu } = await measureWrk(target, list, options.pairedSeconds, script, context);
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
