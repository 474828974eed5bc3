/**
 * The router under random and mutated requests (fast-check, fixed seed, bounded), signed like any
 * client's, inside workerd: valid requests of every data-plane operation, mutated (members
 * dropped, replaced by random JSON, added), random targets and raw bodies, and PartiQL statements
 * (valid ones edited character by character, soups of its tokens, random text). None is answered 500
 * or InternalServerError, every refusal is a DynamoDB error with a 4xx status, a refused request
 * leaves the table as it was, and the objects still serve afterwards.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createActiveTable, dynamo, send, TARGET_PREFIX, uniqueName } from "../helpers";

const OPERATIONS = [
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
  "ExecuteStatement",
  "BatchExecuteStatement",
  "ExecuteTransaction",
];

/** Valid PartiQL statements on `table` (pk S, sk N), edited by the fuzzer. */
function statements(table: string): string[] {
  return [
    `SELECT * FROM "${table}" WHERE pk = 'a' AND sk BETWEEN 0 AND 9 ORDER BY sk DESC`,
    `SELECT v, m.l[1] FROM "${table}" WHERE pk IN ['a', 'b'] AND v IS NOT MISSING`,
    `SELECT * FROM "${table}" WHERE begins_with(v, 'x') OR size(m) > 1`,
    `INSERT INTO "${table}" VALUE {'pk': 'c', 'sk': 3, 's': <<'x'>>, 'l': [1, {'m': null}]}`,
    `UPDATE "${table}" SET n = if_not_exists(n, 0) + 1, s = set_add(s, <<'y'>>) REMOVE gone WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *`,
    `DELETE FROM "${table}" WHERE pk = 'zz' AND sk = 1 AND v = 'q' RETURNING ALL OLD *`,
    `EXISTS(SELECT * FROM "${table}" WHERE pk = 'a' AND sk = 1 AND attribute_exists(v))`,
  ];
}

/** Pieces of PartiQL, put together at random. */
const TOKENS = [
  "SELECT",
  "*",
  "FROM",
  "WHERE",
  "pk",
  "sk",
  "v",
  "m.l[0]",
  "=",
  "<>",
  "<",
  ">=",
  "?",
  "'a'",
  "1",
  "-2.5e3",
  "AND",
  "OR",
  "NOT",
  "(",
  ")",
  "[",
  "]",
  "<<",
  ">>",
  "{",
  "}",
  ",",
  ":",
  "'k':",
  "IN",
  "BETWEEN",
  "IS",
  "MISSING",
  "NULL",
  "true",
  "size(",
  "begins_with(",
  "set_add(",
  "list_append(",
  "exists(",
  "UPDATE",
  "SET",
  "REMOVE",
  "DELETE",
  "INSERT",
  "INTO",
  "VALUE",
  "RETURNING",
  "ALL",
  "MODIFIED",
  "OLD",
  "NEW",
  "EXISTS(",
  "ORDER",
  "BY",
  "DESC",
  '"t"."i"',
  ".",
  "+",
  "-",
  "`1`",
  '"',
];

/** A valid request of each operation on `table` (pk S, sk N). */
function templates(table: string): Record<string, Record<string, unknown>> {
  const key = { pk: { S: "a" }, sk: { N: "1" } };
  return {
    GetItem: { TableName: table, Key: key, ProjectionExpression: "#v", ExpressionAttributeNames: { "#v": "v" } },
    PutItem: {
      TableName: table,
      Item: { ...key, v: { S: "x" }, m: { M: { l: { L: [{ N: "2" }, { B: "AQID" }] } } } },
      ConditionExpression: "attribute_not_exists(v) OR v <> :v",
      ExpressionAttributeValues: { ":v": { S: "y" } },
    },
    UpdateItem: {
      TableName: table,
      Key: key,
      UpdateExpression: "SET v = :v, n = if_not_exists(n, :z) + :one REMOVE gone",
      ExpressionAttributeValues: { ":v": { S: "z" }, ":z": { N: "0" }, ":one": { N: "1" } },
      ReturnValues: "ALL_NEW",
    },
    DeleteItem: { TableName: table, Key: key, ReturnValues: "ALL_OLD" },
    Query: {
      TableName: table,
      KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
      ExpressionAttributeValues: { ":p": { S: "a" }, ":lo": { N: "0" }, ":hi": { N: "9" } },
      Limit: 5,
    },
    Scan: { TableName: table, FilterExpression: "size(v) > :s", ExpressionAttributeValues: { ":s": { N: "0" } } },
    BatchGetItem: { RequestItems: { [table]: { Keys: [key], ConsistentRead: true } } },
    BatchWriteItem: { RequestItems: { [table]: [{ PutRequest: { Item: { ...key, v: { S: "b" } } } }] } },
    ExecuteStatement: {
      Statement: `SELECT * FROM "${table}" WHERE pk = ? AND sk > ?`,
      Parameters: [{ S: "a" }, { N: "0" }],
      Limit: 5,
    },
    BatchExecuteStatement: {
      Statements: [
        { Statement: `UPDATE "${table}" SET v = ? WHERE pk = 'a' AND sk = 1`, Parameters: [{ S: "q" }] },
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'b', 'sk': 2}` },
      ],
    },
    ExecuteTransaction: {
      TransactStatements: [
        { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'a' AND sk = 1 AND attribute_exists(v))` },
        {
          Statement: `UPDATE "${table}" SET n = if_not_exists(n, ?) + 1 WHERE pk = 'a' AND sk = 1`,
          Parameters: [{ N: "0" }],
        },
      ],
      ClientRequestToken: "fuzz",
    },
  };
}

/** An edit of a statement: a character inserted, deleted or replaced at `at`. */
interface Edit {
  at: number;
  kind: "insert" | "delete" | "replace";
  char: string;
}

function edit(text: string, { at, kind, char }: Edit): string {
  const i = text.length === 0 ? 0 : at % text.length;
  if (kind === "insert") return text.slice(0, i) + char + text.slice(i);
  return text.slice(0, i) + (kind === "replace" ? char : "") + text.slice(i + 1);
}

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("insert", "delete", "replace"),
  char: fc.constantFrom(..."'\"?*=<>()[]{},.:;`-+ 0aZé\u{1F600}\\"),
});

/** A statement: a valid one edited, a soup of tokens, or random text; with a few parameters. */
function statementRequest(table: string) {
  const text = fc.oneof(
    fc
      .record({ base: fc.constantFrom(...statements(table)), edits: fc.array(editArbitrary, { maxLength: 4 }) })
      .map(({ base, edits }) => edits.reduce(edit, base)),
    fc.array(fc.constantFrom(...TOKENS, `"${table}"`), { maxLength: 24 }).map((tokens) => tokens.join(" ")),
    fc.string({ maxLength: 80 }),
  );
  const parameter = fc.constantFrom<unknown>(
    { S: "a" },
    { N: "1" },
    { SS: ["x"] },
    { L: [{ NULL: true }] },
    { M: {} },
    {},
  );
  return fc.record({
    Statement: text,
    Parameters: fc.option(fc.array(parameter, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  });
}

type Json = unknown;

/** Every path to a member or element of `value`, as lists of keys. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

interface Mutation {
  at: number;
  kind: "drop" | "replace" | "add";
  value: Json;
  name: string;
}

/** `request` with `mutation` applied to a copy (the path chosen by `at` among all of them). */
function mutate(request: Record<string, unknown>, mutation: Mutation): Record<string, unknown> {
  const copy = structuredClone(request);
  const all = paths(copy);
  if (all.length === 0) return copy;
  const path = all[mutation.at % all.length];
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (mutation.kind === "drop") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (mutation.kind === "replace") parent[last] = mutation.value;
  else if (!Array.isArray(parent)) parent[mutation.name] = mutation.value;
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("drop", "replace", "add"),
  value: fc.jsonValue({ maxDepth: 3 }),
  name: fc.constantFrom("S", "N", "B", "L", "M", "NULL", "BOOL", "SS", "Extra", "__proto__", "constructor", ""),
});

/** A statement as the body of operation `via`: alone, or the one statement of a batch or transaction. */
function asOperation(via: string, statement: Record<string, unknown>): Record<string, unknown> {
  if (via === "BatchExecuteStatement") return { Statements: [statement] };
  if (via === "ExecuteTransaction") return { TransactStatements: [statement] };
  return statement;
}

/** A request: an operation's template mutated, a PartiQL statement, or a random target with a random body. */
const request = (table: string) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constantFrom(...OPERATIONS),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        statement: statementRequest(table),
        via: fc.constantFrom("ExecuteStatement", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"),
      }),
    },
    { weight: 1, arbitrary: fc.record({ target: fc.string({ maxLength: 30 }), body: fc.string({ maxLength: 200 }) }) },
  );

/** The table's items as one string, read strongly. */
async function contents(table: string): Promise<string> {
  const answer = await dynamo("Scan", { TableName: table, ConsistentRead: true });
  expect(answer.status).toBe(200);
  const items = (answer.body.Items as Record<string, unknown>[]).map((item) => JSON.stringify(item)).sort();
  return items.join("\n");
}

describe("router fuzz", () => {
  test("random and mutated requests never get a 500, and refused ones change nothing", {
    timeout: 120_000,
  }, async () => {
    const table = uniqueName("fuzz");
    await createActiveTable(table, true);
    expect((await dynamo("PutItem", templates(table).PutItem)).status).toBe(200);
    const valid = templates(table);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(request(table), async (generated) => {
        const before = await contents(table);
        const answer =
          "op" in generated
            ? await send(
                TARGET_PREFIX + generated.op,
                generated.mutations.reduce((body, m) => mutate(body, m), valid[generated.op]),
              )
            : "statement" in generated
              ? await send(TARGET_PREFIX + generated.via, asOperation(generated.via, generated.statement))
              : await send(generated.target, generated.body);
        expect(answer.status).not.toBe(500);
        expect([200, 400, 404, 413]).toContain(answer.status);
        if (answer.status === 200) return;
        refused++;
        const type = answer.body.__type;
        if (typeof type === "string") expect(type).not.toMatch(/InternalServerError|ServiceUnavailable/);
        expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
        expect(await contents(table)).toBe(before);
      }),
      { seed: 16, numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(200);
    // The objects still serve.
    expect((await dynamo("GetItem", { TableName: table, Key: { pk: { S: "a" }, sk: { N: "1" } } })).status).toBe(200);
  });
});
