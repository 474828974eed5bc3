import { describe, expect, it } from "vitest";
import { VoteState } from "../../../../workers/replica/vote-state";
import { ManualClock } from "../../../helpers/manual-clock";
import { MemoryStorage } from "../../../helpers/memory-storage";

const LEASE_MS = 1_000;

function setup(options: { store?: MemoryStorage; clock?: ManualClock; grouped?: boolean } = {}) {
  const store = options.store ?? new MemoryStorage();
  const clock = options.clock ?? new ManualClock();
  const votes = new VoteState(store, clock, LEASE_MS, options.grouped ?? true);
  return { store, clock, votes };
}

describe("terms and votes", () => {
  it("starts in term 0 with no vote and no promise", () => {
    const { votes } = setup();
    expect(votes.term).toBe(0);
    expect(votes.votedFor).toBeNull();
    expect(votes.promisedUntil).toBe(0);
    expect(votes.promiseLeftMs()).toBe(0);
  });

  it("adopts a newer term, clearing the vote, durably", () => {
    const { store, votes } = setup();
    votes.adopt(3);
    votes.vote("b");
    expect(votes.adopt(4)).toBe(true);
    expect(votes.term).toBe(4);
    expect(votes.votedFor).toBeNull();
    expect(store.getState("term")).toBe(4);
    expect(store.getState("votedFor")).toBeNull();
  });

  it("ignores a term that is not newer, keeping the vote and writing nothing", () => {
    const { store, votes } = setup();
    votes.adopt(3);
    votes.vote("b");
    const writes = store.stateWrites.length;
    expect(votes.adopt(3)).toBe(false);
    expect(votes.adopt(2)).toBe(false);
    expect(votes.term).toBe(3);
    expect(votes.votedFor).toBe("b");
    expect(store.stateWrites.length).toBe(writes);
  });

  it("stores a vote once, and a restarted state keeps its term and vote", () => {
    const { store, clock, votes } = setup();
    votes.adopt(5);
    votes.vote("c");
    votes.vote("c");
    expect(store.writesOf("votedFor")).toBe(2); // the adopt's null, then "c" once
    const restarted = setup({ store, clock }).votes;
    expect(restarted.term).toBe(5);
    expect(restarted.votedFor).toBe("c");
  });

  it("reports what a vote decision needs", () => {
    const { clock, votes } = setup();
    votes.adopt(2);
    votes.vote("a");
    votes.promise("leader");
    expect(votes.voter(9, 2)).toEqual({
      term: 2,
      votedFor: "a",
      lastLsn: 9,
      lastTerm: 2,
      promisedUntil: clock.now() + LEASE_MS,
      promisedTo: "leader",
    });
  });
});

describe("lease promises", () => {
  it("promises a lease from now, which counts down with the clock", async () => {
    const { clock, votes } = setup();
    votes.promise("leader");
    expect(votes.promisedUntil).toBe(clock.now() + LEASE_MS);
    expect(votes.promiseLeftMs()).toBe(LEASE_MS);
    await clock.advance(300);
    expect(votes.promiseLeftMs()).toBe(LEASE_MS - 300);
    await clock.advance(LEASE_MS);
    expect(votes.promiseLeftMs()).toBe(0);
  });

  it("stores a bound at least as late as every promise", async () => {
    const { store, clock, votes } = setup();
    for (let i = 0; i < 50; i++) {
      votes.promise("leader");
      expect(store.getState<number>("promised")).toBeGreaterThanOrEqual(votes.promisedUntil);
      await clock.advance(70);
    }
  });

  it("raises the stored bound about once per lease while a leader keeps it busy", async () => {
    const { store, clock, votes } = setup();
    const leases = 10;
    const step = 100;
    for (let t = 0; t <= leases * LEASE_MS; t += step) {
      votes.promise("leader");
      await clock.advance(step);
    }
    // Each write bounds the promises of the next lease and a step: once per 1,100 ms here.
    const writes = store.writesOf("promised");
    expect(writes).toBeGreaterThanOrEqual(leases - 1);
    expect(writes).toBeLessThanOrEqual(leases + 1);
  });

  it("a restarted member keeps its promise until the stored bound", async () => {
    const { store, clock, votes } = setup();
    votes.adopt(1);
    votes.promise("leader");
    const bound = store.getState<number>("promised")!;
    expect(bound).toBeGreaterThanOrEqual(votes.promisedUntil);
    await clock.advance(200);

    const restarted = setup({ store, clock }).votes;
    expect(restarted.promisedUntil).toBe(bound);
    // Whom it promised is not stored: a leader it votes for cannot ask that one to resign.
    expect(restarted.promisedTo).toBeUndefined();
    expect(restarted.promiseLeftMs()).toBe(bound - clock.now());
    expect(restarted.promiseLeftMs()).toBeGreaterThanOrEqual(LEASE_MS - 200);
  });

  it("a restarted member that stored no bound (older state) promises a whole lease from now", async () => {
    const store = new MemoryStorage();
    store.setState("term", 4);
    const clock = new ManualClock();
    await clock.advance(5_000);
    const { votes } = setup({ store, clock });
    expect(votes.promisedUntil).toBe(clock.now() + LEASE_MS);
    expect(votes.promiseLeftMs()).toBe(LEASE_MS);
  });

  it("a member that cannot have promised anything starts with no promise", () => {
    const alone = new MemoryStorage();
    alone.setState("term", 4);
    expect(setup({ store: alone, grouped: false }).votes.promisedUntil).toBe(0);
    // Term 0: it never followed a leader.
    expect(setup({ store: new MemoryStorage(), grouped: true }).votes.promisedUntil).toBe(0);
  });

  it("adopting a term stores the bound with it", async () => {
    const store = new MemoryStorage();
    store.setState("term", 4);
    const { clock, votes } = setup({ store });
    // The unbounded case: its whole lease from now is stored with the next term.
    votes.adopt(5);
    expect(store.getState<number>("promised")).toBe(clock.now() + LEASE_MS);
    await clock.advance(LEASE_MS * 3);
    const restarted = setup({ store, clock }).votes;
    expect(restarted.term).toBe(5);
    expect(restarted.promiseLeftMs()).toBe(0);
  });
});
