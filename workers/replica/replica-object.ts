/**
 * A replica of one partition of one table in one zone: the Durable Object that owns the
 * partition's SQLite (log, items, protocol state) and its RPC surface. The replicas of a
 * partition form its replication group (workers/replica/member.ts holds the protocol).
 *
 * Write path (leader): check the route, evaluate the condition against the latest state —
 * including records ordered but not yet committed — append the record, ship it to the
 * followers, and answer once 2 of 3 members have persisted it (it is applied lazily, before the
 * next write or read of the items). On a table with local secondary indexes the decision also
 * prices the write per index and keeps its item collection under the limit (item-collections.ts);
 * only there are the old and new items parsed when nothing else needs them.
 */
import { DurableObject } from "cloudflare:workers";
import type { Item } from "../../shared/api/attribute-value";
import { capacityUnits, pageReadUnits, writeUnits } from "../../shared/api/capacity";
import type { WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import { extractKey } from "../../shared/api/validate-values";
import { entryKey, type IndexShape, indexKeyAttributes } from "../../shared/indexes/entries";
import { itemCollectionLimit } from "../../shared/indexes/item-collections";
import { indexesWriteUnits } from "../../shared/indexes/write-units";
import { archiveOf } from "../archive/archive";
import { systemClock } from "../clock";
import type { Env } from "../env";
import { Link } from "../link/link";
import { isHlcTimestamp } from "../replication/hlc";
import { migrate } from "../storage/migrate";
import { type Operation, PartitionAdmission } from "./admission";
import { Archiver } from "./archiver";
import {
  BACKUP_LOST,
  type BackupHost,
  type BackupOutcome,
  type DumpCursor,
  dump,
  Frozen,
  finish,
  freeze,
  thaw,
} from "./backup";
import type { VoteReply, VoteRequest } from "./election";
import { entrySortBounds } from "./entry-keys";
import type { AppendReply, AppendRequest } from "./follower";
import { HoldStorage, Holds } from "./holds";
import { ItemCollections } from "./item-collections";
import type { Leadership } from "./leadership";
import { LocalIndexStorage } from "./local-index-storage";
import { localStart } from "./local-indexes";
import { itemEntry } from "./log-record";
import { Member } from "./member";
import {
  type CampaignResult,
  type GetRequest,
  type MemberStatus,
  type PageOptions,
  type PageResult,
  type PrepareRequest,
  type PrepareResult,
  type QueryRequest,
  type RemoteBatch,
  type RemoteChange,
  type ReplicaConfig,
  type ReplicaStats,
  type Reply,
  type ResolveRequest,
  type Route,
  type ScanRequest,
  type SplitRequest,
  type StreamReadRequest,
  type StreamReadResult,
  THROTTLED,
  type TombstoneReport,
  type TransactCheckRequest,
  type TransactReadRequest,
  type TransactReadResult,
  WRONG_PARTITION,
  type WriteRequest,
} from "./protocol";
import { readIndexPage, readPage, sortBounds } from "./reads";
import { getReplyText, refusalText, writeReplyText } from "./replies";
import { type LoadChange, load } from "./restore-load";
import type { ReplicaRpc } from "./rpc";
import { replicationSettings } from "./settings";
import type { SnapshotChunk } from "./snapshot";
import { SplitWatch } from "./split-watch";
import { REPLICA_MIGRATIONS, ReplicaStorage, type StoredKey } from "./storage";
import { storedKeyIn, storedKeyOf } from "./stored-key";
import { StreamRecords } from "./stream-records";
import { HELD_MESSAGE, TransactionParticipant, UNKNOWN_OUTCOME } from "./transactions";
import { TtlSweeper } from "./ttl-sweeper";
import { planWrite } from "./writes";

type Refusal = { ok: false; error: WireError };

const refused = (error: WireError): Refusal => ({ ok: false, error });

/** How long one call writes a backup's pages before it answers where it stands (autoadmin calls again). */
const BACKUP_DUMP_BUDGET_MS = 5_000;

/** A single write to an item a transaction holds. */
const HELD: WireError = { type: "TransactionConflictException", message: HELD_MESSAGE };

export class ReplicaObject extends DurableObject<Env> implements ReplicaRpc {
  private readonly store: ReplicaStorage;
  private readonly lsi: LocalIndexStorage;
  private readonly collections: ItemCollections;
  private readonly member: Member;
  private readonly transactions: TransactionParticipant;
  private readonly ttl: TtlSweeper;
  private readonly streams: StreamRecords;
  private readonly admission: PartitionAdmission;
  private readonly splitWatch: SplitWatch;
  private config: ReplicaConfig | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, REPLICA_MIGRATIONS);
    this.store = new ReplicaStorage(ctx.storage.sql);
    this.lsi = new LocalIndexStorage(ctx.storage.sql);
    this.collections = new ItemCollections(
      (h, pk) => this.lsi.collectionBytes(h, pk),
      itemCollectionLimit(env.ITEM_COLLECTION_LIMIT_BYTES),
    );
    this.config = this.store.getState<ReplicaConfig>("config") ?? undefined;
    const holds = new Holds(new HoldStorage(ctx.storage.sql));
    const settings = replicationSettings(env);
    this.streams = new StreamRecords(ctx.storage.sql, systemClock, settings.streamRetentionMs);
    this.admission = new PartitionAdmission(systemClock, {
      readUnits: settings.partitionReadUnits,
      writeUnits: settings.partitionWriteUnits,
    });
    const frozen = new Frozen(ctx.storage.sql, this.store);
    // Its host reads the member lazily: the member takes the archiver.
    const archiver = new Archiver({
      clock: systemClock,
      store: this.store,
      backup: this.backupHost(frozen),
      config: () => this.config,
      account: () => env.ACCOUNT_ID,
      archive: () => archiveOf(env),
      committed: () => this.member.commitIndex,
      records: (after, limit) => this.store.logAfter(after, limit),
      leader: () => this.member.readyLeader(),
      everyMs: settings.pitrArchiveMs,
      snapshotMs: settings.pitrSnapshotMs,
    });
    this.member = new Member(
      ctx,
      env,
      this.store,
      this.lsi,
      holds,
      this.streams,
      frozen,
      archiver,
      () => this.config,
      (config) => {
        this.config = config;
        this.store.setState("config", config);
      },
      systemClock,
      () => this.ttl.wanted,
    );
    this.splitWatch = new SplitWatch({
      clock: systemClock,
      sizeBytes: settings.splitSizeBytes,
      heat: settings.splitHeat,
      limits: this.admission.limits,
      config: () => this.config,
      stats: () => this.member.stats,
      sealed: () => this.member.sealed,
      medianHash: (low, high) => this.store.medianHash(low, high),
      recent: (seconds) => this.admission.recent(seconds),
      loadByHash: (operation) => this.admission.loadByHash(operation),
      ask: (report) => this.member.askSplit(report),
    });
    const member = this.member;
    this.ttl = new TtlSweeper({
      clock: systemClock,
      applier: member.applier,
      holds,
      region: member.region,
      sweepMs: settings.ttlSweepMs,
      config: () => this.config,
      itemsAfter: (after, limit) => this.store.itemsAfter(after, limit),
      leading: async () => (member.leading ? member.readyLeader() : undefined),
    });
    this.transactions = new TransactionParticipant({
      clock: systemClock,
      holds,
      applier: member.applier,
      region: member.region,
      collections: this.collections,
      config: () => this.config,
      check: (route, keys) => this.checkKeys(route, keys),
      readyLeader: () => member.readyLeader(),
      leaseForRead: () => member.leaseForRead(),
      notLeader: () => member.notLeader(),
      logAfter: (lsn, limit) => this.store.logAfter(lsn, limit),
      firstLsn: () => member.firstLsn,
      item: (key) => this.store.getItem(key),
      leading: () => member.leading,
      watch: () => member.leaderWatch.note(),
      outcome: (coordinator, tx) => new Link(env).coordinator(coordinator).outcome(tx),
      admits: (operation, h) => this.admission.admits(operation, h),
      charge: (operation, units, h) => this.admission.charge(operation, units, h),
    });
  }

  /**
   * The object's alarm: a member watching over records that wait on a leader (leader-watch.ts), a
   * leader resolving transactions whose holds grew old (transactions.ts) and deleting the items
   * whose Time to Live has passed (ttl-sweeper.ts).
   */
  override async alarm(): Promise<void> {
    await this.member.leaderWatch.alarm();
    await this.transactions.expireOld();
    await this.ttl.sweep();
  }

  /**
   * Sets what this replica serves. A config with an older map version is ignored. A split child's
   * is refused (thrown: autoadmin sends it again later) while this member, a learner of its
   * parent, has not applied the split record (split.ts): applying it gives this member the same
   * configuration, and its items their range; a member that got the child's state otherwise (a
   * snapshot from the child's leader) takes it once it holds the record's position.
   */
  configure(config: ReplicaConfig): void {
    if (this.config && this.config.tableId === config.tableId && this.config.mapVersion > config.mapVersion) return;
    const { parent } = config;
    if (parent && this.config?.partitionId === parent.id && this.member.applied < parent.lsn) {
      throw new Error("configuration deferred: the split record is not applied yet");
    }
    this.config = config;
    this.store.setState("config", config);
    this.member.reconfigured();
    // A configuration may bring periodic work (Time to Live): the alarm watches for it.
    this.member.leaderWatch.note();
  }

  /**
   * Stops serving table `tableId`: every later request for it is refused as "wrong partition".
   * Its data stays until `drop`.
   */
  retire(tableId: string): void {
    if (this.config?.tableId !== tableId) return;
    this.config = undefined;
    this.store.setState("config", null);
    this.member.stepDown();
  }

  /** Forgets the table: its items, log, configuration and protocol state. */
  drop(): void {
    this.member.stepDown();
    this.ctx.storage.transactionSync(() => this.store.deleteAll());
    this.config = undefined;
    this.member.reset();
  }

  getStats(): ReplicaStats {
    return this.member.stats;
  }

  /** The item under `request.key`, as replies.ts `parseGetReply` reads it. */
  get(request: GetRequest): string | Promise<string> {
    const checked = this.check(request.route, request.key);
    if (!checked.ok) return refusalText(checked.error);
    if (!this.admission.admits("read", checked.key.h)) return refusalText(this.throttled("read"));
    const { consistent } = request;
    if (consistent) return this.strongly(() => this.readItem(checked.key, true), refusalText);
    const refusal = this.member.eventualRefusal(request.seen);
    return refusal ? refusalText(refusal) : this.readItem(checked.key, false);
  }

  private readItem(key: StoredKey, consistent: boolean): string {
    this.member.applier.applyCommitted();
    const stored = this.store.getItem(key);
    this.admission.charge("read", capacityUnits(stored?.size ?? 0, "read", consistent), key.h);
    if (consistent) this.splitWatch.served();
    return getReplyText(stored?.size ?? 0, stored?.item);
  }

  /** Decides one write as the leader, as replies.ts `parseWriteReply` reads it. */
  async write(request: WriteRequest): Promise<string> {
    const checked = this.check(request.route, request.key);
    if (!checked.ok) return refusalText(checked.error);
    const leader = await this.member.readyLeader();
    if (!leader) return refusalText(this.member.notLeader());
    if (!this.admission.admits("write", checked.key.h)) return refusalText(this.throttled("write"));
    const pressing = this.config?.globalIndexes?.length ? this.member.feeder.pressing() : undefined;
    if (pressing) return refusalText(this.throttled("write", pressing));
    // Synchronous from here to the append: no other request interleaves with the decision.
    const { key, schema } = checked;
    if (this.member.holds.heldBy(key) !== undefined) return refusalText(HELD);
    const current = this.member.applier.latest(key);
    const indexes = this.config?.localIndexes;
    const indexed = indexes !== undefined && indexes.length > 0;
    const globals = this.config?.globalIndexes;
    const fed = globals !== undefined && globals.length > 0;
    const readsOld =
      indexed || fed || request.condition !== undefined || request.action.kind === "update" || request.returnOld;
    const old = current && readsOld ? (JSON.parse(current.item) as Item) : undefined;
    const plan = planWrite(old, request, schema, fed ? [...globals, ...(indexes ?? [])] : indexes);
    // A write costs by the larger of the item before and after, a refused one by the item it found.
    this.admission.charge("write", writeUnits(current?.size ?? 0, plan.ok ? plan.nextSize : 0), key.h);
    if (!plan.ok) return refusalText((await leader.settled(key)) ? plan.error : UNKNOWN_OUTCOME);
    // Nothing to append; like a refusal, the answer waits until the state it rests on is committed.
    if (plan.writesNothing) {
      const collectionBytes =
        indexed && request.returnCollectionSize ? this.collections.bytesNow(key, leader) : undefined;
      if (!(await leader.settled(key))) return refusalText(UNKNOWN_OUTCOME);
      return writeReplyText({ oldSize: 0, newSize: 0, collectionBytes });
    }
    const nextJson = plan.nextJson ?? (plan.next && JSON.stringify(plan.next));
    const next = nextJson === undefined ? undefined : { item: nextJson, size: plan.nextSize };
    const { applier, region } = this.member;
    const stats = applier.statsAfter(current?.size, next?.size);
    // The item before and after, parsed, for what the write does to the indexes.
    const before = old && { item: old, size: current!.size };
    const after =
      (indexed || fed) && next ? { item: plan.next ?? (JSON.parse(next.item) as Item), size: next.size } : undefined;
    const indexing = indexed
      ? this.collections.decide(
          {
            key,
            before,
            after,
            stats,
            indexes,
            table: schema,
            units: request.returnIndexUnits === true,
            size: request.returnCollectionSize === true,
          },
          leader,
        )
      : undefined;
    if (indexing && !indexing.ok) return refusalText((await leader.settled(key)) ? indexing.error : UNKNOWN_OUTCOME);
    // A table with global indexes records what keyed the replaced item: the feeder removes its entries.
    const g = fed ? indexKeyAttributes(old, globals) : undefined;
    const entry = itemEntry(key.h, request.key, next, stats, { v: region.nextVersion(), ...(g ? { g } : {}) });
    const globalUnits = fed && request.returnIndexUnits ? indexesWriteUnits(before, after, globals, schema) : undefined;
    const replicated = leader.replicate(entry, key);
    // `replicate` orders the record before it first waits: the key's pending state is that record.
    if (indexing) this.collections.ordered(key, applier.pendingAt(key)!.lsn, indexing.delta, leader);
    const at = await replicated;
    if (typeof at === "string") return refusalText(UNKNOWN_OUTCOME);
    this.splitWatch.served();
    return writeReplyText({
      oldSize: current?.size ?? 0,
      newSize: plan.nextSize,
      oldJson: request.returnOld ? current?.item : undefined,
      newJson: request.returnNew ? nextJson : undefined,
      at,
      indexUnits: indexing?.indexUnits,
      globalIndexUnits: globalUnits,
      collectionBytes: indexing?.collectionBytes,
    });
  }

  async query(request: QueryRequest): Promise<Reply<PageResult>> {
    const checked = this.check(request.route, { [this.config?.keySchema.hash.name ?? ""]: request.partitionKey });
    if (!checked.ok) return checked;
    const { schema, key } = checked;
    const index = this.localIndex(request);
    if (index === null) return refused({ type: WRONG_PARTITION, message: "stale route: no such index" });
    if (!this.admission.admits("read")) return refused(this.throttled("read"));
    const entries = this.config?.entries;
    const bounds = entries ? entrySortBounds(request.sort) : sortBounds(request.sort);
    const start = request.exclusiveStartKey;
    const read = (): Reply<PageResult> => {
      this.member.applier.applyCommitted();
      if (index) {
        const after = start && localStart(start, index, schema);
        const rows = this.lsi.query(index.name, key.h, key.pk, bounds, request.forward, after);
        return this.chargedPage(readIndexPage(rows, request, index, schema), request.consistent);
      }
      const after = start && storedKeyIn(this.config!, start).sk;
      const rows = this.store.queryItems(key.h, key.pk, bounds, request.forward, after);
      return this.chargedPage(readPage(rows, request, this.keyOfItem()), request.consistent);
    };
    if (request.consistent) return this.strongly(read, refused);
    const behind = this.member.eventualRefusal(request.seen);
    return behind ? refused(behind) : read();
  }

  async scan(request: ScanRequest): Promise<Reply<PageResult>> {
    const refusal = this.checkTable(request.route);
    if (refusal) return refusal;
    const config = this.config!;
    // A range beyond this partition means the router's map is stale: scanning only our part
    // would silently skip the rest.
    if (request.low < config.low || request.high > config.high) {
      return { ok: false, error: { type: WRONG_PARTITION, message: "range outside this partition" } };
    }
    const index = this.localIndex(request);
    if (index === null) return refused({ type: WRONG_PARTITION, message: "stale route: no such index" });
    if (!this.admission.admits("read")) return refused(this.throttled("read"));
    const schema = config.keySchema;
    const read = (): Reply<PageResult> => {
      this.member.applier.applyCommitted();
      const start = request.exclusiveStartKey;
      const inRange = (h: string) => h >= request.low && h <= request.high;
      if (index) {
        const from = start && localStart(start, index, schema);
        const rows = this.lsi.scan(index.name, request.low, request.high, from && inRange(from.h) ? from : undefined);
        return this.chargedPage(readIndexPage(rows, request, index, schema), request.consistent);
      }
      const from = start && storedKeyIn(config, start);
      const rows = this.store.scanItems(request.low, request.high, from && inRange(from.h) ? from : undefined);
      return this.chargedPage(readPage(rows, request, this.keyOfItem()), request.consistent);
    };
    if (request.consistent) return this.strongly(read, refused);
    const behind = this.member.eventualRefusal(request.seen);
    return behind ? refused(behind) : read();
  }

  /**
   * Under the lease, the records of a partition's shard of stream `request.label` after
   * `request.after`, every committed record applied first (stream-records.ts).
   */
  async streamRead(request: StreamReadRequest): Promise<Reply<StreamReadResult>> {
    const refusal = this.checkTable(request.route);
    if (refusal) return refusal;
    const read = (): Reply<StreamReadResult> => {
      this.member.applier.applyCommitted();
      const { streams } = this;
      streams.trimSoon();
      const { label, from = 0, upTo } = request;
      const after = Math.max(request.after, from);
      const records = request.limit > 0 ? streams.read(label, after, request.limit, request.bytes, upTo) : [];
      const range = streams.range(label, from, upTo);
      return {
        ok: true,
        records,
        horizon: Math.max(streams.horizon, from),
        applied: Math.min(this.member.applied, upTo ?? Number.POSITIVE_INFINITY),
        // A split parent's shard is closed: its records end at its split record.
        open: this.config?.stream === label && upTo === undefined,
        ...(range ? { range } : {}),
      };
    };
    return this.strongly(read, refused);
  }

  /** Another region's changes to this global table (workers/replication/ship-changes.ts). */
  async applyRemote(batch: RemoteBatch): Promise<Reply<{ applied: number }>> {
    const refusal = this.checkTable(batch.route);
    if (refusal) return refusal;
    const config = this.config!;
    // A global index's partition: its feeders' writes are its writes, within its limit.
    if (config.entries && !this.admission.admits("write")) return refused(this.throttled("write"));
    const keyed: { key: StoredKey; change: RemoteChange }[] = [];
    for (const change of batch.changes) {
      const key = storedKeyIn(config, change.key);
      if (key.h < config.low || key.h > config.high) {
        return refused({ type: WRONG_PARTITION, message: "key outside this partition" });
      }
      keyed.push({ key, change });
    }
    // Taken while sealing for a split too: a region splitting waits for its own deliveries, and
    // two regions splitting at once would each wait for the other.
    const leader = await this.member.readyLeader(true);
    if (!leader) return refused(this.member.notLeader());
    const outcome = await this.member.region.applyRemote(leader, keyed);
    if (typeof outcome !== "number") return refused(UNKNOWN_OUTCOME);
    if (config.entries) {
      const units = batch.changes.reduce((n, c) => n + capacityUnits(c.kind === "put" ? c.size : 0, "write"), 0);
      this.admission.charge("write", units);
    }
    // A global index's partition grows by these changes alone.
    this.splitWatch.served();
    return { ok: true, applied: outcome };
  }

  /** Copies every item to `region`, a replica region being added to this global table. */
  async backfill(region: string): Promise<Reply<{ delivered: number }>> {
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    try {
      return { ok: true, delivered: await this.member.region.backfill(leader, region) };
    } catch (error) {
      return refused({ type: "ServiceUnavailableException", message: String(error) });
    }
  }

  /**
   * Copies every item into global index `indexId` as this partition's leader, and answers once the
   * copy and the changes committed meanwhile are delivered (index-feeder.ts `backfill`).
   */
  async backfillIndex(route: Route, indexId: string): Promise<Reply<{ copied: number }>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    const { applier, feeder } = this.member;
    try {
      const copied = await feeder.backfill(indexId, {
        term: leader.term,
        get commitIndex() {
          return leader.commitIndex;
        },
        get active() {
          return leader.active;
        },
        quorum: (lsn) => leader.quorum(lsn),
        applied: () => {
          applier.applyCommitted();
          return this.member.status().applied;
        },
        orderNoop: () => applier.orderControl(leader.term, { kind: "noop" }),
      });
      return { ok: true, copied };
    } catch (error) {
      return refused({ type: "ServiceUnavailableException", message: String(error) });
    }
  }

  /** Under the lease, what a global table's tombstone collection needs from this partition. */
  async tombstoneReport(route: Route): Promise<Reply<TombstoneReport>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    return this.strongly(
      (): Reply<TombstoneReport> => ({ ok: true, ...this.member.region.tombstoneReport() }),
      refused,
    );
  }

  /**
   * Drops the tombstones below `below`, a clock every region of the global table has passed, on
   * every member; with `source`, a global index's from that base partition below lsn `below`.
   */
  async collectTombstones(route: Route, below: string, source?: string): Promise<Reply<object>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const hlc = source === undefined && isHlcTimestamp(below);
    if (!hlc && !(source !== undefined && /^[0-9a-f]{16}$/.test(below))) {
      return refused({ type: "ValidationException", message: "not a horizon" });
    }
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    const { region } = this.member;
    const outcome = await (hlc
      ? region.collectTombstones(leader, below)
      : region.collectSourceTombstones(leader, source as string, below));
    return outcome === "committed" ? { ok: true } : refused(UNKNOWN_OUTCOME);
  }

  // --- backups (backup.ts) ---------------------------------------------------------------------

  /** As the leader: freezes the partition for backup `backup`. At exit: the freeze's lsn and time. */
  backupFreeze(route: Route, backup: string): Promise<Reply<{ lsn: number; at: number }>> {
    return this.asBackupLeader(route, (host, leader) => freeze(host, leader, backup));
  }

  /**
   * As the leader: writes pages of backup `backup`'s frozen view after `cursor` to the archive
   * under `prefix`, for up to `budgetMs` (at least one page).
   */
  backupDump(
    route: Route,
    backup: string,
    prefix: string,
    cursor: DumpCursor,
    budgetMs = BACKUP_DUMP_BUDGET_MS,
  ): Promise<Reply<{ cursor: DumpCursor; done: boolean }>> {
    return this.asBackupLeader(route, (host) => dump(host, backup, prefix, cursor, budgetMs));
  }

  /** As the leader: writes backup `backup`'s records up to time `upTo` to the archive under `prefix`, then thaws. */
  backupFinish(route: Route, backup: string, upTo: number, prefix: string): Promise<Reply<{ records: number }>> {
    return this.asBackupLeader(route, (host, leader) => finish(host, leader, backup, upTo, prefix));
  }

  /** As the leader: thaws the partition if backup `backup` froze it (a backup abandoned). */
  backupThaw(route: Route, backup: string): Promise<Reply<object>> {
    return this.asBackupLeader(route, (host, leader) => thaw(host, leader, backup));
  }

  /** What backups and snapshots use of this replica (backup.ts); its member is read when called. */
  private backupHost(frozen: Frozen): BackupHost {
    const env = this.env;
    return {
      clock: systemClock,
      frozen,
      archive: () => archiveOf(env),
      applyCommitted: () => this.member.applier.applyCommitted(),
      order: (term, record) => this.member.applier.orderControl(term, record),
      stamp: () => this.member.applier.stamp(),
      logAfter: (lsn, limit) => this.store.logAfter(lsn, limit),
      last: () => this.member.lastLsn,
    };
  }

  /**
   * As the leader of a partition of a table with point-in-time recovery on: starts a snapshot
   * (archiver.ts). At exit: its freeze's lsn and time; the dump goes on.
   */
  async pitrStart(route: Route): Promise<Reply<{ lsn: number; at: number }>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    if (!this.config?.pitr) return refused({ type: WRONG_PARTITION, message: "point-in-time recovery is off here" });
    const started = await this.member.archiver.start();
    return started ? { ok: true, ...started } : refused(this.member.notLeader());
  }

  /** As the leader: archives every committed record now (archiver.ts). At exit: the last lsn archived. */
  async pitrFlush(route: Route): Promise<Reply<{ archived: number }>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    return { ok: true, archived: await this.member.archiver.flush() };
  }

  private async asBackupLeader<T>(
    route: Route,
    step: (host: BackupHost, leader: Leadership) => Promise<BackupOutcome<T>>,
  ): Promise<Reply<T>> {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    const outcome = await step(this.backupHost(this.member.frozen), leader);
    if (outcome.ok) return { ok: true, ...outcome.value };
    return refused(
      outcome.reason === BACKUP_LOST ? { type: BACKUP_LOST, message: "the backup's freeze is gone" } : UNKNOWN_OUTCOME,
    );
  }

  /**
   * As the leader of a restored table's partition: orders `changes` (restore-load.ts). At exit:
   * once committed, how many, and the last lsn ordered.
   */
  async restoreLoad(route: Route, changes: LoadChange[]): Promise<Reply<{ loaded: number; lsn: number }>> {
    const checked = this.checkKeys(
      route,
      changes.map((c) => c.key),
    );
    if (!checked.ok) return checked;
    const leader = await this.member.readyLeader();
    if (!leader) return refused(this.member.notLeader());
    const { applier, region } = this.member;
    const host = { applier, config: () => this.config, nextVersion: () => region.nextVersion() };
    const outcome = await load(host, leader, changes, checked.keys);
    return typeof outcome === "string" ? refused(UNKNOWN_OUTCOME) : { ok: true, ...outcome };
  }

  // --- transactions (transactions.ts) --------------------------------------------------------

  prepareTransaction(request: PrepareRequest): Promise<Reply<PrepareResult>> {
    return this.transactions.prepare(request);
  }

  resolveTransaction(request: ResolveRequest): Promise<Reply<object>> {
    return this.transactions.resolve(request);
  }

  transactRead(request: TransactReadRequest): Promise<Reply<TransactReadResult>> {
    return this.transactions.read(request);
  }

  transactCheck(request: TransactCheckRequest): Promise<Reply<{ changed: number[] }>> {
    return this.transactions.check(request);
  }

  // --- the replication protocol, between members ---------------------------------------------

  appendEntries(request: AppendRequest): AppendReply {
    return this.member.appendEntries(request);
  }

  requestVote(request: VoteRequest): VoteReply {
    return this.member.requestVote(request);
  }

  resign(term: number): { term: number } {
    return this.member.resign(term);
  }

  installSnapshot(chunk: SnapshotChunk): { term: number; ok: boolean } {
    return this.member.installSnapshot(chunk);
  }

  /** Asked by a router that cannot reach the leader: become leader, or name the live one. */
  campaign(): Promise<CampaignResult> {
    return this.member.campaign();
  }

  /** As the partition's leader: splits it as autoadmin asks (split.ts). */
  async split(request: SplitRequest): Promise<Reply<{ lsn: number }>> {
    const config = this.config;
    if (!config || config.tableId !== request.route.tableId || request.route.mapVersion !== config.mapVersion) {
      return refused({ type: WRONG_PARTITION, message: "stale route" });
    }
    return this.member.split(request);
  }

  /** Roles, terms and log positions, and the last minute's capacity, for the admin API. */
  status(): MemberStatus {
    return { ...this.member.status(), capacity: this.admission.report() };
  }

  /** A digest of the items, to compare members: for the admin API's convergence checks. */
  digest(): { count: number; digest: string; applied: number } {
    this.member.applier.applyCommitted();
    return { ...this.store.itemsDigest(), applied: this.member.status().applied };
  }

  /** Drops this object's memory (not its storage), as an eviction by the runtime would. */
  evict(): void {
    this.ctx.abort("evicted by the admin API");
  }

  // --- admission (admission.ts) ------------------------------------------------------------------

  /** The refusal of a request over the partition's limit: its reason, and a global index's id. */
  private throttled(operation: Operation, indexId = this.config?.entries ? this.config.tableId : undefined): WireError {
    const reason = `${indexId ? "Index" : "Table"}${operation === "read" ? "Read" : "Write"}KeyRangeThroughputExceeded`;
    return { type: THROTTLED, message: indexId ? `${reason}/${indexId}` : reason };
  }

  /** A Query or Scan page, charged what it read (its items' summed size, and the table items an LSI fetched). */
  private chargedPage(page: PageResult, consistent: boolean): Reply<PageResult> {
    this.admission.charge("read", pageReadUnits(page.bytesRead, page.fetchBlocks ?? 0, consistent));
    return { ok: true, ...page };
  }

  // --- checks ------------------------------------------------------------------------------------

  /** The key of an item as LastEvaluatedKey shows it: a table's key, or a global index entry's. */
  private keyOfItem(): (item: Item) => Item {
    const { keySchema, entries } = this.config!;
    if (entries) return (item) => entryKey(item, { key: entries.index }, entries.table);
    return (item) => extractKey(item, keySchema);
  }

  /** The local index a read names: undefined when it names none, null when this replica does not know it. */
  private localIndex(request: PageOptions): IndexShape | undefined | null {
    if (!request.index) return undefined;
    return this.config?.localIndexes?.find((i) => i.name === request.index?.name) ?? null;
  }

  /** Runs a strong read on the leader under a valid lease; otherwise `refuse`s with "not leader". */
  private async strongly<T>(read: () => T, refuse: (error: WireError) => T): Promise<T> {
    return (await this.member.leaseForRead()) ? read() : refuse(this.member.notLeader());
  }

  private checkTable(route: Route): Refusal | undefined {
    const config = this.config;
    if (!config || config.tableId !== route.tableId || route.mapVersion < config.mapVersion) {
      return { ok: false, error: { type: WRONG_PARTITION, message: "stale route" } };
    }
    if (this.member.sealed) return { ok: false, error: { type: WRONG_PARTITION, message: "partition split" } };
    return undefined;
  }

  /** The storage keys of `keys`, each in this partition's range, or the refusal of the route or of a key. */
  private checkKeys(route: Route, keys: Item[]): Refusal | { ok: true; keys: StoredKey[]; schema: KeySchema } {
    const refusal = this.checkTable(route);
    if (refusal) return refusal;
    const stored: StoredKey[] = [];
    for (const key of keys) {
      const checked = this.check(route, key);
      if (!checked.ok) return checked;
      stored.push(checked.key);
    }
    return { ok: true, keys: stored, schema: this.config!.keySchema };
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
