import { describe, expect, it } from "vitest";
import { type CampaignHost, campaign, type Lease, type Outcome } from "../../../../workers/replica/campaign";
import type { VoteReply, VoteRequest } from "../../../../workers/replica/election";
import type { ReplicaRef } from "../../../../workers/replica/protocol";
import { ManualClock } from "../../../helpers/manual-clock";

const ref = (name: string): ReplicaRef => ({ name, zone: "z", locationHint: "wnam" });

/** How long a peer that never answers takes to fail (the link's timeout). */
const PEER_TIMEOUT_MS = 1_000;

/** How a fake peer answers a vote request: a reply (after `afterMs` on the clock, else at once), or never. */
type Answer = { reply: VoteReply; afterMs?: number } | "silent";
type Peer = (request: VoteRequest, host: FakeHost) => Answer;

/** The term a voter that is in the candidate's current term replies with (a pre-vote changes no term). */
const voterTerm = (request: VoteRequest) => (request.preVote ? request.term - 1 : request.term);
const grant =
  (leaseMs = 0, afterMs?: number, leaseHolder?: string): Peer =>
  (request) => ({ reply: { term: voterTerm(request), granted: true, leaseMs, leaseHolder }, afterMs });
const refuse =
  (term?: number): Peer =>
  (request) => ({ reply: { term: term ?? voterTerm(request), granted: false, leaseMs: 0 } });
const silent: Peer = () => "silent";
/** Grants pre-votes as `pre` does and votes as `vote` does. */
const split =
  (pre: Peer, vote: Peer): Peer =>
  (request, host) =>
    request.preVote ? pre(request, host) : vote(request, host);

/** A member running for leader: its term and role in memory, peers the test scripts, a clock it moves. */
class FakeHost implements CampaignHost {
  readonly self = "a";
  readonly clock = new ManualClock();
  currentTerm = 3;
  candidateOf: number | undefined;
  leader = false;
  ownLeaseMs = 0;
  ownHolder: string | undefined;
  group: ReplicaRef[];
  readonly follows: number[] = [];
  readonly stands: number[] = [];
  readonly requests: { peer: string; request: VoteRequest }[] = [];

  constructor(readonly peers: Record<string, Peer>) {
    this.group = [ref(this.self), ...Object.keys(peers).map(ref)];
  }

  term(): number {
    return this.currentTerm;
  }

  voters(): ReplicaRef[] {
    return this.group;
  }

  lastRecord(): { lsn: number; term: number } {
    return { lsn: 10, term: 3 };
  }

  follow(term: number): void {
    this.follows.push(term);
    this.currentTerm = term;
    this.candidateOf = undefined;
  }

  stand(term: number): void {
    this.stands.push(term);
    this.currentTerm = term;
    this.candidateOf = term;
  }

  standing(term: number): boolean {
    return this.candidateOf === term && this.currentTerm === term;
  }

  leading(): boolean {
    return this.leader;
  }

  ownLease(): Lease {
    return { leaseMs: this.ownLeaseMs, leaseHolder: this.ownHolder };
  }

  requestVote(peer: ReplicaRef, request: VoteRequest): Promise<VoteReply> {
    this.requests.push({ peer: peer.name, request });
    const answer = this.peers[peer.name](request, this);
    return new Promise((resolve, reject) => {
      if (answer === "silent") this.clock.later(PEER_TIMEOUT_MS, () => reject(new Error("timed out")));
      else if (answer.afterMs === undefined) resolve(answer.reply);
      else this.clock.later(answer.afterMs, () => resolve(answer.reply));
    });
  }

  /** The requests of one kind. */
  sent(preVote: boolean): { peer: string; request: VoteRequest }[] {
    return this.requests.filter((r) => r.request.preVote === preVote);
  }
}

/** Starts a campaign; `outcome` is set once it settles. */
function start(host: FakeHost): { result: { outcome?: Outcome }; done: Promise<Outcome> } {
  const result: { outcome?: Outcome } = {};
  const done = campaign(host).then((outcome) => {
    result.outcome = outcome;
    return outcome;
  });
  return { result, done };
}

describe("winning", () => {
  it("wins with a majority of 3 while one peer never answers", async () => {
    const host = new FakeHost({ b: grant(0, 50), c: silent });
    const { result } = start(host);
    await host.clock.advance(49);
    expect(result.outcome).toBeUndefined();
    expect(host.stands).toEqual([]);

    await host.clock.advance(1); // b grants the pre-vote: a stands
    expect(host.stands).toEqual([4]);
    expect(result.outcome).toBeUndefined();

    await host.clock.advance(50); // b grants the vote
    expect(result.outcome).toEqual({ won: true, waitMs: 0 });
    expect(host.currentTerm).toBe(4);
    expect(host.follows).toEqual([]);
    // It did not wait for c to time out.
    expect(host.clock.now() - 1_000_000).toBeLessThan(PEER_TIMEOUT_MS);
    await host.clock.advance(PEER_TIMEOUT_MS);
  });

  it("asks every other voter, pre-vote first for the next term, with its log's end", async () => {
    const host = new FakeHost({ b: grant(), c: grant() });
    const { done } = start(host);
    expect(await done).toEqual({ won: true, waitMs: 0 });
    const ballot = { term: 4, candidate: "a", lastLsn: 10, lastTerm: 3 };
    expect(host.sent(true).map((s) => s.peer)).toEqual(["b", "c"]);
    expect(host.sent(true)[0].request).toEqual({ ...ballot, preVote: true });
    expect(host.sent(false).map((s) => s.peer)).toEqual(["b", "c"]);
    expect(host.sent(false)[0].request).toEqual({ ...ballot, preVote: false });
  });

  it("wins once a peer answers after the other one timed out", async () => {
    const host = new FakeHost({ b: grant(0, PEER_TIMEOUT_MS + 500), c: silent });
    const { result } = start(host);
    await host.clock.advance(PEER_TIMEOUT_MS);
    expect(result.outcome).toBeUndefined();
    await host.clock.advance(500);
    expect(host.stands).toEqual([4]);
    await host.clock.advance(PEER_TIMEOUT_MS + 500);
    expect(result.outcome).toEqual({ won: true, waitMs: 0 });
  });

  it("adopts a newer term a granted pre-vote reports and stands for the one after it", async () => {
    const host = new FakeHost({
      b: split((request) => ({ reply: { term: request.term, granted: true, leaseMs: 0 } }), grant()),
      c: grant(),
    });
    expect(await start(host).done).toEqual({ won: true, waitMs: 0 });
    expect(host.follows).toEqual([4]);
    expect(host.stands).toEqual([5]);
    expect(host.sent(false)[0].request.term).toBe(5);
  });

  it("a group of one wins at once, asking no one", async () => {
    const host = new FakeHost({});
    host.ownLeaseMs = 250;
    const { done } = start(host);
    expect(await done).toEqual({ won: true, waitMs: 250 });
    expect(host.requests).toEqual([]);
    expect(host.stands).toEqual([4]);
  });

  it("waits out the longest lease: its own or one its voters report", async () => {
    const host = new FakeHost({ b: grant(400), c: grant(700) });
    host.ownLeaseMs = 300;
    expect(await start(host).done).toEqual({ won: true, waitMs: 700 });

    const own = new FakeHost({ b: grant(400), c: grant(100) });
    own.ownLeaseMs = 800;
    expect(await start(own).done).toEqual({ won: true, waitMs: 800 });
  });

  it("names the leases' holders, so they may be asked to resign, unless one is unknown", async () => {
    const host = new FakeHost({ b: grant(400, undefined, "old"), c: grant(700, undefined, "older") });
    host.ownLeaseMs = 300;
    host.ownHolder = "old";
    const named = await start(host).done;
    expect(named).toEqual({ won: true, waitMs: 700, holders: ["old", "older"] });

    // b restarted since its promise: it knows the lease, not the leader.
    const unknown = new FakeHost({ b: grant(400), c: grant(700, undefined, "old") });
    const outcome = await start(unknown).done;
    expect(outcome).toEqual({ won: true, waitMs: 700 });
    expect(outcome.won && outcome.holders).toBeUndefined();

    // No lease running: nothing to wait out, no one to ask.
    const none = new FakeHost({ b: grant(0, undefined, "old"), c: grant(0) });
    expect(await start(none).done).toEqual({ won: true, waitMs: 0 });
  });

  it("counts only the leases of the votes granted, not of refusals or pre-votes", async () => {
    const host = new FakeHost({
      b: split(grant(900), grant(200)),
      c: split(grant(900), (request) => ({ reply: { term: voterTerm(request), granted: false, leaseMs: 600 } })),
    });
    expect(await start(host).done).toEqual({ won: true, waitMs: 200 });
  });
});

describe("losing", () => {
  it("does not stand when the pre-vote is refused: the term stays", async () => {
    const host = new FakeHost({ b: refuse(), c: refuse() });
    const { done } = start(host);
    expect(await done).toEqual({ won: false });
    expect(host.stands).toEqual([]);
    expect(host.follows).toEqual([]);
    expect(host.currentTerm).toBe(3);
    expect(host.sent(false)).toEqual([]);
  });

  it("waits for a silent peer's timeout before it gives up", async () => {
    const host = new FakeHost({ b: refuse(), c: silent });
    const { result } = start(host);
    await host.clock.advance(PEER_TIMEOUT_MS - 1);
    expect(result.outcome).toBeUndefined();
    await host.clock.advance(1);
    expect(result.outcome).toEqual({ won: false });
    expect(host.stands).toEqual([]);
  });

  it("adopts a higher term a pre-vote reply reports", async () => {
    const host = new FakeHost({ b: refuse(7), c: refuse() });
    expect(await start(host).done).toEqual({ won: false });
    expect(host.follows).toEqual([7]);
    expect(host.currentTerm).toBe(7);
    expect(host.stands).toEqual([]);
  });

  it("adopts a higher term a vote reply reports, and does not win", async () => {
    const host = new FakeHost({
      b: grant(),
      c: split(grant(), () => ({ reply: { term: 9, granted: false, leaseMs: 0 } })),
    });
    expect(await start(host).done).toEqual({ won: false });
    expect(host.stands).toEqual([4]);
    expect(host.follows).toEqual([9]);
  });

  it("loses the vote when a majority refuses, following its own term as no one's candidate", async () => {
    const host = new FakeHost({ b: split(grant(), refuse(4)), c: split(grant(), refuse(4)) });
    expect(await start(host).done).toEqual({ won: false });
    expect(host.stands).toEqual([4]);
    expect(host.follows).toEqual([4]);
    expect(host.standing(4)).toBe(false);
  });

  it("does not stand when it already leads", async () => {
    const host = new FakeHost({
      b: (request, h) => {
        h.leader = true; // another campaign of this member won meanwhile
        return { reply: { term: voterTerm(request), granted: true, leaseMs: 0 } };
      },
      c: grant(),
    });
    expect(await start(host).done).toEqual({ won: false });
    expect(host.stands).toEqual([]);
    expect(host.sent(false)).toEqual([]);
  });

  it("loses when it no longer stands after the vote: another leader appeared meanwhile", async () => {
    const host = new FakeHost({
      b: split(grant(), grant(0, 100)),
      c: split(grant(), grant(0, 100)),
    });
    const { result } = start(host);
    await host.clock.advance(0);
    expect(host.stands).toEqual([4]);
    // An append of term 5 arrives before the votes: the member follows its leader.
    host.follow(5);
    await host.clock.advance(100);
    expect(result.outcome).toEqual({ won: false });
    expect(host.follows).toEqual([5]);
    expect(host.currentTerm).toBe(5);
  });
});
