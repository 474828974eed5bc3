/**
 * The failover phase in markdown: the summary against issue 4's goal (a leader's crash to the
 * first successful write, under 2 s) and every round's figures.
 */

import { zoneOf } from "../admin-api";
import { disturbed } from "../cpu";
import { FAILOVER_GOAL_MS, summarizeFailover } from "../failover-timeline";
import type { BenchResult, FailoverResult, TargetResult } from "../results";

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? "–" : (ms / 1000).toFixed(2));

function settingsLine(target: TargetResult, failover: FailoverResult): string {
  const vars = Object.entries(failover.vars)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return (
    `${target.label}, on a separate instance with the admin API on (${vars}). One SDK writer puts ~1 KB items on 4 keys in a closed loop (no retries, 5 s request timeout). Each round writes for 1 s, crashes the group's leader (\`POST /admin/faults\` crash: refused calls, memory lost), and takes the time from just before the crash call to the answer of the first successful PutItem sent after the call returned (at most ${failover.boundMs / 1000} s); then restarts the member and waits for every member to catch up. ` +
    `Writes: ${failover.writes.ok} succeeded, ${failover.writes.failed} failed.`
  );
}

function summaryTable(target: TargetResult, failover: FailoverResult): string[] {
  const s = summarizeFailover(
    failover.rounds.map((r) => r.failoverMs),
    failover.summary?.goalMs ?? FAILOVER_GOAL_MS,
  );
  const met = s.met === null ? "n/a" : s.met ? "✅" : "❌";
  return [
    "| target | rounds | goal | p50 s | max s | met |",
    "| --- | --- | --- | --- | --- | --- |",
    `| ${target.label}: leader crash → first successful write | ${s.measured} of ${s.rounds} | < ${seconds(s.goalMs)} s | ${seconds(s.p50Ms)} | ${seconds(s.maxMs)} | ${met} |`,
  ];
}

function roundsTable(failover: FailoverResult): string[] {
  const lines = [
    "| round | crashed leader | term before | new leader | term after | failover s | failed writes | first error | crash call ms | catch-up s | other processes |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of failover.rounds) {
    const error = r.firstError ? `\`${r.firstError.split("\n")[0].replace(/\|/g, "\\|").slice(0, 80)}\`` : "–";
    lines.push(
      `| ${r.round} | ${zoneOf(r.crashed)} | ${r.termBefore ?? "–"} | ${zoneOf(r.newLeader)} | ${r.termAfter ?? "–"} | ${r.failoverMs === null ? "**none**" : seconds(r.failoverMs)} | ${r.failedWrites} | ${error} | ${Math.round(r.crashCallMs)} | ${seconds(r.catchUpMs)} | ${r.cpu && disturbed(r.cpu) ? "⚠ disturbed" : "–"} |`,
    );
  }
  return lines;
}

/** The section for every target with a failover phase; nothing when none has one. */
export function failoverSection(result: BenchResult): string[] {
  const measured = result.targets.filter((t) => t.failover);
  if (measured.length === 0) return [];
  const lines = ["## Failover (leader crash → first successful write)"];
  for (const target of measured) {
    const failover = target.failover as FailoverResult;
    lines.push("", settingsLine(target, failover));
    if (failover.error) lines.push("", `**Stopped early**: ${failover.error.split("\n")[0]}`);
    lines.push("", ...summaryTable(target, failover));
    if (failover.rounds.length > 0) lines.push("", ...roundsTable(failover));
  }
  return lines;
}
