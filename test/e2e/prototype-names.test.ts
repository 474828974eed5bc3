/**
 * Names that are also properties of JavaScript's `Object.prototype` (`__proto__`, `constructor`,
 * `toString`, …) are ordinary names to DynamoDB. As attribute names, map keys, key attribute
 * names, placeholder names and table names they must round-trip through every operation: never
 * dropped with a 200, never a 500, never mistaken for an attribute an item does not have.
 *
 * Over raw HTTP (test/helpers/wire.ts): the AWS SDK's own serializer drops a `"__proto__"` map key.
 * Objects here are built with computed keys (`{ [name]: value }`), which define own properties.
 */

import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { callWire, errorType, type WireAnswer } from "../helpers/wire";

const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "__defineGetter__",
  "toLocaleString",
] as const;

type Value = Record<string, unknown>;
type Item = Record<string, Value>;

const S = (text: string): Value => ({ S: text });

/** An object with the given own entries, `__proto__` included. */
function own<T>(entries: [string, T][]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of entries) Object.defineProperty(out, name, { value, enumerable: true, writable: true });
  return out;
}

async function ok(operation: string, body: object): Promise<Record<string, unknown>> {
  const answer = await callWire(operation, body);
  expect(answer, `${operation} ${JSON.stringify(body)}`).toMatchObject({ status: 200 });
  return answer.body;
}

async function failed(operation: string, body: object): Promise<WireAnswer> {
  const answer = await callWire(operation, body);
  expect(answer.status, `${operation} ${JSON.stringify(answer.body)}`).toBe(400);
  return answer;
}

async function createActive(name: string, hash: string, range?: string): Promise<void> {
  const definitions = [{ AttributeName: hash, AttributeType: "S" }];
  const schema = [{ AttributeName: hash, KeyType: "HASH" }];
  if (range) {
    definitions.push({ AttributeName: range, AttributeType: "S" });
    schema.push({ AttributeName: range, KeyType: "RANGE" });
  }
  await ok("CreateTable", {
    TableName: name,
    AttributeDefinitions: definitions,
    KeySchema: schema,
    BillingMode: "PAY_PER_REQUEST",
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const described = await ok("DescribeTable", { TableName: name });
    if ((described.Table as { TableStatus: string }).TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not become ACTIVE`);
}

/** Tables keyed by prototype names: `keyed-<i>` has HASH PROTOTYPE_NAMES[i], RANGE the next one. */
const keyedTable = (i: number) => `prototype-keyed-${i}`;
const keyNames = (i: number) => [PROTOTYPE_NAMES[i], PROTOTYPE_NAMES[(i + 1) % PROTOTYPE_NAMES.length]] as const;
/** Tables named by prototype names (all valid table names), keyed `pk`. */
const NAMED_TABLES = ["__proto__", "constructor", "toString", "valueOf"];

beforeAll(async () => {
  await Promise.all([
    ...PROTOTYPE_NAMES.map((_, i) => createActive(keyedTable(i), ...keyNames(i))),
    ...NAMED_TABLES.map((name) => createActive(name, "pk")),
  ]);
}, 60_000);

const name = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...PROTOTYPE_NAMES).map((n) => `${n}.x`),
);

describe("names that are Object.prototype properties", () => {
  test("round-trip as key, attribute, map key and placeholder names through every item operation", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: PROTOTYPE_NAMES.length - 1 }),
        fc.uniqueArray(name, { minLength: 3, maxLength: 3 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (table, names, text) => {
          const [hash, range] = keyNames(table);
          const [a, b, c] = names.filter((n) => n !== hash && n !== range).concat(["fallback-a", "fallback-b"]);
          const TableName = keyedTable(table);
          const keyValue = `k-${crypto.randomUUID()}`;
          const key = own([
            [hash, S(keyValue)],
            [range, S(text)],
          ]);
          const inner = own([[c, S(text)]]);
          const item: Item = { ...key, ...own<Value>([[a, { M: inner }]]), ...own<Value>([[b, { L: [S(text)] }]]) };

          await ok("PutItem", { TableName, Item: item });
          expect((await ok("GetItem", { TableName, Key: key, ConsistentRead: true })).Item).toEqual(item);

          const names3 = own([
            ["#a", a],
            ["#b", b],
            ["#c", c],
          ]);
          const projected = await ok("GetItem", {
            TableName,
            Key: key,
            ConsistentRead: true,
            ProjectionExpression: "#a.#c",
            ExpressionAttributeNames: own([
              ["#a", a],
              ["#c", c],
            ]),
          });
          expect(projected.Item).toEqual(own([[a, { M: inner }]]));

          // SET on a prototype name and a nested one, REMOVE inside the map.
          const updated = await ok("UpdateItem", {
            TableName,
            Key: key,
            UpdateExpression: "SET #b = :v, #a.#b = :v REMOVE #a.#c",
            ConditionExpression: "attribute_exists(#a.#c) AND attribute_not_exists(#a.#b)",
            ExpressionAttributeNames: names3,
            ExpressionAttributeValues: { ":v": S("set") },
            ReturnValues: "ALL_NEW",
          });
          const afterSet: Item = { ...key, ...own<Value>([[a, { M: own([[b, S("set")]]) }]]), ...own([[b, S("set")]]) };
          expect(updated.Attributes).toEqual(afterSet);

          // Legacy parameters keyed by the same names.
          const legacy = await ok("UpdateItem", {
            TableName,
            Key: key,
            AttributeUpdates: own([[c, { Action: "PUT", Value: S("legacy") }]]),
            Expected: own([[b, { Value: S("set") }]]),
            ReturnValues: "UPDATED_NEW",
          });
          expect(legacy.Attributes).toEqual(own([[c, S("legacy")]]));

          const queried = await ok("Query", {
            TableName,
            KeyConditionExpression: "#h = :h",
            FilterExpression: "attribute_exists(#c)",
            ExpressionAttributeNames: own([
              ["#h", hash],
              ["#c", c],
            ]),
            ExpressionAttributeValues: { ":h": S(keyValue) },
            ConsistentRead: true,
          });
          expect(queried.Items).toEqual([{ ...afterSet, ...own([[c, S("legacy")]]) }]);

          const scanned = await ok("Scan", {
            TableName,
            ScanFilter: own([[hash, { ComparisonOperator: "EQ", AttributeValueList: [S(keyValue)] }]]),
            ConsistentRead: true,
          });
          expect(scanned.Items).toEqual(queried.Items);

          const deleted = await ok("DeleteItem", {
            TableName,
            Key: key,
            Expected: own([[a, { ComparisonOperator: "NOT_NULL" }]]),
            ReturnValues: "ALL_OLD",
          });
          expect(deleted.Attributes).toEqual((queried.Items as Item[])[0]);
          expect((await ok("GetItem", { TableName, Key: key, ConsistentRead: true })).Item).toBeUndefined();
        },
      ),
      { numRuns: 25 },
    );
  });

  test("an attribute an item lacks is missing, even when Object.prototype has a property of that name", async () => {
    const TableName = keyedTable(0);
    const [hash, range] = keyNames(0);
    const key = own([
      [hash, S("plain")],
      [range, S("item")],
    ]);
    await ok("PutItem", { TableName, Item: key });
    for (const missing of PROTOTYPE_NAMES.filter((n) => n !== hash && n !== range)) {
      const names = own([["#m", missing]]);
      const check = await failed("PutItem", {
        TableName,
        Item: key,
        ConditionExpression: "attribute_exists(#m)",
        ExpressionAttributeNames: names,
      });
      expect(errorType(check)).toBe("ConditionalCheckFailedException");
      await ok("PutItem", {
        TableName,
        Item: key,
        ConditionExpression:
          "attribute_not_exists(#m) AND attribute_type(#m, :s) OR size(#m) > :n OR NOT contains(#m, :s)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ":s": S("S"), ":n": { N: "0" } },
      });
      const projected = await ok("GetItem", {
        TableName,
        Key: key,
        ProjectionExpression: "#m",
        ExpressionAttributeNames: names,
      });
      expect(projected.Item).toEqual({});
    }
  });

  test("table names: BatchWriteItem and BatchGetItem keep every table of RequestItems", async () => {
    const item = (n: string) =>
      own<Value>([
        ["pk", S(`batch-${n}`)],
        [n, S(n)],
      ]);
    const written = await ok("BatchWriteItem", {
      RequestItems: own(NAMED_TABLES.map((n) => [n, [{ PutRequest: { Item: item(n) } }]])),
    });
    expect(written).toEqual({ UnprocessedItems: {} });
    const read = await ok("BatchGetItem", {
      RequestItems: own(NAMED_TABLES.map((n) => [n, { Keys: [{ pk: S(`batch-${n}`) }], ConsistentRead: true }])),
    });
    expect(read).toEqual({ Responses: own(NAMED_TABLES.map((n) => [n, [item(n)]])), UnprocessedKeys: {} });
    for (const n of NAMED_TABLES) {
      const got = await ok("GetItem", { TableName: n, Key: { pk: S(`batch-${n}`) }, ConsistentRead: true });
      expect(got.Item).toEqual(item(n));
    }
  });

  test("a placeholder map keyed __proto__ is refused as DynamoDB refuses any key without its # or :", async () => {
    const TableName = "__proto__";
    const values = await failed("PutItem", {
      TableName,
      Item: { pk: S("x") },
      ConditionExpression: "attribute_not_exists(pk)",
      ExpressionAttributeValues: own([["__proto__", S("x")]]),
    });
    expect(values.body).toMatchObject({
      message: 'ExpressionAttributeValues contains invalid key: Syntax error; key: "__proto__"',
    });
    const names = await failed("PutItem", {
      TableName,
      Item: { pk: S("x") },
      ConditionExpression: "attribute_not_exists(pk)",
      ExpressionAttributeNames: own([["__proto__", "pk"]]),
    });
    expect(names.body).toMatchObject({
      message: 'ExpressionAttributeNames contains invalid key: Syntax error; key: "__proto__"',
    });
  });
});
