// Expected results were checked against DynamoDB Local with the same item.
import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { evaluateCondition } from "../../../../shared/expressions/evaluate";
import { condition, ITEM } from "./helpers";

const S = (text: string) => ({ S: text });
const N = (text: string) => ({ N: text });

function holds(text: string, value?: AttributeValue): boolean {
  return evaluateCondition(condition(text, value ? { ":x": value } : undefined), ITEM);
}

describe("evaluate: comparisons", () => {
  it.each<[string, AttributeValue | undefined, boolean]>([
    ["n = :x", N("5.00"), true],
    ["n = :x", N("5e0"), true],
    ["n = :x", S("5"), false],
    ["n <> :x", S("5"), true],
    ["nope = :x", N("1"), false],
    ["nope <> :x", N("1"), true],
    ["NOT (nope = :x)", N("1"), true],
    ["n < :x", N("10"), true],
    ["n < :x", N("-10"), false],
    ["n >= :x", N("5"), true],
    ["n < :x", S("9"), false],
    ["n >= :x", S("9"), false],
    ["s > :x", S("h"), true],
    ["b < :x", { B: "AQIE" }, true],
    ["b > :x", { B: "AQ==" }, true],
    ["ss = :x", { SS: ["b", "a"] }, true],
    ["ns = :x", { NS: ["2.00", "1"] }, true],
    ["bs = :x", { BS: ["Ag==", "AQ=="] }, true],
    ["ss = :x", { SS: ["a"] }, false],
    ["l = :x", { L: [N("1.0"), S("x"), { L: [N("2")] }, { M: { k: S("v") } }] }, true],
    ["l = :x", { L: [S("x"), N("1"), { L: [N("2")] }, { M: { k: S("v") } }] }, false],
    ["m = :x", { M: { b: { M: { c: S("d") } }, a: N("1") } }, true],
    ["m = :x", { M: { a: N("1") } }, false],
    ["t = :x", { BOOL: true }, true],
    ["z = :x", { NULL: true }, true],
    ["e = :x", S(""), true],
    ["l[2][0] = :x", N("2"), true],
    ["l[3].k = :x", S("v"), true],
    ["m.b.c = :x", S("d"), true],
    ["l[9] = :x", N("2"), false],
    ["s[0] = :x", S("h"), false],
  ])("evaluate: %s with %j is %s", (text, value, result) => {
    expect(holds(text, value)).toBe(result);
  });

  it("evaluate: strings order by UTF-8 bytes, not UTF-16 units", () => {
    const item = { a: S("\uffff"), b: S("😀"), c: S("é") };
    const check = (text: string) => evaluateCondition(condition(text), item);
    expect(check("a < b")).toBe(true);
    expect(check("c < a")).toBe(true);
    expect(check("c < b")).toBe(true);
  });

  it("evaluate: :v = :v and :a < :b compare the values themselves", () => {
    expect(evaluateCondition(condition(":a < :b", { ":a": N("1"), ":b": N("2") }), undefined)).toBe(true);
  });
});

describe("evaluate: BETWEEN and IN", () => {
  it.each<[string, Record<string, AttributeValue>, boolean]>([
    ["n BETWEEN :a AND :b", { ":a": N("5"), ":b": N("5") }, true],
    ["n BETWEEN :a AND :b", { ":a": N("1"), ":b": N("4.99") }, false],
    ["n BETWEEN :a AND :b", { ":a": S("1"), ":b": S("9") }, false],
    ["s BETWEEN :a AND :b", { ":a": S("h"), ":b": S("i") }, true],
    ["nope BETWEEN :a AND :b", { ":a": N("1"), ":b": N("9") }, false],
    ["NOT nope BETWEEN :a AND :b", { ":a": N("1"), ":b": N("9") }, true],
    ["n IN (:a, :b)", { ":a": S("5"), ":b": N("5.0") }, true],
    ["n IN (:a)", { ":a": S("5") }, false],
    ["nope IN (:a)", { ":a": N("1") }, false],
    ["size(s) IN (:a)", { ":a": N("5") }, true],
  ])("evaluate: %s with %j is %s", (text, values, result) => {
    expect(evaluateCondition(condition(text, values), ITEM)).toBe(result);
  });
});

describe("evaluate: functions", () => {
  it.each<[string, AttributeValue | undefined, boolean]>([
    ["attribute_exists(s)", undefined, true],
    ["attribute_exists(nope)", undefined, false],
    ["attribute_exists(l[3].k)", undefined, true],
    ["attribute_exists(m[0])", undefined, false],
    ["attribute_not_exists(m.nope)", undefined, true],
    ["attribute_type(s, :x)", S("S"), true],
    ["attribute_type(z, :x)", S("NULL"), true],
    ["attribute_type(ns, :x)", S("SS"), false],
    ["attribute_type(nope, :x)", S("S"), false],
    ["NOT attribute_type(nope, :x)", S("S"), true],
    ["attribute_type(:x, :x)", S("S"), true],
    ["begins_with(s, :x)", S("hé"), true],
    ["begins_with(s, :x)", S("é"), false],
    ["begins_with(b, :x)", { B: "AQ==" }, true],
    ["begins_with(b, :x)", { B: "Ag==" }, false],
    ["begins_with(n, :x)", S("5"), false],
    ["begins_with(:x, s)", S("héllo!"), true],
    ["NOT begins_with(nope, :x)", S("a"), true],
    ["contains(s, :x)", S("éll"), true],
    ["contains(s, :x)", S("x"), false],
    ["contains(b, :x)", { B: "AgM=" }, true],
    ["contains(ss, :x)", S("a"), true],
    ["contains(ss, :x)", N("1"), false],
    ["contains(ns, :x)", N("2.0"), true],
    ["contains(bs, :x)", { B: "AQ==" }, true],
    ["contains(l, :x)", S("x"), true],
    ["contains(l, :x)", N("1.0"), true],
    ["contains(l, :x)", { L: [N("2")] }, true],
    ["contains(m, :x)", S("a"), false],
    ["contains(:x, s)", S("say héllo"), true],
    ["NOT contains(nope, :x)", S("a"), true],
  ])("evaluate: %s with %j is %s", (text, value, result) => {
    expect(holds(text, value)).toBe(result);
  });

  it.each<[string, string, boolean]>([
    ["size(s) = :x", "5", true],
    ["size(emoji) = :x", "2", true],
    ["size(b) = :x", "3", true],
    ["size(ss) = :x", "2", true],
    ["size(l) = :x", "4", true],
    ["size(m) = :x", "2", true],
    ["size(e) = :x", "0", true],
    ["size(n) = :x", "1", false],
    ["size(n) <> :x", "1", true],
    ["size(t) <> :x", "1", true],
    ["size(nope) <> :x", "1", true],
    ["size(s) BETWEEN :x AND :x", "5", true],
  ])("evaluate: %s with N %s is %s (string size counts UTF-16 units)", (text, number, result) => {
    expect(holds(text, N(number))).toBe(result);
  });
});

describe("evaluate: logic", () => {
  it.each<[string, boolean]>([
    ["n = :five OR n = :six AND n = :six", true],
    ["NOT n = :five AND n = :six", false],
    ["NOT n = :six AND n = :five", true],
    ["(n = :six OR n = :five) AND NOT NOT n = :five", true],
  ])("evaluate: %s is %s", (text, result) => {
    expect(evaluateCondition(condition(text, { ":five": N("5"), ":six": N("6") }), ITEM)).toBe(result);
  });

  it("evaluate: with no item, every path is missing", () => {
    expect(evaluateCondition(condition("attribute_not_exists(pk)"), undefined)).toBe(true);
    expect(evaluateCondition(condition("pk <> :x", { ":x": S("a") }), undefined)).toBe(true);
  });
});
