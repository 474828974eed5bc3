import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import { itemSize } from "../../../../shared/api/item-size";
import type { KeySchema } from "../../../../shared/api/key-schema";
import type { IndexShape } from "../../../../shared/indexes/entries";
import { indexesWriteUnits, indexWriteUnits, type SizedItem } from "../../../../shared/indexes/write-units";

const table: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "S" } };
const lsiKey = (name: string): KeySchema => ({ hash: table.hash, range: { name, type: "S" } });
const all: IndexShape = { name: "lsi1", key: lsiKey("lsiSk"), projection: { type: "ALL" } };
const keysOnly: IndexShape = { name: "keys", key: lsiKey("lsiSk"), projection: { type: "KEYS_ONLY" } };
const include: IndexShape = {
  name: "inc",
  key: lsiKey("lsiSk"),
  projection: { type: "INCLUDE", nonKeyAttributes: ["proj"] },
};

const S = (S: string) => ({ S });
const sized = (item: Item): SizedItem => ({ item, size: itemSize(item) });
const base = { pk: S("p"), sk: S("s") };

describe("indexWriteUnits", () => {
  // The LSI column of CONF's measurements (docs/issue-15-dynamodb-behaviour.md 6.1), on lsi1 ALL.
  test.each([
    {
      case: "a new item without the index key (sparse)",
      before: undefined,
      after: { ...base, proj: S("x") },
      units: 0,
    },
    { case: "a new item with the index key", before: undefined, after: { ...base, lsiSk: S("a") }, units: 1 },
    {
      case: "an identical overwrite",
      before: { ...base, lsiSk: S("a"), n: { N: "1" } },
      after: { n: { N: "1.0" }, lsiSk: S("a"), ...base },
      units: 0,
    },
    {
      case: "an update of an attribute only ALL projects",
      before: { ...base, lsiSk: S("a") },
      after: { ...base, lsiSk: S("a"), other: S("y") },
      units: 1,
    },
    {
      case: "an update changing the index key (delete + put)",
      before: { ...base, lsiSk: S("a") },
      after: { ...base, lsiSk: S("b") },
      units: 2,
    },
    {
      case: "an update removing the index key (delete)",
      before: { ...base, lsiSk: S("a") },
      after: { ...base },
      units: 1,
    },
    { case: "a delete of an item in the index", before: { ...base, lsiSk: S("a") }, after: undefined, units: 1 },
    { case: "a delete of a sparse item", before: { ...base }, after: undefined, units: 0 },
  ])("ALL: $case costs $units", ({ before, after, units }) => {
    expect(indexWriteUnits(before && sized(before), after && sized(after), all, table)).toBe(units);
  });

  test.each([
    { index: keysOnly, attribute: "other", units: 0 },
    { index: keysOnly, attribute: "proj", units: 0 },
    { index: include, attribute: "other", units: 0 },
    { index: include, attribute: "proj", units: 1 },
  ])("$index.name: an update of $attribute costs $units", ({ index, attribute, units }) => {
    const before = sized({ ...base, lsiSk: S("a"), [attribute]: S("old") });
    const after = sized({ ...base, lsiSk: S("a"), [attribute]: S("new") });
    expect(indexWriteUnits(before, after, index, table)).toBe(units);
  });

  test("an entry is its projection plus 100 bytes, rounded up to 1 KB per write", () => {
    const big = S("x".repeat(1500));
    const item = sized({ ...base, lsiSk: S("a"), big });
    // ALL: 1.5 KB and more: 2 units; KEYS_ONLY: a few bytes: 1.
    expect(indexWriteUnits(undefined, item, all, table)).toBe(2);
    expect(indexWriteUnits(undefined, item, keysOnly, table)).toBe(1);
    // A key move of the big item: 2 to delete, 2 to put.
    const moved = sized({ ...base, lsiSk: S("b"), big });
    expect(indexWriteUnits(item, moved, all, table)).toBe(4);
    // In place, from a small entry to the big one: the larger.
    expect(indexWriteUnits(sized({ ...base, lsiSk: S("a") }), item, all, table)).toBe(2);
  });

  test("an entry of 924 bytes and 100 of overhead is one unit, one more byte is two", () => {
    const of = (bytes: number) => sized({ ...base, lsiSk: S("a"), v: S("x".repeat(bytes)) });
    const fixed = itemSize({ ...base, lsiSk: S("a"), v: S("") });
    expect(indexWriteUnits(undefined, of(924 - fixed), all, table)).toBe(1);
    expect(indexWriteUnits(undefined, of(925 - fixed), all, table)).toBe(2);
  });
});

describe("indexesWriteUnits", () => {
  test("names each index the write touched, and nothing when it touched none", () => {
    const before = sized({ ...base, lsiSk: S("a"), proj: S("1") });
    const after = sized({ ...base, lsiSk: S("a"), proj: S("2") });
    expect(indexesWriteUnits(before, after, [all, keysOnly, include], table)).toEqual({ lsi1: 1, inc: 1 });
    expect(indexesWriteUnits(before, before, [all, keysOnly, include], table)).toBeUndefined();
    expect(indexesWriteUnits(undefined, sized(base), [all], table)).toBeUndefined();
  });

  test("an index named __proto__ is an own key", () => {
    const units = indexesWriteUnits(
      undefined,
      sized({ ...base, lsiSk: S("a") }),
      [{ ...all, name: "__proto__" }],
      table,
    );
    expect(Object.hasOwn(units!, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(units))).toEqual(units);
  });
});
