/**
 * The paired phase (bench/paired.ts) as markdown: each round's runs of the subject and the
 * floor, the ratios within each round, and their medians, which the floor targets use.
 */
import type { BenchResult, PairedResult, PairedRun } from "../results";
import { OP_LABELS, THROUGHPUT_OPS, type ThroughputOp } from "../signed-requests";
import { formatCount, formatMs, header, ratio, row } from "./figures";

/** Server CPU per request, in microseconds. */
const cpuPerOp = (run: PairedRun) => (run.cpu.server / Math.max(1, run.requests)) * 1e6;

/** The ratios of one round: the subject's figures over the baseline's. */
export interface RoundRatios {
  round: number;
  subject: PairedRun;
  baseline: PairedRun;
  ops?: number;
  p50?: number;
  cpu?: number;
}

/** Each round's pair for `operation`, in round order (rounds missing either run are left out). */
export function roundRatios(paired: PairedResult, operation: ThroughputOp): RoundRatios[] {
  const rounds: RoundRatios[] = [];
  for (const run of paired.runs) {
    if (run.operation !== operation || run.target !== paired.subject) continue;
    const base = paired.runs.find(
      (r) => r.operation === operation && r.round === run.round && r.target === paired.baseline,
    );
    if (!base) continue;
    rounds.push({
      round: run.round,
      subject: run,
      baseline: base,
      ops: ratio(run.opsPerSecond, base.opsPerSecond),
      p50: ratio(run.p50, base.p50),
      cpu: ratio(cpuPerOp(run), cpuPerOp(base)),
    });
  }
  return rounds;
}

/** The median of the figures present, or undefined when none is. */
export function median(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (present.length === 0) return undefined;
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

/** The medians over the rounds of `operation`: ops/s, p50 and CPU per request, subject ÷ baseline. */
export function pairedMedians(
  paired: PairedResult | undefined,
  operation: ThroughputOp,
): { rounds: number; ops?: number; p50?: number; cpu?: number } | undefined {
  if (!paired) return undefined;
  const rounds = roundRatios(paired, operation);
  if (rounds.length === 0) return undefined;
  return {
    rounds: rounds.length,
    ops: median(rounds.map((r) => r.ops)),
    p50: median(rounds.map((r) => r.p50)),
    cpu: median(rounds.map((r) => r.cpu)),
  };
}

const times = (value: number | undefined) => (value === undefined ? "–" : `${value.toFixed(2)}×`);

/** The pairing of the subject with `baseline`, if the run has one. */
export function pairedWith(result: BenchResult, baseline: string): PairedResult | undefined {
  return result.paired?.find((pairing) => pairing.baseline === baseline);
}

/** One section per pairing. */
export function pairedSection(result: BenchResult): string[] {
  return (result.paired ?? []).flatMap((paired, index) => [
    ...(index > 0 ? [""] : []),
    ...pairingSection(result, paired),
  ]);
}

function pairingSection(result: BenchResult, paired: PairedResult): string[] {
  const label = (name: string) => result.targets.find((t) => t.name === name)?.label ?? name;
  const [subject, baseline] = [label(paired.subject), label(paired.baseline)];
  const lines = [
    `## Paired throughput: ${subject} and ${baseline} in interleaved rounds`,
    "",
    `Both served side by side (fresh data, ${formatCount(result.options.records)} records loaded into each); in each round every operation runs \`wrk\` for ${paired.seconds} s on one, then on the other (the order alternates by round). A slow spell of the shared machine then lands on both runs of a round, so each round's ratio holds where runs minutes apart do not. The issue's targets against ${baseline} above also take the median of the rounds.`,
  ];
  if (paired.error) lines.push("", `**Failed**: ${paired.error}`);
  lines.push(
    "",
    ...header([
      "round",
      "operation",
      `${subject} ops/s`,
      `${baseline} ops/s`,
      "ops/s ratio",
      `${subject} p50 ms`,
      `${baseline} p50 ms`,
      "p50 ratio",
      `${subject} CPU µs/op`,
      `${baseline} CPU µs/op`,
      "CPU ratio",
    ]),
  );
  for (const operation of THROUGHPUT_OPS) {
    const rounds = roundRatios(paired, operation);
    for (const r of rounds) {
      lines.push(
        row([
          String(r.round),
          OP_LABELS[operation],
          formatCount(r.subject.opsPerSecond),
          formatCount(r.baseline.opsPerSecond),
          times(r.ops),
          formatMs(r.subject.p50),
          formatMs(r.baseline.p50),
          times(r.p50),
          formatCount(cpuPerOp(r.subject)),
          formatCount(cpuPerOp(r.baseline)),
          times(r.cpu),
        ]),
      );
    }
    const m = pairedMedians(paired, operation);
    if (m) {
      lines.push(
        row([
          "**median**",
          OP_LABELS[operation],
          "",
          "",
          `**${times(m.ops)}**`,
          "",
          "",
          `**${times(m.p50)}**`,
          "",
          "",
          `**${times(m.cpu)}**`,
        ]),
      );
    }
  }
  return lines;
}
