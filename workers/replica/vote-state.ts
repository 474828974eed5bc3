/**
 * A member's durable election state: its term, its vote in that term, and the lease promises it
 * made to the leaders it followed. Each change is written in the event that makes it, so the
 * output gate holds the reply that reports it until it is durable.
 */
import type { Clock } from "../clock";
import type { VoterState } from "./election";
import type { ReplicaStorage } from "./storage";

export class VoteState {
  term: number;
  votedFor: string | null;
  /** Until when (epoch ms) this member promised the leader it follows not to help depose it. */
  promisedUntil: number;
  /** The leader `promisedUntil` was promised to; unknown after a restart (only the bound is stored). */
  promisedTo: string | undefined;
  /**
   * A bound on every promise made (epoch ms), stored so that a restarted member knows when the
   * promises it may have made run out; never below `promisedUntil`. Raised a lease ahead of the
   * promises, so it is written about once per lease while a leader keeps the member busy.
   */
  private promiseBound: number;

  /** `grouped`: the member has peers, so it may have promised a leader a lease before it restarted. */
  constructor(
    private readonly store: Pick<ReplicaStorage, "getState" | "setState">,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    grouped: boolean,
  ) {
    this.term = store.getState<number>("term") ?? 0;
    this.votedFor = store.getState<string | null>("votedFor") ?? null;
    // A member that may have acked a leader before it restarted keeps the promise it may have
    // made, so a leader it votes for waits out the old lease: until the stored bound, or (state
    // written before bounds were stored) a whole lease from now.
    const bound = store.getState<number>("promised");
    const unbounded = bound === undefined && this.term > 0 && grouped;
    this.promisedUntil = unbounded ? clock.now() + leaseMs : (bound ?? 0);
    this.promiseBound = this.promisedUntil;
  }

  /** Adopts `term` if it is newer: no vote in it yet. At exit: whether it was newer. */
  adopt(term: number): boolean {
    if (term <= this.term) return false;
    this.term = term;
    this.votedFor = null;
    this.store.setState("term", term);
    this.store.setState("votedFor", null);
    this.store.setState("promised", this.promiseBound);
    return true;
  }

  /** Votes for `candidate` in the current term. */
  vote(candidate: string): void {
    if (this.votedFor === candidate) return;
    this.votedFor = candidate;
    this.store.setState("votedFor", candidate);
  }

  /** Promises `leader`, just heard from, a lease; the bound is stored in the same event. */
  promise(leader: string): void {
    this.promisedTo = leader;
    this.promisedUntil = this.clock.now() + this.leaseMs;
    if (this.promisedUntil <= this.promiseBound) return;
    this.promiseBound = this.promisedUntil + this.leaseMs;
    this.store.setState("promised", this.promiseBound);
  }

  /** How long (ms) the lease last promised still runs. */
  promiseLeftMs(): number {
    return Math.max(0, this.promisedUntil - this.clock.now());
  }

  /** What election.ts `decideVote` needs, with the log's end. */
  voter(lastLsn: number, lastTerm: number): VoterState {
    const { term, votedFor, promisedUntil, promisedTo } = this;
    return { term, votedFor, lastLsn, lastTerm, promisedUntil, promisedTo };
  }

  /**
   * Ends the promises made: a split's learner leaving its parent's group for its own (split.ts).
   * A learner's acks never counted for its parent's lease, so its group need not wait them out.
   */
  release(): void {
    this.promisedUntil = 0;
    this.promisedTo = undefined;
    this.promiseBound = 0;
    this.store.setState("promised", 0);
  }

  /** The storage was wiped. */
  reset(): void {
    this.term = 0;
    this.votedFor = null;
  }
}
