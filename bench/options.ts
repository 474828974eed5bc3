/**
 * `npm run bench -- [flags]`: flags win over BENCH_* environment variables, which win over the
 * defaults. The defaults keep a full run (eight targets, the failover, replication-lag,
 * secondary-indexes, transactions, streams, splits and backups phases, and the test-suite latency
 * phase) near twenty-eight minutes on two cores.
 */

import { TARGET_NAMES } from "./targets/registry";
import { WORKLOAD_NAMES, type WorkloadName } from "./workloads";
import { DISTRIBUTIONS, type Distribution } from "./zipfian";

export interface BenchOptions {
  targets: string[];
  /** Workloads run after the load phase, which always runs. */
  workloads: WorkloadName[];
  distributions: Distribution[];
  records: number;
  concurrency: number;
  /** Seconds per latency phase (each workload × distribution). */
  seconds: number;
  /**
   * Unmeasured seconds of workload A after the load phase, and of wrk per operation before the
   * paired rounds (JIT warm-up for the JVM and V8).
   */
  warmupSeconds: number;
  latency: boolean;
  throughput: boolean;
  /** The failover phase of targets that have one (dynaflare): leader crashes on a separate instance. */
  failover: boolean;
  failoverRounds: number;
  /** The replication-lag phase of targets that have one (dynaflare): a global table's lag between regions. */
  replicationLag: boolean;
  /** Seconds of writes in the home region per REGION_LATENCY_MS setting of that phase. */
  replicationSeconds: number;
  /**
   * The secondary-indexes phase of targets that have one (dynaflare): GSI propagation delay, and
   * PutItem throughput on tables with none, one and five GSIs, on a separate instance.
   */
  indexes: boolean;
  /** Keys written one at a time, and polled for on the index, per propagation sample (idle and under load). */
  indexKeys: number;
  /** Interleaved rounds of wrk PutItem runs on the three tables of the write-cost measurement. */
  indexRounds: number;
  /** wrk seconds per run in those rounds. */
  indexSeconds: number;
  /** The projection of the write-cost tables' GSIs. */
  indexProjection: IndexProjection;
  /**
   * The transactions phase of targets that have one (dynaflare): TransactWriteItems of 2, 10 and
   * 100 actions and TransactGetItems of 10 against PutItem, through the SDK, on a separate instance.
   */
  transactions: boolean;
  /** Interleaved rounds of those workloads (the order rotating by round). */
  transactionRounds: number;
  /** Closed-loop seconds per workload in each round. */
  transactionSeconds: number;
  /**
   * The streams phase of targets that have one (dynaflare): the delay from a PutItem's answer to
   * its record in GetRecords, and PutItem throughput with a NEW_AND_OLD_IMAGES stream against
   * none, through the SDK, on a separate instance.
   */
  streams: boolean;
  /** Paced writes whose records the stream delay is taken over. */
  streamWrites: number;
  /** Interleaved rounds of PutItem on the table with a stream and the one without (the order alternating). */
  streamRounds: number;
  /** Closed-loop seconds per table in each round. */
  streamSeconds: number;
  /**
   * The splits phase of targets that have one (dynaflare): partitions splitting for size under a
   * mixed load, and for heat under hot writes, through the SDK, on separate instances.
   */
  splits: boolean;
  /** Seconds of each window of the heat split's writes (one before the split, one after). */
  splitSeconds: number;
  /**
   * The backups phase of targets that have one (dynaflare): backup and restore speed of a loaded
   * table, and wrk PutItem throughput on a table with point-in-time recovery on against one with
   * it off, on separate instances.
   */
  backups: boolean;
  /** Items of ~1 KB in the table backed up and restored. */
  backupItems: number;
  /** Interleaved rounds of wrk PutItem on the table with PITR on and the one with it off (the order alternating). */
  pitrRounds: number;
  /** wrk seconds per table in each round. */
  pitrSeconds: number;
  wrkSeconds: number;
  wrkThreads: number;
  wrkConnections: number;
  /** Distinct pre-signed requests per throughput operation. */
  variants: number;
  /** Rounds of the paired phase (dynaflare interleaved with the floor, and with DynamoDB Local on disk); 0 skips it. */
  pairedRounds: number;
  /** wrk seconds per run in the paired phase. */
  pairedSeconds: number;
  /**
   * Rounds of the test-suite latency phase (our server on disk, in memory and in memory with one
   * replica, against DynamoDB Local in memory, at one SDK client; runs with latency on and
   * dynaflare among the targets); 0 skips it.
   */
  suiteRounds: number;
  /** Closed-loop seconds per operation and configuration in each of those rounds. */
  suiteSeconds: number;
  /**
   * After each measured wrk run of a workerd target, one more with V8's sampling profiler on
   * (bench/profile.ts). Starts those targets with the inspector open.
   */
  profile: boolean;
  seed: number;
  outDir: string;
}

/** The GSI projections the write-cost tables can be created with. */
export const INDEX_PROJECTIONS = ["ALL", "KEYS_ONLY"] as const;
export type IndexProjection = (typeof INDEX_PROJECTIONS)[number];

const OPTIONAL_WORKLOADS = WORKLOAD_NAMES.filter((name) => name !== "load");

export const DEFAULTS: BenchOptions = {
  targets: [...TARGET_NAMES],
  workloads: [...OPTIONAL_WORKLOADS],
  distributions: [...DISTRIBUTIONS],
  records: 2_000,
  concurrency: 4,
  seconds: 5,
  warmupSeconds: 3,
  latency: true,
  throughput: true,
  failover: true,
  failoverRounds: 5,
  replicationLag: true,
  replicationSeconds: 5,
  indexes: true,
  indexKeys: 200,
  indexRounds: 6,
  indexSeconds: 5,
  indexProjection: "ALL",
  transactions: true,
  transactionRounds: 5,
  transactionSeconds: 5,
  streams: true,
  streamWrites: 1_000,
  streamRounds: 6,
  streamSeconds: 5,
  splits: true,
  splitSeconds: 5,
  backups: true,
  backupItems: 20_000,
  pitrRounds: 6,
  pitrSeconds: 5,
  wrkSeconds: 10,
  wrkThreads: 2,
  wrkConnections: 32,
  variants: 1_000,
  pairedRounds: 5,
  pairedSeconds: 5,
  suiteRounds: 5,
  suiteSeconds: 2,
  profile: false,
  seed: 1,
  outDir: "bench/results",
};

type Parse = (value: string, flag: string) => unknown;

const number: Parse = (value, flag) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} must be a positive number, got "${value}"`);
  return parsed;
};
const nonNegative: Parse = (value, flag) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} must be a number ≥ 0, got "${value}"`);
  return parsed;
};
const integer: Parse = (value, flag) => {
  const rounded = Math.round(number(value, flag) as number);
  if (rounded < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return rounded;
};
const count: Parse = (value, flag) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} must be a whole number ≥ 0, got "${value}"`);
  return parsed;
};
const text: Parse = (value) => value;
const oneOf =
  (known: readonly string[]): Parse =>
  (value, flag) => {
    const upper = value.trim().toUpperCase();
    if (!known.includes(upper)) throw new Error(`${flag}: unknown "${value}"; known: ${known.join(", ")}`);
    return upper;
  };
const listOf =
  (known: readonly string[]): Parse =>
  (value, flag) => {
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    for (const item of items)
      if (!known.includes(item)) throw new Error(`${flag}: unknown "${item}"; known: ${known.join(", ")}`);
    return items;
  };

interface Flag {
  name: string;
  key: keyof BenchOptions;
  env: string;
  help: string;
  parse: Parse;
}

const FLAGS: readonly Flag[] = [
  {
    name: "targets",
    key: "targets",
    env: "BENCH_TARGETS",
    help: "comma-separated targets",
    parse: listOf(TARGET_NAMES),
  },
  {
    name: "workloads",
    key: "workloads",
    env: "BENCH_WORKLOADS",
    help: "after the load phase",
    parse: listOf(OPTIONAL_WORKLOADS),
  },
  {
    name: "distributions",
    key: "distributions",
    env: "BENCH_DISTRIBUTIONS",
    help: "key choice",
    parse: listOf(DISTRIBUTIONS),
  },
  { name: "records", key: "records", env: "BENCH_RECORDS", help: "records loaded (1 KB each)", parse: integer },
  {
    name: "concurrency",
    key: "concurrency",
    env: "BENCH_CONCURRENCY",
    help: "closed-loop SDK clients",
    parse: integer,
  },
  { name: "duration", key: "seconds", env: "BENCH_DURATION", help: "seconds per latency phase", parse: number },
  {
    name: "warmup",
    key: "warmupSeconds",
    env: "BENCH_WARMUP",
    help: "unmeasured seconds of A, and of wrk before paired rounds",
    parse: nonNegative,
  },
  { name: "wrk-duration", key: "wrkSeconds", env: "BENCH_WRK_DURATION", help: "seconds per wrk run", parse: integer },
  { name: "wrk-threads", key: "wrkThreads", env: "BENCH_WRK_THREADS", help: "wrk -t", parse: integer },
  { name: "wrk-connections", key: "wrkConnections", env: "BENCH_WRK_CONNECTIONS", help: "wrk -c", parse: integer },
  { name: "variants", key: "variants", env: "BENCH_VARIANTS", help: "pre-signed requests per wrk run", parse: integer },
  {
    name: "paired-rounds",
    key: "pairedRounds",
    env: "BENCH_PAIRED_ROUNDS",
    help: "interleaved rounds of dynaflare and each baseline (0: none)",
    parse: count,
  },
  {
    name: "paired-duration",
    key: "pairedSeconds",
    env: "BENCH_PAIRED_DURATION",
    help: "seconds per wrk run in the paired rounds",
    parse: integer,
  },
  {
    name: "suite-rounds",
    key: "suiteRounds",
    env: "BENCH_SUITE_ROUNDS",
    help: "rounds of the test-suite latency phase (dynaflare on disk, in memory, in memory ×1, 1 SDK client; 0: none)",
    parse: count,
  },
  {
    name: "suite-duration",
    key: "suiteSeconds",
    env: "BENCH_SUITE_DURATION",
    help: "closed-loop seconds per operation and configuration in those rounds",
    parse: number,
  },
  {
    name: "failover-rounds",
    key: "failoverRounds",
    env: "BENCH_FAILOVER_ROUNDS",
    help: "leader crashes in the failover phase",
    parse: integer,
  },
  {
    name: "replication-seconds",
    key: "replicationSeconds",
    env: "BENCH_REPLICATION_SECONDS",
    help: "seconds of writes per replication-lag setting",
    parse: number,
  },
  {
    name: "index-keys",
    key: "indexKeys",
    env: "BENCH_INDEX_KEYS",
    help: "keys polled on the GSI per propagation sample",
    parse: integer,
  },
  {
    name: "index-rounds",
    key: "indexRounds",
    env: "BENCH_INDEX_ROUNDS",
    help: "rounds of wrk PutItem on the write-cost tables (none, 1 GSI moved, 1 kept, 5)",
    parse: integer,
  },
  {
    name: "index-duration",
    key: "indexSeconds",
    env: "BENCH_INDEX_DURATION",
    help: "seconds per wrk run in those rounds",
    parse: integer,
  },
  {
    name: "index-projection",
    key: "indexProjection",
    env: "BENCH_INDEX_PROJECTION",
    help: "ALL or KEYS_ONLY: those tables' GSIs' projection",
    parse: oneOf(INDEX_PROJECTIONS),
  },
  {
    name: "transaction-rounds",
    key: "transactionRounds",
    env: "BENCH_TRANSACTION_ROUNDS",
    help: "rounds of the transactions phase (PutItem, TransactWriteItems 2/10/100, TransactGetItems 10)",
    parse: integer,
  },
  {
    name: "transaction-duration",
    key: "transactionSeconds",
    env: "BENCH_TRANSACTION_DURATION",
    help: "closed-loop seconds per workload in those rounds",
    parse: number,
  },
  {
    name: "stream-writes",
    key: "streamWrites",
    env: "BENCH_STREAM_WRITES",
    help: "paced PutItems (one per 15 ms) whose stream records the delay is taken over",
    parse: integer,
  },
  {
    name: "stream-rounds",
    key: "streamRounds",
    env: "BENCH_STREAM_ROUNDS",
    help: "rounds of the streams phase (PutItem with a NEW_AND_OLD_IMAGES stream, and without)",
    parse: integer,
  },
  {
    name: "stream-duration",
    key: "streamSeconds",
    env: "BENCH_STREAM_DURATION",
    help: "closed-loop seconds per table in those rounds",
    parse: number,
  },
  {
    name: "split-duration",
    key: "splitSeconds",
    env: "BENCH_SPLIT_DURATION",
    help: "seconds of each window of the heat split's writes (before it and after it)",
    parse: number,
  },
  {
    name: "backup-items",
    key: "backupItems",
    env: "BENCH_BACKUP_ITEMS",
    help: "items of ~1 KB in the table the backups phase backs up and restores",
    parse: integer,
  },
  {
    name: "pitr-rounds",
    key: "pitrRounds",
    env: "BENCH_PITR_ROUNDS",
    help: "rounds of wrk PutItem with point-in-time recovery on and off",
    parse: integer,
  },
  {
    name: "pitr-duration",
    key: "pitrSeconds",
    env: "BENCH_PITR_DURATION",
    help: "seconds per wrk run in those rounds",
    parse: integer,
  },
  { name: "seed", key: "seed", env: "BENCH_SEED", help: "PRNG seed", parse: integer },
  { name: "out", key: "outDir", env: "BENCH_OUT", help: "results directory, relative to the repository", parse: text },
];

export function usage(): string {
  const lines = ["usage: npm run bench -- [flags]", ""];
  for (const flag of FLAGS) {
    const fallback = DEFAULTS[flag.key];
    const shown = Array.isArray(fallback) ? fallback.join(",") : String(fallback);
    lines.push(`  --${flag.name.padEnd(16)} ${flag.env.padEnd(22)} ${flag.help} (default ${shown})`);
  }
  lines.push(
    `  --no-latency       ${"".padEnd(22)} skip the SDK workloads and the test-suite latency phase (the load phase still runs)`,
  );
  lines.push(`  --no-throughput    ${"".padEnd(22)} skip the wrk runs`);
  lines.push(`  --no-failover      ${"".padEnd(22)} skip the failover phase (dynaflare's leader crashes)`);
  lines.push(`  --no-replication-lag ${"".padEnd(20)} skip the replication-lag phase (dynaflare's global table)`);
  lines.push(`  --no-indexes       ${"".padEnd(22)} skip the secondary-indexes phase (dynaflare's GSIs)`);
  lines.push(
    `  --no-transactions  ${"".padEnd(22)} skip the transactions phase (dynaflare's TransactWriteItems/TransactGetItems)`,
  );
  lines.push(
    `  --no-streams       ${"".padEnd(22)} skip the streams phase (dynaflare's stream delay and a stream's write cost)`,
  );
  lines.push(
    `  --no-splits        ${"".padEnd(22)} skip the splits phase (dynaflare's partition splits for size and for heat)`,
  );
  lines.push(
    `  --no-backups       ${"".padEnd(22)} skip the backups phase (dynaflare's backup and restore speed, and PITR's write cost)`,
  );
  lines.push(`  --profile          ${"".padEnd(22)} V8 CPU profiles of workerd targets, in an extra wrk run each`);
  lines.push("\n  npm run bench -- --render <results.json> [out dir]: rewrite an earlier run's reports");
  return lines.join("\n");
}

function set(options: BenchOptions, flag: Flag, value: string): void {
  (options as unknown as Record<string, unknown>)[flag.key] = flag.parse(value, `--${flag.name}`);
}

/**
 * Parses `--name value`, `--name=value`, `--no-latency`, `--no-throughput`, `--no-failover`,
 * `--no-replication-lag`, `--no-indexes`, `--no-transactions`, `--no-streams`, `--no-splits`,
 * `--no-backups`, `--profile`; "help" if asked.
 */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions | "help" {
  const options: BenchOptions = structuredClone(DEFAULTS);
  for (const flag of FLAGS) {
    const value = env[flag.env];
    if (value !== undefined && value !== "") set(options, flag, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--no-latency") options.latency = false;
    else if (arg === "--no-throughput") options.throughput = false;
    else if (arg === "--no-failover") options.failover = false;
    else if (arg === "--no-replication-lag") options.replicationLag = false;
    else if (arg === "--no-indexes") options.indexes = false;
    else if (arg === "--no-transactions") options.transactions = false;
    else if (arg === "--no-streams") options.streams = false;
    else if (arg === "--no-splits") options.splits = false;
    else if (arg === "--no-backups") options.backups = false;
    else if (arg === "--profile") options.profile = true;
    else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const flag = FLAGS.find((candidate) => candidate.name === name);
      if (!flag) throw new Error(`unknown flag ${arg}\n${usage()}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      set(options, flag, value);
    } else throw new Error(`unexpected argument ${arg}\n${usage()}`);
  }
  return options;
}
