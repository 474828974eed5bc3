/**
 * Replication's cost on writes: dynaflare (three replicas, 2-of-3 quorum writes) against
 * dynaflare-1 (the same server with REPLICATION_FACTOR=1), in the same run. wrk PutItem
 * throughput and latency, and the SDK phases' PutItem (load) and UpdateItem latencies.
 */

import type { BenchResult, TargetResult } from "../results";
import type { OpName } from "../workloads";
import { formatCount, formatMs, formatRatio, SUBJECT, throughputOf } from "./figures";

/** The single-replica baseline's target name. */
export const SINGLE = "dynaflare-1";

export interface CostRow {
  figure: string;
  unit: "ops/s" | "ms";
  replicated: number | undefined;
  single: number | undefined;
}

/** The SDK operations that write, by the DynamoDB operation they send. */
const WRITES: Partial<Record<OpName, string>> = { insert: "PutItem", update: "UpdateItem" };

/**
 * The write figures of both targets, wrk first, then each SDK phase (in the subject's run
 * order) with a writing operation, p50 and p99. Undefined unless both targets are in the run.
 */
export function replicationCost(result: BenchResult): CostRow[] | undefined {
  const replicated = result.targets.find((t) => t.name === SUBJECT);
  const single = result.targets.find((t) => t.name === SINGLE);
  if (!replicated || !single) return undefined;
  const rows: CostRow[] = [];
  const a = throughputOf(replicated, "PutItem");
  const b = throughputOf(single, "PutItem");
  if (a || b) {
    rows.push({ figure: "wrk PutItem ops/s", unit: "ops/s", replicated: a?.opsPerSecond, single: b?.opsPerSecond });
    for (const p of ["p50", "p99"] as const)
      rows.push({ figure: `wrk PutItem ${p} ms`, unit: "ms", replicated: a?.[p], single: b?.[p] });
  }
  const sdk = (t: TargetResult, workload: string, distribution: string, op: OpName) =>
    t.latency.find((phase) => phase.workload === workload && phase.distribution === distribution)?.ops[op];
  for (const phase of replicated.latency) {
    for (const [op, name] of Object.entries(WRITES) as [OpName, string][]) {
      const mine = phase.ops[op];
      if (!mine) continue;
      const theirs = sdk(single, phase.workload, phase.distribution, op);
      const label = `SDK ${phase.workload.toUpperCase()} ${phase.distribution} ${name}`;
      for (const p of ["p50", "p99"] as const)
        rows.push({ figure: `${label} ${p} ms`, unit: "ms", replicated: mine[p], single: theirs?.[p] });
    }
  }
  return rows;
}

const usable = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

/** `a − b` with its sign, in the row's unit: `+1.50 ms`, `−250 ops/s`; – when either is missing. */
export function formatDifference(row: CostRow): string {
  if (!usable(row.replicated) || !usable(row.single)) return "–";
  const difference = row.replicated - row.single;
  const sign = difference < 0 ? "−" : "+";
  const size = Math.abs(difference);
  return row.unit === "ms" ? `${sign}${formatMs(size)} ms` : `${sign}${formatCount(size)} ops/s`;
}

/** The markdown section, or nothing unless both targets ran. */
export function replicationCostSection(result: BenchResult): string[] {
  const rows = replicationCost(result);
  if (!rows) return [];
  const label = (name: string) => result.targets.find((t) => t.name === name)?.label ?? name;
  const [mine, theirs] = [label(SUBJECT), label(SINGLE)];
  const format = (row: CostRow, value: number | undefined) =>
    row.unit === "ms" ? formatMs(value) : formatCount(value);
  return [
    `## Replication cost: ${mine} ÷ ${theirs}`,
    "",
    `${mine} writes to 3 replicas and answers once 2 have the write; ${theirs} is the same server with \`REPLICATION_FACTOR=1\`. ops/s: the ratio below 1× is the cost; latency: the ratio above 1× and the difference are the cost.`,
    "",
    `| figure | ${mine} | ${theirs} | ${mine} ÷ ${theirs} | difference |`,
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (row) =>
        `| ${row.figure} | ${format(row, row.replicated)} | ${format(row, row.single)} | ${formatRatio(row.replicated, row.single)} | ${formatDifference(row)} |`,
    ),
  ];
}
