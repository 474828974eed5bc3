/**
 * The replication settings, from the Worker's configuration (wrangler.toml [vars]), with their
 * defaults. Durations are milliseconds.
 */
import type { Env } from "../env";

export interface ReplicationSettings {
  /** How long a follower's ack keeps the leader's lease, and so how long a new leader waits out the old one. */
  leaseMs: number;
  /** How long a member waits for another member's answer. */
  peerTimeoutMs: number;
  /** How long a leader waits for a write's quorum before answering that its outcome is unknown. */
  writeTimeoutMs: number;
  /** How long a voter may stay unreachable before the leader puts a log replica in its place. */
  logReplicaAfterMs: number;
  /** How long a member may stay unreachable before autoadmin replaces it with a new replica. */
  replaceAfterMs: number;
  /** How often the tombstones of global tables and global secondary indexes are collected (workers/replication/metadata-home.ts, workers/metadata/index-tombstones.ts). */
  tombstoneSweepMs: number;
  /** How often a partition's leader deletes the items whose Time to Live has passed (ttl-sweeper.ts). */
  ttlSweepMs: number;
  /** How long a stream's change records are kept (stream-records.ts): DynamoDB's 24 hours by default. */
  streamRetentionMs: number;
  /** A partition's read and write units per second at most (admission.ts): DynamoDB's 3,000 and 1,000. */
  partitionReadUnits: number;
  partitionWriteUnits: number;
  /** A partition whose items pass this many bytes splits (split.ts). */
  splitSizeBytes: number;
  /** A partition that charges this share of its limit (0 to 1) for this many seconds in a row splits for heat (split-watch.ts). */
  splitHeat: { share: number; seconds: number };
  /** Point-in-time recovery (archiver.ts): how often records are archived, and how old a partition's last snapshot may grow. */
  pitrArchiveMs: number;
  pitrSnapshotMs: number;
}

/** A Worker variable's positive number, else `fallback`. */
export const positiveNumber = (text: string | undefined, fallback: number) => {
  const value = Number(text);
  return text !== undefined && text !== "" && Number.isFinite(value) && value > 0 ? value : fallback;
};

export function replicationSettings(
  env: Partial<
    Pick<
      Env,
      | "LEASE_MS"
      | "PEER_TIMEOUT_MS"
      | "WRITE_TIMEOUT_MS"
      | "LOG_REPLICA_AFTER_MS"
      | "REPLACE_AFTER_MS"
      | "TOMBSTONE_SWEEP_MS"
      | "TTL_SWEEP_MS"
      | "STREAM_RETENTION_MS"
      | "PARTITION_READ_UNITS"
      | "PARTITION_WRITE_UNITS"
      | "SPLIT_SIZE_BYTES"
      | "SPLIT_HEAT_PERCENT"
      | "SPLIT_HEAT_SECONDS"
      | "PITR_ARCHIVE_MS"
      | "PITR_SNAPSHOT_MS"
    >
  >,
) {
  return {
    leaseMs: positiveNumber(env.LEASE_MS, 1000),
    peerTimeoutMs: positiveNumber(env.PEER_TIMEOUT_MS, 500),
    writeTimeoutMs: positiveNumber(env.WRITE_TIMEOUT_MS, 3000),
    logReplicaAfterMs: positiveNumber(env.LOG_REPLICA_AFTER_MS, 5000),
    replaceAfterMs: positiveNumber(env.REPLACE_AFTER_MS, 600_000),
    tombstoneSweepMs: positiveNumber(env.TOMBSTONE_SWEEP_MS, 60_000),
    ttlSweepMs: positiveNumber(env.TTL_SWEEP_MS, 60_000),
    streamRetentionMs: positiveNumber(env.STREAM_RETENTION_MS, 24 * 3600_000),
    partitionReadUnits: positiveNumber(env.PARTITION_READ_UNITS, 3000),
    partitionWriteUnits: positiveNumber(env.PARTITION_WRITE_UNITS, 1000),
    splitSizeBytes: positiveNumber(env.SPLIT_SIZE_BYTES, 10 * 1024 ** 3),
    splitHeat: {
      share: Math.min(100, positiveNumber(env.SPLIT_HEAT_PERCENT, 80)) / 100,
      seconds: Math.min(60, Math.round(positiveNumber(env.SPLIT_HEAT_SECONDS, 10))),
    },
    pitrArchiveMs: positiveNumber(env.PITR_ARCHIVE_MS, 1000),
    pitrSnapshotMs: positiveNumber(env.PITR_SNAPSHOT_MS, 3600_000),
  } satisfies ReplicationSettings;
}
