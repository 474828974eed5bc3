/**
 * The log's in-memory tail (workers/replica/log.ts): the newest records are answered from memory,
 * and every answer must equal what the log table holds, through appends, a new leader's truncation,
 * a snapshot's reset, and the tail's bounds. A log opened afresh over the same storage (no tail)
 * is the reference.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { ReplicaLog } from "../../../workers/replica/log";
import type { LogEntry } from "../../../workers/replica/log-record";
import type { ReplicaObject } from "../../../workers/replica/replica-object";
import { ReplicaStorage } from "../../../workers/replica/storage";
import { replica } from "../helpers";

const STATS = { itemCount: 0, sizeBytes: 0 };

/** A put of `bytes` characters of item text, so the tail's size bound can be crossed. */
function entry(i: number, bytes = 10): LogEntry {
  return {
    kind: "put",
    h: "0000000000000000",
    key: { pk: { S: `k${i}` } },
    itemJson: JSON.stringify({ pk: { S: `k${i}` }, pad: { S: "x".repeat(bytes) } }),
    size: bytes,
    stats: STATS,
  };
}

/** Runs `body` over a log of a replica object of its own, with a reference view of its storage. */
async function withLog(body: (log: ReplicaLog, reference: () => ReplicaLog) => void): Promise<void> {
  const ref = { name: `test/log/${crypto.randomUUID()}`, zone: "us-east-1a", locationHint: "enam" };
  await runInDurableObject(replica(ref), (_instance: ReplicaObject, state) => {
    const store = new ReplicaStorage(state.storage.sql);
    body(new ReplicaLog(store), () => new ReplicaLog(store));
  });
}

/** Every `after` and `termAt` answer of `log` equals the reference's, over the whole log and past its ends. */
function expectSameAsStorage(log: ReplicaLog, reference: ReplicaLog): void {
  expect(log.last).toBe(reference.last);
  for (let lsn = Math.max(0, log.first - 2); lsn <= log.last + 1; lsn++) {
    expect(log.termAt(lsn), `termAt(${lsn})`).toBe(reference.termAt(lsn));
    for (const limit of [1, 3, 1000]) {
      expect(log.after(lsn, limit), `after(${lsn}, ${limit})`).toEqual(reference.after(lsn, limit));
    }
  }
}

describe("the log's tail in memory", () => {
  test("answers as the log table does through appends, a truncation and a reset", async () => {
    await withLog((log, reference) => {
      for (let i = 1; i <= 40; i++) log.append(i <= 20 ? 1 : 2, entry(i));
      expect(log.after(10, 2).map((r) => r.lsn)).toEqual([11, 12]);
      expectSameAsStorage(log, reference());

      // A new leader's records replace an uncommitted suffix.
      log.truncateFrom(31);
      for (let i = 31; i <= 35; i++) log.appendWire({ lsn: i, term: 3, record: JSON.stringify({ kind: "noop", i }) });
      expect(log.termAt(30)).toBe(2);
      expect(log.termAt(31)).toBe(3);
      expectSameAsStorage(log, reference());

      // A snapshot replaces the whole log; records then continue from its base.
      log.resetTo({ lsn: 100, term: 4, stats: STATS });
      expect(log.after(99, 10)).toEqual([]);
      for (let i = 101; i <= 104; i++) log.append(4, entry(i));
      expect(log.after(100, 10).map((r) => r.lsn)).toEqual([101, 102, 103, 104]);
      expectSameAsStorage(log, reference());
    });
  });

  test("stays bounded by count and by size, and older records come from storage", async () => {
    await withLog((log, reference) => {
      for (let i = 1; i <= 600; i++) log.append(1, entry(i));
      expectSameAsStorage(log, reference());
      // Records of 10 KB: the size bound keeps far fewer than the count bound.
      for (let i = 601; i <= 700; i++) log.append(1, entry(i, 10_000));
      expectSameAsStorage(log, reference());
      expect(log.after(0, 1000)).toHaveLength(700);
    });
  });
});
