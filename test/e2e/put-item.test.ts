/**
 * PutItem over HTTP through the AWS SDK: writes, conditions (expressions and legacy Expected),
 * placeholders, ReturnValues, ReturnValuesOnConditionCheckFailure and consumed capacity.
 */

import { type AttributeValue, PutItemCommand, type PutItemCommandInput } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient, storedItem, text } from "../helpers/items";

const db = itemClient();
let table: string;

beforeAll(async () => {
  table = await createItemTable(db, "items-put");
});

let counter = 0;
const freshKey = () => ({ pk: { S: `put-${Date.now()}-${counter++}` } });

function put(input: Omit<PutItemCommandInput, "TableName">) {
  return db.send(new PutItemCommand({ TableName: table, ...input }));
}

/** An item with every type, nested maps and lists, for conditions to look at. */
function richItem(key: Item): Item {
  return {
    ...key,
    s: { S: "hello world" },
    n: { N: "10" },
    b: { B: new Uint8Array([1, 2, 3]) },
    t: { BOOL: true },
    z: { NULL: true },
    ss: { SS: ["a", "b"] },
    ns: { NS: ["1", "2"] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
    l: { L: [{ S: "x" }, { N: "1" }, { M: { deep: { S: "d" } } }] },
    m: { M: { alpha: { S: "v" }, num: { N: "3" }, list: { L: [{ S: "p" }] } } },
    "odd.name": { S: "dotted" },
  };
}

describe("PutItem: writes", () => {
  test("PutItem: stores an item and replaces it whole on the next put", async () => {
    const key = freshKey();
    expect(await put({ Item: { ...key, a: { S: "1" }, b: { N: "2" } } })).not.toHaveProperty("Attributes");
    await put({ Item: { ...key, c: { BOOL: false } } });
    expect(await storedItem(db, table, key)).toEqual({ ...key, c: { BOOL: false } });
  });

  test("PutItem: ReturnValues ALL_OLD returns the replaced item, and nothing for a new one", async () => {
    const key = freshKey();
    const first = await put({ Item: { ...key, v: { S: "one" } }, ReturnValues: "ALL_OLD" });
    expect(first.Attributes).toBeUndefined();
    const second = await put({ Item: { ...key, v: { S: "two" } }, ReturnValues: "ALL_OLD" });
    expect(second.Attributes).toEqual({ ...key, v: { S: "one" } });
    const none = await put({ Item: { ...key, v: { S: "three" } }, ReturnValues: "NONE" });
    expect(none.Attributes).toBeUndefined();
  });

  test.each(["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"] as const)(
    "PutItem: ReturnValues %s is a ValidationException",
    async (ReturnValues) => {
      expect(await failure(put({ Item: freshKey(), ReturnValues }))).toEqual({
        name: "ValidationException",
        message: "ReturnValues can only be ALL_OLD or NONE",
      });
    },
  );

  test("PutItem: ReturnItemCollectionMetrics SIZE is accepted and returns no metrics without an LSI", async () => {
    const result = await put({ Item: freshKey(), ReturnItemCollectionMetrics: "SIZE" });
    expect(result.ItemCollectionMetrics).toBeUndefined();
  });

  test("PutItem: a table that does not exist is ResourceNotFoundException", async () => {
    expect(
      await failure(db.send(new PutItemCommand({ TableName: uniqueTableName("missing"), Item: freshKey() }))),
    ).toEqual({ name: "ResourceNotFoundException", message: "Requested resource not found" });
  });

  test.each([
    [{ other: { S: "x" } }, "One or more parameter values were invalid: Missing the key pk in the item"],
    [{ pk: { N: "1" } }, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"],
    [
      { pk: { S: "" } },
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    ],
  ])("PutItem: a bad key %j is a ValidationException", async (Item, message) => {
    expect(await failure(put({ Item: Item as Item }))).toEqual({ name: "ValidationException", message });
  });
});

describe("PutItem: ConditionExpression", () => {
  const key = freshKey();
  const values: Record<string, AttributeValue> = {
    ":S": { S: "S" },
    ":N": { S: "N" },
    ":B": { S: "B" },
    ":BOOL": { S: "BOOL" },
    ":NULL": { S: "NULL" },
    ":SS": { S: "SS" },
    ":NS": { S: "NS" },
    ":BS": { S: "BS" },
    ":L": { S: "L" },
    ":M": { S: "M" },
    ":hello": { S: "hello" },
    ":world": { S: "world" },
    ":lowo": { S: "lo wo" },
    ":a": { S: "a" },
    ":c": { S: "c" },
    ":x": { S: "x" },
    ":v": { S: "v" },
    ":p": { S: "p" },
    ":zz": { S: "zz" },
    ":one": { N: "1" },
    ":two": { N: "2" },
    ":three": { N: "3" },
    ":nine": { N: "9" },
    ":ten": { N: "10.0" },
    ":eleven": { N: "11" },
    ":twelve": { N: "12" },
    ":tenText": { S: "10" },
    ":b12": { B: new Uint8Array([1, 2]) },
    ":b13": { B: new Uint8Array([1, 3]) },
    ":b1": { B: new Uint8Array([1]) },
    ":true": { BOOL: true },
    ":list": { L: [{ S: "x" }, { N: "1" }, { M: { deep: { S: "d" } } }] },
    ":set": { SS: ["b", "a"] },
  };

  beforeAll(async () => {
    await put({ Item: richItem(key) });
  });

  // [condition, holds on richItem]
  const cases: [string, boolean][] = [
    ["attribute_exists(s)", true],
    ["attribute_exists(nope)", false],
    ["attribute_not_exists(nope)", true],
    ["attribute_not_exists(s)", false],
    ["attribute_exists(m.alpha)", true],
    ["attribute_exists(m.nope)", false],
    ["attribute_exists(l[2].deep)", true],
    ["attribute_exists(l[5])", false],
    ["attribute_exists(#odd)", true],
    ["attribute_type(s, :S)", true],
    ["attribute_type(n, :N)", true],
    ["attribute_type(b, :B)", true],
    ["attribute_type(t, :BOOL)", true],
    ["attribute_type(z, :NULL)", true],
    ["attribute_type(ss, :SS)", true],
    ["attribute_type(ns, :NS)", true],
    ["attribute_type(bs, :BS)", true],
    ["attribute_type(l, :L)", true],
    ["attribute_type(m, :M)", true],
    ["attribute_type(n, :S)", false],
    ["attribute_type(nope, :S)", false],
    ["begins_with(s, :hello)", true],
    ["begins_with(s, :world)", false],
    ["begins_with(b, :b12)", true],
    ["begins_with(b, :b13)", false],
    ["begins_with(n, :hello)", false],
    ["contains(s, :lowo)", true],
    ["contains(s, :zz)", false],
    ["contains(ss, :a)", true],
    ["contains(ss, :c)", false],
    ["contains(ns, :one)", true],
    ["contains(ns, :three)", false],
    ["contains(bs, :b1)", true],
    ["contains(l, :x)", true],
    ["contains(l, :one)", true],
    ["contains(l, :a)", false],
    ["contains(n, :one)", false],
    ["size(s) = :eleven", true],
    ["size(b) = :three", true],
    ["size(ss) = :two", true],
    ["size(l) = :three", true],
    ["size(m) = :three", true],
    ["size(n) = :two", false],
    ["size(l[2]) = :one", true],
    ["n = :ten", true],
    ["n <> :ten", false],
    ["n <> :nine", true],
    ["n < :eleven", true],
    ["n < :ten", false],
    ["n <= :ten", true],
    ["n > :nine", true],
    ["n > :ten", false],
    ["n >= :ten", true],
    ["s < :zz", true],
    ["b < :b13", true],
    ["n = :tenText", false],
    ["n <> :tenText", true],
    ["nope = :ten", false],
    ["nope <> :ten", true],
    ["t = :true", true],
    ["l = :list", true],
    ["ss = :set", true],
    ["n BETWEEN :nine AND :eleven", true],
    ["n BETWEEN :eleven AND :twelve", false],
    ["n BETWEEN :ten AND :ten", true],
    ["s BETWEEN :a AND :zz", true],
    ["n IN (:nine, :ten)", true],
    ["n IN (:nine, :eleven)", false],
    ["s IN (:a, :hello)", false],
    ["m.num = :three", true],
    ["m.#list[0] = :p", true],
    ["l[1] = :one", true],
    ["l[2].deep = :one", false],
    ["#odd = :x", false],
    ["attribute_exists(s) AND n = :ten", true],
    ["attribute_exists(s) AND n = :nine", false],
    ["attribute_exists(nope) OR n = :ten", true],
    ["attribute_exists(nope) OR n = :nine", false],
    ["NOT attribute_exists(s)", false],
    ["NOT (n = :nine)", true],
    ["NOT nope = :ten", true],
    ["n = :nine OR n = :ten AND s = :a", false],
    ["(n = :nine OR n = :ten) AND NOT s = :a", true],
    ["size(ss) > :one AND contains(ss, :a) AND NOT contains(ss, :c)", true],
  ];

  test.each(cases)("PutItem: condition %s holds: %s", async (condition, holds) => {
    const used = Object.fromEntries(
      Object.entries(values).filter(([name]) => new RegExp(`${name}\\b`).test(condition)),
    );
    const names: Record<string, string> = {};
    if (condition.includes("#odd")) names["#odd"] = "odd.name";
    if (condition.includes("#list")) names["#list"] = "list";
    const request = put({
      Item: richItem(key),
      ConditionExpression: condition,
      ExpressionAttributeValues: Object.keys(used).length ? used : undefined,
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
    });
    if (holds) await request;
    else {
      expect(await failure(request)).toEqual({
        name: "ConditionalCheckFailedException",
        message: "The conditional request failed",
      });
    }
  });

  test("PutItem: a failed condition writes nothing", async () => {
    const fresh = freshKey();
    await put({ Item: { ...fresh, v: { S: "kept" } } });
    await failure(put({ Item: { ...fresh, v: { S: "lost" } }, ConditionExpression: "attribute_not_exists(pk)" }));
    expect(await storedItem(db, table, fresh)).toEqual({ ...fresh, v: { S: "kept" } });
  });

  test("PutItem: attribute_not_exists(pk) creates a missing item", async () => {
    const fresh = freshKey();
    await put({ Item: fresh, ConditionExpression: "attribute_not_exists(pk)" });
    expect(await storedItem(db, table, fresh)).toEqual(fresh);
  });

  test("PutItem: ReturnValuesOnConditionCheckFailure ALL_OLD puts the stored item on the error", async () => {
    const fresh = freshKey();
    await put({ Item: { ...fresh, v: { N: "1" } } });
    const withItem = await failure(
      put({
        Item: fresh,
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    expect(withItem).toEqual({
      name: "ConditionalCheckFailedException",
      message: "The conditional request failed",
      Item: { ...fresh, v: { N: "1" } },
    });
    const without = await failure(
      put({
        Item: fresh,
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "NONE",
      }),
    );
    expect(without.Item).toBeUndefined();
  });

  test("PutItem: ReturnValuesOnConditionCheckFailure ALL_OLD on a missing item returns no Item", async () => {
    const result = await failure(
      put({
        Item: freshKey(),
        ConditionExpression: "attribute_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    expect(result).toEqual({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
  });
});

describe("PutItem: placeholders and expression errors", () => {
  test.each([
    [
      { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": { S: "x" }, ":w": { S: "y" } } },
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    ],
    [
      {
        ConditionExpression: "a = :v",
        ExpressionAttributeNames: { "#n": "a" },
        ExpressionAttributeValues: { ":v": { S: "x" } },
      },
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
    ],
    [
      { ConditionExpression: "a = :w", ExpressionAttributeValues: { ":v": { S: "x" } } },
      "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w",
    ],
    [
      { ConditionExpression: "#n = :v", ExpressionAttributeValues: { ":v": { S: "x" } } },
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n",
    ],
    [
      { ConditionExpression: "data = :v", ExpressionAttributeValues: { ":v": { S: "x" } } },
      "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: data",
    ],
    [
      { ConditionExpression: "begins_with(a, :v)", ExpressionAttributeValues: { ":v": { N: "1" } } },
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ],
    [
      {
        ConditionExpression: "#status = :v",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":v": { S: "x" } },
      },
      undefined,
    ],
    [
      { ExpressionAttributeNames: { "#n": "a" } },
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      { ExpressionAttributeValues: { ":v": { S: "x" } } },
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    ],
    [{ ConditionExpression: "" }, "Invalid ConditionExpression: The expression can not be empty;"],
    [
      { ConditionExpression: "attribute_not_exists(pk)", Expected: { pk: { Exists: false } } },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    ],
    [
      { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": { N: "1e200" } } },
      "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a number with magnitude larger than supported range for key :v",
    ],
    [
      { ConditionExpression: "pk.a = :v", ExpressionAttributeValues: { ":v": { S: "x" } } },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
  ] as [Partial<PutItemCommandInput>, string | undefined][])("PutItem: %j → %s", async (input, message) => {
    const request = put({ Item: freshKey(), ...input });
    if (message === undefined)
      await expect(request.catch((e: Error) => e.name)).resolves.toBe("ConditionalCheckFailedException");
    else expect(await failure(request)).toEqual({ name: "ValidationException", message });
  });
});

describe("PutItem: legacy Expected", () => {
  const key = freshKey();
  beforeAll(async () => {
    await put({ Item: richItem(key) });
  });

  // [Expected, ConditionalOperator, holds]
  const cases: [Record<string, unknown>, "AND" | "OR" | undefined, boolean][] = [
    [{ s: { Exists: true, Value: { S: "hello world" } } }, undefined, true],
    [{ s: { Value: { S: "hello world" } } }, undefined, true],
    [{ s: { Value: { S: "other" } } }, undefined, false],
    [{ nope: { Exists: false } }, undefined, true],
    [{ s: { Exists: false } }, undefined, false],
    [{ n: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "10" }] } }, undefined, true],
    [{ n: { ComparisonOperator: "NE", AttributeValueList: [{ N: "10" }] } }, undefined, false],
    [{ n: { ComparisonOperator: "LT", AttributeValueList: [{ N: "11" }] } }, undefined, true],
    [{ n: { ComparisonOperator: "LE", AttributeValueList: [{ N: "10" }] } }, undefined, true],
    [{ n: { ComparisonOperator: "GT", AttributeValueList: [{ N: "10" }] } }, undefined, false],
    [{ n: { ComparisonOperator: "GE", Value: { N: "10" } } }, undefined, true],
    [{ s: { ComparisonOperator: "NOT_NULL" } }, undefined, true],
    [{ nope: { ComparisonOperator: "NULL" } }, undefined, true],
    [{ s: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ S: "lo w" }] } }, undefined, true],
    [{ ss: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ S: "c" }] } }, undefined, true],
    [{ nope: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ S: "c" }] } }, undefined, false],
    [{ s: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ S: "hell" }] } }, undefined, true],
    [{ n: { ComparisonOperator: "IN", AttributeValueList: [{ N: "1" }, { N: "10" }] } }, undefined, true],
    [{ n: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ N: "1" }, { N: "9" }] } }, undefined, false],
    [{ s: { Exists: false }, n: { Value: { N: "10" } } }, "OR", true],
    [{ s: { Exists: false }, n: { Value: { N: "10" } } }, "AND", false],
    [{ s: { Exists: true, Value: { S: "hello world" } }, n: { Value: { N: "10" } } }, "AND", true],
  ];

  test.each(cases)("PutItem: Expected %j with %s holds: %s", async (Expected, ConditionalOperator, holds) => {
    const request = put({ Item: richItem(key), Expected: Expected as never, ConditionalOperator });
    if (holds) await request;
    else expect((await failure(request)).name).toBe("ConditionalCheckFailedException");
  });

  test.each([
    [
      { a: {} },
      undefined,
      "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a",
    ],
    [
      { a: { Exists: true } },
      undefined,
      "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a",
    ],
    [
      { a: { Exists: false, Value: { S: "x" } } },
      undefined,
      "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a",
    ],
    [
      { a: { ComparisonOperator: "EQ" } },
      undefined,
      "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a",
    ],
    [
      { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ N: "1" }] } },
      undefined,
      "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator",
    ],
    [
      { a: { Exists: false } },
      "AND",
      "ConditionalOperator can only be used when Filter or Expected has two or more elements",
    ],
    [
      { a: { Value: { N: "1e200" } } },
      undefined,
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
  ] as [Record<string, unknown>, "AND" | undefined, string][])(
    "PutItem: Expected %j (%s) is a ValidationException: %s",
    async (Expected, ConditionalOperator, message) => {
      expect(await failure(put({ Item: freshKey(), Expected: Expected as never, ConditionalOperator }))).toEqual({
        name: "ValidationException",
        message,
      });
    },
  );

  test("PutItem: ConditionalOperator without Expected is a ValidationException", async () => {
    expect(await failure(put({ Item: freshKey(), ConditionalOperator: "OR" }))).toEqual({
      name: "ValidationException",
      message: "ConditionalOperator cannot be used without Filter or Expected",
    });
  });
});

describe("PutItem: consumed capacity", () => {
  /** An item of exactly `bytes` bytes as DynamoDB counts them: "pk" + key + "d" + data. */
  function sized(key: Item, bytes: number): Item {
    const keySize = 2 + (key.pk.S as string).length;
    return { ...key, d: text(bytes - keySize - 1) };
  }

  test.each([
    [1024, 1],
    [1025, 2],
    [5 * 1024, 5],
    [9 * 1024, 9],
  ])("PutItem: a new item of %i bytes consumes %i write units", async (bytes, units) => {
    const result = await put({ Item: sized(freshKey(), bytes), ReturnConsumedCapacity: "TOTAL" });
    expect(result.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: units });
  });

  test("PutItem: replacing an item is charged on the larger of the old and new item", async () => {
    const key = freshKey();
    await put({ Item: sized(key, 9 * 1024) });
    const smaller = await put({ Item: sized(key, 1024), ReturnConsumedCapacity: "TOTAL" });
    expect(smaller.ConsumedCapacity?.CapacityUnits).toBe(9);
    const larger = await put({ Item: sized(key, 5 * 1024), ReturnConsumedCapacity: "TOTAL" });
    expect(larger.ConsumedCapacity?.CapacityUnits).toBe(5);
  });

  test("PutItem: INDEXES adds the table's own share; NONE returns nothing", async () => {
    const indexes = await put({ Item: freshKey(), ReturnConsumedCapacity: "INDEXES" });
    expect(indexes.ConsumedCapacity).toEqual({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const none = await put({ Item: freshKey(), ReturnConsumedCapacity: "NONE" });
    expect(none.ConsumedCapacity).toBeUndefined();
  });
});
