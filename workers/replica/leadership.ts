/**
 * One term of a member's leadership, from the vote it won to stepping down: the Leader that
 * ships the log and counts the quorum (leader.ts), the wait before serving (the term's first
 * record committed and the previous leader's lease over), the quorum each write waits for,
 * snapshots for followers the log no longer reaches, and the upkeep and shipping that run
 * after each commit.
 */
import type { Clock } from "../clock";
import type { Link } from "../link/link";
import type { RegionReplica } from "../replication/replica-region";
import type { Applier } from "./applier";
import type { Archiver } from "./archiver";
import type { Holds } from "./holds";
import type { IndexFeeder } from "./index-feeder";
import { type CommitOutcome, Leader } from "./leader";
import type { LogBase, ReplicaLog } from "./log";
import type { ItemEntry } from "./log-record";
import type { LogPosition, ReplicaRef } from "./protocol";
import type { ReplicationSettings } from "./settings";
import { shipSnapshot } from "./snapshot";
import type { ReplicaStorage, StoredKey } from "./storage";
import type { StreamRecords } from "./stream-records";
import type { MembershipUpkeep } from "./upkeep";

export interface LeadershipHost {
  readonly self: string;
  readonly clock: Clock;
  readonly settings: ReplicationSettings;
  readonly log: ReplicaLog;
  readonly store: ReplicaStorage;
  readonly streams: StreamRecords;
  readonly applier: Applier;
  readonly region: RegionReplica;
  readonly upkeep: MembershipUpkeep;
  readonly feeder: IndexFeeder;
  readonly archiver: Pick<Archiver, "cursor" | "kick">;
  readonly holds: Pick<Holds, "all">;
  readonly link: Link;
  voters(): ReplicaRef[];
  /** The voters in force at `lsn`, for a snapshot's base. */
  votersAt(lsn: number): ReplicaRef[];
  /**
   * Orders the record that opens term `term`: a noop, or in a partition a split sealed, a copy of
   * its split record (split.ts: nothing else follows it).
   */
  openTerm(term: number): void;
  /** Whether a split sealed the partition: it ships no snapshot (its children's groups do). */
  sealed(): boolean;
  /** Whether `leadership` is still the member's. */
  current(leadership: Leadership): boolean;
  /** A member answered with a newer term: adopt it and follow. */
  deposed(term: number): void;
  /** Ends the member's leadership. */
  stepDown(): void;
}

export class Leadership {
  readonly leader: Leader;
  /** Whether the term's first record is committed and the old lease waited out. */
  private ready = false;
  /** Settles when the previous leaders' leases are over (run out, or ended: `oldLeasesEnded`); none when there were none. */
  private readonly oldLeasesOver: Promise<void> | undefined;
  private endOldLeases: (() => void) | undefined;
  /** Lowest lsn a snapshot in progress replays from: the log keeps it. */
  private snapshotFloor: number | undefined;

  /** Opens term `term`, serving once `waitMs` (the old leaders' leases) have passed, or they ended. */
  constructor(
    private readonly host: LeadershipHost,
    readonly term: number,
    waitMs: number,
  ) {
    const { applier, settings, upkeep } = host;
    if (waitMs > 0) {
      this.oldLeasesOver = new Promise((resolve) => {
        this.endOldLeases = resolve;
        host.clock.later(waitMs, resolve);
      });
    }
    applier.startTerm();
    host.openTerm(term);
    upkeep.forget();
    this.leader = new Leader(
      {
        self: host.self,
        term,
        clock: host.clock,
        log: host.log,
        sendAppend: (peer, request) => host.link.call(peer, "appendEntries", [request], settings.peerTimeoutMs),
        sendSnapshot: (peer, logOnly) => this.sendSnapshot(peer, logOnly),
        shipped: () => host.region.cursors(),
        fed: () => host.feeder.cursors(),
        archived: () => host.archiver.cursor(),
        commit: () => this.committed(),
        deposed: (newer) => host.deposed(newer),
      },
      host.voters(),
      upkeep.learners(),
      host.log.applied,
      { leaseMs: settings.leaseMs },
    );
    host.region.lead(this);
    upkeep.shipTo(this.leader);
  }

  get commitIndex(): number {
    return this.leader.commitIndex;
  }

  /** Whether this is still the member's leadership and its Leader is running. */
  get active(): boolean {
    return this.host.current(this) && this.leader.isActive;
  }

  /** This leadership once it may serve; undefined when it ended first. */
  async whenReady(): Promise<Leadership | undefined> {
    if (this.ready) return this;
    const outcome = await this.leader.waitCommit(this.leader.termStart, this.host.settings.writeTimeoutMs);
    if (outcome === "committed" && this.oldLeasesOver) await this.oldLeasesOver;
    if (outcome !== "committed" || !this.active) return undefined;
    this.ready = true;
    return this;
  }

  /** The previous leaders resigned or are gone with their process (member.ts `endOldLeases`): no need to wait out their leases. */
  oldLeasesEnded(): void {
    this.endOldLeases?.();
  }

  /** Whether a strong read may be served now: the lease is valid, renewed if it lapsed. */
  async leaseForRead(): Promise<boolean> {
    if (this.leader.holdsLease()) return true;
    return (await this.leader.confirmLease(this.host.settings.peerTimeoutMs)) && this.host.current(this);
  }

  /**
   * Orders `entry` (the decision for `key`) and waits for its quorum. At exit: the record's
   * position once committed (persisted on a majority), or an outcome the client cannot rely on.
   */
  async replicate(entry: ItemEntry, key: StoredKey): Promise<LogPosition | Exclude<CommitOutcome, "committed">> {
    const at = { term: this.term, lsn: this.host.applier.order(this.term, entry, key) };
    const outcome = await this.quorum(at.lsn);
    return outcome === "committed" ? at : outcome;
  }

  /** Ships what was ordered and waits until `lsn` is committed. */
  async quorum(lsn: number): Promise<CommitOutcome> {
    const { leader } = this;
    leader.replicate();
    const outcome = await leader.waitCommit(lsn, this.host.settings.writeTimeoutMs);
    // No quorum within the timeout and no lease: this leader has lost its group.
    if (outcome === "timeout" && this.host.current(this) && !leader.holdsLease()) this.host.stepDown();
    return outcome;
  }

  /**
   * Waits until the state `applier.latest(key)` showed is committed: a refusal decided on a
   * record not yet committed must not reach the client before that record is (its reader would
   * see a state that strong reads do not show yet, or that a new leader discards). At exit:
   * whether it was.
   */
  async settled(key: StoredKey): Promise<boolean> {
    const pending = this.host.applier.pendingAt(key);
    if (!pending) return true;
    return (await this.leader.waitCommit(pending.lsn, this.host.settings.writeTimeoutMs)) === "committed";
  }

  /** The lowest lsn the log must keep for the followers and a snapshot in progress. */
  neededLsn(): number {
    return Math.min(this.leader.neededLsn(), this.snapshotFloor ?? Number.POSITIVE_INFINITY);
  }

  stop(): void {
    this.leader.stop();
  }

  /** After each commit: apply (a group of one in the write's own event), upkeep, shipping. */
  private committed(): void {
    const { applier, upkeep, region, feeder, archiver } = this.host;
    if (this.host.voters().length <= 1) applier.applyCommitted();
    else applier.applySoon();
    if (this.ready && this.host.current(this)) upkeep.maintain(this.leader);
    region.kick();
    feeder.kick();
    archiver.kick();
  }

  /** Ships a snapshot to `peer` (snapshot.ts); the log keeps the records after its base meanwhile. */
  private async sendSnapshot(peer: ReplicaRef, logOnly: boolean): Promise<number> {
    const { log, applier, link, settings } = this.host;
    if (this.host.sealed()) throw new Error("snapshot of a split partition");
    const lsn = log.applied;
    const base: LogBase = { lsn, term: log.termAt(lsn) ?? 0, stats: applier.stats, voters: this.host.votersAt(lsn) };
    this.snapshotFloor = Math.min(this.snapshotFloor ?? lsn + 1, lsn + 1);
    try {
      return await shipSnapshot(
        this.host.store,
        this.host.streams,
        () => this.host.holds.all(),
        base,
        { term: this.term, leader: this.host.self },
        logOnly,
        async (chunk) => {
          const reply = await link.call(peer, "installSnapshot", [chunk], settings.peerTimeoutMs * 4);
          if (reply.term > this.term) this.host.deposed(reply.term);
          if (!reply.ok || !this.host.current(this)) throw new Error("snapshot refused");
        },
      );
    } finally {
      this.snapshotFloor = undefined;
    }
  }
}
