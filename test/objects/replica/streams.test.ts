/**
 * A replication group's stream records (workers/replica/stream-records.ts) inside workerd: every
 * member records the same changes at the same sequence numbers, a member rebuilt from a snapshot
 * holds them too, and the leader's `streamRead` serves them in order after a position, with the
 * shard's state; records of a table without a stream are none.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, test } from "vitest";
import { faults } from "../../../workers/link/faults";
import { LOG_RETAINED } from "../../../workers/replica/log";
import type { ReplicaRef, StreamReadRequest } from "../../../workers/replica/protocol";
import { StreamRecords } from "../../../workers/replica/stream-records";
import { ManualClock } from "../../helpers/manual-clock";
import { replica, S } from "../helpers";
import { acked, converged, crash, elect, newGroup, put, ROUTE, snapshotRows, writeMany } from "./group";

afterEach(() => faults.reset());

/** The member's stream table, in lsn order. */
function streamRowsOf(ref: ReplicaRef) {
  return runInDurableObject(replica(ref), (_instance, state) =>
    state.storage.sql
      .exec<{
        lsn: number;
        label: string;
        at: number;
        event: number;
        keys: string;
        old: string | null;
        new: string | null;
      }>("SELECT lsn, label, at, event, keys, old, new FROM stream ORDER BY lsn")
      .toArray(),
  );
}

const read = (ref: ReplicaRef, request: Partial<StreamReadRequest> = {}) =>
  replica(ref).streamRead({ route: ROUTE, label: "L1", after: 0, limit: 100, bytes: 1 << 20, ...request });

describe("stream records in a replication group", () => {
  test("every member records the same changes, and the leader serves them after a position", async () => {
    const [a, b, c] = await newGroup({ stream: "L1" });
    await elect(a);
    await acked(a, put("k", { v: S("1") }));
    await acked(a, put("k", { v: S("1") })); // no change: no record
    await acked(a, put("k", { v: S("2") }));
    await acked(a, { route: ROUTE, key: { pk: S("k") }, action: { kind: "delete" } });
    await converged(a, [a, b, c]);
    const rows = await streamRowsOf(a);
    expect(rows.map((r) => [r.event, r.label])).toEqual([
      [1, "L1"],
      [2, "L1"],
      [3, "L1"],
    ]);
    expect(await streamRowsOf(b)).toEqual(rows);
    expect(await streamRowsOf(c)).toEqual(rows);

    const all = await read(a);
    expect(all).toMatchObject({ ok: true, open: true, horizon: 0, range: { first: rows[0].lsn, last: rows[2].lsn } });
    if (!all.ok) throw new Error("refused");
    expect(all.records.map((r) => r.lsn)).toEqual(rows.map((r) => r.lsn));
    expect(all.records[1]).toMatchObject({ event: 2, old: { item: rows[1].old }, new: { item: rows[1].new } });
    expect(all.applied).toBeGreaterThanOrEqual(rows[2].lsn);
    const after = await read(a, { after: rows[0].lsn, limit: 1 });
    expect(after.ok && after.records.map((r) => r.lsn)).toEqual([rows[1].lsn]);
    expect(await read(a, { label: "other" })).toMatchObject({ ok: true, records: [], open: false });
    // Only the leader serves reads of the stream.
    expect(await read(b)).toMatchObject({ ok: false, error: { type: "NotLeader" } });
  });

  test("a member rebuilt from a snapshot holds the stream records of what it did not apply", async () => {
    const [a, b, c] = await newGroup({ stream: "L1" });
    await elect(a);
    await acked(a, put("early"));
    await converged(a, [a, b, c]);
    await crash(c);
    await writeMany(a, "k", 2 * LOG_RETAINED + 100);
    await converged(a, [a, b]);
    await elect(b);
    faults.restart(c.name);
    await acked(b, put("late"));
    await converged(b, [a, b, c], 5000);
    expect(await snapshotRows(c)).toBeGreaterThan(0);
    const rows = await streamRowsOf(b);
    expect(rows).toHaveLength(2 * LOG_RETAINED + 102);
    expect(await streamRowsOf(c)).toEqual(rows);
    expect(await streamRowsOf(a)).toEqual(rows);
  }, 30_000);

  test("a group whose table has no stream records nothing", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await acked(a, put("k"));
    await converged(a, [a, b, c]);
    for (const ref of [a, b, c]) expect(await streamRowsOf(ref)).toEqual([]);
  });
});

describe("StreamRecords on a replica's storage", () => {
  test("trims the records made before the retention, remembers the highest lsn trimmed, and reads in pages", async () => {
    const [a] = await newGroup({ stream: "L1" });
    await runInDurableObject(replica(a), async (_instance, state) => {
      const clock = new ManualClock(10_000);
      const records = new StreamRecords(state.storage.sql, clock, 1000);
      const row = (at: number) => ({ at, event: 1 as const, keys: '{"pk":{"S":"k"}}', new: { item: "{}", size: 10 } });
      records.put(3, "L1", row(8_000));
      records.put(5, "L1", row(8_500));
      records.put(9, "L2", row(9_500));
      records.put(12, "L1", row(9_900));
      records.put(12, "L1", row(1)); // a record already held is kept
      expect(records.read("L1", 0, 10, 1 << 20).map((r) => [r.lsn, r.at])).toEqual([
        [3, 8_000],
        [5, 8_500],
        [12, 9_900],
      ]);
      // About `bytes` per page, but always one record.
      expect(records.read("L1", 0, 10, 1).map((r) => r.lsn)).toEqual([3]);
      expect(records.range("L1")).toEqual({ first: 3, last: 12 });
      await clock.advance(0);
      records.trimSoon();
      expect(records.horizon).toBe(5);
      expect(records.pageAfter(0, 10).map((r) => [r.lsn, r.label])).toEqual([
        [9, "L2"],
        [12, "L1"],
      ]);
      // Within a tenth of the retention, nothing more is trimmed.
      await clock.advance(50);
      records.trimSoon();
      expect(records.pageAfter(0, 10)).toHaveLength(2);
      await clock.advance(1_000);
      records.trimSoon();
      expect(records.horizon).toBe(12);
      expect(records.range("L1")).toBeUndefined();
    });
  });
});
