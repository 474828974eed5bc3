import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import { itemSize } from "../../../../shared/api/item-size";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { IndexShape } from "../../../../shared/indexes/entries";
import { COLLECTION_SIZE_EXCEEDED } from "../../../../shared/indexes/item-collections";
import { type IndexedWrite, ItemCollections } from "../../../../workers/replica/item-collections";
import type { StoredKey } from "../../../../workers/replica/storage";

const table: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "S" } };
const byL: IndexShape = {
  name: "byL",
  key: { hash: table.hash, range: { name: "l", type: "S" } },
  projection: { type: "ALL" },
};
const keyOf = (pk: string, sk: string): StoredKey => ({
  h: "0000",
  pk: new TextEncoder().encode(pk),
  sk: new TextEncoder().encode(sk),
});
const sized = (item: Item) => ({ item, size: itemSize(item) });

/** An item in byL of `bytes` bytes, and the bytes it adds to its collection (itself and its ALL entry). */
function itemOf(sk: string, bytes: number) {
  const item = { pk: { S: "p" }, sk: { S: sk }, l: { S: "x" }, v: { S: "" } };
  item.v.S = "v".repeat(bytes - itemSize(item));
  return { item: sized(item), adds: 2 * bytes + 100 };
}

/** A fake leadership: its commit index moves as the test says. */
const leadership = (commitIndex = 0) => ({ commitIndex });

function collections(limit: number, applied: Record<string, number> = {}) {
  const reads: string[] = [];
  const sizes = new ItemCollections((_h, pk) => {
    const name = new TextDecoder().decode(pk);
    reads.push(name);
    return applied[name] ?? 0;
  }, limit);
  return { sizes, reads };
}

const write = (over: Partial<IndexedWrite>): IndexedWrite => ({
  key: keyOf("p", "a"),
  before: undefined,
  after: undefined,
  stats: { itemCount: 1, sizeBytes: 1000 },
  indexes: [byL],
  table,
  units: false,
  size: false,
  ...over,
});

describe("ItemCollections", () => {
  test("reports the units by index and the collection's size after the write, applied plus this write", () => {
    const { sizes } = collections(1e9, { p: 5000 });
    const { item, adds } = itemOf("a", 300);
    const decided = sizes.decide(write({ after: item, units: true, size: true }), leadership());
    expect(decided).toEqual({ ok: true, delta: adds, indexUnits: { byL: 1 }, collectionBytes: 5000 + adds });
  });

  test("counts what records ordered and not yet applied add to the collection, until the commit index passes them", () => {
    const { sizes } = collections(1e9, { p: 1000 });
    const lead = leadership(10);
    sizes.ordered(keyOf("p", "a"), 11, 400, lead);
    sizes.ordered(keyOf("p", "b"), 12, 600, lead);
    sizes.ordered(keyOf("q", "a"), 13, 50_000, lead);
    expect(sizes.bytesNow(keyOf("p", "z"), lead)).toBe(2000);
    lead.commitIndex = 11;
    expect(sizes.bytesNow(keyOf("p", "z"), lead)).toBe(1600);
    lead.commitIndex = 13;
    expect(sizes.bytesNow(keyOf("p", "z"), lead)).toBe(1000);
  });

  test("a new leadership forgets the notes of the last one", () => {
    const { sizes } = collections(1e9, { p: 1000 });
    const first = leadership(0);
    sizes.ordered(keyOf("p", "a"), 5, 700, first);
    expect(sizes.bytesNow(keyOf("p", "a"), first)).toBe(1700);
    expect(sizes.bytesNow(keyOf("p", "a"), leadership(0))).toBe(1000);
  });

  test("refuses a write that takes its collection over the limit, with DynamoDB's error", () => {
    const { item, adds } = itemOf("a", 500);
    const { sizes } = collections(4096, { p: 4096 - adds + 1 });
    const stats = { itemCount: 10, sizeBytes: 4000 };
    expect(sizes.decide(write({ after: item, stats }), leadership())).toEqual({
      ok: false,
      error: { type: "ItemCollectionSizeLimitExceededException", message: COLLECTION_SIZE_EXCEEDED },
    });
    const { sizes: room } = collections(4096, { p: 4096 - adds });
    expect(room.decide(write({ after: item, stats }), leadership())).toMatchObject({ ok: true, delta: adds });
  });

  test("a write that shrinks a collection over the limit is allowed", () => {
    const { item } = itemOf("a", 500);
    const { sizes } = collections(1000, { p: 50_000 });
    const stats = { itemCount: 100, sizeBytes: 50_000 };
    expect(sizes.decide(write({ before: item, stats }), leadership())).toMatchObject({ ok: true });
  });

  test("reads no collection when nothing asks for its size and the whole partition is under the limit", () => {
    const { item } = itemOf("a", 500);
    const { sizes, reads } = collections(10_000);
    // (1 + 1 index) × 4000 bytes + 100 × 10 entries = 9000: no collection can pass 10 000.
    sizes.decide(write({ after: item, stats: { itemCount: 10, sizeBytes: 4000 } }), leadership());
    expect(reads).toEqual([]);
    sizes.decide(write({ after: item, stats: { itemCount: 10, sizeBytes: 5000 } }), leadership());
    expect(reads).toEqual(["p"]);
    sizes.decide(write({ after: item, stats: { itemCount: 10, sizeBytes: 4000 }, size: true }), leadership());
    expect(reads).toEqual(["p", "p"]);
  });
});
