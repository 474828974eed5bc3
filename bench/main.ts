/**
 * The bench run: parse options, prepare wrk and the peers, measure each target in turn (one
 * at a time, so no idle server competes for the two cores), then dynaflare with the floor and
 * with DynamoDB Local on disk in interleaved rounds (paired.ts), then dynaflare's configurations
 * against DynamoDB Local in memory at one client (suite-latency.ts), write the results, and stop
 * everything it started, on success, failure or a signal alike.
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT } from "../scripts/server";
import { countCheck } from "./backup-figures";
import { machineInfo } from "./machine";
import { measureTarget } from "./measure-target";
import { type BenchOptions, parseOptions, usage } from "./options";
import { measurePaired } from "./paired";
import { exitOnSignals, onStop, stopAll } from "./processes";
import { DYNAMODB_LOCAL_DISK, FLOOR, NOAUTH, NOMETRICS, PROCESSES, SUBJECT } from "./report/figures";
import { writeResults } from "./report/write";
import { type BenchResult, type PairedResult, readResult, type TargetResult } from "./results";
import { measureSuiteLatency } from "./suite-latency";
import { targetNamed } from "./targets/registry";
import type { TargetKind } from "./targets/target";
import { ensureWrk } from "./wrk";

export const CACHE_DIR = join(REPO_ROOT, "bench", ".cache");

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** `--render <results.json>`: rewrite the reports of an earlier run from its raw figures. */
async function render(file: string, outDir: string): Promise<number> {
  const result = readResult(await readFile(file, "utf8"));
  const files = await writeResults(result, outDir);
  log(`wrote ${files.join(", ")}`);
  return 0;
}

/**
 * The baselines the subject is paired with: the floor (its targets), DynamoDB Local on disk
 * (PutItem's), itself with authentication off (what signatures cost), itself counting nothing
 * for /metrics (what counting costs), and itself as three processes (what the other cores give).
 */
const PAIRED_BASELINES = [FLOOR, DYNAMODB_LOCAL_DISK, NOAUTH, NOMETRICS, PROCESSES];

/** The subject and each baseline that runs too, when throughput runs and paired rounds are asked for. */
function pairings(options: BenchOptions): [TargetKind, TargetKind][] {
  if (!options.throughput || options.pairedRounds === 0 || !options.targets.includes(SUBJECT)) return [];
  return PAIRED_BASELINES.filter((name) => options.targets.includes(name)).map((name) => [
    targetNamed(SUBJECT),
    targetNamed(name),
  ]);
}

/** Whether the test-suite latency phase runs: latency on, rounds asked for, and the subject among the targets. */
function suitePhase(options: BenchOptions): boolean {
  return options.latency && options.suiteRounds > 0 && options.targets.includes(SUBJECT);
}

/** What failed in a target's backups phase: a part that stopped early, or a restore that lost or gained items. */
function backupFailures(target: TargetResult): string[] {
  const { speed, pitr } = target.backups ?? {};
  const failures: string[] = [];
  if (speed?.error) failures.push(`backup speed failed: ${target.label}: ${speed.error}`);
  if (speed?.source && speed.restored && !countCheck(speed.source.scanned, speed.restored.scanned).equal)
    failures.push(
      `restore check failed: ${target.label}: the restored table holds ${speed.restored.scanned} items, the source ${speed.source.scanned}`,
    );
  if (pitr?.error) failures.push(`PITR cost failed: ${target.label}: ${pitr.error}`);
  return failures;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  if (argv[0] === "--render" && argv[1]) return render(resolve(argv[1]), resolve(argv[2] ?? dirname(resolve(argv[1]))));
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options === "help") {
    log(usage());
    return 0;
  }
  const settings = options;
  exitOnSignals(log);
  const abort = new AbortController();
  onStop(async () => abort.abort(new Error("stopped")));
  try {
    const has = (phase: "indexes" | "backups") => settings.targets.some((name) => targetNamed(name)[phase]);
    const wrkPhase = (settings.indexes && has("indexes")) || (settings.backups && has("backups"));
    if (settings.throughput || wrkPhase) ensureWrk(log);
    const runDir: string = await mkdtemp(join(tmpdir(), "dynaflare-bench-"));
    onStop(() => rm(runDir, { recursive: true, force: true }));
    const startedAt = new Date();
    const started = performance.now();
    const targets: TargetResult[] = [];
    const context = { options: settings, runDir, cacheDir: CACHE_DIR, signal: abort.signal, log };
    for (const name of settings.targets) {
      const kind = targetNamed(name);
      if (kind.throughputOnly && !settings.throughput)
        log(`▶ ${kind.label}: skipped (it runs only wrk, and --no-throughput)`);
      else targets.push(await measureTarget(kind, context));
    }
    const paired: PairedResult[] = [];
    for (const [subject, baseline] of pairings(settings)) paired.push(await measurePaired(subject, baseline, context));
    const suiteLatency = suitePhase(settings) ? await measureSuiteLatency(context) : undefined;
    const result: BenchResult = {
      schema: 1,
      startedAt: startedAt.toISOString(),
      wallSeconds: (performance.now() - started) / 1000,
      command: ["npm run bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
      machine: machineInfo(),
      options: settings,
      targets,
      ...(paired.length > 0 ? { paired } : {}),
      ...(suiteLatency ? { suiteLatency } : {}),
    };
    const files = await writeResults(result, resolve(REPO_ROOT, settings.outDir));
    log(`\nwall time ${(result.wallSeconds / 60).toFixed(1)} min; wrote ${files.join(", ")}`);
    const blocked = targets.filter((target) => target.error);
    for (const target of blocked) log(`blocked: ${target.label}: ${target.error}`);
    const failovers = targets.filter((target) => target.failover?.error);
    for (const target of failovers) log(`failover failed: ${target.label}: ${target.failover?.error}`);
    const lagging = targets.filter((target) => target.replicationLag?.settings.some((s) => s.error));
    for (const target of lagging) {
      for (const setting of target.replicationLag?.settings ?? [])
        if (setting.error) log(`replication lag failed: ${target.label} (${setting.latency}): ${setting.error}`);
    }
    const indexErrors = targets.filter(
      (target) => target.indexes?.error || target.indexes?.propagation.some((p) => p.error),
    );
    for (const target of indexErrors) {
      const indexes = target.indexes;
      if (indexes?.error) log(`secondary indexes failed: ${target.label}: ${indexes.error}`);
      for (const p of indexes?.propagation ?? [])
        if (p.error) log(`GSI propagation failed: ${target.label} (${p.load}): ${p.error}`);
    }
    const transactionErrors = targets.filter((target) => target.transactions?.error);
    for (const target of transactionErrors) log(`transactions failed: ${target.label}: ${target.transactions?.error}`);
    const streamErrors = targets.filter((target) => target.streams?.error);
    for (const target of streamErrors) log(`streams failed: ${target.label}: ${target.streams?.error}`);
    const splitErrors = targets.filter((target) => target.splits?.size?.error || target.splits?.heat?.error);
    for (const target of splitErrors) {
      const { size, heat } = target.splits ?? {};
      if (size?.error) log(`size splits failed: ${target.label}: ${size.error}`);
      if (heat?.error) log(`heat split failed: ${target.label}: ${heat.error}`);
    }
    const backupErrors = targets.filter((target) => backupFailures(target).length > 0);
    for (const target of backupErrors) for (const failure of backupFailures(target)) log(failure);
    const pairedErrors = paired.filter((pairing) => pairing.error);
    for (const pairing of pairedErrors) log(`paired throughput failed (${pairing.baseline}): ${pairing.error}`);
    const suiteErrors = suiteLatency?.error ? [suiteLatency.error] : [];
    for (const error of suiteErrors) log(`test-suite latency failed: ${error}`);
    const failures =
      blocked.length +
      failovers.length +
      lagging.length +
      indexErrors.length +
      transactionErrors.length +
      streamErrors.length +
      splitErrors.length +
      backupErrors.length +
      pairedErrors.length +
      suiteErrors.length;
    return failures > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  } finally {
    await stopAll();
  }
}
