/**
 * The admin API's index check (workers/admin/index-check.ts `compareIndex`): an index's entries
 * against the ones its table's items make, by key, with their projections.
 */
import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { IndexShape } from "../../../../shared/indexes/entries";
import { compareIndex } from "../../../../workers/admin/index-check";

const S = (S: string) => ({ S });
const N = (N: string) => ({ N });
const table: KeySchema = { hash: { name: "pk", type: "S" } };
const byG: IndexShape = {
  name: "byG",
  key: { hash: { name: "g", type: "S" }, range: { name: "n", type: "N" } },
  projection: { type: "INCLUDE", nonKeyAttributes: ["p"] },
};

const items: Item[] = [
  { pk: S("a"), g: S("x"), n: N("1"), p: S("kept"), q: S("dropped") },
  { pk: S("b"), g: S("x"), n: N("2") },
  { pk: S("c"), g: S("y") }, // not in the index: no n
];
const entryA = { pk: S("a"), g: S("x"), n: N("1"), p: S("kept") };
const entryB = { pk: S("b"), g: S("x"), n: N("2") };

describe("compareIndex", () => {
  test("the entries the items make, in any order and with attributes in any order: no difference", () => {
    const reordered = { p: S("kept"), n: N("1"), pk: S("a"), g: S("x") };
    expect(compareIndex(items, [entryB, reordered], byG, table)).toEqual({
      missing: [],
      extra: [],
      wrong: [],
      counts: { items: 3, expected: 2, entries: 2, missing: 0, extra: 0, wrong: 0 },
    });
  });

  test.each<[string, Item[], Partial<Record<"missing" | "extra" | "wrong", unknown>>]>([
    ["an entry missing", [entryA], { missing: [{ pk: S("b"), g: S("x"), n: N("2") }] }],
    [
      "an entry no item makes (an item out of the index, or at another key)",
      [entryA, entryB, { pk: S("c"), g: S("y"), n: N("9") }],
      { extra: [{ pk: S("c"), g: S("y"), n: N("9") }] },
    ],
    [
      "an entry left at the old key after a move, the new one missing",
      [entryA, { ...entryB, g: S("old") }],
      { missing: [entryB], extra: [{ ...entryB, g: S("old") }] },
    ],
    ["an entry held twice", [entryA, entryB, entryB], { extra: [entryB] }],
    [
      "an entry with an attribute the index does not project",
      [{ ...entryA, q: S("dropped") }, entryB],
      {
        wrong: [
          { key: { pk: S("a"), g: S("x"), n: N("1") }, expected: entryA, actual: { ...entryA, q: S("dropped") } },
        ],
      },
    ],
    [
      "an entry with a stale projected attribute",
      [{ ...entryA, p: S("old") }, entryB],
      { wrong: [{ key: { pk: S("a"), g: S("x"), n: N("1") }, expected: entryA, actual: { ...entryA, p: S("old") } }] },
    ],
  ])("%s is reported", (_, entries, differences) => {
    const found = compareIndex(items, entries, byG, table);
    expect(found).toMatchObject({ missing: [], extra: [], wrong: [], ...differences });
    expect(found.counts).toMatchObject({
      missing: found.missing.length,
      extra: found.extra.length,
      wrong: found.wrong.length,
    });
  });

  test("sets compare as sets, maps by their keys", () => {
    const all: IndexShape = { ...byG, projection: { type: "ALL" } };
    const item = { pk: S("a"), g: S("x"), n: N("1"), s: { SS: ["b", "a"] }, m: { M: { y: N("1"), x: N("2") } } };
    const entry = { pk: S("a"), g: S("x"), n: N("1"), s: { SS: ["a", "b"] }, m: { M: { x: N("2"), y: N("1") } } };
    expect(compareIndex([item], [entry], all, table).counts.wrong).toBe(0);
    const other = { ...entry, m: { L: [N("2"), N("1")] } };
    expect(compareIndex([{ ...item, m: { L: [N("1"), N("2")] } }], [other], all, table).counts.wrong).toBe(1);
  });

  test("lists at most `listed` of each kind and counts them all", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ pk: S(`k${i}`), g: S("x"), n: N(String(i)) }));
    const found = compareIndex(many, [], byG, table, 2);
    expect(found.missing).toHaveLength(2);
    expect(found.counts.missing).toBe(5);
  });
});
