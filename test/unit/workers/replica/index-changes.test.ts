import { describe, expect, it } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import { itemSize } from "../../../../shared/api/item-size";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { IndexShape } from "../../../../shared/indexes/entries";
import { storedEntryKey } from "../../../../workers/replica/entry-keys";
import { indexChanges } from "../../../../workers/replica/index-changes";
import { encodeRecord, itemEntry } from "../../../../workers/replica/log-record";

const table: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "S" } };
const byG: IndexShape = {
  name: "byG",
  key: { hash: { name: "g", type: "S" }, range: { name: "n", type: "N" } },
  projection: { type: "INCLUDE", nonKeyAttributes: ["p"] },
};
const S = (S: string) => ({ S });
const N = (N: string) => ({ N });
const key = { pk: S("a"), sk: S("1") };
const stats = { itemCount: 1, sizeBytes: 10 };

/** The wire record at `lsn` of a write of `item` (undefined: a delete) that replaced an item keyed by `g`. */
function wire(lsn: number, item: Item | undefined, g?: Item) {
  const next = item && { item: JSON.stringify(item), size: 50 };
  return { lsn, term: 1, record: encodeRecord(itemEntry("h", key, next, stats, g ? { g } : {})) };
}

const changes = (lsn: number, item: Item | undefined, g?: Item) =>
  indexChanges(wire(lsn, item, g), byG, table, "p0").map(({ h, change }) => ({ h, ...change }));

describe("a global index's changes from a base record", () => {
  it("a new item with the index's key: its entry, projected, sized, hashed by the index's key and versioned by its source", () => {
    const item = { ...key, g: S("x"), n: N("5"), p: S("kept"), q: S("dropped") };
    const [put] = changes(0x2a, item);
    const entry = { ...key, g: S("x"), n: N("5") };
    expect(put).toEqual({
      h: storedEntryKey(entry, { index: byG.key, table }).h,
      kind: "put",
      key: entry,
      itemJson: JSON.stringify({ ...entry, p: S("kept") }),
      size: itemSize({ ...entry, p: S("kept") }) + 100,
      version: "000000000000002a/p0",
    });
    expect(changes(7, item)).toHaveLength(1);
  });

  it("an item without every key attribute of the index is not in it (sparse), and leaves nothing behind", () => {
    expect(changes(3, { ...key, g: S("x") })).toEqual([]);
    expect(changes(3, { ...key, n: N("1") })).toEqual([]);
  });

  it("an item whose index key changes: its old entry is removed and the new one put, with the same version", () => {
    const out = changes(9, { ...key, g: S("y"), n: N("5") }, { g: S("x"), n: N("5") });
    expect(out.map((c) => [c.kind, c.key.g, c.version])).toEqual([
      ["delete", S("x"), "0000000000000009/p0"],
      ["put", S("y"), "0000000000000009/p0"],
    ]);
    expect(out[0].key).toEqual({ ...key, g: S("x"), n: N("5") });
  });

  it("an item that keeps its index key: only the new entry (it replaces the old one in place)", () => {
    const out = changes(9, { ...key, g: S("x"), n: N("5"), p: S("new") }, { g: S("x"), n: N("5") });
    expect(out.map((c) => c.kind)).toEqual(["put"]);
  });

  it("an item that loses its index key, and a delete: the old entry is removed", () => {
    expect(changes(4, { ...key, n: N("5") }, { g: S("x"), n: N("5") }).map((c) => c.kind)).toEqual(["delete"]);
    expect(changes(5, undefined, { g: S("x"), n: N("5") })).toEqual([
      { h: expect.any(String), kind: "delete", key: { ...key, g: S("x"), n: N("5") }, version: "0000000000000005/p0" },
    ]);
    expect(changes(6, undefined)).toEqual([]);
  });
});
