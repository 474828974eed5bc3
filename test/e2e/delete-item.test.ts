/**
 * DeleteItem over HTTP through the AWS SDK: deletes, ReturnValues, conditions (expressions and
 * legacy Expected), key validation and write capacity on the deleted item's size.
 */

import { DeleteItemCommand, type DeleteItemCommandInput, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient, storedItem, text } from "../helpers/items";

const db = itemClient();
let table: string;
let composite: string;

beforeAll(async () => {
  [table, composite] = await Promise.all([
    createItemTable(db, "items-delete"),
    createItemTable(db, "items-delete-range", "S", "B"),
  ]);
});

let counter = 0;
const freshKey = () => ({ pk: { S: `del-${Date.now()}-${counter++}` } });

function remove(Key: Item, input: Omit<DeleteItemCommandInput, "TableName" | "Key"> = {}, TableName = table) {
  return db.send(new DeleteItemCommand({ TableName, Key, ...input }));
}

function put(Item: Item, TableName = table) {
  return db.send(new PutItemCommand({ TableName, Item }));
}

describe("DeleteItem: deletes", () => {
  test("DeleteItem: removes the item; deleting a missing item succeeds", async () => {
    const key = freshKey();
    await put({ ...key, a: { S: "A" } });
    expect(await remove(key)).not.toHaveProperty("Attributes");
    expect(await storedItem(db, table, key)).toBeUndefined();
    await remove(key);
  });

  test("DeleteItem: ReturnValues ALL_OLD returns the deleted item, and nothing when there was none", async () => {
    const key = freshKey();
    await put({ ...key, a: { NS: ["1", "2"] } });
    expect((await remove(key, { ReturnValues: "ALL_OLD" })).Attributes).toEqual({ ...key, a: { NS: ["1", "2"] } });
    expect((await remove(key, { ReturnValues: "ALL_OLD" })).Attributes).toBeUndefined();
    expect((await remove(key, { ReturnValues: "NONE" })).Attributes).toBeUndefined();
  });

  test.each(["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"] as const)(
    "DeleteItem: ReturnValues %s is a ValidationException",
    async (ReturnValues) => {
      expect(await failure(remove(freshKey(), { ReturnValues }))).toEqual({
        name: "ValidationException",
        message: "ReturnValues can only be ALL_OLD or NONE",
      });
    },
  );

  test("DeleteItem: a composite binary key deletes only that item", async () => {
    const one = { pk: { S: "c" }, sk: { B: new Uint8Array([1]) } };
    const two = { pk: { S: "c" }, sk: { B: new Uint8Array([2]) } };
    await put(one, composite);
    await put(two, composite);
    await remove(one, {}, composite);
    expect(await storedItem(db, composite, one)).toBeUndefined();
    expect(await storedItem(db, composite, two)).toEqual(two);
  });

  test("DeleteItem: ReturnItemCollectionMetrics SIZE is accepted and returns no metrics without an LSI", async () => {
    expect((await remove(freshKey(), { ReturnItemCollectionMetrics: "SIZE" })).ItemCollectionMetrics).toBeUndefined();
  });
});

describe("DeleteItem: conditions", () => {
  test("DeleteItem: a false condition fails and deletes nothing; a true one deletes", async () => {
    const key = freshKey();
    await put({ ...key, v: { N: "1" } });
    const values = { ":v": { N: "2" } };
    expect(await failure(remove(key, { ConditionExpression: "v = :v", ExpressionAttributeValues: values }))).toEqual({
      name: "ConditionalCheckFailedException",
      message: "The conditional request failed",
    });
    expect(await storedItem(db, table, key)).toEqual({ ...key, v: { N: "1" } });
    await remove(key, { ConditionExpression: "v < :v AND attribute_exists(pk)", ExpressionAttributeValues: values });
    expect(await storedItem(db, table, key)).toBeUndefined();
  });

  test("DeleteItem: attribute_exists(pk) fails on a missing item", async () => {
    expect((await failure(remove(freshKey(), { ConditionExpression: "attribute_exists(pk)" }))).name).toBe(
      "ConditionalCheckFailedException",
    );
  });

  test("DeleteItem: ReturnValuesOnConditionCheckFailure ALL_OLD returns the stored item on the error", async () => {
    const key = freshKey();
    await put({ ...key, v: { S: "x" } });
    expect(
      await failure(
        remove(key, { ConditionExpression: "attribute_not_exists(v)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" }),
      ),
    ).toEqual({
      name: "ConditionalCheckFailedException",
      message: "The conditional request failed",
      Item: { ...key, v: { S: "x" } },
    });
  });

  test("DeleteItem: legacy Expected with ConditionalOperator", async () => {
    const key = freshKey();
    await put({ ...key, v: { N: "1" }, s: { SS: ["a"] } });
    const expected = {
      v: { ComparisonOperator: "GT" as const, AttributeValueList: [{ N: "5" }] },
      s: { ComparisonOperator: "CONTAINS" as const, AttributeValueList: [{ S: "a" }] },
    };
    expect((await failure(remove(key, { Expected: expected, ConditionalOperator: "AND" }))).name).toBe(
      "ConditionalCheckFailedException",
    );
    const result = await remove(key, { Expected: expected, ConditionalOperator: "OR", ReturnValues: "ALL_OLD" });
    expect(result.Attributes).toEqual({ ...key, v: { N: "1" }, s: { SS: ["a"] } });
  });

  test.each([
    [
      { ConditionExpression: "a = :v", Expected: { a: { Exists: false } } },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    ],
    [
      { Expected: { a: { Exists: true } } },
      "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a",
    ],
    [
      { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": { S: "x" }, ":w": { S: "x" } } },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    ],
    [
      { ConditionExpression: "pk.x = :v", ExpressionAttributeValues: { ":v": { S: "x" } } },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    [{ ConditionExpression: "a =" }, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'],
  ] as [Partial<DeleteItemCommandInput>, string][])(
    "DeleteItem: %j is a ValidationException: %s",
    async (input, message) => {
      expect(await failure(remove(freshKey(), input))).toEqual({ name: "ValidationException", message });
    },
  );
});

describe("DeleteItem: keys and tables", () => {
  test.each([
    [{}, "hash"],
    [{ pk: { N: "1" } }, "hash"],
    [{ pk: { S: "a" } }, "range"],
    [{ pk: { S: "a" }, sk: { S: "x" } }, "range"],
  ] as [Item, string][])("DeleteItem: the key %j on the %s table does not match the schema", async (Key, kind) => {
    expect(await failure(remove(Key, {}, kind === "hash" ? table : composite))).toEqual({
      name: "ValidationException",
      message: "The provided key element does not match the schema",
    });
  });

  test("DeleteItem: an empty binary sort key is a ValidationException", async () => {
    expect(await failure(remove({ pk: { S: "a" }, sk: { B: new Uint8Array() } }, {}, composite))).toEqual({
      name: "ValidationException",
      message:
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: sk",
    });
  });

  test("DeleteItem: a table that does not exist is ResourceNotFoundException", async () => {
    expect(await failure(remove(freshKey(), {}, uniqueTableName("missing")))).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });
});

describe("DeleteItem: consumed capacity", () => {
  test.each([
    [0, 1],
    [1024, 1],
    [5 * 1024, 5],
    [9 * 1024, 9],
  ])("DeleteItem: deleting an item of %i bytes costs %i write units", async (bytes, units) => {
    const key = freshKey();
    if (bytes > 0) await put({ ...key, d: text(bytes - 2 - (key.pk.S as string).length - 1) });
    const result = await remove(key, { ReturnConsumedCapacity: "TOTAL" });
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: units });
  });

  test("DeleteItem: INDEXES adds the table's share", async () => {
    const result = await remove(freshKey(), { ReturnConsumedCapacity: "INDEXES" });
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
  });
});
