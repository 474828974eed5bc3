/**
 * GetItem over HTTP through the AWS SDK: reads, projections (ProjectionExpression with nested
 * paths and list indexes, AttributesToGet), key validation, ConsistentRead and read capacity.
 */

import { GetItemCommand, type GetItemCommandInput, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient, text } from "../helpers/items";

const db = itemClient();
let table: string;
let composite: string;

beforeAll(async () => {
  [table, composite] = await Promise.all([
    createItemTable(db, "items-get"),
    createItemTable(db, "items-get-range", "S", "N"),
  ]);
});

let counter = 0;
const freshKey = () => ({ pk: { S: `get-${Date.now()}-${counter++}` } });

function get(input: Omit<GetItemCommandInput, "TableName">, TableName = table) {
  return db.send(new GetItemCommand({ TableName, ...input }));
}

function put(Item: Item, TableName = table) {
  return db.send(new PutItemCommand({ TableName, Item }));
}

describe("GetItem: reads", () => {
  const key = freshKey();
  const item: Item = {
    ...key,
    s: { S: "text" },
    n: { N: "1.5" },
    m: { M: { a: { S: "A" }, b: { L: [{ N: "0" }, { N: "1" }, { M: { c: { S: "C" }, d: { S: "D" } } }] } } },
    l: { L: [{ S: "w" }, { S: "x" }, { S: "y" }, { S: "z" }] },
    "a.b": { S: "dotted" },
  };
  beforeAll(async () => {
    await put(item);
  });

  test("GetItem: returns the whole item", async () => {
    expect((await get({ Key: key })).Item).toEqual(item);
  });

  test("GetItem: a missing item returns no Item member", async () => {
    const result = await get({ Key: freshKey() });
    expect(result).not.toHaveProperty("Item");
    expect(result.Item).toBeUndefined();
  });

  test.each([
    ["s", undefined, { s: { S: "text" } }],
    ["s, n", undefined, { s: { S: "text" }, n: { N: "1.5" } }],
    ["m.a", undefined, { m: { M: { a: { S: "A" } } } }],
    ["m.b[2].c", undefined, { m: { M: { b: { L: [{ M: { c: { S: "C" } } }] } } } }],
    ["m.b[1], m.b[2].d", undefined, { m: { M: { b: { L: [{ N: "1" }, { M: { d: { S: "D" } } }] } } } }],
    ["l[3], l[1]", undefined, { l: { L: [{ S: "x" }, { S: "z" }] } }],
    ["l[9]", undefined, {}],
    ["nope, m.nope", undefined, {}],
    ["#ab", { "#ab": "a.b" }, { "a.b": { S: "dotted" } }],
    ["#m.#a", { "#m": "m", "#a": "a" }, { m: { M: { a: { S: "A" } } } }],
    ["pk", undefined, key],
  ] as [string, Record<string, string> | undefined, Item][])(
    "GetItem: ProjectionExpression %s returns %j",
    async (ProjectionExpression, ExpressionAttributeNames, expected) => {
      const result = await get({ Key: key, ProjectionExpression, ExpressionAttributeNames });
      expect(result.Item).toEqual(expected);
    },
  );

  test("GetItem: AttributesToGet returns the named top-level attributes, dots included", async () => {
    const result = await get({ Key: key, AttributesToGet: ["s", "a.b", "nope"] });
    expect(result.Item).toEqual({ s: { S: "text" }, "a.b": { S: "dotted" } });
  });

  test("GetItem: ConsistentRead false and true both return the item", async () => {
    expect((await get({ Key: key, ConsistentRead: false })).Item).toEqual(item);
    expect((await get({ Key: key, ConsistentRead: true })).Item).toEqual(item);
  });
});

describe("GetItem: eventually consistent reads after writes", () => {
  test("GetItem: an eventually consistent read through the same endpoint sees the write just acknowledged", async () => {
    // Followers may lag (the leader ships to the second one off the write's path): a read
    // carries the latest write the router saw, and a member that lacks it passes the read on.
    const keys = Array.from({ length: 8 }, freshKey);
    const stale: string[] = [];
    await Promise.all(
      keys.map(async (key) => {
        for (let round = 0; round < 25; round++) {
          const value = `${round}`;
          await put({ ...key, v: { S: value } });
          const read = await get({ Key: key });
          if (read.Item?.v?.S !== value) stale.push(`${key.pk.S} round ${round}: ${JSON.stringify(read.Item?.v)}`);
        }
      }),
    );
    expect(stale).toEqual([]);
  });
});

describe("GetItem: validation", () => {
  test.each([
    [
      { ProjectionExpression: "a", AttributesToGet: ["a"] },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    ],
    [
      { AttributesToGet: ["a", "a"] },
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    ],
    [
      { ExpressionAttributeNames: { "#a": "a" } },
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      { ProjectionExpression: "a", ExpressionAttributeNames: { "#a": "a" } },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}",
    ],
    [
      { ProjectionExpression: "#b" },
      "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b",
    ],
    [
      { ProjectionExpression: "name" },
      "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name",
    ],
    [
      { ProjectionExpression: "a, a" },
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [{ ProjectionExpression: "" }, "Invalid ProjectionExpression: The expression can not be empty;"],
    [
      { ProjectionExpression: "pk.a" },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [
      { ProjectionExpression: "pk[0]" },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
  ] as [Partial<GetItemCommandInput>, string][])("GetItem: %j is a ValidationException: %s", async (input, message) => {
    expect(await failure(get({ Key: freshKey(), ...input }))).toEqual({ name: "ValidationException", message });
  });

  test.each([
    [{}, "hash"],
    [{ pk: { N: "1" } }, "hash"],
    [{ pk: { S: "a" }, other: { S: "b" } }, "hash"],
    [{ pk: { S: "a" } }, "range"],
    [{ pk: { S: "a" }, sk: { S: "1" } }, "range"],
    [{ pk: { S: "a" }, sk: { N: "1" }, other: { S: "b" } }, "range"],
  ] as [Item, string][])("GetItem: the key %j on the %s table does not match the schema", async (Key, kind) => {
    expect(await failure(get({ Key }, kind === "hash" ? table : composite))).toEqual({
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
  });

  test("GetItem: an empty string key is a ValidationException", async () => {
    expect(await failure(get({ Key: { pk: { S: "" } } }))).toEqual({
      name: "ValidationException",
      message:
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    });
  });

  test("GetItem: a table that does not exist is ResourceNotFoundException", async () => {
    expect(await failure(get({ Key: freshKey() }, uniqueTableName("missing")))).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });

  test("GetItem: a composite key reads the item with that sort key", async () => {
    await put({ pk: { S: "c" }, sk: { N: "1" }, v: { S: "one" } }, composite);
    await put({ pk: { S: "c" }, sk: { N: "2" }, v: { S: "two" } }, composite);
    const result = await get({ Key: { pk: { S: "c" }, sk: { N: "2.0" } } }, composite);
    expect(result.Item).toEqual({ pk: { S: "c" }, sk: { N: "2" }, v: { S: "two" } });
  });
});

describe("GetItem: consumed capacity", () => {
  /** An item of exactly `bytes` bytes as DynamoDB counts them. */
  function sized(key: Item, bytes: number): Item {
    return { ...key, d: text(bytes - 2 - (key.pk.S as string).length - 1) };
  }

  test.each([
    [1024, 1, 0.5],
    [4096, 1, 0.5],
    [4097, 2, 1],
    [5 * 1024, 2, 1],
    [9 * 1024, 3, 1.5],
  ])(
    "GetItem: an item of %i bytes costs %d units read consistently, %d eventually",
    async (bytes, strong, eventual) => {
      const key = freshKey();
      await put(sized(key, bytes));
      const consistent = await get({ Key: key, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" });
      expect(consistent.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: strong });
      const eventually = await get({ Key: key, ReturnConsumedCapacity: "TOTAL" });
      expect(eventually.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: eventual });
    },
  );

  test("GetItem: the whole item is charged whatever the projection", async () => {
    const key = freshKey();
    await put(sized(key, 9 * 1024));
    const result = await get({
      Key: key,
      ProjectionExpression: "pk",
      ConsistentRead: true,
      ReturnConsumedCapacity: "TOTAL",
    });
    expect(result.ConsumedCapacity?.CapacityUnits).toBe(3);
  });

  test("GetItem: a missing item costs the minimum; INDEXES adds the table's share", async () => {
    const result = await get({ Key: freshKey(), ConsistentRead: true, ReturnConsumedCapacity: "INDEXES" });
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const none = await get({ Key: freshKey(), ReturnConsumedCapacity: "NONE" });
    expect(none.ConsumedCapacity).toBeUndefined();
  });
});
