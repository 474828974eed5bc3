/**
 * The backups phase in markdown: the speed of a backup (CreateBackup → AVAILABLE) and of its
 * restore (RestoreTableFromBackup → ACTIVE), in items/s and MB/s, with the check that the restore
 * holds the source's items; then wrk PutItem on a table with point-in-time recovery on and on one
 * with it off (ops/s, p50, p99 and server CPU per write: medians of the rounds, with the lowest and
 * highest), the ratios on ÷ off taken within each round against the goal, and each round's figures.
 * Also the goal's row for the targets table (./markdown.ts).
 */

import {
  countCheck,
  MB,
  PITR_THROUGHPUT_GOAL,
  pitrGoal,
  summarizePitrCost,
  type TransferSpeed,
  transferSpeed,
} from "../backup-figures";
import { disturbed } from "../cpu";
import { costRunFigures, type IndexCostSummary, type Spread } from "../index-figures";
import type { BackupSpeedResult, BackupStep, BenchResult, PitrCostResult, TargetResult } from "../results";
import { formatCount, formatMs, formatSeconds, header, row } from "./figures";
import { formatSpread } from "./indexes";

export const BACKUPS_HEADING =
  "## Backups (backup and restore speed, and PutItem with point-in-time recovery on and off)";

const times = (value: number) => `${value.toFixed(2)}×`;
const met = (pass: boolean | undefined) => (pass === undefined ? "n/a" : pass ? "✅" : "❌");
const megabytes = (bytes: number | undefined) => (bytes === undefined ? "–" : (bytes / MB).toFixed(1));
const first = (text: string | undefined) => text?.split("\n")[0].replace(/\|/g, "\\|");
const vars = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
const settings = (values: Record<string, string>) =>
  vars(values) ||
  "as `npm start` runs it: three replicas per partition, four partitions per table, the archive a directory";

/** The PITR runs summarised, recomputed from the runs (so a re-render follows them); undefined without runs. */
export function pitrCostOf(pitr: PitrCostResult): IndexCostSummary | undefined {
  if (pitr.runs.length === 0) return undefined;
  return summarizePitrCost(pitr.runs.map(costRunFigures));
}

/** The issue's goal on `target`'s PITR cost; undefined when the part did not run. */
export function pitrCostGoal(target: TargetResult | undefined): ReturnType<typeof pitrGoal> | undefined {
  const pitr = target?.backups?.pitr;
  return pitr && pitrGoal(pitrCostOf(pitr));
}

/** The targets table's row for the backups phase (n/a when it did not run). */
export function backupTargetRows(subject: TargetResult): string[] {
  const pitr = subject.backups?.pitr;
  const goal = pitrCostGoal(subject);
  const how = pitr
    ? `, wrk -t${pitr.threads} -c${pitr.connections} (median of ${goal?.rounds ?? 0} paired rounds)`
    : "";
  return [
    row([
      `PutItem ops/s, PITR on ÷ off${how}`,
      `≥ ${times(PITR_THROUGHPUT_GOAL)}`,
      goal?.ratio === undefined ? "–" : times(goal.ratio),
      met(goal?.met),
    ]),
  ];
}

function speedIntro(target: TargetResult, s: BackupSpeedResult): string {
  const load = s.load;
  const loaded =
    load.seconds === undefined
      ? ""
      : ` (${formatSeconds(load.seconds)} s, ${formatCount(s.items / load.seconds)} items/s; ${formatCount(load.unprocessed)} items sent again after being left unprocessed)`;
  return `**Speed**: ${target.label}, on a separate instance (${settings(s.vars)}), through the AWS SDK (no retries). A table (\`${s.table}\`) loaded with ${formatCount(s.items)} items of ~1 KB (10 fields × 100 B) by ${load.concurrency} closed-loop clients sending BatchWriteItems of ${load.batchSize}${loaded}; then, on the idle server once the machine was quiet, CreateBackup and DescribeBackup every ${s.pollMs} ms until the backup was \`AVAILABLE\`; then RestoreTableFromBackup to \`${s.restoredTable}\` and DescribeTable every ${s.pollMs} ms until it was \`ACTIVE\`. Each step is timed from its request's sending to the answer of the first Describe that showed it done, so it includes up to one pause and one Describe (the last poll's time: the server may answer slowly while it works). Items are the source's (a Scan's Count), MB its \`TableSizeBytes\` in 10^6 bytes (the item data).`;
}

function stepRow(
  name: string,
  step: BackupStep | undefined,
  speed: TransferSpeed | undefined,
  items: string,
  mb: string,
) {
  if (!step) return row([name, items, mb, "–", "–", "–", "–", "–", "–", "–", "–"]);
  return row([
    name,
    items,
    mb,
    (step.ms / 1000).toFixed(2),
    formatCount(speed?.itemsPerSecond),
    speed ? speed.mbPerSecond.toFixed(1) : "–",
    formatCount(step.requestMs),
    formatCount(step.polls),
    formatCount(step.lastPollMs),
    formatSeconds(step.cpu.server),
    disturbed(step.cpu) ? "⚠ disturbed" : "–",
  ]);
}

function speedLines(s: BackupSpeedResult): string[] {
  const { source, backup, restore, restored } = s;
  const items = formatCount(source?.scanned);
  const mb = megabytes(source?.sizeBytes);
  const speed = (step: BackupStep | undefined) =>
    source && step ? transferSpeed(source.scanned, source.sizeBytes, step.ms) : undefined;
  const check = source && restored ? countCheck(source.scanned, restored.scanned) : undefined;
  return [
    ...header([
      "step",
      "items",
      "MB",
      "s",
      "items/s",
      "MB/s",
      "request ms",
      "polls",
      "last poll ms",
      "server CPU s",
      "note",
    ]),
    stepRow("backup (CreateBackup → `AVAILABLE`)", backup, speed(backup), items, mb),
    stepRow("restore (RestoreTableFromBackup → `ACTIVE`)", restore, speed(restore), items, mb),
    "",
    `Sizes in bytes: the source's \`TableSizeBytes\` ${formatCount(source?.sizeBytes)} (\`ItemCount\` ${formatCount(source?.itemCount)}); the backup's \`BackupSizeBytes\` ${formatCount(backup?.sizeBytes)}; the restored table's \`TableSizeBytes\` ${formatCount(restored?.sizeBytes)} (\`ItemCount\` ${formatCount(restored?.itemCount)}).`,
    "",
    ...header(["check", "goal", "this run", "met"]),
    row([
      `the restored table's items (a Scan's Count) against the source's (${items})`,
      "equal",
      formatCount(restored?.scanned),
      met(check?.equal),
    ]),
  ];
}

function pitrIntro(target: TargetResult, p: PitrCostResult): string {
  const tables = p.tables.map((t) => `${t.label} (\`${t.name}\`)`).join(" and ");
  const opened =
    p.windowOpenMs === undefined ? "" : `, ${formatCount(p.windowOpenMs)} ms after UpdateContinuousBackups answered,`;
  return `**PITR cost**: ${target.label}, on a separate instance (${settings(p.vars)}; \`PITR_ARCHIVE_MS\` 1 s, \`PITR_SNAPSHOT_MS\` 1 h). Two tables identical but for point-in-time recovery, ${tables}, turned on with UpdateContinuousBackups before the rounds, which start once DescribeContinuousBackups shows the window open (an \`EarliestRestorableDateTime\`: every partition's first snapshot taken)${opened} and 2 s more. Both are written by \`wrk -t${p.threads} -c${p.connections}\` with ${formatCount(p.variants)} pre-signed PutItems of ~1 KB items over keys of ${formatCount(p.records)}, the throughput step's requests aimed at each table. After ${p.warmupSeconds} s of each table unmeasured, ${p.rounds} round${p.rounds === 1 ? "" : "s"} run each table for ${p.seconds} s, the order alternating by round (off on, on off, …); the ratios are taken within a round. Each partition leader of the PITR table archives its committed records every second, off the request path: after every run (of either table) the bench waits ${formatSeconds(p.settleMs / 1000)} s, past one archive pass, then until the server's CPU settles, and counts that CPU with the run ("with the archive pass"). One instance, not two: runs side by side then differ only by PITR, not also by two processes started apart.`;
}

function tableLines(p: PitrCostResult, summary: IndexCostSummary): string[] {
  const lines = header([
    "table",
    "ops/s",
    "p50 ms",
    "p99 ms",
    "ops/s ÷ PITR off",
    "server CPU µs/write",
    "with the archive pass",
    "errors",
  ]);
  for (const t of summary.tables) {
    const ratio = summary.ratios.find((r) => r.table === t.table);
    lines.push(
      row([
        p.tables.find((table) => table.table === t.table)?.label ?? t.table,
        formatSpread(t.opsPerSecond, formatCount),
        formatSpread(t.p50, formatMs),
        formatSpread(t.p99, formatMs),
        ratio ? formatSpread(ratio.ops, times) : "1×",
        formatSpread(t.cpuUsPerOp, formatCount),
        formatSpread(t.cpuUsPerOpWithDrain, formatCount),
        t.errors ? `**${formatCount(t.errors)}**` : "0",
      ]),
    );
  }
  return lines;
}

function goalLines(summary: IndexCostSummary): string[] {
  const spread = (v: Spread | undefined) => (v ? `${times(v.min)}–${times(v.max)}` : "–");
  const goal = pitrGoal(summary);
  const lines = header(["ratio", "median", "lowest–highest", "rounds", "goal", "met"]);
  for (const ratio of summary.ratios) {
    lines.push(
      row([
        "PITR on ÷ off, PutItem ops/s",
        ratio.ops ? times(ratio.ops.median) : "–",
        spread(ratio.ops),
        String(ratio.ops?.n ?? 0),
        `≥ ${times(PITR_THROUGHPUT_GOAL)}`,
        met(goal.met),
      ]),
      row([
        "PITR on ÷ off, server CPU per write (with the archive pass)",
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

function roundLines(p: PitrCostResult, summary: IndexCostSummary): string[] {
  const label = (name: string) => p.tables.find((t) => t.table === name)?.label ?? name;
  const ratio = summary.ratios.find((r) => r.table === "on");
  const rounds = [...new Set(p.runs.map((run) => run.round))].sort((a, b) => a - b);
  const lines = header(["round", "order", ...p.tables.map((t) => `${t.label} ops/s`), "on ÷ off", "disturbed runs"]);
  for (const round of rounds) {
    const runs = p.runs.filter((run) => run.round === round);
    const value = ratio?.rounds.find((r) => r.round === round)?.ops;
    lines.push(
      row([
        String(round),
        runs.map((run) => label(run.table)).join(", "),
        ...p.tables.map((t) => formatCount(runs.find((run) => run.table === t.table)?.opsPerSecond)),
        value === undefined ? "–" : times(value),
        runs
          .filter((run) => disturbed(run.cpu))
          .map((run) => label(run.table))
          .join(", ") || "none",
      ]),
    );
  }
  return lines;
}

function pitrLines(p: PitrCostResult): string[] {
  const summary = pitrCostOf(p);
  if (!summary) return [];
  const lines = [
    ...tableLines(p, summary),
    "",
    `Each cell is the median of the rounds (lowest–highest). The PITR table's figures over the plain table's in the same round (the issue's goal: PITR costs at most 10% of the write throughput, ops/s ≥ ${times(PITR_THROUGHPUT_GOAL)} off's):`,
    "",
    ...goalLines(summary),
    "",
    "Each round's runs; a run is disturbed when other processes used a quarter of a core or more during it (the bench took it again up to twice first).",
    "",
    ...roundLines(p, summary),
  ];
  if (p.archived)
    lines.push(
      "",
      `When the rounds ended the PITR table's leaders had archived ${formatCount(p.archived.segments)} log segments (${megabytes(p.archived.bytes)} MB).`,
    );
  return lines;
}

/** The section for every target with a backups phase; nothing when none has one. */
export function backupsSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.backups);
  if (measured.length === 0) return [];
  const lines = [BACKUPS_HEADING];
  for (const target of measured) {
    const { speed, pitr } = target.backups ?? {};
    if (speed) {
      lines.push("", speedIntro(target, speed), "", ...speedLines(speed));
      if (speed.error) lines.push("", `**Stopped early**: ${first(speed.error)}`);
    }
    if (pitr) {
      lines.push("", pitrIntro(target, pitr));
      const figures = pitrLines(pitr);
      if (figures.length > 0) lines.push("", ...figures);
      if (pitr.error) lines.push("", `**Stopped early**: ${first(pitr.error)}`);
    }
  }
  return lines;
}
