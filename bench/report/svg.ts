/**
 * The results as a hand-written SVG: stacked panels of grouped bars, one group per target:
 * wrk throughput, wrk latency percentiles, and SDK latency percentiles of workloads C and A;
 * then, if measured, failover time per round against its goal (a dashed line).
 * Missing figures (a blocked target, the floor's n/a workloads) leave a gap marked "n/a".
 */

import { FAILOVER_GOAL_MS } from "../failover-timeline";
import type { BenchResult, TargetResult } from "../results";
import type { OpName, WorkloadName } from "../workloads";
import { formatCount, formatMs, phaseOf, throughputOf } from "./figures";

interface Series {
  name: string;
  color: string;
  values: (number | undefined)[];
}

interface Panel {
  title: string;
  format: (value: number) => string;
  series: Series[];
  /** Bar groups, when not the targets. */
  groups?: string[];
  /** A value drawn as a dashed line across the panel, with its label. */
  goal?: { value: number; label: string };
}

const WIDTH = 980;
const PANEL_HEIGHT = 260;
const MARGIN = { left: 70, right: 20, top: 60, bottom: 40 };
const FONT = 'font-family="system-ui, sans-serif"';
const BLUES = ["#1f77b4", "#aec7e8"];
const PERCENTILE_COLORS = ["#2ca02c", "#ff7f0e", "#d62728"];
const PAIRED = ["#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A round axis maximum ≥ `max`: 1, 1.2, 1.6, 2, 3, 4, 5, 6 or 8 times a power of ten (quarters stay round). */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.6, 2, 3, 4, 5, 6, 8, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Axis values: thousands separated, at most three significant digits below 100. */
function axisLabel(value: number): string {
  return value >= 100 ? formatCount(value) : String(Number(value.toPrecision(3)));
}

function renderPanel(panel: Panel, targets: string[], top: number): string {
  const groups = panel.groups ?? targets;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const y0 = top + MARGIN.top + plotHeight;
  const values = panel.series
    .flatMap((s) => s.values)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  const max = niceMax(Math.max(0, panel.goal?.value ?? 0, ...values));
  const parts = [
    `<text x="${MARGIN.left}" y="${top + 20}" font-size="15" font-weight="600" ${FONT}>${escapeXml(panel.title)}</text>`,
  ];
  panel.series.forEach((s, i) => {
    const x = MARGIN.left + i * 120;
    parts.push(`<rect x="${x}" y="${top + 30}" width="12" height="12" fill="${s.color}"/>`);
    parts.push(`<text x="${x + 16}" y="${top + 41}" font-size="12" ${FONT}>${escapeXml(s.name)}</text>`);
  });
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    const y = y0 - (plotHeight * tick) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y + 4}" font-size="11" text-anchor="end" ${FONT}>${escapeXml(tick === 0 ? "0" : axisLabel(value))}</text>`,
    );
  }
  const groupWidth = plotWidth / Math.max(1, groups.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, panel.series.length);
  groups.forEach((group, g) => {
    const left = MARGIN.left + g * groupWidth + groupWidth * 0.1;
    parts.push(
      `<text x="${left + groupWidth * 0.4}" y="${y0 + 18}" font-size="12" text-anchor="middle" ${FONT}>${escapeXml(group)}</text>`,
    );
    panel.series.forEach((s, i) => {
      const value = s.values[g];
      const x = left + i * barWidth;
      const cx = x + barWidth / 2;
      if (value === undefined || !Number.isFinite(value)) {
        parts.push(`<text x="${cx}" y="${y0 - 4}" font-size="10" text-anchor="middle" fill="#888" ${FONT}>n/a</text>`);
        return;
      }
      const height = (plotHeight * value) / max;
      parts.push(
        `<rect x="${x + 1}" y="${y0 - height}" width="${Math.max(1, barWidth - 2)}" height="${height}" fill="${s.color}"><title>${escapeXml(`${group} ${s.name}: ${panel.format(value)}`)}</title></rect>`,
      );
      parts.push(
        `<text x="${cx}" y="${y0 - height - 3}" font-size="10" text-anchor="middle" ${FONT}>${escapeXml(panel.format(value))}</text>`,
      );
    });
  });
  if (panel.goal) {
    const y = y0 - (plotHeight * panel.goal.value) / max;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#d62728" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text x="${WIDTH - MARGIN.right}" y="${y - 4}" font-size="11" text-anchor="end" fill="#d62728" ${FONT}>${escapeXml(panel.goal.label)}</text>`,
    );
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y0}" y2="${y0}" stroke="#333"/>`);
  return parts.join("\n");
}

function sdkPanel(targets: TargetResult[], workload: WorkloadName, op: OpName, title: string): Panel {
  const percentile = (p: "p50" | "p95" | "p99") => (t: TargetResult) => {
    const phase = phaseOf(t, workload, "uniform");
    return phase?.status === "ok" ? phase.ops[op]?.[p] : undefined;
  };
  return {
    title,
    format: formatMs,
    series: (["p50", "p95", "p99"] as const).map((p, i) => ({
      name: `${p} ms`,
      color: PERCENTILE_COLORS[i],
      values: targets.map(percentile(p)),
    })),
  };
}

/** Failover time per round, in seconds, against the goal. */
function failoverPanel(target: TargetResult): Panel {
  const rounds = target.failover?.rounds ?? [];
  const goal = (target.failover?.summary?.goalMs ?? FAILOVER_GOAL_MS) / 1000;
  return {
    title: `${target.label}: failover, leader crash → first successful write, s (one group, one SDK writer)`,
    format: (value) => value.toFixed(2),
    groups: rounds.map((r) => `round ${r.round}`),
    series: [
      {
        name: "failover s",
        color: BLUES[0],
        values: rounds.map((r) => (r.failoverMs === null ? undefined : r.failoverMs / 1000)),
      },
    ],
    goal: { value: goal, label: `goal < ${goal} s` },
  };
}

export function renderSvg(result: BenchResult): string {
  const targets = result.targets;
  const groups = targets.map((t) => t.label);
  const o = result.options;
  const panels: Panel[] = [];
  if (targets.some((t) => t.throughput.length > 0)) {
    panels.push({
      title: `Server-bound throughput, ops/s (wrk -t${o.wrkThreads} -c${o.wrkConnections}, pre-signed, 1 KB items)`,
      format: formatCount,
      series: (["GetItem", "PutItem"] as const).map((op, i) => ({
        name: op,
        color: BLUES[i],
        values: targets.map((t) => throughputOf(t, op)?.opsPerSecond),
      })),
    });
    panels.push({
      title: "Server-bound latency, ms (wrk, same runs)",
      format: formatMs,
      series: (["GetItem", "PutItem"] as const).flatMap((op, i) =>
        (["p50", "p99"] as const).map((p, j) => ({
          name: `${op} ${p}`,
          color: PAIRED[i * 2 + j],
          values: targets.map((t) => throughputOf(t, op)?.[p]),
        })),
      ),
    });
  }
  if (targets.some((t) => t.latency.length > 1)) {
    panels.push(
      sdkPanel(targets, "c", "read", `SDK latency, workload C read (GetItem), uniform keys, ${o.concurrency} clients`),
    );
    panels.push(
      sdkPanel(
        targets,
        "a",
        "update",
        `SDK latency, workload A update (UpdateItem; floor: PutItem), uniform keys, ${o.concurrency} clients`,
      ),
    );
  }
  for (const target of targets) if (target.failover?.rounds.length) panels.push(failoverPanel(target));
  const height = panels.length * PANEL_HEIGHT + 40;
  const body = panels.map((panel, i) => renderPanel(panel, groups, i * PANEL_HEIGHT)).join("\n");
  const footer = [
    `${result.startedAt.slice(0, 16)} UTC · ${result.machine.cpus} × ${result.machine.cpuModel} · client and servers on the same machine`,
    result.command,
  ]
    .map(
      (line, i) =>
        `<text x="${MARGIN.left}" y="${height - 24 + i * 14}" font-size="11" fill="#555" ${FONT}>${escapeXml(line)}</text>`,
    )
    .join("\n");
  const title = `<title>Benchmark: throughput and latency per target, ${result.startedAt.slice(0, 16)} UTC</title>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img">\n${title}\n<rect width="100%" height="100%" fill="white"/>\n${body}\n${footer}\n</svg>\n`;
}
