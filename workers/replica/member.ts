import type { WireError } from "../../shared/api/errors";
import { type Clock, sleep } from "../clock";
import type { Env } from "../env";
import { LinkError } from "../link/faults";
import { Link } from "../link/link";
import { PROBE_MS } from "../link/remote";
import { RegionReplica } from "../replication/replica-region";
import { Applier } from "./applier";
import type { Archiver } from "./archiver";
import type { Frozen } from "./backup";
import { campaign } from "./campaign";
import { decideVote, type VoteReply, type VoteRequest } from "./election";
import { type AppendReply, type AppendRequest, planAppend } from "./follower";
import type { Holds } from "./holds";
import { IndexFeeder } from "./index-feeder";
import { LeaderWatch, type PeerState } from "./leader-watch";
import { Leadership } from "./leadership";
import type { LocalIndexStorage } from "./local-index-storage";
import { ReplicaLog } from "./log";
import { decodeRecord, type LogRecord, recordKind } from "./log-record";
import { Configurations } from "./membership";
import {
  type CampaignResult,
  type LogPosition,
  type MemberStatus,
  NOT_LEADER,
  type ReplicaConfig,
  type ReplicaRef,
  type ReplicaStats,
  type Reply,
  type Role,
  type SplitReport,
  type SplitRequest,
  WRONG_PARTITION,
} from "./protocol";
import { replicationSettings } from "./settings";
import type { SnapshotChunk } from "./snapshot";
import { childConfig, childOf, orderSplit, type SplitLeader, SplitMark, type SplitRecord, splitRefusal } from "./split";
import type { ReplicaStorage } from "./storage";
import { storedKeyIn } from "./stored-key";
import type { StreamRecords } from "./stream-records";
import { MembershipUpkeep } from "./upkeep";
import { VoteState } from "./vote-state";

export class Member {
  private role: Role = "follower";
  private leaderName: string | undefined;
  private leadership: Leadership | undefined;
  private installing: boolean;
  private campaigning: Promise<CampaignResult> | undefined;
  private linkCache: Link | undefined;
  private log: ReplicaLog;
  /** The voters by the `members` records in the log (membership.ts). */
  private configs: Configurations;
  private readonly votes: VoteState;
  /** The latest `split` record in the log (split.ts). */
  private readonly splits: SplitMark;
  /** Set while this leader waits to order a split: it takes no new request. */
  private sealing = false;
  private readonly settings: ReturnType<typeof replicationSettings>;
  readonly applier: Applier;
  readonly region: RegionReplica;
  private readonly upkeep: MembershipUpkeep;
  readonly feeder: IndexFeeder;
  readonly leaderWatch: LeaderWatch;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: ReplicaStorage,
    private readonly lsi: LocalIndexStorage,
    readonly holds: Holds,
    readonly streams: StreamRecords,
    /** What backups' freezes keep (backup.ts). */
    readonly frozen: Frozen,
    /** Point-in-time recovery's archiving (archiver.ts). */
    readonly archiver: Archiver,
    private readonly config: () => ReplicaConfig | undefined,
    /** Takes `config` as this replica's configuration from now on (a split's child, split.ts). */
    private readonly adopt: (config: ReplicaConfig) => void,
    private readonly clock: Clock,
    /** Whether the partition has periodic work for its leader (Time to Live): the alarm keeps coming. */
    periodic: () => boolean = () => false,
  ) {
    this.settings = replicationSettings(env);
    this.log = new ReplicaLog(store, () => this.config()?.partitionId);
    this.configs = new Configurations(store);
    this.splits = new SplitMark(store);
    this.installing = store.getState<boolean>("installing") ?? false;
    this.votes = new VoteState(store, clock, this.settings.leaseMs, this.peers().length > 0);
    const member = this;
    this.applier = new Applier({
      get log() {
        return member.log;
      },
      items: store,
      localEntries: lsi,
      holds,
      streamRecords: streams,
      frozen,
      clock,
      transaction: (fn) => ctx.storage.transactionSync(fn),
      logOnly: () => this.logOnly,
      keySchema: () => this.config()?.keySchema,
      storedKey: (key) => {
        const config = this.config();
        if (!config) throw new Error("replica: applying a record without a configuration");
        return storedKeyIn(config, key);
      },
      localIndexes: () => this.config()?.localIndexes,
      streamLabel: () => this.config()?.stream,
      leaderCommit: () => this.leadership?.commitIndex,
      neededLsn: () => this.neededLsn(),
      collected: (below, source) => this.region.collected(below, source),
      split: (record, lsn) => this.applySplit(record, lsn),
    });
    this.region = new RegionReplica({
      clock,
      get link() {
        return member.link;
      },
      get log() {
        return member.log;
      },
      store,
      applier: this.applier,
      config,
    });
    this.feeder = new IndexFeeder({
      get link() {
        return member.link;
      },
      store,
      config,
      committed: () => this.leadership?.commitIndex ?? 0,
      records: (after, limit) => this.log.after(after, limit),
      last: () => this.log.last,
      watch: () => this.leaderWatch.note(),
      leading: () => this.leadership?.active === true,
    });
    this.leaderWatch = new LeaderWatch(
      {
        clock,
        setAlarm: (at) => void ctx.storage.setAlarm(at),
        waiting: () =>
          this.config() !== undefined &&
          (this.feeder.behind() ||
            (!this.leadership && this.log.last > this.log.applied) ||
            this.holds.any ||
            periodic()),
        leading: () => this.leadership?.active === true,
        heardFromLeader: () => this.votes.promiseLeftMs() > 0,
        kick: () => this.feeder.kick(),
        peers: () => this.peerStates(),
        keep: (fed) => this.feeder.keep(fed),
        campaign: () => this.campaign(),
      },
      Math.max(2 * this.settings.leaseMs, 1000),
    );
    this.upkeep = new MembershipUpkeep({
      self: this.name,
      clock,
      logReplicaAfterMs: this.settings.logReplicaAfterMs,
      home: () => this.home(),
      voters: () => this.voters(),
      splitLearners: () => this.config()?.learners ?? [],
      sealed: () => this.sealed || this.sealing,
      appendMembers: (voters) => {
        const lsn = this.applier.orderControl(this.votes.term, { kind: "members", voters });
        this.configs.add(lsn, voters, this.log.applied);
        return lsn;
      },
      configureLogReplica: async (ref) => {
        const config = this.config();
        if (!config) throw new Error("not configured");
        await this.link.call(ref, "configure", [{ ...config, logOnly: true, self: ref }], this.settings.peerTimeoutMs);
      },
      drop: (ref) => void this.link.call(ref, "drop", []).catch(() => undefined),
      reportDegraded: (lost, since) => this.reportDegraded(lost, since),
      leading: (leader) => this.leadership?.leader === leader,
    });
  }

  get name(): string {
    return this.ctx.id.name ?? "";
  }

  get stats(): ReplicaStats {
    return this.applier.stats;
  }

  /** Whether this member leads now (its leadership may not serve yet: `readyLeader`). */
  get leading(): boolean {
    return this.role === "leader";
  }

  /** The last lsn applied. */
  get applied(): number {
    return this.log.applied;
  }

  /** The commit index of this member's leadership, if it leads. */
  get commitIndex(): number | undefined {
    return this.leadership?.commitIndex;
  }

  /** The last lsn in the log, committed or not. */
  get lastLsn(): number {
    return this.log.last;
  }

  /** The first lsn the log still holds. */
  get firstLsn(): number {
    return this.log.first;
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

  private get logOnly(): boolean {
    return this.config()?.logOnly === true;
  }

  private get link(): Link {
    const account = this.config()?.account;
    if (!this.linkCache || (account !== undefined && this.linkCache.account !== account)) {
      const self = [...this.home(), ...this.voters()].find((m) => m.name === this.name) ?? this.config()?.self;
      this.linkCache = new Link(this.env, { name: this.name, zone: self?.zone ?? "" }, { clock: this.clock, account });
    }
    return this.linkCache;
  }

  /** Forgets everything in memory after the storage was wiped. */
  reset(): void {
    this.votes.reset();
    this.leaderName = undefined;
    this.installing = false;
    this.linkCache = undefined;
    this.log = new ReplicaLog(this.store, () => this.config()?.partitionId);
    this.configs = new Configurations(this.store);
    this.splits.reset();
    this.upkeep.forget();
    this.applier.reset();
    this.region.forget();
    this.feeder.forget();
  }

  // --- serving -----------------------------------------------------------------------------------

  /**
   * Whether a `split` record ended this partition's log (split.ts): it serves nothing more. A
   * child's member is not sealed by the record that made its group.
   */
  get sealed(): boolean {
    const mark = this.splits.latest;
    return mark !== undefined && childOf(mark.record, this.name) === undefined;
  }

  notLeader(): WireError {
    if (this.sealed || this.sealing) return { type: WRONG_PARTITION, message: "partition split" };
    return this.leaderHint();
  }

  /** "Not leader", naming the leader this member knows of, if another. */
  private leaderHint(): WireError {
    const hint = this.leaderName !== this.name ? this.leaderName : undefined;
    return { type: NOT_LEADER, message: hint ?? "" };
  }

  /**
   * Why this member cannot serve an eventually consistent read, if it cannot: it is being
   * rebuilt, holds no items, or does not reach `seen`, the latest write of the group the
   * router saw acknowledged.
   */
  eventualRefusal(seen: LogPosition | undefined): WireError | undefined {
    if (this.installing || this.logOnly || this.sealed) return this.notLeader();
    return seen && !this.applier.reaches(seen) ? this.notLeader() : undefined;
  }

  /**
   * The leadership, once it may serve: its term's first record committed and the old lease over.
   * `whileSealing`: also while it waits to order a split (other regions' changes, split.ts).
   */
  async readyLeader(whileSealing = false): Promise<Leadership | undefined> {
    if (this.sealed || (this.sealing && !whileSealing)) return undefined;
    // A group of one needs no router to notice it has no leader.
    if (!this.leadership && this.peers().length === 0) await this.campaign();
    return this.leadership?.whenReady();
  }

  /** Whether a strong read may be served now: leader, ready, lease valid (renewed if it lapsed). */
  async leaseForRead(): Promise<boolean> {
    return (await (await this.readyLeader())?.leaseForRead()) ?? false;
  }

  /**
   * The lowest lsn the log must keep: for followers, a snapshot in progress, regions not yet
   * shipped to, backups' freezes and what point-in-time recovery has not archived.
   */
  private neededLsn(): number | undefined {
    let needed = this.leadership?.neededLsn();
    const floors = [...this.region.floors(), ...this.feeder.floors()];
    for (const floor of [this.frozen.floor(), this.archiver.floor()]) if (floor !== undefined) floors.push(floor);
    for (const floor of floors) needed = Math.min(needed ?? floor, floor);
    return needed;
  }

  // --- following ---------------------------------------------------------------------------------

  /** Adopts `term` (if newer) and follows `leader` (undefined: unknown), ending any leadership. */
  private follow(term: number, leader: string | undefined): void {
    this.votes.adopt(term);
    if (this.role !== "follower") this.stepDown();
    this.leaderName = leader;
  }

  /** Ends this member's leadership or candidacy; writes waiting on it learn their outcome is unknown. */
  stepDown(): void {
    this.leadership?.stop();
    this.leadership = undefined;
    this.region.stop();
    this.role = "follower";
    if (this.leaderName === this.name) this.leaderName = undefined;
    this.applier.discardOverlay();
  }

  appendEntries(request: AppendRequest): AppendReply {
    // A split's child no longer follows its parent's leader: it holds what it needed of that log.
    const parent = this.config()?.parent;
    if (parent?.members.includes(request.leader)) return { term: request.term, ok: true, lsn: parent.lsn };
    const term = this.votes.term;
    if (request.term < term) return { term, ok: false, lsn: this.log.last };
    this.follow(request.term, request.leader);
    this.votes.promise(request.leader);
    if (this.installing) return { term: this.votes.term, ok: false, lsn: 0, needsSnapshot: true };
    const plan = planAppend(this.log, request);
    if (!plan.ok) return { term: this.votes.term, ok: false, lsn: plan.resumeAfter };
    this.ctx.storage.transactionSync(() => {
      if (plan.truncateFrom !== undefined) {
        this.log.truncateFrom(plan.truncateFrom);
        this.configs.dropFrom(plan.truncateFrom);
        this.splits.truncatedFrom(plan.truncateFrom);
      }
      for (const record of plan.append) {
        this.log.appendWire(record);
        const kind = recordKind(record.record);
        if (kind === "members") {
          const members = decodeRecord(record.record) as Extract<LogRecord, { kind: "members" }>;
          this.configs.add(record.lsn, members.voters, this.log.applied);
        } else if (kind === "split") this.splits.appended(record.lsn, decodeRecord(record.record) as SplitRecord);
      }
    });
    this.applier.learnCommit(plan.commit);
    // Records appended: applied in the same transaction. A commit notice alone waits for the next.
    if (plan.append.length > 0) this.applier.applyCommitted();
    else this.applier.applySoon();
    this.region.keep(request.shipped);
    this.feeder.keep(request.fed);
    this.archiver.keep(request.archived);
    this.leaderWatch.note();
    return { term: this.votes.term, ok: true, lsn: plan.matched };
  }

  installSnapshot(chunk: SnapshotChunk): { term: number; ok: boolean } {
    if (this.config()?.parent?.members.includes(chunk.leader)) return { term: chunk.term, ok: false };
    if (chunk.term < this.votes.term) return { term: this.votes.term, ok: false };
    this.follow(chunk.term, chunk.leader);
    this.votes.promise(chunk.leader);
    if (!chunk.first && !this.installing) return { term: this.votes.term, ok: false };
    this.ctx.storage.transactionSync(() => {
      if (chunk.first) {
        this.store.deleteItems();
        // The items are no longer the partition at a backup's freeze (backup.ts).
        this.frozen.reset();
        this.installing = true;
        this.store.setState("installing", true);
      }
      if (!this.logOnly) {
        for (const row of chunk.rows) this.applier.installRow(row);
        for (const tombstone of chunk.tombstones ?? []) this.store.putTombstone(tombstone, tombstone.version);
        this.streams.install(chunk.streamRecords ?? [], chunk.streamHorizon);
      }
      if (chunk.collected !== undefined) this.region.collected(chunk.collected);
      for (const [source, below] of Object.entries(chunk.collectedFrom ?? {})) this.region.collected(below, source);
      if (chunk.done) {
        for (const hold of chunk.holds ?? []) this.holds.install(hold);
        this.log.resetTo(chunk.done);
        this.configs.resetTo(chunk.done.lsn, chunk.done.voters);
        this.splits.reset();
        this.installing = false;
        this.store.setState("installing", false);
      }
    });
    if (chunk.done) {
      this.holds.reloaded();
      this.applier.installed(chunk.done);
    }
    return { term: this.votes.term, ok: true };
  }

  // --- elections ---------------------------------------------------------------------------------

  requestVote(request: VoteRequest): VoteReply {
    const decision = decideVote(this.votes.voter(this.log.last, this.log.lastTerm), request, this.clock.now());
    // A member rebuilding from a snapshot has lost records it may have acknowledged: no vote.
    if (this.installing) decision.reply.granted = false;
    if (request.preVote) return decision.reply;
    if (decision.term > this.votes.term) this.follow(decision.term, undefined);
    if (decision.reply.granted && decision.votedFor !== null) this.votes.vote(decision.votedFor);
    return decision.reply;
  }

  /** Becomes leader if a majority votes for it; one campaign at a time. */
  campaign(): Promise<CampaignResult> {
    if (this.role === "leader") return Promise.resolve({ term: this.votes.term, leader: this.name });
    this.campaigning ??= this.runCampaign().finally(() => {
      this.campaigning = undefined;
    });
    return this.campaigning;
  }

  private async runCampaign(): Promise<CampaignResult> {
    const voter = this.voters().some((v) => v.name === this.name);
    // A split's learner (its place its own, `self`) campaigns only once its child's configuration is its own.
    const config = this.config();
    if (config && config.self === undefined && !this.installing && !this.logOnly && voter) {
      const outcome = await campaign({
        self: this.name,
        term: () => this.votes.term,
        voters: () => this.voters(),
        lastRecord: () => ({ lsn: this.log.last, term: this.log.lastTerm }),
        follow: (term) => this.follow(term, undefined),
        stand: (term) => {
          this.follow(term, undefined);
          this.role = "candidate";
          this.votes.vote(this.name);
        },
        standing: (term) => this.votes.term === term && this.role === "candidate",
        leading: () => this.role === "leader",
        ownLease: () => ({ leaseMs: this.votes.promiseLeftMs(), leaseHolder: this.votes.promisedTo }),
        requestVote: (peer, request) => this.link.call(peer, "requestVote", [request], this.settings.peerTimeoutMs),
      });
      if (outcome.won) {
        const leadership = this.becomeLeader(outcome.waitMs);
        if (outcome.waitMs > 0 && outcome.holders) void this.endOldLeases(leadership, outcome.holders);
      }
    }
    return { term: this.votes.term, leader: this.leaderName };
  }

  private becomeLeader(waitMs: number): Leadership {
    this.role = "leader";
    this.leaderName = this.name;
    const member = this;
    this.leadership = new Leadership(
      {
        self: this.name,
        clock: this.clock,
        settings: this.settings,
        log: this.log,
        store: this.store,
        streams: this.streams,
        applier: this.applier,
        region: this.region,
        upkeep: this.upkeep,
        feeder: this.feeder,
        archiver: this.archiver,
        holds: this.holds,
        get link() {
          return member.link;
        },
        voters: () => this.voters(),
        votersAt: (lsn) => this.configs.at(lsn, this.home()),
        openTerm: (term) => this.openTerm(term),
        sealed: () => this.sealed,
        current: (leadership) => this.leadership === leadership,
        deposed: (term) => this.follow(term, undefined),
        stepDown: () => this.stepDown(),
      },
      this.votes.term,
      waitMs,
    );
    return this.leadership;
  }

  /**
   * Ends the leases `holders` were promised, so `leadership` need not wait them out: each holder
   * asked to resign (`resign`) answers once it no longer leads its older term, or its process is
   * down (two calls a probe apart found no process at its socket, the second on a fresh
   * connection: the holder and its lease are gone with it, and a restarted holder starts with none). A holder that cannot be reached otherwise
   * (a fault between them, no answer in time) may still lead and serve strong reads under its
   * lease: the leadership then waits it out.
   */
  private async endOldLeases(leadership: Leadership, holders: readonly string[]): Promise<void> {
    const term = leadership.term;
    const ended = await Promise.all(
      holders.map(async (name) => {
        if (name === this.name) return true;
        const ref = this.voters().find((v) => v.name === name);
        if (!ref) return false;
        for (let attempt = 1; attempt <= 2; attempt++) {
          if (attempt > 1) await sleep(this.clock, PROBE_MS);
          try {
            await this.link.call(ref, "resign", [term], this.settings.peerTimeoutMs);
            return true;
          } catch (error) {
            if (!(error instanceof LinkError && error.processDown)) return false;
          }
        }
        return true;
      }),
    );
    if (ended.every(Boolean) && this.leadership === leadership) leadership.oldLeasesEnded();
  }

  /**
   * A leader of term `term` won and asks this member, which led before, to stop: it adopts the
   * term (stepping down, so it serves no strong read under its old lease). At exit: its term.
   */
  resign(term: number): { term: number } {
    if (term > this.votes.term) this.follow(term, undefined);
    return { term: this.votes.term };
  }

  private openTerm(term: number): void {
    const mark = this.sealed ? this.splits.latest : undefined;
    if (!mark) {
      this.applier.orderControl(term, { kind: "noop" });
      return;
    }
    const { stats: _, ...copy } = mark.record;
    this.splits.appended(this.applier.orderControl(term, copy), mark.record);
  }

  // --- splits (split.ts) -------------------------------------------------------------------------

  /**
   * Splits the partition as its leader, as `request` says (split.ts). At exit: the split
   * record's lsn once committed, or why not; a record ordered already is committed and named.
   */
  async split(request: SplitRequest): Promise<Reply<{ lsn: number }>> {
    const mark = this.splits.latest;
    // Not "wrong partition" as a sealed member answers requests: autoadmin is to find the leader.
    const notLeader = (): Reply<{ lsn: number }> => ({ ok: false, error: this.leaderHint() });
    if (mark && this.sealed) {
      const leadership = this.leadership;
      if (!leadership) return notLeader();
      const outcome = await leadership.quorum(this.log.last);
      if (outcome !== "committed") return notLeader();
      this.applier.applyCommitted();
      return { ok: true, lsn: mark.lsn };
    }
    const leadership = await this.readyLeader();
    if (!leadership) return notLeader();
    const config = this.config();
    const leader: SplitLeader = {
      clock: this.clock,
      timeoutMs: this.settings.writeTimeoutMs,
      active: () => leadership.active,
      config: () => this.config(),
      last: () => this.log.last,
      quorum: (lsn) => leadership.quorum(lsn),
      applyCommitted: () => this.applier.applyCommitted(),
      caughtUp: (member) => leadership.leader.caughtUp(member),
      holding: () => this.holds.any,
      delivered: (lsn) => {
        this.feeder.kick();
        this.region.kick();
        const fed = this.feeder.cursors() ?? {};
        const shipped = this.region.cursors() ?? {};
        return (
          (config?.globalIndexes ?? []).every((i) => (fed[i.id] ?? 0) >= lsn) &&
          (config?.regions ?? []).every((r) => (shipped[r] ?? 0) >= lsn) &&
          this.archiver.archivedUpTo(lsn)
        );
      },
      rangeStats: (low, high) => this.store.rangeStats(low, high),
      order: (record) => {
        const lsn = this.applier.orderControl(leadership.term, record);
        this.splits.appended(lsn, { ...record, stats: this.applier.stats });
        return lsn;
      },
    };
    const refusal = splitRefusal(leader, request);
    if (refusal) return refusal;
    this.sealing = true;
    try {
      return await orderSplit(leader, request);
    } finally {
      this.sealing = false;
    }
  }

  /**
   * Applies the `split` record committed at `lsn`: a member of one of its children keeps its
   * child's part and takes the child's configuration and voters (once: a later copy of the record
   * changes nothing). At exit: the stats after the record, for this member.
   */
  private applySplit(record: SplitRecord, lsn: number): ReplicaStats {
    const child = childOf(record, this.name);
    const config = this.config();
    if (!child || !config) return record.stats;
    if (config.partitionId === child.id) return child.stats;
    const parentMembers = [...new Set([...this.home(), ...this.voters()].map((m) => m.name))];
    this.store.deleteOutside(child.low, child.high);
    this.adopt(childConfig(config, record, child, lsn, parentMembers));
    this.configs.add(lsn, child.members, this.log.applied);
    this.votes.release();
    this.holds.reloaded();
    this.linkCache = undefined;
    // The parent delivered every record before this one to its global indexes and other regions.
    const from = (ids: string[] | undefined) => ids && Object.fromEntries(ids.map((id) => [id, lsn]));
    this.feeder.keep(from(config.globalIndexes?.filter((i) => !i.backfill).map((i) => i.id)));
    this.region.keep(from(config.regions));
    this.leaderWatch.note();
    return child.stats;
  }

  status(): MemberStatus {
    return {
      name: this.name,
      role: this.role,
      term: this.votes.term,
      leader: this.leaderName,
      commit: this.leadership?.commitIndex ?? this.log.applied,
      applied: this.log.applied,
      last: this.log.last,
      installing: this.installing,
      leaseValid: this.leadership?.leader.holdsLease() ?? false,
      followers: this.leadership?.leader.progress(),
      voters: this.voters().map((v) => v.name),
      logOnly: this.logOnly,
      shipping: this.region.status(),
      tombstones: this.store.tombstoneCount(),
      stats: this.applier.stats,
      ...(this.config()?.localIndexes?.length ? { localIndexes: Object.fromEntries(this.lsi.stats()) } : {}),
      // The leader feeds the global indexes: its cursors and backlog are the ones that move.
      ...(this.leadership && this.config()?.globalIndexes?.length ? { indexing: this.feeder.status() } : {}),
      ...(this.config()?.globalIndexes?.length ? { fed: this.feeder.cursors() } : {}),
      ...(this.holds.any ? { holds: this.holdsByTransaction() } : {}),
    };
  }

  /** The holds in the table, one entry per transaction. */
  private holdsByTransaction(): NonNullable<MemberStatus["holds"]> {
    const byTx = new Map<string, NonNullable<MemberStatus["holds"]>[number]>();
    for (const hold of this.holds.all()) {
      const entry = byTx.get(hold.tx) ?? { tx: hold.tx, coordinator: hold.coordinator, since: hold.since, items: 0 };
      entry.items++;
      byTx.set(hold.tx, entry);
    }
    return [...byTx.values()];
  }

  /** What the peers that answer say of their leadership and the index cursors they know (leader-watch.ts). */
  private async peerStates(): Promise<PeerState[]> {
    const asked = this.peers().map((peer) =>
      this.link.call(peer, "status", [], this.settings.peerTimeoutMs).then(
        (status): PeerState => ({ leader: status.role === "leader", fed: status.fed }),
        () => undefined,
      ),
    );
    return (await Promise.all(asked)).filter((peer) => peer !== undefined);
  }

  // --- membership --------------------------------------------------------------------------------

  /** The group's home members may have changed (autoadmin replaced one): a leader ships to the new ones. */
  reconfigured(): void {
    this.region.startCursors();
    if (this.leadership) this.upkeep.shipTo(this.leadership.leader);
  }

  /** Asks the region's metadata object to split the partition (split-watch.ts). */
  askSplit(report: SplitReport): void {
    const region = this.config()?.region;
    if (region) this.link.callMetadata(region, "reportSplit", [report]).catch(() => undefined);
  }

  /** Tells the region's metadata object that `lost` is out of the vote, for autoadmin to replace it. */
  private reportDegraded(lost: ReplicaRef, since: number): void {
    const config = this.config();
    if (!config?.region) return;
    const report = { tableId: config.tableId, partitionId: config.partitionId, member: lost.name, since };
    this.link.callMetadata(config.region, "reportDegraded", [report]).catch(() => undefined);
  }
}
