/**
 * The streams phase in markdown: the stream delay (a PutItem's answer → the GetRecords answer
 * that first holds its record: p50, p99 and max, the records missed or seen before their
 * write's answer) against its goal; then PutItem on the table with a NEW_AND_OLD_IMAGES stream
 * and on the one without (ops/s, p50, p99 and server CPU per write: medians of the rounds, with
 * the lowest and highest), the ratios stream ÷ none taken within each round against the
 * throughput goal, and each round's figures. Also the goals' rows for the issue's targets table
 * (./markdown.ts).
 */

import { disturbed } from "../cpu";
import type { Spread } from "../index-figures";
import type { BenchResult, StreamDelayResult, StreamsResult, TargetResult } from "../results";
import {
  STREAM_DELAY_P99_GOAL_MS,
  STREAM_THROUGHPUT_GOAL,
  type StreamWritesSummary,
  summarizeStreamWrites,
} from "../stream-figures";
import { formatCount, formatMs, header, row } from "./figures";
import { formatSpread } from "./indexes";

export const STREAMS_HEADING = "## Streams (stream delay, and PutItem with a NEW_AND_OLD_IMAGES stream against none)";

const times = (value: number) => `${value.toFixed(2)}×`;
const millis = (value: number | null | undefined) => (value === null ? "–" : formatMs(value));
const met = (pass: boolean | undefined) => (pass === undefined ? "n/a" : pass ? "✅" : "❌");

/** The summary of a phase, recomputed from its runs (so a re-render follows the runs). */
export function streamWritesOf(streams: StreamsResult): StreamWritesSummary | undefined {
  if (streams.runs.length === 0) return undefined;
  return summarizeStreamWrites(
    streams.runs.map((run) => ({
      round: run.round,
      table: run.table,
      writes: run.latency.count,
      opsPerSecond: run.opsPerSecond,
      p50: run.latency.p50,
      p99: run.latency.p99,
      errors: run.latency.errors,
      serverCpu: run.cpu.server,
    })),
    streams.tables.map((table) => table.table),
  );
}

/** The table the goals are checked on (the one with a stream). */
const goalTable = (s: StreamsResult) => s.tables.find((table) => table.goal)?.table;

/**
 * The issue's goals on `target`'s streams phase: the stream delay's p99 (ms), and the median over
 * the rounds of the streamed table's ops/s ÷ the plain table's; undefined when the phase did not run.
 */
export function streamGoals(
  target: TargetResult | undefined,
): { delayP99Ms?: number; rounds: number; ratio?: number } | undefined {
  if (!target?.streams) return undefined;
  const name = goalTable(target.streams);
  const ratio = streamWritesOf(target.streams)?.ratios.find((r) => r.table === name);
  return {
    delayP99Ms: target.streams.delay?.p99Ms ?? undefined,
    rounds: ratio?.ops?.n ?? 0,
    ratio: ratio?.ops?.median,
  };
}

/** The issue's targets table's rows for the streams phase (n/a when it did not run). */
export function streamTargetRows(subject: TargetResult): string[] {
  const goals = streamGoals(subject);
  const s = subject.streams;
  const clients = s ? `, ${s.concurrency} SDK clients` : "";
  const rounds = goals ? ` (median of ${goals.rounds} paired rounds)` : "";
  const delay = goals?.delayP99Ms;
  const ratio = goals?.ratio;
  return [
    row([
      "Stream delay p99, PutItem's answer → GetRecords (1 paced writer, 1 polling reader)",
      `< ${STREAM_DELAY_P99_GOAL_MS} ms`,
      delay === undefined ? "–" : `${formatMs(delay)} ms`,
      met(delay === undefined ? undefined : delay < STREAM_DELAY_P99_GOAL_MS),
    ]),
    row([
      `PutItem ops/s, NEW_AND_OLD_IMAGES stream ÷ none${clients}${rounds}`,
      `≥ ${STREAM_THROUGHPUT_GOAL}×`,
      ratio === undefined ? "–" : times(ratio),
      met(ratio === undefined ? undefined : ratio >= STREAM_THROUGHPUT_GOAL),
    ]),
  ];
}

function intro(target: TargetResult, s: StreamsResult): string {
  const vars = Object.entries(s.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  const tables = s.tables.map((table) => `${table.label} (\`${table.name}\`)`).join(" and ");
  return `${target.label}, on a separate instance (${vars ? vars : "as `npm start` runs it: three replicas per partition, four partitions per table, so a stream has four shards"}), through the AWS SDK (no retries). Two tables identical but for their stream, ${tables}, each loaded first with ${formatCount(s.keys)} items of ~1 KB (10 fields × 100 B).`;
}

function delayIntro(d: StreamDelayResult): string {
  return `**Stream delay**, on the idle server: one writer puts new ~1 KB items, each on a key of its own (so over every partition), one every ${d.everyMs} ms (or as soon as the previous one answered), into the streamed table, while one reader follows its stream: a \`LATEST\` iterator on each of its ${d.shards} shards taken before the first write, then GetRecords on each shard in turn with each answer's \`NextShardIterator\`, no pause while records come and a 5 ms pause after a pass over the shards that got none. The delay runs from a PutItem's answer to the answer of the GetRecords that first holds its record, so it includes up to one pass over the shards; a record got before its write's answer counts 0 (they are counted).`;
}

function delayLines(d: StreamDelayResult): string[] {
  const pass = d.p99Ms === null ? undefined : d.p99Ms < STREAM_DELAY_P99_GOAL_MS;
  return [
    ...header([
      "writes",
      "records got",
      "missed",
      "failed writes",
      "got before the answer",
      "delay p50 ms",
      "delay p99 ms",
      "delay max ms",
      "goal (p99)",
      "met",
    ]),
    row([
      formatCount(d.writes),
      formatCount(d.seen),
      d.missed ? `**${formatCount(d.missed)}**` : "0",
      d.failed ? `**${formatCount(d.failed)}**` : "0",
      formatCount(d.seenBeforeAck),
      millis(d.p50Ms),
      millis(d.p99Ms),
      millis(d.maxMs),
      `< ${STREAM_DELAY_P99_GOAL_MS} ms`,
      met(pass),
    ]),
    "",
    `The paced PutItems took ${formatMs(d.put.p50)} ms at p50 and ${formatMs(d.put.p99)} ms at p99; the reader made ${formatCount(d.passes)} passes over the shards (${formatCount(d.emptyPasses)} got no record), its GetRecords took ${formatMs(d.getRecords.p50)} ms at p50 and ${formatMs(d.getRecords.p99)} ms at p99${d.getRecords.errors ? ` (**${formatCount(d.getRecords.errors)} failed**)` : ""}, and it got ${formatCount(d.records)} records in all.${disturbed(d.cpu) ? " **Disturbed**: other processes used a quarter of a core or more meanwhile." : ""}`,
  ];
}

function writesIntro(s: StreamsResult): string {
  return `**Write cost**: closed-loop PutItem, the transactions phase's baseline: ${s.concurrency} clients sharing keep-alive connections, each writing a ~1 KB item with fresh values on a random one of the loaded keys (on the streamed table every write makes a MODIFY record with both images). After ${s.warmupSeconds} s of each table unmeasured, ${s.rounds} round${s.rounds === 1 ? "" : "s"} run each table for ${s.seconds} s, the order alternating by round; the ratios are taken within a round (the machine is shared: runs minutes apart are not comparable). Nobody reads the stream meanwhile: its records are written with the items whether or not anyone reads them, so this is the whole of a stream's cost to the writes (a reader's GetRecords would add its own load).`;
}

function tableLines(s: StreamsResult, summary: StreamWritesSummary): string[] {
  const lines = header([
    "table",
    "ops/s",
    "p50 ms",
    "p99 ms",
    "ops/s ÷ no stream",
    "server CPU µs/write",
    "writes",
    "errors",
  ]);
  for (const t of summary.tables) {
    const table = s.tables.find((candidate) => candidate.table === t.table);
    const ratio = summary.ratios.find((r) => r.table === t.table);
    lines.push(
      row([
        table?.label ?? t.table,
        formatSpread(t.opsPerSecond, formatCount),
        formatSpread(t.p50, formatMs),
        formatSpread(t.p99, formatMs),
        ratio ? formatSpread(ratio.ops, times) : "1×",
        formatSpread(t.cpuUsPerWrite, formatCount),
        formatCount(t.writes),
        t.errors ? `**${formatCount(t.errors)}**` : "0",
      ]),
    );
  }
  return lines;
}

function goalLines(s: StreamsResult, summary: StreamWritesSummary): string[] {
  const short = (name: string) => s.tables.find((t) => t.table === name)?.short ?? name;
  const spread = (v: Spread | undefined) => (v ? `${times(v.min)}–${times(v.max)}` : "–");
  const lines = header(["ratio", "median", "lowest–highest", "rounds", "goal", "met"]);
  for (const ratio of summary.ratios) {
    const goal = ratio.table === goalTable(s);
    const name = `${short(ratio.table)} ÷ ${short(ratio.baseline)}`;
    lines.push(
      row([
        `${name}, ops/s`,
        ratio.ops ? times(ratio.ops.median) : "–",
        spread(ratio.ops),
        String(ratio.ops?.n ?? 0),
        goal ? `≥ ${times(STREAM_THROUGHPUT_GOAL)}` : "",
        goal && ratio.ops ? met(ratio.ops.median >= STREAM_THROUGHPUT_GOAL) : "",
      ]),
      row([
        `${name}, server CPU per write`,
        ratio.cpu ? times(ratio.cpu.median) : "–",
        spread(ratio.cpu),
        String(ratio.cpu?.n ?? 0),
        "",
        "",
      ]),
    );
  }
  return lines;
}

function roundLines(s: StreamsResult, summary: StreamWritesSummary): string[] {
  const short = (name: string) => s.tables.find((t) => t.table === name)?.short ?? name;
  const goal = summary.ratios.find((r) => r.table === goalTable(s));
  const rounds = [...new Set(s.runs.map((run) => run.round))].sort((a, b) => a - b);
  const lines = header([
    "round",
    "order",
    ...s.tables.map((t) => `${t.short} ops/s`),
    ...(goal ? [`${short(goal.table)} ÷ ${short(goal.baseline)}`] : []),
    "disturbed runs",
  ]);
  for (const round of rounds) {
    const runs = s.runs.filter((run) => run.round === round);
    const value = goal?.rounds.find((r) => r.round === round)?.ops;
    lines.push(
      row([
        String(round),
        runs.map((run) => short(run.table)).join(", "),
        ...s.tables.map((t) => formatCount(runs.find((run) => run.table === t.table)?.opsPerSecond)),
        ...(goal ? [value === undefined ? "–" : times(value)] : []),
        runs
          .filter((run) => disturbed(run.cpu))
          .map((run) => short(run.table))
          .join(", ") || "none",
      ]),
    );
  }
  return lines;
}

/** The first error of the delay measurement and of each table's runs, if any. */
function failureLines(s: StreamsResult): string[] {
  const lines: string[] = [];
  const first = (text: string | undefined) => text?.split("\n")[0];
  if (s.delay?.firstError) lines.push(`- stream delay: errors; the first: ${first(s.delay.firstError)}`);
  for (const table of s.tables) {
    const failed = s.runs.find((run) => run.table === table.table && run.firstError);
    if (failed) lines.push(`- ${table.label}: errors; the first: ${first(failed.firstError)}`);
  }
  return lines;
}

/** The section for every target with a streams phase; nothing when none has one. */
export function streamsSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.streams);
  if (measured.length === 0) return [];
  const lines = [STREAMS_HEADING];
  for (const target of measured) {
    const s = target.streams as StreamsResult;
    lines.push("", intro(target, s));
    if (s.delay) lines.push("", delayIntro(s.delay), "", ...delayLines(s.delay));
    lines.push("", writesIntro(s));
    const summary = streamWritesOf(s);
    if (summary) {
      lines.push(
        "",
        ...tableLines(s, summary),
        "",
        `Each cell is the median of the rounds (lowest–highest). Ratios of the streamed table's figures to the plain table's in the same round (the issue's goal: the stream costs at most 15% of the write throughput, ops/s ≥ ${times(STREAM_THROUGHPUT_GOAL)} none's):`,
        "",
        ...goalLines(s, summary),
        "",
        "Each round's runs; a run is disturbed when other processes used a quarter of a core or more during it (the bench took it again up to twice first).",
        "",
        ...roundLines(s, summary),
      );
    }
    const failures = failureLines(s);
    if (failures.length > 0) lines.push("", ...failures);
    if (s.error) lines.push("", `**Stopped early**: ${s.error.split("\n")[0]}`);
  }
  return lines;
}
