import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { compareBytes, encodeKeyValue } from "../../../../shared/keys/key-encoding";
import { type EntryKeySchema, entrySortBounds, storedEntryKey } from "../../../../workers/replica/entry-keys";
import type { SortCondition } from "../../../../workers/replica/protocol";
import type { SortBounds } from "../../../../workers/replica/storage";

const index: KeySchema = { hash: { name: "g", type: "S" }, range: { name: "r", type: "B" } };
const table: KeySchema = { hash: { name: "pk", type: "B" }, range: { name: "sk", type: "S" } };
const keys: EntryKeySchema = { index, table };

/** Short byte strings, rich in 0x00, 0x01 and 0xFF: what could make one part run into the next. */
const bytes = fc.uint8Array({ minLength: 1, maxLength: 4 }).map((a) => a.map((b) => [0, 1, 2, 0xfe, 0xff][b % 5]));
const b64 = (a: Uint8Array) => Buffer.from(a).toString("base64");
const entry = fc
  .record({ r: bytes, pk: bytes, sk: fc.constantFrom("a", "ab", "b") })
  .map(({ r, pk, sk }): Item => ({ g: { S: "x" }, r: { B: b64(r) }, pk: { B: b64(pk) }, sk: { S: sk } }));

const cmp = (a: AttributeValue, b: AttributeValue) => compareBytes(encodeKeyValue(a), encodeKeyValue(b));
/** Entries' order: the index's sort key, then the table's partition key, then its sort key. */
const entryOrder = (a: Item, b: Item) => cmp(a.r, b.r) || cmp(a.pk, b.pk) || cmp(a.sk, b.sk);

function within(bounds: SortBounds, sk: Uint8Array): boolean {
  const { low, high } = bounds;
  if (low && (low.inclusive ? compareBytes(sk, low.value) < 0 : compareBytes(sk, low.value) <= 0)) return false;
  if (high && (high.inclusive ? compareBytes(sk, high.value) > 0 : compareBytes(sk, high.value) >= 0)) return false;
  return true;
}

function matches(value: AttributeValue, sort: SortCondition): boolean {
  switch (sort.op) {
    case "=":
      return cmp(value, sort.value) === 0;
    case "<":
      return cmp(value, sort.value) < 0;
    case "<=":
      return cmp(value, sort.value) <= 0;
    case ">":
      return cmp(value, sort.value) > 0;
    case ">=":
      return cmp(value, sort.value) >= 0;
    case "BETWEEN":
      return cmp(value, sort.low) >= 0 && cmp(value, sort.high) <= 0;
    case "begins_with": {
      const v = encodeKeyValue(value);
      const p = encodeKeyValue(sort.prefix);
      return p.length <= v.length && compareBytes(v.subarray(0, p.length), p) === 0;
    }
  }
}

describe("global index entry keys", () => {
  it("order entries by the index's sort key, then the table's key, whatever bytes the parts hold", () => {
    fc.assert(
      fc.property(entry, entry, (a, b) => {
        const order = Math.sign(compareBytes(storedEntryKey(a, keys).sk, storedEntryKey(b, keys).sk));
        expect(order).toBe(Math.sign(entryOrder(a, b)));
      }),
    );
  });

  it("hash entries by the index's partition key", () => {
    const a = storedEntryKey({ g: { S: "x" }, r: { B: "AA==" }, pk: { B: "AQ==" }, sk: { S: "a" } }, keys);
    const b = storedEntryKey({ g: { S: "x" }, r: { B: "Ag==" }, pk: { B: "Aw==" }, sk: { S: "b" } }, keys);
    expect(a.h).toBe(b.h);
    expect(a.pk).toEqual(b.pk);
  });

  it("turn each key condition on the index's sort key into exactly the entries it matches", () => {
    const value = bytes.map((a): AttributeValue => ({ B: b64(a) }));
    const condition: fc.Arbitrary<SortCondition> = fc.oneof(
      fc.record({ op: fc.constantFrom("=", "<", "<=", ">", ">=" as const), value }),
      fc.record({ op: fc.constant("BETWEEN" as const), low: value, high: value }),
      fc.record({ op: fc.constant("begins_with" as const), prefix: value }),
    );
    fc.assert(
      fc.property(condition, fc.array(entry, { maxLength: 20 }), (sort, entries) => {
        const bounds = entrySortBounds(sort);
        for (const e of entries) expect(within(bounds, storedEntryKey(e, keys).sk)).toBe(matches(e.r, sort));
      }),
    );
  });
});
