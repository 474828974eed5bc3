/**
 * The results as markdown: settings, the server-bound throughput table and dynaflare's ratios
 * to every other target (with the issue's targets checked), dynaflare and the floor in
 * interleaved rounds (./paired.ts), test-suite latency at one client against DynamoDB Local in memory
 * (./suite-latency.ts), replication's cost on writes
 * (./replication-cost.ts), failover times (./failover.ts), replication lag between regions
 * (./replication-lag.ts), GSI propagation and write cost (./indexes.ts), transactions
 * (./transactions.ts), streams (./streams.ts), partition splits (./splits.ts), backups and
 * point-in-time recovery (./backups.ts), SDK latency percentiles per workload, and CPU seconds per
 * process per phase.
 */

import { type CpuUse, disturbed } from "../cpu";
import type { BenchResult, PairedResult, TargetResult } from "../results";
import type { LatencySummary } from "../samples";
import { OP_LABELS, THROUGHPUT_OPS, type ThroughputOp } from "../signed-requests";
import { WRITE_2_P50_GOAL } from "../transaction-figures";
import { type OpName, WORKLOADS, type WorkloadName } from "../workloads";
import { backupsSection, backupTargetRows } from "./backups";
import { failoverSection } from "./failover";
import {
  boundBy,
  DYNAMODB_LOCAL_DISK,
  FLOOR,
  formatCount,
  formatMs,
  formatRatio,
  formatSeconds,
  header,
  NOAUTH,
  NOMETRICS,
  PROCESSES,
  phaseOf,
  ratio,
  row,
  SUBJECT,
  throughputOf,
} from "./figures";
import { indexesSection } from "./indexes";
import { pairedMedians, pairedSection, pairedWith } from "./paired";
import { replicationCostSection } from "./replication-cost";
import { replicationLagSection } from "./replication-lag";
import { splitsSection, splitTargetRows } from "./splits";
import { streamsSection, streamTargetRows } from "./streams";
import { suiteLatencySection, suiteTargetRows } from "./suite-latency";
import { transactionGoal, transactionsSection } from "./transactions";

function summary(result: BenchResult): string[] {
  const { options: o, machine: m } = result;
  const versions = Object.entries(m.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `Run ${result.startedAt.replace("T", " ").slice(0, 16)} UTC, wall time ${(result.wallSeconds / 60).toFixed(1)} min: \`${result.command}\``,
    "",
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}; ${versions}. Client and servers share it; targets run one at a time.`,
    "",
    `Settings: ${formatCount(o.records)} records of ~1 KB (10 fields × 100 B). SDK latency: ${o.concurrency} closed-loop clients, keep-alive, ${o.seconds} s per phase after ${o.warmupSeconds ?? 0} s of unmeasured workload A (warm-up). Throughput: \`wrk -t${o.wrkThreads} -c${o.wrkConnections} -d${o.wrkSeconds}s\` over ${formatCount(o.variants)} pre-signed requests per operation, keys uniform.`,
    "",
    ...result.targets.map(
      (t) => `- **${t.label}**: ${t.description}${t.error ? `. **Blocked**: ${t.error.split("\n")[0]}` : ""}`,
    ),
  ];
}

function throughputTable(result: BenchResult): string[] {
  const lines = header([
    "target",
    "operation",
    "ops/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "errors",
    "server CPU s",
    "wrk CPU s",
    "server CPU µs/op",
    "bound by",
  ]);
  for (const target of result.targets) {
    for (const op of THROUGHPUT_OPS) {
      const t = throughputOf(target, op);
      if (!t) continue;
      const errors = Object.values(t.errors).reduce((sum, n) => sum + n, 0);
      lines.push(
        row([
          target.label,
          OP_LABELS[op],
          formatCount(t.opsPerSecond),
          formatMs(t.p50),
          formatMs(t.p90),
          formatMs(t.p99),
          formatMs(t.max),
          errors ? `**${formatCount(errors)}**` : "0",
          formatSeconds(t.cpu.server),
          formatSeconds(t.cpu.tool),
          formatCount((t.cpu.server / Math.max(1, t.requests)) * 1e6),
          boundBy(t.cpu, result.options.wrkThreads, result.machine.cpus),
        ]),
      );
    }
  }
  return lines;
}

function throughputRatios(result: BenchResult, subject: TargetResult): string[] {
  const columns = THROUGHPUT_OPS.flatMap((op) => [
    `${OP_LABELS[op]} ops/s`,
    `${OP_LABELS[op]} p50`,
    `${OP_LABELS[op]} p99`,
  ]);
  const lines = header([`${subject.label} ÷`, ...columns]);
  for (const other of result.targets) {
    if (other === subject) continue;
    const cells = THROUGHPUT_OPS.flatMap((op) => {
      const a = throughputOf(subject, op);
      const b = throughputOf(other, op);
      return [formatRatio(a?.opsPerSecond, b?.opsPerSecond), formatRatio(a?.p50, b?.p50), formatRatio(a?.p99, b?.p99)];
    });
    lines.push(row([other.label, ...cells]));
  }
  return lines;
}

/** The issue's targets, each a ratio in this run. */
function targetChecks(result: BenchResult, subject: TargetResult): string[] {
  const byName = (name: string) => result.targets.find((t) => t.name === name);
  const get = (name: string) => throughputOf(byName(name), "GetItem");
  const put = (name: string) => throughputOf(byName(name), "PutItem");
  const me = { get: throughputOf(subject, "GetItem"), put: throughputOf(subject, "PutItem") };
  const check = (label: string, value: number | undefined, pass: (v: number) => boolean, goal: string) =>
    `| ${label} | ${goal} | ${value === undefined ? "–" : `${value.toFixed(2)}×`} | ${value === undefined ? "n/a" : pass(value) ? "✅" : "❌"} |`;
  /** p50 of `op` in a latency phase through the SDK (closed loop, `options.concurrency` clients). */
  const sdkP50 = (target: TargetResult | undefined, workload: WorkloadName, distribution: string, op: OpName) =>
    phaseOf(target, workload, distribution)?.ops[op]?.p50;
  const sdk = (workload: WorkloadName, distribution: string, op: OpName) =>
    ratio(sdkP50(subject, workload, distribution, op), sdkP50(byName(FLOOR), workload, distribution, op));
  const clients = `${result.options.concurrency} SDK clients`;
  /** Workload C (GetItem only) in each key distribution dynaflare ran it. */
  const reads = subject.latency.filter((phase) => phase.workload === "c").map((phase) => phase.distribution);
  const floor = pairedWith(result, FLOOR);
  const disk = pairedWith(result, DYNAMODB_LOCAL_DISK);
  const noauth = pairedWith(result, NOAUTH);
  const nometrics = pairedWith(result, NOMETRICS);
  const processes = pairedWith(result, PROCESSES);
  /** A paired median of the subject ÷ a baseline, as the baseline ÷ the subject. */
  const inverse = (paired: { rounds: number; value?: number } | undefined) =>
    paired && { rounds: paired.rounds, value: paired.value ? 1 / paired.value : undefined };
  /** A figure's median over the rounds of `pairing`, when that pairing ran. */
  const median = (pairing: PairedResult | undefined, op: ThroughputOp, figure: "ops" | "p50") => {
    const medians = pairedMedians(pairing, op);
    return medians && { rounds: medians.rounds, value: medians[figure] };
  };
  /** A target's row from the single runs, and one from the paired rounds when they ran. */
  const rows = (
    label: string,
    goal: string,
    pass: (v: number) => boolean,
    single: number | undefined,
    paired?: { rounds: number; value?: number },
  ) => [
    check(label, single, pass, goal),
    ...(paired ? [check(`${label}, paired (median of ${paired.rounds} rounds)`, paired.value, pass, goal)] : []),
  ];
  /** Issue 17's goal, from the transactions phase's rounds (its own clients and instance). */
  const transactionRow = () => {
    const goal = transactionGoal(subject);
    const clients = subject.transactions ? `, ${subject.transactions.concurrency} SDK clients` : "";
    const rounds = goal ? ` (median of ${goal.rounds} paired rounds)` : "";
    return [
      check(
        `TransactWriteItems (2 actions) p50 ÷ PutItem p50${clients}${rounds}`,
        goal?.value,
        (v) => v <= WRITE_2_P50_GOAL,
        `≤ ${WRITE_2_P50_GOAL}×`,
      ),
    ];
  };
  return [
    ...header(["target", "goal", "this run", "met"]),
    ...rows(
      "GetItem ops/s ÷ floor",
      "≥ 0.9×",
      (v) => v >= 0.9,
      ratio(me.get?.opsPerSecond, get(FLOOR)?.opsPerSecond),
      median(floor, "GetItem", "ops"),
    ),
    ...rows(
      "GetItem p50 ÷ floor",
      "≤ 1.2×",
      (v) => v <= 1.2,
      ratio(me.get?.p50, get(FLOOR)?.p50),
      median(floor, "GetItem", "p50"),
    ),
    ...reads.flatMap((keys) =>
      rows(`GetItem p50 ÷ floor, ${clients} (workload C, ${keys})`, "≤ 1.2×", (v) => v <= 1.2, sdk("c", keys, "read")),
    ),
    ...rows(
      "PutItem ops/s ÷ DynamoDB Local (disk)",
      "≥ 1×",
      (v) => v >= 1,
      ratio(me.put?.opsPerSecond, put(DYNAMODB_LOCAL_DISK)?.opsPerSecond),
      median(disk, "PutItem", "ops"),
    ),
    ...rows(
      "PutItem p50 ÷ floor",
      "≤ 1.5×",
      (v) => v <= 1.5,
      ratio(me.put?.p50, put(FLOOR)?.p50),
      median(floor, "PutItem", "p50"),
    ),
    ...rows(
      `PutItem p50 ÷ floor, ${clients} (load phase)`,
      "≤ 1.5×",
      (v) => v <= 1.5,
      sdk("load", "sequential", "insert"),
    ),
    ...transactionRow(),
    ...streamTargetRows(subject),
    ...splitTargetRows(subject),
    ...backupTargetRows(subject),
    ...suiteTargetRows(result),
    ...rows(
      "GetItem ops/s, authentication on ÷ off",
      "≥ 0.95×",
      (v) => v >= 0.95,
      ratio(me.get?.opsPerSecond, get(NOAUTH)?.opsPerSecond),
      median(noauth, "GetItem", "ops"),
    ),
    ...rows(
      "GetItem ops/s, metrics counted ÷ not",
      "≥ 0.98×",
      (v) => v >= 0.98,
      ratio(me.get?.opsPerSecond, get(NOMETRICS)?.opsPerSecond),
      median(nometrics, "GetItem", "ops"),
    ),
    // Paired with the subject, so the subject's rounds divided by these: inverted.
    ...rows(
      "GetItem ops/s (eventually consistent), 3 processes ÷ 1",
      "≥ 1.7×",
      (v) => v >= 1.7,
      ratio(get(PROCESSES)?.opsPerSecond, me.get?.opsPerSecond),
      inverse(median(processes, "GetItem", "ops")),
    ),
    ...rows(
      "GetItem ops/s (strongly consistent), 3 processes ÷ 1",
      "≥ 0.9×",
      (v) => v >= 0.9,
      ratio(
        throughputOf(byName(PROCESSES), "StrongGetItem")?.opsPerSecond,
        throughputOf(subject, "StrongGetItem")?.opsPerSecond,
      ),
      inverse(median(processes, "StrongGetItem", "ops")),
    ),
    ...rows(
      "PutItem ops/s, 3 processes ÷ 1",
      "≥ 0.9×",
      (v) => v >= 0.9,
      ratio(put(PROCESSES)?.opsPerSecond, me.put?.opsPerSecond),
      inverse(median(processes, "PutItem", "ops")),
    ),
    ...rows(
      "GetItem ops/s ÷ DynamoDB Local (disk), longer aim",
      "≥ 1×",
      (v) => v >= 1,
      ratio(me.get?.opsPerSecond, get(DYNAMODB_LOCAL_DISK)?.opsPerSecond),
      median(disk, "GetItem", "ops"),
    ),
    ...rows(
      "GetItem ops/s ÷ DynamoDB Local (memory), longer aim",
      "≥ 1×",
      (v) => v >= 1,
      ratio(me.get?.opsPerSecond, get("ddb-local-mem")?.opsPerSecond),
    ),
  ];
}

interface LatencyRow {
  workload: WorkloadName;
  distribution: string;
  op: OpName;
}

/** Every (workload, keys, operation) any target ran, in run order. */
function latencyRows(result: BenchResult): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const target of result.targets)
    for (const phase of target.latency)
      for (const [op] of WORKLOADS[phase.workload].mix)
        if (!rows.some((r) => r.workload === phase.workload && r.distribution === phase.distribution && r.op === op))
          rows.push({ workload: phase.workload, distribution: phase.distribution, op });
  return rows;
}

function latencyOf(target: TargetResult, r: LatencyRow): LatencySummary | "n/a" | undefined {
  const phase = phaseOf(target, r.workload, r.distribution);
  return phase?.status === "n/a" ? "n/a" : phase?.ops[r.op];
}

/** Latency phases as rows (workload, keys, operation), targets as columns of "p50 / p95 / p99". */
function latencyTables(result: BenchResult, subject: TargetResult | undefined): string[] {
  const labels = result.targets.map((t) => t.label);
  const others = result.targets.filter((t) => t !== subject);
  const percentiles = header(["workload", "keys", "op", ...labels]);
  const throughput = header(["workload", "keys", ...labels]);
  const ratios = header(["workload", "keys", "op", ...others.map((t) => t.label)]);
  const seenPhases = new Set<string>();
  for (const r of latencyRows(result)) {
    const title = r.workload.toUpperCase();
    const cells = result.targets.map((target) => {
      const s = latencyOf(target, r);
      if (s === undefined || s === "n/a") return s ?? "–";
      return `${formatMs(s.p50)} / ${formatMs(s.p95)} / ${formatMs(s.p99)}${s.errors ? ` (**${s.errors} err**)` : ""}`;
    });
    percentiles.push(row([title, r.distribution, r.op, ...cells]));
    if (subject) {
      const mine = latencyOf(subject, r);
      const cells = others.map((t) => {
        const theirs = latencyOf(t, r);
        if (theirs === "n/a") return "n/a";
        return formatRatio(mine === "n/a" ? undefined : mine?.p50, theirs?.p50);
      });
      ratios.push(row([title, r.distribution, r.op, ...cells]));
    }
    const key = `${r.workload}/${r.distribution}`;
    if (!seenPhases.has(key)) {
      seenPhases.add(key);
      const ops = result.targets.map((target) => {
        const phase = phaseOf(target, r.workload, r.distribution);
        return !phase ? "–" : phase.status === "n/a" ? "n/a" : formatCount(phase.opsPerSecond);
      });
      throughput.push(row([title, r.distribution, ...ops]));
    }
  }
  return [
    "### p50 / p95 / p99 latency, ms",
    "",
    ...percentiles,
    "",
    "### Closed-loop ops/s per phase (bounded by the client: see CPU below)",
    "",
    ...throughput,
    ...(subject ? ["", `### ${subject.label} p50 ÷ each target's p50 (below 1× is faster)`, "", ...ratios] : []),
  ];
}

function cpuTable(result: BenchResult): string[] {
  const lines = header([
    "target",
    "phase",
    "wall s",
    "server CPU s",
    "client CPU s",
    "other processes CPU s",
    "server % of a core",
    "client % of a core",
    "bound by",
  ]);
  const pct = (cpu: number, wall: number) => `${Math.round((cpu / (wall || 1)) * 100)}%`;
  const add = (target: TargetResult, phase: string, c: CpuUse, client: number, clientCores: number) =>
    lines.push(
      row([
        target.label,
        phase,
        formatSeconds(c.wallSeconds),
        formatSeconds(c.server),
        formatSeconds(client),
        formatSeconds(c.others),
        pct(c.server, c.wallSeconds),
        pct(client, c.wallSeconds),
        boundBy(c, clientCores, result.machine.cpus),
      ]),
    );
  for (const target of result.targets) {
    for (const phase of target.latency) {
      if (!phase.cpu) continue;
      const keys = phase.distribution === "sequential" ? "" : ` ${phase.distribution}`;
      add(target, `${phase.workload.toUpperCase()}${keys} (SDK)`, phase.cpu, phase.cpu.client, 1);
    }
    for (const t of target.throughput)
      add(target, `${t.operation} (wrk)`, t.cpu, t.cpu.tool, result.options.wrkThreads);
  }
  return lines;
}

/** A warning naming the spans other processes disturbed, if any. */
function interference(result: BenchResult): string[] {
  const names: string[] = [];
  for (const target of result.targets) {
    for (const phase of target.latency)
      if (phase.cpu && disturbed(phase.cpu))
        names.push(`${target.label} ${phase.workload.toUpperCase()} ${phase.distribution}`);
    for (const run of target.throughput) if (disturbed(run.cpu)) names.push(`${target.label} ${run.operation} (wrk)`);
    for (const run of target.indexes?.costRuns ?? [])
      if (disturbed(run.cpu)) names.push(`${target.label} PutItem with ${run.indexes} GSIs, round ${run.round} (wrk)`);
    for (const run of target.transactions?.runs ?? [])
      if (disturbed(run.cpu)) names.push(`${target.label} transactions ${run.workload}, round ${run.round} (SDK)`);
    const streams = target.streams;
    if (streams?.delay && disturbed(streams.delay.cpu)) names.push(`${target.label} stream delay (SDK)`);
    for (const run of streams?.runs ?? [])
      if (disturbed(run.cpu)) names.push(`${target.label} streams PutItem on ${run.table}, round ${run.round} (SDK)`);
    const { size, heat } = target.splits ?? {};
    if (size?.cpu && disturbed(size.cpu)) names.push(`${target.label} size splits (SDK)`);
    for (const [name, window] of [
      ["before", heat?.before],
      ["after", heat?.after],
    ] as const)
      if (window && disturbed(window.cpu)) names.push(`${target.label} heat split, window ${name} (SDK)`);
    const { speed, pitr } = target.backups ?? {};
    for (const [name, step] of [
      ["backup", speed?.backup],
      ["restore", speed?.restore],
    ] as const)
      if (step && disturbed(step.cpu)) names.push(`${target.label} ${name} (SDK)`);
    for (const run of pitr?.runs ?? [])
      if (disturbed(run.cpu)) names.push(`${target.label} PutItem with PITR ${run.table}, round ${run.round} (wrk)`);
  }
  const suite = result.suiteLatency;
  for (const run of suite?.runs ?? []) {
    const label = suite?.configs.find((config) => config.name === run.config)?.label ?? run.config;
    if (disturbed(run.cpu)) names.push(`test-suite latency ${label} ${run.op}, round ${run.round} (SDK)`);
  }
  if (names.length === 0) return [];
  return [
    "",
    `> **Disturbed**: other processes used a quarter of a core or more during ${names.join("; ")}. Those figures are not comparable; see "other processes" in the CPU table.`,
  ];
}

export function renderMarkdown(result: BenchResult, chartFile: string): string {
  const subject = result.targets.find((t) => t.name === SUBJECT);
  const sections = [
    "# Benchmark results",
    "",
    ...summary(result),
    ...interference(result),
    "",
    `![throughput and latency per target](${chartFile})`,
    "",
    "## Server-bound throughput (wrk, pre-signed requests)",
    "",
    ...throughputTable(result),
  ];
  if (subject) {
    sections.push(
      "",
      `### ${subject.label} ÷ each target (ops/s: above 1× is faster; latency: below 1× is faster)`,
      "",
    );
    sections.push(
      ...throughputRatios(result, subject),
      "",
      "### The issue's targets",
      "",
      "Each a ratio in this run. Rows that name no SDK clients or wrk settings are the server-bound wrk runs above; rows that name SDK clients are closed-loop phases through the SDK: the latency phases below, or the transactions, streams, splits and test-suite latency phases (their own sections); the PITR row is the backups phase's own wrk rounds (its section).",
      "",
      ...targetChecks(result, subject),
    );
  }
  for (const section of [
    pairedSection(result),
    suiteLatencySection(result),
    replicationCostSection(result),
    failoverSection(result),
    replicationLagSection(result),
    indexesSection(result),
    transactionsSection(result),
    streamsSection(result),
    splitsSection(result),
    backupsSection(result),
  ])
    if (section.length > 0) sections.push("", ...section);
  sections.push("", "## Latency through the AWS SDK (closed loop)", "", ...latencyTables(result, subject));
  sections.push(
    "",
    "## CPU seconds per process",
    "",
    "Client: the bench's Node process (SDK phases) or wrk (throughput runs). A load generator at its limit (one core for Node, one per wrk thread) marks a client-bound figure.",
    "",
    ...cpuTable(result),
  );
  return `${sections.join("\n")}\n`;
}
