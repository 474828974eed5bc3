/**
 * A member's campaign to lead its group: a pre-vote first checks that a majority would vote for
 * it (so a member cut off from the group never inflates terms), then the vote proper. Started by
 * the request path, never by a timer: a router that cannot reach the leader asks a member to
 * campaign. The vote's replies carry the leases their voters promised the old leader, and to whom;
 * the winner waits them out before it serves, unless those leaders resign first (election.ts
 * decides each vote).
 */
import type { VoteReply, VoteRequest } from "./election";
import type { ReplicaRef } from "./protocol";
import { majority } from "./quorum";

export interface CampaignHost {
  readonly self: string;
  term(): number;
  voters(): ReplicaRef[];
  /** The lsn and term of the last record in the log. */
  lastRecord(): { lsn: number; term: number };
  /** Adopts `term`, newer than the current one, following no one yet. */
  follow(term: number): void;
  /** Stands for `term`: a candidate, with its own vote (stored). */
  stand(term: number): void;
  /** Whether this member is still the candidate of `term`. */
  standing(term: number): boolean;
  leading(): boolean;
  /** How long (ms) the lease this member promised the old leader still runs, and to whom (when known). */
  ownLease(): Lease;
  /** Asks `peer` for its vote; rejects when it does not answer in time. */
  requestVote(peer: ReplicaRef, request: VoteRequest): Promise<VoteReply>;
}

/** A lease promised to a leader: how long (ms) it still runs, and the leader, when known. */
export interface Lease {
  leaseMs: number;
  leaseHolder?: string;
}

/**
 * What came of a campaign: won, with the old leaders' leases to wait out first (`waitMs`), held by
 * `holders` (none when some lease's holder is unknown: then only the wait ends it); or not.
 */
export type Outcome = { won: true; waitMs: number; holders?: string[] } | { won: false };

/** The leases' holders, or undefined when a running lease's holder is unknown. */
function holdersOf(leases: readonly Lease[]): string[] | undefined {
  const holders = new Set<string>();
  for (const { leaseMs, leaseHolder } of leases) {
    if (leaseMs <= 0) continue;
    if (leaseHolder === undefined) return undefined;
    holders.add(leaseHolder);
  }
  return [...holders];
}

export async function campaign(host: CampaignHost): Promise<Outcome> {
  const ballot = (term: number, preVote: boolean): VoteRequest => {
    const last = host.lastRecord();
    return { term, candidate: host.self, lastLsn: last.lsn, lastTerm: last.term, preVote };
  };
  const pre = await poll(host, ballot(host.term() + 1, true));
  if (pre.term > host.term()) host.follow(pre.term);
  if (pre.granted < majority(host.voters().length) || host.leading()) return { won: false };
  const term = host.term() + 1;
  host.stand(term);
  const own = host.ownLease();
  const vote = await poll(host, ballot(term, false));
  if (!host.standing(term)) return { won: false };
  if (vote.term > term || vote.granted < majority(host.voters().length)) {
    host.follow(Math.max(vote.term, term));
    return { won: false };
  }
  const leases = [own, ...vote.leases];
  const waitMs = Math.max(0, ...leases.map((lease) => lease.leaseMs));
  return waitMs > 0 ? { won: true, waitMs, holders: holdersOf(leases) } : { won: true, waitMs };
}

/**
 * Asks every other voter for its vote; settles once a majority (this member's own vote
 * included) granted, or every peer answered or failed.
 */
function poll(host: CampaignHost, request: VoteRequest): Promise<{ granted: number; term: number; leases: Lease[] }> {
  const peers = host.voters().filter((v) => v.name !== host.self);
  const need = majority(peers.length + 1);
  const tally = { granted: 1, term: 0, leases: [] as Lease[] };
  if (tally.granted >= need) return Promise.resolve(tally);
  return new Promise((resolve) => {
    let settled = 0;
    for (const peer of peers) {
      host
        .requestVote(peer, request)
        .then((reply) => {
          tally.term = Math.max(tally.term, reply.term);
          if (reply.granted) {
            tally.granted++;
            tally.leases.push({ leaseMs: reply.leaseMs, leaseHolder: reply.leaseHolder });
          }
        })
        .catch(() => undefined)
        .finally(() => {
          settled++;
          if (tally.granted >= need || settled === peers.length) resolve({ ...tally, leases: [...tally.leases] });
        });
    }
  });
}
