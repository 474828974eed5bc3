/**
 * A backup as the catalog stores it: its description (shared/api/operations/backup-descriptions.ts
 * `BackupRecord`), where its files are in the archive, and per partition of the table at the
 * backup's time either the job taking its part (while CREATING) or what the part holds.
 */
import type { BackupRecord } from "../../shared/api/operations/backup-descriptions";
import type { DumpCursor } from "../replica/backup";
import type { Route } from "../replica/protocol";
import type { Partition } from "./partition-map";

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
}
