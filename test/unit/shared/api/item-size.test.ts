import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { attributeValueSize, itemSize, numberSize, utf8Length } from "../../../../shared/api/item-size";

describe("item-size", () => {
  // Sizes measured against DynamoDB Local's 400 KB boundary (the largest string
  // that still fits beside each value), and matching dynalite's AWS-tested formula.
  it.each<[string, AttributeValue, number]>([
    ["S of 3 ASCII chars", { S: "abc" }, 3],
    ["S of 2-byte chars", { S: "éé" }, 4],
    ["S of 3-byte and 4-byte chars", { S: "€😀" }, 7],
    ["empty S", { S: "" }, 0],
    ["B of 3 bytes", { B: "AAAA" }, 3],
    ["B of 1 byte", { B: "Yg==" }, 1],
    ["BOOL", { BOOL: true }, 1],
    ["NULL", { NULL: true }, 1],
    ["N 0", { N: "0" }, 1],
    ["N 1", { N: "1" }, 2],
    ["N -1", { N: "-1" }, 3],
    ["N 11", { N: "11" }, 2],
    ["N 1.1", { N: "1.1" }, 3],
    ["N 123", { N: "123" }, 3],
    ["N 38 digits", { N: "1".repeat(38) }, 20],
    ["N -38 digits", { N: `-${"1".repeat(38)}` }, 21],
    ["N 1E+125", { N: "1E+125" }, 2],
    ["N 11111 then 121 zeros", { N: `11111${"0".repeat(121)}` }, 4],
    ["N 1111111 then 119 zeros", { N: `1111111${"0".repeat(119)}` }, 5],
    ["SS", { SS: ["ab", "c"] }, 3],
    ["NS", { NS: ["1", "22"] }, 4],
    ["BS", { BS: ["AAAA", "Yg=="] }, 4],
    ["empty L", { L: [] }, 3],
    ["empty M", { M: {} }, 3],
    ["L of one S", { L: [{ S: "abcd" }] }, 8],
    ["L of two S", { L: [{ S: "abcd" }, { S: "" }] }, 9],
    ["M of one entry", { M: { y: { S: "abcd" } } }, 9],
    ["nested M and L", { M: { ab: { L: [{ BOOL: false }] } } }, 3 + 1 + 2 + (3 + 1 + 1)],
  ])("attributeValueSize: %s", (_name, value, size) => {
    expect(attributeValueSize(value)).toBe(size);
  });

  it("itemSize: adds each attribute name's UTF-8 bytes to its value's size", () => {
    expect(itemSize({})).toBe(0);
    expect(itemSize({ pk: { S: "a" }, x: { S: "b".repeat(409596) } })).toBe(409600);
    expect(itemSize({ é: { N: "1" }, b: { NULL: true } })).toBe(2 + 2 + 1 + 1);
  });

  it("numberSize: does not depend on notation", () => {
    expect(numberSize("1.10")).toBe(numberSize("1.1"));
    expect(numberSize("11e-1")).toBe(numberSize("1.1"));
    expect(numberSize("-0")).toBe(1);
  });

  it("utf8Length: agrees with TextEncoder, including unpaired surrogates", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a\ud800b", "\udc00", "x\ud83d"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
