/** Lookups and number formats shared by the markdown and SVG reports. */

import { type CpuUse, disturbed } from "../cpu";

import type { LatencyPhaseResult, TargetResult, ThroughputResult } from "../results";
import type { ThroughputOp } from "../signed-requests";
import type { WorkloadName } from "../workloads";

/** The target every ratio is taken of. */
export const SUBJECT = "dynaflare";
/** The platform floor (bench/floor): a baseline of the paired rounds. */
export const FLOOR = "floor";
/** DynamoDB Local on disk: the PutItem target's peer, and a baseline of the paired rounds. */
export const DYNAMODB_LOCAL_DISK = "ddb-local-disk";
/** The subject with authentication off: what signatures cost (issue 16). */
export const NOAUTH = "dynaflare-noauth";
/** The subject counting nothing for /metrics: what counting costs (issue 21). */
export const NOMETRICS = "dynaflare-nometrics";
/** The subject as three processes (issue 23): what the other cores give. */
export const PROCESSES = "dynaflare-3";

/** A markdown table row, and a header row with its rule. */
export const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
export const header = (cells: string[]) => [row(cells), row(cells.map(() => "---"))];

export function throughputOf(target: TargetResult | undefined, op: ThroughputOp): ThroughputResult | undefined {
  return target?.throughput.find((result) => result.operation === op);
}

export function phaseOf(
  target: TargetResult | undefined,
  workload: WorkloadName,
  distribution: string,
): LatencyPhaseResult | undefined {
  return target?.latency.find((phase) => phase.workload === workload && phase.distribution === distribution);
}

const usable = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

export function formatCount(value: number | undefined): string {
  return usable(value) ? Math.round(value).toLocaleString("en-US") : "–";
}

export function formatMs(value: number | undefined): string {
  if (!usable(value)) return "–";
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function formatSeconds(value: number | undefined): string {
  return usable(value) ? value.toFixed(1) : "–";
}

/** `a / b` as `1.23×`, or – when either is missing. */
export function formatRatio(a: number | undefined, b: number | undefined): string {
  return usable(a) && usable(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "–";
}

export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return usable(a) && usable(b) && b > 0 ? a / b : undefined;
}

/**
 * What limited a span, from CPU use per wall second: "client" when the load generator used
 * ≥ 90% of what it can (one core for the Node SDK client, one per thread for wrk), "server"
 * when the server used ≥ 90% of a core, "machine" when together they used ≥ 90% of all cores;
 * and "⚠ others" when other processes used a quarter of a core or more (a disturbed figure).
 */
export function boundBy(cpu: CpuUse, clientCores: number, machineCores: number): string {
  const wall = cpu.wallSeconds || 1;
  const client = (cpu.client + cpu.tool) / wall;
  const server = cpu.server / wall;
  const bounds: string[] = [];
  if (client >= 0.9 * clientCores) bounds.push("client");
  if (server >= 0.9) bounds.push("server");
  if (client + server >= 0.9 * machineCores) bounds.push("machine");
  if (disturbed(cpu)) bounds.push("⚠ others");
  return bounds.length > 0 ? bounds.join(", ") : "–";
}
