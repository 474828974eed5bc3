/**
 * `GET /metrics` after a known workload on a table of its own: the counts by operation and table,
 * errors by type, consumed units, and what is read off the objects (partitions, items, the
 * global index's groups and lag), in Prometheus's text format, only to the admin token's holder.
 */
import { GetItemCommand, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { indexedTable } from "../helpers/items";
import { ADMIN_AUTHORIZATION } from "../helpers/test-key";

const db = client();
const table = uniqueTableName("metrics");
const PUTS = 12;
const GETS = 7;

/** The value of the sample `name{labels}`; undefined when there is none. */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf("}");
    const parts = line.slice(name.length + 1, close).split(",");
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(close + 2));
  }
  return undefined;
}

/** Every sample of `name` whose labels include `labels`. */
function samples(text: string, name: string, labels: Record<string, string>): number[] {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((w) => line.includes(w)))
    .map((line) => Number(line.slice(line.lastIndexOf("}") + 2)));
}

const scrape = async () => {
  const response = await fetch(`${inject("endpoint")}/metrics`, { headers: ADMIN_AUTHORIZATION });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return response.text();
};

beforeAll(async () => {
  await indexedTable(db, table);
  for (let i = 0; i < PUTS; i++) {
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `k${i}` }, g: { S: `g${i % 3}` } } }));
  }
  for (let i = 0; i < GETS; i++) await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `k${i}` } } }));
  await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "k0" } }, ConsistentRead: true }));
  await expect(db.send(new GetItemCommand({ TableName: table, Key: { nope: { S: "x" } } }))).rejects.toThrow();
  await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: "byG",
      KeyConditionExpression: "g = :g",
      ExpressionAttributeValues: { ":g": { S: "g0" } },
    }),
  );
});

describe("GET /metrics", () => {
  it("counts the requests, their latency and their errors by operation and table", async () => {
    const text = await scrape();
    const put = { operation: "PutItem", table };
    const get = { operation: "GetItem", table };
    expect(value(text, "dynaflare_requests_total", put)).toBe(PUTS);
    expect(value(text, "dynaflare_requests_total", get)).toBe(GETS + 2);
    expect(value(text, "dynaflare_request_duration_seconds_count", put)).toBe(PUTS);
    expect(value(text, "dynaflare_request_duration_bucket", put)).toBeUndefined();
    expect(value(text, "dynaflare_request_duration_seconds_bucket", { ...put, le: "+Inf" })).toBe(PUTS);
    const buckets = samples(text, "dynaflare_request_duration_seconds_bucket", put);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(value(text, "dynaflare_request_duration_seconds_sum", put)).toBeGreaterThan(0);
    expect(value(text, "dynaflare_errors_total", { ...get, type: "ValidationException" })).toBe(1);
    expect(value(text, "dynaflare_errors_total", put)).toBeUndefined();
    expect(value(text, "dynaflare_requests_total", { operation: "Query", table })).toBe(1);
    expect(value(text, "dynaflare_throttled_requests_total", get)).toBeUndefined();
  });

  it("sums the capacity units consumed on the table and its global index", async () => {
    const text = await scrape();
    // Items under 1 KB: a write unit each on the table and each on the index (a new entry);
    // eventually consistent reads half a unit, the strong one a whole, the Query half a unit.
    expect(value(text, "dynaflare_consumed_write_capacity_units_total", { table, index: "" })).toBe(PUTS);
    expect(value(text, "dynaflare_consumed_write_capacity_units_total", { table, index: "byG" })).toBe(PUTS);
    expect(value(text, "dynaflare_consumed_read_capacity_units_total", { table, index: "" })).toBe(GETS * 0.5 + 1);
    expect(value(text, "dynaflare_consumed_read_capacity_units_total", { table, index: "byG" })).toBe(0.5);
  });

  it("reports the table's partitions and items, and its global index's groups and lag", async () => {
    const text = await scrape();
    const region = "us-east-1";
    expect(value(text, "dynaflare_partitions", { region, table, index: "" })).toBe(4);
    expect(value(text, "dynaflare_partitions", { region, table, index: "byG" })).toBe(4);
    const items = samples(text, "dynaflare_partition_items", { region, table, index: "" });
    expect(items.reduce((a, b) => a + b, 0)).toBe(PUTS);
    expect(value(text, "dynaflare_leader_elections_total", { region, table, index: "" })).toBeGreaterThanOrEqual(
      items.length,
    );
    expect(value(text, "dynaflare_replicas_unreachable", { region, table, index: "" })).toBe(0);
    expect(value(text, "dynaflare_index_pending_records", { region, table, index: "byG" })).toBe(0);
    expect(value(text, "dynaflare_index_lag_seconds", { region, table, index: "byG", quantile: "0.99" })).toBeLessThan(
      5,
    );
    expect(value(text, "dynaflare_tables", { region })).toBeGreaterThanOrEqual(1);
  });

  it("answers only the admin token's holder", async () => {
    const endpoint = inject("endpoint");
    const none = await fetch(`${endpoint}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    const wrong = await fetch(`${endpoint}/metrics`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("dynaflare_requests_total");
  });
});
