/**
 * Restores in the region's catalog (docs/issue-20-backups.md): RestoreTableFromBackup creates the
 * target table from the backup's settings and the request's overrides, CREATING with a
 * RestoreSummary; once its replicas are configured (./activation.ts leaves it CREATING, `loading`),
 * the alarm (`advanceRestores`) loads each of the backup's partition parts through the target's
 * partition leaders: its pages, then its records up to the backup's time, in order (a part's keys
 * are its own: parts never touch each other's items). A round loads for LOAD_ROUND_MS at most; the
 * catalog keeps how far each part is, and loading a page again changes nothing. The table is ACTIVE
 * once every part is loaded. Local indexes are written with the items, global ones fed from them.
 */
import type { Item } from "../../shared/api/attribute-value";
import { DynamoError, type WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import {
  backupRestoringAnotherTable,
  tableAlreadyExists,
  tableBeingRestored,
} from "../../shared/api/operations/backup-errors";
import { checkRestoreOverrides, type RestoreRequest } from "../../shared/api/operations/restore-overrides";
import { describe, keySchemaOf, type TableDescription, type TableMeta } from "../../shared/api/table";
import { extractKey } from "../../shared/api/validate-values";
import { archiveOf } from "../archive/archive";
import { callLeader } from "../replica/group-client";
import type { LogRecord } from "../replica/log-record";
import type { Reply } from "../replica/protocol";
import type { LoadChange } from "../replica/restore-load";
import { storedKeyOf } from "../replica/stored-key";
import type { StoredBackup } from "./backup-record";
import { findBackup, restoringFrom } from "./backups";
import type { MetadataHost } from "./host";
import { type PartitionMap, partitionFor } from "./partition-map";
import { createTable } from "./tables";

/** How long one alarm round loads before it lets the alarm come back. */
const LOAD_ROUND_MS = 5_000;

const refusal = (error: DynamoError): { ok: false; error: WireError } => ({ ok: false, error: error.toWire() });

export function restoreTableFromBackup(
  host: MetadataHost,
  request: RestoreRequest & { backupArn: string },
  now: number,
): Reply<{ description: TableDescription }> {
  const { catalog } = host;
  const backup = findBackup(host, request.backupArn);
  if (backup instanceof DynamoError) return refusal(backup);
  const target = catalog.getTable(request.targetTableName);
  if (target?.restore?.inProgress) {
    return refusal(tableBeingRestored(target.name, target.restore.sourceBackupArn ?? target.restore.sourceTableArn));
  }
  if (target) return refusal(tableAlreadyExists(request.targetTableName));
  if (backup.status !== "AVAILABLE" || restoringFrom(host, backup.arn)) {
    return refusal(backupRestoringAnotherTable(backup.arn));
  }
  let createInput: ReturnType<typeof checkRestoreOverrides>["createTable"];
  try {
    createInput = checkRestoreOverrides(backup.source, request).createTable;
  } catch (error) {
    if (error instanceof DynamoError) return refusal(error);
    throw error;
  }
  const created = createTable(host, createInput, now);
  if (!created.ok) return created;
  const table = catalog.getTable(request.targetTableName)!;
  const restoring: TableMeta = {
    ...table,
    restore: {
      sourceBackupArn: backup.arn,
      sourceTableArn: backup.tableArn,
      restoreDateTime: backup.createdAt,
      inProgress: true,
      loaded: {},
    },
  };
  catalog.putTable(restoring);
  return { ok: true, description: describe(restoring) };
}

/** Loads the tables being restored, for a round. At exit: whether any is still loading. */
export async function advanceRestores(host: MetadataHost): Promise<boolean> {
  const loading = host.catalog.allTables().filter((t) => t.restore?.loading);
  await Promise.all(loading.map((table) => advance(host, table).catch((e) => console.error("restore", table.name, e))));
  return host.catalog.allTables().some((t) => t.restore?.loading);
}

async function advance(host: MetadataHost, table: TableMeta): Promise<void> {
  const restore = table.restore!;
  const backup = restore.sourceBackupArn ? host.catalog.getBackup(restore.sourceBackupArn) : undefined;
  const map = host.catalog.getMap(table.id);
  if (!backup || !map) {
    console.error("restore", table.name, "has no backup or map to load from");
    return;
  }
  const loaded = { ...restore.loaded };
  const until = host.clock.now() + LOAD_ROUND_MS;
  const loader = new Loader(host, table, map, backup);
  await Promise.all(
    backup.parts.map(async (part) => {
      const id = part.partition.id;
      while ((loaded[id] ?? 0) <= part.cursor.pages && host.clock.now() < until) {
        const step = loaded[id] ?? 0;
        const file = step < part.cursor.pages ? `items-${String(step + 1).padStart(6, "0")}.json` : "log.json";
        await loader.loadFile(`${backup.prefix}/${id}/${file}`, file === "log.json");
        loaded[id] = step + 1;
      }
    }),
  );
  const current = host.catalog.getTable(table.name);
  if (current?.id !== table.id || !current.restore) return;
  const done = backup.parts.every((p) => (loaded[p.partition.id] ?? 0) > p.cursor.pages);
  host.catalog.putTable(
    done
      ? { ...current, status: "ACTIVE", restore: { ...current.restore, inProgress: false, loading: false, loaded } }
      : { ...current, restore: { ...current.restore, loaded } },
  );
}

/** Reads a backup's files and hands their changes to the target table's partition leaders. */
class Loader {
  private readonly schema: KeySchema;

  constructor(
    private readonly host: MetadataHost,
    table: TableMeta,
    private readonly map: PartitionMap,
    private readonly backup: StoredBackup,
  ) {
    this.schema = keySchemaOf(table);
  }

  /** Loads a page of items, or (`log`) a part's records in order. */
  async loadFile(key: string, log: boolean): Promise<void> {
    const bytes = await archiveOf(this.host.env).get(key);
    if (!bytes) throw new Error(`backup ${this.backup.arn}: ${key} is missing`);
    const text = new TextDecoder().decode(bytes);
    const changes: LoadChange[] = log
      ? (JSON.parse(text) as LogRecord[]).map((record) => {
          if (record.kind === "put") return { key: record.key, item: JSON.stringify(record.item) };
          if (record.kind === "delete") return { key: record.key };
          throw new Error(`backup ${this.backup.arn}: ${key} holds a ${record.kind} record`);
        })
      : (JSON.parse(text) as Item[]).map((item) => ({
          key: extractKey(item, this.schema),
          item: JSON.stringify(item),
        }));
    await this.send(changes);
  }

  /** Sends `changes` to their partitions' leaders, each partition's in order. */
  private async send(changes: LoadChange[]): Promise<void> {
    const byPartition = new Map<string, LoadChange[]>();
    for (const change of changes) {
      const { id } = partitionFor(this.map, storedKeyOf(change.key, this.schema).h);
      const list = byPartition.get(id);
      if (list) list.push(change);
      else byPartition.set(id, [change]);
    }
    const route = { tableId: this.map.tableId, mapVersion: this.map.version };
    await Promise.all(
      [...byPartition].map(async ([id, part]) => {
        const partition = this.map.partitions.find((p) => p.id === id)!;
        const reply = await callLeader(this.host.link, partition, "restoreLoad", [route, part], true);
        if (!reply.ok) throw new Error(`restore load: ${reply.error.type} ${reply.error.message}`);
      }),
    );
  }
}
