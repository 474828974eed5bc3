/** The raw figures of one bench run, as written to results/*.json and rendered by report/. */

import type { CpuUse } from "./cpu";
import type { BenchOptions } from "./options";
import type { LatencySummary } from "./samples";
import type { ThroughputOp } from "./signed-requests";
import type { OpName, WorkloadName } from "./workloads";
import type { WrkOutcome } from "./wrk";
import type { Distribution } from "./zipfian";

export interface LatencyPhaseResult {
  workload: WorkloadName;
  /** The load phase inserts records in order. */
  distribution: Distribution | "sequential";
  /** n/a: the target cannot serve the workload (the floor has no UpdateItem). */
  status: "ok" | "n/a";
  seconds: number;
  opsPerSecond: number;
  ops: Partial<Record<OpName, LatencySummary>>;
  firstError?: string;
  cpu?: CpuUse;
}

export interface ThroughputResult extends WrkOutcome {
  operation: ThroughputOp;
  cpu: CpuUse;
}

export interface TargetResult {
  name: string;
  label: string;
  description: string;
  putGetOnly: boolean;
  /** Why the target could not be (fully) measured. */
  error?: string;
  /** Seconds from spawn (or build) until it answered. */
  startSeconds?: number;
  latency: LatencyPhaseResult[];
  throughput: ThroughputResult[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  versions: Record<string, string>;
}

export interface BenchResult {
  schema: 1;
  startedAt: string;
  wallSeconds: number;
  command: string;
  machine: MachineInfo;
  options: BenchOptions;
  targets: TargetResult[];
}
