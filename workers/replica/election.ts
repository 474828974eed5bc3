/**
 * Leader election, Raft style: terms (epochs) only grow, each member votes at most once per
 * term, and only for a candidate whose log holds everything it holds — so a new leader holds
 * every committed record. A vote also reports how long the voter promised the previous leader
 * it would not help depose it (its lease), and to whom, so the new leader waits that out before it
 * serves, unless that leader resigns first (member.ts `endOldLeases`).
 */

export interface VoteRequest {
  term: number;
  candidate: string;
  lastLsn: number;
  lastTerm: number;
  /** A pre-vote asks whether the vote would be granted, changing nothing: an isolated member so never inflates terms. */
  preVote: boolean;
}

export interface VoteReply {
  term: number;
  granted: boolean;
  /** Milliseconds left of the lease this voter granted the previous leader (0 when none). */
  leaseMs: number;
  /** The leader granted that lease, when the voter knows (not after it restarted). */
  leaseHolder?: string;
}

/** What a voter knows when it decides. */
export interface VoterState {
  term: number;
  votedFor: string | null;
  lastLsn: number;
  lastTerm: number;
  /** Until when (voter's clock, epoch ms) it promised a leader its lease. */
  promisedUntil: number;
  /** The leader it promised, when known. */
  promisedTo?: string;
}

/** Whether a log ending at (lastTerm, lastLsn) holds at least what one ending at (term, lsn) holds. */
export function logAtLeast(lastTerm: number, lastLsn: number, term: number, lsn: number): boolean {
  return lastTerm > term || (lastTerm === term && lastLsn >= lsn);
}

/**
 * The voter's answer. At exit: `reply`, and for a real (not pre-) vote request of a newer term
 * the voter must adopt `term` and record `votedFor` durably before the reply leaves.
 */
export function decideVote(
  state: VoterState,
  request: VoteRequest,
  now: number,
): { reply: VoteReply; term: number; votedFor: string | null } {
  const leaseMs = Math.max(0, state.promisedUntil - now);
  const lease =
    leaseMs > 0 && state.promisedTo !== undefined ? { leaseMs, leaseHolder: state.promisedTo } : { leaseMs };
  if (request.term < state.term) {
    return { reply: { term: state.term, granted: false, ...lease }, term: state.term, votedFor: state.votedFor };
  }
  const votedFor = request.term > state.term ? null : state.votedFor;
  const granted =
    (votedFor === null || votedFor === request.candidate) &&
    logAtLeast(request.lastTerm, request.lastLsn, state.lastTerm, state.lastLsn);
  if (request.preVote) {
    return { reply: { term: state.term, granted, ...lease }, term: state.term, votedFor: state.votedFor };
  }
  return {
    reply: { term: request.term, granted, ...lease },
    term: request.term,
    votedFor: granted ? request.candidate : votedFor,
  };
}
