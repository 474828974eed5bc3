/**
 * A partition's part of a backup inside workerd (workers/replica/backup.ts): a group frozen while
 * writes go on dumps exactly the items it held at the freeze, a new leader carries the dump on,
 * `finish` writes the records after the freeze up to the backup's time and thaws every member.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, test } from "vitest";
import type { Item } from "../../../shared/api/attribute-value";
import { archiveOf } from "../../../workers/archive/archive";
import { faults } from "../../../workers/link/faults";
import type { DumpCursor } from "../../../workers/replica/backup";
import type { ReplicaRef } from "../../../workers/replica/protocol";
import { replica, S } from "../helpers";
import { acked, converged, crash, elect, keyOf, newGroup, put, ROUTE, writeMany } from "./group";

afterEach(() => faults.reset());

const archive = archiveOf(env);
const START: DumpCursor = { pages: 0, items: 0, bytes: 0 };
const decoder = new TextDecoder();

/** The items of every page under `prefix`, by partition key. */
async function dumped(prefix: string): Promise<Record<string, Item>> {
  const out: Record<string, Item> = {};
  for (const key of await archive.list(prefix)) {
    if (!key.includes("/items-")) continue;
    const items = JSON.parse(decoder.decode(await archive.get(key))) as Item[];
    for (const item of items) out[(item.pk as { S: string }).S] = item;
  }
  return out;
}

/** Dumps until done, at `ref` first; at exit: the cursor. */
async function dumpAll(ref: ReplicaRef, backup: string, prefix: string, from = START): Promise<DumpCursor> {
  let cursor = from;
  for (;;) {
    const reply = await replica(ref).backupDump(ROUTE, backup, prefix, cursor);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    cursor = reply.cursor;
    if (reply.done) return cursor;
  }
}

/** What a member's freeze holds: its images' count and its state row. */
const frozenRows = (ref: ReplicaRef) =>
  runInDurableObject(replica(ref), (_instance, state) => ({
    rows: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM frozen").one().n,
    freezes: state.storage.sql.exec<{ value: string }>("SELECT value FROM state WHERE name = 'freezes'").toArray()[0]
      ?.value,
  }));

describe("a partition's backup", () => {
  test("dumps the items as they were at the freeze while writes change, add and delete others", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    for (let i = 0; i < 30; i++) await acked(a, put(`k${i}`, { v: S("before") }));
    const frozen = await replica(a).backupFreeze(ROUTE, "b1");
    expect(frozen).toMatchObject({ ok: true });
    expect(await replica(a).backupFreeze(ROUTE, "b1")).toEqual(frozen); // once per backup
    // Another backup freezes the partition at a later point: its view holds the later writes.
    await acked(a, put("k0", { v: S("between") }));
    expect(await replica(a).backupFreeze(ROUTE, "b2")).toMatchObject({ ok: true });
    for (let i = 0; i < 10; i++) await acked(a, put(`k${i}`, { v: S("after") }));
    for (let i = 10; i < 15; i++) await acked(a, { route: ROUTE, key: keyOf(`k${i}`), action: { kind: "delete" } });
    for (let i = 30; i < 35; i++) await acked(a, put(`k${i}`, { v: S("after") }));
    const prefix = `test-${crypto.randomUUID()}`;
    const cursor = await dumpAll(a, "b1", `${prefix}/b1`);
    expect(cursor.items).toBe(30);
    const items = await dumped(`${prefix}/b1`);
    expect(Object.keys(items).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}`).sort());
    expect(new Set(Object.values(items).map((item) => (item.v as { S: string }).S))).toEqual(new Set(["before"]));
    await dumpAll(a, "b2", `${prefix}/b2`);
    const later = await dumped(`${prefix}/b2`);
    expect(Object.keys(later).length).toBe(30);
    expect(later.k0.v).toEqual(S("between"));
    expect(later.k1.v).toEqual(S("before"));
    // Every member keeps the same images: 20 keys changed since the first freeze, 20 since the second.
    await converged(a, [a, b, c]);
    for (const ref of [a, b, c]) expect((await frozenRows(ref)).rows).toBe(40);
  });

  test("a new leader carries the dump on from the cursor, and finish writes the records up to the backup's time, then thaws", async () => {
    const [a, b, c] = await newGroup();
    await elect(a);
    await writeMany(a, "k", 1200);
    const frozen = await replica(a).backupFreeze(ROUTE, "b1");
    if (!frozen.ok) throw new Error("refused");
    await acked(a, put("k1", { v: S("in time") }));
    const prefix = `test-${crypto.randomUUID()}/p0`;
    // One page (1,000 items) by the old leader, the rest by the new one.
    const page = await replica(a).backupDump(ROUTE, "b1", prefix, START, 0);
    if (!page.ok) throw new Error("refused");
    expect(page).toMatchObject({ done: false, cursor: { pages: 1, items: 1000 } });
    await converged(a, [a, b, c]);
    await crash(a);
    await elect(b);
    await acked(b, put("k2", { v: S("later") }));
    const upTo = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await acked(b, put("k3", { v: S("too late") }));
    const cursor = await dumpAll(b, "b1", prefix, page.cursor);
    expect(cursor).toMatchObject({ pages: 2, items: 1200 });
    const items = await dumped(prefix);
    expect(Object.keys(items).length).toBe(1200);
    expect(items.k1).toEqual({ pk: S("k1"), i: { N: "1" } });

    const finished = await replica(b).backupFinish(ROUTE, "b1", upTo, prefix);
    expect(finished).toMatchObject({ ok: true });
    const log = (
      JSON.parse(decoder.decode(await archive.get(`${prefix}/log.json`))) as [
        number,
        { key: { pk: { S: string } }; item: { v: { S: string } }; t: number },
      ][]
    ).map(([, record]) => record);
    expect(log.map((r) => [r.key.pk.S, r.item.v.S])).toEqual([
      ["k1", "in time"],
      ["k2", "later"],
    ]);
    for (const record of log) expect(record.t).toBeLessThanOrEqual(upTo);
    // Thawed: every live member dropped its images, and a dump is refused.
    await converged(b, [b, c]);
    for (const ref of [b, c]) expect(await frozenRows(ref)).toEqual({ rows: 0, freezes: "[]" });
    expect(await replica(b).backupDump(ROUTE, "b1", prefix, START)).toMatchObject({
      ok: false,
      error: { type: "BackupLost" },
    });
    // Finishing again (an answer lost) answers from the log file; with no file, the freeze is lost.
    expect(await replica(b).backupFinish(ROUTE, "b1", upTo, prefix)).toEqual({ ok: true, records: 2 });
    expect(await replica(b).backupFinish(ROUTE, "b1", upTo, `${prefix}-other`)).toMatchObject({
      ok: false,
      error: { type: "BackupLost" },
    });
  }, 30_000);
});
