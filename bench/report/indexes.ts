/**
 * The secondary-indexes phase in markdown (issue 15): GSI propagation delay (idle and under a
 * background write load) against its goal, and PutItem throughput on tables with none, one and
 * five GSIs in interleaved rounds, with the indexed tables' ratios to the unindexed one.
 */

import type { IndexFeedingReport } from "../admin-api";
import { disturbed } from "../cpu";
import { costRunFigures, type IndexCostSummary, type Spread, summarizeIndexCost } from "../index-figures";
import type { BenchResult, IndexesResult, IndexPropagation, TargetResult } from "../results";
import { formatCount, formatMs, header, row } from "./figures";

/** Issue 15's goals: propagation p99, and one GSI's throughput over none's (costing at most 1.5×). */
export const PROPAGATION_P99_GOAL_MS = 100;
export const ONE_INDEX_OPS_GOAL = 1 / 1.5;

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(1));
const times = (value: number) => `${value.toFixed(2)}×`;

/** `median (min–max)` of a spread, each formatted by `format`; – when absent. */
export function formatSpread(spread: Spread | undefined, format: (value: number) => string): string {
  if (!spread) return "–";
  return spread.n === 1
    ? format(spread.median)
    : `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;
}

/** A run's GSI backlog (summed) and lag p99 (the worst index's), from the admin API's report. */
export function feedingFigures(feeding: readonly IndexFeedingReport[]): { backlog: number; lagP99Ms?: number } {
  const lags = feeding.map((f) => f.lagP99Ms).filter((v): v is number => v !== null);
  return {
    backlog: feeding.reduce((n, f) => n + f.pending, 0),
    ...(lags.length > 0 ? { lagP99Ms: Math.max(...lags) } : {}),
  };
}

/** The write-cost summary of a phase, recomputed from its runs (so a re-render follows the runs). */
export function indexCostOf(indexes: IndexesResult): IndexCostSummary | undefined {
  if (indexes.costRuns.length === 0) return undefined;
  return summarizeIndexCost(
    indexes.costRuns.map((run) => ({
      ...costRunFigures(run),
      ...(run.feeding ? feedingFigures(run.feeding) : {}),
    })),
    indexes.costTables.map((table) => table.table),
  );
}

const LOADS: Record<IndexPropagation["load"], (p: IndexPropagation) => string> = {
  idle: () => "idle",
  writes: (p) => `${p.writers} SDK writers on the table (${formatCount(p.writes.opsPerSecond)} writes/s)`,
};

function propagationLines(target: TargetResult, indexes: IndexesResult): string[] {
  const vars = Object.entries(indexes.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  const lines = [
    `${target.label}, on a separate instance (${vars ? vars : "as `npm start` runs it"}). **Propagation**: a table whose GSI is keyed on \`${indexes.propagationIndex.key}\` (projection ${indexes.propagationIndex.projection}), which every item the bench writes has, fresh; ${indexes.keys} new items, one at a time, each put and then looked for with a Query on the index (eventually consistent, as GSIs are) every ${indexes.pollEveryMs} ms, at most ${indexes.pollBoundMs / 1000} s. **Visible after** runs from the PutItem's answer to the answer of the first Query whose items include it (so it includes up to one poll interval and one Query). Taken on the idle server, then while closed-loop SDK clients put other items on the same table. **Server lag** is the server's figure, read from \`GET /admin/indexes\` after each sample: from a base record's commit, as its partition leader saw it, to the index's acknowledgement of the batch holding it, over each leader's recent batches (the last 100 per index).`,
    "",
    ...header([
      "load",
      "keys visible",
      "visible after p50 ms",
      "p99 ms",
      "max ms",
      `p99 < ${PROPAGATION_P99_GOAL_MS} ms`,
      "sampled PutItem p50 ms",
      "PutItem p99 ms",
      "server lag p50 ms",
      "server lag p99 ms",
      "lag samples",
    ]),
  ];
  for (const p of indexes.propagation) {
    const v = p.visible;
    const seen = v.missed > 0 ? `**${v.visible} of ${v.keys}**` : `${v.visible} of ${v.keys}`;
    const met = v.p99Ms === null ? "n/a" : v.missed === 0 && v.p99Ms < PROPAGATION_P99_GOAL_MS ? "✅" : "❌";
    lines.push(
      row([
        LOADS[p.load](p),
        seen,
        ms(v.p50Ms),
        ms(v.p99Ms),
        ms(v.maxMs),
        met,
        ms(p.put.p50Ms),
        ms(p.put.p99Ms),
        ms(p.server?.lagP50Ms),
        ms(p.server?.lagP99Ms),
        p.server ? String(p.server.samples) : "–",
      ]),
    );
  }
  for (const p of indexes.propagation) {
    if (p.error) lines.push("", `- ${LOADS[p.load](p)}: **stopped early**: ${p.error.split("\n")[0]}`);
    if (p.writes.failed > 0) lines.push("", `- ${LOADS[p.load](p)}: **${p.writes.failed}** background writes failed`);
  }
  return lines;
}

function costLines(indexes: IndexesResult, cost: IndexCostSummary): string[] {
  const tables = indexes.costTables;
  const tableNamed = (name: string) => tables.find((t) => t.table === name);
  const counted = (count: number) => (count === 0 ? "no GSI" : `${count} GSI${count > 1 ? "s" : ""}`);
  const short = (name: string) => {
    const table = tableNamed(name);
    return table?.short ?? counted(table?.indexes ?? 0);
  };
  const describe = (name: string) => {
    const table = tableNamed(name);
    if (table?.label) return table.label;
    if (!table || table.indexes === 0) return "no GSI";
    return `${counted(table.indexes)} (${table.keys.map((k) => `\`${k}\``).join(", ")})`;
  };
  /** Whether issue 15's goal is checked on `name`'s ratios (older results: the table with one GSI). */
  const goal = (name: string) => {
    const table = tableNamed(name);
    return table?.goal ?? (table?.indexes === 1 && !tables.some((t) => t.goal !== undefined));
  };
  const kept = tables.some((t) => t.keys.includes("pk"));
  const lines = [
    `**Write cost**: PutItem throughput on ${tables.length} tables identical but for their GSIs (projection ${indexes.costProjection}; ${kept ? "each keyed on a field every write changes, so each write moves the item's entry in every index (a delete and a put there), but for one keyed on `pk`, which a write keeps, so its entry is put in place" : "each keyed on a field every write changes, so each write moves the item's entry in every index"}), each written by \`wrk\` with pre-signed ~1 KB PutItems as in the throughput runs. After an unmeasured warm-up of each, ${indexes.costRounds} round${indexes.costRounds === 1 ? "" : "s"} run each table for ${indexes.costSeconds} s, the order rotating by round; the ratios are taken within a round (the machine is shared: runs minutes apart are not comparable). GSIs are fed off the request path, from the base partition leader's committed log, so an index adds no step to a write's answer: what it costs shows as server CPU competing with the writes on the same cores. After each run the bench waits until the server's CPU settles below ${indexes.idleCores} of a core (its GSI backlog fed; at most ${indexes.drainBoundMs / 1000} s; "drain ms" is measured in steps of 250 ms), and "CPU µs/op with drain" counts that CPU too. "GSI backlog" and "GSI lag p99" are the server's, from \`GET /admin/indexes\` right after each run: base records not yet fed to the indexes (summed over them), and the propagation lag p99 of the worst index over each leader's recent batches.`,
    "",
    ...header([
      "table",
      "ops/s",
      "p50 ms",
      "p99 ms",
      "server CPU µs/op",
      "CPU µs/op with drain",
      "drain ms",
      "GSI backlog",
      "GSI lag p99 ms",
      "errors",
    ]),
  ];
  for (const t of cost.tables) {
    lines.push(
      row([
        describe(t.table),
        formatSpread(t.opsPerSecond, formatCount),
        formatSpread(t.p50, formatMs),
        formatSpread(t.p99, formatMs),
        formatSpread(t.cpuUsPerOp, formatCount),
        formatSpread(t.cpuUsPerOpWithDrain, formatCount),
        formatSpread(t.drainMs, formatCount),
        formatSpread(t.backlog, formatCount),
        formatSpread(t.lagP99Ms, formatMs),
        t.errors ? `**${formatCount(t.errors)}**` : "0",
      ]),
    );
  }
  lines.push(
    "",
    "Each cell is the median of the rounds (lowest–highest). Ratios within each round, to the table without GSIs (issue 15's goal: one GSI costs at most 1.5× the writes of none, checked on throughput and on server CPU per write):",
    "",
    ...header(["ratio", "median", "lowest–highest", "rounds", "goal", "met"]),
  );
  for (const ratio of cost.ratios) {
    const name = `${short(ratio.table)} ÷ ${short(ratio.baseline)}`;
    const one = goal(ratio.table);
    const spread = (s: Spread | undefined) => (s ? `${times(s.min)}–${times(s.max)}` : "–");
    const check = (s: Spread | undefined, pass: (v: number) => boolean) =>
      !one || !s ? "" : pass(s.median) ? "✅" : "❌";
    lines.push(
      row([
        `${name}, ops/s`,
        ratio.ops ? times(ratio.ops.median) : "–",
        spread(ratio.ops),
        String(ratio.ops?.n ?? 0),
        one ? `≥ ${times(ONE_INDEX_OPS_GOAL)}` : "",
        check(ratio.ops, (v) => v >= ONE_INDEX_OPS_GOAL),
      ]),
      row([
        `${name}, server CPU µs/op with drain`,
        ratio.cpu ? times(ratio.cpu.median) : "–",
        spread(ratio.cpu),
        String(ratio.cpu?.n ?? 0),
        one ? `≤ ${times(1 / ONE_INDEX_OPS_GOAL)}` : "",
        check(ratio.cpu, (v) => v <= 1 / ONE_INDEX_OPS_GOAL),
      ]),
    );
  }
  const rounds = [...new Set(indexes.costRuns.map((run) => run.round))].sort((a, b) => a - b);
  const names = tables.map((t) => t.table);
  lines.push(
    "",
    "Each round's runs; a run is disturbed when other processes used a quarter of a core or more during it (the bench took it again up to twice first).",
    "",
    ...header([
      "round",
      "order",
      ...names.map((n) => `${short(n)} ops/s`),
      ...cost.ratios.map((r) => `${short(r.table)} ÷ ${short(r.baseline)}`),
      "disturbed runs",
    ]),
  );
  for (const round of rounds) {
    const runs = indexes.costRuns.filter((run) => run.round === round);
    const ops = names.map((name) => formatCount(runs.find((run) => run.table === name)?.opsPerSecond));
    const ratios = cost.ratios.map((r) => {
      const value = r.rounds.find((x) => x.round === round)?.ops;
      return value === undefined ? "–" : times(value);
    });
    const noisy = runs.filter((run) => disturbed(run.cpu)).map((run) => short(run.table));
    lines.push(
      row([
        String(round),
        runs.map((run) => short(run.table)).join(", "),
        ...ops,
        ...ratios,
        noisy.join(", ") || "none",
      ]),
    );
  }
  return lines;
}

/** The section for every target with a secondary-indexes phase; nothing when none has one. */
export function indexesSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.indexes);
  if (measured.length === 0) return [];
  const lines = ["## Secondary indexes (GSI propagation and write cost)"];
  for (const target of measured) {
    const indexes = target.indexes as IndexesResult;
    lines.push("", ...propagationLines(target, indexes));
    const cost = indexCostOf(indexes);
    if (cost) lines.push("", ...costLines(indexes, cost));
    if (indexes.error) lines.push("", `**Stopped early**: ${indexes.error.split("\n")[0]}`);
  }
  return lines;
}
