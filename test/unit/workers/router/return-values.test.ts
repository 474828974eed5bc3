import { describe, expect, it } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import type { DocumentPath } from "../../../../shared/expressions/ast";
import { returnedAttributes } from "../../../../workers/router/return-values";

const old: Item = {
  pk: { S: "k" },
  x: { N: "1" },
  m: { M: { a: { M: { b: { S: "old-b" }, c: { N: "1" } } }, keep: { S: "mk" } } },
  l: { L: [{ M: { a: { S: "old0" } } }, { M: { a: { S: "old1" } } }] },
};
const after: Item = {
  pk: { S: "k" },
  x: { N: "2" },
  m: { M: { a: { M: { c: { N: "1" } } }, keep: { S: "mk" } } },
  l: { L: [{ M: { a: { S: "old1" } } }] },
};
const written = { old, new: after };

describe("return values", () => {
  it("return values: NONE and no ReturnValues return nothing", () => {
    expect(returnedAttributes(undefined, written)).toEqual({});
    expect(returnedAttributes("NONE", written, [["x"]])).toEqual({});
  });

  it("return values: ALL_OLD and ALL_NEW return the whole item", () => {
    expect(returnedAttributes("ALL_OLD", written)).toEqual({ Attributes: old });
    expect(returnedAttributes("ALL_NEW", written)).toEqual({ Attributes: after });
  });

  it("return values: an absent item returns nothing (a new item's ALL_OLD, a delete's ALL_NEW)", () => {
    expect(returnedAttributes("ALL_OLD", { new: after })).toEqual({});
    expect(returnedAttributes("UPDATED_OLD", { new: after }, [["x"]])).toEqual({});
    expect(returnedAttributes("ALL_NEW", { old })).toEqual({});
  });

  it.each([
    ["UPDATED_OLD", [["x"]], { x: { N: "1" } }],
    ["UPDATED_NEW", [["x"]], { x: { N: "2" } }],
    ["UPDATED_OLD", [["m", "a", "b"]], { m: { M: { a: { M: { b: { S: "old-b" } } } } } }],
    ["UPDATED_NEW", [["m", "a", "b"]], undefined],
    ["UPDATED_OLD", [["l", 0]], { l: { L: [{ M: { a: { S: "old0" } } }] } }],
    ["UPDATED_NEW", [["l", 0]], { l: { L: [{ M: { a: { S: "old1" } } }] } }],
    ["UPDATED_NEW", [["l", 5]], undefined],
    ["UPDATED_NEW", [["x"], ["m", "a", "c"]], { x: { N: "2" }, m: { M: { a: { M: { c: { N: "1" } } } } } }],
    ["UPDATED_NEW", [], undefined],
  ] as ["UPDATED_OLD" | "UPDATED_NEW", DocumentPath[], Item | undefined][])(
    "return values: %s on %j returns %j",
    (mode, paths, expected) => {
      expect(returnedAttributes(mode, written, paths)).toEqual(expected ? { Attributes: expected } : {});
    },
  );
});
