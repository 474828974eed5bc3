/**
 * Global tables, replica side: a partition's member as a replica of a global table in its
 * region. It gives the leader's writes their versions (a hybrid logical clock), keeps the
 * shipping cursors (replicated to followers, so a new leader resumes them), runs the shipper
 * while this member leads, copies everything to a region being added (backfill), applies other
 * regions' changes by last writer wins, and reports and collects tombstones.
 *
 * Router and metadata sides: workers/replication/metadata-home.ts (the regions' metadata objects),
 * workers/replication/router-legacy.ts (the 2017.11.29 API in the router).
 */
import type { Item } from "../../shared/api/attribute-value";
import { extractKey } from "../../shared/api/validate-values";
import { indexKeyAttributes } from "../../shared/indexes/entries";
import type { Clock } from "../clock";
import type { Link } from "../link/link";
import type { Applier } from "../replica/applier";
import type { CommitOutcome } from "../replica/leader";
import type { ReplicaLog } from "../replica/log";
import { itemEntry, recordVersion } from "../replica/log-record";
import type { RemoteChange, ReplicaConfig, ShippingStatus, TombstoneReport } from "../replica/protocol";
import type { ReplicaStorage, StoredKey } from "../replica/storage";
import { keyOfStored } from "../replica/stored-key";
import { encodeHlc, HLC_ZERO, type HlcTimestamp, HybridClock } from "./hlc";
import { decideRemoteChange } from "./last-writer-wins";
import { Shipper } from "./ship-changes";
import { asRegionId, decodeVersion, encodeVersion } from "./version";

/** Rows read per page when copying a partition to a region. */
const COPY_PAGE = 256;

export interface RegionHost {
  readonly clock: Clock;
  readonly link: Link;
  readonly log: Pick<ReplicaLog, "applied" | "last" | "after">;
  readonly store: Pick<
    ReplicaStorage,
    "getState" | "setState" | "itemsAfter" | "tombstonesAfter" | "greatestVersion" | "oldestTombstone" | "versionOf"
  >;
  readonly applier: Pick<Applier, "applyCommitted" | "latest" | "pendingAt" | "statsAfter" | "order" | "orderControl">;
  config(): ReplicaConfig | undefined;
}

/** The member's leadership, as the region replica uses it (leadership.ts). */
export interface Leading {
  readonly term: number;
  readonly commitIndex: number;
  /** Whether it is still the member's, and running. */
  readonly active: boolean;
  /** Ships what was ordered and waits until `lsn` is committed. */
  quorum(lsn: number): Promise<CommitOutcome>;
}

export class RegionReplica {
  /** The leader's clock for the versions of a global table's writes. */
  private readonly hlc: HybridClock;
  /** Shipping cursors: region → the last lsn it acknowledged (persisted, and kept by followers). */
  private shipped: Record<string, number>;
  private shipper: Shipper | undefined;
  /** The collection horizons (see `applyRemote`), as stored: overall, and a global index's by source. */
  private horizons: { all?: string; from: Record<string, string> };

  constructor(private readonly host: RegionHost) {
    this.hlc = new HybridClock(() => host.clock.now());
    this.shipped = host.store.getState<Record<string, number>>("shipped") ?? {};
    this.horizons = {
      all: host.store.getState<string>("collected"),
      from: host.store.getState<Record<string, string>>("collectedFrom") ?? {},
    };
  }

  private regions(): string[] {
    return this.host.config()?.regions ?? [];
  }

  /** Whether the table is global: it has regions to ship to. */
  get global(): boolean {
    return this.regions().length > 0;
  }

  /** The version of a write this leader orders now, when its table is global. */
  nextVersion(): string | undefined {
    const config = this.host.config();
    if (!config?.region || !config.regions?.length) return undefined;
    return encodeVersion({ ts: this.hlc.tick(), region: asRegionId(config.region) });
  }

  /** The cursors the followers keep for the next leader, if the table is global. */
  cursors(): Record<string, number> | undefined {
    return this.global ? this.shipped : undefined;
  }

  /** The lowest lsn each region still needs from the log. */
  floors(): number[] {
    return this.regions().map((r) => (this.shipped[r] ?? 0) + 1);
  }

  status(): Record<string, ShippingStatus> | undefined {
    return this.global ? this.shipper?.status() : undefined;
  }

  /** Starts this member's leadership: the clock past every version held, the shipper running. */
  lead(leader: Leading): void {
    this.startCursors();
    this.catchUpClock();
    const shipper: Shipper = new Shipper({
      link: this.host.link,
      tableName: () => this.host.config()?.tableName,
      regions: () => this.regions(),
      committed: () => leader.commitIndex,
      records: (after, limit) => this.host.log.after(after, limit),
      cursor: (region) => this.shipped[region],
      setCursor: (region, lsn) => this.saveCursors({ ...this.shipped, [region]: lsn }),
      leading: () => leader.active,
      resync: async (region) => {
        this.host.applier.applyCommitted();
        const from = this.host.log.applied;
        await this.copyTo(shipper, region);
        return from;
      },
    });
    this.shipper = shipper;
  }

  /** Leadership ended. */
  stop(): void {
    this.shipper = undefined;
  }

  /** The storage was wiped: no cursors, no horizons. */
  forget(): void {
    this.shipped = {};
    this.horizons = { from: {} };
  }

  /** Ships what was committed. */
  kick(): void {
    this.shipper?.kick();
  }

  /** A region new to the table gets the changes committed from now on (the backfill copies the rest). */
  startCursors(): void {
    const fresh = this.regions().filter((r) => this.shipped[r] === undefined);
    if (fresh.length === 0) return;
    const cursors = { ...this.shipped };
    for (const region of fresh) cursors[region] = this.host.log.applied;
    this.saveCursors(cursors);
  }

  /** Keeps the leader's cursors (from its appends) where they are ahead, so that a new leader resumes where it stopped. */
  keep(shipped: Record<string, number> | undefined): void {
    if (!shipped) return;
    const ahead = Object.entries(shipped).filter(([region, lsn]) => (this.shipped[region] ?? -1) < lsn);
    if (ahead.length > 0) this.saveCursors({ ...this.shipped, ...Object.fromEntries(ahead) });
  }

  private saveCursors(cursors: Record<string, number>): void {
    this.shipped = cursors;
    this.host.store.setState("shipped", cursors);
  }

  /**
   * Copies every item and tombstone to `region`, a replica region being added: the changes
   * committed from the start on are shipped by the cursor. At exit: how many were delivered;
   * throws when the region cannot be reached.
   */
  async backfill(leader: Leading, region: string): Promise<number> {
    if (!this.shipper || !leader.active) throw new Error("backfill: not the leader of a global table");
    this.startCursors();
    return this.copyTo(this.shipper, region);
  }

  /**
   * Delivers every item and tombstone to `region` as changes with their versions (an item
   * written before its table became global gets the oldest version): read page by page while
   * writes go on, so whichever of a copy and a shipped change is newer wins there, and a delete
   * the region missed reaches it as its tombstone. At exit: how many were delivered.
   */
  private async copyTo(shipper: Shipper, region: string): Promise<number> {
    const own = this.host.config()?.region;
    const schema = this.host.config()?.keySchema;
    if (!own || !schema) throw new Error("copy: not a global table's replica");
    const { store } = this.host;
    const oldest = encodeVersion({ ts: HLC_ZERO, region: asRegionId(own) });
    const pages = async <R extends StoredKey>(
      read: (after: StoredKey | undefined) => R[],
      changeOf: (row: R) => RemoteChange,
    ): Promise<number> => {
      let delivered = 0;
      for (let rows = read(undefined); rows.length > 0; rows = read(rows[rows.length - 1])) {
        await shipper.deliver(
          region,
          rows.map((row) => ({ h: row.h, change: changeOf(row) })),
        );
        delivered += rows.length;
      }
      return delivered;
    };
    const items = await pages(
      (after) => store.itemsAfter(after, COPY_PAGE),
      (row): RemoteChange => ({
        kind: "put",
        key: extractKey(JSON.parse(row.item) as Item, schema),
        itemJson: row.item,
        size: row.size,
        version: row.version ?? oldest,
      }),
    );
    const deletes = await pages(
      (after) => store.tombstonesAfter(after, COPY_PAGE),
      (row): RemoteChange => ({ kind: "delete", key: keyOfStored(row, schema), version: row.version }),
    );
    return items + deletes;
  }

  /**
   * Moves a new leader's clock past every version its partition holds, so that its writes are
   * ordered after the earlier ones even if its machine's clock is behind: the latest version in
   * the log's tail, else (a log without one) the greatest an item or tombstone holds.
   */
  private catchUpClock(): void {
    if (!this.global) return;
    const { log, store } = this.host;
    const tail = log.after(Math.max(0, log.last - 256), 256);
    for (let i = tail.length - 1; i >= 0; i--) {
      const v = recordVersion(tail[i].record);
      if (v !== undefined) {
        this.hlc.receive(decodeVersion(v).ts);
        return;
      }
    }
    const greatest = store.greatestVersion();
    if (greatest !== undefined) this.hlc.receive(decodeVersion(greatest).ts);
  }

  /**
   * Applies another region's changes as the leader: each one that is newer than the key's
   * version (items and tombstones, ordered records first) is ordered with its version and
   * origin; the clock advances past every version it sees. At exit: how many were applied, once
   * committed (and once every ordered record that made one a skip is); an unknown outcome otherwise
   * (the sender ships them again).
   */
  async applyRemote(
    leader: Leading,
    changes: { key: StoredKey; change: RemoteChange }[],
  ): Promise<CommitOutcome | number> {
    const { applier } = this.host;
    // The last record ordered here, or ordered before and deciding a skip: the answer waits for it,
    // since a change skipped for a record not yet committed is not delivered until that record is.
    let last: number | undefined;
    let applied = 0;
    applier.applyCommitted();
    const { horizons } = this;
    for (const { key, change } of changes) {
      const version = decodeVersion(change.version);
      this.hlc.receive(version.ts);
      // Every change below the collection horizon (a global index's: its source's) was acknowledged
      // here before it was set: this one is delivered again, and whatever superseded it may have
      // left no tombstone behind.
      const horizon = horizons.from[version.region] ?? horizons.all;
      if (horizon !== undefined && version.ts < horizon) continue;
      // What the key holds: its ordered record's state, else the stored item's or tombstone's.
      const pending = applier.pendingAt(key);
      const held = pending
        ? { version: pending.version, tombstone: pending.item === undefined, size: pending.item?.size }
        : this.host.store.versionOf(key);
      const stored = held && {
        version: held.version ? decodeVersion(held.version) : undefined,
        tombstone: held.tombstone,
      };
      const incoming =
        change.kind === "put"
          ? { kind: "put" as const, version, item: change.itemJson }
          : { kind: "delete" as const, version };
      if (decideRemoteChange(stored, incoming).action === "skip") {
        if (pending) last = Math.max(last ?? 0, pending.lsn);
        continue;
      }
      const next = change.kind === "put" ? { item: change.itemJson, size: change.size } : undefined;
      const stats = applier.statsAfter(held?.size, next?.size);
      // A table with global indexes records what keyed the item it replaces (index-feeder.ts).
      const indexes = this.host.config()?.globalIndexes;
      const current = indexes?.length && !held?.tombstone ? applier.latest(key) : undefined;
      const g = current && indexKeyAttributes(JSON.parse(current.item) as Item, indexes!);
      const entry = itemEntry(key.h, change.key, next, stats, {
        v: change.version,
        o: version.region,
        ...(next && !held?.tombstone ? { nt: 1 as const } : {}),
        ...(g ? { g } : {}),
      });
      last = applier.order(leader.term, entry, key);
      applied++;
    }
    if (last === undefined) return 0;
    const outcome = await leader.quorum(last);
    return outcome === "committed" ? applied : outcome;
  }

  /** What tombstone collection needs from this leader (protocol.ts TombstoneReport). */
  tombstoneReport(): TombstoneReport {
    this.host.applier.applyCommitted();
    // A shipper that gave up on an unreachable region tries again: a later report shows its progress.
    this.shipper?.kick();
    return {
      below: this.shipper?.watermarks(encodeHlc(this.host.clock.now(), 0), this.host.log.last) ?? {},
      oldest: this.host.store.oldestTombstone(),
    };
  }

  /**
   * Drops the tombstones below `below`, an HLC timestamp every replica region has passed, on
   * every member (a log record); nothing is ordered when no tombstone is that old.
   */
  async collectTombstones(leader: Leading, below: HlcTimestamp): Promise<CommitOutcome> {
    this.host.applier.applyCommitted();
    const oldest = this.host.store.oldestTombstone();
    if (oldest === undefined || oldest >= below) return "committed";
    return leader.quorum(this.host.applier.orderControl(leader.term, { kind: "collect", below }));
  }

  /**
   * As a global secondary index's leader: drops the tombstones of changes from base partition
   * `source` below lsn `below` (16 hex digits), every one acknowledged to that source's feeder
   * (workers/metadata/index-tombstones.ts), and skips such changes from then on.
   */
  collectSourceTombstones(leader: Leading, source: string, below: string): Promise<CommitOutcome> {
    const done = this.horizons.from[source];
    if (done !== undefined && done >= below) return Promise.resolve("committed");
    return leader.quorum(this.host.applier.orderControl(leader.term, { kind: "collect", below, source }));
  }

  /** Remembers the highest collection horizon, overall or of `source` (see `applyRemote`). */
  collected(below: string, source?: string): void {
    const { store } = this.host;
    const { all, from } = this.horizons;
    if (source === undefined) {
      if (all !== undefined && all >= below) return;
      this.horizons = { all: below, from };
      store.setState("collected", below);
      return;
    }
    if (from[source] !== undefined && from[source] >= below) return;
    this.horizons = { all, from: { ...from, [source]: below } };
    store.setState("collectedFrom", this.horizons.from);
  }
}
