/**
 * A replica of one partition of one table in one zone: the Durable Object that owns the
 * partition's SQLite (log, items, state) and its RPC surface.
 *
 * Write path: check the route, evaluate the condition against the latest state, append the
 * record to the log, wait for the quorum, apply. Until replication lands a group has one
 * member, so the quorum is this replica's own durable append; the shape of the path is the
 * one replication extends.
 *
 * Every method runs its storage work synchronously, so the input gate makes each request
 * atomic with respect to the others.
 */
import { DurableObject } from "cloudflare:workers";
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import type { Env } from "../env";
import { migrate } from "../storage/migrate";
import { type LogEntry, LogWriter, statsAfter } from "./log";
import {
  type GetRequest,
  type PageResult,
  type QueryRequest,
  type ReplicaConfig,
  type ReplicaStats,
  type Reply,
  type Route,
  type ScanRequest,
  WRONG_PARTITION,
  type WriteRequest,
} from "./protocol";
import { readPage, sortBounds } from "./reads";
import { getReplyText, refusalText, writeReplyText } from "./replies";
import { REPLICA_MIGRATIONS, ReplicaStorage, type StoredKey } from "./storage";
import { storedKeyOf } from "./stored-key";
import { planWrite } from "./writes";

type Refusal = { ok: false; error: { type: string; message: string } };

export class ReplicaObject extends DurableObject<Env> {
  private readonly store: ReplicaStorage;
  private readonly log: LogWriter;
  private config: ReplicaConfig | undefined;
  private stats: ReplicaStats;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, REPLICA_MIGRATIONS);
    this.store = new ReplicaStorage(ctx.storage.sql);
    this.log = new LogWriter(this.store);
    this.config = this.store.getState<ReplicaConfig>("config") ?? undefined;
    this.stats = this.log.lastStats();
  }

  /** Sets what this replica serves. A config with an older map version is ignored. */
  configure(config: ReplicaConfig): void {
    if (this.config && this.config.tableId === config.tableId && this.config.mapVersion > config.mapVersion) return;
    this.config = config;
    this.store.setState("config", config);
  }

  /**
   * Stops serving table `tableId`: every later request for it is refused as "wrong partition".
   * Its data stays until `drop`.
   */
  retire(tableId: string): void {
    if (this.config?.tableId !== tableId) return;
    this.config = undefined;
    this.store.setState("config", null);
  }

  /** Forgets the table: its items, log and configuration. */
  drop(): void {
    this.ctx.storage.transactionSync(() => this.store.deleteAll());
    this.config = undefined;
    this.stats = { itemCount: 0, sizeBytes: 0 };
  }

  getStats(): ReplicaStats {
    return this.stats;
  }

  /** The item under `request.key`, as replies.ts `parseGetReply` reads it. */
  get(request: GetRequest): string {
    const checked = this.check(request.route, request.key);
    if (!checked.ok) return refusalText(checked.error);
    const stored = this.store.getItem(checked.key);
    return getReplyText(stored?.size ?? 0, stored?.item);
  }

  /** Decides and applies one write, as replies.ts `parseWriteReply` reads it. */
  write(request: WriteRequest): string {
    const checked = this.check(request.route, request.key);
    if (!checked.ok) return refusalText(checked.error);
    const current = this.store.getItem(checked.key);
    // Parsed only when read: by the condition, the update or the reply.
    const readsOld = request.condition !== undefined || request.action.kind === "update" || request.returnOld;
    const old = current && readsOld ? (JSON.parse(current.item) as Item) : undefined;
    const plan = planWrite(old, request, checked.schema);
    if (!plan.ok) return refusalText(plan.error);
    const nextJson = plan.nextJson ?? (plan.next && JSON.stringify(plan.next));
    const stats = statsAfter(this.stats, current?.size, nextJson === undefined ? undefined : plan.nextSize);
    const entry: LogEntry =
      nextJson === undefined
        ? { kind: "delete", h: checked.key.h, key: request.key, stats }
        : { kind: "put", h: checked.key.h, key: request.key, itemJson: nextJson, size: plan.nextSize, stats };
    this.ctx.storage.transactionSync(() => {
      const lsn = this.log.append(entry);
      // Quorum: with a single-member group the durable local append is the quorum.
      this.apply(lsn, entry, checked.key, current !== undefined);
    });
    return writeReplyText({
      oldSize: current?.size ?? 0,
      newSize: plan.nextSize,
      oldJson: request.returnOld ? current?.item : undefined,
      newJson: request.returnNew ? nextJson : undefined,
    });
  }

  query(request: QueryRequest): Reply<PageResult> {
    const checked = this.check(request.route, { [this.config?.keySchema.hash.name ?? ""]: request.partitionKey });
    if (!checked.ok) return checked;
    const { schema, key } = checked;
    const after = request.exclusiveStartKey ? storedKeyOf(request.exclusiveStartKey, schema).sk : undefined;
    const rows = this.store.queryItems(key.h, key.pk, sortBounds(request.sort), request.forward, after);
    return { ok: true, ...readPage(rows, request, schema) };
  }

  scan(request: ScanRequest): Reply<PageResult> {
    const refusal = this.checkTable(request.route);
    if (refusal) return refusal;
    const config = this.config!;
    // A range beyond this partition means the router's map is stale: scanning only our part
    // would silently skip the rest.
    if (request.low < config.low || request.high > config.high) {
      return { ok: false, error: { type: WRONG_PARTITION, message: "range outside this partition" } };
    }
    const start = request.exclusiveStartKey ? storedKeyOf(request.exclusiveStartKey, config.keySchema) : undefined;
    const after = start && start.h >= request.low && start.h <= request.high ? start : undefined;
    const rows = this.store.scanItems(request.low, request.high, after);
    return { ok: true, ...readPage(rows, request, config.keySchema) };
  }

  /**
   * Applies a logged entry to the items and takes on the stats it carries (`existed`: whether
   * the key held an item). Runs inside the log's transaction, so the stats change only if the
   * transaction commits.
   */
  private apply(lsn: number, entry: LogEntry, key: StoredKey, existed: boolean): void {
    if (entry.kind === "put") {
      this.store.putItem({ ...key, item: entry.itemJson, size: entry.size }, lsn);
    } else if (existed) {
      this.store.deleteItem(key);
    }
    this.log.applied(lsn);
    this.stats = entry.stats;
  }

  private checkTable(route: Route): Refusal | undefined {
    const config = this.config;
    if (!config || config.tableId !== route.tableId || route.mapVersion < config.mapVersion) {
      return { ok: false, error: { type: WRONG_PARTITION, message: "stale route" } };
    }
    return undefined;
  }

  private check(route: Route, key: Item): Refusal | { ok: true; key: StoredKey; schema: KeySchema } {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const config = this.config!;
    const stored = storedKeyOf(key, config.keySchema);
    if (stored.h < config.low || stored.h > config.high) {
      return { ok: false, error: { type: WRONG_PARTITION, message: "key outside this partition" } };
    }
    return { ok: true, key: stored, schema: config.keySchema };
  }
}
