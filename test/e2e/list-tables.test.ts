/**
 * ListTables over HTTP through the AWS SDK: byte-wise order, Limit and ExclusiveStartTableName
 * paging, and its constraint errors. Other tests create tables concurrently, so pages are
 * examined from a start name just before this file's own tables.
 */

import { CreateTableCommand, ListTablesCommand, paginateListTables } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client } from "../helpers/dynamodb";

const db = client();
const prefix = `ctl-list-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`;
/** Byte-wise order puts upper case first. */
const names = [`${prefix}-B`, `${prefix}-a`, `${prefix}-b`, `${prefix}-c`];

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

beforeAll(async () => {
  for (const TableName of [...names].reverse()) {
    await db.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }
});

describe("ListTables", () => {
  test("ListTables: lists new tables at once, in byte-wise order", async () => {
    const { TableNames } = await db.send(new ListTablesCommand({ ExclusiveStartTableName: prefix, Limit: 4 }));
    expect(TableNames).toEqual(names);
  });

  test("ListTables: pages with Limit and ExclusiveStartTableName, naming the last table of a full page", async () => {
    const first = await db.send(new ListTablesCommand({ ExclusiveStartTableName: prefix, Limit: 2 }));
    expect(first.TableNames).toEqual(names.slice(0, 2));
    expect(first.LastEvaluatedTableName).toBe(names[1]);
    const second = await db.send(
      new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 1 }),
    );
    expect(second.TableNames).toEqual([names[2]]);
    expect(second.LastEvaluatedTableName).toBe(names[2]);
  });

  test("ListTables: the paginator walks every table exactly once", async () => {
    const seen: string[] = [];
    for await (const page of paginateListTables({ client: db, pageSize: 2 }, {})) seen.push(...(page.TableNames ?? []));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(names));
    expect([...seen].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))).toEqual(seen);
  });

  test("ListTables: a start name after every table gives an empty page without LastEvaluatedTableName", async () => {
    const output = await db.send(new ListTablesCommand({ ExclusiveStartTableName: "zzzzzzzzzzzzzzzz" }));
    expect(output.TableNames).toEqual([]);
    expect(output.LastEvaluatedTableName).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      "a Limit of 0",
      { Limit: 0 },
      "ValidationException",
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      "a Limit of 101",
      { Limit: 101 },
      "ValidationException",
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
    [
      "a malformed start name",
      { ExclusiveStartTableName: "a;" },
      "ValidationException",
      "2 validation errors detected: Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    ["a string Limit", { Limit: "5" }, "SerializationException", "STRING_VALUE cannot be converted to Integer"],
  ])("ListTables: $0 is $2", async (_, input, name, message) => {
    expect(await failure(db.send(new ListTablesCommand(input)))).toEqual({ name, message });
  });
});
