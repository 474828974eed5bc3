/**
 * The backfill of a global index added to a table that holds data (index-feeder.ts): which items a
 * copy puts and how, and the invariant the whole design rests on. Whatever the interleaving of
 * writes, copied pages and fed changes, and in whatever order they reach the index (last writer
 * wins by version), the index ends up equal to the one recomputed from the table: copies are
 * versioned by the applied lsn A the copy started from and read states at or past A, and the
 * feeder delivers every change past its cursor, at or below A.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { entryKey, type IndexShape, indexKeyAttributes, projectForIndex } from "../../../../shared/indexes/entries";
import { changeVersion, copiedEntry, fitsIndex, indexChanges } from "../../../../workers/replica/index-changes";
import { encodeRecord, itemEntry } from "../../../../workers/replica/log-record";
import type { RemoteChange } from "../../../../workers/replica/protocol";

const table: KeySchema = { hash: { name: "pk", type: "S" } };
const byG: IndexShape = {
  name: "byG",
  key: { hash: { name: "g", type: "S" }, range: { name: "n", type: "N" } },
  projection: { type: "INCLUDE", nonKeyAttributes: ["p"] },
};
const S = (S: string) => ({ S });
const N = (N: string) => ({ N });
const stats = { itemCount: 0, sizeBytes: 0 };

describe("what a backfill copies", () => {
  it("fitsIndex: every key attribute present, of the index's type, not empty", () => {
    expect(fitsIndex({ pk: S("a"), g: S("x"), n: N("1") }, byG)).toBe(true);
    expect(fitsIndex({ pk: S("a"), g: S("x") }, byG)).toBe(false);
    expect(fitsIndex({ pk: S("a"), g: N("1"), n: N("1") }, byG)).toBe(false);
    expect(fitsIndex({ pk: S("a"), g: S(""), n: N("1") }, byG)).toBe(false);
    expect(fitsIndex({ pk: S("a"), g: S("x"), n: S("1") }, byG)).toBe(false);
  });

  it("copiedEntry: an item's entry, projected and versioned by the copy's start; none for an item outside the index", () => {
    const item = { pk: S("a"), g: S("x"), n: N("2"), p: S("kept"), q: S("dropped") };
    const [copy] = copiedEntry({ item: JSON.stringify(item), size: 40 }, byG, table, changeVersion(0x10, "p1"));
    expect(copy.change).toMatchObject({
      kind: "put",
      key: { pk: S("a"), g: S("x"), n: N("2") },
      itemJson: JSON.stringify({ pk: S("a"), g: S("x"), n: N("2"), p: S("kept") }),
      version: "0000000000000010/p1",
    });
    expect(
      copiedEntry({ item: JSON.stringify({ pk: S("a"), g: N("5"), n: N("2") }), size: 9 }, byG, table, "v"),
    ).toEqual([]);
  });

  it("indexChanges: a write of an index key of another type (made before the partition knew the index) is left out", () => {
    const key = { pk: S("a") };
    const record = encodeRecord(
      itemEntry("h", key, { item: JSON.stringify({ ...key, g: N("1"), n: N("1") }), size: 9 }, stats, {}),
    );
    expect(indexChanges({ lsn: 3, term: 1, record }, byG, table, "p0")).toEqual([]);
  });
});

/** One write of the model: item `id` put with these attributes (undefined: absent), or deleted. */
type Write = { id: number; kind: "delete" } | { id: number; kind: "put"; g?: number; n?: number; p: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ id: fc.nat(5), kind: fc.constant("delete" as const) }),
  fc.record({
    id: fc.nat(5),
    kind: fc.constant("put" as const),
    g: fc.option(fc.nat(2), { nil: undefined }),
    n: fc.option(fc.nat(2), { nil: undefined }),
    p: fc.nat(3),
  }),
);

const itemOf = (w: Extract<Write, { kind: "put" }>): Item => ({
  pk: S(`i${w.id}`),
  ...(w.g === undefined ? {} : { g: S(`g${w.g}`) }),
  ...(w.n === undefined ? {} : { n: N(String(w.n)) }),
  p: S(`p${w.p}`),
});

/**
 * The partition's log of `writes` (lsn 1..M), each recording the replaced item's index key
 * attributes as the leader does, and the items after each lsn (`states[k]`: after lsn k).
 */
function partitionOf(writes: Write[]) {
  const states: Map<number, Item>[] = [new Map()];
  const records: { lsn: number; term: number; record: string }[] = [];
  writes.forEach((w, i) => {
    const state = new Map(states[i]);
    const old = state.get(w.id);
    const g = indexKeyAttributes(old, [byG]);
    const next = w.kind === "put" ? itemOf(w) : undefined;
    if (next) state.set(w.id, next);
    else state.delete(w.id);
    const entry = itemEntry(
      "h",
      { pk: S(`i${w.id}`) },
      next && { item: JSON.stringify(next), size: 20 },
      stats,
      g ? { g } : {},
    );
    records.push({ lsn: i + 1, term: 1, record: encodeRecord(entry) });
    states.push(state);
  });
  return { states, records };
}

/** The copy of the items in `states[at]` with ids in [from, to), versioned by `start`. */
function copyPage(states: Map<number, Item>[], at: number, from: number, to: number, start: number) {
  return [...states[at]]
    .filter(([id]) => id >= from && id < to)
    .flatMap(([, item]) =>
      copiedEntry({ item: JSON.stringify(item), size: 20 }, byG, table, changeVersion(start, "p0")),
    )
    .map((c) => c.change);
}

/** An index partition: per entry key, the change of the greatest version (tombstones kept); equal versions skip. */
function applyAll(changes: RemoteChange[]): Map<string, string> {
  const held = new Map<string, RemoteChange>();
  for (const change of changes) {
    const key = JSON.stringify(change.key);
    const stored = held.get(key);
    if (!stored || change.version > stored.version) held.set(key, change);
  }
  const entries = new Map<string, string>();
  for (const [key, change] of held) if (change.kind === "put") entries.set(key, change.itemJson);
  return entries;
}

/** The index recomputed from the table's items. */
function recomputed(items: Map<number, Item>): Map<string, string> {
  const entries = new Map<string, string>();
  for (const item of items.values()) {
    if (!fitsIndex(item, byG)) continue;
    entries.set(JSON.stringify(entryKey(item, byG, table)), JSON.stringify(projectForIndex(item, byG, table)));
  }
  return entries;
}

/** A deterministic shuffle by `seed`. */
function shuffled<T>(values: T[], seed: number): T[] {
  const out = [...values];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("a backfill while writes go on", () => {
  it("the index equals the one recomputed from the table, whatever the interleaving and delivery order, across a leader's restart of the copy", () => {
    fc.assert(
      fc.property(
        fc.array(write, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        fc.nat(),
        (writes, draws, seed) => {
          const { states, records } = partitionOf(writes);
          const m = records.length;
          // A first leader starts at a1 (its cursor), feeds up to c, copies some pages; a second one
          // restarts at a2 >= c from cursor c (the one its followers kept) and copies everything.
          const pageAt = (low: number, draw: number) => low + (draw % (m - low + 1));
          const a1 = pageAt(0, draws[0]);
          const c = pageAt(a1, draws[1]);
          const a2 = pageAt(c, draws[2]);
          const changes: RemoteChange[] = [];
          // First copy: the pages of ids [0, 3) only, each read at some state at or past a1.
          changes.push(...copyPage(states, pageAt(a1, draws[3]), 0, 2, a1));
          changes.push(...copyPage(states, pageAt(a1, draws[4]), 2, 3, a1));
          // The feeder: (a1, c] by the first leader, then (c, m] by the second (some again).
          const fed = (from: number, to: number) =>
            records.slice(from, to).flatMap((r) => indexChanges(r, byG, table, "p0").map((x) => x.change));
          changes.push(...fed(a1, c), ...fed(Math.max(a1, c - 2), m));
          // Second copy: every page, read at nondecreasing states at or past a2.
          const t1 = pageAt(a2, draws[5]);
          const t2 = pageAt(t1, draws[6]);
          changes.push(...copyPage(states, t1, 0, 3, a2), ...copyPage(states, t2, 3, 6, a2));
          const index = applyAll(shuffled(changes, seed));
          expect(Object.fromEntries(index)).toEqual(Object.fromEntries(recomputed(states[m])));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
