import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import { ConditionalCheckFailedException } from "../../../../shared/api/errors";
import { statsAfter } from "../../../../workers/replica/log";
import {
  getReplyText,
  parseGetReply,
  parseWriteReply,
  refusalText,
  writeReplyText,
} from "../../../../workers/replica/replies";

const item: Item = {
  pk: { S: "a b" },
  "1": { N: "1" },
  m: { M: { "x y": { L: [{ S: "" }, { NULL: true }, { B: "AAE=" }] } } },
  s: { SS: ["é", "🔑"] },
};
const json = JSON.stringify(item);
const at = { term: 3, lsn: 1024 };
/** Units by index, one of them named `__proto__` (a valid index name), as an own key. */
const UNITS: Record<string, number> = JSON.parse('{"byAll":2,"__proto__":1}');

describe("replica replies", () => {
  test.each([
    { case: "no item", size: 0, itemJson: undefined, reply: { ok: true, size: 0 } },
    { case: "an item", size: 57, itemJson: json, reply: { ok: true, size: 57, itemJson: json } },
  ])("get: the text of a reply with $case parses back to it", ({ size, itemJson, reply }) => {
    expect(parseGetReply(getReplyText(size, itemJson))).toEqual(reply);
  });

  test.each([
    { case: "no items", result: { oldSize: 3, newSize: 0, at }, reply: { ok: true, oldSize: 3, newSize: 0, at } },
    {
      case: "both items",
      result: { oldSize: 1, newSize: 2, oldJson: json, newJson: "{}", at },
      reply: { ok: true, oldSize: 1, newSize: 2, old: item, new: {}, at },
    },
    {
      case: "the new item",
      result: { oldSize: 0, newSize: 2, newJson: json, at },
      reply: { ok: true, oldSize: 0, newSize: 2, new: item, at },
    },
    {
      case: "units by local index and the collection's size",
      result: { oldSize: 1, newSize: 2, at, indexUnits: UNITS, collectionBytes: 4321 },
      reply: {
        ok: true,
        oldSize: 1,
        newSize: 2,
        at,
        indexUnits: UNITS,
        collectionBytes: 4321,
      },
    },
    {
      case: "no record (nothing written)",
      result: { oldSize: 0, newSize: 0 },
      reply: { ok: true, oldSize: 0, newSize: 0 },
    },
  ])("write: the text of a reply with $case parses to the items it spliced", ({ result, reply }) => {
    expect(parseWriteReply(writeReplyText(result))).toEqual(reply);
  });

  test("a refusal keeps the error's type, message and item through both parsers", () => {
    const error = new ConditionalCheckFailedException(item).toWire();
    const refused = { ok: false, error };
    expect(parseGetReply(refusalText(error))).toEqual(refused);
    expect(parseWriteReply(refusalText(error))).toEqual(refused);
  });
});

describe("statsAfter", () => {
  const stats = { itemCount: 5, sizeBytes: 500 };
  test.each([
    { case: "a new item", oldSize: undefined, newSize: 40, expected: { itemCount: 6, sizeBytes: 540 } },
    { case: "an overwrite", oldSize: 100, newSize: 40, expected: { itemCount: 5, sizeBytes: 440 } },
    { case: "a delete", oldSize: 100, newSize: undefined, expected: { itemCount: 4, sizeBytes: 400 } },
    { case: "a delete of nothing", oldSize: undefined, newSize: undefined, expected: stats },
  ])("statsAfter $case", ({ oldSize, newSize, expected }) => {
    expect(statsAfter(stats, oldSize, newSize)).toEqual(expected);
  });
});
