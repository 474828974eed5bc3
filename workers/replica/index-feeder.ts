import type { IndexShape } from "../../shared/indexes/entries";
import { sleep } from "../clock";
import type { Link, ReplicaCaller } from "../link/link";
import type { Route } from "../metadata/protocol";
import { DeliveryRefused, deliverChanges } from "./deliver-changes";
import { changeVersion, copiedEntry, indexChanges } from "./index-changes";
import type { CommitOutcome } from "./leader";
import type { WireRecord } from "./log";
import { type IndexingStatus, type RemoteChange, type ReplicaConfig, THROTTLED } from "./protocol";
import type { ReplicaStorage, StoredKey } from "./storage";

/**
 * A global index as the base partition feeds it: its shape and its own map's id; `backfill` when
 * it is fed only from the cursor its backfill sets.
 */
export type FedIndex = IndexShape & { id: string; backfill?: boolean };

export interface FeederHost {
  /** The leader's link: the feeder calls through it and waits out its retries on its clock. */
  readonly link: ReplicaCaller & Pick<Link, "callMetadata">;
  readonly store: Pick<ReplicaStorage, "getState" | "setState" | "itemsAfter">;
  config(): ReplicaConfig | undefined;
  /** The commit index: records up to it may be fed. */
  committed(): number;
  /** The last lsn in this member's log. */
  last(): number;
  /** Records this leader holds are not fed yet: something must make sure a leader feeds them (leader-watch.ts). */
  watch(): void;
  records(after: number, limit: number): WireRecord[];
  /** Whether this member still leads: a deposed leader stops feeding. */
  leading(): boolean;
}

/**
 * The member's leadership as a backfill uses it (replica-object.ts `backfillIndex` builds it from
 * the Leadership and the applier).
 */
export interface BackfillLeader {
  readonly term: number;
  readonly commitIndex: number;
  /** Whether it is still the member's, and running. */
  readonly active: boolean;
  /** Ships what was ordered and waits until `lsn` is committed. */
  quorum(lsn: number): Promise<CommitOutcome>;
  /** Applies what is committed. At exit: the applied lsn, the state the items now hold. */
  applied(): number;
  /** Orders a record that changes no item. At exit: its lsn. */
  orderNoop(): number;
}

/** Records read per batch. */
const BATCH = 256;
/** Items copied per page of a backfill. */
const COPY_PAGE = 256;
/** An index that has failed for this long is retried only after the next commit. */
const GIVE_UP_MS = 10_000;
/** How long a backfill waits for the feeder to pass the commit index once its copy is delivered. */
const CATCH_UP_MS = 30_000;
/** Lag samples kept per index, and commit marks kept to take them from. */
const SAMPLES = 100;
/** How long an index partition's throttling of a delivery holds the table's writes back while records wait. */
const PRESSURE_MS = 1000;
const COMMITS = 1024;

export class IndexFeeder {
  /** Index id → the last lsn it acknowledged (persisted, and kept by followers). */
  private fed: Record<string, number>;
  private readonly running = new Set<string>();
  /** [lsn, time]: when this leader saw the records up to lsn committed, oldest first (where a lag starts). */
  private readonly commits: [number, number][] = [];
  /** Index id → recent propagation lags, ms. */
  private readonly lags = new Map<string, number[]>();
  private route: Route | undefined;
  /** Index id → the backfill running on this leader: a second call waits for the same one. */
  private readonly backfills = new Map<string, Promise<number>>();
  /** Index id → the term whose leadership delivered this member's copy: later calls only wait for the feeder. */
  private readonly copied = new Map<string, number>();
  /** Index id → when a partition of the index last refused a delivery as over its limit. */
  private readonly throttledAt = new Map<string, number>();

  constructor(private readonly host: FeederHost) {
    this.fed = host.store.getState<Record<string, number>>("fed") ?? {};
  }

  private indexes(): FedIndex[] {
    return this.host.config()?.globalIndexes ?? [];
  }

  /** The indexes fed now: an index being backfilled waits for the cursor its backfill sets. */
  private feeding(): FedIndex[] {
    return this.indexes().filter((i) => !i.backfill || this.fed[i.id] !== undefined);
  }

  /** The cursors the followers keep for the next leader, if the table has global indexes. */
  cursors(): Record<string, number> | undefined {
    return this.indexes().length > 0 ? this.fed : undefined;
  }

  /** The lowest lsn each index still needs from the log. */
  floors(): number[] {
    return this.feeding().map((i) => (this.fed[i.id] ?? 0) + 1);
  }

  /** The storage was wiped: no cursors. */
  forget(): void {
    this.fed = {};
  }

  /**
   * The index whose partitions hold its feeding back (a partition over its limit refused a
   * delivery within PRESSURE_MS, and records wait for it), if any: the table's writes are
   * throttled until it catches up, as DynamoDB's back-pressure of an index does.
   */
  pressing(): string | undefined {
    if (this.throttledAt.size === 0) return undefined;
    const now = this.host.link.clock.now();
    for (const [id, at] of this.throttledAt) {
      if (now - at > PRESSURE_MS) this.throttledAt.delete(id);
      else if (this.host.committed() > (this.fed[id] ?? 0)) return id;
    }
    return undefined;
  }

  /** Whether an index fed now lacks a record this member's log holds. */
  behind(): boolean {
    const last = this.host.last();
    return this.feeding().some((i) => (this.fed[i.id] ?? 0) < last);
  }

  /** Keeps the leader's cursors (from its appends, or a peer's) where they are ahead. */
  keep(fed: Record<string, number> | undefined): void {
    if (!fed) return;
    const ahead = Object.entries(fed).filter(([id, lsn]) => (this.fed[id] ?? -1) < lsn);
    if (ahead.length > 0) this.save({ ...this.fed, ...Object.fromEntries(ahead) });
  }

  /** Starts feeding every index with committed records past its cursor; watches what stays unfed. */
  kick(): void {
    if (this.indexes().length === 0) return;
    this.noteCommit();
    for (const index of this.feeding()) {
      if (!this.running.has(index.id) && (this.fed[index.id] ?? 0) < this.host.committed()) void this.run(index.id);
    }
    if (this.behind()) this.host.watch();
  }

  /** Each index's cursor, backlog and recent lags, for the admin API. */
  status(): Record<string, IndexingStatus> {
    const out: Record<string, IndexingStatus> = {};
    for (const index of this.indexes()) {
      const cursor = this.fed[index.id] ?? 0;
      const lagsMs = [...(this.lags.get(index.id) ?? [])];
      out[index.name] = { cursor, pending: Math.max(0, this.host.committed() - cursor), lagsMs };
    }
    return out;
  }

  private noteCommit(): void {
    const lsn = this.host.committed();
    const last = this.commits[this.commits.length - 1];
    if (last && last[0] >= lsn) return;
    this.commits.push([lsn, this.host.link.clock.now()]);
    if (this.commits.length > COMMITS) this.commits.shift();
  }

  /** A lag sample for each commit mark in (from, to], records index `id` just acknowledged. */
  private sample(id: string, from: number, to: number): void {
    const now = this.host.link.clock.now();
    const lags = this.lags.get(id) ?? [];
    for (const [lsn, at] of this.commits) if (lsn > from && lsn <= to) lags.push(now - at);
    this.lags.set(id, lags.slice(-SAMPLES));
  }

  private save(fed: Record<string, number>): void {
    this.fed = fed;
    this.host.store.setState("fed", fed);
  }

  private async run(id: string): Promise<void> {
    const { link } = this.host;
    this.running.add(id);
    let failures = 0;
    let failingSince: number | undefined;
    try {
      for (;;) {
        const index = this.feeding().find((i) => i.id === id);
        const config = this.host.config();
        if (!index || !config || !this.host.leading()) return;
        const cursor = this.fed[id] ?? 0;
        const committed = this.host.committed();
        if (cursor >= committed) return;
        const records = this.host.records(cursor, Math.min(BATCH, committed - cursor));
        // The log no longer reaches back to the cursor: only a backfill could feed the index now.
        if (records.length === 0 || records[0].lsn !== cursor + 1) return;
        try {
          const changes = records.flatMap((r) => indexChanges(r, index, config.keySchema, config.partitionId));
          await this.deliver(index, changes);
          this.save({ ...this.fed, [id]: records[records.length - 1].lsn });
          this.sample(id, cursor, records[records.length - 1].lsn);
          failures = 0;
          failingSince = undefined;
        } catch (error) {
          const now = link.clock.now();
          if (error instanceof DeliveryRefused && error.type === THROTTLED) this.throttledAt.set(id, now);
          failingSince ??= now;
          if (now - failingSince > GIVE_UP_MS) return;
          this.route = undefined;
          await sleep(link.clock, Math.min(2000, 25 * 2 ** failures++));
        }
      }
    } finally {
      this.running.delete(id);
    }
  }

  /**
   * Copies every item of the partition into index `id` and waits until the feeder has delivered
   * every change committed by then, as the leader `leader`. The copy starts from the applied lsn
   * (see the module's header), and the followers learn the cursor before anything is copied (a
   * noop record carries it with its appends), so a later leader never feeds from past a change
   * it did not deliver. A second call while one runs waits for it; a call after this leadership
   * delivered its copy only waits for the feeder. At exit: how many entries were copied; throws
   * when the index is not configured here, leadership is lost or the index cannot be reached (the
   * caller calls again).
   */
  backfill(id: string, leader: BackfillLeader): Promise<number> {
    let run = this.backfills.get(id);
    if (!run) {
      run = this.runBackfill(id, leader).finally(() => this.backfills.delete(id));
      this.backfills.set(id, run);
    }
    return run;
  }

  private async runBackfill(id: string, leader: BackfillLeader): Promise<number> {
    const index = this.indexes().find((i) => i.id === id);
    const config = this.host.config();
    if (!index || !config) throw new Error(`backfill: index ${id} is not configured here`);
    let copied = 0;
    if (this.copied.get(id) !== leader.term) {
      const from = leader.applied();
      const cursor = Math.min(this.fed[id] ?? from, from);
      if (this.fed[id] !== cursor) this.save({ ...this.fed, [id]: cursor });
      if ((await leader.quorum(leader.orderNoop())) !== "committed") throw new Error("backfill: no quorum");
      this.kick();
      copied = await this.copy(index, config, changeVersion(from, config.partitionId), leader);
      this.copied.set(id, leader.term);
    }
    await this.caughtUp(id, leader.commitIndex, leader);
    return copied;
  }

  /** Delivers the entry of every item held, page by page, versioned `version`. At exit: how many. */
  private async copy(index: FedIndex, config: ReplicaConfig, version: string, leader: BackfillLeader) {
    let copied = 0;
    let after: StoredKey | undefined;
    for (;;) {
      if (!leader.active) throw new Error("backfill: no longer the leader");
      const rows = this.host.store.itemsAfter(after, COPY_PAGE);
      if (rows.length === 0) return copied;
      const changes = rows.flatMap((row) => copiedEntry(row, index, config.keySchema, version));
      await this.deliverPatiently(index, changes);
      copied += changes.length;
      after = rows[rows.length - 1];
    }
  }

  /** `deliver`, retried with backoff for up to GIVE_UP_MS; throws after that. */
  private async deliverPatiently(index: FedIndex, changes: { h: string; change: RemoteChange }[]): Promise<void> {
    const { clock } = this.host.link;
    const start = clock.now();
    for (let failures = 0; ; failures++) {
      try {
        return await this.deliver(index, changes);
      } catch (error) {
        if (clock.now() - start > GIVE_UP_MS) throw error;
        this.route = undefined;
        await sleep(clock, Math.min(2000, 25 * 2 ** failures));
      }
    }
  }

  /** Waits until index `id`'s cursor reaches `target`, kicking the feeder. Throws past CATCH_UP_MS. */
  private async caughtUp(id: string, target: number, leader: BackfillLeader): Promise<void> {
    const { clock } = this.host.link;
    const deadline = clock.now() + CATCH_UP_MS;
    while ((this.fed[id] ?? 0) < target) {
      if (!leader.active) throw new Error("backfill: no longer the leader");
      if (clock.now() > deadline) throw new Error("backfill: the feeder is behind");
      this.kick();
      await sleep(clock, 10);
    }
  }

  /** Delivers changes to the index's partitions, each to the partition its map names. Throws on failure. */
  private deliver(index: FedIndex, changes: { h: string; change: RemoteChange }[]): Promise<void> {
    const mapOf = async (fresh: boolean) => {
      if (fresh) this.route = undefined;
      const map = (await this.routeOf()).indexMaps?.[index.id];
      if (!map) throw new Error(`feeding: index ${index.name} has no map`);
      return map;
    };
    return deliverChanges(this.host.link, mapOf, changes, `feeding ${index.name}`);
  }

  private async routeOf(): Promise<Route> {
    if (this.route) return this.route;
    const config = this.host.config();
    if (!config?.tableName || !config.region) throw new Error("feeding: the replica has no table name");
    const reply = await this.host.link.callMetadata(config.region, "route", [config.tableName]);
    if (!reply.ok) throw new Error(`feeding: ${config.tableName} has no route`);
    this.route = { table: reply.table, map: reply.map, indexMaps: reply.indexMaps };
    return this.route;
  }
}
