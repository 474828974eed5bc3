/**
 * Scan over HTTP through the AWS SDK: every item exactly once across pages and across the
 * segments of a parallel scan (over the table's several partitions), Limit and the 1 MB page
 * across partitions, filters, projections, Select, consumed capacity and validation errors.
 * Set DYNAFLARE_COMPARE_ENDPOINT to run the same expectations against DynamoDB Local.
 */

import {
  type AttributeValue,
  PutItemCommand,
  paginateScan,
  ScanCommand,
  type ScanCommandInput,
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
async function scanAll(input: ScanCommandInput, pageSize?: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateScan({ client: db, pageSize }, input)) {
    pages++;
    items.push(...(page.Items ?? []));
  }
  return { items, pages };
}

const S = (S: string): AttributeValue => ({ S });
const N = (N: string): AttributeValue => ({ N });
const ids = (items: Item[]) => items.map((item) => item.pk.S ?? "").sort();

const COUNT = 200;
const ALL_IDS = Array.from({ length: COUNT }, (_, i) => `item-${String(i).padStart(3, "0")}`).sort();

let table: string;
let composite: string;

beforeAll(async () => {
  [table, composite] = await Promise.all([
    createItemTable(db, "scan-hash", "S"),
    createItemTable(db, "scan-range", "S", "N"),
  ]);
  await Promise.all([
    putAll(
      table,
      ALL_IDS.map((id, i) => ({ pk: S(id), n: N(String(i)), parity: S(i % 2 ? "odd" : "even"), extra: S("e") })),
    ),
    putAll(
      composite,
      Array.from({ length: 40 }, (_, i) => ({ pk: S(`group-${i % 8}`), sk: N(String(i)), v: N(String(i)) })),
    ),
  ]);
});

describe("Scan coverage", () => {
  test("Scan: one request reads the whole (small) table, every item exactly once", async () => {
    const result = await db.send(new ScanCommand({ TableName: table }));
    expect(ids(result.Items ?? [])).toEqual(ALL_IDS);
    expect(result).toMatchObject({ Count: COUNT, ScannedCount: COUNT });
    expect(result.LastEvaluatedKey).toBeUndefined();
  });

  test.each([1, 7, 13, 50, 199])("Scan: pages of Limit %i reach every item exactly once", async (limit) => {
    const { items, pages } = await scanAll({ TableName: table }, limit);
    expect(ids(items)).toEqual(ALL_IDS);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(COUNT / limit));
  });

  test("Scan: a Limit larger than a partition fills the page from the next partitions", async () => {
    const result = await db.send(new ScanCommand({ TableName: table, Limit: 120 }));
    expect(result).toMatchObject({ Count: 120, ScannedCount: 120 });
    expect(result.LastEvaluatedKey).toEqual({ pk: result.Items?.[119].pk });
    const rest = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: result.LastEvaluatedKey }));
    expect(ids([...(result.Items ?? []), ...(rest.Items ?? [])])).toEqual(ALL_IDS);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });

  test("Scan: items of one partition key come back together in sort order", async () => {
    const { items } = await scanAll({ TableName: composite }, 3);
    expect(items).toHaveLength(40);
    const groups = items.map((item) => item.pk.S);
    const firstSeen = [...new Set(groups)];
    expect(groups).toEqual(firstSeen.flatMap((group) => Array(5).fill(group)));
    for (const group of firstSeen) {
      const keys = items.filter((item) => item.pk.S === group).map((item) => Number(item.sk.N));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
  });

  test.each([1, 3, 4, 7])("Scan: %i parallel segments together return every item exactly once", async (total) => {
    const segments = await Promise.all(
      Array.from({ length: total }, (_, Segment) => scanAll({ TableName: table, Segment, TotalSegments: total }, 9)),
    );
    const all = segments.flatMap((segment) => segment.items);
    expect(ids(all)).toEqual(ALL_IDS);
    if (total > 1) for (const segment of segments) expect(segment.items.length).toBeLessThan(COUNT);
  });

  test("Scan: with 4 segments over the table's hash space, none is empty (the items span partitions)", async () => {
    const counts = await Promise.all(
      [0, 1, 2, 3].map(async (Segment) => {
        const page = await db.send(new ScanCommand({ TableName: table, Segment, TotalSegments: 4, Select: "COUNT" }));
        return page.Count ?? 0;
      }),
    );
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b)).toBe(COUNT);
  });

  test("Scan: a page stops once it has read 1 MB across partitions; the rest follows from LastEvaluatedKey", async () => {
    const TableName = await createItemTable(db, "scan-big", "S");
    const blob = "x".repeat(100 * 1024);
    await putAll(
      TableName,
      Array.from({ length: 30 }, (_, i) => ({ pk: S(`big-${String(i).padStart(2, "0")}`), data: S(blob) })),
    );
    const itemBytes = 100 * 1024 + "data".length + "pk".length + "big-00".length;
    const first = await db.send(new ScanCommand({ TableName, ReturnConsumedCapacity: "TOTAL" }));
    expect(first.ScannedCount).toBe(Math.ceil((1024 * 1024) / itemBytes));
    expect(first.LastEvaluatedKey).toEqual({ pk: first.Items?.at(-1)?.pk });
    expect(first.ConsumedCapacity?.CapacityUnits).toBe(Math.ceil(((first.ScannedCount ?? 0) * itemBytes) / 4096) / 2);
    const { items } = await scanAll({ TableName });
    expect(ids(items)).toEqual(Array.from({ length: 30 }, (_, i) => `big-${String(i).padStart(2, "0")}`));
  });
});

describe("Scan filters, projections and Select", () => {
  test("Scan: a FilterExpression returns matches; ScannedCount counts every item read", async () => {
    const result = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: "parity = :p AND n < :n",
        ExpressionAttributeValues: { ":p": S("odd"), ":n": N("20") },
      }),
    );
    expect(result.ScannedCount).toBe(COUNT);
    expect(result.Count).toBe(10);
    expect(ids(result.Items ?? [])).toEqual(ALL_IDS.filter((_, i) => i < 20 && i % 2 === 1));
  });

  test("Scan: legacy ScanFilter with ConditionalOperator OR", async () => {
    const result = await db.send(
      new ScanCommand({
        TableName: table,
        ScanFilter: {
          n: { ComparisonOperator: "LT", AttributeValueList: [N("3")] },
          pk: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("item-19")] },
        },
        ConditionalOperator: "OR",
      }),
    );
    expect(ids(result.Items ?? [])).toEqual([
      "item-000",
      "item-001",
      "item-002",
      ...Array.from({ length: 10 }, (_, i) => `item-19${i}`),
    ]);
  });

  test("Scan: ProjectionExpression and AttributesToGet return only the named attributes", async () => {
    const projected = await db.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: "pk, #p",
        ExpressionAttributeNames: { "#p": "parity" },
      }),
    );
    expect(projected.Items?.every((item) => Object.keys(item).sort().join() === "parity,pk")).toBe(true);
    const legacy = await db.send(
      new ScanCommand({ TableName: table, AttributesToGet: ["n"], Select: "SPECIFIC_ATTRIBUTES", Limit: 5 }),
    );
    expect(legacy.Items?.every((item) => Object.keys(item).join() === "n")).toBe(true);
    expect(legacy.Items).toHaveLength(5);
  });

  test("Scan: Select COUNT returns counts without Items", async () => {
    const result = await db.send(
      new ScanCommand({
        TableName: table,
        Select: "COUNT",
        FilterExpression: "parity = :p",
        ExpressionAttributeValues: { ":p": S("even") },
      }),
    );
    expect(result.Items).toBeUndefined();
    expect(result).toMatchObject({ Count: COUNT / 2, ScannedCount: COUNT });
  });
});

describe("Scan consumed capacity", () => {
  test("Scan: units are the bytes read over every partition, rounded up to 4 KB once, halved unless consistent", async () => {
    const eventual = await db.send(new ScanCommand({ TableName: composite, ReturnConsumedCapacity: "TOTAL" }));
    const strong = await db.send(
      new ScanCommand({ TableName: composite, ConsistentRead: true, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(eventual.ConsumedCapacity).toEqual({ TableName: composite, CapacityUnits: 0.5 });
    expect(strong.ConsumedCapacity).toEqual({ TableName: composite, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const all = await db.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(all.ConsumedCapacity?.CapacityUnits).toBeGreaterThan(1);
  });
});

describe("Scan errors", () => {
  test("Scan: a missing table is ResourceNotFoundException", async () => {
    expect(await failure(db.send(new ScanCommand({ TableName: uniqueTableName("scan-missing") })))).toEqual({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });

  test.each<[string, Partial<ScanCommandInput>, string]>([
    [
      "a Segment without TotalSegments",
      { Segment: 1 },
      "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    ],
    [
      "TotalSegments without a Segment",
      { TotalSegments: 2 },
      "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
    ],
    [
      "a Segment not below TotalSegments",
      { Segment: 2, TotalSegments: 2 },
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2",
    ],
    [
      "more than 1000000 segments",
      { Segment: 0, TotalSegments: 1_000_001 },
      "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
    ],
    ["an unknown index", { IndexName: "byParity" }, "The table does not have the specified index: byParity"],
    [
      "a start key that is not the table's key",
      { ExclusiveStartKey: { pk: S("item-001"), n: N("1") } },
      "The provided starting key is invalid: The provided key element does not match the schema",
    ],
    [
      "a start key of the wrong type",
      { ExclusiveStartKey: { pk: N("1") } },
      "The provided starting key is invalid: The provided key element does not match the schema",
    ],
    [
      "Select ALL_PROJECTED_ATTRIBUTES on the table",
      { Select: "ALL_PROJECTED_ATTRIBUTES" },
      "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    ],
    [
      "a filter reaching inside a key attribute",
      { FilterExpression: "pk.x = :v", ExpressionAttributeValues: { ":v": S("a") } },
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
  ])("Scan: rejects %s", async (_, extra, message) => {
    expect(await failure(db.send(new ScanCommand({ TableName: table, ...extra })))).toEqual({
      name: "ValidationException",
      message,
    });
  });

  test("Scan: rejects a start key from another segment", async () => {
    const other = await db.send(new ScanCommand({ TableName: table, Segment: 1, TotalSegments: 2, Limit: 1 }));
    const ExclusiveStartKey = other.LastEvaluatedKey;
    expect(ExclusiveStartKey).toBeDefined();
    expect(
      await failure(db.send(new ScanCommand({ TableName: table, Segment: 0, TotalSegments: 2, ExclusiveStartKey }))),
    ).toEqual({
      name: "ValidationException",
      message:
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0",
    });
  });
});
