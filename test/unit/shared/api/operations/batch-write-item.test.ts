import { describe, expect, it } from "vitest";
import type { Item } from "../../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import { invalidNumberMessage } from "../../../../../shared/api/numbers";
import { PARAMETERIZED_CAST } from "../../../../../shared/api/operations/batch-common";
import {
  type BatchWrite,
  checkBatchWriteKeys,
  toWriteRequest,
  validateBatchWriteItem,
} from "../../../../../shared/api/operations/batch-write-item";
import { emptyKeyMessage, VALUE_MESSAGES } from "../../../../../shared/api/validate-values";
import { thrown } from "./helpers";

const put = (a: string, extra = {}) => ({ PutRequest: { Item: { a: { S: a }, ...extra } } });
const del = (a: string) => ({ DeleteRequest: { Key: { a: { S: a } } } });
const puts = (n: number) => Array.from({ length: n }, (_, i) => put(`k${i}`));
const MAP_VALUE =
  "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]";

describe("BatchWriteItem validation", () => {
  it.each([
    ["RequestItems as a string", { RequestItems: "x" }, "Unexpected field type"],
    [
      "RequestItems as a list",
      { RequestItems: [] },
      "Unrecognized collection type java.util.Map<java.lang.String, java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>",
    ],
    ["a table's requests as a string", { RequestItems: { tbl: "x" } }, PARAMETERIZED_CAST],
    [
      "a table's requests as a map",
      { RequestItems: { tbl: {} } },
      "Start of structure or map found where not expected",
    ],
    ["a request as a string", { RequestItems: { tbl: ["x"] } }, "Unexpected value type in payload"],
    [
      "a request as a list",
      { RequestItems: { tbl: [[]] } },
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.WriteRequest",
    ],
    ["a PutRequest as a string", { RequestItems: { tbl: [{ PutRequest: "x" }] } }, "Unexpected field type"],
    [
      "a DeleteRequest as a list",
      { RequestItems: { tbl: [{ DeleteRequest: [] }] } },
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.DeleteRequest",
    ],
    [
      "an Item as a list",
      { RequestItems: { tbl: [{ PutRequest: { Item: [] } }] } },
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    ],
    [
      "ReturnItemCollectionMetrics as a boolean",
      { ReturnItemCollectionMetrics: true },
      "TRUE_VALUE cannot be converted to String",
    ],
  ])("BatchWriteItem: %s is a SerializationException", (_, body, message) => {
    expect(thrown(() => validateBatchWriteItem(body))).toEqual({ type: "SerializationException", message });
  });

  it.each([
    [
      "no RequestItems",
      {},
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    ],
    [
      "an empty request list",
      { RequestItems: { tbl: [] } },
      `1 validation error detected: Value '{"tbl":[]}' at 'requestItems' failed to satisfy constraint: ${MAP_VALUE}`,
    ],
    [
      "a PutRequest without Item",
      { RequestItems: { tbl: [put("x"), { PutRequest: {} }] } },
      "1 validation error detected: Value null at 'requestItems.tbl.member.2.member.putRequest.item' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a DeleteRequest without Key, and bad enums",
      {
        ReturnConsumedCapacity: "ALL",
        ReturnItemCollectionMetrics: "ALL",
        RequestItems: { tbl: [{ DeleteRequest: {} }] },
      },
      "3 validation errors detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'ALL' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; " +
        "Value null at 'requestItems.tbl.member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a bad ReturnConsumedCapacity and a bad table name: the enum alone",
      { ReturnConsumedCapacity: "BOGUS", RequestItems: { "bad!name": [put("x")] } },
      "1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
    ],
    [
      "a bad table name, once everything else holds",
      { RequestItems: { "bad!name": [put("x")] } },
      `1 validation error detected: Value '{"bad!name":[{"PutRequest":{"Item":{"a":{"S":"x"}}}}]}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]`,
    ],
  ])("BatchWriteItem: %s fails its constraints", (_, body, message) => {
    expect(thrown(() => validateBatchWriteItem(body))).toEqual({ type: "ValidationException", message });
  });

  it.each([
    ["alone", { RequestItems: {} }],
    ["ahead of bad enums", { RequestItems: {}, ReturnConsumedCapacity: "BOGUS", ReturnItemCollectionMetrics: "BOGUS" }],
  ])(
    "BatchWriteItem: empty RequestItems is 'The requestItems parameter is required for BatchWriteItem', %s",
    (_, body) => {
      expect(thrown(() => validateBatchWriteItem(body))).toEqual({
        type: "ValidationException",
        message: "The requestItems parameter is required for BatchWriteItem",
      });
    },
  );

  it("BatchWriteItem: 26 requests for one table fail the map value constraint", () => {
    const { message } = thrown(() => validateBatchWriteItem({ RequestItems: { tbl: puts(26) } }));
    expect(message).toMatch(
      /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: /,
    );
    expect(message.endsWith(MAP_VALUE)).toBe(true);
  });

  it.each([
    [
      "more than 25 requests over all tables",
      { RequestItems: { one: puts(13), two: puts(13) } },
      "Too many items requested for the BatchWriteItem call",
    ],
    [
      "a request with neither PutRequest nor DeleteRequest",
      { RequestItems: { tbl: [put("x"), {}] } },
      VALUE_MESSAGES.multiple,
    ],
    [
      "a request with both PutRequest and DeleteRequest",
      { RequestItems: { tbl: [{ ...put("x"), ...del("x") }] } },
      VALUE_MESSAGES.multiple,
    ],
    [
      "a null request",
      { RequestItems: { tbl: [put("x"), null] } },
      "The batch write request list for a table cannot be null or empty",
    ],
    [
      "requests checked in order: an empty one before a later bad value",
      { RequestItems: { tbl: [{}, put("x", { n: { N: "x" } })] } },
      VALUE_MESSAGES.multiple,
    ],
    [
      "requests checked in order: a bad value before a later empty one",
      { RequestItems: { tbl: [put("x", { n: { N: "x" } }), {}] } },
      invalidNumberMessage("x"),
    ],
    [
      "an invalid number in an item",
      { RequestItems: { tbl: [put("x", { n: { N: "x" } })] } },
      invalidNumberMessage("x"),
    ],
    [
      "an item over 400 KB",
      { RequestItems: { tbl: [put("x", { big: { S: "x".repeat(400 * 1024) } })] } },
      VALUE_MESSAGES.itemSize,
    ],
    [
      "an empty key map value",
      { RequestItems: { tbl: [{ DeleteRequest: { Key: { a: {} } } }] } },
      VALUE_MESSAGES.empty,
    ],
  ])("BatchWriteItem: rejects %s", (_, body, message) => {
    expect(thrown(() => validateBatchWriteItem(body))).toEqual({ type: "ValidationException", message });
  });

  it("BatchWriteItem: an invalid value is reported before the 25-request total", () => {
    const body = { RequestItems: { one: puts(13), two: [...puts(12), put("z", { n: { N: "x" } })] } };
    expect(thrown(() => validateBatchWriteItem(body)).message).toBe(invalidNumberMessage("x"));
  });

  it("BatchWriteItem: 25 mixed puts and deletes over two tables are accepted and normalized", () => {
    const { input, tables } = validateBatchWriteItem({
      ReturnConsumedCapacity: "INDEXES",
      ReturnItemCollectionMetrics: "SIZE",
      RequestItems: { one: [put("x", { n: { N: "010" } }), del("y")], two: puts(23) },
    });
    expect(input.ReturnConsumedCapacity).toBe("INDEXES");
    expect(input.ReturnItemCollectionMetrics).toBe("SIZE");
    expect(tables[0]).toEqual({
      tableName: "one",
      writes: [
        { kind: "put", item: { a: { S: "x" }, n: { N: "10" } } },
        { kind: "delete", key: { a: { S: "y" } } },
      ],
    });
    expect(tables[1].writes).toHaveLength(23);
  });

  it("BatchWriteItem: toWriteRequest gives back the request a write came from", () => {
    expect(toWriteRequest({ kind: "put", item: { a: { S: "x" } } })).toEqual(put("x"));
    expect(toWriteRequest({ kind: "delete", key: { a: { S: "x" } } })).toEqual(del("x"));
  });
});

describe("BatchWriteItem writes against the table's schema", () => {
  const schema: KeySchema = { hash: { name: "a", type: "S" }, range: { name: "b", type: "N" } };
  const p = (item: Item): BatchWrite => ({ kind: "put", item });
  const d = (key: Item): BatchWrite => ({ kind: "delete", key });
  const x1 = { a: { S: "x" }, b: { N: "1" } };

  it.each([
    ["a put missing a key attribute", [p({ a: { S: "x" } })], VALUE_MESSAGES.keyMismatch],
    ["a put with a key attribute of the wrong type", [p({ a: { S: "x" }, b: { S: "1" } })], VALUE_MESSAGES.keyMismatch],
    ["a put with an empty string key", [p({ a: { S: "" }, b: { N: "1" } })], emptyKeyMessage("a", "S")],
    ["a delete with an extra attribute", [d({ ...x1, c: { S: "z" } })], VALUE_MESSAGES.keyMismatch],
    ["a delete missing its sort key", [d({ a: { S: "x" } })], VALUE_MESSAGES.keyMismatch],
    [
      "two puts of the same item",
      [p(x1), p({ ...x1, v: { S: "other" } })],
      "Provided list of item keys contains duplicates",
    ],
    ["a put and a delete of the same item", [p(x1), d(x1)], "Provided list of item keys contains duplicates"],
  ])("BatchWriteItem: rejects %s", (_, writes, message) => {
    expect(thrown(() => checkBatchWriteKeys(writes, schema))).toEqual({ type: "ValidationException", message });
  });

  it("BatchWriteItem: returns each write's key, partition key first", () => {
    const keys = checkBatchWriteKeys(
      [p({ v: { S: "v" }, b: { N: "1" }, a: { S: "x" } }), d({ a: { S: "y" }, b: { N: "2" } })],
      schema,
    );
    expect(keys).toEqual([x1, { a: { S: "y" }, b: { N: "2" } }]);
    expect(Object.keys(keys[0])).toEqual(["a", "b"]);
  });
});
