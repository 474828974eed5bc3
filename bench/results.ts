/** The raw figures of one bench run, as written to results/*.json and rendered by report/. */

import type { SplitEvent } from "../workers/metadata/partition-map";
import type { IndexFeedingReport } from "./admin-api";
import type { PitrTableName } from "./backup-figures";
import type { CpuUse } from "./cpu";
import type { FailoverSummary } from "./failover-timeline";
import type { IndexCostSummary } from "./index-figures";
import type { BenchOptions, IndexProjection } from "./options";
import type { VisibilitySummary } from "./replication-figures";
import type { LatencySummary } from "./samples";
import type { ThroughputOp } from "./signed-requests";
import type { HeatWindow, ScanCheck, SplitLoadOp, SplitLoadSummary } from "./split-figures";
import type { ItemsCheck, ScanPasses } from "./split-load";
import type { StreamDelayOutcome } from "./stream-delay";
import type { StreamWritesSummary } from "./stream-figures";
import type { PutLoopOutcome, StreamTable } from "./stream-writes";
import type { SuiteConfigInfo } from "./suite-configs";
import type { SuiteOp } from "./suite-figures";
import type { TransactionsSummary } from "./transaction-figures";
import type { TransactionLoopOutcome } from "./transaction-loop";
import type { TransactionWorkload } from "./transaction-workloads";
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

/** One leader crash of the failover phase (bench/failover.ts); times in milliseconds. */
export interface FailoverRound {
  round: number;
  /** The leader crashed (its object name), and its term. */
  crashed: string;
  termBefore: number | null;
  /** The group's leader once a write succeeded again, and its term. */
  newLeader: string | null;
  termAfter: number | null;
  /** From just before the crash call to the first successful write sent after it returned; null if none within the bound. */
  failoverMs: number | null;
  /** How long the crash call took (included in failoverMs). */
  crashCallMs: number;
  /** Writes that failed between the crash and that success. */
  failedWrites: number;
  firstError?: string;
  /** From the restart of the crashed member until the group settled again; null if not within the bound. */
  catchUpMs: number | null;
  /** CPU during the crash-to-success span (to flag disturbed rounds). */
  cpu?: CpuUse;
}

export interface FailoverResult {
  /** The failover server's replication settings ([vars] after overrides). */
  vars: Record<string, string>;
  /** How long one round waits for a successful write after the crash. */
  boundMs: number;
  rounds: FailoverRound[];
  summary: FailoverSummary;
  /** Writes the writer sent over the whole phase. */
  writes: { ok: number; failed: number };
  /** Why the phase stopped early, if it did (rounds before it are kept). */
  error?: string;
}

/** One destination region of a global table, seen from the home region (bench/replication-lag.ts). */
export interface ReplicationDestination {
  region: string;
  /** Server side, from `GET /admin/replication` after the drain: version time at the origin leader → acknowledgement by the destination's leader. */
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  /** Shipped changes the server's figures are computed from. */
  samples: number;
  /** Changes not yet acknowledged when the figures were read (0 once drained); null if not reported. */
  pending: number | null;
  /** Client side: a PutItem's answer in the home region → the first ConsistentRead GetItem in this region that returns it. */
  visible: VisibilitySummary;
}

/** The replication-lag phase under one REGION_LATENCY_MS setting, on its own server instance. */
export interface ReplicationLagSetting {
  /** REGION_LATENCY_MS: "off" (no added latency) or "default" (simulated distances). */
  latency: string;
  /** Seconds of closed-loop writes in the home region, and how many succeeded or failed. */
  writeSeconds: number;
  writes: { ok: number; failed: number };
  /** From the end of the writes until no change was pending; null if not within the bound. */
  drainMs: number | null;
  destinations: ReplicationDestination[];
  /** Why the setting stopped early, if it did. */
  error?: string;
}

export interface ReplicationLagResult {
  /** The [vars] the instances share (REGION_LATENCY_MS varies per setting). */
  vars: Record<string, string>;
  homeRegion: string;
  /** Closed-loop writers during the load. */
  writers: number;
  /** Keys of the client-side sample, written one at a time after the drain. */
  visibilityKeys: number;
  /** How often (ms) and how long (ms) a key is polled for in each destination. */
  pollEveryMs: number;
  pollBoundMs: number;
  drainBoundMs: number;
  settings: ReplicationLagSetting[];
}

/** GSI propagation under one load (bench/indexes.ts): keys written one at a time and polled for on the index. */
export interface IndexPropagation {
  /** "idle": nothing else runs; "writes": `writers` closed-loop SDK clients put items on the same table meanwhile. */
  load: "idle" | "writes";
  writers: number;
  /** The background writers' PutItems (none when idle), and their rate while the sample ran. */
  writes: { ok: number; failed: number; opsPerSecond: number };
  /** A sampled PutItem's answer → the answer of the first Query on the index whose items include it. */
  visible: VisibilitySummary;
  /** The sampled PutItems' own latency (their answer time), ms. */
  put: VisibilitySummary;
  /**
   * Server side, from `GET /admin/indexes` right after the sample: the index's backlog and its
   * lag (a base record's commit, as its partition leader saw it → the index's acknowledgement),
   * over each leader's recent batches; absent if the report could not be read.
   */
  server?: IndexFeedingReport;
  /** Why the sample stopped early, if it did. */
  error?: string;
}

/** One wrk PutItem run of the write-cost rounds, on one of the tables that differ only in their GSIs. */
export interface IndexCostRun extends WrkOutcome {
  round: number;
  /** `none`, `one` or `five`. */
  table: string;
  /** GSIs of that table. */
  indexes: number;
  /** CPU during the wrk run. */
  cpu: CpuUse;
  /** From the end of the run until the server's CPU settled (its GSI backlog fed); null if not within the bound. */
  drainMs: number | null;
  /** Server CPU seconds in that time. */
  drainCpu: number;
  /** Each GSI's feeding from `GET /admin/indexes` right after the run (before the drain); absent if unread. */
  feeding?: IndexFeedingReport[];
}

/** The secondary-indexes phase (dynaflare only), on its own server instance. */
export interface IndexesResult {
  /** The [vars] the instance overrides (the admin API on, for the server's figures). */
  vars: Record<string, string>;
  /** The propagation table's GSI: its key attribute and projection. */
  propagationIndex: { key: string; projection: string };
  /** Keys per propagation sample; how often (ms) and how long (ms) a key is polled for. */
  keys: number;
  pollEveryMs: number;
  pollBoundMs: number;
  propagation: IndexPropagation[];
  /**
   * The write-cost rounds: each table's name, GSIs and their key attributes, in baseline-first
   * order; `label` and `short` name its rows (absent in older results: by its GSI count), and
   * `goal` marks the table issue 15's goal is checked on (absent: the one with one GSI).
   */
  costTables: { table: string; indexes: number; keys: string[]; label?: string; short?: string; goal?: boolean }[];
  costProjection: IndexProjection;
  /** wrk seconds per run, and rounds. */
  costSeconds: number;
  costRounds: number;
  /** How long a run's drain may take, and the server CPU rate (cores) below which it counts as settled. */
  drainBoundMs: number;
  idleCores: number;
  costRuns: IndexCostRun[];
  /** The runs summarised, and each indexed table's ratios to the unindexed one, round by round. */
  cost?: IndexCostSummary;
  /** Why the phase stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** One closed-loop run of one workload in one round of the transactions phase (bench/transactions.ts). */
export interface TransactionRun extends TransactionLoopOutcome {
  round: number;
  /** The workload's name (`put`, `write-2`, `write-10`, `write-100`, `get-10`). */
  workload: string;
  /** CPU during the run. */
  cpu: CpuUse;
}

/** The transactions phase (dynaflare only), on its own server instance. */
export interface TransactionsResult {
  /** The [vars] the instance overrides (none: as `npm start` runs it). */
  vars: Record<string, string>;
  /** Closed-loop SDK clients, seconds per run, rounds, and unmeasured seconds per workload before them. */
  concurrency: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  /** Records loaded before the rounds (TransactGetItems reads them), and the keys the writes are drawn from. */
  records: number;
  writeKeys: number;
  /** The workloads, the baseline (PutItem) first. */
  workloads: TransactionWorkload[];
  runs: TransactionRun[];
  /** The runs summarised, and each workload's p50 over PutItem's, round by round. */
  summary?: TransactionsSummary;
  /** Why the phase stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** The stream delay of the streams phase (bench/stream-delay.ts), on the streamed table. */
export interface StreamDelayResult extends StreamDelayOutcome {
  /** CPU during the measurement. */
  cpu: CpuUse;
}

/** One closed-loop PutItem run on one table in one round of the streams phase (bench/streams.ts). */
export interface StreamRun extends PutLoopOutcome {
  round: number;
  /** The table's name in the phase (`none`, `new-and-old`). */
  table: string;
  /** CPU during the run. */
  cpu: CpuUse;
}

/** The streams phase (dynaflare only), on its own server instance. */
export interface StreamsResult {
  /** The [vars] the instance overrides (none: as `npm start` runs it). */
  vars: Record<string, string>;
  /** The tables, the baseline (no stream) first; the delay is taken on the one marked `goal`. */
  tables: StreamTable[];
  /** Records loaded into each table before the rounds: the keys the throughput runs overwrite. */
  keys: number;
  /** The stream delay; absent if the phase stopped before it. */
  delay?: StreamDelayResult;
  /** Closed-loop SDK clients, seconds per run, rounds, and unmeasured seconds per table before them. */
  concurrency: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  runs: StreamRun[];
  /** The runs summarised, and the streamed table's ops/s and CPU per write over the plain one's, round by round. */
  summary?: StreamWritesSummary;
  /** Why the phase stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/**
 * The size splits of the splits phase (bench/split-size.ts), on their own server instance: a table
 * of one partition loaded past SPLIT_SIZE_BYTES under a closed-loop mixed load.
 */
export interface SizeSplitResult {
  /** The [vars] the instance overrides. */
  vars: Record<string, string>;
  table: string;
  /** SPLIT_SIZE_BYTES, and the new items written (about 1 KB each) before the PutItems turn to rewrites. */
  splitSizeBytes: number;
  items: number;
  /** Closed-loop SDK clients, the share of each request in the mix, and the keys per Scan page. */
  concurrency: number;
  mix: Record<SplitLoadOp, number>;
  scanLimit: number;
  /** How long the load went on after the splits were done. */
  tailMs: number;
  /** The table's splits (the admin API's history) and partitions when the load stopped. */
  splits: SplitEvent[];
  partitions: number;
  /** The load's requests per period (before, during, after the splits) and operation, and its failures. */
  load?: SplitLoadSummary;
  /** The load's own Scan passes, each checked against the keys acknowledged before it began. */
  scans?: ScanPasses;
  /** From the load's first request to its last, seconds. */
  loadSeconds?: number;
  /** After the load: every acknowledged item read back, and a full Scan's keys. */
  itemsCheck?: ItemsCheck;
  scanCheck?: ScanCheck;
  /** CPU during the load. */
  cpu?: CpuUse;
  /** Why the part stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** One window of the heat split's writes. */
export interface HeatSplitWindow extends HeatWindow {
  /** Ended early, at the asking of a split during it. */
  cutShort: boolean;
  cpu: CpuUse;
}

/**
 * The heat split of the splits phase (bench/split-heat.ts), on its own server instance: a table of
 * one partition with a low write limit under hot PutItems, before and after its split for heat.
 */
export interface HeatSplitResult {
  /** The [vars] the instance overrides (the partition's write limit, the heat's share and seconds). */
  vars: Record<string, string>;
  table: string;
  /** Closed-loop SDK clients, the keys written (uniformly), the pause after a throttled write. */
  concurrency: number;
  keys: number;
  throttledPauseMs: number;
  /** Seconds of each window, and the pause between the split and the window after. */
  windowSeconds: number;
  settleMs: number;
  before?: HeatSplitWindow;
  after?: HeatSplitWindow;
  /** From the end of the window before to the split's map published, ms. */
  waitedMs?: number;
  /** The table's splits (the admin API's history), partitions, and splits under way when the writes stopped. */
  splits: SplitEvent[];
  partitions: number;
  splitting?: number;
  /** The first failure other than a throttle. */
  firstError?: string;
  /** Why the part stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** The splits phase (dynaflare only): its two parts, each on its own server instance. */
export interface SplitsResult {
  size?: SizeSplitResult;
  heat?: HeatSplitResult;
}

/** The source table of the backup-speed part once loaded. */
export interface BackupSource {
  /** DescribeTable's ItemCount and TableSizeBytes (the server counts them live). */
  itemCount: number;
  sizeBytes: number;
  /** A Scan's Count (Select COUNT, every page, ConsistentRead). */
  scanned: number;
}

/** A backup to AVAILABLE, or a restore to ACTIVE, as the backup-speed part timed it. */
export interface BackupStep {
  /** From the request's sending to the answer of the first Describe* that showed it done, ms. */
  ms: number;
  /** How long the request itself (CreateBackup, RestoreTableFromBackup) took to answer, ms. */
  requestMs: number;
  /** Describe* calls made until then, and how long the last one (which showed it done) took, ms. */
  polls: number;
  lastPollMs: number;
  cpu: CpuUse;
}

/** The restored table once ACTIVE. */
export interface RestoredTable {
  /** DescribeTable's ItemCount and TableSizeBytes. */
  itemCount: number;
  sizeBytes: number;
  /** A Scan's Count, as for the source. */
  scanned: number;
}

/**
 * The backup-speed part of the backups phase (bench/backup-speed.ts), on its own server instance:
 * a table loaded with `items` items of ~1 KB, backed up, and the backup restored to a new table.
 */
export interface BackupSpeedResult {
  /** The [vars] the instance overrides (none: as `npm start` runs it). */
  vars: Record<string, string>;
  table: string;
  restoredTable: string;
  /** Items loaded (records 0 … items-1). */
  items: number;
  /** The load: BatchWriteItems of `batchSize` sent by `concurrency` closed-loop clients; unprocessed items sent again. */
  load: { concurrency: number; batchSize: number; seconds?: number; unprocessed: number };
  /** The pause between one Describe*'s answer and the next. */
  pollMs: number;
  source?: BackupSource;
  /** The backup, with DescribeBackup's BackupSizeBytes. */
  backup?: BackupStep & { sizeBytes: number };
  restore?: BackupStep;
  restored?: RestoredTable;
  /** Why the part stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** One wrk PutItem run of the PITR-cost rounds, on the table with PITR on or the one with it off. */
export interface PitrRun extends WrkOutcome {
  round: number;
  table: PitrTableName;
  /** CPU during the wrk run. */
  cpu: CpuUse;
  /** From the end of the run until the server's CPU settled (after at least one archive pass); null if not within the bound. */
  drainMs: number | null;
  /** Server CPU seconds in that time. */
  drainCpu: number;
}

/** A table of the PITR-cost part: its name in the phase, its DynamoDB name, whether PITR is on, how the report names it. */
export interface PitrTable {
  table: PitrTableName;
  name: string;
  pitr: boolean;
  label: string;
}

/**
 * The PITR-cost part of the backups phase (bench/pitr-cost.ts), on its own server instance: two
 * tables identical but for point-in-time recovery, written by wrk in interleaved rounds.
 */
export interface PitrCostResult {
  /** The [vars] the instance overrides (none: PITR_ARCHIVE_MS and PITR_SNAPSHOT_MS at their defaults). */
  vars: Record<string, string>;
  /** The tables, the baseline (PITR off) first. */
  tables: PitrTable[];
  /** wrk threads and connections, pre-signed requests per table, and the keys they spread over. */
  threads: number;
  connections: number;
  variants: number;
  records: number;
  /** wrk seconds per run, rounds, and unmeasured seconds per table before them. */
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  /** The pause after each run before the bench waits for the server's CPU to settle (one archive pass). */
  settleMs: number;
  /** From UpdateContinuousBackups' answer to the first DescribeContinuousBackups with an EarliestRestorableDateTime (every partition's first snapshot), ms. */
  windowOpenMs?: number;
  /** What the PITR table's leaders had archived when the rounds ended: log segments and their bytes. */
  archived?: { segments: number; bytes: number };
  runs: PitrRun[];
  /** The runs summarised, and the PITR table's ratios to the plain one, round by round. */
  summary?: IndexCostSummary;
  /** Why the part stopped early, if it did (what was measured before it is kept). */
  error?: string;
}

/** The backups phase (dynaflare only): its two parts, each on its own server instance. */
export interface BackupsResult {
  speed?: BackupSpeedResult;
  pitr?: PitrCostResult;
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
  /** Leader crashes on a separate instance with the admin API on (dynaflare only). */
  failover?: FailoverResult;
  /** A global table's replication lag between regions, on separate instances (dynaflare only). */
  replicationLag?: ReplicationLagResult;
  /** GSI propagation delay and GSIs' cost on PutItem throughput, on a separate instance (dynaflare only). */
  indexes?: IndexesResult;
  /** TransactWriteItems and TransactGetItems against PutItem, in interleaved rounds on a separate instance (dynaflare only). */
  transactions?: TransactionsResult;
  /** Stream delay, and a stream's cost on PutItem throughput in interleaved rounds, on a separate instance (dynaflare only). */
  streams?: StreamsResult;
  /** Partition splits for size under a mixed load, and for heat, on separate instances (dynaflare only). */
  splits?: SplitsResult;
  /** Backup and restore speed, and PITR's cost on PutItem throughput, on separate instances (dynaflare only). */
  backups?: BackupsResult;
}

/** One wrk run of the paired phase (bench/paired.ts). */
export interface PairedRun extends ThroughputResult {
  round: number;
  /** The target's name. */
  target: string;
}

/** The subject and its baseline measured in interleaved rounds (bench/paired.ts). */
export interface PairedResult {
  subject: string;
  baseline: string;
  /** wrk seconds per run. */
  seconds: number;
  runs: PairedRun[];
  error?: string;
}

/** One closed-loop run of one operation on one configuration in one round of the test-suite latency phase (bench/suite-latency.ts). */
export interface SuiteRun {
  round: number;
  /** The configuration's name. */
  config: string;
  op: SuiteOp;
  seconds: number;
  /** Successful requests, and failures. */
  count: number;
  errors: number;
  /** Latency of the successful requests, ms (null in JSON when there was none). */
  p50: number;
  p99: number;
  mean: number;
  firstError?: string;
  /** CPU during the run (the server: the configuration's). */
  cpu: CpuUse;
}

/** Every run of one operation on one configuration, their samples pooled. */
export interface SuitePooled {
  config: string;
  op: SuiteOp;
  latency: LatencySummary;
}

/**
 * The test-suite latency phase (issue 24): our server on disk, in memory, and in memory with one
 * replica, the floor and DynamoDB Local in memory served side by side, each timed with one SDK
 * client per operation in interleaved rounds.
 */
export interface SuiteLatencyResult {
  /** The configurations, in the first round's order. */
  configs: SuiteConfigInfo[];
  ops: SuiteOp[];
  /** The table, and its item collections and items per collection (the floor gets as many items on `usertable`). */
  table: string;
  collections: number;
  itemsPerCollection: number;
  /** Closed-loop seconds per run, rounds, and unmeasured seconds per operation and configuration before them. */
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  runs: SuiteRun[];
  /** Each configuration and operation over all its runs. */
  pooled: SuitePooled[];
  /** Why the phase stopped early, if it did (what was measured before it is kept). */
  error?: string;
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
  /**
   * The subject and each baseline it is paired with (the floor, DynamoDB Local on disk) in
   * interleaved rounds, when both ran with throughput on.
   */
  paired?: PairedResult[];
  /** Our server's configurations and DynamoDB Local in memory at one SDK client, when latency ran with dynaflare among the targets. */
  suiteLatency?: SuiteLatencyResult;
}

/** A result read back for `--render`: runs before session 5 stored one pairing as an object. */
export function readResult(json: string): BenchResult {
  const result = JSON.parse(json) as Omit<BenchResult, "paired"> & { paired?: PairedResult | PairedResult[] };
  const { paired } = result;
  return { ...result, paired: paired === undefined || Array.isArray(paired) ? paired : [paired] };
}
