/**
 * A leader's side of log replication, for one term: a pump per follower ships the log to it
 * (one append in flight per follower; what was appended meanwhile goes in the next batch, so
 * batches grow with load), tracks what it holds, and advances the commit index once a majority
 * holds a record of this term. Acks also renew the leader's lease for strong reads.
 *
 * Nothing here runs while the group is idle: a pump runs while its follower lacks records or
 * the commit index, and gives up on a follower that stays unreachable until the next write.
 *
 * Off the write's path, rounds wait for the thread's queue to drain first (a zero-delay timer
 * fires only then). On one machine workerd runs every member on one thread, so the second
 * follower's append and the commit notices would otherwise run before the quorum's ack is
 * handled and the client answered; waiting also lets them carry more records. On Cloudflare
 * each member has its own thread and the wait costs nothing.
 */
import { type Clock, sleep } from "../clock";
import type { AppendReply, AppendRequest } from "./follower";
import type { WireRecord } from "./log";
import type { ReplicaRef } from "./protocol";
import { quorumLsn } from "./quorum";

/** What the leader needs from its replica object. */
export interface LeaderHost {
  readonly self: string;
  readonly term: number;
  /** Time for leases, timeouts and backoff. */
  readonly clock: Clock;
  readonly log: {
    readonly last: number;
    readonly first: number;
    termAt(lsn: number): number | undefined;
    after(lsn: number, limit: number): WireRecord[];
  };
  sendAppend(peer: ReplicaRef, request: AppendRequest): Promise<AppendReply>;
  /** The shipping cursors the followers keep for the next leader, if the table is global. */
  shipped(): Record<string, number> | undefined;
  /** The global indexes' feeding cursors the followers keep for the next leader, if the table has any. */
  fed(): Record<string, number> | undefined;
  /** The archived cursor the followers keep for the next leader, if the table has PITR on. */
  archived(): number | undefined;
  /** Ships a snapshot to `peer`; at exit the peer holds the records up to the returned lsn. */
  sendSnapshot(peer: ReplicaRef, logOnly: boolean): Promise<number>;
  /** Applies the records up to `lsn`, now committed. */
  commit(lsn: number): void;
  /** A member answered with a newer term: this leader is deposed. */
  deposed(term: number): void;
}

export interface LeaderSettings {
  leaseMs: number;
}

/** Records per append. */
const BATCH = 256;
/** A follower that has failed for this long is retried only when the next write comes. */
const GIVE_UP_MS = 10_000;

interface Progress {
  ref: ReplicaRef;
  /** Whether it votes (counts for commits and the lease); a learner only catches up. */
  voter: boolean;
  /** A log replica: its snapshot carries no items. */
  logOnly: boolean;
  /** The next lsn to send. */
  next: number;
  /** The last lsn it holds in agreement with this leader. */
  match: number;
  /** The commit index it was last told. */
  toldCommit: number;
  running: boolean;
  /** It said its items are incomplete: the next round is a snapshot. */
  needsSnapshot: boolean;
  /** Whether a round is wanted even with nothing to send: a strong read renews the lease. */
  beat: boolean;
  failingSince?: number;
  failures: number;
  lastAck?: number;
}

interface Waiter {
  lsn: number;
  resolve(outcome: "committed" | "deposed"): void;
}

export type CommitOutcome = "committed" | "deposed" | "timeout";

/**
 * Resolves once the thread's queue has drained (a zero-delay timer fires only then): a scheduling
 * point, not a time, so it is the runtime's timer rather than the clock's.
 */
const queueDrained = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Leader {
  readonly peers: Map<string, Progress>;
  commitIndex: number;
  /** The lsn of this term's first record (its noop): only records of this term are committed by counting. */
  readonly termStart: number;
  private leaseUntil = 0;
  private active = true;
  private waiters: Waiter[] = [];
  private leaseWaiters: (() => void)[] = [];

  /** Whether this leader votes: it may be leaving the group by a change it ordered. */
  private selfVotes = true;

  /** `voters`: the group's voters (this leader among them); `learners`: members catching up. */
  constructor(
    private readonly host: LeaderHost,
    voters: ReplicaRef[],
    learners: ReplicaRef[],
    applied: number,
    private readonly settings: LeaderSettings,
  ) {
    this.termStart = host.log.last;
    this.commitIndex = applied;
    this.peers = new Map();
    this.setMembers(voters, learners);
  }

  /**
   * Takes on a configuration: voters count for commits and the lease, learners are shipped the
   * log until they catch up (`logOnly`: names of log replicas). Progress of members that stay is kept.
   */
  setMembers(voters: ReplicaRef[], learners: ReplicaRef[], logOnly: ReadonlySet<string> = new Set()): void {
    const keep = new Map<string, Progress>();
    const add = (ref: ReplicaRef, voter: boolean) => {
      if (ref.name === this.host.self || keep.has(ref.name)) return;
      const progress = this.peers.get(ref.name) ?? {
        ref,
        voter,
        logOnly: logOnly.has(ref.name),
        next: this.host.log.last,
        match: 0,
        toldCommit: 0,
        running: false,
        needsSnapshot: false,
        beat: false,
        failures: 0,
      };
      progress.voter = voter;
      keep.set(ref.name, progress);
    };
    for (const ref of voters) add(ref, true);
    for (const ref of learners) add(ref, false);
    this.selfVotes = voters.some((v) => v.name === this.host.self);
    this.peers.clear();
    for (const [name, progress] of keep) this.peers.set(name, progress);
  }

  private votingPeers(): number {
    let count = 0;
    for (const p of this.peers.values()) if (p.voter) count++;
    return count;
  }

  /** Since when `name` has failed to answer, if it has. */
  failingSince(name: string): number | undefined {
    return this.peers.get(name)?.failingSince;
  }

  /**
   * Whether `name` is answering and within one batch of the commit index: close enough to vote
   * without holding commits back (a record committed meanwhile reaches it in the next round).
   */
  caughtUp(name: string): boolean {
    const p = this.peers.get(name);
    return (
      p !== undefined && p.lastAck !== undefined && p.failingSince === undefined && this.commitIndex - p.match <= BATCH
    );
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Whether the lease is valid now: no other leader can have been elected and acknowledged a write. */
  holdsLease(): boolean {
    return this.active && (this.votingPeers() === 0 || this.host.clock.now() < this.leaseUntil);
  }

  /**
   * Starts shipping to every follower that lacks something (a group of one commits at once):
   * at once to one answering voter, which with the leader makes the quorum; to the others once
   * the thread's queue has drained.
   */
  replicate(): void {
    if (this.votingPeers() === 0) this.advanceCommit();
    let first: Progress | undefined;
    for (const p of this.peers.values()) if (!first && p.voter && p.failingSince === undefined) first = p;
    for (const p of this.peers.values()) void this.pump(p, p === first);
  }

  /** Waits until `lsn` is committed, this leader is deposed, or `timeoutMs` passes. */
  waitCommit(lsn: number, timeoutMs: number): Promise<CommitOutcome> {
    if (!this.active) return Promise.resolve("deposed");
    if (lsn <= this.commitIndex) return Promise.resolve("committed");
    return new Promise((resolve) => {
      const cancel = this.host.clock.later(timeoutMs, () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve("timeout");
      });
      const waiter: Waiter = {
        lsn,
        resolve: (outcome) => {
          cancel();
          resolve(outcome);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Renews the lease by a round to the followers unless it is valid. At exit: whether it is valid. */
  async confirmLease(timeoutMs: number): Promise<boolean> {
    if (this.holdsLease()) return true;
    for (const progress of this.peers.values()) progress.beat = true;
    const renewed = new Promise<void>((resolve) => this.leaseWaiters.push(resolve));
    this.replicate();
    await Promise.race([renewed, sleep(this.host.clock, timeoutMs)]);
    return this.active && this.holdsLease();
  }

  /** Ends this leadership: waiting writes learn they were not acknowledged by it. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.leaseUntil = 0;
    for (const waiter of this.waiters) waiter.resolve("deposed");
    this.waiters = [];
    for (const wake of this.leaseWaiters) wake();
    this.leaseWaiters = [];
  }

  /** The lowest lsn some follower still lacks: the log keeps it (within bounds). */
  neededLsn(): number {
    let needed = this.host.log.last + 1;
    for (const p of this.peers.values()) needed = Math.min(needed, p.match + 1);
    return needed;
  }

  /** What the admin API reports of each follower. */
  progress(): { name: string; voter: boolean; match: number; failing: boolean }[] {
    return [...this.peers.values()].map((p) => ({
      name: p.ref.name,
      voter: p.voter,
      match: p.match,
      failing: p.failingSince !== undefined,
    }));
  }

  private wanted(p: Progress): boolean {
    return (
      this.active &&
      this.peers.get(p.ref.name) === p &&
      (p.match < this.host.log.last || p.toldCommit < this.commitIndex || p.beat)
    );
  }

  /** `now`: the first round goes at once, else once the thread's queue has drained. */
  private async pump(p: Progress, now = false): Promise<void> {
    if (p.running) return;
    p.running = true;
    try {
      if (!now) await queueDrained();
      while (this.wanted(p)) {
        if (await this.round(p)) {
          // A follower that holds everything would be sent only the commit index: off the path.
          if (p.match >= this.host.log.last) await queueDrained();
          continue;
        }
        const at = this.host.clock.now();
        p.failingSince ??= at;
        if (at - p.failingSince > GIVE_UP_MS) return;
        await sleep(this.host.clock, Math.min(1000, 25 * 2 ** p.failures++));
      }
    } finally {
      p.running = false;
    }
  }

  /** One append (or snapshot) to a follower. At exit: whether it answered. */
  private async round(p: Progress): Promise<boolean> {
    const log = this.host.log;
    const sentAt = this.host.clock.now();
    p.beat = false;
    try {
      if (p.next < log.first || p.needsSnapshot) {
        const held = await this.host.sendSnapshot(p.ref, p.logOnly);
        if (!this.active) return true;
        p.needsSnapshot = false;
        p.match = held;
        p.next = p.match + 1;
        this.answered(p);
        return true;
      }
      const prevLsn = p.next - 1;
      const prevTerm = log.termAt(prevLsn);
      if (prevTerm === undefined) {
        p.next = log.first - 1;
        return true;
      }
      const records = log.after(prevLsn, BATCH);
      const commit = this.commitIndex;
      const reply = await this.host.sendAppend(p.ref, {
        term: this.host.term,
        leader: this.host.self,
        prevLsn,
        prevTerm,
        records,
        commit,
        shipped: this.host.shipped(),
        fed: this.host.fed(),
        archived: this.host.archived(),
      });
      if (!this.active) return true;
      if (reply.term > this.host.term) {
        this.host.deposed(reply.term);
        return true;
      }
      this.answered(p);
      if (!reply.ok) {
        p.needsSnapshot = reply.needsSnapshot === true;
        p.next = Math.max(p.match, reply.lsn) + 1;
        return true;
      }
      p.match = Math.max(p.match, reply.lsn);
      p.next = p.match + 1;
      p.toldCommit = Math.max(p.toldCommit, commit);
      if (p.voter) this.renewLease(sentAt);
      this.advanceCommit();
      return true;
    } catch {
      return false;
    }
  }

  private answered(p: Progress): void {
    p.failingSince = undefined;
    p.failures = 0;
    p.lastAck = this.host.clock.now();
  }

  /**
   * A voter's ack to a round sent at `sentAt` makes a majority with the leader (groups of at
   * most three voters, which membership.ts keeps): no other leader can be elected before the
   * follower's promise, made after `sentAt`, runs out.
   * A margin covers clock drift and the time this event has been running.
   */
  private renewLease(sentAt: number): void {
    const { leaseMs } = this.settings;
    this.leaseUntil = Math.max(this.leaseUntil, sentAt + leaseMs - Math.max(10, leaseMs / 10));
    for (const wake of this.leaseWaiters) wake();
    this.leaseWaiters = [];
  }

  private advanceCommit(): void {
    const matched = this.selfVotes ? [this.host.log.last] : [];
    for (const p of this.peers.values()) if (p.voter) matched.push(p.match);
    const lsn = quorumLsn(matched);
    if (lsn <= this.commitIndex || lsn < this.termStart) return;
    this.commitIndex = lsn;
    this.host.commit(lsn);
    const done = this.waiters.filter((w) => w.lsn <= lsn);
    this.waiters = this.waiters.filter((w) => w.lsn > lsn);
    for (const waiter of done) waiter.resolve("committed");
    // Followers learn the new commit index in the next round.
    for (const progress of this.peers.values()) void this.pump(progress);
  }
}
