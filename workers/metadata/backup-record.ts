/**
 * A backup as the catalog stores it: its description (shared/api/operations/backup-descriptions.ts
 * `BackupRecord`), where its files are in the archive, and per partition of the table at the
 * backup's time either the job taking its part (while CREATING) or what the part holds; and a
 * restore's job.
 */
import type { BackupRecord } from "../../shared/api/operations/backup-descriptions";
import type { DumpCursor } from "../replica/backup";
import type { Route } from "../replica/protocol";
import type { Partition, PartitionMap } from "./partition-map";

/** One partition's part of a backup. */
export interface BackupPart {
  /** The partition, as the map had it when the backup froze it. */
  partition: Partition;
  route: Route;
  /** Where its dump stands: the pages written so far (`items-<n>.json`). */
  cursor: DumpCursor;
  dumped: boolean;
  /** Set once its records up to the backup's time are written (`log.json`) and it is thawed. */
  records?: number;
}

export interface StoredBackup extends BackupRecord {
  /** The backup's files: `<prefix>/<partition id>/…` and `<prefix>/manifest.json`. */
  prefix: string;
  /** The id the partitions' freezes carry (workers/replica/backup.ts). */
  freeze: string;
  /**
   * The backup's time: the latest freeze of its partitions (epoch ms), `createdAt` too; later when
   * a lost freeze made the backup start over.
   */
  upTo: number;
  parts: BackupPart[];
  /** A SYSTEM backup (a table with PITR deleted): the table's archive at its deletion, restored as a point in time. */
  pointInTime?: Extract<RestoreSource, { kind: "pointInTime" }>;
}

/**
 * Where a restore reads from: a backup's files, or a table's point-in-time archive at `time` (the
 * table's id and its partition map, kept since the table may be gone: a SYSTEM backup's).
 */
export type RestoreSource =
  | { kind: "backup"; arn: string }
  | { kind: "pointInTime"; tableId: string; map: PartitionMap; time: number };

/** A restore being loaded (workers/metadata/restores.ts). */
export interface RestoreJob {
  source: RestoreSource;
  /** The files to load, once planned; and per part, how many of its steps are loaded. */
  plan?: RestorePlan;
  loaded: number[];
  /** The last lsn each target partition ordered for it: its global indexes are fed up to there before ACTIVE. */
  lsns?: Record<string, number>;
}

/** One file to load: its items (`items`) or records (`log`: `[[lsn, record], …]`), with what to keep of them. */
export interface RestoreStep {
  file: string;
  kind: "items" | "log";
  /** Only keys whose hashes are in [low, high]. */
  low?: string;
  high?: string;
  /** Only records with lsn in (afterLsn, upToLsn], and `t ≤ upToTime`. */
  afterLsn?: number;
  upToLsn?: number;
  upToTime?: number;
}

export type RestorePlan = RestoreStep[][];
