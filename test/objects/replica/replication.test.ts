/**
 * Replication groups of three replica objects, driven through their RPC surface: elections and
 * fencing by term, quorum writes, leases, eventual reads, catch-up and eviction. Faults are
 * injected through the link (workers/link/faults.ts), whose state the test shares with the
 * objects.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, test } from "vitest";
import { faults } from "../../../workers/link/faults";
import type { WireRecord } from "../../../workers/replica/log";
import { encodeRecord } from "../../../workers/replica/log-record";
import type { ReplicaRef } from "../../../workers/replica/protocol";
import type { ReplicaObject } from "../../../workers/replica/replica-object";
import { replicationSettings } from "../../../workers/replica/settings";
import { storedKeyOf } from "../../../workers/replica/stored-key";
import { replica, S } from "../helpers";
import {
  acked,
  converged,
  crash,
  elect,
  get,
  itemsOf,
  keyOf,
  keysOf,
  logOf,
  newGroup,
  put,
  ROUTE,
  SCHEMA,
  status,
  until,
  write,
} from "./group";

const { leaseMs } = replicationSettings(env);
const notLeader = (message: string) => ({ ok: false, error: { type: "NotLeader", message } });

afterEach(() => faults.reset());

/** Cuts `ref`'s zone off from the other members' zones. */
function isolate(ref: ReplicaRef, others: ReplicaRef[]): void {
  for (const other of others) faults.cut(ref.zone, other.zone);
}

describe("election", () => {
  test("a fresh group has no leader: every member refuses a write with NotLeader naming no one", async () => {
    const members = await newGroup();
    for (const ref of members) expect(await write(ref, put("k"))).toEqual(notLeader(""));
    expect(await status(members[0])).toMatchObject({ role: "follower", term: 0, last: 0 });
  });

  test("a campaign makes its member leader of term 1, and the others follow it once it has written", async () => {
    const [a, b, c] = await newGroup();
    expect(await replica(a).campaign()).toEqual({ term: 1, leader: a.name });
    expect(await status(a)).toMatchObject({ role: "leader", term: 1, leader: a.name });
    await acked(a, put("k"));
    await until("b and c follow a in term 1", async () =>
      (await Promise.all([status(b), status(c)])).every(
        (s) => s.role === "follower" && s.term === 1 && s.leader === a.name,
      ),
    );
    expect(await write(b, put("k2"))).toEqual(notLeader(a.name));
    // A campaign on the leader changes nothing.
    expect(await replica(a).campaign()).toEqual({ term: 1, leader: a.name });
  });

  test("a campaign on a follower while the leader is reachable wins a higher term, and the old leader is fenced by it", async () => {
    // Pre-votes are granted on the log alone (the leader grants one too): a router that cannot
    // reach the leader may ask any member with the committed records to take over.
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k1"));
    await converged(a, [a, b, c]);
    expect(await replica(b).campaign()).toEqual({ term: 2, leader: b.name });
    expect(await status(a)).toMatchObject({ role: "follower", term: 2 });
    const refused = await write(a, put("k2"));
    expect(refused).toMatchObject({ ok: false, error: { type: "NotLeader" } });
    expect([b.name, ""]).toContain(refused.ok ? undefined : refused.error.message);

    await acked(b, put("k2"));
    expect(await write(a, put("k3"))).toEqual(notLeader(b.name));
    await converged(b, [a, b, c]);
    for (const ref of [a, b, c]) expect(await keysOf(ref)).toEqual(["k1", "k2"]);
  });

  test("a member cut off from the group campaigns without raising its term, and the leader keeps serving", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k1"));
    isolate(c, [a, b]);
    expect(await replica(c).campaign()).toMatchObject({ term: 1 });
    expect(await status(c)).toMatchObject({ role: "follower", term: 1 });
    expect(await status(a)).toMatchObject({ role: "leader", term: 1 });
    await acked(a, put("k2"));
    faults.reset();
    await acked(a, put("k3"));
    await converged(a, [a, b, c]);
    expect(await status(c)).toMatchObject({ term: 1, leader: a.name });
  });
});

describe("quorum writes", () => {
  test("an acknowledged write is in a follower's log, and soon applied on every member with identical items", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("1") }));
    const followerLogs = [await logOf(b), await logOf(c)];
    const holds = (log: (typeof followerLogs)[number]) =>
      log.some((row) => row.record.kind === "put" && JSON.stringify(row.record.key) === JSON.stringify({ pk: S("k") }));
    expect(followerLogs.some(holds)).toBe(true);

    await converged(a, [a, b, c]);
    const states = await Promise.all([a, b, c].map(status));
    expect(new Set(states.map((s) => s.applied)).size).toBe(1);
    expect(states.map((s) => s.stats)).toEqual([states[0].stats, states[0].stats, states[0].stats]);
    const items = await Promise.all([a, b, c].map(itemsOf));
    expect(items[0]).toHaveLength(1);
    expect(items[1]).toEqual(items[0]);
    expect(items[2]).toEqual(items[0]);
    const logs = await Promise.all([a, b, c].map(logOf));
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
  });
});

describe("leases", () => {
  test("a leader elected right after the old one acknowledged a write asks it to resign, and serves at once once it did", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k1"));
    await converged(a, [a, b, c]);
    const start = Date.now();
    await elect(b);
    await acked(b, put("k2"));
    expect(Date.now() - start).toBeLessThan(0.5 * leaseMs);
    // The old leader resigned, so it knows it is deposed.
    const read = await get(a, "k1", true);
    expect(read).toMatchObject({ ok: false, error: { type: "NotLeader" } });
    expect(await status(a)).toMatchObject({ role: "follower" });
  });

  test("a leader elected while the old one is cut off from it waits out the old lease before acknowledging", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k1"));
    await converged(a, [a, b, c]);
    isolate(a, [b, c]);
    const start = Date.now();
    await elect(b);
    await acked(b, put("k2"));
    expect(Date.now() - start).toBeGreaterThanOrEqual(0.5 * leaseMs);
  });

  test("an old leader cut off from its group has lost its lease once the new leader acknowledges: its strong reads answer NotLeader", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("old") }));
    await converged(a, [a, b, c]);
    isolate(a, [b, c]);
    await elect(b);
    await acked(b, put("k", { v: S("new") }));
    // a never heard of term 2: it still believes it leads, but its lease is over.
    expect(await status(a)).toMatchObject({ role: "leader", term: 1, leaseValid: false });
    expect(await get(a, "k", true)).toMatchObject({ ok: false, error: { type: "NotLeader" } });
    expect(await get(b, "k", true)).toMatchObject({ ok: true, itemJson: JSON.stringify({ pk: S("k"), v: S("new") }) });
  });

  test("a follower that restarts keeps the lease it may have promised: a new leader elected by restarted members still waits it out", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("old") }));
    await converged(a, [a, b, c]);
    isolate(a, [b, c]);
    await evictDurableObject(replica(b));
    await evictDurableObject(replica(c));
    await elect(b);
    await acked(b, put("k", { v: S("new") }));
    // Were the promises forgotten, a would still hold its lease here and serve the old item.
    expect(await status(a)).toMatchObject({ role: "leader", term: 1, leaseValid: false });
    expect(await get(a, "k", true)).toMatchObject({ ok: false, error: { type: "NotLeader" } });
  });
});

describe("restarts after a quiet spell", () => {
  test("members restarted once their stored promises ran out elect a leader that serves at once", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("old") }));
    await converged(a, [a, b, c]);
    // A member's stored bound runs out at most two leases after its last promise; the runtime
    // evicts idle objects, as it does after about ten idle seconds.
    await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs + 100));
    for (const ref of [a, b, c]) await evictDurableObject(replica(ref));
    const start = Date.now();
    await elect(b);
    await acked(b, put("k", { v: S("new") }));
    expect(Date.now() - start).toBeLessThan(0.5 * leaseMs);
  });
});

/** A leader's record putting `{pk}` at `lsn` in `term`, as a test sends it to a follower directly. */
function record(lsn: number, term: number, pk: string): WireRecord {
  return {
    lsn,
    term,
    record: encodeRecord({
      kind: "put",
      h: storedKeyOf(keyOf(pk), SCHEMA).h,
      key: keyOf(pk),
      itemJson: JSON.stringify({ pk: S(pk) }),
      size: 10,
      stats: { itemCount: lsn, sizeBytes: 10 * lsn },
    }),
  };
}

describe("eventual reads", () => {
  test("a follower serves eventually consistent reads and refuses strong ones naming the leader", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("1") }));
    await converged(a, [a, b, c]);
    const item = JSON.stringify({ pk: S("k"), v: S("1") });
    expect(await get(b, "k", false)).toMatchObject({ ok: true, itemJson: item });
    expect(await get(b, "k", true)).toEqual(notLeader(a.name));
    expect(await get(a, "k", true)).toMatchObject({ ok: true, itemJson: item });
    const page = { byteBudget: 1 << 20, countOnly: false, route: ROUTE, partitionKey: S("k"), forward: true };
    expect(await replica(c).query({ ...page, consistent: true })).toEqual(notLeader(a.name));
    expect(await replica(c).query({ ...page, consistent: false })).toMatchObject({ ok: true, count: 1 });
  });

  test("a follower applies a commit notice lazily: in the notice's event nothing is applied, a read applies first, a timer applies otherwise", async () => {
    const [, b] = await newGroup();
    const from = { term: 1, leader: "x" };
    // Records appended are applied with them, up to the commit they carry.
    const records = [record(1, 1, "k1"), record(2, 1, "k2"), record(3, 1, "k3")];
    expect(await replica(b).appendEntries({ ...from, prevLsn: 0, prevTerm: 0, records, commit: 1 })).toEqual({
      term: 1,
      ok: true,
      lsn: 3,
    });
    expect(await status(b)).toMatchObject({ applied: 1, last: 3 });

    const notice = (commit: number) => ({ ...from, prevLsn: 3, prevTerm: 1, records: [], commit });
    const afterNotice = await runInDurableObject(replica(b), async (instance: ReplicaObject) => {
      instance.appendEntries(notice(2));
      const unread = instance.status().applied;
      const read = await instance.get({ route: ROUTE, key: keyOf("k2"), consistent: false });
      return { unread, read, applied: instance.status().applied };
    });
    expect(afterNotice).toEqual({ unread: 1, read: expect.stringContaining('"k2"'), applied: 2 });

    await replica(b).appendEntries(notice(3));
    await until("the timer applies the last commit", async () => (await status(b)).applied === 3);
    expect(await keysOf(b)).toEqual(["k1", "k2", "k3"]);
  });

  test("an eventually consistent read that saw a write a member does not hold is refused; one it holds is applied first", async () => {
    const [, b] = await newGroup();
    const records = [record(1, 2, "k1"), record(2, 2, "k2")];
    await replica(b).appendEntries({ term: 2, leader: "x", prevLsn: 0, prevTerm: 0, records, commit: 1 });
    const read = (seen?: { term: number; lsn: number }) =>
      replica(b).get({ route: ROUTE, key: keyOf("k2"), consistent: false, seen });

    // Not told that lsn 2 is committed: without `seen` the read shows the committed state.
    expect(await read()).toBe("0");
    // A write b has not received, or a record of another term at that lsn: refused.
    expect(await read({ term: 2, lsn: 3 })).toEqual(expect.stringMatching(/^!.*NotLeader/));
    expect(await read({ term: 1, lsn: 2 })).toEqual(expect.stringMatching(/^!.*NotLeader/));
    // b holds the acknowledged record: everything up to it is committed and applied first.
    expect(await read({ term: 2, lsn: 2 })).toMatch(/^\d+ .*"k2"/);
    expect(await status(b)).toMatchObject({ applied: 2 });
    // A write already applied is reached.
    expect(await read({ term: 2, lsn: 1 })).toMatch(/^\d+ .*"k2"/);
  });
});

describe("catch-up", () => {
  test("a follower that was down catches up from the leader's log once it is back", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("first"));
    await crash(c);
    for (let i = 0; i < 20; i++) await acked(a, put(`k${i}`));
    expect((await status(c)).last).toBeLessThan((await status(a)).last - 19);
    faults.restart(c.name);
    await acked(a, put("last"));
    await converged(a, [a, b, c]);
    const leader = await status(a);
    expect(await status(c)).toMatchObject({ applied: leader.commit, stats: leader.stats });
    expect(await itemsOf(c)).toEqual(await itemsOf(a));
    expect(await keysOf(c)).toHaveLength(22);
  });
});

describe("eviction", () => {
  test("an evicted leader comes back as a follower of the same term and log; a campaign elects a leader and no acknowledged write is lost", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    for (let i = 0; i < 5; i++) await acked(a, put(`k${i}`));
    // Every member holds the records, so any of them may win the next election.
    await converged(a, [a, b, c]);
    const before = await status(a);
    await replica(a)
      .evict()
      .catch(() => undefined);
    const after = await status(a);
    expect(after).toMatchObject({ role: "follower", term: before.term, last: before.last, applied: before.applied });
    expect(await write(a, put("refused"))).toMatchObject({ ok: false, error: { type: "NotLeader" } });

    expect(await elect(b)).toBe(before.term + 1);
    await acked(b, put("after"));
    await converged(b, [a, b, c]);
    const keys = ["after", "k0", "k1", "k2", "k3", "k4"];
    for (const ref of [a, b, c]) expect(await keysOf(ref)).toEqual(keys);
  });
});
