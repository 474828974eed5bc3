/**
 * The metadata object's alarm: it finishes what the control plane starts, one round per alarm.
 * - Activation (./activation.ts): configures the replicas of CREATING tables, and again the
 *   members that missed their configuration, and makes the tables ACTIVE; back within RETRY_MS
 *   while any is left.
 * - Global secondary indexes UpdateTable adds, removes or changes (./global-index-work.ts):
 *   allocation, backfill, removal; back within RETRY_MS while any is in progress.
 * - Global tables this region is home to (workers/replication/metadata-home.ts): adds and removes regions; back
 *   within REPLICATING_MS while any is in progress. An UPDATING table with no region in progress
 *   and no index allocated or removed becomes ACTIVE.
 * - Index creates and deletes of global tables go to their other regions
 *   (workers/replication/index-updates.ts); back within RETRY_MS until each took them.
 * - Deleted tables: their replicas drop their data, and the catalog forgets them.
 * - Autoadmin (./autoadmin.ts): replaces the members reported degraded REPLACE_AFTER_MS ago, and
 *   splits the partitions whose leaders asked for it (./splits.ts); back within RETRY_MS while a
 *   split is in progress.
 * - On-demand backups being taken (./backups.ts): a step of every partition's part a round; and
 *   restored tables being loaded (./restores.ts), for a while each round; back at once while any is.
 *   SYSTEM backups past their 35 days are deleted, with their archives; back when the next expires.
 * - Exports being written (./export-job.ts) and imported tables being loaded (./import-job.ts), for
 *   a while each round; back when an export is due, at once while an import is loading.
 * - Tombstones of the global tables this region sweeps, and of its global secondary indexes
 *   (./index-tombstones.ts), once per TOMBSTONE_SWEEP_MS.
 *
 * Each round sets the alarm for the next work due, on the object's clock.
 */
import type { TableMeta } from "../../shared/api/table";
import { replicationSettings } from "../replica/settings";
import { shipIndexUpdates } from "../replication/index-updates";
import { advanceReplicas, sweepTombstones, sweptBy } from "../replication/metadata-home";
import { backfillTo, setReplicas } from "../replication/metadata-region";
import { activate, configureMissed, RETRY_MS } from "./activation";
import { autoadminDue, replaceDegraded } from "./autoadmin";
import { advanceBackups, sweepExpiredBackups } from "./backups";
import { advanceExports } from "./export-job";
import { advanceGlobalIndexes, type Backfill, settledTable } from "./global-index-work";
import type { MetadataHost } from "./host";
import { advanceImports } from "./import-job";
import { collectable, sweepIndexTombstones } from "./index-tombstones";
import { placedReplicas } from "./partition-map";
import { configOfMap } from "./replica-config";
import { advanceRestores } from "./restores";
import { advanceSplits } from "./splits";

/** How soon the alarm comes back while a backup is being taken or a restore loaded (each round is a step). */
export const BACKUP_STEP_MS = 10;

/** How soon the alarm comes back while regions of a global table are being added or removed. */
export const REPLICATING_MS = 200;

/** What the alarm keeps in memory between rounds (lost on restart: the next round then sweeps). */
export interface AlarmMemory {
  /** When this object last collected tombstones. */
  sweptAt: number;
  /** The backfills of global indexes being added, by index id (created by the first round that needs it). */
  backfills?: Map<string, Backfill>;
}

/** One round of the alarm. */
export async function runAlarm(host: MetadataHost, memory: AlarmMemory): Promise<void> {
  const { catalog } = host;
  const configOf = (mapId: string) => configOfMap(host, catalog.allTables(), mapId);
  await configureMissed(catalog, host.link, configOf);
  let creating = false;
  for (const table of catalog.tablesWithStatus("CREATING")) {
    if (!table.restore?.loading && !table.importing?.loading) creating = !(await activate(host, table)) || creating;
  }
  memory.backfills ??= new Map();
  const indexing = await advanceGlobalIndexes(host, memory.backfills);
  if (creating || indexing || catalog.allUnconfigured().length > 0) await host.alarmBy(host.clock.now() + RETRY_MS);
  const replicating = await advanceGlobalTables(host);
  if (await shipIndexUpdates(host)) await host.alarmBy(host.clock.now() + RETRY_MS);
  for (const table of catalog.tablesWithStatus("UPDATING")) {
    const settled = settledTable(table);
    if (settled !== table) catalog.putTable(settled);
  }
  if (replicating) host.alarmAt(host.clock.now() + REPLICATING_MS);
  for (const map of catalog.buried()) {
    // An unreachable replica keeps its data: its name belongs to this table alone, so it is
    // only storage, never served again.
    await Promise.allSettled(placedReplicas(map).map((r) => host.link.call(r, "drop", [])));
    catalog.forget(map.tableId);
  }
  await autoadmin(host, host.clock.now());
  if (await advanceSplits(host)) await host.alarmBy(host.clock.now() + RETRY_MS);
  if (await advanceBackups(host)) await host.alarmBy(host.clock.now() + BACKUP_STEP_MS);
  if (await advanceRestores(host)) await host.alarmBy(host.clock.now() + BACKUP_STEP_MS);
  const exportDue = await advanceExports(host);
  if (exportDue !== undefined) await host.alarmBy(exportDue);
  if (await advanceImports(host)) await host.alarmBy(host.clock.now() + BACKUP_STEP_MS);
  const expiry = await sweepExpiredBackups(host);
  if (expiry !== undefined) await host.alarmBy(expiry);
  await sweep(host, memory, host.clock.now());
}

/** Sets the alarm for the earliest due replacement (or `retryAt`), unless an earlier alarm is set. */
export async function scheduleAutoadmin(host: MetadataHost, retryAt?: number): Promise<void> {
  const due = autoadminDue(host.catalog.allDegraded(), replicationSettings(host.env).replaceAfterMs, retryAt);
  if (due !== undefined) await host.alarmBy(due);
}

/** Replaces the members reported degraded long enough ago (./autoadmin.ts). */
async function autoadmin(host: MetadataHost, now: number): Promise<void> {
  const after = replicationSettings(host.env).replaceAfterMs;
  const tables = host.catalog.allTables();
  const retryAt = await replaceDegraded(host.catalog, host.link, now, after, (mapId) =>
    configOfMap(host, tables, mapId),
  );
  await scheduleAutoadmin(host, retryAt);
}

/**
 * Collects the tombstones of the global tables this region sweeps (the first region of each by
 * name), and of this region's global secondary indexes (./index-tombstones.ts), once per
 * TOMBSTONE_SWEEP_MS, and brings the alarm back for the next round.
 */
async function sweep(host: MetadataHost, memory: AlarmMemory, now: number): Promise<void> {
  const every = replicationSettings(host.env).tombstoneSweepMs;
  const tables = host.catalog.allTables();
  const swept = tables.filter((t) => sweptBy(t, host.region));
  const indexed = tables.filter((t) => collectable(t).length > 0);
  if (swept.length === 0 && indexed.length === 0) return;
  if (now - memory.sweptAt >= every) {
    memory.sweptAt = now;
    const failed = (table: TableMeta) => (error: unknown) => console.error("tombstone collection", table.name, error);
    for (const table of swept) await sweepTombstones(host.link, host.region, table).catch(failed(table));
    for (const table of indexed) await sweepIndexTombstones(host, table).catch(failed(table));
  }
  await host.alarmBy(memory.sweptAt + every);
}

/**
 * Advances the regions being added or removed of the global tables this region is home to.
 * At exit: whether any is still in progress.
 */
async function advanceGlobalTables(host: MetadataHost): Promise<boolean> {
  let pending = false;
  const busy = (t: TableMeta) => t.replicas?.some((r) => r.status === "CREATING" || r.status === "DELETING");
  for (const table of host.catalog.allTables().filter(busy)) {
    try {
      const more = await advanceReplicas(host.link, host.region, table, {
        setReplicas: (name, replicas) => setReplicas(host, name, replicas),
        backfillTo: (name, region) => backfillTo(host, name, region),
      });
      pending ||= more;
    } catch (error) {
      console.error("global table work", table.name, error);
      pending = true;
    }
  }
  return pending;
}
