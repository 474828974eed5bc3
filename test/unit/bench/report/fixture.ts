/** Small hand-made bench results for the report tests, and a reader for markdown tables. */

import type { CpuUse } from "../../../../bench/cpu";
import { FAILOVER_GOAL_MS, summarizeFailover } from "../../../../bench/failover-timeline";
import { DEFAULTS } from "../../../../bench/options";
import type {
  BenchResult,
  FailoverResult,
  FailoverRound,
  LatencyPhaseResult,
  TargetResult,
  ThroughputResult,
} from "../../../../bench/results";
import type { LatencySummary } from "../../../../bench/samples";
import type { ThroughputOp } from "../../../../bench/signed-requests";
import type { OpName, WorkloadName } from "../../../../bench/workloads";

export const cpuUse = (overrides: Partial<CpuUse> = {}): CpuUse => ({
  server: 5,
  client: 0.1,
  tool: 1,
  others: 0,
  wallSeconds: 10,
  ...overrides,
});

export function throughput(
  operation: ThroughputOp,
  opsPerSecond: number,
  latency: { p50?: number; p90?: number; p99?: number } = {},
  cpu: Partial<CpuUse> = {},
): ThroughputResult {
  const seconds = 10;
  return {
    operation,
    requests: opsPerSecond * seconds,
    seconds,
    opsPerSecond,
    p50: latency.p50 ?? 2,
    p90: latency.p90 ?? 4,
    p99: latency.p99 ?? 8,
    p999: 12,
    mean: 2.5,
    max: 20,
    errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    cpu: cpuUse(cpu),
  };
}

export const summary = (p50: number, p95: number, p99: number, errors = 0): LatencySummary => ({
  count: 1_000,
  errors,
  p50,
  p95,
  p99,
  mean: p50 * 1.2,
  max: p99 * 2,
});

export function phase(
  workload: WorkloadName,
  distribution: LatencyPhaseResult["distribution"],
  ops: Partial<Record<OpName, LatencySummary>>,
  extra: Partial<LatencyPhaseResult> = {},
): LatencyPhaseResult {
  return {
    workload,
    distribution,
    status: "ok",
    seconds: 5,
    opsPerSecond: 1_234.4,
    ops,
    cpu: cpuUse({ server: 2, client: 4, tool: 0, wallSeconds: 5 }),
    ...extra,
  };
}

export function target(
  name: string,
  label: string,
  parts: { throughput?: ThroughputResult[]; latency?: LatencyPhaseResult[]; error?: string } = {},
): TargetResult {
  return {
    name,
    label,
    description: `${label}, as tested`,
    putGetOnly: name === "floor",
    latency: parts.latency ?? [],
    throughput: parts.throughput ?? [],
    ...(parts.error ? { error: parts.error } : {}),
  };
}

export function benchResult(targets: TargetResult[]): BenchResult {
  return {
    schema: 1,
    startedAt: "2025-01-02T03:04:05.678Z",
    wallSeconds: 390,
    command: "npm run bench",
    machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 8, os: "Linux 6.1", versions: { node: "v22.23.3" } },
    options: structuredClone(DEFAULTS),
    targets,
  };
}

/** A full run: dynaflare and the floor with every phase, DynamoDB Local with throughput only. */
export function fullRun(): BenchResult {
  const latency = (scale: number, floor = false) => [
    phase("load", "sequential", { insert: summary(1 * scale, 2 * scale, 3 * scale) }),
    phase("a", "uniform", { read: summary(1.5 * scale, 3 * scale, 6 * scale), update: summary(2 * scale, 4, 8) }),
    phase("c", "uniform", { read: summary(1.25 * scale, 2.5, 5) }),
    floor
      ? phase("f", "uniform", {}, { status: "n/a", cpu: undefined })
      : phase("f", "uniform", { read: summary(1, 2, 3), rmw: summary(4, 5, 6, 3) }),
  ];
  return benchResult([
    target("dynaflare", "dynaflare", {
      throughput: [
        throughput("GetItem", 3_000, { p50: 6, p99: 40 }, { server: 9.5, tool: 0.6 }),
        throughput("PutItem", 1_500, { p50: 15, p99: 90 }),
      ],
      latency: latency(2),
    }),
    target("floor", "floor", {
      throughput: [
        throughput("GetItem", 5_000, { p50: 5, p99: 50 }),
        throughput("PutItem", 2_000, { p50: 12, p99: 100 }),
      ],
      latency: latency(1, true),
    }),
    target("ddb-local-disk", "DynamoDB Local (disk)", {
      throughput: [
        throughput("GetItem", 10_000, { p50: 3, p99: 6 }),
        throughput("PutItem", 1_000, { p50: 40, p99: 60 }),
      ],
    }),
  ]);
}

/** The cells of every row of the markdown table under `heading` (header row first, separator dropped). */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("|")) rows.push(line.slice(2, -2).split(" | "));
    else if (rows.length > 0) break;
  }
  return rows.filter((cells) => !cells.every((cell) => /^-+$/.test(cell)));
}

/** The row whose first cells are `keys`. */
export function rowOf(rows: string[][], ...keys: string[]): string[] {
  const row = rows.find((cells) => keys.every((key, i) => cells[i] === key));
  if (!row) throw new Error(`no row ${keys.join(" / ")} in ${JSON.stringify(rows)}`);
  return row;
}

/** The cell of `row` under `column`, by the header row. */
export function cellOf(rows: string[][], row: string[], column: string): string {
  const index = rows[0].indexOf(column);
  if (index < 0) throw new Error(`no column ${column} in ${rows[0].join(", ")}`);
  return row[index];
}

/** A failover phase whose rounds took `times` (ms; null: no write succeeded within the bound). */
export function failoverResult(times: (number | null)[], extra: Partial<FailoverResult> = {}): FailoverResult {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
  const name = (round: number) => `t1/p0/us-east-1/${zones[round % 3]}`;
  const rounds: FailoverRound[] = times.map((failoverMs, i) => ({
    round: i + 1,
    crashed: name(i),
    termBefore: i + 1,
    newLeader: failoverMs === null ? null : name(i + 1),
    termAfter: failoverMs === null ? null : i + 2,
    failoverMs,
    crashCallMs: 12.4,
    failedWrites: i,
    ...(i > 0 ? { firstError: "TimeoutError: socket | hang up" } : {}),
    catchUpMs: 640,
    cpu: cpuUse({ wallSeconds: 1 }),
  }));
  return {
    vars: { REPLICATION_FACTOR: "3", LEASE_MS: "1000", INITIAL_PARTITIONS: "1" },
    boundMs: 30_000,
    rounds,
    summary: summarizeFailover(times, FAILOVER_GOAL_MS),
    writes: { ok: 300, failed: 3 },
    ...extra,
  };
}

/** dynaflare (with a failover phase) and dynaflare-1, each with wrk and SDK load, A and C phases. */
export function replicatedRun(): BenchResult {
  const run = (scale: number) => ({
    throughput: [
      throughput("GetItem", 3_000, { p50: 6, p99: 40 }),
      throughput("PutItem", 1_000 / scale, { p50: 10 * scale, p99: 50 * scale }),
    ],
    latency: [
      phase("load", "sequential", { insert: summary(4 * scale, 5 * scale, 8 * scale) }),
      phase("a", "uniform", { read: summary(1, 2, 3), update: summary(2 * scale, 3 * scale, 6 * scale) }),
      phase("c", "uniform", { read: summary(1, 2, 3) }),
    ],
  });
  const dynaflare = target("dynaflare", "dynaflare", run(2));
  dynaflare.failover = failoverResult([1_010, 1_250, 990]);
  return benchResult([dynaflare, target("dynaflare-1", "dynaflare-1", run(1))]);
}
