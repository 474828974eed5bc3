/**
 * One member of a partition's replication group: its role (follower, candidate, leader), its
 * term and vote, its log, and the protocol messages between members — Raft with leader leases.
 *
 * - The leader orders writes in its log, ships them (leader.ts), and applies a record once a
 *   majority holds it. Its conditions read the latest state: committed items overlaid with the
 *   records it has ordered but not yet committed (`pending`).
 * - Followers copy the leader's log, apply what it reports committed, and serve eventually
 *   consistent reads. Each ack promises the leader a lease: for `leaseMs` the follower's vote
 *   reports the promise, and a new leader waits it out before it serves anything.
 * - Elections are started by the request path, never by a timer: a router that cannot reach the
 *   leader asks another member to `campaign`. A pre-vote first checks a majority would vote, so a
 *   cut-off member never inflates terms.
 * - Snapshots bring a member back when the leader's log no longer reaches back to it.
 *
 * Storage is written synchronously inside each event, so a message is handled atomically; the
 * output gate holds every reply until what it reports is durable.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { WireError } from "../../shared/api/errors";
import { extractKey as keyOfItem } from "../../shared/api/validate-values";
import type { Clock } from "../clock";
import type { Env } from "../env";
import type { Endpoint } from "../link/faults";
import { Link } from "../link/link";
import { encodeHlc, HLC_ZERO, type HlcTimestamp, HybridClock } from "../replication/hlc";
import { decideRemoteChange, type StoredState } from "../replication/last-writer-wins";
import { Shipper } from "../replication/ship-changes";
import { asRegionId, decodeVersion, encodeVersion } from "../replication/version";
import { decideVote, type VoteReply, type VoteRequest } from "./election";
import { type AppendReply, type AppendRequest, planAppend } from "./follower";
import { type CommitOutcome, Leader, type LeaderHost } from "./leader";
import { type LogBase, ReplicaLog, statsAfter } from "./log";
import { decodeRecord, type ItemEntry, type LogRecord, recordKind, recordStats, recordVersion } from "./log-record";
import { Configurations, isLogReplica, nextChange } from "./membership";
import {
  type CampaignResult,
  type LogPosition,
  type MemberStatus,
  NOT_LEADER,
  type RemoteChange,
  type ReplicaConfig,
  type ReplicaRef,
  type ReplicaStats,
  type Role,
  type TombstoneReport,
} from "./protocol";
import { majority } from "./quorum";
import { replicationSettings } from "./settings";
import { type SnapshotChunk, shipSnapshot } from "./snapshot";
import type { ItemText, ReplicaStorage, StoredKey } from "./storage";
import { keyOfStored, storedKeyOf } from "./stored-key";

/** How long a leader leaves committed records unapplied when no write or read applies them first. */
const APPLY_AFTER_MS = 5;

/** The storage key as a map key: the hash and the bytes of both key encodings. */
function keyString(key: StoredKey): string {
  return `${key.h}${String.fromCharCode(...key.pk)}\u0000${String.fromCharCode(...key.sk)}`;
}

export class Member {
  private term: number;
  private votedFor: string | null;
  private role: Role = "follower";
  private leaderName: string | undefined;
  /** Until when (epoch ms) this member promised the leader it follows not to help depose it. */
  private promisedUntil = 0;
  /**
   * A bound on every promise made (epoch ms), stored so that a restarted member knows when the
   * promises it may have made run out; never below `promisedUntil`. Raised a lease ahead of the
   * promises, so it is written about once per lease while a leader keeps the member busy.
   */
  private promiseBound: number;
  private leader: Leader | undefined;
  /** Whether the leader has committed its term's first record and waited out the old lease. */
  private ready = false;
  private log: ReplicaLog;
  /** When (epoch ms) the leader may serve: the previous leader's lease is over by then. */
  private servingAt = 0;
  private appliedStats: ReplicaStats;
  /** The stats after the last record the leader appended. */
  private tailStats: ReplicaStats;
  /** Records the leader ordered and has not applied, by key: the latest state for conditions. */
  private readonly pending = new Map<string, { lsn: number; item: ItemText | undefined; version?: string }>();
  /** The leader's clock for the versions of a global table's writes. */
  private readonly clock: HybridClock;
  /** A global table's shipping cursors: region → the last lsn it acknowledged (persisted, and kept by followers). */
  private shipped: Record<string, number>;
  private shipper: Shipper | undefined;
  /** The leader's own records not yet applied, so applying needs no parse. */
  private readonly unapplied = new Map<number, { entry: ItemEntry; key: StoredKey }>();
  private installing: boolean;
  private campaigning: Promise<CampaignResult> | undefined;
  /** Lowest lsn a snapshot in progress replays from: the log keeps it. */
  private snapshotFloor: number | undefined;
  private readonly settings: ReturnType<typeof replicationSettings>;
  private linkCache: Link | undefined;
  /** The voters by the `members` records in the log (membership.ts). */
  private configs: Configurations;
  /** The lsn of the leader's membership change not yet committed. */
  private changing: number | undefined;
  /** A log replica to drop once the record that removed it (at `lsn`) is committed. */
  private retiring: { lsn: number; ref: ReplicaRef } | undefined;
  /** Log replicas the leader is bringing up to date before they vote. */
  private readonly joining = new Map<string, ReplicaRef>();
  private applyTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The highest lsn this member learnt is committed other than by leading: from its leader's
   * appends, or from a write a router saw acknowledged (`reaches`). Applied lazily, like the
   * leader's commits.
   */
  private knownCommit = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: ReplicaStorage,
    private readonly config: () => ReplicaConfig | undefined,
    private readonly time: Clock,
  ) {
    this.clock = new HybridClock(() => time.now());
    this.settings = replicationSettings(env);
    this.log = new ReplicaLog(store);
    this.term = store.getState<number>("term") ?? 0;
    this.votedFor = store.getState<string | null>("votedFor") ?? null;
    this.installing = store.getState<boolean>("installing") ?? false;
    this.configs = new Configurations(store);
    this.shipped = store.getState<Record<string, number>>("shipped") ?? {};
    this.appliedStats = this.log.appliedStats();
    this.tailStats = this.appliedStats;
    // A member that may have acked a leader before it restarted keeps the promise it may have
    // made, so a leader it votes for waits out the old lease: until the stored bound, or (state
    // written before bounds were stored) a whole lease from now.
    const bound = store.getState<number>("promised");
    const unbounded = bound === undefined && this.term > 0 && this.peers().length > 0;
    this.promisedUntil = unbounded ? this.time.now() + this.settings.leaseMs : (bound ?? 0);
    this.promiseBound = this.promisedUntil;
  }

  get name(): string {
    return this.ctx.id.name ?? "";
  }

  get stats(): ReplicaStats {
    return this.appliedStats;
  }

  /** The group as the partition map names it; a config without members (a single replica) is a group of one. */
  private home(): ReplicaRef[] {
    return this.config()?.members ?? [{ name: this.name, zone: "", locationHint: "" }];
  }

  /** Who votes now: the latest `members` record in the log, else the home members. */
  private voters(): ReplicaRef[] {
    return this.configs.current(this.home());
  }

  /** The other voters. */
  private peers(): ReplicaRef[] {
    return this.voters().filter((m) => m.name !== this.name);
  }

  /** Members the leader ships the log to without their votes: home members not voting, and joining log replicas. */
  private learners(): ReplicaRef[] {
    const voting = new Set(this.voters().map((v) => v.name));
    return [...this.home().filter((m) => !voting.has(m.name)), ...this.joining.values()];
  }

  private get logOnly(): boolean {
    return this.config()?.logOnly === true;
  }

  private get link(): Link {
    if (!this.linkCache) {
      const self = [...this.home(), ...this.voters()].find((m) => m.name === this.name) ?? this.config()?.self;
      const from: Endpoint = { name: this.name, zone: self?.zone ?? "" };
      this.linkCache = new Link(this.env, from);
    }
    return this.linkCache;
  }

  /** Forgets everything in memory after the storage was wiped. */
  reset(): void {
    this.term = 0;
    this.votedFor = null;
    this.leaderName = undefined;
    this.installing = false;
    this.linkCache = undefined;
    this.log = new ReplicaLog(this.store);
    this.configs = new Configurations(this.store);
    this.joining.clear();
    this.retiring = undefined;
    this.changing = undefined;
    this.appliedStats = this.log.appliedStats();
    this.tailStats = this.appliedStats;
    this.knownCommit = 0;
  }

  // --- serving -----------------------------------------------------------------------------------

  notLeader(): WireError {
    const hint = this.leaderName !== this.name ? this.leaderName : undefined;
    return { type: NOT_LEADER, message: hint ?? "" };
  }

  /**
   * Why this member cannot serve an eventually consistent read, if it cannot: it is being
   * rebuilt, holds no items, or does not reach `seen`, the latest write of the group the
   * router saw acknowledged.
   */
  eventualRefusal(seen: LogPosition | undefined): WireError | undefined {
    if (this.installing || this.logOnly) return this.notLeader();
    return seen && !this.reaches(seen) ? this.notLeader() : undefined;
  }

  /**
   * Whether this member's log holds `seen`, an acknowledged and so committed record: then every
   * record up to it is committed (Raft's log matching), and reads apply them first.
   */
  private reaches(seen: LogPosition): boolean {
    if (seen.lsn <= this.log.applied) return true;
    if (this.log.termAt(seen.lsn) !== seen.term) return false;
    this.knownCommit = Math.max(this.knownCommit, seen.lsn);
    return true;
  }

  /** The leader, once it may serve: its term's first record committed and the old lease over. */
  async readyLeader(): Promise<Leader | undefined> {
    // A group of one needs no router to notice it has no leader.
    if (!this.leader && this.peers().length === 0) await this.campaign();
    const leader = this.leader;
    if (!leader) return undefined;
    if (this.ready) return leader;
    const outcome = await leader.waitCommit(leader.termStart, this.settings.writeTimeoutMs);
    const wait = this.servingAt - this.time.now();
    if (outcome === "committed" && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (outcome !== "committed" || this.leader !== leader || !leader.isActive) return undefined;
    this.ready = true;
    return leader;
  }

  /** Whether a strong read may be served now: leader, ready, lease valid (renewed if it lapsed). */
  async leaseForRead(): Promise<boolean> {
    const leader = await this.readyLeader();
    if (!leader) return false;
    if (leader.holdsLease()) return true;
    return (await leader.confirmLease(this.settings.peerTimeoutMs)) && this.leader === leader;
  }

  /** The latest state of a key as the leader sees it: ordered records first, then the items. */
  latest(key: StoredKey): ItemText | undefined {
    // Committed records not yet applied may be a former leader's, which `pending` does not hold.
    // Applied here, they share the transaction of the record the decision appends.
    this.applyCommitted();
    if (this.pending.size > 0) {
      const pending = this.pending.get(keyString(key));
      if (pending) return pending.item;
    }
    return this.store.getItem(key);
  }

  /**
   * Waits until the state `latest(key)` showed is committed: a refusal decided on a record not
   * yet committed must not reach the client before that record is (its reader would see a state
   * that strong reads do not show yet, or that a new leader discards). At exit: whether it was.
   */
  async settled(leader: Leader, key: StoredKey): Promise<boolean> {
    const pending = this.pending.size > 0 ? this.pending.get(keyString(key)) : undefined;
    if (!pending) return true;
    return (await leader.waitCommit(pending.lsn, this.settings.writeTimeoutMs)) === "committed";
  }

  /** The stats after one more write on top of everything ordered. */
  statsAfter(oldSize: number | undefined, newSize: number | undefined): ReplicaStats {
    return statsAfter(this.tailStats, oldSize, newSize);
  }

  /** The version of a write this leader orders now, when its table is global (a region to ship to). */
  nextVersion(): string | undefined {
    const config = this.config();
    if (!config?.region || !config.regions?.length) return undefined;
    return encodeVersion({ ts: this.clock.tick(), region: asRegionId(config.region) });
  }

  /** Orders `entry` (the leader's decision for `key`): appended and the latest state of `key`. */
  private order(entry: ItemEntry, key: StoredKey): number {
    const lsn = this.log.append(this.term, entry);
    this.tailStats = entry.stats;
    const item = entry.kind === "put" ? { item: entry.itemJson, size: entry.size } : undefined;
    this.pending.set(keyString(key), { lsn, item, version: entry.v });
    this.unapplied.set(lsn, { entry, key });
    return lsn;
  }

  /**
   * Orders `entry` (the leader's decision for `key`) and waits for its quorum. At exit: the
   * record's position once committed (persisted on a majority), or an outcome the client
   * cannot rely on.
   */
  async replicate(
    leader: Leader,
    entry: ItemEntry,
    key: StoredKey,
  ): Promise<LogPosition | Exclude<CommitOutcome, "committed">> {
    const at = { term: this.term, lsn: this.order(entry, key) };
    const outcome = await this.quorum(leader, at.lsn);
    return outcome === "committed" ? at : outcome;
  }

  /** Ships what was ordered and waits until `lsn` is committed. */
  private async quorum(leader: Leader, lsn: number): Promise<CommitOutcome> {
    leader.replicate();
    const outcome = await leader.waitCommit(lsn, this.settings.writeTimeoutMs);
    // No quorum within the timeout and no lease: this leader has lost its group.
    if (outcome === "timeout" && this.leader === leader && !leader.holdsLease()) this.stepDown();
    return outcome;
  }

  // --- applying ----------------------------------------------------------------------------------

  /**
   * Applies what is committed and not yet applied. Members apply lazily: a commit only
   * schedules it (`applySoon`), so that it costs no durable transaction of its own. The leader's
   * next write and a follower's next append apply it in their own transaction, and every read of
   * the items calls this first.
   */
  applyCommitted(): void {
    const commit = Math.min(Math.max(this.leader?.commitIndex ?? 0, this.knownCommit), this.log.last);
    if (commit > this.log.applied) this.applyTo(commit);
  }

  private applySoon(): void {
    if (this.applyTimer !== undefined) return;
    this.applyTimer = setTimeout(() => {
      this.applyTimer = undefined;
      this.applyCommitted();
    }, APPLY_AFTER_MS);
  }

  /**
   * Applies the committed records up to `lsn`, in order, in one transaction: the leader's own
   * records from memory, any other (a follower's, or an earlier leader's) from the log.
   */
  private applyTo(lsn: number): void {
    const from = this.log.applied;
    if (lsn <= from) return;
    let own = true;
    for (let at = from + 1; at <= lsn && own; at++) own = this.unapplied.has(at);
    let stats = this.appliedStats;
    this.ctx.storage.transactionSync(() => {
      if (this.logOnly) {
        const [last] = this.log.after(lsn - 1, 1);
        if (last) stats = recordStats(last.record);
      } else if (own) {
        for (let at = from + 1; at <= lsn; at++) {
          const { entry, key } = this.unapplied.get(at)!;
          this.applyEntry(entry, key, at);
          stats = entry.stats;
        }
      } else {
        for (const { lsn: at, record } of this.log.records(from, lsn)) {
          this.applyRecord(record, at);
          stats = record.stats;
        }
      }
      this.log.markApplied(lsn, this.neededLsn());
    });
    this.appliedStats = stats;
    for (let at = from + 1; at <= lsn; at++) {
      const applied = this.unapplied.get(at);
      if (!applied) continue;
      this.unapplied.delete(at);
      const k = keyString(applied.key);
      if (this.pending.get(k)?.lsn === at) this.pending.delete(k);
    }
  }

  /** The lowest lsn the log must keep: for followers, a snapshot in progress and regions not yet shipped to. */
  private neededLsn(): number | undefined {
    let needed = this.leader?.neededLsn();
    const floors = [this.snapshotFloor, ...(this.config()?.regions ?? []).map((r) => (this.shipped[r] ?? 0) + 1)];
    for (const floor of floors) if (floor !== undefined) needed = Math.min(needed ?? floor, floor);
    return needed;
  }

  private applyEntry(entry: ItemEntry, key: StoredKey, lsn: number): void {
    if (entry.kind === "put") this.putItem(key, entry.itemJson, entry.size, entry.v, lsn);
    else this.deleteItem(key, entry.v);
  }

  private applyRecord(record: LogRecord, lsn: number): void {
    if (record.kind === "noop" || record.kind === "members") return;
    if (record.kind === "collect") {
      this.store.deleteTombstonesBelow(record.below);
      this.setCollected(record.below);
      return;
    }
    const schema = this.config()?.keySchema;
    if (!schema) throw new Error("replica: applying a record without a configuration");
    const key = storedKeyOf(record.key, schema);
    if (record.kind === "put") this.putItem(key, JSON.stringify(record.item), record.size, record.v, lsn);
    else this.deleteItem(key, record.v);
  }

  /** A versioned write (a global table's) replaces the key's tombstone; a versioned delete leaves one. */
  private putItem(key: StoredKey, item: string, size: number, version: string | undefined, lsn: number): void {
    this.store.putItem({ ...key, item, size, version }, lsn);
    if (version !== undefined) this.store.deleteTombstone(key);
  }

  private deleteItem(key: StoredKey, version: string | undefined): void {
    this.store.deleteItem(key);
    if (version !== undefined) this.store.putTombstone(key, version);
  }

  // --- changes from other regions ----------------------------------------------------------------

  private startShipper(leader: Leader): Shipper {
    const shipper: Shipper = new Shipper({
      link: this.link,
      tableName: () => this.config()?.tableName,
      regions: () => this.config()?.regions ?? [],
      committed: () => leader.commitIndex,
      records: (after, limit) => this.log.after(after, limit),
      cursor: (region) => this.shipped[region],
      setCursor: (region, lsn) => {
        this.shipped = { ...this.shipped, [region]: lsn };
        this.store.setState("shipped", this.shipped);
      },
      leading: () => this.leader === leader && leader.isActive,
      now: () => this.time.now(),
      resync: async (region) => {
        this.applyCommitted();
        const from = this.log.applied;
        await this.copyTo(shipper, region);
        return from;
      },
    });
    return shipper;
  }

  /**
   * Copies every item and tombstone to `region`, a replica region being added: the changes
   * committed from the start on are shipped by the cursor. At exit: how many were delivered;
   * throws when the region cannot be reached.
   */
  async backfill(leader: Leader, region: string): Promise<number> {
    if (!this.shipper || this.leader !== leader) throw new Error("backfill: not the leader of a global table");
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
    const own = this.config()?.region;
    const schema = this.config()?.keySchema;
    if (!own || !schema) throw new Error("copy: not a global table's replica");
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
      (after) => this.store.itemsAfter(after, 256),
      (row): RemoteChange => ({
        kind: "put",
        key: keyOfItem(JSON.parse(row.item) as Item, schema),
        itemJson: row.item,
        size: row.size,
        version: row.version ?? oldest,
      }),
    );
    const deletes = await pages(
      (after) => this.store.tombstonesAfter(after, 256),
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
    if (!this.config()?.regions?.length) return;
    const tail = this.log.after(Math.max(0, this.log.last - 256), 256);
    for (let i = tail.length - 1; i >= 0; i--) {
      const v = recordVersion(tail[i].record);
      if (v !== undefined) {
        this.clock.receive(decodeVersion(v).ts);
        return;
      }
    }
    const greatest = this.store.greatestVersion();
    if (greatest !== undefined) this.clock.receive(decodeVersion(greatest).ts);
  }

  /**
   * A region new to the table gets the changes committed from now on (what came before is the
   * backfill's to copy).
   */
  private startCursors(): void {
    const fresh = (this.config()?.regions ?? []).filter((r) => this.shipped[r] === undefined);
    if (fresh.length === 0) return;
    for (const region of fresh) this.shipped = { ...this.shipped, [region]: this.log.applied };
    this.store.setState("shipped", this.shipped);
  }

  /** Keeps the leader's shipping cursors, so that a new leader resumes where it stopped. */
  private keepShipped(shipped: Record<string, number> | undefined): void {
    if (!shipped) return;
    let changed = false;
    for (const [region, lsn] of Object.entries(shipped)) changed ||= (this.shipped[region] ?? -1) < lsn;
    if (!changed) return;
    this.shipped = { ...this.shipped, ...shipped };
    this.store.setState("shipped", this.shipped);
  }

  /**
   * Applies another region's changes to a global table as the leader: each one that is newer
   * than the key's version (items and tombstones, ordered records first) is ordered with its
   * version and origin; the clock advances past every version it sees. At exit: how many were
   * applied, once committed; an unknown outcome otherwise (the sender ships them again).
   */
  async applyRemote(
    leader: Leader,
    changes: { key: StoredKey; change: RemoteChange }[],
  ): Promise<CommitOutcome | number> {
    let last: number | undefined;
    let applied = 0;
    this.applyCommitted();
    const collected = this.store.getState<string>("collected");
    for (const { key, change } of changes) {
      const version = decodeVersion(change.version);
      this.clock.receive(version.ts);
      // Every change below the collection horizon was acknowledged here before it was set: this
      // one is delivered again, and whatever superseded it may have left no tombstone behind.
      if (collected !== undefined && version.ts < collected) continue;
      const pending = this.pending.size > 0 ? this.pending.get(keyString(key)) : undefined;
      const stored = pending
        ? {
            version: pending.version ? decodeVersion(pending.version) : undefined,
            tombstone: pending.item === undefined,
          }
        : this.storedVersion(key);
      const incoming =
        change.kind === "put"
          ? { kind: "put" as const, version, item: change.itemJson }
          : { kind: "delete" as const, version };
      if (decideRemoteChange(stored, incoming).action === "skip") continue;
      const current = this.latest(key);
      const common = { h: key.h, key: change.key, v: change.version, o: version.region };
      const entry: ItemEntry =
        change.kind === "put"
          ? {
              kind: "put",
              ...common,
              itemJson: change.itemJson,
              size: change.size,
              stats: this.statsAfter(current?.size, change.size),
            }
          : { kind: "delete", ...common, stats: this.statsAfter(current?.size, undefined) };
      last = this.order(entry, key);
      applied++;
    }
    if (last === undefined) return 0;
    const outcome = await this.quorum(leader, last);
    return outcome === "committed" ? applied : outcome;
  }

  /** What tombstone collection needs from this leader of a global table (protocol.ts TombstoneReport). */
  tombstoneReport(): TombstoneReport {
    this.applyCommitted();
    // A shipper that gave up on an unreachable region tries again: a later report shows its progress.
    this.shipper?.kick();
    return {
      below: this.shipper?.watermarks(encodeHlc(this.time.now(), 0), this.log.last) ?? {},
      oldest: this.store.oldestTombstone(),
    };
  }

  /**
   * Drops the tombstones below `below`, an HLC timestamp every replica region has passed, on
   * every member (a log record); nothing is ordered when no tombstone is that old.
   */
  async collectTombstones(leader: Leader, below: HlcTimestamp): Promise<CommitOutcome> {
    this.applyCommitted();
    const oldest = this.store.oldestTombstone();
    if (oldest === undefined || oldest >= below) return "committed";
    return this.quorum(leader, this.log.append(this.term, { kind: "collect", below, stats: this.tailStats }));
  }

  /** Remembers the highest collection horizon (see `applyRemote`). */
  private setCollected(below: string): void {
    const collected = this.store.getState<string>("collected");
    if (collected === undefined || collected < below) this.store.setState("collected", below);
  }

  private storedVersion(key: StoredKey): StoredState | undefined {
    const stored = this.store.versionOf(key);
    if (!stored) return undefined;
    return { version: stored.version ? decodeVersion(stored.version) : undefined, tombstone: stored.tombstone };
  }

  // --- following ---------------------------------------------------------------------------------

  /** Adopts `term` (if newer) and follows `leader` (undefined: unknown), ending any leadership. */
  private follow(term: number, leader: string | undefined): void {
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
      this.store.setState("term", term);
      this.store.setState("votedFor", null);
      this.store.setState("promised", this.promiseBound);
    }
    if (this.role !== "follower") this.stepDown();
    this.leaderName = leader;
  }

  /** Ends this member's leadership or candidacy; writes waiting on it learn their outcome is unknown. */
  stepDown(): void {
    this.leader?.stop();
    this.leader = undefined;
    this.shipper = undefined;
    this.ready = false;
    this.role = "follower";
    if (this.leaderName === this.name) this.leaderName = undefined;
    this.pending.clear();
    this.unapplied.clear();
    this.tailStats = this.appliedStats;
  }

  /**
   * Promises the leader just heard from a lease. The bound is stored in the same event, so the
   * output gate holds the ack that carries the promise until the bound is durable.
   */
  private promise(): void {
    const { leaseMs } = this.settings;
    this.promisedUntil = this.time.now() + leaseMs;
    if (this.promisedUntil <= this.promiseBound) return;
    this.promiseBound = this.promisedUntil + leaseMs;
    this.store.setState("promised", this.promiseBound);
  }

  appendEntries(request: AppendRequest): AppendReply {
    if (request.term < this.term) return { term: this.term, ok: false, lsn: this.log.last };
    this.follow(request.term, request.leader);
    this.promise();
    if (this.installing) return { term: this.term, ok: false, lsn: 0, needsSnapshot: true };
    const plan = planAppend(this.log, request);
    if (!plan.ok) return { term: this.term, ok: false, lsn: plan.resumeAfter };
    this.ctx.storage.transactionSync(() => {
      if (plan.truncateFrom !== undefined) {
        this.log.truncateFrom(plan.truncateFrom);
        this.configs.dropFrom(plan.truncateFrom);
      }
      for (const record of plan.append) {
        this.log.appendWire(record);
        if (recordKind(record.record) === "members") {
          const members = decodeRecord(record.record) as Extract<LogRecord, { kind: "members" }>;
          this.configs.add(record.lsn, members.voters, this.log.applied);
        }
      }
    });
    this.knownCommit = Math.max(this.knownCommit, plan.commit);
    // Records appended: applied in the same transaction. A commit notice alone waits for the next.
    if (plan.append.length > 0) this.applyCommitted();
    else this.applySoon();
    this.keepShipped(request.shipped);
    return { term: this.term, ok: true, lsn: plan.matched };
  }

  installSnapshot(chunk: SnapshotChunk): { term: number; ok: boolean } {
    if (chunk.term < this.term) return { term: this.term, ok: false };
    this.follow(chunk.term, chunk.leader);
    this.promise();
    if (!chunk.first && !this.installing) return { term: this.term, ok: false };
    this.ctx.storage.transactionSync(() => {
      if (chunk.first) {
        this.store.deleteItems();
        this.installing = true;
        this.store.setState("installing", true);
      }
      if (!this.logOnly) {
        for (const row of chunk.rows) this.store.putItem(row, 0);
        for (const tombstone of chunk.tombstones ?? []) this.store.putTombstone(tombstone, tombstone.version);
      }
      if (chunk.collected !== undefined) this.setCollected(chunk.collected);
      if (chunk.done) {
        this.log.resetTo(chunk.done);
        this.configs.resetTo(chunk.done.lsn, chunk.done.voters);
        this.installing = false;
        this.store.setState("installing", false);
      }
    });
    if (chunk.done) {
      this.knownCommit = chunk.done.lsn;
      this.appliedStats = chunk.done.stats;
      this.tailStats = this.appliedStats;
    }
    return { term: this.term, ok: true };
  }

  // --- elections ---------------------------------------------------------------------------------

  requestVote(request: VoteRequest): VoteReply {
    const decision = decideVote(
      {
        term: this.term,
        votedFor: this.votedFor,
        lastLsn: this.log.last,
        lastTerm: this.log.lastTerm,
        promisedUntil: this.promisedUntil,
      },
      request,
      this.time.now(),
    );
    // A member rebuilding from a snapshot has lost records it may have acknowledged: no vote.
    if (this.installing) decision.reply.granted = false;
    if (request.preVote) return decision.reply;
    if (decision.term > this.term) this.follow(decision.term, undefined);
    if (decision.reply.granted && decision.votedFor !== this.votedFor) {
      this.votedFor = decision.votedFor;
      this.store.setState("votedFor", this.votedFor);
    }
    return decision.reply;
  }

  /** Becomes leader if a majority votes for it; one campaign at a time. */
  campaign(): Promise<CampaignResult> {
    if (this.role === "leader") return Promise.resolve({ term: this.term, leader: this.name });
    this.campaigning ??= this.runCampaign().finally(() => {
      this.campaigning = undefined;
    });
    return this.campaigning;
  }

  private async runCampaign(): Promise<CampaignResult> {
    const voter = this.voters().some((v) => v.name === this.name);
    if (!this.config() || this.installing || this.logOnly || !voter)
      return { term: this.term, leader: this.leaderName };
    const ballot = (term: number, preVote: boolean): VoteRequest => ({
      term,
      candidate: this.name,
      lastLsn: this.log.last,
      lastTerm: this.log.lastTerm,
      preVote,
    });
    const pre = await this.poll(ballot(this.term + 1, true));
    if (pre.term > this.term) this.follow(pre.term, undefined);
    if (pre.granted < majority(this.voters().length) || this.role === "leader") {
      return { term: this.term, leader: this.leaderName };
    }
    const term = this.term + 1;
    this.follow(term, undefined);
    this.role = "candidate";
    this.votedFor = this.name;
    this.store.setState("votedFor", this.name);
    const ownLeaseMs = Math.max(0, this.promisedUntil - this.time.now());
    const vote = await this.poll(ballot(term, false));
    if (this.term !== term || this.role !== "candidate") return { term: this.term, leader: this.leaderName };
    if (vote.term > term || vote.granted < majority(this.voters().length)) {
      this.follow(Math.max(vote.term, term), undefined);
      return { term: this.term };
    }
    this.becomeLeader(Math.max(ownLeaseMs, vote.leaseMs));
    return { term: this.term, leader: this.name };
  }

  /**
   * Asks every peer for its vote; settles once a majority (this member's own vote included)
   * granted, or every peer answered or timed out.
   */
  private poll(request: VoteRequest): Promise<{ granted: number; term: number; leaseMs: number }> {
    const peers = this.peers();
    const need = majority(peers.length + 1);
    const tally = { granted: 1, term: 0, leaseMs: 0 };
    if (tally.granted >= need) return Promise.resolve(tally);
    return new Promise((resolve) => {
      let settled = 0;
      for (const peer of peers) {
        this.link
          .call(peer, (stub) => stub.requestVote(request), this.settings.peerTimeoutMs)
          .then((reply) => {
            tally.term = Math.max(tally.term, reply.term);
            if (reply.granted) {
              tally.granted++;
              tally.leaseMs = Math.max(tally.leaseMs, reply.leaseMs);
            }
          })
          .catch(() => undefined)
          .finally(() => {
            settled++;
            if (tally.granted >= need || settled === peers.length) resolve({ ...tally });
          });
      }
    });
  }

  private becomeLeader(waitMs: number): void {
    this.role = "leader";
    this.leaderName = this.name;
    this.ready = false;
    this.servingAt = this.time.now() + waitMs;
    this.tailStats = this.lastStats();
    this.log.append(this.term, { kind: "noop", stats: this.tailStats });
    const host: LeaderHost = {
      self: this.name,
      term: this.term,
      now: () => this.time.now(),
      log: this.log,
      sendAppend: (peer, request) =>
        this.link.call(peer, (stub) => stub.appendEntries(request), this.settings.peerTimeoutMs),
      sendSnapshot: (peer, logOnly) => this.sendSnapshot(peer, logOnly),
      shipped: () => (this.config()?.regions?.length ? this.shipped : undefined),
      commit: () => {
        // A group of one commits in the write's own event: applying there costs no extra transaction.
        if (this.peers().length === 0) this.applyCommitted();
        else this.applySoon();
        this.maintain();
        this.shipper?.kick();
      },
      deposed: (term) => this.follow(term, undefined),
    };
    this.joining.clear();
    this.changing = undefined;
    this.leader = new Leader(host, this.voters(), this.learners(), this.log.applied, {
      leaseMs: this.settings.leaseMs,
    });
    this.leader.setMembers(this.voters(), this.learners(), this.logReplicas());
    this.startCursors();
    this.catchUpClock();
    this.shipper = this.startShipper(this.leader);
    this.leader.replicate();
  }

  /** The stats after the last record in the log, applied or not. */
  private lastStats(): ReplicaStats {
    if (this.log.last === this.log.applied) return this.appliedStats;
    const [last] = this.log.after(this.log.last - 1, 1);
    return last ? (recordStats(last.record) ?? this.appliedStats) : this.appliedStats;
  }

  /** Ships a snapshot to `peer` (snapshot.ts); the log keeps the records after its base meanwhile. */
  private async sendSnapshot(peer: ReplicaRef, logOnly: boolean): Promise<number> {
    const base: LogBase = {
      lsn: this.log.applied,
      term: this.log.termAt(this.log.applied) ?? 0,
      stats: this.appliedStats,
      voters: this.configs.at(this.log.applied, this.home()),
    };
    const term = this.term;
    this.snapshotFloor = Math.min(this.snapshotFloor ?? base.lsn + 1, base.lsn + 1);
    try {
      return await shipSnapshot(this.store, base, { term, leader: this.name }, logOnly, async (chunk) => {
        const reply = await this.link.call(
          peer,
          (stub) => stub.installSnapshot(chunk),
          this.settings.peerTimeoutMs * 4,
        );
        if (reply.term > this.term) this.follow(reply.term, undefined);
        if (!reply.ok || this.term !== term) throw new Error("snapshot refused");
      });
    } finally {
      this.snapshotFloor = undefined;
    }
  }

  status(): MemberStatus {
    return {
      name: this.name,
      role: this.role,
      term: this.term,
      leader: this.leaderName,
      commit: this.leader?.commitIndex ?? this.log.applied,
      applied: this.log.applied,
      last: this.log.last,
      installing: this.installing,
      leaseValid: this.leader?.holdsLease() ?? false,
      followers: this.leader?.progress(),
      voters: this.voters().map((v) => v.name),
      logOnly: this.logOnly,
      shipping: this.config()?.regions?.length ? this.shipper?.status() : undefined,
      tombstones: this.store.tombstoneCount(),
      stats: this.appliedStats,
    };
  }

  // --- membership --------------------------------------------------------------------------------

  /** The group's home members may have changed (autoadmin replaced one): a leader ships to the new ones. */
  reconfigured(): void {
    this.startCursors();
    if (!this.leader) return;
    this.leader.setMembers(this.voters(), this.learners(), this.logReplicas());
    this.leader.replicate();
  }

  /** Tells the region's metadata object that `lost` is out of the vote, for autoadmin to replace it. */
  private reportDegraded(leader: Leader, lost: ReplicaRef): void {
    const config = this.config();
    if (!config?.region) return;
    const report = {
      tableId: config.tableId,
      partitionId: config.partitionId,
      member: lost.name,
      since: leader.failingSince(lost.name) ?? this.time.now(),
    };
    this.link
      .metadata(config.region)
      .reportDegraded(report)
      .catch(() => undefined);
  }

  /** Orders a change of voters: in force from its append (Raft), one change at a time. */
  private proposeMembers(leader: Leader, voters: ReplicaRef[]): number {
    const lsn = this.log.append(this.term, { kind: "members", voters, stats: this.tailStats });
    this.configs.add(lsn, voters, this.log.applied);
    this.changing = lsn;
    leader.setMembers(voters, this.learners(), this.logReplicas());
    leader.replicate();
    return lsn;
  }

  private logReplicas(): Set<string> {
    return new Set([...this.voters(), ...this.joining.values()].filter(isLogReplica).map((r) => r.name));
  }

  /**
   * The leader's step of membership upkeep, on the request path (after each commit and write):
   * finish a committed change, then start the next one (membership.ts `nextChange`).
   */
  private maintain(): void {
    const leader = this.leader;
    if (!leader || !this.ready || this.peers().length + this.learners().length === 0) return;
    if (this.changing !== undefined && this.changing > leader.commitIndex) return;
    this.changing = undefined;
    if (this.retiring && leader.commitIndex >= this.retiring.lsn) {
      const { ref } = this.retiring;
      this.retiring = undefined;
      this.link.call(ref, (stub) => stub.drop()).catch(() => undefined);
    }
    const change = nextChange({
      home: this.home(),
      voters: this.voters(),
      leader: this.name,
      failingSince: (name) => leader.failingSince(name),
      caughtUp: (name) => leader.caughtUp(name),
      now: this.time.now(),
      logReplicaAfterMs: this.settings.logReplicaAfterMs,
    });
    if (!change) return;
    if (change.kind === "learn") {
      if (!this.joining.has(change.member.name)) void this.startLogReplica(leader, change.member);
      return;
    }
    const voters =
      change.kind === "remove"
        ? this.voters().filter((v) => v.name !== change.member.name)
        : [...this.voters(), change.member];
    this.joining.delete(change.member.name);
    const lsn = this.proposeMembers(leader, voters);
    if (change.kind === "remove" && isLogReplica(change.member)) this.retiring = { lsn, ref: change.member };
    if (change.kind === "add" && change.logOnly) {
      const lost = this.home().find((m) => `${m.name}~log` === change.member.name);
      if (lost) this.reportDegraded(leader, lost);
    }
  }

  /** Configures a log replica and starts shipping it the log (a snapshot base, then records). */
  private async startLogReplica(leader: Leader, ref: ReplicaRef): Promise<void> {
    const config = this.config();
    if (!config) return;
    this.joining.set(ref.name, ref);
    try {
      await this.link.call(
        ref,
        (stub) => stub.configure({ ...config, logOnly: true, self: ref }),
        this.settings.peerTimeoutMs,
      );
    } catch {
      this.joining.delete(ref.name);
      return;
    }
    if (this.leader !== leader) return;
    leader.setMembers(this.voters(), this.learners(), this.logReplicas());
    leader.replicate();
  }
}
