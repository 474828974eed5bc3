/**
 * The splits phase in markdown: the size splits (each split's duration, with p50 and max; the
 * mixed load's requests, failures and latency before, during and after the splits, against the
 * goal of no failed request; the checks after the load) and the heat split (acknowledged writes
 * per second in a window before it and one after, their ratio against the goal, the splits made).
 * Also the goals' rows for the issue's targets table (./markdown.ts).
 */

import { disturbed } from "../cpu";
import type { BenchResult, HeatSplitResult, HeatSplitWindow, SizeSplitResult, TargetResult } from "../results";
import { HEAT_SPLIT_GOAL, heatRatio, ITEM_BYTES, SPLIT_LOAD_OPS, splitDurations } from "../split-figures";
import { formatCount, formatMs, formatSeconds, header, row } from "./figures";

export const SPLITS_HEADING = "## Partition splits (for size under a mixed load, and for heat)";

const OP_LABELS = { put: "PutItem", get: "GetItem (consistent)", scan: "Scan page" } as const;
const PERIOD_LABELS = { before: "before the splits", during: "during the splits", after: "after the splits" } as const;

const times = (value: number) => `${value.toFixed(2)}×`;
const millis = (value: number | null | undefined) => (value === null || value === undefined ? "–" : formatMs(value));
const met = (pass: boolean | undefined) => (pass === undefined ? "n/a" : pass ? "✅" : "❌");
const count = (value: number | null) => (value === null ? "–" : formatCount(value));
const bold = (n: number) => (n > 0 ? `**${formatCount(n)}**` : "0");
const first = (text: string | undefined) => text?.split("\n")[0].replace(/\|/g, "\\|");
const vars = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");

/** The heat split's ratio, and whether it meets the goal; undefined when the part did not run. */
export function heatGoal(target: TargetResult | undefined): { ratio?: number; met?: boolean } | undefined {
  const heat = target?.splits?.heat;
  return heat && heatRatio(heat.before, heat.after);
}

/** The issue's targets table's rows for the splits phase (n/a when it did not run). */
export function splitTargetRows(subject: TargetResult): string[] {
  const { size, heat } = subject.splits ?? {};
  const failed = size?.load?.failedDuring;
  const goal = heatGoal(subject);
  return [
    row([
      `Requests failed during size splits${size ? `, ${size.concurrency} SDK clients (mixed load)` : ""}`,
      "0",
      failed === undefined ? "–" : formatCount(failed),
      met(failed === undefined ? undefined : failed === 0),
    ]),
    row([
      `PutItem ops/s after one split for heat ÷ before${heat ? `, ${heat.concurrency} SDK clients` : ""}`,
      `≥ ${HEAT_SPLIT_GOAL}×`,
      goal?.ratio === undefined ? "–" : times(goal.ratio),
      met(goal?.met),
    ]),
  ];
}

function sizeIntro(target: TargetResult, s: SizeSplitResult): string {
  const mix = SPLIT_LOAD_OPS.map((op) => `${Math.round(s.mix[op] * 100)}% ${OP_LABELS[op]}`).join(", ");
  return `**Size**: ${target.label}, on a separate instance (${vars(s.vars)}), through the AWS SDK (no retries). A table of one partition (\`${s.table}\`), written and read from its creation by ${s.concurrency} closed-loop clients sharing keep-alive connections, each request picked at random: ${mix}. PutItem writes a new ~1 KB item (10 fields × 100 B) until ${formatCount(s.items)} were sent (about ${((s.items * ITEM_BYTES) / s.splitSizeBytes).toFixed(1)}× SPLIT_SIZE_BYTES: the partition splits, then each child too), then rewrites one of the client's own acknowledged items, so that the table stops growing; GetItem reads one of the client's own acknowledged items and fails unless it returns the last acknowledged value; a Scan page is the next ${s.scanLimit} keys of the client's own pass over the table, each pass checked for keys twice or acknowledged keys missing. The load runs until the splits are done (every partition led, none splitting, none past the size) and ${formatSeconds(s.tailMs / 1000)} s more. A split's duration is from its leader's asking (\`since\` in the admin API's history) to the publication of the map naming its children (\`at\`); a request is during the splits when it was in flight at some moment from the first asked for to the last published.`;
}

function sizeLines(s: SizeSplitResult): string[] {
  const durations = splitDurations(s.splits);
  const lines = [
    ...header(["split", "parent → children", "reason", "point", "duration ms"]),
    ...s.splits.map((split, i) =>
      row([
        String(i + 1),
        `${split.parent} → ${split.children.join(", ")}`,
        split.reason,
        `\`${split.point}\``,
        formatCount(split.at - split.since),
      ]),
    ),
    "",
    `${durations.splits} split${durations.splits === 1 ? "" : "s"} into ${s.partitions} partitions: duration p50 ${count(durations.p50Ms)} ms, max ${count(durations.maxMs)} ms${s.loadSeconds === undefined ? "" : `; the load ran ${formatSeconds(s.loadSeconds)} s in all`}.`,
  ];
  if (s.load) {
    lines.push(
      "",
      ...header(["period", "request", "requests", "failed", "p50 ms", "p99 ms", "max ms"]),
      ...s.load.cells
        .filter((cell) => cell.requests > 0)
        .map((cell) =>
          row([
            PERIOD_LABELS[cell.period],
            OP_LABELS[cell.op],
            formatCount(cell.requests),
            bold(cell.failed),
            millis(cell.p50),
            millis(cell.p99),
            millis(cell.max),
          ]),
        ),
    );
  }
  return lines;
}

function sizeChecks(s: SizeSplitResult): string[] {
  const load = s.load;
  const items = s.itemsCheck;
  const scan = s.scanCheck;
  const lines = [
    ...header(["check", "goal", "this run", "met"]),
    row([
      "requests failed during the splits",
      "0",
      load ? formatCount(load.failedDuring) : "–",
      met(load && load.failedDuring === 0),
    ]),
    row([
      `requests failed, whole load (${formatCount(load?.requests)} requests)`,
      "0",
      load ? formatCount(load.failed) : "–",
      met(load && load.failed === 0),
    ]),
    row([
      `the load's Scan passes with a key twice or missing (${formatCount(s.scans?.passes)} passes)`,
      "0",
      s.scans ? formatCount(s.scans.faulty) : "–",
      met(s.scans && s.scans.faulty === 0),
    ]),
    row([
      `after: acknowledged items unreadable or with another value (${formatCount(items?.items)} read)`,
      "0",
      items ? formatCount(items.unreadable + items.wrongValue) : "–",
      met(items && items.unreadable + items.wrongValue === 0),
    ]),
    row([
      `after: a full Scan's keys twice or missing (${formatCount(scan?.returned)} returned)`,
      "0",
      scan ? formatCount(scan.duplicates + scan.missing) : "–",
      met(scan && scan.duplicates + scan.missing === 0),
    ]),
  ];
  const notes: string[] = [];
  if (scan?.unacknowledged)
    notes.push(
      `The full Scan also returned ${formatCount(scan.unacknowledged)} items whose PutItem failed: a write whose answer failed may have been applied.`,
    );
  if (load?.firstErrorDuring) notes.push(`First failure during the splits: \`${first(load.firstErrorDuring)}\`.`);
  else if (load?.firstError) notes.push(`First failure: \`${first(load.firstError)}\`.`);
  if (items?.firstProblem) notes.push(`First item found wrong after the load: \`${first(items.firstProblem)}\`.`);
  if (s.cpu && disturbed(s.cpu))
    notes.push("**Disturbed**: other processes used a quarter of a core or more meanwhile.");
  return notes.length > 0 ? [...lines, "", notes.join(" ")] : lines;
}

function heatIntro(target: TargetResult, h: HeatSplitResult): string {
  return `**Heat**: ${target.label}, on a separate instance (${vars(h.vars)}), through the AWS SDK (no retries). A table of one partition (\`${h.table}\`) under hot writes: ${h.concurrency} closed-loop clients sharing keep-alive connections, each putting an item of one write unit (9 fields × 100 B) on a random one of ${formatCount(h.keys)} keys; a throttled write is counted and sent again after ${h.throttledPauseMs} ms. After 1 s of writes, a window of ${formatSeconds(h.windowSeconds)} s before the split; then writes until the admin API's history holds the split (for heat) and every partition has a leader; ${formatSeconds(h.settleMs / 1000)} s more; then the window after. A window ends early, at its asking, if another split is asked for during it, so the figures are those of one partition, then of exactly two.`;
}

function windowRow(name: string, w: HeatSplitWindow | undefined): string {
  if (!w) return row([name, "–", "–", "–", "–", "–", "–", ""]);
  const notes = [w.cutShort ? "cut short by a split" : "", disturbed(w.cpu) ? "⚠ disturbed" : ""].filter(Boolean);
  return row([
    name,
    formatSeconds((w.to - w.from) / 1000),
    formatCount(w.writes),
    formatCount(w.opsPerSecond),
    formatCount(w.throttled),
    bold(w.errors),
    formatSeconds(w.cpu.server),
    notes.join(", ") || "–",
  ]);
}

function heatLines(h: HeatSplitResult): string[] {
  const { ratio, met: pass } = heatRatio(h.before, h.after);
  const [split] = h.splits;
  const reasons = h.splits.map((s) => s.reason).join(", ");
  return [
    ...header(["window", "s", "acknowledged writes", "writes/s", "throttled", "failed", "server CPU s", "note"]),
    windowRow("before the split (one partition)", h.before),
    windowRow("after the split (two partitions)", h.after),
    "",
    ...header(["figure", "goal", "this run", "met"]),
    row([
      "writes/s after one split ÷ before",
      `≥ ${times(HEAT_SPLIT_GOAL)}`,
      ratio === undefined ? "–" : times(ratio),
      met(pass),
    ]),
    "",
    (split
      ? `The split (${split.parent} → ${split.children.join(", ")}, ${split.reason}) took ${formatCount(split.at - split.since)} ms from its asking to its map's publication, ${h.waitedMs === undefined ? "–" : formatSeconds(h.waitedMs / 1000)} s after the window before ended. `
      : "") +
      `When the writes stopped the table had ${h.partitions} partition${h.partitions === 1 ? "" : "s"} and ${h.splits.length} split${h.splits.length === 1 ? "" : "s"}${reasons ? ` (${reasons})` : ""}${h.splitting ? `, and ${h.splitting} more under way` : ""}.` +
      (h.firstError ? ` First failure other than a throttle: \`${first(h.firstError)}\`.` : ""),
  ];
}

/** The section for every target with a splits phase; nothing when none has one. */
export function splitsSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.splits);
  if (measured.length === 0) return [];
  const lines = [SPLITS_HEADING];
  for (const target of measured) {
    const { size, heat } = target.splits ?? {};
    if (size) {
      lines.push("", sizeIntro(target, size), "", ...sizeLines(size), "", ...sizeChecks(size));
      if (size.error) lines.push("", `**Stopped early**: ${first(size.error)}`);
    }
    if (heat) {
      lines.push("", heatIntro(target, heat), "", ...heatLines(heat));
      if (heat.error) lines.push("", `**Stopped early**: ${first(heat.error)}`);
    }
  }
  return lines;
}
