/**
 * The test-suite latency phase in markdown (issue 24): each configuration's p50 and p99 per
 * operation at one SDK client (every run's samples pooled), each configuration's p50 over
 * DynamoDB Local in memory's taken within each round (median, lowest and highest) against the
 * goals, and each round's p50s. Also the goals' rows for the issue's targets table
 * (./markdown.ts).
 */

import { disturbed } from "../cpu";
import type { BenchResult, SuiteLatencyResult } from "../results";
import type { SuiteConfigInfo } from "../suite-configs";
import { type SuiteGoalCheck, type SuiteOp, type SuiteRatio, suiteGoalCheck, suiteRatios } from "../suite-figures";
import { SHAPE_OPS } from "../suite-workload";
import { formatCount, formatMs, header, row } from "./figures";
import { formatSpread } from "./indexes";

export const SUITE_LATENCY_HEADING =
  "## Test-suite latency (one SDK client: dynaflare on disk and in memory against DynamoDB Local in memory)";

/** How the goals name the baseline when the run did not measure it. */
const BASELINE_SHORT = "DynamoDB Local in memory";

const times = (value: number) => `${value.toFixed(2)}×`;
const met = (pass: boolean | undefined) => (pass === undefined ? "n/a" : pass ? "✅" : "❌");
const serves = (config: SuiteConfigInfo, op: SuiteOp) => SHAPE_OPS[config.shape].includes(op);
const baselineOf = (s: SuiteLatencyResult) => s.configs.find((config) => config.baseline);

/** Each configuration's p50 ÷ the baseline's, round by round, recomputed from the runs (none without the baseline). */
export function suiteRatiosOf(s: SuiteLatencyResult): SuiteRatio[] {
  const baseline = baselineOf(s);
  if (!baseline) return [];
  const names = s.configs.map((config) => config.name);
  return suiteRatios(s.runs, names, baseline.name, s.ops);
}

/** The goal of each configuration that has one, checked on its median ratios over the operations it serves. */
export function suiteGoalChecks(s: SuiteLatencyResult): (SuiteGoalCheck & { rounds: number })[] {
  const ratios = suiteRatiosOf(s);
  return s.configs.flatMap((config) => {
    if (config.goal === undefined) return [];
    const ops = s.ops.filter((op) => serves(config, op));
    const mine = ratios.filter((r) => r.config === config.name);
    const rounds = mine.length === ops.length ? Math.min(...mine.map((r) => r.p50?.n ?? 0)) : 0;
    return [{ ...suiteGoalCheck(ratios, config.name, config.goal, ops), rounds }];
  });
}

/** The targets table's rows for the phase; none when it did not run. */
export function suiteTargetRows(result: BenchResult): string[] {
  const s = result.suiteLatency;
  if (!s) return [];
  const baseline = baselineOf(s)?.short ?? BASELINE_SHORT;
  return suiteGoalChecks(s).map((check) => {
    const config = s.configs.find((c) => c.name === check.config);
    return row([
      `${config?.short ?? check.config} p50 ÷ ${baseline} p50 (each operation), 1 SDK client (median of ${check.rounds} rounds)`,
      `≤ ${times(check.goal)}`,
      check.worst ? `${times(check.worst.median)} (${check.worst.op}, the highest)` : "–",
      met(check.met),
    ]);
  });
}

function intro(s: SuiteLatencyResult): string {
  const items = s.itemsPerCollection;
  return `${s.configs.length} configurations served side by side on this machine (all of them up at once; one client at a time sends to one of them, the others idle), each on a fresh table \`${s.table}\` (partition key \`pk\`, sort key \`sk\`, on demand) loaded unmeasured with ${s.collections} item collections of ${items} items of ~1 KB (10 fields × 100 B). One SDK client per configuration (keep-alive, no retries), one request at a time: PutItem of a new ~1 KB item over a random loaded key, GetItem of a random loaded key (eventually consistent), UpdateItem \`SET\` of one 100-byte field on a random loaded key, Query \`pk = :p\` of a random collection (its ${items} items). After ${s.warmupSeconds} s of each operation on each configuration unmeasured, ${s.rounds} round${s.rounds === 1 ? "" : "s"} run each operation on each configuration for ${s.seconds} s, the configurations' order rotating by round, each run once the machine is quiet. The ratios to ${BASELINE_SHORT} are taken within a round (the machine is shared: runs minutes apart are not comparable).`;
}

function configLines(s: SuiteLatencyResult): string[] {
  const lines = s.configs.map((config) => `- **${config.label}** (${config.short}): ${config.description}`);
  if (s.configs.some((config) => config.shape === "floor"))
    lines.push(
      "",
      "The floor's row is the platform's minimum at one client: one Worker hop and one SQLite statement per request, nothing else; it serves only PutItem and GetItem (on `usertable`, keyed on `pk` alone, as many items), so UpdateItem and Query are n/a.",
    );
  return lines;
}

/** Configurations as rows, each operation's pooled p50 and p99 as columns. */
function latencyLines(s: SuiteLatencyResult): string[] {
  const lines = header([
    "configuration",
    ...s.ops.flatMap((op) => [`${op} p50 ms`, `${op} p99 ms`]),
    "requests",
    "errors",
  ]);
  for (const config of s.configs) {
    const pooled = s.pooled.filter((p) => p.config === config.name);
    const cells = s.ops.flatMap((op) => {
      if (!serves(config, op)) return ["n/a", "n/a"];
      const latency = pooled.find((p) => p.op === op)?.latency;
      return [formatMs(latency?.p50 ?? undefined), formatMs(latency?.p99 ?? undefined)];
    });
    const requests = pooled.reduce((n, p) => n + p.latency.count, 0);
    const errors = pooled.reduce((n, p) => n + p.latency.errors, 0);
    lines.push(row([config.label, ...cells, formatCount(requests), errors ? `**${formatCount(errors)}**` : "0"]));
  }
  return lines;
}

/** Every configuration but the baseline as rows, its median ratio (lowest–highest) per operation as columns. */
function ratioLines(s: SuiteLatencyResult): string[] {
  const ratios = suiteRatiosOf(s);
  const checks = suiteGoalChecks(s);
  const lines = header(["configuration", ...s.ops.map((op) => `${op} p50 ÷`), "goal (each operation)", "met"]);
  for (const config of s.configs) {
    if (config.baseline) continue;
    const check = checks.find((c) => c.config === config.name);
    const cells = s.ops.map((op) => {
      if (!serves(config, op)) return "n/a";
      return formatSpread(ratios.find((r) => r.config === config.name && r.op === op)?.p50, times);
    });
    lines.push(row([config.label, ...cells, check ? `≤ ${times(check.goal)}` : "", check ? met(check.met) : ""]));
  }
  return lines;
}

/** Each round and operation: the order run, each configuration's p50, and the runs disturbed. */
function roundLines(s: SuiteLatencyResult): string[] {
  const short = (name: string) => s.configs.find((config) => config.name === name)?.short ?? name;
  const lines = header([
    "round",
    "operation",
    "order",
    ...s.configs.map((config) => `${config.short} p50 ms`),
    "disturbed",
  ]);
  const rounds = [...new Set(s.runs.map((run) => run.round))].sort((a, b) => a - b);
  for (const round of rounds)
    for (const op of s.ops) {
      const runs = s.runs.filter((run) => run.round === round && run.op === op);
      if (runs.length === 0) continue;
      const cells = s.configs.map((config) =>
        serves(config, op) ? formatMs(runs.find((run) => run.config === config.name)?.p50 ?? undefined) : "n/a",
      );
      const noisy = runs.filter((run) => disturbed(run.cpu)).map((run) => short(run.config));
      lines.push(
        row([String(round), op, runs.map((run) => short(run.config)).join(", "), ...cells, noisy.join(", ") || "none"]),
      );
    }
  return lines;
}

/** The first error of each configuration and operation that had any. */
function errorLines(s: SuiteLatencyResult): string[] {
  const lines: string[] = [];
  for (const config of s.configs)
    for (const op of s.ops) {
      const failed = s.runs.filter((run) => run.config === config.name && run.op === op && run.errors > 0);
      if (failed.length === 0) continue;
      const errors = failed.reduce((n, run) => n + run.errors, 0);
      const first = failed.find((run) => run.firstError)?.firstError?.split("\n")[0] ?? "not recorded";
      lines.push(`- ${config.label} ${op}: ${formatCount(errors)} errors; the first: ${first}`);
    }
  return lines;
}

/** The section; nothing when the phase did not run. */
export function suiteLatencySection(result: BenchResult): string[] {
  const s = result.suiteLatency;
  if (!s) return [];
  const lines = [SUITE_LATENCY_HEADING, "", intro(s), "", ...configLines(s)];
  if (s.runs.length > 0) {
    lines.push(
      "",
      "Each configuration's requests over all the rounds, pooled:",
      "",
      ...latencyLines(s),
      "",
      `Each configuration's p50 ÷ ${BASELINE_SHORT}'s p50 in the same round: the median over the rounds (lowest–highest). Issue 24's goals: in memory with one replica at or below ${BASELINE_SHORT} (≤ 1×), in memory with three replicas within 1.5×, for every operation.`,
      "",
      ...(baselineOf(s)
        ? ratioLines(s)
        : [`No ratios: ${BASELINE_SHORT} was not among the targets (\`--targets\` \`ddb-local-mem\`).`]),
      "",
      "Each round's runs; a run is disturbed when other processes (the idle configurations included) used a quarter of a core or more during it (the bench took it again up to twice first).",
      "",
      ...roundLines(s),
    );
  }
  const errors = errorLines(s);
  if (errors.length > 0) lines.push("", ...errors);
  if (s.error) lines.push("", `**Stopped early**: ${s.error.split("\n")[0]}`);
  return lines;
}
