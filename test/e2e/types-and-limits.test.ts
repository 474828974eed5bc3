/**
 * Attribute types and DynamoDB's limits, end to end through the AWS SDK: every type round-trips,
 * numbers come back canonical, invalid sets and numbers are refused, nesting depth, empty
 * strings and binaries, the 400 KB item limit, the 64 KB attribute name limit, key size limits,
 * key types, and operations on a missing table.
 */

import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient, storedItem, text } from "../helpers/items";

const db = itemClient();
let table: string;
let composite: string;
let binary: string;

beforeAll(async () => {
  [table, composite, binary] = await Promise.all([
    createItemTable(db, "items-types"),
    createItemTable(db, "items-types-range", "S", "S"),
    createItemTable(db, "items-types-bin", "B"),
  ]);
});

let counter = 0;
const freshKey = () => ({ pk: { S: `typ-${Date.now()}-${counter++}` } });
const put = (Item: Item, TableName = table) => db.send(new PutItemCommand({ TableName, Item }));
const invalid = (message: string) => ({ name: "ValidationException", message });

/** An M value nested `depth` maps deep (depth 1 is `{M: {v: leaf}}`). */
function nested(depth: number): AttributeValue {
  let value: AttributeValue = { S: "leaf" };
  for (let i = 0; i < depth; i++) value = { M: { v: value } };
  return value;
}

describe("types: every attribute type round-trips", () => {
  test("types: S, N, B, BOOL, NULL, M, L, SS, NS, BS come back as stored", async () => {
    const key = freshKey();
    const allBytes = new Uint8Array(256).map((_, i) => i);
    const item: Item = {
      ...key,
      s: { S: "héllo wörld ✓ 𝄞" },
      n: { N: "-12.5" },
      b: { B: allBytes },
      yes: { BOOL: true },
      no: { BOOL: false },
      nil: { NULL: true },
      m: { M: { s: { S: "x" }, l: { L: [{ N: "1" }, { M: {} }, { L: [] }] }, empty: { M: {} } } },
      l: { L: [{ S: "a" }, { N: "2" }, { B: new Uint8Array([9]) }, { BOOL: false }, { NULL: true }, { SS: ["z"] }] },
      ss: { SS: ["a", "b", "c"] },
      ns: { NS: ["1", "2.5", "-3"] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
    };
    await put(item);
    const stored = (await storedItem(db, table, key)) as Item;
    const { ss, ns, bs, ...rest } = stored;
    const { ss: ss0, ns: ns0, bs: bs0, ...rest0 } = item;
    expect(rest).toEqual(rest0);
    expect(new Set(ss.SS)).toEqual(new Set(ss0.SS));
    expect(new Set(ns.NS)).toEqual(new Set(ns0.NS));
    expect(bs.BS?.map((b) => [...b]).sort()).toEqual(bs0.BS?.map((b) => [...b]).sort());
  });

  test("types: empty strings and binaries are allowed outside keys, also nested", async () => {
    const key = freshKey();
    const item: Item = {
      ...key,
      s: { S: "" },
      b: { B: new Uint8Array() },
      m: { M: { s: { S: "" } } },
      l: { L: [{ S: "" }] },
      ss: { SS: [""] },
    };
    await put(item);
    expect(await storedItem(db, table, key)).toEqual(item);
  });
});

describe("types: numbers", () => {
  test.each([
    ["1.50", "1.5"],
    ["-0", "0"],
    ["0.000", "0"],
    ["1E2", "100"],
    ["00012", "12"],
    ["1e-5", "0.00001"],
    ["-1.0e+3", "-1000"],
    [".5", "0.5"],
    ["+5", "5"],
    ["12345678901234567890123456789012345678", "12345678901234567890123456789012345678"],
    ["1234567890123456789012345678901234567.8", "1234567890123456789012345678901234567.8"],
    ["0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678"],
    ["9.9999999999999999999999999999999999999E+125", `99999999999999999999999999999999999999${"0".repeat(88)}`],
    ["1E-130", `0.${"0".repeat(129)}1`],
  ])("types: the number %s is stored as %s", async (sent, canonical) => {
    const key = freshKey();
    await put({ ...key, n: { N: sent }, ns: { NS: [sent] }, l: { L: [{ N: sent }] } });
    expect(await storedItem(db, table, key)).toEqual({
      ...key,
      n: { N: canonical },
      ns: { NS: [canonical] },
      l: { L: [{ N: canonical }] },
    });
  });

  test.each([
    ["123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"],
    ["-1.23456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"],
    ["1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    ["-1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    ["1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
    ["abc", "The parameter cannot be converted to a numeric value: abc"],
    ["", "The parameter cannot be converted to a numeric value"],
  ])("types: the number %j is a ValidationException: %s", async (n, message) => {
    expect(await failure(put({ ...freshKey(), n: { N: n } }))).toEqual(invalid(message));
  });
});

describe("types: sets", () => {
  test.each([
    [{ SS: ["a", "a"] }, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."],
    [{ NS: ["1", "1.0"] }, "Input collection contains duplicates"],
    [
      { BS: [new Uint8Array([1]), new Uint8Array([1])] },
      "One or more parameter values were invalid: Input collection [AQ==, AQ==]of type BS contains duplicates.",
    ],
    [{ SS: [] }, "One or more parameter values were invalid: An string set  may not be empty"],
    [{ NS: [] }, "One or more parameter values were invalid: An number set  may not be empty"],
    [{ BS: [] }, "One or more parameter values were invalid: Binary sets should not be empty"],
    [{ M: { inner: { SS: [] } } }, "One or more parameter values were invalid: An string set  may not be empty"],
  ] as [AttributeValue, string][])("types: the set %j is a ValidationException", async (value, message) => {
    expect(await failure(put({ ...freshKey(), set: value }))).toEqual(invalid(message));
  });
});

describe("limits: nesting", () => {
  test("limits: 32 levels of nesting are accepted, 33 are not", async () => {
    const key = freshKey();
    await put({ ...key, deep: nested(31) });
    expect((await storedItem(db, table, key))?.deep).toEqual(nested(31));
    expect(await failure(put({ ...freshKey(), deep: nested(32) }))).toEqual(
      invalid(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
      ),
    );
  });
});

describe("limits: item size", () => {
  /** An item of `bytes` bytes as DynamoDB counts them, padded by a string attribute `d`. */
  const sized = (key: Item, bytes: number): Item => ({ ...key, d: text(bytes - 2 - (key.pk.S as string).length - 1) });

  test("limits: an item of exactly 400 KB is accepted and one byte more is not", async () => {
    const key = freshKey();
    await put(sized(key, 400 * 1024));
    expect((await storedItem(db, table, key))?.d).toEqual(sized(key, 400 * 1024).d);
    expect(await failure(put(sized(freshKey(), 400 * 1024 + 1)))).toEqual(
      invalid("Item size has exceeded the maximum allowed size"),
    );
  });

  test("limits: the size counts UTF-8 bytes, numbers, binaries and nested containers DynamoDB's way", async () => {
    // pk (2 + key) + "u" (1 + 3 bytes per "✓") + "n" (1 + 20: 1 + 19 digit pairs) + "b" (1 + 100)
    // + "m" (1 + 3 + per entry 1 + name + value) + "l" (1 + 3 + per element 1 + value) + "d" padding.
    const key = freshKey();
    const fixed: Item = {
      u: { S: "✓".repeat(10) },
      n: { N: "12345678901234567890123456789012345678" },
      b: { B: new Uint8Array(100) },
      m: { M: { ab: { S: "xyz" }, c: { BOOL: true } } },
      l: { L: [{ N: "0" }, { NULL: true }] },
    };
    const fixedSize = 1 + 30 + (1 + 20) + (1 + 100) + (1 + 3 + (1 + 2 + 3) + (1 + 1 + 1)) + (1 + 3 + (1 + 1) + (1 + 1));
    const item = (bytes: number, k: Item) => ({ ...sized(k, bytes - fixedSize), ...fixed });
    await put(item(400 * 1024, key));
    expect(await failure(put(item(400 * 1024 + 1, freshKey())))).toEqual(
      invalid("Item size has exceeded the maximum allowed size"),
    );
  });
});

describe("limits: attribute names", () => {
  const TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes";
  const fits = "a".repeat(65535);
  const long = "a".repeat(65536);

  test("limits: an attribute name of 65,535 bytes is stored, top-level and as a map key; 65,536 is refused", async () => {
    const key = freshKey();
    const item = { ...key, [fits]: { M: { [fits]: { S: "v" } } } };
    await put(item);
    expect(await storedItem(db, table, key)).toEqual(item);
    expect(await failure(put({ ...key, [long]: { S: "v" } }))).toEqual(invalid(TOO_LARGE));
    expect(await failure(put({ ...key, m: { L: [{ M: { [long]: { S: "v" } } }] } }))).toEqual(invalid(TOO_LARGE));
    expect(await storedItem(db, table, key)).toEqual(item);
  });

  test("limits: names count UTF-8 bytes: 32,768 two-byte characters are too many, 32,767 and one byte fit", async () => {
    const key = freshKey();
    expect(await failure(put({ ...key, ["é".repeat(32768)]: { S: "v" } }))).toEqual(invalid(TOO_LARGE));
    await put({ ...key, [`${"é".repeat(32767)}a`]: { S: "v" } });
    expect(Object.keys((await storedItem(db, table, key)) ?? {})).toHaveLength(2);
  });

  test("limits: UpdateItem refuses a name over 64 KB from ExpressionAttributeNames, values, AttributeUpdates or Expected, and writes nothing", async () => {
    const key = freshKey();
    const names = `ExpressionAttributeNames contains invalid value: ${TOO_LARGE} for key #a`;
    const attempts: [Omit<UpdateItemCommandInput, "TableName" | "Key">, string][] = [
      [
        {
          UpdateExpression: "SET #a = :v",
          ExpressionAttributeNames: { "#a": long },
          ExpressionAttributeValues: { ":v": { S: "v" } },
        },
        names,
      ],
      [{ UpdateExpression: "REMOVE #a", ExpressionAttributeNames: { "#a": long } }, names],
      [
        {
          UpdateExpression: "SET m = :v",
          ExpressionAttributeValues: { ":v": { M: { [long]: { S: "v" } } } },
        },
        `ExpressionAttributeValues contains invalid value: ${TOO_LARGE} for key :v`,
      ],
      [{ AttributeUpdates: { [long]: { Action: "PUT", Value: { S: "v" } } } }, TOO_LARGE],
      [{ AttributeUpdates: { [long]: { Action: "DELETE" } } }, TOO_LARGE],
      [{ AttributeUpdates: { b: { Value: { S: "v" } } }, Expected: { [long]: { Exists: false } } }, TOO_LARGE],
    ];
    for (const [input, message] of attempts) {
      expect(await failure(db.send(new UpdateItemCommand({ TableName: table, Key: key, ...input })))).toEqual(
        invalid(message),
      );
    }
    expect(await storedItem(db, table, key)).toBeUndefined();
    await db.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: "SET #a = :v",
        ExpressionAttributeNames: { "#a": fits },
        ExpressionAttributeValues: { ":v": { S: "v" } },
      }),
    );
    expect(await storedItem(db, table, key)).toEqual({ ...key, [fits]: { S: "v" } });
  });

  test("limits: BatchWriteItem, reads and legacy filters refuse a name over 64 KB, and an empty one", async () => {
    const key = freshKey();
    const batch = (Item: Item) =>
      db.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item } }] } }));
    expect(await failure(batch({ ...key, [long]: { S: "v" } }))).toEqual(invalid(TOO_LARGE));
    for (const name of [long, ""]) {
      const message = name === "" ? "Empty attribute name" : TOO_LARGE;
      const get = db.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key], AttributesToGet: [name] } } }),
      );
      expect(await failure(get)).toEqual(invalid(message));
      const scan = db.send(
        new ScanCommand({ TableName: table, ScanFilter: { [name]: { ComparisonOperator: "NULL" } } }),
      );
      expect(await failure(scan)).toEqual(invalid(message));
      const expected = db.send(
        new DeleteItemCommand({ TableName: table, Key: key, Expected: { [name]: { Exists: false } } }),
      );
      expect(await failure(expected)).toEqual(invalid(message));
      const updates = db.send(
        new UpdateItemCommand({ TableName: table, Key: key, AttributeUpdates: { [name]: { Value: { S: "v" } } } }),
      );
      expect(await failure(updates)).toEqual(invalid(message));
    }
    expect(await storedItem(db, table, key)).toBeUndefined();
  });
});

describe("limits: keys", () => {
  test("limits: a 2048-byte partition key is accepted, 2049 bytes are not", async () => {
    await put({ pk: text(2048) });
    expect(await storedItem(db, table, { pk: text(2048) })).toEqual({ pk: text(2048) });
    const message =
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
    expect(await failure(put({ pk: text(2049) }))).toEqual(invalid(message));
    expect(await failure(db.send(new GetItemCommand({ TableName: table, Key: { pk: text(2049) } })))).toEqual(
      invalid(message),
    );
  });

  test("limits: a 1024-byte sort key is accepted, 1025 bytes are not", async () => {
    const key = { pk: { S: "p" }, sk: text(1024) };
    await put(key, composite);
    expect(await storedItem(db, composite, key)).toEqual(key);
    const message =
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
    expect(await failure(put({ pk: { S: "p" }, sk: text(1025) }, composite))).toEqual(invalid(message));
    expect(
      await failure(db.send(new DeleteItemCommand({ TableName: composite, Key: { pk: { S: "p" }, sk: text(1025) } }))),
    ).toEqual(invalid(message));
  });

  test("limits: a binary partition key counts raw bytes", async () => {
    const key = { pk: { B: new Uint8Array(2048).fill(7) } };
    await put(key, binary);
    expect(await storedItem(db, binary, key)).toEqual(key);
    expect(await failure(put({ pk: { B: new Uint8Array(2049) } }, binary))).toEqual(
      invalid(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
      ),
    );
  });

  test.each([
    [{ pk: { S: "" } }, "S", "string"],
    [{ pk: { B: new Uint8Array() } }, "B", "binary"],
  ] as [Item, string, string][])(
    "limits: an empty %j key is refused by PutItem and GetItem",
    async (Key, type, word) => {
      const TableName = type === "S" ? table : binary;
      const message = `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${word} value. Key: pk`;
      expect(await failure(put(Key, TableName))).toEqual(invalid(message));
      expect(await failure(db.send(new GetItemCommand({ TableName, Key })))).toEqual(invalid(message));
    },
  );

  test.each([
    [{ pk: { N: "1" } }, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"],
    [
      { pk: { SS: ["a"] } },
      "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: SS",
    ],
    [{ other: { S: "a" } }, "One or more parameter values were invalid: Missing the key pk in the item"],
  ] as [Item, string][])("limits: PutItem of %j is refused: %s", async (Item, message) => {
    expect(await failure(put(Item))).toEqual(invalid(message));
  });

  test("limits: a missing sort key is refused by PutItem", async () => {
    expect(await failure(put({ pk: { S: "p" } }, composite))).toEqual(
      invalid("One or more parameter values were invalid: Missing the key sk in the item"),
    );
  });

  test("limits: key attributes cannot be updated", async () => {
    expect(
      await failure(
        db.send(
          new UpdateItemCommand({
            TableName: composite,
            Key: { pk: { S: "p" }, sk: { S: "s" } },
            UpdateExpression: "SET sk = :v",
            ExpressionAttributeValues: { ":v": { S: "t" } },
          }),
        ),
      ),
    ).toEqual(
      invalid(
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
      ),
    );
  });
});

describe("limits: a missing table", () => {
  const TableName = uniqueTableName("missing");
  const Key = { pk: { S: "a" } };
  test.each([
    ["PutItem", () => db.send(new PutItemCommand({ TableName, Item: Key }))],
    ["GetItem", () => db.send(new GetItemCommand({ TableName, Key }))],
    ["UpdateItem", () => db.send(new UpdateItemCommand({ TableName, Key }))],
    ["DeleteItem", () => db.send(new DeleteItemCommand({ TableName, Key }))],
  ])("limits: %s on a missing table is ResourceNotFoundException", async (_, send) => {
    expect(await failure(send())).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });
});
