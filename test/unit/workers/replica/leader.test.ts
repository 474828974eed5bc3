import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppendReply, AppendRequest } from "../../../../workers/replica/follower";
import type { LeaderHost } from "../../../../workers/replica/leader";
import { Leader } from "../../../../workers/replica/leader";
import type { WireRecord } from "../../../../workers/replica/log";
import type { ReplicaRef } from "../../../../workers/replica/protocol";
import { ManualClock } from "../../../helpers/manual-clock";

/** How a fake follower answers an append: a reply, a thrown error (unreachable), or undefined (held until settled). */
type Responder = (request: AppendRequest) => AppendReply | Error | undefined;

interface SentAppend {
  peer: string;
  request: AppendRequest;
  settle(answer: AppendReply | Error): void;
}

const ref = (name: string): ReplicaRef => ({ name, zone: "z", locationHint: "wnam" });

/** The reply of a follower that now holds everything the request carried. */
const ackOf = (request: AppendRequest): AppendReply => ({
  term: request.term,
  ok: true,
  lsn: request.records.at(-1)?.lsn ?? request.prevLsn,
});

const ack: Responder = ackOf;
const unreachable: Responder = () => new Error("unreachable");
const hold: Responder = () => undefined;

/** Answers with `replies` in turn, then as `then`. */
function script(replies: (AppendReply | Error)[], then: Responder = hold): Responder {
  let i = 0;
  return (request) => (i < replies.length ? replies[i++] : then(request));
}

/** The leader's replica: an in-memory log, a clock the test moves, and followers the test scripts. */
class FakeHost implements LeaderHost {
  readonly self = "a";
  shipped = () => undefined;
  fed = () => undefined;
  archived = () => undefined;
  readonly clock = new ManualClock(1_000);
  records: WireRecord[] = [];
  /** The last lsn a snapshot left out of the log (its term is `baseTerm`). */
  base = 0;
  baseTerm = 0;
  readonly commits: number[] = [];
  readonly deposedTerms: number[] = [];
  readonly sent: SentAppend[] = [];
  readonly snapshots: string[] = [];
  readonly responders = new Map<string, Responder>();
  leader?: Leader;

  constructor(
    readonly term: number,
    terms: number[],
  ) {
    this.records = terms.map((t, i) => ({ lsn: i + 1, term: t, record: `r${i + 1}` }));
  }

  readonly log = {
    host: this as FakeHost,
    get last(): number {
      return this.host.records.at(-1)?.lsn ?? this.host.base;
    },
    get first(): number {
      return this.host.base + 1;
    },
    termAt(lsn: number): number | undefined {
      if (lsn === this.host.base) return this.host.baseTerm;
      return this.host.records.find((r) => r.lsn === lsn)?.term;
    },
    after(lsn: number, limit: number): WireRecord[] {
      return this.host.records.filter((r) => r.lsn > lsn).slice(0, limit);
    },
  };

  /** Appends a record of this term, as a write would. */
  append(count = 1): number {
    for (let i = 0; i < count; i++) {
      const lsn = this.log.last + 1;
      this.records.push({ lsn, term: this.term, record: `r${lsn}` });
    }
    return this.log.last;
  }

  sendAppend(peer: ReplicaRef, request: AppendRequest): Promise<AppendReply> {
    return new Promise((resolve, reject) => {
      const settle = (answer: AppendReply | Error) => (answer instanceof Error ? reject(answer) : resolve(answer));
      this.sent.push({ peer: peer.name, request, settle });
      const answer = (this.responders.get(peer.name) ?? hold)(request);
      if (answer !== undefined) settle(answer);
    });
  }

  async sendSnapshot(peer: ReplicaRef): Promise<number> {
    this.snapshots.push(peer.name);
    return this.base;
  }

  commit(lsn: number): void {
    this.commits.push(lsn);
  }

  deposed(term: number): void {
    this.deposedTerms.push(term);
    this.leader?.stop();
  }

  to(peer: string): SentAppend[] {
    return this.sent.filter((s) => s.peer === peer);
  }
}

const LEASE_MS = 1_000;
/** What an ack buys: leaseMs less the margin (max(10, leaseMs / 10)). */
const LEASE_GAIN = 900;

let current: Leader | undefined;

/**
 * A leader in term `term` over a log whose record at lsn i + 1 has term terms[i] (the last one
 * being this term's noop), with followers answering as `responders` say (default: held).
 */
function setup(options: {
  terms: number[];
  applied: number;
  term?: number;
  peers?: Record<string, Responder>;
  base?: { lsn: number; term: number };
}): { host: FakeHost; leader: Leader } {
  const host = new FakeHost(options.term ?? options.terms.at(-1) ?? 1, options.terms);
  if (options.base) {
    host.base = options.base.lsn;
    host.baseTerm = options.base.term;
    host.records = host.records.filter((r) => r.lsn > host.base);
  }
  const peers = options.peers ?? { b: hold, c: hold };
  for (const [name, responder] of Object.entries(peers)) host.responders.set(name, responder);
  const voters = [ref(host.self), ...Object.keys(peers).map(ref)];
  const leader = new Leader(host, voters, [], options.applied, { leaseMs: LEASE_MS });
  host.leader = leader;
  current = leader;
  return { host, leader };
}

/** Lets every settled promise chain run, and the rounds the leader put off until its queue drained. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setTimeout(resolve, 1));
};

afterEach(() => {
  current?.stop();
  current = undefined;
  vi.useRealTimers();
});

describe("Leader: commit", () => {
  it("Leader: a record commits when one of two followers acks it (2 of 3), not before", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1 });
    leader.replicate();
    await flush();
    expect(host.to("b")).toHaveLength(1);
    expect(host.to("c")).toHaveLength(1);
    expect(host.to("b")[0].request).toEqual({
      term: 2,
      leader: "a",
      prevLsn: 1,
      prevTerm: 1,
      records: host.records.slice(1),
      commit: 1,
    });
    expect(leader.commitIndex).toBe(1);
    expect(host.commits).toEqual([]);

    host.to("b")[0].settle(ackOf(host.to("b")[0].request));
    await flush();
    expect(leader.commitIndex).toBe(2);
    expect(host.commits).toEqual([2]);
  });

  it("Leader: waitCommit resolves committed once a majority holds the record, at once when already committed", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: ack, c: hold } });
    const lsn = host.append();
    const outcome = leader.waitCommit(lsn, 10_000);
    leader.replicate();
    await expect(outcome).resolves.toBe("committed");
    expect(leader.commitIndex).toBe(3);
    await expect(leader.waitCommit(2, 10_000)).resolves.toBe("committed");
  });

  it("Leader: waitCommit resolves timeout when both followers fail", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: unreachable, c: unreachable } });
    leader.replicate();
    const outcome = leader.waitCommit(2, 50);
    await host.clock.advance(60);
    await expect(outcome).resolves.toBe("timeout");
    expect(leader.commitIndex).toBe(1);
    expect(host.commits).toEqual([]);
    expect(host.to("b").length).toBeGreaterThan(1);
  });

  it("Leader: a group of one commits at once on replicate() and holds its lease", async () => {
    const { host, leader } = setup({ terms: [1, 1, 2], applied: 1, peers: {} });
    expect(leader.holdsLease()).toBe(true);
    leader.replicate();
    expect(leader.commitIndex).toBe(3);
    expect(host.commits).toEqual([3]);
    const lsn = host.append();
    leader.replicate();
    expect(host.commits).toEqual([3, 4]);
    await expect(leader.waitCommit(lsn, 10_000)).resolves.toBe("committed");
    expect(host.sent).toEqual([]);
  });

  it("Leader: records of older terms are not committed by counting, only with one of this term", async () => {
    // 300 records of term 1, then this term's noop at 301; the follower lacks all of them.
    const terms = [...Array<number>(300).fill(1), 2];
    const { host, leader } = setup({ terms, applied: 0 });
    expect(leader.termStart).toBe(301);
    leader.replicate();
    await flush();
    host.to("b")[0].settle({ term: 2, ok: false, lsn: 0 });
    await flush();
    const [, full] = host.to("b");
    expect(full.request.prevLsn).toBe(0);
    expect(full.request.records.map((r) => r.lsn)).toEqual(Array.from({ length: 256 }, (_, i) => i + 1));

    full.settle(ackOf(full.request));
    await flush();
    // The leader and b hold 1..256, a majority, yet none of it is of this term.
    expect(leader.progress()).toContainEqual({ name: "b", voter: true, match: 256, failing: false });
    expect(leader.commitIndex).toBe(0);
    expect(host.commits).toEqual([]);

    const [, , rest] = host.to("b");
    expect(rest.request.records.map((r) => r.lsn)).toEqual(Array.from({ length: 45 }, (_, i) => i + 257));
    rest.settle(ackOf(rest.request));
    await flush();
    expect(leader.commitIndex).toBe(301);
    expect(host.commits).toEqual([301]);
  });
});

describe("Leader: followers", () => {
  it("Leader: a reply with a newer term deposes the leader; stop() resolves waiters deposed", async () => {
    const { host, leader } = setup({
      terms: [1, 2],
      applied: 1,
      peers: { b: script([{ term: 3, ok: false, lsn: 0 }]), c: hold },
    });
    const outcome = leader.waitCommit(2, 10_000);
    leader.replicate();
    await flush();
    expect(host.deposedTerms).toEqual([3]);
    await expect(outcome).resolves.toBe("deposed");
    expect(leader.isActive).toBe(false);
    expect(leader.holdsLease()).toBe(false);
    await expect(leader.waitCommit(2, 10_000)).resolves.toBe("deposed");
    expect(host.to("b")).toHaveLength(1);
    expect(host.commits).toEqual([]);
  });

  it("Leader: stop() resolves every waiter deposed and a later reply changes nothing", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1 });
    leader.replicate();
    const lsn = host.append();
    const outcomes = [leader.waitCommit(2, 10_000), leader.waitCommit(lsn, 10_000)];
    await flush();
    leader.stop();
    await expect(Promise.all(outcomes)).resolves.toEqual(["deposed", "deposed"]);
    host.to("b")[0].settle(ackOf(host.to("b")[0].request));
    await flush();
    expect(leader.commitIndex).toBe(1);
    expect(host.commits).toEqual([]);
  });

  it("Leader: a rejection with an lsn hint moves next back and the next round sends from there", async () => {
    const { host, leader } = setup({
      terms: [1, 1, 1, 1, 1, 2],
      applied: 1,
      peers: { b: script([{ term: 2, ok: false, lsn: 3 }], ack), c: hold },
    });
    leader.replicate();
    await flush();
    const [first, second] = host.to("b");
    expect(first.request).toMatchObject({ prevLsn: 5, prevTerm: 1 });
    expect(first.request.records.map((r) => r.lsn)).toEqual([6]);
    expect(second.request).toMatchObject({ prevLsn: 3, prevTerm: 1 });
    expect(second.request.records.map((r) => r.lsn)).toEqual([4, 5, 6]);
    expect(leader.progress()).toContainEqual({ name: "b", voter: true, match: 6, failing: false });
    expect(leader.commitIndex).toBe(6);
  });

  it("Leader: a follower behind the log's first record gets a snapshot, then the records after it", async () => {
    const { host, leader } = setup({
      terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
      base: { lsn: 8, term: 1 },
      applied: 8,
      peers: { b: script([{ term: 2, ok: false, lsn: 3 }], ack), c: hold },
    });
    leader.replicate();
    await flush();
    expect(host.snapshots).toEqual(["b"]);
    const [, after] = host.to("b");
    expect(after.request).toMatchObject({ prevLsn: 8, prevTerm: 1 });
    expect(after.request.records.map((r) => r.lsn)).toEqual([9, 10, 11]);
    expect(leader.commitIndex).toBe(11);
  });

  it("Leader: one append in flight per follower; records appended meanwhile go in the next batch", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1 });
    leader.replicate();
    await flush();
    host.append(2);
    leader.replicate();
    await flush();
    expect(host.to("b")).toHaveLength(1);
    expect(host.to("c")).toHaveLength(1);

    host.to("b")[0].settle(ackOf(host.to("b")[0].request));
    await flush();
    const [, next] = host.to("b");
    expect(next.request).toMatchObject({ prevLsn: 2, prevTerm: 2, commit: 2 });
    expect(next.request.records.map((r) => r.lsn)).toEqual([3, 4]);
    expect(host.to("b")).toHaveLength(2);
    expect(host.to("c")).toHaveLength(1);
  });

  it("Leader: an up-to-date follower is told the new commit index, then the pump stops", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: ack, c: hold } });
    leader.replicate();
    await flush();
    expect(host.to("b").map((s) => [s.request.records.length, s.request.commit])).toEqual([
      [1, 1],
      [0, 2],
    ]);
    await flush();
    expect(host.to("b")).toHaveLength(2);
    expect(leader.neededLsn()).toBe(1);
  });

  it("Leader: one voter is sent to at once; the other follower and commit notices wait until the queue drains", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { host, leader } = setup({ terms: [1, 2], applied: 1 });
    leader.replicate();
    // b's round went out within replicate(); c's waits for the zero-delay timer.
    expect(host.to("b")).toHaveLength(1);
    expect(host.to("c")).toHaveLength(0);

    host.to("b")[0].settle(ackOf(host.to("b")[0].request));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // Committed by b's ack (the client may be answered), with nothing more sent yet.
    expect(leader.commitIndex).toBe(2);
    expect(host.sent).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(0);
    expect(host.to("c").map((s) => [s.request.records.length, s.request.commit])).toEqual([[1, 2]]);
    expect(host.to("b").map((s) => [s.request.records.length, s.request.commit])).toEqual([
      [1, 1],
      [0, 2],
    ]);
  });

  it("Leader: a failing voter is not the one sent to at once", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: unreachable, c: ack } });
    leader.replicate();
    await flush();
    expect(leader.progress()).toContainEqual({ name: "b", voter: true, match: 0, failing: true });
    expect(leader.commitIndex).toBe(2);
    const sentToC = host.to("c").length;
    host.append();
    leader.replicate();
    expect(host.to("c")).toHaveLength(sentToC + 1);
  });

  it("Leader: a follower that keeps failing is given up after 10 s and retried once on the next write", async () => {
    let cUp = false;
    const { host, leader } = setup({
      terms: [1, 2],
      applied: 1,
      peers: { b: ack, c: (r) => (cUp ? ackOf(r) : new Error("down")) },
    });
    leader.replicate();
    await host.clock.advance(9_000);
    const whileTrying = host.to("c").length;
    expect(whileTrying).toBeGreaterThan(5);
    expect(leader.progress()).toContainEqual({ name: "c", voter: true, match: 0, failing: true });

    await host.clock.advance(3_000);
    const atGiveUp = host.to("c").length;
    expect(atGiveUp).toBeGreaterThan(whileTrying);
    await host.clock.advance(30_000);
    expect(host.to("c")).toHaveLength(atGiveUp);

    host.append();
    leader.replicate();
    await host.clock.advance(5_000);
    expect(host.to("c")).toHaveLength(atGiveUp + 1);

    cUp = true;
    host.append();
    leader.replicate();
    await host.clock.advance(0);
    expect(leader.progress()).toContainEqual({ name: "c", voter: true, match: 4, failing: false });
  });
});

describe("Leader: lease", () => {
  it("Leader: holdsLease is false at first, true from an ack until sentAt + leaseMs - margin", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1 });
    expect(leader.holdsLease()).toBe(false);
    leader.replicate();
    await flush();
    const sentAt = host.clock.now();
    await host.clock.advance(50);
    host.to("b")[0].settle(ackOf(host.to("b")[0].request));
    await flush();
    expect(leader.holdsLease()).toBe(true);
    await host.clock.advance(sentAt + LEASE_GAIN - 1 - host.clock.now());
    expect(leader.holdsLease()).toBe(true);
    await host.clock.advance(1);
    expect(leader.holdsLease()).toBe(false);
  });

  it("Leader: a rejection answers but does not renew the lease", async () => {
    const { host, leader } = setup({ terms: [1, 1, 2], applied: 1 });
    leader.replicate();
    await flush();
    host.to("b")[0].settle({ term: 2, ok: false, lsn: 1 });
    await flush();
    expect(leader.holdsLease()).toBe(false);
    expect(host.to("b")).toHaveLength(2);
  });

  it("Leader: confirmLease sends a round with no records when the lease lapsed", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: ack, c: ack } });
    leader.replicate();
    await flush();
    expect(leader.holdsLease()).toBe(true);
    const before = host.sent.length;
    await expect(leader.confirmLease(1_000)).resolves.toBe(true);
    expect(host.sent).toHaveLength(before);

    await host.clock.advance(5_000);
    expect(leader.holdsLease()).toBe(false);
    await expect(leader.confirmLease(1_000)).resolves.toBe(true);
    await flush();
    const beats = host.sent.slice(before);
    expect(beats.map((s) => s.peer).sort()).toEqual(["b", "c"]);
    for (const beat of beats) expect(beat.request).toMatchObject({ prevLsn: 2, prevTerm: 2, records: [], commit: 2 });
    expect(leader.holdsLease()).toBe(true);
  });

  it("Leader: confirmLease is false when no follower answers in time", async () => {
    const { host, leader } = setup({ terms: [1, 2], applied: 1, peers: { b: unreachable, c: hold } });
    const confirmed = leader.confirmLease(20);
    await host.clock.advance(20);
    await expect(confirmed).resolves.toBe(false);
    expect(host.to("c")).toHaveLength(1);
  });
});
