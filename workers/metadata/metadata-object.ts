/**
 * A region's metadata object: the catalog of tables and their partition maps. Routers read
 * routes from it and cache them; the control-plane operations change it.
 *
 * Its alarm finishes what the control plane starts: it configures the replicas of CREATING
 * tables and marks them ACTIVE (./activation.ts), and makes the replicas of deleted tables drop
 * their data.
 */
import { DurableObject } from "cloudflare:workers";
import {
  DynamoError,
  LimitExceededException,
  ResourceInUseException,
  ResourceNotFoundException,
  ValidationException,
  type WireError,
} from "../../shared/api/errors";
import { groupOf, isLegacyGlobal } from "../../shared/api/global-table";
import { LIMITS } from "../../shared/api/limits";
import {
  arnNotFound,
  checkTagCount,
  checkThroughputQuotas,
  type ProvisionedThroughput,
  type Tag,
} from "../../shared/api/operations/common";
import type { CreateTableInput } from "../../shared/api/operations/create-table";
import { replicaAlreadyExists } from "../../shared/api/operations/replica-updates";
import type { UpdateTableInput } from "../../shared/api/operations/update-table";
import { planUpdateTable, type UpdatePlan } from "../../shared/api/operations/update-table-plan";
import {
  type DeletedTableDescription,
  describe,
  describeDeleted,
  keySchemaOf,
  LEGACY_GLOBAL_TABLE_VERSION,
  type ReplicaMeta,
  type TableDescription,
  type TableMeta,
  type TableStats,
} from "../../shared/api/table";
import { type Clock, type Random, systemClock, systemRandom } from "../clock";
import type { Env } from "../env";
import { Link } from "../link/link";
import { callLeader } from "../replica/group-client";
import type { ReplicaConfig, ReplicaRef, ReplicaStats, Reply, TombstoneReport } from "../replica/protocol";
import { replicationSettings } from "../replica/settings";
import { migrate } from "../storage/migrate";
import { regionOf, topologyOf } from "../topology";
import { configuredQuorum, configureMissed, configureReplicas, RETRY_MS } from "./activation";
import { autoadminDue, replaceDegraded } from "./autoadmin";
import { Catalog, type Degraded, METADATA_MIGRATIONS } from "./catalog";
import { advanceReplicas, mergeReports, shippingRegions, sweepTombstones, sweptBy } from "./global-tables";
import { initialPartitionMap, type Partition, type PartitionMap } from "./partition-map";
import type { MetadataRpc, Route } from "./protocol";

const notFound = (name: string) =>
  new ResourceNotFoundException(`Requested resource not found: Table: ${name} not found`).toWire();

const unavailable = (reason: unknown): WireError => ({
  type: "ServiceUnavailableException",
  message: reason instanceof Error ? reason.message : String(reason),
});

/** Runs a check that throws DynamoErrors; its failure as a typed RPC result, or undefined when it passed. */
function attempt(check: () => void): { ok: false; error: WireError } | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DynamoError) return { ok: false, error: error.toWire() };
    throw error;
  }
}

export class MetadataObject extends DurableObject<Env> implements MetadataRpc {
  protected readonly catalog: Catalog;
  /** The object's time and chance (workers/clock.ts): its alarms and its link's timeouts and retries run on them. */
  protected readonly clock: Clock = systemClock;
  protected readonly random: Random = systemRandom;
  protected readonly link: Link;
  /** When this object last collected tombstones (in memory: after a restart the next alarm does). */
  private sweptAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, METADATA_MIGRATIONS);
    this.catalog = new Catalog(ctx.storage.sql);
    this.link = new Link(env, undefined, { clock: this.clock, random: this.random });
  }

  /** The region this object serves: objects are named after their region. */
  protected get region(): string {
    return this.ctx.id.name ?? this.env.DEFAULT_REGION;
  }

  createTable(input: CreateTableInput, now: number): Reply<{ description: TableDescription }> {
    const existing = this.catalog.getTable(input.TableName);
    if (existing) {
      const message =
        existing.status === "CREATING"
          ? `Attempt to change a resource which is still in use: Table is being created: ${input.TableName}`
          : `Table already exists: ${input.TableName}`;
      return { ok: false, error: new ResourceInUseException(message).toWire() };
    }
    if (this.catalog.countTables() >= LIMITS.tablesPerRegion) {
      return {
        ok: false,
        error: new LimitExceededException(
          `Subscriber limit exceeded: Only ${LIMITS.tablesPerRegion} tables can be created`,
        ).toWire(),
      };
    }
    if (input.ProvisionedThroughput) {
      const quota = attempt(() => checkThroughputQuotas(input.ProvisionedThroughput!, this.region, this.reserved()));
      if (quota) return quota;
    }
    const id = crypto.randomUUID();
    const billingMode = input.BillingMode ?? "PROVISIONED";
    const table: TableMeta = {
      name: input.TableName,
      id,
      arn: `arn:aws:dynamodb:${this.region}:${this.env.ACCOUNT_ID}:table/${input.TableName}`,
      status: "CREATING",
      keySchema: input.KeySchema,
      attributeDefinitions: input.AttributeDefinitions,
      billingMode,
      readCapacityUnits: input.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
      writeCapacityUnits: input.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
      createdAt: now,
      decreasesToday: 0,
      payPerRequestSince: billingMode === "PAY_PER_REQUEST" ? now : undefined,
      deletionProtection: input.DeletionProtectionEnabled ?? false,
      tableClass: input.TableClass ?? "STANDARD",
    };
    const partitions = this.partitionCount();
    const replicas = this.replicaCount();
    this.ctx.storage.transactionSync(() => {
      this.catalog.putTable(table);
      this.catalog.putMap(initialPartitionMap(id, regionOf(this.env, this.region), partitions, replicas));
      for (const tag of input.Tags ?? []) this.catalog.putTag(id, tag.Key, tag.Value);
    });
    this.wake();
    return { ok: true, description: describe(table) };
  }

  async describeTable(name: string): Promise<Reply<{ description: TableDescription }>> {
    const table = this.catalog.getTable(name);
    if (!table) return { ok: false, error: notFound(name) };
    return { ok: true, description: describe(table, await this.stats(table)) };
  }

  /** The table and its partition map, for a router's cache. */
  route(name: string): Reply<Route> {
    const table = this.catalog.getTable(name);
    const map = table && this.catalog.getMap(table.id);
    if (!table || !map) return { ok: false, error: notFound(name) };
    return { ok: true, table, map };
  }

  listTables(limit: number, exclusiveStart?: string): { names: string[]; last?: string } {
    const names = this.catalog.tableNames(limit + 1, exclusiveStart);
    const more = names.length > limit;
    const page = names.slice(0, limit);
    return more ? { names: page, last: page[page.length - 1] } : { names: page };
  }

  async deleteTable(name: string): Promise<Reply<{ description: DeletedTableDescription }>> {
    const table = this.catalog.getTable(name);
    if (!table) return { ok: false, error: notFound(name) };
    const busy = {
      CREATING: `Table is being created: ${name}`,
      UPDATING: `Table: ${name} is in the process of being updated.`,
    };
    if (table.status === "CREATING" || table.status === "UPDATING") {
      const message = `Attempt to change a resource which is still in use: ${busy[table.status]}`;
      return { ok: false, error: new ResourceInUseException(message).toWire() };
    }
    if (table.deletionProtection) {
      return {
        ok: false,
        error: new ValidationException(
          "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        ).toWire(),
      };
    }
    const stats = await this.stats(table);
    await this.remove(table);
    // A global table's copy: the other regions drop this one and stop shipping to it.
    await Promise.allSettled(
      (table.replicas ?? []).map((r) => this.link.callMetadata(r.region, "forgetReplica", [name, this.region])),
    );
    return { ok: true, description: describeDeleted(table, stats) };
  }

  /** Region `region` deleted its copy of global table `name`: it is no longer one of its replicas. */
  async forgetReplica(name: string, region: string): Promise<void> {
    const table = this.catalog.getTable(name);
    const replicas = table?.replicas ?? [];
    if (!replicas.some((r) => r.region === region)) return;
    await this.setReplicas(
      name,
      replicas.filter((r) => r.region !== region),
    );
  }

  /**
   * Removes a table from the catalog. Routers may still cache the old route: the replicas are
   * fenced before this returns, so that no write is acknowledged by a table that is already gone
   * (a write needs a majority of its group, so fencing all but an unreachable one suffices). The
   * alarm drops the data later.
   */
  private async remove(table: TableMeta): Promise<void> {
    const map = this.catalog.getMap(table.id);
    this.ctx.storage.transactionSync(() => this.catalog.buryTable(table));
    await Promise.allSettled(
      (map?.partitions ?? []).flatMap((p) => p.replicas.map((r) => this.link.call(r, "retire", [table.id]))),
    );
    this.wake();
  }

  /**
   * Applies UpdateTable. The table goes UPDATING when its capacity, billing mode or class
   * changes; the alarm makes it ACTIVE again.
   */
  async updateTable(input: UpdateTableInput, now: number): Promise<Reply<{ description: TableDescription }>> {
    const before = this.catalog.getTable(input.TableName);
    if (!before) return { ok: false, error: notFound(input.TableName) };
    const stats = await this.stats(before);
    // Re-read: other requests may have run while the replicas were asked for their stats.
    const table = this.catalog.getTable(input.TableName);
    if (!table) return { ok: false, error: notFound(input.TableName) };
    let plan: UpdatePlan | undefined;
    const failed = attempt(() => {
      const reserved = this.reserved(table.name);
      const regions = [...topologyOf(this.env).keys()];
      plan = planUpdateTable(table, input, { now, region: this.region, reserved, stats, regions });
    });
    if (failed || !plan) return failed ?? { ok: false, error: notFound(input.TableName) };
    const update = plan.replicaUpdate;
    if (update?.action === "create") {
      // A table of that name in the new region, even one being deleted, is not ours to take over.
      const existing = await this.link.callMetadata(update.region, "route", [table.name]);
      if (existing.ok) return { ok: false, error: replicaAlreadyExists(table.name).toWire() };
      // Re-read: the table may have changed while the other region was asked.
      if (this.catalog.getTable(table.name)?.id !== table.id) return { ok: false, error: notFound(table.name) };
    }
    if (plan.table !== table) {
      this.catalog.putTable(plan.table);
      if (plan.table.status === "UPDATING") this.wake();
    }
    return { ok: true, description: plan.description };
  }

  /** TagResource: adds or overwrites tags of the table `arn` names. */
  tagResource(arn: string, tags: Tag[]): Reply<object> {
    const table = this.taggable(arn);
    if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
    const existing = this.catalog.getTags(table.id).map((t) => t.Key);
    const tooMany = attempt(() =>
      checkTagCount(
        existing,
        tags.map((t) => t.Key),
      ),
    );
    if (tooMany) return tooMany;
    this.ctx.storage.transactionSync(() => {
      for (const tag of tags) this.catalog.putTag(table.id, tag.Key, tag.Value);
    });
    return { ok: true };
  }

  /** UntagResource: removes the named tags; absent keys are ignored. */
  untagResource(arn: string, keys: string[]): Reply<object> {
    const table = this.taggable(arn);
    if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
    this.ctx.storage.transactionSync(() => {
      for (const key of keys) this.catalog.deleteTag(table.id, key);
    });
    return { ok: true };
  }

  /** ListTagsOfResource: every tag of the table, in key order. */
  listTagsOfResource(arn: string): Reply<{ tags: Tag[] }> {
    const table = this.taggable(arn);
    if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
    return { ok: true, tags: this.catalog.getTags(table.id) };
  }

  /** The table a tagging operation may act on: tags are out of reach until the table is ACTIVE. */
  private taggable(arn: string): TableMeta | undefined {
    const table = this.catalog.getTableByArn(arn);
    return table && table.status !== "CREATING" ? table : undefined;
  }

  /** Capacity provisioned by this region's tables, but for `except`: what the account quota counts. */
  protected reserved(except?: string): ProvisionedThroughput {
    let read = 0;
    let write = 0;
    for (const table of this.catalog.allTables()) {
      if (table.name === except || table.billingMode !== "PROVISIONED") continue;
      read += table.readCapacityUnits;
      write += table.writeCapacityUnits;
    }
    return { ReadCapacityUnits: read, WriteCapacityUnits: write };
  }

  /**
   * A leader put a log replica in place of an unreachable member: autoadmin replaces the member
   * if it is still out REPLACE_AFTER_MS after it was first reported.
   */
  reportDegraded(report: Degraded): void {
    this.catalog.putDegraded(report);
    void this.scheduleAutoadmin();
  }

  /** Sets the alarm for the earliest due replacement, unless an earlier alarm is set. */
  private async scheduleAutoadmin(retryAt?: number): Promise<void> {
    const due = autoadminDue(this.catalog.allDegraded(), replicationSettings(this.env).replaceAfterMs, retryAt);
    if (due !== undefined) await this.alarmBy(due);
  }

  /** Sets the alarm for `at`, unless an earlier alarm is set. */
  private async alarmBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * Collects the tombstones of the global tables this region sweeps (the first region of each by
   * name) once per TOMBSTONE_SWEEP_MS, and brings the alarm back for the next round.
   */
  private async sweep(now: number): Promise<void> {
    const every = replicationSettings(this.env).tombstoneSweepMs;
    const swept = this.catalog.allTables().filter((t) => sweptBy(t, this.region));
    if (swept.length === 0) return;
    if (now - this.sweptAt >= every) {
      this.sweptAt = now;
      for (const table of swept) {
        await sweepTombstones(this.link, this.region, table).catch((error) =>
          console.error("tombstone collection", table.name, error),
        );
      }
    }
    await this.alarmBy(this.sweptAt + every);
  }

  /** Replaces the members reported degraded long enough ago (./autoadmin.ts). */
  private async autoadmin(now: number): Promise<void> {
    const after = replicationSettings(this.env).replaceAfterMs;
    const retryAt = await replaceDegraded(this.catalog, this.link, now, after, (table, map, p) =>
      this.replicaConfig(map, p, table),
    );
    await this.scheduleAutoadmin(retryAt);
  }

  override async alarm(): Promise<void> {
    await configureMissed(this.catalog, this.link, (table, map, p) => this.replicaConfig(map, p, table));
    let creating = false;
    for (const table of this.catalog.tablesWithStatus("CREATING")) creating = !(await this.activate(table)) || creating;
    if (creating || this.catalog.allUnconfigured().length > 0) await this.alarmBy(this.clock.now() + RETRY_MS);
    const replicating = await this.globalWork();
    for (const table of this.catalog.tablesWithStatus("UPDATING")) {
      if (!table.replicas?.some((r) => r.status === "CREATING" || r.status === "DELETING")) {
        this.catalog.putTable({ ...table, status: "ACTIVE" });
      }
    }
    if (replicating) void this.ctx.storage.setAlarm(this.clock.now() + 200);
    for (const map of this.catalog.buried()) {
      // An unreachable replica keeps its data: its name belongs to this table alone, so it is
      // only storage, never served again.
      await Promise.allSettled(map.partitions.flatMap((p) => p.replicas.map((r) => this.link.call(r, "drop", []))));
      this.catalog.forget(map.tableId);
    }
    await this.autoadmin(this.clock.now());
    await this.sweep(this.clock.now());
  }

  private async memberStats(members: ReplicaRef[]): Promise<ReplicaStats> {
    const answers = await Promise.allSettled(members.map((m) => this.link.call(m, "status", [])));
    let best: { applied: number; stats: ReplicaStats } = { applied: -1, stats: { itemCount: 0, sizeBytes: 0 } };
    for (const answer of answers) {
      if (answer.status === "fulfilled" && answer.value.applied > best.applied) best = answer.value;
    }
    return best.stats;
  }

  /** Schedules the alarm to run now: it finishes pending control-plane work. */
  protected wake(): void {
    void this.ctx.storage.setAlarm(this.clock.now());
  }

  /** What the replicas of `partition` serve under `map`. */
  private replicaConfig(map: PartitionMap, partition: Partition, table: TableMeta): ReplicaConfig {
    const regions = shippingRegions(table);
    return {
      tableId: map.tableId,
      partitionId: partition.id,
      low: partition.low,
      high: partition.high,
      mapVersion: map.version,
      keySchema: keySchemaOf(table),
      members: partition.replicas,
      region: this.region,
      ...(regions.length > 0 ? { tableName: table.name, regions } : {}),
    };
  }

  // --- global tables (./global-tables.ts) ---------------------------------------------------------

  /** Creates this region's copy of a global table whose home region is adding this one. */
  createReplicaTable(source: TableMeta, replicas: ReplicaMeta[]): Reply<object> {
    if (this.catalog.getTable(source.name)) {
      return {
        ok: false,
        error: new ValidationException(`Table already exists in region ${this.region}: ${source.name}`).toWire(),
      };
    }
    const id = crypto.randomUUID();
    const table: TableMeta = {
      ...source,
      id,
      arn: `arn:aws:dynamodb:${this.region}:${this.env.ACCOUNT_ID}:table/${source.name}`,
      status: "CREATING",
      createdAt: this.clock.now(),
      replicas,
    };
    this.ctx.storage.transactionSync(() => {
      this.catalog.putTable(table);
      this.catalog.putMap(
        initialPartitionMap(id, regionOf(this.env, this.region), this.partitionCount(), this.replicaCount()),
      );
    });
    this.wake();
    return { ok: true };
  }

  /**
   * Sets the other regions of a global table and tells its replicas, which ship to them.
   * `legacy`: a version 2017.11.29 global table created at `createdAt` (epoch ms) from now on,
   * or `false` for no longer one; absent leaves that as it is.
   */
  async setReplicas(
    name: string,
    replicas: ReplicaMeta[],
    legacy?: { createdAt: number } | false,
  ): Promise<Reply<object>> {
    const table = this.catalog.getTable(name);
    const map = table && this.catalog.getMap(table.id);
    if (!table || !map) return { ok: false, error: notFound(name) };
    const next: TableMeta = { ...table, replicas };
    if (legacy) {
      next.globalTableVersion = LEGACY_GLOBAL_TABLE_VERSION;
      next.globalTableCreatedAt = legacy.createdAt;
    }
    if (legacy === false) {
      delete next.globalTableVersion;
      delete next.globalTableCreatedAt;
    }
    this.catalog.putTable(next);
    // Tombstone collection runs from the alarm (`sweep`).
    if (replicas.length > 0) await this.alarmBy(this.clock.now() + replicationSettings(this.env).tombstoneSweepMs);
    if (next.status !== "CREATING") {
      await Promise.allSettled(
        map.partitions.flatMap((p) =>
          p.replicas.map((r) => this.link.call(r, "configure", [this.replicaConfig(map, p, next)])),
        ),
      );
    }
    return { ok: true };
  }

  /** ListGlobalTables: this region's version 2017.11.29 global tables in name order, a page of them. */
  legacyGlobalTables(limit: number, exclusiveStart?: string, region?: string): { tables: TableMeta[]; last?: string } {
    const all = this.catalog
      .allTables()
      .filter(isLegacyGlobal)
      .filter((t) => exclusiveStart === undefined || t.name > exclusiveStart)
      .filter((t) => region === undefined || groupOf(t, this.region).includes(region));
    const tables = all.slice(0, limit);
    return all.length > limit ? { tables, last: tables[tables.length - 1].name } : { tables };
  }

  /** Copies every partition's items to `region`. At exit: whether every partition did. */
  async backfillTo(name: string, region: string): Promise<boolean> {
    const table = this.catalog.getTable(name);
    const map = table && this.catalog.getMap(table.id);
    if (!map) return false;
    const replies = await Promise.allSettled(
      map.partitions.map((p) => callLeader(this.link, p, "backfill", [region], true)),
    );
    return replies.every((r) => r.status === "fulfilled" && r.value.ok);
  }

  /** The reports of every partition leader of global table `name`, merged (./global-tables.ts `sweepTombstones`). */
  async tombstoneReport(name: string): Promise<Reply<TombstoneReport>> {
    const table = this.catalog.getTable(name);
    const map = table && this.catalog.getMap(table.id);
    if (!table || !map || table.status !== "ACTIVE") return { ok: false, error: notFound(name) };
    const route = { tableId: map.tableId, mapVersion: map.version };
    const replies = await Promise.allSettled(
      map.partitions.map((p) => callLeader(this.link, p, "tombstoneReport", [route], true)),
    );
    const reports: TombstoneReport[] = [];
    for (const reply of replies) {
      if (reply.status === "rejected") return { ok: false, error: unavailable(reply.reason) };
      if (!reply.value.ok) return reply.value;
      reports.push(reply.value);
    }
    return { ok: true, ...mergeReports(reports, shippingRegions(table)) };
  }

  /** Drops the tombstones of global table `name` below `below` in every partition. */
  async collectTombstones(name: string, below: string): Promise<void> {
    const table = this.catalog.getTable(name);
    const map = table && this.catalog.getMap(table.id);
    if (!map) return;
    const route = { tableId: map.tableId, mapVersion: map.version };
    await Promise.allSettled(
      map.partitions.map((p) => callLeader(this.link, p, "collectTombstones", [route, below], false)),
    );
  }

  /** Deletes this region's copy of a global table the home region removes this region from. */
  async dropReplicaTable(name: string): Promise<void> {
    const table = this.catalog.getTable(name);
    if (table) await this.remove(table);
  }

  /** Advances the replicas being added or removed of the tables this region is home to. */
  private async globalWork(): Promise<boolean> {
    let pending = false;
    const busy = (t: TableMeta) => t.replicas?.some((r) => r.status === "CREATING" || r.status === "DELETING");
    for (const table of this.catalog.allTables().filter(busy)) {
      try {
        const more = await advanceReplicas(this.link, this.region, table, {
          setReplicas: (name, replicas) => this.setReplicas(name, replicas),
          backfillTo: (name, region) => this.backfillTo(name, region),
        });
        pending ||= more;
      } catch (error) {
        console.error("global table work", table.name, error);
        pending = true;
      }
    }
    return pending;
  }

  private partitionCount(): number {
    return Number.parseInt(this.env.INITIAL_PARTITIONS, 10) || 4;
  }

  private replicaCount(): number {
    return this.env.REPLICATION_FACTOR === "1" ? 1 : 3;
  }

  /**
   * Configures a CREATING table's replicas and makes it ACTIVE once a majority of each group took
   * it (./activation.ts). At exit: false when it stays CREATING for now.
   */
  private async activate(table: TableMeta): Promise<boolean> {
    const map = this.catalog.getMap(table.id);
    if (!map) return true;
    const missed = await configureReplicas(this.link, map, (p) => this.replicaConfig(map, p, table));
    if (!configuredQuorum(map, missed)) return false;
    // The table may have been deleted while its replicas were being configured.
    const current = this.catalog.getTable(table.name);
    if (current?.id !== table.id || current.status !== "CREATING") return true;
    this.ctx.storage.transactionSync(() => {
      for (const members of missed.values()) for (const m of members) this.catalog.putUnconfigured(table.id, m.name);
      this.catalog.putTable({ ...current, status: "ACTIVE" });
    });
    return true;
  }

  /**
   * Item count and size, summed over the partitions, each as its most up-to-date reachable
   * member has applied it.
   */
  protected async stats(table: TableMeta): Promise<TableStats> {
    const map = this.catalog.getMap(table.id);
    if (!map || table.status === "CREATING") return { itemCount: 0, sizeBytes: 0 };
    const all = await Promise.all(map.partitions.map((p) => this.memberStats(p.replicas)));
    return all.reduce(
      (sum, s) => ({ itemCount: sum.itemCount + s.itemCount, sizeBytes: sum.sizeBytes + s.sizeBytes }),
      {
        itemCount: 0,
        sizeBytes: 0,
      },
    );
  }
}
