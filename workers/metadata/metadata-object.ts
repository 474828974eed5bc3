/**
 * A region's metadata object: the catalog of tables and their partition maps. Routers read
 * routes from it and cache them; the control-plane operations change it; the other regions'
 * metadata objects call it for global tables; replica leaders report degraded groups to it.
 *
 * The class owns the storage (SQLite, migrated on start), the clock and randomness, the link and
 * the RPC surface (./protocol.ts `MetadataRpc`); the logic lives in modules over a small host
 * (./host.ts): tables (./tables.ts), tags (./tags.ts), Time to Live (./time-to-live.ts), this region's side of global tables
 * (workers/replication/metadata-region.ts), and the alarm that finishes what the control plane starts
 * (./alarm.ts).
 */

import { DurableObject } from "cloudflare:workers";
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
import { type Clock, type Random, systemClock, systemRandom } from "../clock";
import type { Env } from "../env";
import { Link } from "../link/link";
import type { Reply, SplitReport, TombstoneReport } from "../replica/protocol";
import { takeIndexUpdate } from "../replication/index-updates";
import * as globalTables from "../replication/metadata-region";
import { migrate } from "../storage/migrate";
import { type AlarmMemory, runAlarm, scheduleAutoadmin } from "./alarm";
import * as backups from "./backups";
import { Catalog, type Degraded, METADATA_MIGRATIONS } from "./catalog";
import { parseCatalogName } from "./catalog-name";
import * as exports from "./exports";
import type { MetadataHost } from "./host";
import * as imports from "./imports";
import * as pointInTime from "./point-in-time";
import type { ListedStream, MetadataRpc, Route } from "./protocol";
import * as restores from "./restores";
import { reportSplit } from "./splits";
import * as streams from "./streams";
import * as tables from "./tables";
import * as tags from "./tags";
import * as timeToLive from "./time-to-live";

export class MetadataObject extends DurableObject<Env> implements MetadataRpc {
  /** The object's time and chance (workers/clock.ts): its alarms and its link's timeouts and retries run on them. */
  private readonly clock: Clock = systemClock;
  private readonly random: Random = systemRandom;
  private readonly host: MetadataHost;
  private readonly memory: AlarmMemory = { sweptAt: 0 };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, METADATA_MIGRATIONS, this.clock);
    const clock = this.clock;
    const storage = ctx.storage;
    // Named after the region, and the account unless it is the deployment's own (./catalog-name.ts).
    const { region, account } = parseCatalogName(ctx.id.name ?? env.DEFAULT_REGION, env.ACCOUNT_ID);
    this.host = {
      catalog: new Catalog(storage.sql),
      link: new Link(env, undefined, { clock, random: this.random, account }),
      clock,
      env,
      region,
      account,
      transaction: (fn) => storage.transactionSync(fn),
      wake: () => void storage.setAlarm(clock.now()),
      async alarmBy(at) {
        const current = await storage.getAlarm();
        if (current === null || current > at) await storage.setAlarm(at);
      },
      alarmAt: (at) => void storage.setAlarm(at),
    };
  }

  // --- the control plane, from routers (./tables.ts, ./tags.ts) ----------------------------------

  createTable(input: CreateTableInput, now: number): Reply<{ description: TableDescription }> {
    return tables.createTable(this.host, input, now);
  }

  describeTable(name: string): Promise<Reply<{ description: TableDescription }>> {
    return tables.describeTable(this.host, name);
  }

  route(name: string): Reply<Route> {
    return tables.route(this.host, name);
  }

  listTables(limit: number, exclusiveStart?: string): { names: string[]; last?: string } {
    return tables.listTables(this.host, limit, exclusiveStart);
  }

  deleteTable(name: string): Promise<Reply<{ description: DeletedTableDescription }>> {
    return tables.deleteTable(this.host, name);
  }

  updateTable(input: UpdateTableInput, now: number): Promise<Reply<{ description: TableDescription }>> {
    return tables.updateTable(this.host, input, now);
  }

  tagResource(arn: string, list: Tag[]): Reply<object> {
    return tags.tagResource(this.host, arn, list);
  }

  untagResource(arn: string, keys: string[]): Reply<object> {
    return tags.untagResource(this.host, arn, keys);
  }

  listTagsOfResource(arn: string): Reply<{ tags: Tag[] }> {
    return tags.listTagsOfResource(this.host, arn);
  }

  updateTimeToLive(
    name: string,
    specification: TimeToLiveSpecification,
    now: number,
  ): Promise<Reply<{ specification: TimeToLiveSpecification }>> {
    return timeToLive.updateTimeToLive(this.host, name, specification, now);
  }

  describeTimeToLive(name: string): Reply<{ description: TimeToLiveDescription }> {
    return timeToLive.describeTimeToLive(this.host, name);
  }

  listStreams(tableName: string | undefined, now: number): { streams: ListedStream[] } {
    return { streams: streams.listStreams(this.host, tableName, now) };
  }

  legacyGlobalTables(limit: number, exclusiveStart?: string, region?: string): { tables: TableMeta[]; last?: string } {
    return globalTables.legacyGlobalTables(this.host, limit, exclusiveStart, region);
  }

  // --- on-demand backups (./backups.ts) -----------------------------------------------------------

  createBackup(tableName: string, backupName: string): Promise<Reply<{ details: BackupDetails }>> {
    return backups.createBackup(this.host, tableName, backupName);
  }

  describeBackup(arn: string): Reply<{ description: BackupDescription }> {
    return backups.describeBackup(this.host, arn);
  }

  listBackups(request: ListBackupsRequest): Reply<{ output: ListBackupsOutput }> {
    return backups.listBackups(this.host, request);
  }

  deleteBackup(arn: string): Promise<Reply<{ description: BackupDescription }>> {
    return backups.deleteBackup(this.host, arn);
  }

  updateContinuousBackups(
    request: UpdateContinuousBackupsRequest,
  ): Promise<Reply<{ description: ContinuousBackupsDescription }>> {
    return pointInTime.updateContinuousBackups(this.host, request);
  }

  describeContinuousBackups(tableName: string): Reply<{ description: ContinuousBackupsDescription }> {
    return pointInTime.describeContinuousBackups(this.host, tableName);
  }

  restoreTableToPointInTime(request: PointInTimeRestoreRequest, now: number): Reply<{ description: TableDescription }> {
    return pointInTime.restoreTableToPointInTime(this.host, request, now);
  }

  restoreTableFromBackup(
    request: RestoreRequest & { backupArn: string },
    now: number,
  ): Reply<{ description: TableDescription }> {
    return restores.restoreTableFromBackup(this.host, request, now);
  }

  // --- exports and imports (./exports.ts, ./imports.ts) -----------------------------------------

  exportTableToPointInTime(
    request: ExportRequest,
    clientToken: string | undefined,
    now: number,
  ): Reply<{ description: ExportDescription }> {
    return exports.exportTableToPointInTime(this.host, request, clientToken, now);
  }

  describeExport(arn: string): Reply<{ description: ExportDescription }> {
    return exports.describeExport(this.host, arn);
  }

  listExports(request: ListJobsRequest): Reply<{ summaries: ExportSummary[]; nextToken?: string }> {
    return exports.listExports(this.host, request);
  }

  importTable(
    request: ImportRequest,
    clientToken: string | undefined,
    createTable: CreateTableInput,
    now: number,
  ): Promise<Reply<{ description: ImportTableDescription }>> {
    return imports.importTable(this.host, request, clientToken, createTable, now);
  }

  describeImport(arn: string): Reply<{ description: ImportTableDescription }> {
    return imports.describeImport(this.host, arn);
  }

  listImports(request: ListJobsRequest): Reply<{ summaries: ImportSummary[]; nextToken?: string }> {
    return imports.listImports(this.host, request);
  }

  // --- from replica leaders (./autoadmin.ts) ------------------------------------------------------

  /**
   * A leader put a log replica in place of an unreachable member: autoadmin replaces the member
   * if it is still out REPLACE_AFTER_MS after it was first reported.
   */
  reportDegraded(report: Degraded): void {
    this.host.catalog.putDegraded(report);
    void scheduleAutoadmin(this.host);
  }

  /** A leader asks for its partition to be split, at the point it names (./splits.ts). */
  reportSplit(report: SplitReport): void {
    reportSplit(this.host, report);
  }

  // --- global tables, between the regions' metadata objects (workers/replication/metadata-region.ts) ------------

  forgetReplica(name: string, region: string): Promise<void> {
    return globalTables.forgetReplica(this.host, name, region);
  }

  createReplicaTable(source: TableMeta, replicas: ReplicaMeta[]): Reply<object> {
    return globalTables.createReplicaTable(this.host, source, replicas);
  }

  setReplicas(name: string, replicas: ReplicaMeta[], legacy?: { createdAt: number } | false): Promise<Reply<object>> {
    return globalTables.setReplicas(this.host, name, replicas, legacy);
  }

  backfillTo(name: string, region: string): Promise<boolean> {
    return globalTables.backfillTo(this.host, name, region);
  }

  tombstoneReport(name: string): Promise<Reply<TombstoneReport>> {
    return globalTables.tombstoneReport(this.host, name);
  }

  collectTombstones(name: string, below: string): Promise<void> {
    return globalTables.collectTombstones(this.host, name, below);
  }

  dropReplicaTable(name: string): Promise<void> {
    return globalTables.dropReplicaTable(this.host, name);
  }

  takeIndexUpdate(input: UpdateTableInput): Promise<Reply<object>> {
    return takeIndexUpdate(this.host, input, (shipped) =>
      tables.updateTable(this.host, shipped, this.clock.now(), { shipped: true }),
    );
  }

  // --- the alarm (./alarm.ts) ----------------------------------------------------------------------

  override alarm(): Promise<void> {
    return runAlarm(this.host, this.memory);
  }
}
