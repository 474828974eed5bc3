import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import { ConditionalCheckFailedException } from "../../../../shared/api/errors";
import { type LogRecord, recordText } from "../../../../workers/replica/log";
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

describe("replica replies", () => {
  test.each([
    { case: "no item", size: 0, itemJson: undefined, reply: { ok: true, size: 0 } },
    { case: "an item", size: 57, itemJson: json, reply: { ok: true, size: 57, itemJson: json } },
  ])("get: the text of a reply with $case parses back to it", ({ size, itemJson, reply }) => {
    expect(parseGetReply(getReplyText(size, itemJson))).toEqual(reply);
  });

  test.each([
    { case: "no items", result: { oldSize: 3, newSize: 0 }, reply: { ok: true, oldSize: 3, newSize: 0 } },
    {
      case: "both items",
      result: { oldSize: 1, newSize: 2, oldJson: json, newJson: "{}" },
      reply: { ok: true, oldSize: 1, newSize: 2, old: item, new: {} },
    },
    {
      case: "the new item",
      result: { oldSize: 0, newSize: 2, newJson: json },
      reply: { ok: true, oldSize: 0, newSize: 2, new: item },
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

describe("log record text", () => {
  const put: LogRecord = { kind: "put", h: "00ff", key: { pk: { S: "a b" } }, item, size: 42 };
  const del: LogRecord = { kind: "delete", h: "00ff", key: { pk: { S: "a" } } };

  test.each([
    { case: "a put with its item's JSON", record: put, itemJson: json },
    { case: "a put without it", record: put, itemJson: undefined },
    { case: "a delete", record: del, itemJson: undefined },
  ])("recordText of $case is the record's JSON", ({ record, itemJson }) => {
    expect(recordText(record, itemJson)).toBe(JSON.stringify(record));
  });
});
