import { describe, expect, it } from "vitest";
import type { VoteRequest, VoterState } from "../../../../workers/replica/election";
import { decideVote, logAtLeast } from "../../../../workers/replica/election";

const NOW = 10_000;

/** A voter in term 5 whose log ends at lsn 10 of term 4, having promised no lease. */
const voter = (overrides: Partial<VoterState> = {}): VoterState => ({
  term: 5,
  votedFor: null,
  lastLsn: 10,
  lastTerm: 4,
  promisedUntil: 0,
  ...overrides,
});

const ask = (overrides: Partial<VoteRequest> = {}): VoteRequest => ({
  term: 6,
  candidate: "x",
  lastLsn: 10,
  lastTerm: 4,
  preVote: false,
  ...overrides,
});

describe("logAtLeast", () => {
  it.each<[string, [number, number, number, number], boolean]>([
    ["same term, same lsn", [3, 5, 3, 5], true],
    ["same term, longer", [3, 6, 3, 5], true],
    ["same term, shorter", [3, 4, 3, 5], false],
    ["newer last term wins over a shorter log", [4, 1, 3, 100], true],
    ["older last term loses despite a longer log", [2, 100, 3, 1], false],
    ["two empty logs", [0, 0, 0, 0], true],
    ["an empty log against a non-empty one", [0, 0, 1, 1], false],
  ])("logAtLeast: %s", (_name, [lastTerm, lastLsn, term, lsn], expected) => {
    expect(logAtLeast(lastTerm, lastLsn, term, lsn)).toBe(expected);
  });
});

describe("decideVote", () => {
  it.each<
    [string, VoterState, VoteRequest, { granted: boolean; replyTerm: number; term: number; votedFor: string | null }]
  >([
    [
      "a stale term is refused and changes nothing",
      voter({ votedFor: "y" }),
      ask({ term: 4 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: "y" },
    ],
    [
      "a stale term is refused even with a newer log",
      voter(),
      ask({ term: 4, lastTerm: 9, lastLsn: 99 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: null },
    ],
    [
      "a newer term is adopted and the vote granted to an equal log",
      voter(),
      ask(),
      { granted: true, replyTerm: 6, term: 6, votedFor: "x" },
    ],
    [
      "a newer term forgets the vote of the old term",
      voter({ votedFor: "y" }),
      ask(),
      { granted: true, replyTerm: 6, term: 6, votedFor: "x" },
    ],
    [
      "a newer log term is up to date even when shorter",
      voter(),
      ask({ lastTerm: 5, lastLsn: 3 }),
      { granted: true, replyTerm: 6, term: 6, votedFor: "x" },
    ],
    [
      "a log behind by term is refused, the term still adopted",
      voter({ votedFor: "y" }),
      ask({ lastTerm: 3, lastLsn: 20 }),
      { granted: false, replyTerm: 6, term: 6, votedFor: null },
    ],
    [
      "a log behind by lsn is refused, the term still adopted",
      voter(),
      ask({ lastLsn: 9 }),
      { granted: false, replyTerm: 6, term: 6, votedFor: null },
    ],
    [
      "same term, no vote yet: granted",
      voter(),
      ask({ term: 5 }),
      { granted: true, replyTerm: 5, term: 5, votedFor: "x" },
    ],
    [
      "same term, same candidate again: granted",
      voter({ votedFor: "x" }),
      ask({ term: 5 }),
      { granted: true, replyTerm: 5, term: 5, votedFor: "x" },
    ],
    [
      "same term, another candidate already chosen: refused",
      voter({ votedFor: "y" }),
      ask({ term: 5, lastTerm: 9, lastLsn: 99 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: "y" },
    ],
    [
      "same term, same candidate with a log behind: refused",
      voter({ votedFor: "x" }),
      ask({ term: 5, lastLsn: 9 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: "x" },
    ],
    [
      "a pre-vote is granted on the log alone and changes nothing",
      voter({ votedFor: "y" }),
      ask({ preVote: true }),
      { granted: true, replyTerm: 5, term: 5, votedFor: "y" },
    ],
    [
      "a pre-vote with a log behind is refused and changes nothing",
      voter({ votedFor: "y" }),
      ask({ preVote: true, lastLsn: 9 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: "y" },
    ],
    [
      "a pre-vote of a stale term is refused",
      voter(),
      ask({ preVote: true, term: 4 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: null },
    ],
    [
      "a pre-vote in the current term respects the vote already given",
      voter({ votedFor: "y" }),
      ask({ preVote: true, term: 5 }),
      { granted: false, replyTerm: 5, term: 5, votedFor: "y" },
    ],
  ])("decideVote: %s", (_name, state, request, expected) => {
    const decision = decideVote(state, request, NOW);
    expect(decision).toEqual({
      reply: { term: expected.replyTerm, granted: expected.granted, leaseMs: 0 },
      term: expected.term,
      votedFor: expected.votedFor,
    });
  });

  it.each<[string, number, VoteRequest, number]>([
    ["a granted vote reports the promise left", NOW + 1500, ask(), 1500],
    ["a refused stale vote reports the promise left", NOW + 700, ask({ term: 4 }), 700],
    ["a pre-vote reports the promise left", NOW + 1, ask({ preVote: true }), 1],
    ["a promise ending now is over", NOW, ask(), 0],
    ["an expired promise reports 0", NOW - 500, ask(), 0],
    ["no promise reports 0", 0, ask({ term: 4 }), 0],
  ])("decideVote: leaseMs — %s", (_name, promisedUntil, request, leaseMs) => {
    expect(decideVote(voter({ promisedUntil }), request, NOW).reply.leaseMs).toBe(leaseMs);
  });

  it("names the lease's holder while the lease runs, when the voter knows it", () => {
    const running = decideVote(voter({ promisedUntil: NOW + 800, promisedTo: "old" }), ask(), NOW).reply;
    expect(running).toMatchObject({ granted: true, leaseMs: 800, leaseHolder: "old" });
    const over = decideVote(voter({ promisedUntil: NOW - 1, promisedTo: "old" }), ask(), NOW).reply;
    expect(over.leaseHolder).toBeUndefined();
    const restarted = decideVote(voter({ promisedUntil: NOW + 800 }), ask(), NOW).reply;
    expect(restarted).toMatchObject({ leaseMs: 800 });
    expect(restarted.leaseHolder).toBeUndefined();
  });
});
