import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { extractKey } from "../../../../shared/api/validate-values";
import type { Condition } from "../../../../shared/expressions/ast";
import { compareBytes } from "../../../../shared/expressions/compare";
import { encodeKeyValue } from "../../../../shared/keys/key-encoding";
import type { PageOptions, SortCondition } from "../../../../workers/replica/protocol";
import { readPage, sortBounds } from "../../../../workers/replica/reads";
import type { SortBounds, StoredItem } from "../../../../workers/replica/storage";

const schema: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } };
const keyOf = (item: Item) => extractKey(item, schema);

function row(sk: number, extra: Item = {}, size = 100): StoredItem {
  const item: Item = { pk: { S: "p" }, sk: { N: String(sk) }, ...extra };
  return { h: "0", pk: new Uint8Array([1]), sk: encodeKeyValue(item.sk), item: JSON.stringify(item), size };
}

const rows = (count: number, size = 100) =>
  Array.from({ length: count }, (_, i) => row(i + 1, { v: { N: String(i % 2) } }, size));

const options = (over: Partial<PageOptions> = {}): PageOptions => ({
  byteBudget: 1024 * 1024,
  countOnly: false,
  consistent: false,
  ...over,
});

const evenV: Condition = {
  kind: "compare",
  op: "=",
  left: { kind: "path", path: ["v"] },
  right: { kind: "value", value: { N: "0" } },
};

describe("readPage", () => {
  it("readPage: reads every row and sets no LastEvaluatedKey when the rows run out", () => {
    const page = readPage(rows(3), options(), keyOf);
    expect(page.items.map((item) => item.sk)).toEqual([{ N: "1" }, { N: "2" }, { N: "3" }]);
    expect(page).toMatchObject({ count: 3, scannedCount: 3, bytesRead: 300 });
    expect(page.lastEvaluatedKey).toBeUndefined();
  });

  it("readPage: stops at Limit items read and names the last one read as LastEvaluatedKey", () => {
    const page = readPage(rows(5), options({ limit: 2 }), keyOf);
    expect(page).toMatchObject({ count: 2, scannedCount: 2, bytesRead: 200 });
    expect(page.lastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "2" } });
  });

  it("readPage: a Limit reached on the very last row still sets LastEvaluatedKey (as DynamoDB does)", () => {
    const page = readPage(rows(3), options({ limit: 3 }), keyOf);
    expect(page.lastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "3" } });
  });

  it("readPage: Limit counts items read before the filter; Count counts matches", () => {
    const page = readPage(rows(5), options({ limit: 3, filter: evenV }), keyOf);
    expect(page.scannedCount).toBe(3);
    expect(page.count).toBe(2);
    expect(page.items.map((item) => item.sk)).toEqual([{ N: "1" }, { N: "3" }]);
    expect(page.lastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "3" } });
  });

  it("readPage: the byte budget includes the item that crosses it, then stops", () => {
    const page = readPage(rows(10, 400 * 1024), options(), keyOf);
    expect(page.scannedCount).toBe(3);
    expect(page.bytesRead).toBe(3 * 400 * 1024);
    expect(page.lastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "3" } });
  });

  it("readPage: bytes of filtered-out items count against the budget", () => {
    const page = readPage(rows(10, 300), options({ byteBudget: 1000, filter: evenV }), keyOf);
    expect(page.scannedCount).toBe(4);
    expect(page.count).toBe(2);
  });

  it("readPage: Select COUNT counts matches and returns no items", () => {
    const page = readPage(rows(4), options({ countOnly: true, filter: evenV }), keyOf);
    expect(page.items).toEqual([]);
    expect(page.count).toBe(2);
    expect(page.scannedCount).toBe(4);
  });

  it("readPage: projects the returned items, but LastEvaluatedKey holds the full key", () => {
    const page = readPage(rows(3), options({ limit: 1, projection: [["v"]] }), keyOf);
    expect(page.items).toEqual([{ v: { N: "0" } }]);
    expect(page.lastEvaluatedKey).toEqual({ pk: { S: "p" }, sk: { N: "1" } });
  });

  it("readPage: an empty range gives an empty page without LastEvaluatedKey", () => {
    expect(readPage([], options({ limit: 1 }), keyOf)).toEqual({
      items: [],
      count: 0,
      scannedCount: 0,
      bytesRead: 0,
      lastEvaluatedKey: undefined,
    });
  });
});

/** Whether encoded `value` lies within `bounds`. */
function within(bounds: SortBounds, value: AttributeValue): boolean {
  const bytes = encodeKeyValue(value);
  if (bounds.low) {
    const c = compareBytes(bytes, bounds.low.value);
    if (c < 0 || (c === 0 && !bounds.low.inclusive)) return false;
  }
  if (bounds.high) {
    const c = compareBytes(bytes, bounds.high.value);
    if (c > 0 || (c === 0 && !bounds.high.inclusive)) return false;
  }
  return true;
}

const n = (value: string): AttributeValue => ({ N: value });
const s = (value: string): AttributeValue => ({ S: value });
const b = (...bytes: number[]): AttributeValue => ({ B: Buffer.from(bytes).toString("base64") });

describe("sortBounds", () => {
  const numbers = ["-1e10", "-2.5", "-1", "0", "0.001", "1", "1.5", "2", "10", "1e20"].map(n);
  it.each<[string, SortCondition, string[]]>([
    ["=", { op: "=", value: n("1") }, ["1"]],
    ["<", { op: "<", value: n("1") }, ["-10000000000", "-2.5", "-1", "0", "0.001"]],
    ["<=", { op: "<=", value: n("1") }, ["-10000000000", "-2.5", "-1", "0", "0.001", "1"]],
    [">", { op: ">", value: n("1.5") }, ["2", "10", "100000000000000000000"]],
    [">=", { op: ">=", value: n("1.5") }, ["1.5", "2", "10", "100000000000000000000"]],
    ["BETWEEN", { op: "BETWEEN", low: n("-1"), high: n("2") }, ["-1", "0", "0.001", "1", "1.5", "2"]],
  ])("sortBounds: %s on numbers selects by numeric order", (_, condition, expected) => {
    const bounds = sortBounds(condition);
    const selected = numbers.filter((value) => within(bounds, value)).map((value) => encodeKeyValue(value));
    expect(selected).toEqual(expected.map((text) => encodeKeyValue(n(text))));
  });

  it("sortBounds: begins_with on S selects exactly the strings with that UTF-8 prefix", () => {
    const bounds = sortBounds({ op: "begins_with", prefix: s("ab") });
    const values = ["a", "ab", "abc", "ab\uffff", "ac", "abé", "b", "Ab"];
    expect(values.filter((value) => within(bounds, s(value)))).toEqual(["ab", "abc", "ab\uffff", "abé"]);
  });

  it("sortBounds: begins_with on B whose prefix ends in 0xff carries into the previous byte", () => {
    const bounds = sortBounds({ op: "begins_with", prefix: b(0x01, 0xff) });
    expect(bounds.high).toEqual({ value: new Uint8Array([0x02]), inclusive: false });
    const values = [b(0x01), b(0x01, 0xff), b(0x01, 0xff, 0x00), b(0x01, 0xff, 0xff), b(0x02), b(0x02, 0x00)];
    expect(values.filter((value) => within(bounds, value))).toEqual([
      b(0x01, 0xff),
      b(0x01, 0xff, 0x00),
      b(0x01, 0xff, 0xff),
    ]);
  });

  it("sortBounds: begins_with an all-0xff prefix has no upper bound", () => {
    const bounds = sortBounds({ op: "begins_with", prefix: b(0xff, 0xff) });
    expect(bounds.high).toBeUndefined();
    expect(bounds.low).toEqual({ value: new Uint8Array([0xff, 0xff]), inclusive: true });
  });

  it("sortBounds: no sort condition means no bounds", () => {
    expect(sortBounds(undefined)).toEqual({});
  });
});
