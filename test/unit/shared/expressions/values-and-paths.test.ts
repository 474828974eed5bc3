import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import { compareScalars, compareStrings, valuesEqual } from "../../../../shared/expressions/compare";
import { checkUpdatablePath, getPath, modifyPath } from "../../../../shared/expressions/paths";
import { applyUpdate } from "../../../../shared/expressions/plan";
import { update, validationMessage } from "./helpers";

describe("compare", () => {
  it.each<[string, string, number]>([
    ["a", "b", -1],
    ["b", "a", 1],
    ["a", "ab", -1],
    ["Z", "a", -1],
    ["\uffff", "😀", -1],
    ["é", "\uffff", -1],
    ["😀", "😁", -1],
    ["same", "same", 0],
  ])("compare: %j against %j orders like UTF-8 bytes", (a, b, sign) => {
    expect(Math.sign(compareStrings(a, b))).toBe(sign);
  });

  it.each<[AttributeValue, AttributeValue, number | undefined]>([
    [{ N: "10" }, { N: "9" }, 1],
    [{ N: "-1e2" }, { N: "-99" }, -1],
    [{ N: "1.0" }, { N: "1" }, 0],
    [{ B: "AQ==" }, { B: "AQI=" }, -1],
    [{ B: "/w==" }, { B: "AQ==" }, 1],
    [{ S: "1" }, { N: "1" }, undefined],
    [{ BOOL: true }, { BOOL: true }, undefined],
  ])("compare: orders %j and %j", (a, b, sign) => {
    const result = compareScalars(a, b);
    expect(result === undefined ? undefined : Math.sign(result)).toBe(sign);
  });

  it.each<[AttributeValue, AttributeValue, boolean]>([
    [{ N: "5" }, { N: "5.000" }, true],
    [{ NS: ["1", "2"] }, { NS: ["2.0", "1"] }, true],
    [{ SS: ["a"] }, { SS: ["a", "b"] }, false],
    [{ L: [{ N: "1" }] }, { L: [{ N: "1.0" }] }, true],
    [{ M: { a: { S: "x" } } }, { M: { a: { S: "x" }, b: { S: "y" } } }, false],
    [{ NULL: true }, { NULL: true }, true],
    [{ S: "" }, { B: "" }, false],
  ])("compare: %j equals %j: %s", (a, b, equal) => {
    expect(valuesEqual(a, b)).toBe(equal);
  });
});

describe("paths", () => {
  const item: Item = { a: { M: { b: { L: [{ S: "x" }, { S: "y" }] } } }, s: { S: "str" } };

  it("paths: getPath walks maps and lists, undefined when a step is missing or mistyped", () => {
    expect(getPath(item, ["a", "b", 1])).toEqual({ S: "y" });
    expect(getPath(item, ["a", "b", 5])).toBeUndefined();
    expect(getPath(item, ["a", 0])).toBeUndefined();
    expect(getPath(item, ["s", "x"])).toBeUndefined();
    expect(getPath(undefined, ["a"])).toBeUndefined();
    expect(getPath({}, ["toString"])).toBeUndefined();
  });

  it("paths: modifyPath copies containers along the path and shares the rest", () => {
    const next = modifyPath(item, ["a", "b", 0], () => ({ S: "z" }));
    expect(getPath(next, ["a", "b"])).toEqual({ L: [{ S: "z" }, { S: "y" }] });
    expect(getPath(item, ["a", "b", 0])).toEqual({ S: "x" });
    expect(next.s).toBe(item.s);
  });

  it("paths: removing a list element closes the gap; removing something missing is a no-op", () => {
    expect(
      getPath(
        modifyPath(item, ["a", "b", 0], () => undefined),
        ["a", "b"],
      ),
    ).toEqual({ L: [{ S: "y" }] });
    expect(modifyPath(item, ["a", "b", 9], () => undefined)).toEqual(item);
    expect(modifyPath(item, ["nope"], () => undefined)).toEqual(item);
  });

  it.each([[["s", "x"]], [["nope", "x"]], [["a", 0]], [["a", "b", "c"]], [["a", "nope", "c"]]])(
    "paths: %j is not a path an update can write",
    (path) => {
      expect(validationMessage(() => checkUpdatablePath(item, path))).toBe(
        "The document path provided in the update expression is invalid for update",
      );
    },
  );
});

describe("plan", () => {
  it("plan: applyUpdate returns errors as RPC-safe results", () => {
    const result = applyUpdate(update("SET a = nope"), { pk: { S: "k" } });
    expect(result).toEqual({
      ok: false,
      error: {
        type: "ValidationException",
        message: "The provided expression refers to an attribute that does not exist in the item",
      },
    });
  });

  it("plan: applyUpdate returns the new item and updated paths on success", () => {
    const result = applyUpdate(update("SET a = :v", { ":v": { S: "x" } }), { pk: { S: "k" } });
    expect(result).toEqual({ ok: true, item: { pk: { S: "k" }, a: { S: "x" } }, updatedPaths: [["a"]] });
  });
});
