/**
 * The metadata object's protocol: the routing snapshot routers cache (`Route`) and the RPC
 * surface every caller uses (metadata-object.ts implements it). Routers call the control-plane
 * methods, replica leaders report degraded groups, and the metadata objects of a global table's
 * regions call each other. The Worker's bindings (workers/env.ts) and the link type their stubs
 * by `MetadataRpc`, so no caller imports the Durable Object.
 */

import type {
  BackupDescription,
  BackupDetails,
  ListBackupsOutput,
  ListBackupsRequest,
} from "../../shared/api/operations/backup-descriptions";
import type { PointInTimeRestoreRequest } from "../../shared/api/operations/backups";
import type { Tag } from "../../shared/api/operations/common";
import type {
  ContinuousBackupsDescription,
  UpdateContinuousBackupsRequest,
} from "../../shared/api/operations/continuous-backups";
import type { CreateTableInput } from "../../shared/api/operations/create-table";
import type { ExportDescription, ExportSummary } from "../../shared/api/operations/export-descriptions";
import type { ExportRequest, ListJobsRequest } from "../../shared/api/operations/exports";
import type { ImportSummary, ImportTableDescription } from "../../shared/api/operations/import-descriptions";
import type { ImportRequest } from "../../shared/api/operations/imports";
import type { RestoreRequest } from "../../shared/api/operations/restore-overrides";
import type { TimeToLiveDescription, TimeToLiveSpecification } from "../../shared/api/operations/time-to-live";
import type { UpdateTableInput } from "../../shared/api/operations/update-table";
import type { DeletedTableDescription, ReplicaMeta, TableDescription, TableMeta } from "../../shared/api/table";
import type { Reply, SplitReport, TombstoneReport } from "../replica/protocol";
import type { Degraded } from "./catalog";
import type { PartitionMap } from "./partition-map";

/** A table and its partition map as a router caches them. */
export interface Route {
  table: TableMeta;
  map: PartitionMap;
  /** The table's global secondary indexes' partition maps, by index id (absent: none). */
  indexMaps?: Record<string, PartitionMap>;
}

export interface MetadataRpc extends Rpc.DurableObjectBranded {
  // --- the control plane, from routers ---
  createTable(input: CreateTableInput, now: number): Reply<{ description: TableDescription }>;
  describeTable(name: string): Promise<Reply<{ description: TableDescription }>>;
  /** The table and its partition map, for a router's cache. */
  route(name: string): Reply<Route>;
  listTables(limit: number, exclusiveStart?: string): { names: string[]; last?: string };
  deleteTable(name: string): Promise<Reply<{ description: DeletedTableDescription }>>;
  updateTable(input: UpdateTableInput, now: number): Promise<Reply<{ description: TableDescription }>>;
  tagResource(arn: string, tags: Tag[]): Reply<object>;
  untagResource(arn: string, keys: string[]): Reply<object>;
  listTagsOfResource(arn: string): Reply<{ tags: Tag[] }>;
  updateTimeToLive(
    name: string,
    specification: TimeToLiveSpecification,
    now: number,
  ): Promise<Reply<{ specification: TimeToLiveSpecification }>>;
  describeTimeToLive(name: string): Reply<{ description: TimeToLiveDescription }>;
  /** ListStreams (./streams.ts): the readable streams of table `tableName` (every table's when undefined), newest first. */
  listStreams(tableName: string | undefined, now: number): { streams: ListedStream[] };
  /** ListGlobalTables: this region's version 2017.11.29 global tables in name order, a page of them. */
  legacyGlobalTables(limit: number, exclusiveStart?: string, region?: string): { tables: TableMeta[]; last?: string };

  // --- on-demand backups (./backups.ts) ---
  createBackup(tableName: string, backupName: string): Promise<Reply<{ details: BackupDetails }>>;
  describeBackup(arn: string): Reply<{ description: BackupDescription }>;
  listBackups(request: ListBackupsRequest): Reply<{ output: ListBackupsOutput }>;
  deleteBackup(arn: string): Promise<Reply<{ description: BackupDescription }>>;
  /** Point-in-time recovery (./point-in-time.ts). */
  updateContinuousBackups(
    request: UpdateContinuousBackupsRequest,
  ): Promise<Reply<{ description: ContinuousBackupsDescription }>>;
  describeContinuousBackups(tableName: string): Reply<{ description: ContinuousBackupsDescription }>;
  restoreTableToPointInTime(request: PointInTimeRestoreRequest, now: number): Reply<{ description: TableDescription }>;
  /** RestoreTableFromBackup (./restores.ts): the target table, CREATING until loaded. */
  restoreTableFromBackup(
    request: RestoreRequest & { backupArn: string },
    now: number,
  ): Reply<{ description: TableDescription }>;

  // --- exports and imports (./exports.ts, ./imports.ts) ---
  exportTableToPointInTime(
    request: ExportRequest,
    clientToken: string | undefined,
    now: number,
  ): Reply<{ description: ExportDescription }>;
  describeExport(arn: string): Reply<{ description: ExportDescription }>;
  listExports(request: ListJobsRequest): Reply<{ summaries: ExportSummary[]; nextToken?: string }>;
  /** ImportTable: the new table, CREATING until loaded, and the import. */
  importTable(
    request: ImportRequest,
    clientToken: string | undefined,
    createTable: CreateTableInput,
    now: number,
  ): Promise<Reply<{ description: ImportTableDescription }>>;
  describeImport(arn: string): Reply<{ description: ImportTableDescription }>;
  listImports(request: ListJobsRequest): Reply<{ summaries: ImportSummary[]; nextToken?: string }>;

  // --- from replica leaders ---
  /** A leader put a log replica in place of an unreachable member (autoadmin.ts). */
  reportDegraded(report: Degraded): void;
  /** A leader asks for its partition to be split (./splits.ts). */
  reportSplit(report: SplitReport): void;

  // --- global tables, between the regions' metadata objects (workers/replication/metadata-home.ts) ---
  /** Region `region` deleted its copy of global table `name`. */
  forgetReplica(name: string, region: string): Promise<void>;
  /** Creates this region's copy of a global table whose home region is adding this one. */
  createReplicaTable(source: TableMeta, replicas: ReplicaMeta[]): Reply<object>;
  /** Sets the other regions of a global table (and, `legacy`, its 2017.11.29 version) and tells its replicas. */
  setReplicas(name: string, replicas: ReplicaMeta[], legacy?: { createdAt: number } | false): Promise<Reply<object>>;
  /** Copies every partition's items to `region`. At exit: whether every partition did. */
  backfillTo(name: string, region: string): Promise<boolean>;
  /** The reports of every partition leader of global table `name`, merged. */
  tombstoneReport(name: string): Promise<Reply<TombstoneReport>>;
  /** Drops the tombstones of global table `name` below `below` in every partition. */
  collectTombstones(name: string, below: string): Promise<void>;
  /** Deletes this region's copy of a global table the home region removes this region from. */
  dropReplicaTable(name: string): Promise<void>;
  /** Takes an index create or delete another region of a global table made (workers/replication/index-updates.ts). */
  takeIndexUpdate(input: UpdateTableInput): Promise<Reply<object>>;
}

/** A stream as ListStreams names it. */
export interface ListedStream {
  arn: string;
  tableName: string;
  label: string;
}
