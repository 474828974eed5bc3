/**
 * Query over HTTP through the AWS SDK: sort orders, key conditions, filters, projections,
 * Select, paging (Limit and the 1 MB page), consumed capacity and validation errors.
 * Set DYNAFLARE_COMPARE_ENDPOINT to run the same expectations against DynamoDB Local.
 */

import {
  type AttributeValue,
  PutItemCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { uniqueTableName } from "../helpers/dynamodb";
import { createItemTable, failure, type Item, itemClient } from "../helpers/items";

const db = itemClient();

async function putAll(TableName: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await Promise.all(items.slice(i, i + 25).map((Item) => db.send(new PutItemCommand({ TableName, Item }))));
  }
}

/** Every item of every page, following LastEvaluatedKey with the SDK's paginator. */
async function queryAll(input: QueryCommandInput, pageSize?: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: db, pageSize }, input)) {
    pages++;
    items.push(...(page.Items ?? []));
  }
  return { items, pages };
}

const S = (S: string): AttributeValue => ({ S });
const N = (N: string): AttributeValue => ({ N });
const B = (...bytes: number[]): AttributeValue => ({ B: Uint8Array.from(bytes) });
const sortKeys = (items: Item[]) => items.map((item) => item.sk);

/** Strings in UTF-8 byte order: uppercase before lowercase, then non-ASCII by code point bytes. */
const STRINGS = ["A", "Z", "a", "ab", "abc", "abd", "b", "é", "ÿ", "中", "😀"];
/** Numbers in numeric order as sent and as DynamoDB returns them: negatives, decimals, huge and tiny. */
const HUGE = `${"9".repeat(38)}${"0".repeat(88)}`;
const NUMBER_FORMS: [sent: string, returned: string][] = [
  ["-9.9999999999999999999999999999999999999E+125", `-${HUGE}`],
  ["-1000", "-1000"],
  ["-2.50", "-2.5"],
  ["-1", "-1"],
  ["-0.001", "-0.001"],
  ["0", "0"],
  ["1E-130", `0.${"0".repeat(129)}1`],
  ["0.001", "0.001"],
  ["1", "1"],
  ["1.5", "1.5"],
  ["2", "2"],
  ["1e1", "10"],
  ["12345678901234567890123456789012345678", "12345678901234567890123456789012345678"],
  ["9.9999999999999999999999999999999999999E+125", HUGE],
];
const NUMBERS = NUMBER_FORMS.map(([, returned]) => returned);
const BINARIES = [[0x00], [0x00, 0x00], [0x01], [0x01, 0x00], [0x01, 0xff], [0x7f], [0x80], [0xff], [0xff, 0xff]];

let strings: string;
let numbers: string;
let binaries: string;

beforeAll(async () => {
  [strings, numbers, binaries] = await Promise.all([
    createItemTable(db, "query-s", "S", "S"),
    createItemTable(db, "query-n", "S", "N"),
    createItemTable(db, "query-b", "S", "B"),
  ]);
  const shuffled = <T>(values: T[]) => [...values].reverse();
  await Promise.all([
    putAll(
      strings,
      shuffled(STRINGS).map((sk, i) => ({ pk: S("p"), sk: S(sk), n: N(String(i)), tag: S(i % 2 ? "odd" : "even") })),
    ),
    putAll(
      numbers,
      shuffled(NUMBER_FORMS).map(([sent]) => ({ pk: S("p"), sk: N(sent) })),
    ),
    putAll(
      binaries,
      shuffled(BINARIES).map((bytes) => ({ pk: S("p"), sk: B(...bytes) })),
    ),
    putAll(strings, [{ pk: S("other"), sk: S("a") }]),
  ]);
});

const pk = { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": S("p") } };

describe("Query sort order", () => {
  test("Query: S sort keys come back in UTF-8 byte order, forward and backward", async () => {
    const forward = await db.send(new QueryCommand({ TableName: strings, ...pk }));
    expect(sortKeys(forward.Items ?? [])).toEqual(STRINGS.map(S));
    const backward = await db.send(new QueryCommand({ TableName: strings, ...pk, ScanIndexForward: false }));
    expect(sortKeys(backward.Items ?? [])).toEqual([...STRINGS].reverse().map(S));
  });

  test("Query: N sort keys come back in numeric order (negatives, decimals, huge, tiny), both ways", async () => {
    const expected = NUMBERS.map(N);
    const forward = await db.send(new QueryCommand({ TableName: numbers, ...pk }));
    expect(sortKeys(forward.Items ?? [])).toEqual(expected);
    const backward = await db.send(new QueryCommand({ TableName: numbers, ...pk, ScanIndexForward: false }));
    expect(sortKeys(backward.Items ?? [])).toEqual([...expected].reverse());
  });

  test("Query: B sort keys come back in unsigned byte order, both ways", async () => {
    const expected = BINARIES.map((bytes) => B(...bytes));
    const forward = await db.send(new QueryCommand({ TableName: binaries, ...pk }));
    expect(sortKeys(forward.Items ?? [])).toEqual(expected);
    const backward = await db.send(new QueryCommand({ TableName: binaries, ...pk, ScanIndexForward: false }));
    expect(sortKeys(backward.Items ?? [])).toEqual([...expected].reverse());
  });

  test("Query: only the queried partition key's items are returned", async () => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("other") },
      }),
    );
    expect(result.Items).toEqual([{ pk: S("other"), sk: S("a") }]);
    const none = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("none") },
      }),
    );
    expect(none).toMatchObject({ Items: [], Count: 0, ScannedCount: 0 });
    expect(none.LastEvaluatedKey).toBeUndefined();
  });
});

describe("Query key conditions", () => {
  test.each<[string, Record<string, AttributeValue>, string[]]>([
    ["sk = :a", { ":a": N("1.50") }, ["1.5"]],
    ["sk < :a", { ":a": N("0") }, NUMBERS.slice(0, 5)],
    ["sk <= :a", { ":a": N("0") }, NUMBERS.slice(0, 6)],
    ["sk > :a", { ":a": N("2") }, NUMBERS.slice(11)],
    ["sk >= :a", { ":a": N("2") }, NUMBERS.slice(10)],
    [":a < sk", { ":a": N("2") }, NUMBERS.slice(11)],
    ["sk BETWEEN :a AND :b", { ":a": N("-1"), ":b": N("1") }, NUMBERS.slice(3, 9)],
    ["sk BETWEEN :a AND :b", { ":a": N("3"), ":b": N("9") }, []],
  ])("Query: KeyConditionExpression pk = :pk AND %s on N", async (condition, values, expected) => {
    const result = await db.send(
      new QueryCommand({
        TableName: numbers,
        KeyConditionExpression: `pk = :pk AND ${condition}`,
        ExpressionAttributeValues: { ":pk": S("p"), ...values },
      }),
    );
    expect(sortKeys(result.Items ?? [])).toEqual(expected.map(N));
  });

  test.each<[string, AttributeValue, AttributeValue[]]>([
    ["S", S("ab"), [S("ab"), S("abc"), S("abd")]],
    ["S", S("é"), [S("é")]],
    ["S", S("x"), []],
    ["B", B(0x01), [B(0x01), B(0x01, 0x00), B(0x01, 0xff)]],
    ["B", B(0xff), [B(0xff), B(0xff, 0xff)]],
  ])("Query: begins_with on %s selects the sort keys with that prefix (%j)", async (type, prefix, expected) => {
    const result = await db.send(
      new QueryCommand({
        TableName: type === "S" ? strings : binaries,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues: { ":pk": S("p"), ":p": prefix },
      }),
    );
    expect(sortKeys(result.Items ?? [])).toEqual(expected);
  });

  test.each<[string, AttributeValue[], string[]]>([
    ["EQ", [S("b")], ["b"]],
    ["LT", [S("a")], ["A", "Z"]],
    ["LE", [S("a")], ["A", "Z", "a"]],
    ["GT", [S("é")], ["ÿ", "中", "😀"]],
    ["GE", [S("é")], ["é", "ÿ", "中", "😀"]],
    ["BETWEEN", [S("Z"), S("ab")], ["Z", "a", "ab"]],
    ["BEGINS_WITH", [S("ab")], ["ab", "abc", "abd"]],
  ])("Query: legacy KeyConditions %s on S", async (ComparisonOperator, AttributeValueList, expected) => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditions: {
          pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] },
          sk: { ComparisonOperator: ComparisonOperator as never, AttributeValueList },
        },
      }),
    );
    expect(sortKeys(result.Items ?? [])).toEqual(expected.map(S));
  });
});

describe("Query filters, projections and Select", () => {
  test("Query: a FilterExpression counts matches in Count and items read in ScannedCount", async () => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "tag = :t AND n < :n",
        ExpressionAttributeValues: { ":pk": S("p"), ":t": S("odd"), ":n": N("6") },
      }),
    );
    expect(result.ScannedCount).toBe(STRINGS.length);
    expect(result.Items?.map((item) => item.n.N).sort()).toEqual(["1", "3", "5"]);
    expect(result.Count).toBe(3);
  });

  test("Query: legacy QueryFilter with ConditionalOperator OR", async () => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] } },
        QueryFilter: {
          n: { ComparisonOperator: "LT", AttributeValueList: [N("1")] },
          tag: { ComparisonOperator: "EQ", AttributeValueList: [S("odd")] },
        },
        ConditionalOperator: "OR",
      }),
    );
    expect(result.Items?.map((item) => item.n.N).sort()).toEqual(["0", "1", "3", "5", "7", "9"]);
  });

  test("Query: ProjectionExpression and AttributesToGet return only the named attributes", async () => {
    const projected = await db.send(
      new QueryCommand({
        TableName: strings,
        ...pk,
        ProjectionExpression: "sk, #t",
        ExpressionAttributeNames: { "#t": "tag" },
        Limit: 2,
      }),
    );
    expect(projected.Items).toEqual([
      { sk: S("A"), tag: S("even") },
      { sk: S("Z"), tag: S("odd") },
    ]);
    const legacy = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] } },
        AttributesToGet: ["n", "missing"],
        Select: "SPECIFIC_ATTRIBUTES",
        Limit: 1,
      }),
    );
    expect(legacy.Items).toEqual([{ n: N("10") }]);
  });

  test("Query: Select COUNT returns counts and no Items; ALL_ATTRIBUTES returns whole items", async () => {
    const count = await db.send(new QueryCommand({ TableName: strings, ...pk, Select: "COUNT" }));
    expect(count.Items).toBeUndefined();
    expect(count).toMatchObject({ Count: STRINGS.length, ScannedCount: STRINGS.length });
    const all = await db.send(new QueryCommand({ TableName: strings, ...pk, Select: "ALL_ATTRIBUTES", Limit: 1 }));
    expect(all.Items).toEqual([{ pk: S("p"), sk: S("A"), n: N("10"), tag: S("even") }]);
  });
});

describe("Query paging", () => {
  test("Query: Limit pages reach every item exactly once, in order, both directions", async () => {
    for (const ScanIndexForward of [true, false]) {
      const { items, pages } = await queryAll({ TableName: numbers, ...pk, ScanIndexForward }, 3);
      const expected = NUMBERS.map(N);
      expect(sortKeys(items)).toEqual(ScanIndexForward ? expected : [...expected].reverse());
      expect(pages).toBe(Math.ceil(NUMBERS.length / 3) + (NUMBERS.length % 3 === 0 ? 1 : 0));
    }
  });

  test("Query: a page stopped by Limit names its last item as LastEvaluatedKey, even at the end", async () => {
    const first = await db.send(new QueryCommand({ TableName: binaries, ...pk, Limit: 2 }));
    expect(first.LastEvaluatedKey).toEqual({ pk: S("p"), sk: B(0x00, 0x00) });
    const all = await db.send(new QueryCommand({ TableName: binaries, ...pk, Limit: BINARIES.length }));
    expect(all.LastEvaluatedKey).toEqual({ pk: S("p"), sk: B(0xff, 0xff) });
    const after = await db.send(
      new QueryCommand({ TableName: binaries, ...pk, ExclusiveStartKey: all.LastEvaluatedKey }),
    );
    expect(after).toMatchObject({ Items: [], Count: 0, ScannedCount: 0 });
    expect(after.LastEvaluatedKey).toBeUndefined();
  });

  test("Query: Limit counts items read before the filter", async () => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "tag = :t",
        ExpressionAttributeValues: { ":pk": S("p"), ":t": S("odd") },
        Limit: 4,
      }),
    );
    expect(result.ScannedCount).toBe(4);
    expect(result.Count).toBe(2);
    expect(result.LastEvaluatedKey).toEqual({ pk: S("p"), sk: S("ab") });
  });

  test("Query: a page stops once it has read 1 MB, and the rest follows from LastEvaluatedKey", async () => {
    const TableName = await createItemTable(db, "query-big", "S", "N");
    const blob = "x".repeat(100 * 1024);
    await putAll(
      TableName,
      Array.from({ length: 30 }, (_, i) => ({ pk: S("big"), sk: N(String(i)), data: S(blob) })),
    );
    const big = { TableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": S("big") } };
    const first = await db.send(new QueryCommand({ ...big, ReturnConsumedCapacity: "TOTAL" }));
    const itemBytes = 100 * 1024 + "data".length + "pk".length + 3 + "sk".length + 2;
    expect(first.ScannedCount).toBe(Math.ceil((1024 * 1024) / itemBytes));
    expect(first.LastEvaluatedKey).toEqual({ pk: S("big"), sk: N(String((first.ScannedCount ?? 0) - 1)) });
    expect(first.ConsumedCapacity?.CapacityUnits).toBe(Math.ceil(((first.ScannedCount ?? 0) * itemBytes) / 4096) / 2);
    const { items } = await queryAll(big);
    expect(items.map((item) => Number(item.sk.N))).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe("Query consumed capacity", () => {
  test.each<[boolean | undefined, number]>([
    [undefined, 0.5],
    [false, 0.5],
    [true, 1],
  ])(
    "Query: ConsistentRead %s reads small items for %s unit(s), rounded up once per page",
    async (ConsistentRead, units) => {
      const result = await db.send(
        new QueryCommand({ TableName: strings, ...pk, ConsistentRead, ReturnConsumedCapacity: "TOTAL" }),
      );
      expect(result.ConsumedCapacity).toEqual({ TableName: strings, CapacityUnits: units });
    },
  );

  test("Query: an empty result still consumes the minimum; INDEXES reports the table's share", async () => {
    const result = await db.send(
      new QueryCommand({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("none") },
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(result.ConsumedCapacity).toEqual({ TableName: strings, CapacityUnits: 0.5, Table: { CapacityUnits: 0.5 } });
  });
});

describe("Query errors", () => {
  test("Query: a missing table is ResourceNotFoundException", async () => {
    expect(await failure(db.send(new QueryCommand({ TableName: uniqueTableName("query-missing"), ...pk })))).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });

  test("Query: a malformed key condition is a ValidationException even for a missing table", async () => {
    const TableName = uniqueTableName("query-missing");
    const request = {
      TableName,
      KeyConditionExpression: "pk = :a OR sk = :a",
      ExpressionAttributeValues: { ":a": S("p") },
    };
    expect(await failure(db.send(new QueryCommand(request)))).toEqual({
      name: "ValidationException",
      message: "Invalid operator used in KeyConditionExpression: OR",
    });
  });

  test.each<[string, Partial<QueryCommandInput>, string]>([
    ["an unknown index", { IndexName: "byTag" }, "The table does not have the specified index: byTag"],
    ["a start key without the sort key", { ExclusiveStartKey: { pk: S("p") } }, "The provided starting key is invalid"],
    [
      "a start key of the wrong type",
      { ExclusiveStartKey: { pk: S("p"), sk: N("1") } },
      "The provided key element does not match the schema",
    ],
    [
      "a start key in another partition",
      { ExclusiveStartKey: { pk: S("q"), sk: S("a") } },
      "The provided starting key is outside query boundaries based on provided conditions",
    ],
    [
      "a Limit of 0",
      { Limit: 0 },
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      "Select SPECIFIC_ATTRIBUTES without a projection",
      { Select: "SPECIFIC_ATTRIBUTES" },
      "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
    ],
    [
      "Select ALL_ATTRIBUTES with a projection",
      { Select: "ALL_ATTRIBUTES", ProjectionExpression: "n" },
      "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
    ],
  ])("Query: rejects %s", async (_, extra, message) => {
    expect(await failure(db.send(new QueryCommand({ TableName: strings, ...pk, ...extra })))).toEqual({
      name: "ValidationException",
      message,
    });
  });

  test.each<[string, Partial<QueryCommandInput>, string]>([
    [
      "a key condition on the sort key only",
      { KeyConditionExpression: "sk = :a", ExpressionAttributeValues: { ":a": S("a") } },
      "Query condition missed key schema element: pk",
    ],
    [
      "an inequality on the partition key",
      { KeyConditionExpression: "pk > :a", ExpressionAttributeValues: { ":a": S("a") } },
      "Query key condition not supported",
    ],
    [
      "a key value of the wrong type",
      { KeyConditionExpression: "pk = :a AND sk > :b", ExpressionAttributeValues: { ":a": S("p"), ":b": N("1") } },
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    ],
    [
      "OR in a key condition",
      { KeyConditionExpression: "pk = :a OR sk = :a", ExpressionAttributeValues: { ":a": S("p") } },
      "Invalid operator used in KeyConditionExpression: OR",
    ],
    [
      "a filter on the sort key",
      { KeyConditionExpression: "pk = :a", FilterExpression: "sk = :a", ExpressionAttributeValues: { ":a": S("p") } },
      "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
    ],
    [
      "a start key outside the sort key condition",
      {
        KeyConditionExpression: "pk = :a AND sk > :b",
        ExpressionAttributeValues: { ":a": S("p"), ":b": S("m") },
        ExclusiveStartKey: { pk: S("p"), sk: S("a") },
      },
      "The provided starting key does not match the range key predicate",
    ],
  ])("Query: rejects %s", async (_, request, message) => {
    expect(await failure(db.send(new QueryCommand({ TableName: strings, ...request })))).toEqual({
      name: "ValidationException",
      message,
    });
  });
});
