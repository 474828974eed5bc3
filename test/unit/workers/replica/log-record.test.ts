import { describe, expect, test } from "vitest";
import type { Item } from "../../../../shared/api/attribute-value";
import {
  decodeRecord,
  encodeRecord,
  type LogEntry,
  type LogRecord,
  recordKind,
  recordStats,
  recordVersion,
} from "../../../../workers/replica/log-record";

const stats = { itemCount: 3, sizeBytes: 120 };
const key: Item = { pk: { S: "a b" } };
const item: Item = { pk: { S: "a b" }, "1": { N: "1" }, ["__proto__"]: { M: { '"quoted"': { S: "\u2028" } } } };
const voters = [{ name: "t/p0/us-east-1/a", zone: "us-east-1a", locationHint: "enam" }];

/** Every kind of entry, fields deliberately not in the order the text has them. */
const ENTRIES: { entry: LogEntry; record: LogRecord }[] = [
  {
    entry: { stats, size: 42, itemJson: JSON.stringify(item), key, h: "00ff", kind: "put" },
    record: { kind: "put", h: "00ff", key, item, size: 42, stats },
  },
  {
    entry: {
      o: "eu-west-1",
      v: "0001/us-east-1",
      stats,
      size: 42,
      itemJson: JSON.stringify(item),
      key,
      h: "00ff",
      kind: "put",
    },
    record: { kind: "put", h: "00ff", key, item, size: 42, stats, v: "0001/us-east-1", o: "eu-west-1" },
  },
  { entry: { stats, key, h: "00ff", kind: "delete" }, record: { kind: "delete", h: "00ff", key, stats } },
  {
    entry: { v: "0002/eu-west-1", stats, key, h: "00ff", kind: "delete" },
    record: { kind: "delete", h: "00ff", key, stats, v: "0002/eu-west-1" },
  },
  { entry: { stats, kind: "noop" }, record: { kind: "noop", stats } },
  { entry: { stats, voters, kind: "members" }, record: { kind: "members", voters, stats } },
  { entry: { stats, below: "0003", kind: "collect" }, record: { kind: "collect", below: "0003", stats } },
];

describe("log records", () => {
  test.each(ENTRIES)("a $entry.kind entry's text decodes to its record, kind first", ({ entry, record }) => {
    const text = encodeRecord(entry);
    expect(decodeRecord(text)).toEqual(record);
    expect(text).toBe(JSON.stringify(record));
    expect(recordKind(text)).toBe(entry.kind);
    expect(recordStats(text)).toEqual(stats);
  });

  test("the version of a global table's write is read from its text; other records have none", () => {
    expect(ENTRIES.map(({ entry }) => recordVersion(encodeRecord(entry)))).toEqual([
      undefined,
      "0001/us-east-1",
      undefined,
      "0002/eu-west-1",
      undefined,
      undefined,
      undefined,
    ]);
  });
});
