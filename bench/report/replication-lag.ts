/**
 * The replication-lag phase in markdown (issue 5): per REGION_LATENCY_MS setting and
 * destination region, the server's lag p50/p99 and the client's "visible after" p50/p99.
 */

import type { BenchResult, ReplicationLagResult, ReplicationLagSetting, TargetResult } from "../results";

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(1));

const SETTING_NAMES: Record<string, string> = {
  off: "off (no added latency)",
  default: "default (70 ms US↔EU, 150 ms US↔AP round trips)",
};

function settingsLine(target: TargetResult, lag: ReplicationLagResult): string {
  const vars = Object.entries(lag.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return (
    `${target.label}, one separate instance per REGION_LATENCY_MS setting (${vars}). The bench table is created in ${lag.homeRegion} and made global with UpdateTable \`ReplicaUpdates\` Create for each destination (waiting until DescribeTable shows it ACTIVE). ${lag.writers} closed-loop SDK clients then put ~1 KB items in ${lag.homeRegion}; once \`GET /admin/replication\` shows nothing pending (at most ${lag.drainBoundMs / 1000} s), its figures are read: **lag** is the server's, from a change's version time at the origin leader to its acknowledgement by the destination region's leader, over the leaders' recent shipped changes. ` +
    `**Visible after** is the client's: ${lag.visibilityKeys} new keys, one at a time, each from the PutItem's answer in ${lag.homeRegion} to the first ConsistentRead GetItem in the destination that returns it (polled every ${lag.pollEveryMs} ms, at most ${lag.pollBoundMs / 1000} s; so it includes up to one poll interval and one read).`
  );
}

function settingRows(setting: ReplicationLagSetting): string[] {
  const name = SETTING_NAMES[setting.latency] ?? setting.latency;
  if (setting.destinations.length === 0) return [`| ${name} | – | – | – | – | – | – | – | – |`];
  return setting.destinations.map((d) => {
    const visible = d.visible;
    const seen =
      visible.missed > 0 ? `**${visible.visible} of ${visible.keys}**` : `${visible.visible} of ${visible.keys}`;
    return `| ${name} | ${d.region} | ${ms(d.lagP50Ms)} | ${ms(d.lagP99Ms)} | ${d.samples} | ${d.pending ?? "–"} | ${ms(visible.p50Ms)} | ${ms(visible.p99Ms)} | ${seen} |`;
  });
}

function writesLine(setting: ReplicationLagSetting): string {
  const drained =
    setting.drainMs === null
      ? "did **not** drain within the bound"
      : `drained ${(setting.drainMs / 1000).toFixed(2)} s after the writes`;
  const error = setting.error ? `; **stopped early**: ${setting.error.split("\n")[0]}` : "";
  return `- REGION_LATENCY_MS=${setting.latency}: ${setting.writes.ok} writes (${setting.writes.failed} failed) in ${setting.writeSeconds} s; ${drained}${error}`;
}

/** The section for every target with a replication-lag phase; nothing when none has one. */
export function replicationLagSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.replicationLag);
  if (measured.length === 0) return [];
  const lines = ["## Replication lag between regions (global table)"];
  for (const target of measured) {
    const lag = target.replicationLag as ReplicationLagResult;
    lines.push("", settingsLine(target, lag), "");
    lines.push(
      "| REGION_LATENCY_MS | destination | lag p50 ms | lag p99 ms | lag samples | pending after drain | visible after p50 ms | visible after p99 ms | keys visible |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const setting of lag.settings) lines.push(...settingRows(setting));
    lines.push("", ...lag.settings.map(writesLine));
  }
  return lines;
}
