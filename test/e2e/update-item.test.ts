/**
 * UpdateItem over HTTP through the AWS SDK: UpdateExpression actions, upserts, legacy
 * AttributeUpdates and Expected, conditions, every ReturnValues mode (with DynamoDB's nested-path
 * granularity for UPDATED_*), errors evaluated against the stored item, the item size limit
 * after the update, and write capacity.
 */

import {
  type AttributeValue,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient, storedItem, text } from "../helpers/items";

const db = itemClient();
let table: string;
let composite: string;

beforeAll(async () => {
  [table, composite] = await Promise.all([
    createItemTable(db, "items-update"),
    createItemTable(db, "items-update-range", "S", "N"),
  ]);
});

let counter = 0;
const freshKey = () => ({ pk: { S: `upd-${Date.now()}-${counter++}` } });

function update(Key: Item, input: Omit<UpdateItemCommandInput, "TableName" | "Key">, TableName = table) {
  return db.send(new UpdateItemCommand({ TableName, Key, ...input }));
}

function put(Item: Item, TableName = table) {
  return db.send(new PutItemCommand({ TableName, Item }));
}

/** Puts `item` under a fresh key, runs the update and returns the key and the stored result. */
async function afterUpdate(
  item: Item,
  UpdateExpression: string,
  ExpressionAttributeValues?: Record<string, AttributeValue>,
): Promise<Item | undefined> {
  const key = freshKey();
  await put({ ...key, ...item });
  await update(key, { UpdateExpression, ExpressionAttributeValues });
  const stored = await storedItem(db, table, key);
  if (stored) delete stored.pk;
  return stored;
}

describe("UpdateItem: UpdateExpression actions", () => {
  test.each([
    ["SET a = :v", { b: { S: "keep" } }, { ":v": { S: "new" } }, { a: { S: "new" }, b: { S: "keep" } }],
    ["SET a = a + :v", { a: { N: "0.1" } }, { ":v": { N: "0.2" } }, { a: { N: "0.3" } }],
    ["SET a = :v - a", { a: { N: "3" } }, { ":v": { N: "1" } }, { a: { N: "-2" } }],
    ["SET a = (a - :v)", { a: { N: "10" } }, { ":v": { N: "3" } }, { a: { N: "7" } }],
    [
      "SET a = if_not_exists(a, :d), b = if_not_exists(b, :d)",
      { a: { S: "kept" } },
      { ":d": { S: "default" } },
      { a: { S: "kept" }, b: { S: "default" } },
    ],
    [
      "SET l = list_append(l, :more)",
      { l: { L: [{ S: "a" }] } },
      { ":more": { L: [{ S: "b" }] } },
      { l: { L: [{ S: "a" }, { S: "b" }] } },
    ],
    [
      "SET l = list_append(:more, l)",
      { l: { L: [{ S: "a" }] } },
      { ":more": { L: [{ S: "b" }] } },
      { l: { L: [{ S: "b" }, { S: "a" }] } },
    ],
    [
      "SET l = list_append(if_not_exists(l, :empty), :more)",
      {},
      { ":empty": { L: [] }, ":more": { L: [{ S: "x" }] } },
      { l: { L: [{ S: "x" }] } },
    ],
    ["SET a = b, b = a", { a: { S: "A" }, b: { S: "B" } }, undefined, { a: { S: "B" }, b: { S: "A" } }],
    [
      "SET m.c = :v, m.d.e = :v",
      { m: { M: { d: { M: {} } } } },
      { ":v": { N: "1" } },
      { m: { M: { c: { N: "1" }, d: { M: { e: { N: "1" } } } } } },
    ],
    [
      "SET l[1] = :v, l[7] = :w",
      { l: { L: [{ S: "a" }, { S: "b" }] } },
      { ":v": { S: "B" }, ":w": { S: "end" } },
      { l: { L: [{ S: "a" }, { S: "B" }, { S: "end" }] } },
    ],
    [
      "REMOVE a, m.b",
      { a: { S: "A" }, c: { S: "C" }, m: { M: { b: { N: "1" }, k: { N: "2" } } } },
      undefined,
      {
        c: { S: "C" },
        m: { M: { k: { N: "2" } } },
      },
    ],
    [
      "REMOVE l[0], l[2]",
      { l: { L: [{ S: "a" }, { S: "b" }, { S: "c" }, { S: "d" }] } },
      undefined,
      { l: { L: [{ S: "b" }, { S: "d" }] } },
    ],
    ["REMOVE nope, m.nope", { m: { M: {} } }, undefined, { m: { M: {} } }],
    ["ADD n :v", { n: { N: "10" } }, { ":v": { N: "-3" } }, { n: { N: "7" } }],
    ["ADD n :v", {}, { ":v": { N: "5" } }, { n: { N: "5" } }],
    ["ADD s :v", { s: { SS: ["a", "b"] } }, { ":v": { SS: ["b", "c"] } }, { s: { SS: ["a", "b", "c"] } }],
    ["ADD s :v", {}, { ":v": { NS: ["1"] } }, { s: { NS: ["1"] } }],
    ["DELETE s :v", { s: { SS: ["a", "b", "c"] } }, { ":v": { SS: ["b", "x"] } }, { s: { SS: ["a", "c"] } }],
    ["DELETE s :v", { s: { NS: ["1", "2"] }, o: { S: "o" } }, { ":v": { NS: ["2", "1"] } }, { o: { S: "o" } }],
    ["DELETE s :v", { o: { S: "o" } }, { ":v": { NS: ["1"] } }, { o: { S: "o" } }],
    [
      "SET a = :v REMOVE b ADD c :n DELETE d :d",
      { b: { S: "B" }, d: { SS: ["x", "y"] } },
      { ":v": { S: "A" }, ":n": { N: "1" }, ":d": { SS: ["x"] } },
      { a: { S: "A" }, c: { N: "1" }, d: { SS: ["y"] } },
    ],
  ] as [string, Item, Record<string, AttributeValue> | undefined, Item][])(
    "UpdateItem: %s on %j gives %j",
    async (expression, before, values, after) => {
      expect(await afterUpdate(before, expression, values)).toEqual(after);
    },
  );

  test("UpdateItem: a missing item is created from the key and the update (upsert)", async () => {
    const key = freshKey();
    const result = await update(key, {
      UpdateExpression: "SET #d = :v ADD c :one",
      ExpressionAttributeNames: { "#d": "data" },
      ExpressionAttributeValues: { ":v": { S: "created" }, ":one": { N: "1" } },
      ReturnValues: "ALL_NEW",
    });
    expect(result.Attributes).toEqual({ ...key, data: { S: "created" }, c: { N: "1" } });
    expect(await storedItem(db, table, key)).toEqual(result.Attributes);
  });

  test("UpdateItem: without any update creates the key-only item and leaves an existing one alone", async () => {
    const key = freshKey();
    await update(key, {});
    expect(await storedItem(db, table, key)).toEqual(key);
    await put({ ...key, a: { S: "A" } });
    await update(key, {});
    expect(await storedItem(db, table, key)).toEqual({ ...key, a: { S: "A" } });
  });

  test("UpdateItem: ReturnItemCollectionMetrics SIZE is accepted and returns no metrics without an LSI", async () => {
    const result = await update(freshKey(), { UpdateExpression: "REMOVE a", ReturnItemCollectionMetrics: "SIZE" });
    expect(result.ItemCollectionMetrics).toBeUndefined();
  });

  test("UpdateItem: a composite key upserts under both key attributes", async () => {
    const Key = { pk: { S: "c" }, sk: { N: "1.50" } };
    const result = await update(
      Key,
      { UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { S: "x" } }, ReturnValues: "ALL_NEW" },
      composite,
    );
    expect(result.Attributes).toEqual({ pk: { S: "c" }, sk: { N: "1.5" }, v: { S: "x" } });
  });
});

describe("UpdateItem: errors evaluated against the stored item write nothing", () => {
  const base: Item = { s: { S: "text" }, n: { N: "1" }, ss: { SS: ["a"] }, l: { L: [{ S: "x" }] } };

  test.each([
    ["SET s = s + :one", "An operand in the update expression has an incorrect data type"],
    ["SET n = n - s", "An operand in the update expression has an incorrect data type"],
    ["SET l = list_append(l, s)", "An operand in the update expression has an incorrect data type"],
    ["ADD ss :nums", "An operand in the update expression has an incorrect data type"],
    ["ADD s :one", "An operand in the update expression has an incorrect data type"],
    ["DELETE ss :nums", "An operand in the update expression has an incorrect data type"],
    ["SET a = nope", "The provided expression refers to an attribute that does not exist in the item"],
    ["SET a = nope + :one", "The provided expression refers to an attribute that does not exist in the item"],
    ["SET nope.a = :one", "The document path provided in the update expression is invalid for update"],
    ["SET s.a = :one", "The document path provided in the update expression is invalid for update"],
    ["SET l[0].a = :one", "The document path provided in the update expression is invalid for update"],
    ["REMOVE nope[0]", "The document path provided in the update expression is invalid for update"],
  ])("UpdateItem: %s is a ValidationException: %s", async (UpdateExpression, message) => {
    const key = freshKey();
    await put({ ...key, ...base });
    const values: Record<string, AttributeValue> = { ":one": { N: "1" }, ":text": { S: "t" }, ":nums": { NS: ["1"] } };
    const used = Object.fromEntries(Object.entries(values).filter(([name]) => UpdateExpression.includes(name)));
    const result = await failure(
      update(key, {
        UpdateExpression,
        ExpressionAttributeValues: Object.keys(used).length ? used : undefined,
      }),
    );
    expect(result).toEqual({ name: "ValidationException", message });
    expect(await storedItem(db, table, key)).toEqual({ ...key, ...base });
  });

  test("UpdateItem: an update that grows the item past 400 KB is rejected and writes nothing", async () => {
    const key = freshKey();
    // 3 bytes short of 400 KB: "b2" with a 1-byte string fits exactly, a 2-byte one does not.
    const item = { ...key, big: text(400 * 1024 - 3 - (key.pk.S as string).length - 2 - 3) };
    await put(item);
    const result = await failure(
      update(key, { UpdateExpression: "SET b2 = :v", ExpressionAttributeValues: { ":v": { S: "12" } } }),
    );
    expect(result).toEqual({
      name: "ValidationException",
      message: "Item size to update has exceeded the maximum allowed size",
    });
    expect(await storedItem(db, table, key)).toEqual(item);
    await update(key, { UpdateExpression: "SET b2 = :v", ExpressionAttributeValues: { ":v": { S: "1" } } });
    expect((await storedItem(db, table, key))?.b2).toEqual({ S: "1" });
  });
  test("UpdateItem: an update that nests a value past 32 levels is rejected and writes nothing", async () => {
    let deep: AttributeValue = { S: "leaf" };
    for (let i = 0; i < 22; i++) deep = { M: { v: deep } };
    let base: AttributeValue = { S: "leaf" };
    for (let i = 0; i < 20; i++) base = { M: { v: base } };
    const key = freshKey();
    await put({ ...key, m: base });
    const path = `m${".v".repeat(10)}`;
    const result = await failure(
      update(key, { UpdateExpression: `SET ${path} = :v`, ExpressionAttributeValues: { ":v": deep } }),
    );
    expect(result).toEqual({ name: "ValidationException", message: "Nesting Levels have exceeded supported limits" });
    expect(await storedItem(db, table, key)).toEqual({ ...key, m: base });
  });
});

describe("UpdateItem: key attributes", () => {
  test.each([
    ["SET pk = :v", { ":v": { S: "x" } }, "pk"],
    ["REMOVE pk", undefined, "pk"],
    ["SET a = :v, pk = :v", { ":v": { S: "x" } }, "pk"],
    ["SET pk.a = :v", { ":v": { S: "x" } }, "pk"],
  ] as [string, Record<string, AttributeValue> | undefined, string][])(
    "UpdateItem: %s cannot update a key attribute",
    async (UpdateExpression, ExpressionAttributeValues, name) => {
      expect(await failure(update(freshKey(), { UpdateExpression, ExpressionAttributeValues }))).toEqual({
        name: "ValidationException",
        message: `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      });
    },
  );

  test("UpdateItem: the sort key cannot be updated, by expression or AttributeUpdates", async () => {
    const Key = { pk: { S: "k" }, sk: { N: "1" } };
    const message =
      "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key";
    expect(
      await failure(
        update(Key, { UpdateExpression: "ADD sk :v", ExpressionAttributeValues: { ":v": { N: "1" } } }, composite),
      ),
    ).toEqual({ name: "ValidationException", message });
    expect(await failure(update(Key, { AttributeUpdates: { sk: { Value: { N: "2" } } } }, composite))).toEqual({
      name: "ValidationException",
      message,
    });
  });

  test.each([
    ["SET a = pk.x", undefined],
    ["SET a = :v", "pk[0] = :v"],
  ])("UpdateItem: %s (condition %s) may not look inside a key attribute", async (UpdateExpression, condition) => {
    const result = await failure(
      update(freshKey(), {
        UpdateExpression,
        ConditionExpression: condition,
        ExpressionAttributeValues: UpdateExpression.includes(":v") ? { ":v": { S: "x" } } : undefined,
      }),
    );
    expect(result).toEqual({
      name: "ValidationException",
      message: "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    });
  });

  test.each([
    [{}, "hash"],
    [{ pk: { S: "a" }, x: { S: "b" } }, "hash"],
    [{ pk: { S: "a" } }, "range"],
  ] as [Item, string][])("UpdateItem: the key %j on the %s table does not match the schema", async (Key, kind) => {
    expect(await failure(update(Key, {}, kind === "hash" ? table : composite))).toEqual({
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
  });

  test("UpdateItem: a table that does not exist is ResourceNotFoundException", async () => {
    expect(await failure(update(freshKey(), {}, uniqueTableName("missing")))).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });
});

describe("UpdateItem: ReturnValues", () => {
  const original: Item = {
    top: { S: "keep" },
    x: { N: "1" },
    m: { M: { a: { M: { b: { S: "old-b" }, c: { N: "1" } } }, keep: { S: "mk" } } },
    l: {
      L: [{ M: { a: { S: "old0" }, b: { S: "b0" } } }, { M: { a: { S: "old1" }, b: { S: "b1" } } }],
    },
    rootList: { L: [{ S: "x" }, { S: "y" }] },
  };

  test.each([
    ["SET x = :v", { ":v": { N: "2" } }, "UPDATED_OLD", { x: { N: "1" } }],
    ["SET x = :v", { ":v": { N: "2" } }, "UPDATED_NEW", { x: { N: "2" } }],
    ["SET m.a.b = :v", { ":v": { S: "new-b" } }, "UPDATED_NEW", { m: { M: { a: { M: { b: { S: "new-b" } } } } } }],
    ["SET m.a.b = :v", { ":v": { S: "new-b" } }, "UPDATED_OLD", { m: { M: { a: { M: { b: { S: "old-b" } } } } } }],
    [
      "SET m.a.b = :v, m.a.c = :n",
      { ":v": { S: "new-b" }, ":n": { N: "2" } },
      "UPDATED_NEW",
      { m: { M: { a: { M: { b: { S: "new-b" }, c: { N: "2" } } } } } },
    ],
    ["SET l[1].a = :v", { ":v": { S: "new1" } }, "UPDATED_NEW", { l: { L: [{ M: { a: { S: "new1" } } }] } }],
    ["SET l[1].a = :v", { ":v": { S: "new1" } }, "UPDATED_OLD", { l: { L: [{ M: { a: { S: "old1" } } }] } }],
    ["SET rootList[99] = :v", { ":v": { S: "z" } }, "UPDATED_NEW", undefined],
    ["REMOVE m.a.b", undefined, "UPDATED_NEW", undefined],
    ["REMOVE m.a.b", undefined, "UPDATED_OLD", { m: { M: { a: { M: { b: { S: "old-b" } } } } } }],
    ["REMOVE l[0]", undefined, "UPDATED_NEW", { l: { L: [{ M: { a: { S: "old1" }, b: { S: "b1" } } }] } }],
    ["REMOVE l[0]", undefined, "UPDATED_OLD", { l: { L: [{ M: { a: { S: "old0" }, b: { S: "b0" } } }] } }],
    ["ADD m.a.c :inc", { ":inc": { N: "3" } }, "UPDATED_NEW", { m: { M: { a: { M: { c: { N: "4" } } } } } }],
    ["ADD newSet :s", { ":s": { SS: ["a"] } }, "UPDATED_OLD", undefined],
    ["SET x = :v", { ":v": { N: "2" } }, "NONE", undefined],
  ] as [
    string,
    Record<string, AttributeValue> | undefined,
    "UPDATED_OLD" | "UPDATED_NEW" | "NONE",
    Item | undefined,
  ][])(
    "UpdateItem: %s with ReturnValues %s returns %j",
    async (UpdateExpression, ExpressionAttributeValues, ReturnValues, expected) => {
      const key = freshKey();
      await put({ ...key, ...original });
      const result = await update(key, { UpdateExpression, ExpressionAttributeValues, ReturnValues });
      expect(result.Attributes).toEqual(expected);
    },
  );

  test("UpdateItem: ALL_OLD and ALL_NEW return the whole item before and after", async () => {
    const key = freshKey();
    await put({ ...key, ...original });
    const values = { ":v": { S: "new-b" } };
    const old = await update(key, {
      UpdateExpression: "SET m.a.b = :v",
      ExpressionAttributeValues: values,
      ReturnValues: "ALL_OLD",
    });
    expect(old.Attributes).toEqual({ ...key, ...original });
    const after = await update(key, { UpdateExpression: "REMOVE top", ReturnValues: "ALL_NEW" });
    const { top: _removed, ...rest } = original;
    expect(after.Attributes).toEqual({
      ...key,
      ...rest,
      m: { M: { a: { M: { b: { S: "new-b" }, c: { N: "1" } } }, keep: { S: "mk" } } },
    });
  });

  test.each([
    ["ALL_OLD", undefined],
    ["UPDATED_OLD", undefined],
    ["UPDATED_NEW", { a: { S: "A" }, n: { N: "1" } }],
    ["ALL_NEW", "whole"],
  ] as const)("UpdateItem: an upsert with ReturnValues %s returns %j", async (ReturnValues, expected) => {
    const key = freshKey();
    const result = await update(key, {
      UpdateExpression: "SET a = :a ADD n :n",
      ExpressionAttributeValues: { ":a": { S: "A" }, ":n": { N: "1" } },
      ReturnValues,
    });
    expect(result.Attributes).toEqual(expected === "whole" ? { ...key, a: { S: "A" }, n: { N: "1" } } : expected);
  });
});

/**
 * DynamoDB creates no item for an update whose every action removes or deletes: they have nothing
 * to act on ("DELETE - Nothing happens; there is no attribute to delete", AttributeValueUpdate).
 * An update with no action at all still creates the key-only item. Either way the write costs the
 * minimum unit. (DynamoDB Local creates the key-only item in the first case, and fails the second
 * with UPDATED_NEW and no update parameter at all; Scylla Alternator's suite, run against
 * DynamoDB, records DynamoDB's answers.)
 */
describe("UpdateItem: updates that only remove or delete", () => {
  const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"] as const;
  const set = { ":s": { SS: ["x"] } };
  const removeOnly: [string, Omit<UpdateItemCommandInput, "TableName" | "Key">][] = [
    ["REMOVE a", { UpdateExpression: "REMOVE a" }],
    ["DELETE s :s", { UpdateExpression: "DELETE s :s", ExpressionAttributeValues: set }],
    ["REMOVE a DELETE s :s", { UpdateExpression: "REMOVE a DELETE s :s", ExpressionAttributeValues: set }],
    ["AttributeUpdates DELETE", { AttributeUpdates: { a: { Action: "DELETE" } } }],
    ["AttributeUpdates DELETE with a Value", { AttributeUpdates: { s: { Action: "DELETE", Value: { SS: ["x"] } } } }],
  ];
  const cases = removeOnly.flatMap(([name, input]) => RETURN_VALUES.map((mode) => [name, mode, input] as const));

  test.each(cases)(
    "UpdateItem: %s on a missing item with ReturnValues %s creates nothing, returns no Attributes and costs 1 unit",
    async (_name, ReturnValues, input) => {
      const key = freshKey();
      const result = await update(key, { ...input, ReturnValues, ReturnConsumedCapacity: "TOTAL" });
      expect(result.Attributes).toBeUndefined();
      expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
      expect(await storedItem(db, table, key)).toBeUndefined();
    },
  );

  test.each(cases)(
    "UpdateItem: %s on an existing item with ReturnValues %s updates it",
    async (_name, ReturnValues, input) => {
      const key = freshKey();
      const before = { ...key, a: { S: "A" }, s: { SS: ["x", "y"] }, keep: { N: "1" } };
      await put(before);
      const result = await update(key, { ...input, ReturnValues, ReturnConsumedCapacity: "TOTAL" });
      const after = await storedItem(db, table, key);
      const removesA = input.UpdateExpression?.includes("REMOVE") || input.AttributeUpdates?.a !== undefined;
      const deletesX = input.UpdateExpression?.includes("DELETE") || input.AttributeUpdates?.s !== undefined;
      expect(after).toEqual({
        ...key,
        ...(removesA ? {} : { a: { S: "A" } }),
        s: deletesX ? { SS: ["y"] } : { SS: ["x", "y"] },
        keep: { N: "1" },
      });
      const updatedOld = { ...(removesA ? { a: before.a } : {}), ...(deletesX ? { s: before.s } : {}) };
      const expected = {
        NONE: undefined,
        ALL_OLD: before,
        UPDATED_OLD: updatedOld,
        ALL_NEW: after,
        UPDATED_NEW: deletesX ? { s: { SS: ["y"] } } : undefined,
      }[ReturnValues];
      expect(result.Attributes).toEqual(expected);
      expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
    },
  );

  test.each(
    (
      [
        [
          "SET b = :v REMOVE a",
          { UpdateExpression: "SET b = :v REMOVE a", ExpressionAttributeValues: { ":v": { S: "B" } } },
          { b: { S: "B" } },
        ],
        [
          "ADD n :n DELETE s :s",
          { UpdateExpression: "ADD n :n DELETE s :s", ExpressionAttributeValues: { ":n": { N: "1" }, ...set } },
          { n: { N: "1" } },
        ],
        [
          "AttributeUpdates PUT and DELETE",
          { AttributeUpdates: { a: { Action: "DELETE" }, b: { Action: "PUT", Value: { S: "B" } } } },
          { b: { S: "B" } },
        ],
        ["empty AttributeUpdates", { AttributeUpdates: {} }, {}],
        ["no update at all", {}, {}],
      ] as [string, Omit<UpdateItemCommandInput, "TableName" | "Key">, Item][]
    ).flatMap(([name, input, created]) => RETURN_VALUES.map((mode) => [name, mode, input, created] as const)),
  )("UpdateItem: %s on a missing item with ReturnValues %s creates it", async (_name, ReturnValues, input, created) => {
    const key = freshKey();
    const result = await update(key, { ...input, ReturnValues, ReturnConsumedCapacity: "TOTAL" });
    const item = { ...key, ...created };
    expect(await storedItem(db, table, key)).toEqual(item);
    const updatedNew = Object.keys(created).length > 0 ? created : undefined;
    const expected = {
      NONE: undefined,
      ALL_OLD: undefined,
      UPDATED_OLD: undefined,
      ALL_NEW: item,
      UPDATED_NEW: updatedNew,
    };
    expect(result.Attributes).toEqual(expected[ReturnValues]);
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
  });

  test("UpdateItem: a remove-only update of a missing item checks its condition, and creates nothing when it holds", async () => {
    const key = freshKey();
    const holds = await update(key, {
      UpdateExpression: "REMOVE a",
      ConditionExpression: "attribute_not_exists(pk)",
      ReturnValues: "ALL_NEW",
    });
    expect(holds.Attributes).toBeUndefined();
    expect(await storedItem(db, table, key)).toBeUndefined();
    const failed = await failure(
      update(key, {
        UpdateExpression: "REMOVE a",
        ConditionExpression: "attribute_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    expect(failed).toEqual({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
    const legacy = await update(key, {
      AttributeUpdates: { a: { Action: "DELETE" } },
      Expected: { pk: { Exists: false } },
      ReturnValues: "ALL_NEW",
    });
    expect(legacy.Attributes).toBeUndefined();
    expect(await storedItem(db, table, key)).toBeUndefined();
  });

  test("UpdateItem: a remove-only update of a missing item still refuses a path through a missing attribute", async () => {
    const key = freshKey();
    expect(await failure(update(key, { UpdateExpression: "REMOVE a.b" }))).toEqual({
      name: "ValidationException",
      message: "The document path provided in the update expression is invalid for update",
    });
    expect(await storedItem(db, table, key)).toBeUndefined();
  });

  test("UpdateItem: a remove-only update of a missing item does not hide a later upsert of it", async () => {
    const key = freshKey();
    await update(key, { UpdateExpression: "REMOVE a" });
    await update(key, { UpdateExpression: "SET a = :v", ExpressionAttributeValues: { ":v": { S: "A" } } });
    expect(await storedItem(db, table, key)).toEqual({ ...key, a: { S: "A" } });
    await update(key, { UpdateExpression: "REMOVE a" });
    expect(await storedItem(db, table, key)).toEqual(key);
  });
});

describe("UpdateItem: conditions", () => {
  test("UpdateItem: a false ConditionExpression fails and writes nothing; a true one updates", async () => {
    const key = freshKey();
    await put({ ...key, v: { N: "1" } });
    const values = { ":old": { N: "2" }, ":new": { N: "3" } };
    const failed = await failure(
      update(key, {
        UpdateExpression: "SET v = :new",
        ConditionExpression: "v = :old",
        ExpressionAttributeValues: values,
      }),
    );
    expect(failed).toEqual({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
    expect(await storedItem(db, table, key)).toEqual({ ...key, v: { N: "1" } });
    await update(key, {
      UpdateExpression: "SET v = :new",
      ConditionExpression: "v < :old",
      ExpressionAttributeValues: values,
    });
    expect(await storedItem(db, table, key)).toEqual({ ...key, v: { N: "3" } });
  });

  test("UpdateItem: a condition on a missing item sees no attributes", async () => {
    const key = freshKey();
    await update(key, {
      UpdateExpression: "SET v = :v",
      ConditionExpression: "attribute_not_exists(pk)",
      ExpressionAttributeValues: { ":v": { N: "1" } },
    });
    const again = await failure(
      update(key, {
        UpdateExpression: "SET v = :v",
        ConditionExpression: "attribute_not_exists(pk)",
        ExpressionAttributeValues: { ":v": { N: "1" } },
      }),
    );
    expect(again.name).toBe("ConditionalCheckFailedException");
  });

  test("UpdateItem: ReturnValuesOnConditionCheckFailure ALL_OLD returns the stored item on the error", async () => {
    const key = freshKey();
    await put({ ...key, v: { N: "1" } });
    const failed = await failure(
      update(key, {
        UpdateExpression: "SET v = :v",
        ConditionExpression: "v = :v",
        ExpressionAttributeValues: { ":v": { N: "5" } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    expect(failed).toEqual({
      name: "ConditionalCheckFailedException",
      message: "The conditional request failed",
      Item: { ...key, v: { N: "1" } },
    });
  });

  test("UpdateItem: a failed condition is reported before an update error", async () => {
    const key = freshKey();
    await put({ ...key, s: { S: "text" } });
    const failed = await failure(
      update(key, {
        UpdateExpression: "SET s = s + :v",
        ConditionExpression: "attribute_not_exists(s)",
        ExpressionAttributeValues: { ":v": { N: "1" } },
      }),
    );
    expect(failed.name).toBe("ConditionalCheckFailedException");
  });

  test("UpdateItem: legacy Expected guards an AttributeUpdates update", async () => {
    const key = freshKey();
    await put({ ...key, v: { N: "1" }, w: { S: "w" } });
    const failed = await failure(
      update(key, {
        AttributeUpdates: { v: { Value: { N: "2" } } },
        Expected: { v: { Value: { N: "9" } }, w: { Exists: true, Value: { S: "w" } } },
        ConditionalOperator: "AND",
      }),
    );
    expect(failed.name).toBe("ConditionalCheckFailedException");
    const result = await update(key, {
      AttributeUpdates: { v: { Value: { N: "2" } } },
      Expected: { v: { Value: { N: "9" } }, w: { Exists: true, Value: { S: "w" } } },
      ConditionalOperator: "OR",
      ReturnValues: "UPDATED_NEW",
    });
    expect(result.Attributes).toEqual({ v: { N: "2" } });
  });
});

describe("UpdateItem: AttributeUpdates", () => {
  test("UpdateItem: AttributeUpdates PUT (the default), ADD and DELETE", async () => {
    const key = freshKey();
    await put({ ...key, n: { N: "1" }, ss: { SS: ["a", "b"] }, l: { L: [{ S: "x" }] }, gone: { S: "g" } });
    const result = await update(key, {
      AttributeUpdates: {
        p: { Value: { S: "put" } },
        q: { Action: "PUT", Value: { BOOL: true } },
        n: { Action: "ADD", Value: { N: "2.5" } },
        fresh: { Action: "ADD", Value: { N: "7" } },
        ss: { Action: "DELETE", Value: { SS: ["a"] } },
        l: { Action: "ADD", Value: { L: [{ S: "y" }] } },
        gone: { Action: "DELETE" },
      },
      ReturnValues: "ALL_NEW",
    });
    expect(result.Attributes).toEqual({
      ...key,
      p: { S: "put" },
      q: { BOOL: true },
      n: { N: "3.5" },
      fresh: { N: "7" },
      ss: { SS: ["b"] },
      l: { L: [{ S: "x" }, { S: "y" }] },
    });
  });

  test.each([
    [
      { a: { Action: "PUT" } },
      "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified",
    ],
    [
      { a: { Action: "ADD" } },
      "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified",
    ],
    [
      { a: { Action: "DELETE", Value: { S: "x" } } },
      "One or more parameter values were invalid: DELETE action with value is not supported for the type STRING",
    ],
    [
      { a: { Action: "ADD", Value: { S: "x" } } },
      "One or more parameter values were invalid: ADD action is not supported for the type STRING",
    ],
    [{ a: { Action: "REPLACE", Value: { S: "x" } } }, "Member must satisfy enum value set: [ADD, DELETE, PUT]"],
    [{ a: { Value: { SS: [] } } }, "One or more parameter values were invalid: An string set  may not be empty"],
  ] as [Record<string, unknown>, string][])(
    "UpdateItem: AttributeUpdates %j is a ValidationException",
    async (AttributeUpdates, message) => {
      expect(await failure(update(freshKey(), { AttributeUpdates: AttributeUpdates as never }))).toEqual({
        name: "ValidationException",
        message,
      });
    },
  );

  test("UpdateItem: an AttributeUpdates type clash with the stored value is a ValidationException", async () => {
    const key = freshKey();
    await put({ ...key, s: { S: "text" } });
    expect(await failure(update(key, { AttributeUpdates: { s: { Action: "ADD", Value: { N: "1" } } } }))).toEqual({
      name: "ValidationException",
      message: "Type mismatch for attribute to update",
    });
  });

  test("UpdateItem: AttributeUpdates and UpdateExpression may not be mixed", async () => {
    const result = await failure(
      update(freshKey(), {
        AttributeUpdates: { a: { Value: { S: "x" } } },
        UpdateExpression: "SET b = :v",
        ExpressionAttributeValues: { ":v": { S: "x" } },
      }),
    );
    expect(result).toEqual({
      name: "ValidationException",
      message:
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}",
    });
  });
});

describe("UpdateItem: expression errors", () => {
  test.each([
    [
      "SET a = :v",
      { ":w": { S: "x" } },
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v",
    ],
    [
      "SET #a = :v",
      { ":v": { S: "x" } },
      "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a",
    ],
    [
      "SET a = :v",
      { ":v": { S: "x" }, ":w": { S: "y" } },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    ],
    [
      "SET data = :v",
      { ":v": { S: "x" } },
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: data",
    ],
    [
      "SET a = :v, a.b = :v",
      { ":v": { S: "x" } },
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
    ],
    [
      "SET a = :v SET b = :v",
      { ":v": { S: "x" } },
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    [
      "ADD a :v",
      { ":v": { S: "x" } },
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND",
    ],
    [
      "SET a = a - :v",
      { ":v": { S: "x" } },
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: S",
    ],
    ["SET a = a * :v", { ":v": { N: "2" } }, 'Invalid UpdateExpression: Syntax error; token: "*", near: "a * :v"'],
    ["", undefined, "Invalid UpdateExpression: The expression can not be empty;"],
  ] as [string, Record<string, AttributeValue> | undefined, string][])(
    "UpdateItem: %s is a ValidationException: %s",
    async (UpdateExpression, ExpressionAttributeValues, message) => {
      expect(await failure(update(freshKey(), { UpdateExpression, ExpressionAttributeValues }))).toEqual({
        name: "ValidationException",
        message,
      });
    },
  );
});

describe("UpdateItem: consumed capacity", () => {
  /** The padding that makes an item with `key` and a `d` attribute exactly `bytes` bytes. */
  const padding = (key: Item, bytes: number) => text(bytes - 2 - (key.pk.S as string).length - 1);

  test("UpdateItem: creating a 5 KB item costs 5 units; INDEXES adds the table's share", async () => {
    const key = freshKey();
    const result = await update(key, {
      UpdateExpression: "SET d = :d",
      ExpressionAttributeValues: { ":d": padding(key, 5 * 1024) },
      ReturnConsumedCapacity: "INDEXES",
    });
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 5, Table: { CapacityUnits: 5 } });
  });

  test("UpdateItem: a small change to a 9 KB item costs 9 units, and shrinking it to 1 KB still costs 9", async () => {
    const key = freshKey();
    await put({ ...key, d: padding(key, 9 * 1024) });
    const touch = await update(key, {
      UpdateExpression: "SET x = :x",
      ExpressionAttributeValues: { ":x": { N: "1" } },
      ReturnConsumedCapacity: "TOTAL",
    });
    expect(touch.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 10 });
    const shrink = await update(key, {
      UpdateExpression: "SET d = :d REMOVE x",
      ExpressionAttributeValues: { ":d": padding(key, 1024) },
      ReturnConsumedCapacity: "TOTAL",
    });
    expect(shrink.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 10 });
    const small = await update(key, { UpdateExpression: "REMOVE nope", ReturnConsumedCapacity: "TOTAL" });
    expect(small.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1 });
  });
});
