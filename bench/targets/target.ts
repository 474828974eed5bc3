/**
 * What the bench needs of a server under test, whatever it is: where it answers, which process
 * to charge CPU to, and how to stop it.
 */

import type { ServerPids } from "../cpu";

export interface TargetContext {
  /** A fresh directory for this target's data and logs, removed after the run. */
  workDir: string;
  /** Where fetched peers are cached (bench/.cache). */
  cacheDir: string;
  signal: AbortSignal;
  log: (message: string) => void;
  /** Where a workerd target opens its V8 inspector (`--profile`); none when unset. */
  inspectorAddress?: string;
  /**
   * Creates the bench table at `endpoint` and inserts the run's records through the SDK
   * (the load phase, unmeasured): for a `throughputOnly` target, whose start loads its data.
   */
  load?: (endpoint: string) => Promise<void>;
}

export interface RunningTarget {
  endpoint: string;
  /** The server's root process (or processes); their descendants are charged too. */
  pid: ServerPids;
  /** Its V8 inspector's address, when it opened one. */
  inspector?: string;
  stop(): Promise<void>;
}

export interface TargetKind {
  /** Short name, used in flags and file names. */
  name: string;
  /** Name in tables and charts. */
  label: string;
  /** One line on what it is and how it runs. */
  description: string;
  /** Serves only PutItem and GetItem (the floor): updates become PutItem, workload F is n/a. */
  putGetOnly: boolean;
  /**
   * Only the server-bound throughput runs, no SDK latency phases: its start loads the records
   * through `context.load`.
   */
  throughputOnly?: boolean;
  start(context: TargetContext): Promise<RunningTarget>;
  /** A separate instance for the failover phase (bench/failover.ts), if the target has one. */
  failover?: FailoverServer;
  /** Separate instances for the replication-lag phase (bench/replication-lag.ts), if the target has one. */
  replicationLag?: ReplicationLagServer;
  /** A separate instance for the secondary-indexes phase (bench/indexes.ts), if the target has one. */
  indexes?: IndexesServer;
  /** A separate instance for the transactions phase (bench/transactions.ts), if the target has one. */
  transactions?: TransactionsServer;
  /** A separate instance for the streams phase (bench/streams.ts), if the target has one. */
  streams?: StreamsServer;
  /** Separate instances for the splits phase (bench/splits.ts), if the target has one. */
  splits?: SplitsServer;
  /** Separate instances for the backups phase (bench/backups.ts), if the target has one. */
  backups?: BackupsServer;
}

/** A server whose admin API can crash replicas, with every table in one replication group. */
export interface FailoverServer {
  /** The [vars] it overrides. */
  vars: Record<string, string>;
  start(context: TargetContext): Promise<RunningTarget>;
}

/** A server with the admin API on that simulates the distances between regions as asked. */
export interface ReplicationLagServer {
  /** The [vars] it overrides besides REGION_LATENCY_MS. */
  vars: Record<string, string>;
  /** `latency`: the REGION_LATENCY_MS value ("off", "default" or JSON). */
  start(context: TargetContext, latency: string): Promise<RunningTarget>;
}

/** A server as a user runs it, for the secondary-indexes phase: tables with GSIs. */
export interface IndexesServer {
  /** The [vars] it overrides. */
  vars: Record<string, string>;
  start(context: TargetContext): Promise<RunningTarget>;
}

/** A server as a user runs it, for the transactions phase. */
export interface TransactionsServer {
  /** The [vars] it overrides. */
  vars: Record<string, string>;
  start(context: TargetContext): Promise<RunningTarget>;
}

/** A server as a user runs it, for the streams phase: tables with a stream and the Streams API. */
export interface StreamsServer {
  /** The [vars] it overrides. */
  vars: Record<string, string>;
  start(context: TargetContext): Promise<RunningTarget>;
}

/** The parts of the splits phase, each on an instance of its own. */
export type SplitPart = "size" | "heat";

/** A server with the admin API on (to read a table's splits) and one partition per table, set to split as each part needs. */
export interface SplitsServer {
  /** The [vars] each part's instance overrides. */
  vars: Record<SplitPart, Record<string, string>>;
  start(context: TargetContext, part: SplitPart): Promise<RunningTarget>;
}

/** The parts of the backups phase, each on an instance of its own. */
export type BackupPart = "speed" | "pitr";

/** A server with an archive (backups and PITR's records), for the backups phase. */
export interface BackupsServer {
  /** The [vars] each part's instance overrides. */
  vars: Record<BackupPart, Record<string, string>>;
  start(context: TargetContext, part: BackupPart): Promise<RunningTarget>;
  /** The directory the part's instance keeps its archive in (backups, snapshots, archived records). */
  archiveDir(context: TargetContext, part: BackupPart): string;
}
