/**
 * Replication groups under faults: writes without a quorum, deposed leaders, and members so far
 * behind that they come back from a snapshot. Faults are injected through the link
 * (workers/link/faults.ts), whose state the test shares with the objects.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, test } from "vitest";
import { faults } from "../../../workers/link/faults";
import { LOG_RETAINED } from "../../../workers/replica/log";
import { encodeRecord, itemEntry } from "../../../workers/replica/log-record";
import type { ReplicaRef, Reply, WriteResult } from "../../../workers/replica/protocol";
import { replicationSettings } from "../../../workers/replica/settings";
import { ReplicaStorage } from "../../../workers/replica/storage";
import { storedKeyOf } from "../../../workers/replica/stored-key";
import { itemOf, replica, S } from "../helpers";
import {
  acked,
  conditionOf,
  converged,
  crash,
  elect,
  get,
  itemsOf,
  keyOf,
  keysOf,
  type LogRow,
  logOf,
  newGroup,
  put,
  SCHEMA,
  snapshotRows,
  status,
  until,
  write,
  writeMany,
} from "./group";

const { writeTimeoutMs } = replicationSettings(env);
const UNKNOWN_OUTCOME = { ok: false, error: { type: "InternalServerError" } };

afterEach(() => faults.reset());

/** A write in flight, with whether it has answered yet. */
function inFlight(reply: Promise<Reply<WriteResult>>) {
  const state = { settled: false, reply };
  void reply.finally(() => {
    state.settled = true;
  });
  return state;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The log rows every member holds up to the lowest applied index: they must be identical. */
async function committedLogs(members: ReplicaRef[]): Promise<LogRow[][]> {
  const applied = Math.min(...(await Promise.all(members.map(status))).map((s) => s.applied));
  return (await Promise.all(members.map(logOf))).map((log) => log.filter((row) => row.lsn <= applied));
}

const keyNamed = (pk: string) => (row: LogRow) =>
  (row.record.kind === "put" || row.record.kind === "delete") &&
  JSON.stringify(row.record.key) === JSON.stringify(keyOf(pk));

describe("writes without a quorum", () => {
  test.each([
    { elected: "b", outcome: "nowhere: b's log never held it and wins", keys: ["after", "k0"] },
    { elected: "a", outcome: "everywhere: a's log holds it and a wins", keys: ["after", "k0", "lost"] },
  ] as const)(
    "a write no follower receives is not acknowledged: it answers an unknown outcome after the write timeout, and ends up committed $outcome",
    async ({ elected, keys }) => {
      const [a, b, c] = await newGroup();
      await elect(a);
      await acked(a, put("k0"));
      await converged(a, [a, b, c]);
      await crash(b);
      await crash(c);
      const started = Date.now();
      const lost = inFlight(write(a, put("lost")));
      await sleep(600);
      expect(lost.settled).toBe(false);
      expect(await lost.reply).toMatchObject(UNKNOWN_OUTCOME);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(writeTimeoutMs - 50);
      expect(elapsed).toBeLessThan(writeTimeoutMs + 500);
      // No quorum and no lease: the leader stepped down, its record uncommitted.
      expect(await status(a)).toMatchObject({ role: "follower", term: 1 });
      expect((await logOf(a)).some(keyNamed("lost"))).toBe(true);

      faults.restart(b.name);
      faults.restart(c.name);
      const leader = elected === "a" ? a : b;
      expect(await elect(leader)).toBe(2);
      await acked(leader, put("after"));
      await converged(leader, [a, b, c]);
      for (const ref of [a, b, c]) expect(await keysOf(ref)).toEqual(keys);
      const logs = await committedLogs([a, b, c]);
      expect(logs[1]).toEqual(logs[0]);
      expect(logs[2]).toEqual(logs[0]);
    },
    15_000,
  );
});

describe("conditions on records not yet committed", () => {
  test("a write refused by a condition on a record not yet committed answers only once that record commits, and an unknown outcome if it never does", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("old") }));
    await converged(a, [a, b, c]);
    const expectsOld = { ...put("k", { v: S("cas") }), condition: conditionOf("v = :old", { ":old": S("old") }) };

    // Committed: the refusal waits for the record it saw, then a strong read shows that record.
    faults.slow(b.name, 150);
    faults.slow(c.name, 150);
    const newer = inFlight(write(a, put("k", { v: S("new") })));
    const refused = inFlight(write(a, expectsOld));
    await sleep(50);
    expect(refused.settled).toBe(false);
    expect(await refused.reply).toMatchObject({ ok: false, error: { type: "ConditionalCheckFailedException" } });
    expect(await newer.reply).toMatchObject({ ok: true });
    expect(await get(a, "k", true)).toMatchObject({ ok: true, itemJson: JSON.stringify(itemOf("k", { v: S("new") })) });

    // Never committed (no follower answers): no ConditionalCheckFailed for a state that never was.
    faults.reset();
    await crash(b);
    await crash(c);
    const lost = inFlight(write(a, put("k", { v: S("lost") })));
    const unsure = inFlight(
      write(a, { ...put("k", { v: S("cas2") }), condition: conditionOf("v = :new", { ":new": S("new") }) }),
    );
    expect(await unsure.reply).toMatchObject(UNKNOWN_OUTCOME);
    expect(await lost.reply).toMatchObject(UNKNOWN_OUTCOME);
  }, 15_000);
});

describe("a new leader's conditions", () => {
  test("a new leader decides its first write on the records its noop committed, a former leader's among them", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k", { v: S("old") }));
    await converged(a, [a, b, c]);

    // A write reaches b alone, and b's answer never reaches a: a record of term 1 that a never commits.
    faults.cut(a.zone, c.zone);
    faults.slow(b.name, 100);
    const orphan = inFlight(write(a, put("k", { v: S("orphan") })));
    await sleep(50);
    faults.stop(a.name);
    await until("b holds the record", async () => (await status(b)).last > (await status(c)).last);
    faults.reset();
    faults.crash(a.name);
    // Every lease promise runs out, so b serves as soon as its noop commits the record.
    await sleep(replicationSettings(env).leaseMs + 100);
    await elect(b);
    const expectsOrphan = {
      ...put("k", { v: S("next") }),
      condition: conditionOf("v = :orphan", { ":orphan": S("orphan") }),
    };
    expect(await write(b, expectsOrphan)).toMatchObject({ ok: true });
    expect(await get(b, "k", true)).toMatchObject({
      ok: true,
      itemJson: JSON.stringify(itemOf("k", { v: S("next") })),
    });
    // Its client never learnt whether it took effect: it did.
    expect(await orphan.reply).toMatchObject(UNKNOWN_OUTCOME);
  }, 15_000);
});

describe("fencing", () => {
  test("a deposed leader cut off from its group cannot commit; once healed, its uncommitted record is replaced by the new leader's", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k0"));
    await converged(a, [a, b, c]);
    faults.cut(a.zone, b.zone);
    faults.cut(a.zone, c.zone);
    expect(await elect(b)).toBe(2);
    // a never heard of term 2 and orders the write in term 1, which no one else can receive.
    const stale = inFlight(write(a, put("stale")));
    await acked(b, put("fresh"));
    expect(stale.settled).toBe(false);
    const staleLsn = (await logOf(a)).find(keyNamed("stale"))?.lsn;
    expect(staleLsn).toBeDefined();

    faults.heal(a.zone, b.zone);
    faults.heal(a.zone, c.zone);
    expect(await stale.reply).toMatchObject(UNKNOWN_OUTCOME);
    await converged(b, [a, b, c]);
    const logs = await committedLogs([a, b, c]);
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    expect(logs[0].find((row) => row.lsn === staleLsn)).toMatchObject({ epoch: 2 });
    for (const ref of [a, b, c]) {
      expect((await logOf(ref)).some(keyNamed("stale"))).toBe(false);
      expect(await keysOf(ref)).toEqual(["fresh", "k0"]);
    }
    expect(await status(a)).toMatchObject({ role: "follower", term: 2, leader: b.name });
  }, 10_000);
});

describe("snapshots", () => {
  test("a member behind the new leader's log comes back from a snapshot with identical items and stats", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("early"));
    await converged(a, [a, b, c]);
    await crash(c);
    const cLast = (await status(c)).last;
    // The leader keeps its log for c, but b, a follower, keeps only the latest records.
    await writeMany(a, "k", 2 * LOG_RETAINED + 100);
    await converged(a, [a, b]);
    const bFirst = (await logOf(b))[0].lsn;
    expect(bFirst).toBeGreaterThan(cLast + 1);
    expect((await logOf(a))[0].lsn).toBeLessThanOrEqual(cLast + 1);

    await elect(b);
    faults.restart(c.name);
    await acked(b, put("late"));
    await converged(b, [a, b, c], 5000);
    expect(await snapshotRows(c)).toBeGreaterThan(0);
    expect((await status(c)).stats).toEqual((await status(b)).stats);
    expect(await itemsOf(c)).toEqual(await itemsOf(b));
    expect(await itemsOf(a)).toEqual(await itemsOf(b));
    expect(await keysOf(c)).toHaveLength(2 * LOG_RETAINED + 102);
  }, 20_000);

  test("a member left half-installed by a snapshot from a former leader gets a whole snapshot from the current one", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    for (let i = 0; i < 5; i++) await acked(a, put(`k${i}`));
    await converged(a, [a, b, c]);
    // c restarts as a member that had received the first page of a snapshot, which deleted its items.
    await runInDurableObject(replica(c), (_instance, state) => {
      const store = new ReplicaStorage(state.storage.sql);
      store.deleteItems();
      store.setState("installing", true);
    });
    await evictDurableObject(replica(c));
    expect(await status(c)).toMatchObject({ installing: true });
    // Its items are incomplete: it serves no read and wins no vote.
    expect(await get(c, "k0", false)).toMatchObject({ ok: false, error: { type: "NotLeader" } });
    expect(await replica(c).campaign()).toMatchObject({ term: 1 });
    expect(await status(a)).toMatchObject({ role: "leader", term: 1 });
    await acked(a, put("late"));
    await converged(a, [a, b, c]);
    // The snapshot holds k0..k4, and "late" too unless it was replayed from the log.
    expect(await snapshotRows(c)).toBeGreaterThanOrEqual(5);
    expect(await status(c)).toMatchObject({ installing: false });
    expect(await itemsOf(c)).toEqual(await itemsOf(a));
  });
});

describe("records waiting on a leader (leader-watch.ts)", () => {
  test("followers holding a record they do not know committed, in a group no request reaches, elect a leader by their alarm and apply it", async () => {
    const [a, b, c] = await newGroup();
    const term = await elect(a);
    await acked(a, put("k0"));
    await converged(a, [a, b, c]);
    const { last } = await status(a);
    // a's next append reaches b and c, and a crashes before any append tells them it committed.
    const key = keyOf("k1");
    const item = JSON.stringify(itemOf("k1"));
    const entry = itemEntry(
      storedKeyOf(key, SCHEMA).h,
      key,
      { item, size: item.length },
      { itemCount: 2, sizeBytes: 0 },
      {},
    );
    const append = { term, leader: a.name, prevLsn: last, prevTerm: term, commit: last };
    for (const follower of [b, c]) {
      const reply = await replica(follower).appendEntries({
        ...append,
        records: [{ lsn: last + 1, term, record: encodeRecord(entry) }],
      });
      expect(reply).toMatchObject({ ok: true, lsn: last + 1 });
    }
    faults.crash(a.name);
    await evictDurableObject(replica(a));
    expect(await status(b)).toMatchObject({ last: last + 1, applied: last });
    expect(await get(b, "k1", false)).toEqual({ ok: true, size: 0 });
    // Past the lease they promised a, b's alarm finds no leader among its peers and campaigns.
    await sleep(replicationSettings(env).leaseMs + 100);
    expect(await runDurableObjectAlarm(replica(b))).toBe(true);
    expect(await status(b)).toMatchObject({ role: "leader", term: term + 1 });
    // Its noop commits the record; both followers learn it and apply it.
    for (const member of [b, c]) {
      await until(`${member.zone} applies it`, async () => (await status(member)).applied >= last + 1);
      expect(await get(member, "k1", false)).toMatchObject({ ok: true, itemJson: item });
    }
  });
});
