/**
 * The PartiQL translator (shared/partiql/translate.ts): statements, parsed by the repository's
 * parser or built by hand, with their parameters, as the requests of the item operations that run
 * them — checked as those operations' own validators read them — and DynamoDB's refusals (as
 * DynamoDB Local 1.25.1 words them: docs/partiql-operations.md). Also the shaping of answers
 * (shared/partiql/results.ts).
 */
import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import { DynamoError } from "../../../../shared/api/errors";
import { validateDeleteItem } from "../../../../shared/api/operations/delete-item";
import { validateGetItem } from "../../../../shared/api/operations/get-item";
import { validatePutItem } from "../../../../shared/api/operations/put-item";
import { validateQuery } from "../../../../shared/api/operations/query";
import { validateScan } from "../../../../shared/api/operations/scan";
import { validateUpdateItem } from "../../../../shared/api/operations/update-item";
import type { Statement } from "../../../../shared/partiql/ast";
import { parseStatement } from "../../../../shared/partiql/parse";
import { orderPage, unnestProjection } from "../../../../shared/partiql/results";
import {
  projectedName,
  type SelectStatement,
  statementTarget,
  type TableKeys,
  translateCheck,
  translateGet,
  translateSelect,
  translateWrite,
  type WriteStatement,
} from "../../../../shared/partiql/translate";
import { bindStatement } from "../../../../shared/partiql/translate-bind";

/** A table keyed pk (S) and sk (N), with a global index byG (g S, sk N) and a local one byL (pk, l S). */
const RANGE: TableKeys = {
  schema: { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } },
  indexes: [
    { name: "byG", key: { hash: { name: "g", type: "S" }, range: { name: "sk", type: "N" } }, global: true },
    { name: "byL", key: { hash: { name: "pk", type: "S" }, range: { name: "l", type: "S" } }, global: false },
  ],
};

const s = (text: string) => ({ S: text });
const n = (text: string) => ({ N: text });

/** `text` parsed and bound to `parameters`. */
const bound = (text: string, parameters: AttributeValue[] = []) => bindStatement(parseStatement(text), parameters);

function refusal(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    return { type: (error as DynamoError).type, message: (error as DynamoError).message };
  }
  throw new Error("expected a refusal");
}

const select = (text: string, parameters: AttributeValue[] = [], table = RANGE, options = {}) =>
  translateSelect(bound(text, parameters) as SelectStatement, table, options);
const write = (text: string, parameters: AttributeValue[] = [], table = RANGE) =>
  translateWrite(bound(text, parameters) as WriteStatement, table);

/** The expression text of `request`'s member with placeholders replaced by names and values. */
function readable(request: Record<string, unknown>, member: string): string {
  const names = (request.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (request.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  return (request[member] as string)
    .replace(/#n\d+/g, (p) => names[p])
    .replace(/:v\d+/g, (p) => JSON.stringify(values[p]));
}

describe("SELECT (ExecuteStatement)", () => {
  it("is a Query on a partition key equality, the rest a filter, as Query's validator reads it", () => {
    const plan = select("SELECT a, m.b[1] FROM tab WHERE pk = ? AND sk BETWEEN 1 AND 5 AND x > 3", [s("k")]);
    expect(plan.operation).toBe("Query");
    expect(plan.requests).toHaveLength(1);
    const [request] = plan.requests;
    expect(readable(request, "KeyConditionExpression")).toBe('pk = {"S":"k"} AND sk BETWEEN {"N":"1"} AND {"N":"5"}');
    expect(readable(request, "FilterExpression")).toBe('x > {"N":"3"}');
    expect(readable(request, "ProjectionExpression")).toBe("a, m.b[1]");
    expect(request.TableName).toBe("tab");
    validateQuery(request);
  });

  it.each([
    ["SELECT * FROM tab WHERE 'k' = pk", 'pk = {"S":"k"}'],
    ["SELECT * FROM tab WHERE pk = 'k' AND sk >= 2", 'pk = {"S":"k"} AND sk >= {"N":"2"}'],
    ["SELECT * FROM tab WHERE pk = 'k' AND 2 < sk", 'pk = {"S":"k"} AND sk > {"N":"2"}'],
    ["SELECT * FROM tab WHERE pk = 'k' AND begins_with(sk, 1)", 'pk = {"S":"k"} AND begins_with(sk, {"N":"1"})'],
    ["SELECT * FROM tab WHERE pk = 'k' AND pk = 'k'", 'pk = {"S":"k"}'],
  ])("%s: key condition %s", (text, keyCondition) => {
    const plan = select(text);
    expect(plan.operation).toBe("Query");
    expect(readable(plan.requests[0], "KeyConditionExpression")).toBe(keyCondition);
    expect(plan.requests[0].FilterExpression).toBeUndefined();
  });

  it.each([
    "SELECT * FROM tab",
    "SELECT * FROM tab WHERE x = 1",
    "SELECT * FROM tab WHERE pk > 'a'",
    "SELECT * FROM tab WHERE pk = 'a' OR x = 1",
    "SELECT * FROM tab WHERE NOT pk = 'a'",
    "SELECT * FROM tab WHERE pk = 'a' AND pk = 'b'",
    "SELECT * FROM tab WHERE pk = 'a' AND sk <> 1",
    "SELECT * FROM tab WHERE pk = 'a' AND sk > 1 AND sk < 5",
    "SELECT * FROM tab WHERE pk = 'a' AND (sk = 1 OR sk = 2)",
    "SELECT * FROM tab WHERE pk = 'a' AND size(sk) > 1",
  ])("%s is a Scan with the whole WHERE as its filter", (text) => {
    const plan = select(text);
    expect(plan.operation).toBe("Scan");
    expect(plan.requests).toHaveLength(1);
    validateScan(plan.requests[0]);
  });

  it("an IN (or an OR of equalities) on the partition key is one Query per distinct value, in order", () => {
    for (const text of [
      "SELECT * FROM tab WHERE pk IN ['b', 'a', 'b'] AND x = 1",
      "SELECT * FROM tab WHERE (pk = 'b' OR pk = 'a' OR pk = 'b') AND x = 1",
    ]) {
      const plan = select(text);
      expect(plan.operation).toBe("Query");
      expect(plan.requests.map((r) => readable(r, "KeyConditionExpression"))).toEqual([
        'pk = {"S":"b"}',
        'pk = {"S":"a"}',
      ]);
      expect(plan.requests.map((r) => readable(r, "FilterExpression"))).toEqual(['x = {"N":"1"}', 'x = {"N":"1"}']);
    }
  });

  it("ORDER BY the sort key DESC reads backwards; ORDER BY the partition key orders an IN's values", () => {
    expect(select("SELECT * FROM tab WHERE pk = 'a' ORDER BY sk DESC").requests[0].ScanIndexForward).toBe(false);
    expect(select("SELECT * FROM tab WHERE pk = 'a' ORDER BY sk").requests[0].ScanIndexForward).toBeUndefined();
    const plan = select("SELECT * FROM tab WHERE pk IN ['b', 'c', 'a'] ORDER BY pk DESC, sk DESC");
    expect(plan.requests.map((r) => (r.ExpressionAttributeValues as Record<string, AttributeValue>)[":v0"])).toEqual([
      s("c"),
      s("b"),
      s("a"),
    ]);
    expect(plan.requests.every((r) => r.ScanIndexForward === false)).toBe(true);
    const scan = select("SELECT * FROM tab WHERE pk > 'a' ORDER BY sk DESC");
    expect(scan.order).toEqual({ hash: "pk", hashDescending: false, rangeDescending: true });
  });

  it("reads an index by its own key", () => {
    const plan = select(`SELECT * FROM "tab"."byG" WHERE g = 'x' AND sk < 3 ORDER BY sk DESC`);
    expect(plan.operation).toBe("Query");
    expect(plan.requests[0]).toMatchObject({ TableName: "tab", IndexName: "byG", ScanIndexForward: false });
    expect(readable(plan.requests[0], "KeyConditionExpression")).toBe('g = {"S":"x"} AND sk < {"N":"3"}');
    const scan = select(`SELECT * FROM "tab"."byG" WHERE pk = 'x'`);
    expect(scan).toMatchObject({ operation: "Scan", requests: [{ IndexName: "byG" }] });
  });

  it("names any attribute through placeholders", () => {
    const plan = select(`SELECT "a b", "size", "__proto__" FROM tab WHERE pk = 'k' AND "from"."x.y" = 1`);
    validateQuery(plan.requests[0]);
    expect(readable(plan.requests[0], "ProjectionExpression")).toBe("a b, size, __proto__");
    expect(Object.values(plan.requests[0].ExpressionAttributeNames as object)).toContain("x.y");
  });

  it("writes IS, IN, BETWEEN, NOT and the functions as the expression language has them", () => {
    const plan = select(
      "SELECT * FROM tab WHERE pk = 'k' AND a IS MISSING AND b IS NOT MISSING AND c IS NULL AND d IS NOT NULL " +
        "AND e IS STRING AND f IS NOT LIST AND g IN [1, 2] AND h NOT IN [3] AND i NOT BETWEEN 1 AND 2 " +
        "AND attribute_type(j, 'N') AND contains(k, 'x') AND size(l) >= 2 AND NOT (m = 1 OR m = 2)",
    );
    validateQuery(plan.requests[0]);
    expect(readable(plan.requests[0], "FilterExpression")).toContain("attribute_not_exists(a)");
    expect(readable(plan.requests[0], "FilterExpression")).toContain("attribute_exists(b)");
    expect(readable(plan.requests[0], "FilterExpression")).toContain('NOT (d = {"NULL":true})');
    expect(readable(plan.requests[0], "FilterExpression")).toContain('attribute_type(e, {"S":"S"})');
    expect(readable(plan.requests[0], "FilterExpression")).toContain('NOT attribute_type(f, {"S":"L"})');
  });

  it.each([
    ["SELECT * FROM tab WHERE pk = ?", [], "Number of parameters in request and statement don't match."],
    ["SELECT * FROM tab WHERE pk = 'a' AND x = MISSING", [], "MISSING must be compared using IS operator"],
    ["SELECT * FROM tab WHERE pk = 'a' AND foo(x)", [], "Unrecognized function: foo"],
    ["SELECT * FROM tab WHERE pk = 'a' AND exists(x)", [], "Unrecognized function: exists"],
    [
      "SELECT * FROM tab WHERE pk = 'a' AND if_not_exists(x, 1) = 1",
      [],
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    ["SELECT * FROM tab WHERE size(x)", [], "WHERE clause must contain an expression that resolves to a boolean"],
    [
      "SELECT * FROM tab WHERE pk = 'a' AND size(x)",
      [],
      "Incorrect operand type for operator or function; operator or function: AND, operand type: N",
    ],
    ["SELECT a.b, b FROM tab", [], "Duplicate identifiers in select clause: b"],
    [
      "SELECT * FROM tab WHERE pk = 1",
      [],
      "Key attribute's data type should match its data type in table's schema: Key pk",
    ],
    [
      "SELECT * FROM tab WHERE pk = 'a' AND sk = 'x'",
      [],
      "Key attribute's data type should match its data type in table's schema: Key sk",
    ],
    ["SELECT * FROM tab ORDER BY pk", [], "Must have WHERE clause in the statement when using ORDER BY clause."],
    [
      "SELECT * FROM tab WHERE x = 1 ORDER BY pk",
      [],
      "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
    ],
    [
      "SELECT * FROM tab WHERE pk = 'a' OR x = 1 ORDER BY sk",
      [],
      "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
    ],
    [
      "SELECT * FROM tab WHERE pk = 'a' ORDER BY x",
      [],
      "Variable reference x in ORDER BY clause must be part of the primary key",
    ],
    [`SELECT * FROM "tab"."nope"`, [], "The table does not have the specified index: nope"],
    [
      `SELECT * FROM tab WHERE pk IN [${Array.from({ length: 101 }, (_, i) => `'${i}'`).join(", ")}]`,
      [],
      "The IN operator is provided with too many operands; number of operands: 101",
    ],
  ])("%s %j is refused: %s", (text, parameters, message) => {
    expect(refusal(() => select(text, parameters as AttributeValue[]))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it("refuses ConsistentRead on a global index only", () => {
    expect(
      refusal(() => select(`SELECT * FROM "tab"."byG" WHERE g = 'x'`, [], RANGE, { consistentRead: true })),
    ).toEqual({
      type: "ValidationException",
      message: "Consistent read cannot be true when scanning a GSI",
    });
    expect(select(`SELECT * FROM "tab"."byL" WHERE pk = 'x'`, [], RANGE, { consistentRead: true }).operation).toBe(
      "Query",
    );
  });

  it("ignores parameters the statement does not use", () => {
    expect(select("SELECT * FROM tab WHERE pk = ?", [s("a"), s("b")]).operation).toBe("Query");
  });
});

describe("INSERT, UPDATE, DELETE", () => {
  it("INSERT is a PutItem on the item's absence", () => {
    const plan = write("INSERT INTO tab VALUE {'pk': ?, 'sk': 1, 'v': ?}", [s("a"), { SS: ["x"] }]);
    expect(plan.operation).toBe("PutItem");
    expect(plan.request.Item).toEqual({ pk: s("a"), sk: n("1"), v: { SS: ["x"] } });
    expect(readable(plan.request, "ConditionExpression")).toBe("attribute_not_exists(pk)");
    expect(plan.key).toEqual({ pk: s("a"), sk: n("1") });
    validatePutItem(plan.request);
  });

  it("UPDATE is an UpdateItem of an existing item, the WHERE's rest its condition", () => {
    const plan = write(
      "UPDATE tab SET a = a + 1, b = list_append(b, [2]), c = if_not_exists(c, 'x'), s = set_add(s, <<'y'>>), " +
        "d = set_delete(d, <<1>>) REMOVE e.f[2] WHERE pk = 'k' AND sk = 1 AND a < 10 RETURNING MODIFIED NEW *",
    );
    expect(plan.operation).toBe("UpdateItem");
    expect(plan.request.Key).toEqual({ pk: s("k"), sk: n("1") });
    expect(readable(plan.request, "UpdateExpression")).toBe(
      'SET a = a + {"N":"1"}, b = list_append(b, {"L":[{"N":"2"}]}), c = if_not_exists(c, {"S":"x"}) ' +
        'REMOVE e.f[2] ADD s {"SS":["y"]} DELETE d {"NS":["1"]}',
    );
    expect(readable(plan.request, "ConditionExpression")).toBe('attribute_exists(pk) AND (a < {"N":"10"})');
    expect(plan.request.ReturnValues).toBe("UPDATED_NEW");
    validateUpdateItem(plan.request);
  });

  it.each([
    ["ALL OLD", "ALL_OLD"],
    ["ALL NEW", "ALL_NEW"],
    ["MODIFIED OLD", "UPDATED_OLD"],
    ["MODIFIED NEW", "UPDATED_NEW"],
  ])("UPDATE … RETURNING %s * is ReturnValues %s", (returning, returnValues) => {
    expect(write(`UPDATE tab SET a = 1 WHERE pk = 'k' AND sk = 1 RETURNING ${returning} *`).request.ReturnValues).toBe(
      returnValues,
    );
  });

  it("DELETE is a DeleteItem, conditional only on the WHERE's rest", () => {
    const plain = write("DELETE FROM tab WHERE pk = 'k' AND sk = 1");
    expect(plain.request).toEqual({ TableName: "tab", Key: { pk: s("k"), sk: n("1") } });
    validateDeleteItem(plain.request);
    const conditional = write("DELETE FROM tab WHERE sk = 1 AND x = 'y' AND pk = 'k' RETURNING ALL OLD *");
    expect(readable(conditional.request, "ConditionExpression")).toBe('x = {"S":"y"}');
    expect(conditional.request.ReturnValues).toBe("ALL_OLD");
    validateDeleteItem(conditional.request);
  });

  it.each([
    ["INSERT INTO tab VALUE {'sk': 1}", "Key attribute should be present in the item: Key pk"],
    [
      "INSERT INTO tab VALUE {'pk': 1, 'sk': 1}",
      "Key attribute's data type should match its data type in table's schema: Key pk",
    ],
    ["INSERT INTO tab VALUE {'pk': 'a', 'sk': ?}", "Number of parameters in request and statement don't match."],
    ["UPDATE tab SET a = 1 WHERE pk = 'k'", "Where clause does not contain a mandatory equality on all key attributes"],
    ["UPDATE tab SET a = 1", "Where clause does not contain a mandatory equality on all key attributes"],
    [
      "UPDATE tab SET a = 1 WHERE pk = 'k' AND sk > 1",
      "Where clause does not contain a mandatory equality on all key attributes",
    ],
    [
      "UPDATE tab SET a = 1 WHERE (pk = 'k' OR pk = 'j') AND sk = 1",
      "Where clause does not contain a mandatory equality on all key attributes",
    ],
    [
      "UPDATE tab SET a = 1 WHERE pk = 'k' AND pk = 'j' AND sk = 1",
      "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported",
    ],
    [
      "UPDATE tab SET a = 1 WHERE pk = true AND sk = 1",
      "Key value must be of type S, N, or B. Key name: pk, Key type: BOOL",
    ],
    [
      "UPDATE tab SET a = 1 WHERE pk = 'k' AND sk = '1'",
      "Key attribute's data type should match its data type in table's schema: Key sk",
    ],
    ["UPDATE tab SET a = MISSING WHERE pk = 'k' AND sk = 1", "MISSING must be compared using IS operator"],
    [
      "UPDATE tab SET a = size(b) WHERE pk = 'k' AND sk = 1",
      "The function is not allowed in an update expression; function: size",
    ],
    ["UPDATE tab SET a = foo(b) WHERE pk = 'k' AND sk = 1", "Unrecognized function: foo"],
    [
      "UPDATE tab SET a = set_add(b, <<1>>) WHERE pk = 'k' AND sk = 1",
      "The first argument to SET_ADD must equal the assignment value",
    ],
    [
      "UPDATE tab SET a = set_delete(a) WHERE pk = 'k' AND sk = 1",
      "SET_DELETE must have exactly two arguments at 1:20:10",
    ],
    [
      "UPDATE tab SET a = set_add(a, 'x') WHERE pk = 'k' AND sk = 1",
      // DynamoDB points at the first argument.
      "The second argument to SET_ADD must be a value with type SET at 1:28:1",
    ],
    [`UPDATE "tab"."byG" SET a = 1 WHERE pk = 'k' AND sk = 1`, "This operation is not supported on an index"],
    [
      "DELETE FROM tab WHERE pk = 'k' AND sk = 1 RETURNING ALL NEW *",
      "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.",
    ],
    [
      "DELETE FROM tab WHERE pk = 'k' AND sk = 1 RETURNING MODIFIED OLD *",
      "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE statements.",
    ],
  ])("%s is refused: %s", (text, message) => {
    expect(refusal(() => write(text))).toEqual({ type: "ValidationException", message });
  });

  it("refuses a parameter inside a set, as DynamoDB does", () => {
    const statement: Statement = {
      kind: "insert",
      into: { table: "t" },
      value: {
        kind: "map",
        entries: [
          { key: "pk", value: { kind: "parameter", index: 0 } },
          { key: "s", value: { kind: "set", items: [{ kind: "parameter", index: 1 }] } },
        ],
      },
    };
    expect(refusal(() => bindStatement(statement, [s("a"), s("b")])).message).toBe(
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
    );
  });
});

describe("SELECT in BatchExecuteStatement and ExecuteTransaction, EXISTS", () => {
  it("a SELECT of a full key is a GetItem", () => {
    const request = translateGet(
      bound("SELECT a.b FROM tab WHERE sk = ? AND pk = ?", [n("2"), s("k")]) as SelectStatement,
      RANGE,
      "batch",
    );
    expect(request).toMatchObject({ TableName: "tab", Key: { pk: s("k"), sk: n("2") } });
    expect(readable(request, "ProjectionExpression")).toBe("a.b");
    validateGetItem(request);
  });

  it.each([
    ["batch", "SELECT * FROM tab WHERE pk = 'k'", "Only single item select is supported"],
    ["batch", "SELECT * FROM tab WHERE pk = 'k' AND sk = 1 AND x = 1", "Only single item select is supported"],
    ["batch", "SELECT * FROM tab WHERE pk = 'k' AND pk = 'j' AND sk = 1", "Only single item select is supported"],
    [
      "transaction",
      "SELECT * FROM tab WHERE pk = 'k'",
      "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
    ],
    [
      "transaction",
      `SELECT * FROM "tab"."byG" WHERE pk = 'k' AND sk = 1`,
      "Reads on indices are not supported within transactions.",
    ],
  ])("%s: %s is refused: %s", (context, text, message) => {
    const statement = bound(text) as SelectStatement;
    expect(refusal(() => translateGet(statement, RANGE, context as "batch")).message).toBe(message);
  });

  it("EXISTS is a ConditionCheck of a key with a condition", () => {
    const statement = bound("EXISTS(SELECT * FROM tab WHERE pk = 'k' AND sk = 1 AND sk = 2 AND a > 1)");
    const request = translateCheck(statement as Extract<Statement, { kind: "exists" }>, RANGE);
    expect(request.Key).toEqual({ pk: s("k"), sk: n("1") });
    expect(readable(request, "ConditionExpression")).toBe('(sk = {"N":"2"}) AND (a > {"N":"1"})');
    for (const text of [
      "EXISTS(SELECT * FROM tab WHERE pk = 'k' AND sk = 1)",
      "EXISTS(SELECT * FROM tab WHERE a = 1)",
    ]) {
      const refused = bound(text) as Extract<Statement, { kind: "exists" }>;
      expect(refusal(() => translateCheck(refused, RANGE)).message).toBe(
        "EXISTS() must contain a single item read with additional condition",
      );
    }
  });
});

describe("names and answers", () => {
  it("checks table and index names, but not an INSERT's", () => {
    const message =
      "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.";
    expect(refusal(() => statementTarget(parseStatement(`SELECT * FROM "a b"`))).message).toBe(message);
    expect(refusal(() => statementTarget(parseStatement(`SELECT * FROM "abc"."i"`))).message).toBe(message);
    expect(statementTarget(parseStatement(`INSERT INTO "a b" VALUE {'pk': 1}`))).toEqual({ table: "a b" });
  });

  it("names projected paths by their last name and the indexes after it", () => {
    const path = (...steps: (string | number)[]) => ({ kind: "path" as const, steps });
    expect(projectedName(path("a", "b", 1, 2))).toBe("b[1][2]");
    const item: Item = { m: { M: { a: { M: { b: n("3") } }, l: { L: [n("2"), n("3")] } } }, x: s("y") };
    // As projected for `m.a.b, m.l[1], m.l[2], x`: the list keeps the elements asked for, in order.
    expect(unnestProjection(item, [path("m", "a", "b"), path("m", "l", 1), path("m", "l", 2), path("x")])).toEqual({
      b: n("3"),
      "l[1]": n("2"),
      "l[2]": n("3"),
      x: s("y"),
    });
    expect(unnestProjection({}, [path("nope")])).toEqual({});
  });

  it("orders a scanned page by partition as met, then sort key", () => {
    const items = [
      { pk: s("a"), sk: n("1") },
      { pk: s("a"), sk: n("2") },
      { pk: s("b"), sk: n("1") },
    ];
    expect(
      orderPage(items, { hash: "pk", hashDescending: true, rangeDescending: false }).map((i) => [i.pk, i.sk]),
    ).toEqual([
      [s("b"), n("1")],
      [s("a"), n("1")],
      [s("a"), n("2")],
    ]);
    expect(orderPage(items, { hash: "pk", hashDescending: false, rangeDescending: true }).map((i) => i.sk)).toEqual([
      n("2"),
      n("1"),
      n("1"),
    ]);
  });
});
