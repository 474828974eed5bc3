/**
 * One target, start to stop: start it on a fresh directory, create the table, run the load
 * phase and the latency workloads through the SDK, then the wrk throughput runs, charging CPU
 * to the server, the client and wrk; then, once it is stopped, the failover phase on a separate
 * instance, the replication-lag phase on two more, the secondary-indexes, transactions and
 * streams phases on one more each, and the splits and backups phases on two more each, if the target has them. A failure is recorded on the result (the
 * target is "blocked", or a phase failed) rather than thrown, and every server is stopped.
 */

import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { REPO_ROOT } from "../scripts/server";
import { measureBackups } from "./backups";
import type { CpuUse } from "./cpu";
import { measureFailover } from "./failover";
import { measureIndexes } from "./indexes";
import { type PhaseSpec, runPhase } from "./latency";
import type { BenchOptions } from "./options";
import { onStop } from "./processes";
import { freeAddress, profileDuring, profileMarkdown, summarizeProfile } from "./profile";
import { measureQuietly } from "./quiet";
import { measureReplicationLag } from "./replication-lag";
import type { LatencyPhaseResult, TargetResult } from "./results";
import { benchClient, createBenchTable } from "./sdk";
import { type SignedRequest, signRequests, THROUGHPUT_OPS, type ThroughputOp } from "./signed-requests";
import { measureSplits } from "./splits";
import { measureStreams } from "./streams";
import type { RunningTarget, TargetContext, TargetKind } from "./targets/target";
import { measureTransactions } from "./transactions";
import { servesWithPutGet, WORKLOADS, type Workload } from "./workloads";
import { runWrk, type WrkOutcome } from "./wrk";
import { type Distribution, keyChooser } from "./zipfian";

export interface MeasureContext {
  options: BenchOptions;
  /** The run's temporary directory; the target gets its own folder in it. */
  runDir: string;
  cacheDir: string;
  signal: AbortSignal;
  log: (message: string) => void;
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? "–" : value.toFixed(2));

function describePhase(phase: LatencyPhaseResult): string {
  const ops = Object.entries(phase.ops)
    .map(([op, s]) => `${op} p50 ${ms(s?.p50)} p99 ${ms(s?.p99)} ms${s?.errors ? ` (${s.errors} errors)` : ""}`)
    .join(", ");
  const cpu = phase.cpu
    ? ` | CPU server ${phase.cpu.server.toFixed(1)} s, client ${phase.cpu.client.toFixed(1)} s`
    : "";
  return `${Math.round(phase.opsPerSecond)} ops/s; ${ops}${cpu}`;
}

/** A target's context: a fresh folder `folder` of the run's directory, and the run's log indented. */
export async function contextIn(context: MeasureContext, folder: string): Promise<TargetContext> {
  const workDir = join(context.runDir, folder);
  await mkdir(workDir, { recursive: true });
  return { workDir, cacheDir: context.cacheDir, signal: context.signal, log: (m) => context.log(`  ${m}`) };
}

/** A latency phase of `workload` on the bench table: keys in `distribution`, the load inserting in order. */
export function phaseSpec(
  client: DynamoDBClient,
  kind: TargetKind,
  options: BenchOptions,
  workload: Workload,
  distribution: Distribution | "sequential",
  spec: { seconds: number; seed: number },
): PhaseSpec {
  return {
    client,
    workload,
    chooser: keyChooser(distribution === "sequential" ? "uniform" : distribution, options.records),
    records: options.records,
    concurrency: options.concurrency,
    putGetOnly: kind.putGetOnly,
    ...spec,
  };
}

/** The pre-signed requests of a throughput run: the same for every target of a run. */
export function throughputRequests(endpoint: string, operation: ThroughputOp, options: BenchOptions) {
  return signRequests(endpoint, operation, {
    count: options.variants,
    records: options.records,
    seed: options.seed + 1_000,
  });
}

/** One wrk run of `seconds` against `target` with the run's threads and connections, unmeasured. */
export function runWrkOn(
  target: RunningTarget,
  requests: SignedRequest[],
  seconds: number,
  script: string,
  options: BenchOptions,
): Promise<WrkOutcome> {
  const settings = { threads: options.wrkThreads, connections: options.wrkConnections, seconds };
  return runWrk(target.endpoint, requests, settings, script);
}

/** One wrk run of `seconds` against `target`, once the machine is quiet, with the CPU it took. */
export async function measureWrk(
  target: RunningTarget,
  requests: SignedRequest[],
  seconds: number,
  script: string,
  context: MeasureContext,
): Promise<{ result: WrkOutcome; cpu: CpuUse }> {
  return measureQuietly(target.pid, () => runWrkOn(target, requests, seconds, script, context.options), context.log);
}

export async function measureTarget(kind: TargetKind, context: MeasureContext): Promise<TargetResult> {
  const { options, log } = context;
  const result: TargetResult = {
    name: kind.name,
    label: kind.label,
    description: kind.description,
    putGetOnly: kind.putGetOnly,
    latency: [],
    throughput: [],
  };
  const targetContext = await contextIn(context, kind.name);
  const { workDir } = targetContext;
  let target: RunningTarget | undefined;
  const forget = onStop(async () => target?.stop());
  try {
    log(`▶ ${kind.label}: starting`);
    const started = performance.now();
    const inspectorAddress = options.profile ? await freeAddress() : undefined;
    const load = (endpoint: string) => loadRecords(kind, endpoint, options);
    target = await kind.start({ ...targetContext, inspectorAddress, load });
    result.startSeconds = (performance.now() - started) / 1000;
    log(`  answering at ${target.endpoint} (pid ${target.pid}) after ${result.startSeconds.toFixed(1)} s`);
    if (!kind.throughputOnly) await runLatencyPhases(kind, target, context, result);
    if (options.throughput) await runThroughput(kind, target, context, workDir, result);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  ✗ ${kind.label}: ${result.error}`);
  } finally {
    await target?.stop();
    forget();
  }
  if (options.failover && kind.failover) {
    result.failover = await measureFailover(kind.failover, targetContext, {
      rounds: options.failoverRounds,
      seed: options.seed,
    });
  }
  if (options.replicationLag && kind.replicationLag) {
    result.replicationLag = await measureReplicationLag(kind.replicationLag, targetContext, {
      seconds: options.replicationSeconds,
      writers: options.concurrency,
      seed: options.seed,
    });
  }
  if (options.indexes && kind.indexes) result.indexes = await measureIndexes(kind.indexes, targetContext, context);
  if (options.transactions && kind.transactions)
    result.transactions = await measureTransactions(kind.transactions, targetContext, context);
  if (options.streams && kind.streams) result.streams = await measureStreams(kind.streams, targetContext, context);
  if (options.splits && kind.splits) result.splits = await measureSplits(kind.splits, targetContext, context);
  if (options.backups && kind.backups) result.backups = await measureBackups(kind.backups, targetContext, context);
  return result;
}

async function runLatencyPhases(
  kind: TargetKind,
  target: RunningTarget,
  context: MeasureContext,
  result: TargetResult,
): Promise<void> {
  const { options, log } = context;
  const client = benchClient(target.endpoint, options.concurrency);
  try {
    await createBenchTable(client);
    const phases: [Workload, Distribution | "sequential"][] = [[WORKLOADS.load, "sequential"]];
    const warmup = options.latency && options.warmupSeconds > 0 ? 1 : -1;
    if (options.latency) {
      for (const name of options.workloads)
        for (const distribution of options.distributions) phases.push([WORKLOADS[name], distribution]);
    }
    for (const [index, [workload, distribution]] of phases.entries()) {
      if (index === warmup) await warmUp(kind, client, options);
      const label = `${workload.name}${distribution === "sequential" ? "" : ` ${distribution}`}`;
      if (kind.putGetOnly && !servesWithPutGet(workload)) {
        result.latency.push({
          workload: workload.name,
          distribution,
          status: "n/a",
          seconds: 0,
          opsPerSecond: 0,
          ops: {},
        });
        log(`  ${label}: n/a (PutItem/GetItem only)`);
        continue;
      }
      const { result: outcome, cpu } = await measureQuietly(
        target.pid,
        () =>
          runPhase(
            phaseSpec(client, kind, options, workload, distribution, {
              seconds: options.seconds,
              seed: options.seed + index,
            }),
          ),
        log,
      );
      const phase: LatencyPhaseResult = { workload: workload.name, distribution, status: "ok", ...outcome, cpu };
      result.latency.push(phase);
      log(`  ${label}: ${describePhase(phase)}`);
      if (outcome.firstError) log(`    first error: ${outcome.firstError}`);
    }
  } finally {
    client.destroy();
  }
}

/** Creates the bench table at `endpoint` and inserts the run's records, unmeasured. */
export async function loadRecords(kind: TargetKind, endpoint: string, options: BenchOptions): Promise<void> {
  const client = benchClient(endpoint, options.concurrency);
  try {
    await createBenchTable(client);
    const spec = { seconds: options.seconds, seed: options.seed };
    const { firstError } = await runPhase(phaseSpec(client, kind, options, WORKLOADS.load, "sequential", spec));
    if (firstError) throw new Error(`loading the records failed: ${firstError}`);
  } finally {
    client.destroy();
  }
}

/** Workload A, uniform, unmeasured: the JIT warms up before the first measured phase. */
async function warmUp(kind: TargetKind, client: DynamoDBClient, options: BenchOptions): Promise<void> {
  await runPhase(
    phaseSpec(client, kind, options, WORKLOADS.a, "uniform", {
      seconds: options.warmupSeconds,
      seed: options.seed + 999,
    }),
  );
}

async function runThroughput(
  kind: TargetKind,
  target: RunningTarget,
  context: MeasureContext,
  workDir: string,
  result: TargetResult,
): Promise<void> {
  const { options, log } = context;
  for (const operation of THROUGHPUT_OPS) {
    const requests = await throughputRequests(target.endpoint, operation, options);
    const script = join(workDir, `wrk-${operation}.lua`);
    const { result: outcome, cpu } = await measureWrk(target, requests, options.wrkSeconds, script, context);
    result.throughput.push({ operation, ...outcome, cpu });
    const errors = Object.values(outcome.errors).reduce((sum, n) => sum + n, 0);
    log(
      `  wrk ${operation}: ${Math.round(outcome.opsPerSecond)} ops/s, p50 ${ms(outcome.p50)} p99 ${ms(outcome.p99)} ms` +
        `${errors ? `, ${errors} errors ${JSON.stringify(outcome.errors)}` : ""}` +
        ` | CPU server ${cpu.server.toFixed(1)} s, wrk ${cpu.tool.toFixed(1)} s`,
    );
    if (target.inspector) {
      // A profile is an extra: its failure is logged and leaves the measured figures alone.
      await profileWrk(`${kind.name}-${operation}`, target, requests, script, context).catch((error) =>
        log(`  ✗ profile of ${operation}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}

/**
 * One more wrk run like the measured one, with V8's profiler sampling the target's Workers.
 * Each profile goes to `<out>/profiles/<name>.cpuprofile` (for DevTools or speedscope), with a
 * markdown summary beside it.
 */
async function profileWrk(
  name: string,
  target: RunningTarget,
  requests: SignedRequest[],
  script: string,
  context: MeasureContext,
): Promise<void> {
  const { options, log } = context;
  const { profiles } = await profileDuring(target.inspector as string, () =>
    runWrkOn(target, requests, options.wrkSeconds, script, options),
  );
  const dir = join(resolve(REPO_ROOT, options.outDir), "profiles");
  await mkdir(dir, { recursive: true });
  for (const [index, { title, profile }] of profiles.entries()) {
    const file = join(dir, profiles.length > 1 ? `${name}-${index + 1}` : name);
    const summary = summarizeProfile(profile);
    await writeFile(`${file}.cpuprofile`, JSON.stringify(profile));
    await writeFile(`${file}.md`, profileMarkdown(`${name} (${title}), a wrk run under the V8 profiler`, summary));
    const busiest = summary.lines.filter((line) => line.frame !== "(idle)").slice(0, 3);
    log(
      `  profiled: ${file}.md; idle ${(summary.idle * 100).toFixed(0)}%, busiest ` +
        busiest.map((line) => `${line.frame} ${(line.self * 100).toFixed(1)}%`).join(", "),
    );
  }
}
