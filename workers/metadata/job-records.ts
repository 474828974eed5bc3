/**
 * Exports and imports as the catalog stores them: their records (the answers' source,
 * shared/api/operations/export-descriptions.ts, import-descriptions.ts) and, while IN_PROGRESS, how
 * far their jobs are (./exports.ts, ./imports.ts).
 */

import type { KeySchema } from "../../shared/api/key-schema";
import type { ExportRecord } from "../../shared/api/operations/export-descriptions";
import type { ImportRecord } from "../../shared/api/operations/import-descriptions";
import type { ExportedFile } from "../../shared/export-format/manifests";
import type { RestorePlan } from "./backup-record";
import type { PartitionMap } from "./partition-map";

export interface StoredExport extends ExportRecord {
  /** The table's partition map at the request: the plan is made from it (the table may be gone by then). */
  map: PartitionMap;
  /** The table's key schema, to read its files' keys. */
  keySchema: KeySchema;
  /** Set once `_started` is written. */
  started?: boolean;
  /** The files of the table at the export's time, once planned: one list of steps per part. */
  plan?: RestorePlan;
  /** Per part: its data file's name, chosen with the plan. */
  names?: string[];
  /** Per part: its data file once written, and the size of its items. */
  files?: ({ file: ExportedFile; sizeBytes: number } | null)[];
}

export interface StoredImport extends ImportRecord {
  /** The bucket's keys the import reads, in order, once listed. */
  files?: string[];
  /** How many of them are read (their counts are in the record). */
  read: number;
  /** Per partition of the table, the last lsn its items were written at: its global indexes are fed up to it before ACTIVE. */
  lsns?: Record<string, number>;
}
