/**
 * The metadata object's SQL, in one place: its migrations and the catalog of tables, partition
 * maps, tags, the graveyard of deleted tables whose replicas still hold data, the partitions
 * degraded to a log replica, the replicas still to configure after their table went ACTIVE,
 * on-demand backups and the restores being loaded, exports and imports.
 */
import init from "../../migrations/metadata/0001_init.sql";
import autoadmin from "../../migrations/metadata/0002_autoadmin.sql";
import unconfigured from "../../migrations/metadata/0003_unconfigured.sql";
import backups from "../../migrations/metadata/0004_backups.sql";
import restores from "../../migrations/metadata/0005_restores.sql";
import exportsImports from "../../migrations/metadata/0006_exports_imports.sql";
import type { TableMeta } from "../../shared/api/table";
import type { Migration } from "../storage/migrate";
import type { RestoreJob, StoredBackup } from "./backup-record";
import type { StoredExport, StoredImport } from "./job-records";
import type { PartitionMap } from "./partition-map";

export const METADATA_MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: init },
  { version: 2, sql: autoadmin },
  { version: 3, sql: unconfigured },
  { version: 4, sql: backups },
  { version: 5, sql: restores },
  { version: 6, sql: exportsImports },
];

/** A partition running with a log replica in place of `member`, unreachable since `since` (epoch ms). */
export interface Degraded {
  tableId: string;
  partitionId: string;
  member: string;
  since: number;
}

export class Catalog {
  constructor(private readonly sql: SqlStorage) {}

  getTable(name: string): TableMeta | undefined {
    const row = this.sql.exec<{ meta: string }>("SELECT meta FROM tables WHERE name = ?", name).toArray()[0];
    return row ? (JSON.parse(row.meta) as TableMeta) : undefined;
  }

  getTableByArn(arn: string): TableMeta | undefined {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    const table = this.getTable(name);
    return table?.arn === arn ? table : undefined;
  }

  putTable(table: TableMeta): void {
    this.sql.exec(
      "INSERT INTO tables (name, id, meta) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET meta = excluded.meta",
      table.name,
      table.id,
      JSON.stringify(table),
    );
  }

  tablesWithStatus(status: TableMeta["status"]): TableMeta[] {
    return this.allTables().filter((t) => t.status === status);
  }

  allTables(): TableMeta[] {
    return this.sql
      .exec<{ meta: string }>("SELECT meta FROM tables ORDER BY name")
      .toArray()
      .map((r) => JSON.parse(r.meta) as TableMeta);
  }

  /** Table names in DynamoDB's ListTables order, after `exclusiveStart`, at most `limit`. */
  tableNames(limit: number, exclusiveStart?: string): string[] {
    return this.sql
      .exec<{ name: string }>(
        "SELECT name FROM tables WHERE name > ? ORDER BY name LIMIT ?",
        exclusiveStart ?? "",
        limit,
      )
      .toArray()
      .map((r) => r.name);
  }

  countTables(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM tables").one().n;
  }

  getMap(tableId: string): PartitionMap | undefined {
    const row = this.sql
      .exec<{ map: string }>("SELECT map FROM partition_maps WHERE table_id = ?", tableId)
      .toArray()[0];
    return row ? (JSON.parse(row.map) as PartitionMap) : undefined;
  }

  putMap(map: PartitionMap): void {
    this.sql.exec(
      `INSERT INTO partition_maps (table_id, version, map) VALUES (?, ?, ?)
       ON CONFLICT (table_id) DO UPDATE SET version = excluded.version, map = excluded.map`,
      map.tableId,
      map.version,
      JSON.stringify(map),
    );
  }

  /** The maps with a split in progress or a split parent left to drop (./splits.ts). */
  mapsInSplit(): PartitionMap[] {
    return this.sql
      .exec<{ map: string }>(
        `SELECT map FROM partition_maps WHERE map LIKE '%"splitting":%' OR map LIKE '%"retired":%'`,
      )
      .toArray()
      .map((r) => JSON.parse(r.map) as PartitionMap);
  }

  /**
   * Removes a table from the catalog and buries its map, and its global indexes' maps, until
   * their replicas have dropped their data.
   */
  buryTable(table: TableMeta): void {
    this.sql.exec("DELETE FROM tables WHERE name = ?", table.name);
    this.sql.exec("DELETE FROM tags WHERE table_id = ?", table.id);
    for (const id of [table.id, ...(table.globalIndexes ?? []).map((i) => i.id)]) this.buryMap(id);
  }

  /**
   * Buries the partition map of a global index being removed from its table, until its replicas
   * have dropped their data; the table's entry is the caller's to store without the index.
   */
  buryMap(mapId: string): void {
    const map = this.getMap(mapId);
    this.sql.exec("DELETE FROM partition_maps WHERE table_id = ?", mapId);
    this.sql.exec("DELETE FROM unconfigured WHERE table_id = ?", mapId);
    if (map)
      this.sql.exec("INSERT OR REPLACE INTO graveyard (table_id, map) VALUES (?, ?)", mapId, JSON.stringify(map));
  }

  buried(): PartitionMap[] {
    return this.sql
      .exec<{ map: string }>("SELECT map FROM graveyard")
      .toArray()
      .map((r) => JSON.parse(r.map) as PartitionMap);
  }

  forget(tableId: string): void {
    this.sql.exec("DELETE FROM graveyard WHERE table_id = ?", tableId);
  }

  /** Records a degraded partition, unless it is recorded already (the first report's time counts). */
  putDegraded(report: Degraded): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO degraded (table_id, partition_id, member, since) VALUES (?, ?, ?, ?)",
      report.tableId,
      report.partitionId,
      report.member,
      report.since,
    );
  }

  allDegraded(): Degraded[] {
    return this.sql
      .exec<{ table_id: string; partition_id: string; member: string; since: number }>("SELECT * FROM degraded")
      .toArray()
      .map((r) => ({ tableId: r.table_id, partitionId: r.partition_id, member: r.member, since: r.since }));
  }

  deleteDegraded(tableId: string, partitionId: string): void {
    this.sql.exec("DELETE FROM degraded WHERE table_id = ? AND partition_id = ?", tableId, partitionId);
  }

  /** Records that `member`, a replica of table `tableId`, has not taken the table's configuration. */
  putUnconfigured(tableId: string, member: string): void {
    this.sql.exec("INSERT OR IGNORE INTO unconfigured (table_id, member) VALUES (?, ?)", tableId, member);
  }

  allUnconfigured(): { tableId: string; member: string }[] {
    return this.sql
      .exec<{ table_id: string; member: string }>("SELECT table_id, member FROM unconfigured")
      .toArray()
      .map((r) => ({ tableId: r.table_id, member: r.member }));
  }

  deleteUnconfigured(tableId: string, member: string): void {
    this.sql.exec("DELETE FROM unconfigured WHERE table_id = ? AND member = ?", tableId, member);
  }

  getTags(tableId: string): { Key: string; Value: string }[] {
    return this.sql
      .exec<{ key: string; value: string }>("SELECT key, value FROM tags WHERE table_id = ? ORDER BY key", tableId)
      .toArray()
      .map((r) => ({ Key: r.key, Value: r.value }));
  }

  putTag(tableId: string, key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO tags (table_id, key, value) VALUES (?, ?, ?) ON CONFLICT (table_id, key) DO UPDATE SET value = excluded.value",
      tableId,
      key,
      value,
    );
  }

  deleteTag(tableId: string, key: string): void {
    this.sql.exec("DELETE FROM tags WHERE table_id = ? AND key = ?", tableId, key);
  }

  getBackup(arn: string): StoredBackup | undefined {
    const row = this.sql.exec<{ record: string }>("SELECT record FROM backups WHERE arn = ?", arn).toArray()[0];
    return row ? (JSON.parse(row.record) as StoredBackup) : undefined;
  }

  putBackup(backup: StoredBackup): void {
    this.sql.exec(
      `INSERT INTO backups (arn, table_id, created_at, record) VALUES (?, ?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET record = excluded.record`,
      backup.arn,
      backup.tableId,
      backup.createdAt,
      JSON.stringify(backup),
    );
  }

  deleteBackup(arn: string): void {
    this.sql.exec("DELETE FROM backups WHERE arn = ?", arn);
  }

  /** Every backup, by creation time. */
  allBackups(): StoredBackup[] {
    return this.backupsWhere("1");
  }

  /** The backups still being taken. */
  creatingBackups(): StoredBackup[] {
    return this.backupsWhere("json_extract(record, '$.status') = 'CREATING'");
  }

  /** The backups that expire (SYSTEM backups). */
  expiringBackups(): StoredBackup[] {
    return this.backupsWhere("json_extract(record, '$.expiresAt') IS NOT NULL");
  }

  /** The backups whose record `condition` (SQL) holds, by creation time; only those are parsed. */
  private backupsWhere(condition: string): StoredBackup[] {
    return this.sql
      .exec<{ record: string }>(`SELECT record FROM backups WHERE ${condition} ORDER BY created_at, arn`)
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredBackup);
  }

  getRestoreJob(tableId: string): RestoreJob | undefined {
    const row = this.sql.exec<{ job: string }>("SELECT job FROM restores WHERE table_id = ?", tableId).toArray()[0];
    return row ? (JSON.parse(row.job) as RestoreJob) : undefined;
  }

  putRestoreJob(tableId: string, job: RestoreJob): void {
    this.sql.exec(
      "INSERT INTO restores (table_id, job) VALUES (?, ?) ON CONFLICT (table_id) DO UPDATE SET job = excluded.job",
      tableId,
      JSON.stringify(job),
    );
  }

  deleteRestoreJob(tableId: string): void {
    this.sql.exec("DELETE FROM restores WHERE table_id = ?", tableId);
  }

  getExport(arn: string): StoredExport | undefined {
    const row = this.sql.exec<{ record: string }>("SELECT record FROM exports WHERE arn = ?", arn).toArray()[0];
    return row ? (JSON.parse(row.record) as StoredExport) : undefined;
  }

  putExport(record: StoredExport): void {
    this.sql.exec(
      `INSERT INTO exports (arn, table_id, client_token, record) VALUES (?, ?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET record = excluded.record`,
      record.arn,
      record.tableId,
      record.clientToken,
      JSON.stringify(record),
    );
  }

  /** The exports a client token names, newest first. */
  exportsByToken(token: string): StoredExport[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM exports WHERE client_token = ? ORDER BY arn DESC", token)
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredExport);
  }

  /** Every export (of table `tableId` when given), in reverse order of ARN, as ListExports lists them. */
  allExports(tableId?: string): StoredExport[] {
    const rows =
      tableId === undefined
        ? this.sql.exec<{ record: string }>("SELECT record FROM exports ORDER BY arn DESC")
        : this.sql.exec<{ record: string }>("SELECT record FROM exports WHERE table_id = ? ORDER BY arn DESC", tableId);
    return rows.toArray().map((r) => JSON.parse(r.record) as StoredExport);
  }

  /** The exports IN_PROGRESS (the LIKE spares parsing finished ones every alarm round; user text is escaped in JSON). */
  exportsInProgress(): StoredExport[] {
    return this.sql
      .exec<{ record: string }>(`SELECT record FROM exports WHERE record LIKE '%"status":"IN_PROGRESS"%' ORDER BY arn`)
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredExport)
      .filter((e) => e.status === "IN_PROGRESS");
  }

  getImport(arn: string): StoredImport | undefined {
    const row = this.sql.exec<{ record: string }>("SELECT record FROM imports WHERE arn = ?", arn).toArray()[0];
    return row ? (JSON.parse(row.record) as StoredImport) : undefined;
  }

  putImport(record: StoredImport): void {
    this.sql.exec(
      `INSERT INTO imports (arn, table_arn, client_token, record) VALUES (?, ?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET record = excluded.record`,
      record.arn,
      record.tableArn,
      record.clientToken,
      JSON.stringify(record),
    );
  }

  /** The imports a client token names, newest first. */
  importsByToken(token: string): StoredImport[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM imports WHERE client_token = ? ORDER BY arn DESC", token)
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredImport);
  }

  /** Every import (into the table of ARN `tableArn` when given), newest first, as ListImports lists them. */
  allImports(tableArn?: string): StoredImport[] {
    const rows =
      tableArn === undefined
        ? this.sql.exec<{ record: string }>("SELECT record FROM imports")
        : this.sql.exec<{ record: string }>("SELECT record FROM imports WHERE table_arn = ?", tableArn);
    return rows
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredImport)
      .sort((a, b) => b.startTime - a.startTime || (a.arn < b.arn ? 1 : a.arn > b.arn ? -1 : 0));
  }

  /** The imports IN_PROGRESS (as `exportsInProgress`). */
  importsInProgress(): StoredImport[] {
    return this.sql
      .exec<{ record: string }>(`SELECT record FROM imports WHERE record LIKE '%"status":"IN_PROGRESS"%' ORDER BY arn`)
      .toArray()
      .map((r) => JSON.parse(r.record) as StoredImport)
      .filter((i) => i.status === "IN_PROGRESS");
  }
}
