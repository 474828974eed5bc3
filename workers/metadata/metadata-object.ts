/**
 * A region's metadata object: the catalog of tables and their partition maps. Routers read
 * routes from it and cache them; the control-plane operations change it.
 *
 * Its alarm finishes what the control plane starts: it configures the replicas of CREATING
 * tables and marks them ACTIVE, and makes the replicas of deleted tables drop their data.
 */
import { DurableObject } from "cloudflare:workers";
import { LimitExceededException, ResourceInUseException, ResourceNotFoundException } from "../../shared/api/errors";
import { LIMITS } from "../../shared/api/limits";
import type { CreateTableInput } from "../../shared/api/operations/create-table";
import { describe, keySchemaOf, type TableDescription, type TableMeta, type TableStats } from "../../shared/api/table";
import type { Env } from "../env";
import { Link } from "../link/link";
import type { Reply } from "../replica/protocol";
import { migrate } from "../storage/migrate";
import { regionOf } from "../topology";
import { Catalog, METADATA_MIGRATIONS } from "./catalog";
import { initialPartitionMap, type PartitionMap } from "./partition-map";

export interface Route {
  table: TableMeta;
  map: PartitionMap;
}

const notFound = (name: string) =>
  new ResourceNotFoundException(`Requested resource not found: Table: ${name} not found`).toWire();

export class MetadataObject extends DurableObject<Env> {
  protected readonly catalog: Catalog;
  protected readonly link: Link;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, METADATA_MIGRATIONS);
    this.catalog = new Catalog(ctx.storage.sql);
    this.link = new Link(env);
  }

  /** The region this object serves: objects are named after their region. */
  protected get region(): string {
    return this.ctx.id.name ?? this.env.DEFAULT_REGION;
  }

  createTable(input: CreateTableInput, now: number): Reply<{ description: TableDescription }> {
    if (this.catalog.getTable(input.TableName)) {
      return { ok: false, error: new ResourceInUseException(`Table already exists: ${input.TableName}`).toWire() };
    }
    if (this.catalog.countTables() >= LIMITS.tablesPerRegion) {
      return {
        ok: false,
        error: new LimitExceededException(
          `Subscriber limit exceeded: Only ${LIMITS.tablesPerRegion} tables can be created`,
        ).toWire(),
      };
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
    const partitions = Number.parseInt(this.env.INITIAL_PARTITIONS, 10) || 4;
    this.ctx.storage.transactionSync(() => {
      this.catalog.putTable(table);
      this.catalog.putMap(initialPartitionMap(id, regionOf(this.env, this.region), partitions));
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

  async deleteTable(name: string): Promise<Reply<{ description: TableDescription }>> {
    const table = this.catalog.getTable(name);
    if (!table) return { ok: false, error: notFound(name) };
    if (table.deletionProtection) {
      return {
        ok: false,
        error: new ResourceInUseException(
          `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`,
        ).toWire(),
      };
    }
    const stats = await this.stats(table);
    this.ctx.storage.transactionSync(() => this.catalog.buryTable(table));
    this.wake();
    return { ok: true, description: describe({ ...table, status: "DELETING" }, stats) };
  }

  override async alarm(): Promise<void> {
    for (const table of this.catalog.tablesWithStatus("CREATING")) await this.activate(table);
    for (const table of this.catalog.tablesWithStatus("UPDATING"))
      this.catalog.putTable({ ...table, status: "ACTIVE" });
    for (const map of this.catalog.buried()) {
      await Promise.all(map.partitions.flatMap((p) => p.replicas.map((r) => this.link.replica(r).drop())));
      this.catalog.forget(map.tableId);
    }
  }

  /** Schedules the alarm to run now: it finishes pending control-plane work. */
  protected wake(): void {
    void this.ctx.storage.setAlarm(Date.now());
  }

  private async activate(table: TableMeta): Promise<void> {
    const map = this.catalog.getMap(table.id);
    if (!map) return;
    const keySchema = keySchemaOf(table);
    await Promise.all(
      map.partitions.flatMap((p) =>
        p.replicas.map((r) =>
          this.link.replica(r).configure({
            tableId: table.id,
            partitionId: p.id,
            low: p.low,
            high: p.high,
            mapVersion: map.version,
            keySchema,
          }),
        ),
      ),
    );
    // The table may have been deleted while its replicas were being configured.
    const current = this.catalog.getTable(table.name);
    if (current?.id === table.id && current.status === "CREATING")
      this.catalog.putTable({ ...current, status: "ACTIVE" });
  }

  /** Item count and size, summed over the partitions' leaders. */
  protected async stats(table: TableMeta): Promise<TableStats> {
    const map = this.catalog.getMap(table.id);
    if (!map || table.status === "CREATING") return { itemCount: 0, sizeBytes: 0 };
    const all = await Promise.all(map.partitions.map((p) => this.link.replica(p.replicas[0]).getStats()));
    return all.reduce(
      (sum, s) => ({ itemCount: sum.itemCount + s.itemCount, sizeBytes: sum.sizeBytes + s.sizeBytes }),
      {
        itemCount: 0,
        sizeBytes: 0,
      },
    );
  }
}
