/**
 * PartiQL over HTTP through the AWS SDK: ExecuteStatement (SELECT as Query or Scan, with paging,
 * ORDER BY and index reads; INSERT, UPDATE and DELETE with RETURNING and conditions),
 * BatchExecuteStatement (partial failure, reads and writes apart) and ExecuteTransaction (commit,
 * cancellation, idempotency), every value type round-tripping, and DynamoDB's errors (as DynamoDB
 * Local 1.25.1 gives them: docs/partiql-operations.md).
 */
import {
  type AttributeValue,
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandOutput,
  ExecuteTransactionCommand,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { until } from "../helpers/global-tables";
import { createActiveTable, createItemTable, failure, type Item, storedItem } from "../helpers/items";

const db = client();

/** `Statement` with `Parameters` (and more), as ExecuteStatement answers it. */
function execute(
  Statement: string,
  Parameters?: AttributeValue[],
  extra: Record<string, unknown> = {},
): Promise<ExecuteStatementCommandOutput> {
  return db.send(new ExecuteStatementCommand({ Statement, ...(Parameters ? { Parameters } : {}), ...extra }));
}

const s = (value: string) => ({ S: value });
const n = (value: string) => ({ N: value });

let table: string;
let indexed: string;

beforeAll(async () => {
  table = await createItemTable(db, "pql", "S", "N");
  indexed = uniqueTableName("pqlidx");
  await createActiveTable(db, {
    TableName: indexed,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "g", AttributeType: "S" },
      { AttributeName: "r", AttributeType: "N" },
    ],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byG",
        KeySchema: [
          { AttributeName: "g", KeyType: "HASH" },
          { AttributeName: "r", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
    BillingMode: "PAY_PER_REQUEST",
  });
});

describe("ExecuteStatement", () => {
  test("INSERT, SELECT, UPDATE and DELETE, with and without parameters", async () => {
    expect((await execute(`INSERT INTO "${table}" VALUE {'pk': 'crud', 'sk': 1, 'v': 'one'}`)).Items).toEqual([]);
    await execute(`INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'v': ?}`, [s("crud"), n("2"), s("two")]);
    const literal = await execute(`SELECT * FROM "${table}" WHERE pk = 'crud' AND sk = 1`);
    expect(literal.Items).toEqual([{ pk: s("crud"), sk: n("1"), v: s("one") }]);
    const bound = await execute(`SELECT v FROM "${table}" WHERE pk = ? AND sk = ?`, [s("crud"), n("2")]);
    expect(bound.Items).toEqual([{ v: s("two") }]);

    await execute(`UPDATE "${table}" SET v = 'uno' WHERE pk = 'crud' AND sk = 1`);
    await execute(`UPDATE "${table}" SET v = ? WHERE pk = ? AND sk = ?`, [s("dos"), s("crud"), n("2")]);
    const updated = await execute(`SELECT v FROM "${table}" WHERE pk = 'crud'`);
    expect(updated.Items).toEqual([{ v: s("uno") }, { v: s("dos") }]);

    await execute(`DELETE FROM "${table}" WHERE pk = 'crud' AND sk = 1`);
    await execute(`DELETE FROM "${table}" WHERE pk = ? AND sk = ?`, [s("crud"), n("2")]);
    expect((await execute(`SELECT * FROM "${table}" WHERE pk = 'crud'`)).Items).toEqual([]);
  });

  test("every value type round-trips, through literals and parameters", async () => {
    const nested: AttributeValue = {
      M: { list: { L: [n("1"), s("two"), { NULL: true }, { BOOL: false }, { M: { deep: { SS: ["a"] } } }] } },
    };
    await execute(
      `INSERT INTO "${table}" VALUE {'pk': 'types', 'sk': 1, 's': 'text', 'n': 12.50, 'big': -12345678901234567890123456789012345678, ` +
        `'small': 125e-7, 'bool': true, 'null': null, 'ss': <<'x', 'y'>>, 'ns': <<1, 2.5>>, 'l': [1, 'two', [null]], ` +
        `'m': {'a': {'b': [true]}}}`,
    );
    const literal = await execute(`SELECT * FROM "${table}" WHERE pk = 'types' AND sk = 1`);
    expect(literal.Items?.[0]).toEqual({
      pk: s("types"),
      sk: n("1"),
      s: s("text"),
      n: n("12.5"),
      big: n("-12345678901234567890123456789012345678"),
      small: n("0.0000125"),
      bool: { BOOL: true },
      null: { NULL: true },
      ss: { SS: ["x", "y"] },
      ns: { NS: ["1", "2.5"] },
      l: { L: [n("1"), s("two"), { L: [{ NULL: true }] }] },
      m: { M: { a: { M: { b: { L: [{ BOOL: true }] } } } } },
    });
    const values: Item = {
      b: { B: new Uint8Array([0, 1, 2, 255]) } as unknown as AttributeValue,
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] } as unknown as AttributeValue,
      ns: { NS: ["3", "-0.5"] },
      ss: { SS: ["é", "\u{1F600}"] },
      nested,
      n: n("0.000100"),
    };
    const names = Object.keys(values);
    await execute(
      `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, ${names.map((name) => `'${name}': ?`).join(", ")}}`,
      [s("types"), n("2"), ...names.map((name) => values[name])],
    );
    const [item] =
      (await execute(`SELECT * FROM "${table}" WHERE pk = ? AND sk = ?`, [s("types"), n("2")])).Items ?? [];
    expect(item.b).toEqual({ B: new Uint8Array([0, 1, 2, 255]) });
    expect(item.bs).toEqual({ BS: [new Uint8Array([1]), new Uint8Array([2])] });
    expect([...(item.ns.NS ?? [])].sort()).toEqual(["-0.5", "3"]);
    expect(item.ss).toEqual({ SS: ["é", "\u{1F600}"] });
    expect(item.nested).toEqual(nested);
    expect(item.n).toEqual(n("0.0001"));
    expect(await storedItem(db, table, { pk: s("types"), sk: n("2") })).toEqual(item);
  });

  test("SELECT pages with Limit and NextToken through every item exactly once", async () => {
    for (let i = 0; i < 7; i++)
      await execute(`INSERT INTO "${table}" VALUE {'pk': 'page', 'sk': ?, 'odd': ?}`, [
        n(`${i}`),
        { BOOL: i % 2 === 1 },
      ]);
    for (const [statement, expected] of [
      [`SELECT sk FROM "${table}" WHERE pk = 'page'`, [0, 1, 2, 3, 4, 5, 6]],
      [`SELECT sk FROM "${table}" WHERE pk = 'page' AND odd = true`, [1, 3, 5]],
      [`SELECT sk FROM "${table}" WHERE pk = 'page' ORDER BY sk DESC`, [6, 5, 4, 3, 2, 1, 0]],
      [`SELECT sk FROM "${table}" WHERE pk IN ['page', 'nothing', 'crud']`, [0, 1, 2, 3, 4, 5, 6]],
      [`SELECT sk FROM "${table}" WHERE begins_with(pk, 'pag')`, [0, 1, 2, 3, 4, 5, 6]],
    ] as const) {
      const seen: number[] = [];
      let NextToken: string | undefined;
      let pages = 0;
      do {
        const page = await execute(statement, undefined, { Limit: 2, ...(NextToken ? { NextToken } : {}) });
        seen.push(...(page.Items ?? []).map((item) => Number(item.sk.N)));
        if (page.NextToken) expect(page.LastEvaluatedKey).toBeDefined();
        NextToken = page.NextToken;
        pages++;
      } while (NextToken && pages < 20);
      expect(NextToken).toBeUndefined();
      const order = statement.includes("DESC") ? seen : [...seen].sort((a, b) => a - b);
      expect(order, statement).toEqual(expected);
      expect(pages).toBeGreaterThan(2);
    }
  });

  test("a NextToken serves only the statement and parameters it came from", async () => {
    const first = await execute(`SELECT * FROM "${table}" WHERE pk = ?`, [s("page")], { Limit: 1 });
    expect(first.NextToken).toBeDefined();
    const NextToken = first.NextToken as string;
    const expected = { name: "ValidationException", message: "NextToken does not match request" };
    expect(await failure(execute(`SELECT * FROM "${table}" WHERE pk = ?`, [s("crud")], { NextToken }))).toEqual(
      expected,
    );
    expect(await failure(execute(`SELECT pk FROM "${table}" WHERE pk = ?`, [s("page")], { NextToken }))).toEqual(
      expected,
    );
    expect(await failure(execute(`SELECT * FROM "${table}"`, undefined, { NextToken: "bm90IGEgdG9rZW4=" }))).toEqual({
      name: "ValidationException",
      message: "Invalid NextToken",
    });
  });

  test("an index is read by its own key; without it, scanned", async () => {
    for (const [pk, g, r] of [
      ["i1", "red", 3],
      ["i2", "red", 1],
      ["i3", "blue", 2],
      ["i4", "red", 2],
    ] as const) {
      await execute(`INSERT INTO "${indexed}" VALUE {'pk': ?, 'g': ?, 'r': ?}`, [s(pk), s(g), n(`${r}`)]);
    }
    // A global index is eventually consistent: its entries arrive a few milliseconds after the writes.
    const query = await until(
      "the index holds the red items",
      () => execute(`SELECT pk FROM "${indexed}"."byG" WHERE g = 'red' AND r >= 2 ORDER BY r DESC`),
      (answer) => answer.Items?.length === 2,
      5_000,
    );
    expect(query.Items).toEqual([{ pk: s("i1") }, { pk: s("i4") }]);
    const scan = await until(
      "the index holds i3",
      () => execute(`SELECT pk FROM "${indexed}"."byG" WHERE pk = 'i3'`),
      (answer) => answer.Items?.length === 1,
      5_000,
    );
    expect(scan.Items).toEqual([{ pk: s("i3") }]);
    expect(
      await failure(execute(`SELECT * FROM "${indexed}"."byG" WHERE g = 'red'`, undefined, { ConsistentRead: true })),
    ).toEqual({
      name: "ValidationException",
      message: "Consistent read cannot be true when scanning a GSI",
    });
    expect(await failure(execute(`SELECT * FROM "${indexed}"."nope"`))).toEqual({
      name: "ValidationException",
      message: "The table does not have the specified index: nope",
    });
  });

  test("a SELECT without the partition key scans the table, filtered, projected as DynamoDB names paths", async () => {
    await execute(
      `INSERT INTO "${table}" VALUE {'pk': 'scan1', 'sk': 1, 'tag': 'findme', 'm': {'a': {'b': 1}, 'l': [10, 20, 30]}}`,
    );
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'scan2', 'sk': 1, 'tag': 'findme'}`);
    const found = await execute(`SELECT pk, m.a.b, m.l[2] FROM "${table}" WHERE tag = 'findme' AND m IS NOT MISSING`);
    expect(found.Items).toEqual([{ pk: s("scan1"), b: n("1"), "l[2]": n("30") }]);
    const all = await execute(`SELECT pk FROM "${table}" WHERE tag = ?`, [s("findme")]);
    expect(all.Items?.map((item) => item.pk.S).sort()).toEqual(["scan1", "scan2"]);
  });

  test("UPDATE SET and REMOVE with RETURNING", async () => {
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'upd', 'sk': 1, 'n': 1, 'l': [1], 's': <<'a'>>, 'gone': 'x'}`);
    const modifiedNew = await execute(
      `UPDATE "${table}" SET n = n + 2, l = list_append(l, [2]), s = set_add(s, <<'b'>>), fresh = if_not_exists(fresh, 'f') ` +
        `REMOVE gone WHERE pk = 'upd' AND sk = 1 RETURNING MODIFIED NEW *`,
    );
    expect(modifiedNew.Items).toEqual([
      { n: n("3"), l: { L: [n("1"), n("2")] }, s: { SS: ["a", "b"] }, fresh: s("f") },
    ]);
    const modifiedOld = await execute(
      `UPDATE "${table}" SET n = n - 1 WHERE pk = 'upd' AND sk = 1 RETURNING MODIFIED OLD *`,
    );
    expect(modifiedOld.Items).toEqual([{ n: n("3") }]);
    const allNew = await execute(
      `UPDATE "${table}" SET s = set_delete(s, <<'a'>>) WHERE pk = 'upd' AND sk = 1 RETURNING ALL NEW *`,
    );
    expect(allNew.Items).toEqual([
      { pk: s("upd"), sk: n("1"), n: n("2"), l: { L: [n("1"), n("2")] }, s: { SS: ["b"] }, fresh: s("f") },
    ]);
    const deleted = await execute(`DELETE FROM "${table}" WHERE pk = 'upd' AND sk = 1 RETURNING ALL OLD *`);
    expect(deleted.Items).toEqual(allNew.Items);
    expect((await execute(`DELETE FROM "${table}" WHERE pk = 'upd' AND sk = 1 RETURNING ALL OLD *`)).Items).toEqual([]);
  });

  test("conditional UPDATE and DELETE fail with ConditionalCheckFailedException, and an UPDATE never creates", async () => {
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'cond', 'sk': 1, 'v': 1}`);
    const failed = { name: "ConditionalCheckFailedException", message: "The conditional request failed" };
    expect(await failure(execute(`UPDATE "${table}" SET v = 2 WHERE pk = 'cond' AND sk = 1 AND v = 5`))).toEqual(
      failed,
    );
    expect(await failure(execute(`DELETE FROM "${table}" WHERE pk = 'cond' AND sk = 1 AND v > 1`))).toEqual(failed);
    expect(
      await failure(
        execute(`DELETE FROM "${table}" WHERE pk = 'cond' AND sk = 1 AND v > 1`, undefined, {
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      ),
    ).toEqual({ ...failed, Item: { pk: s("cond"), sk: n("1"), v: n("1") } });
    expect(await failure(execute(`UPDATE "${table}" SET v = 2 WHERE pk = 'cond' AND sk = 99`))).toEqual(failed);
    expect(await storedItem(db, table, { pk: s("cond"), sk: n("99") })).toBeUndefined();
    await execute(`UPDATE "${table}" SET v = 2 WHERE pk = 'cond' AND sk = 1 AND v = 1`);
    expect(await storedItem(db, table, { pk: s("cond"), sk: n("1") })).toEqual({
      pk: s("cond"),
      sk: n("1"),
      v: n("2"),
    });
  });

  test("INSERT of an existing key is DuplicateItemException", async () => {
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'dup', 'sk': 1, 'v': 'first'}`);
    expect(await failure(execute(`INSERT INTO "${table}" VALUE {'pk': 'dup', 'sk': 1, 'v': 'second'}`))).toEqual({
      name: "DuplicateItemException",
      message: "Duplicate primary key exists in table",
    });
    expect((await storedItem(db, table, { pk: s("dup"), sk: n("1") }))?.v).toEqual(s("first"));
  });

  test.each([
    ["a syntax error", "SELEC * FROM x", undefined, "Statement wasn't well formed, can't be processed: SELEC * FROM x"],
    [
      "too few parameters",
      'SELECT * FROM "TABLE" WHERE pk = ? AND sk = ?',
      [s("a")],
      "Number of parameters in request and statement don't match.",
    ],
    [
      "an UPDATE without the full key",
      "UPDATE \"TABLE\" SET v = 1 WHERE pk = 'a'",
      undefined,
      "Where clause does not contain a mandatory equality on all key attributes",
    ],
    [
      "a function not allowed",
      "SELECT * FROM \"TABLE\" WHERE pk = 'a' AND if_not_exists(v, 1) = 1",
      undefined,
      "The function is not allowed in a condition expression; function: if_not_exists",
    ],
    [
      "MISSING outside IS",
      "SELECT * FROM \"TABLE\" WHERE pk = 'a' AND v = MISSING",
      undefined,
      "MISSING must be compared using IS operator",
    ],
    [
      "a key of the wrong type",
      'SELECT * FROM "TABLE" WHERE pk = 1',
      undefined,
      "Key attribute's data type should match its data type in table's schema: Key pk",
    ],
    [
      "EXISTS outside a transaction",
      "EXISTS(SELECT * FROM \"TABLE\" WHERE pk = 'a' AND sk = 1 AND v = 1)",
      undefined,
      "EXISTS can only be used in ExecuteTransaction write requests.",
    ],
  ])("%s is refused", async (_, statement, parameters, message) => {
    expect(await failure(execute(statement.replace("TABLE", table), parameters))).toEqual({
      name: "ValidationException",
      message: message.replace("TABLE", table),
    });
  });

  test("a table that does not exist is ResourceNotFoundException", async () => {
    expect(await failure(execute(`SELECT * FROM "${uniqueTableName("none")}" WHERE pk = 'a'`))).toEqual({
      name: "ResourceNotFoundException",
      message: "Cannot do operations on a non-existent table",
    });
  });
});

describe("BatchExecuteStatement", () => {
  test("a failing statement does not fail the batch; the others apply", async () => {
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'batch', 'sk': 0}`);
    const { Responses } = await db.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'batch', 'sk': 1}` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'batch', 'sk': 0}` },
          { Statement: `UPDATE "${table}" SET v = ? WHERE pk = 'batch' AND sk = 2`, Parameters: [s("x")] },
          { Statement: `UPDATE "${table}" SET v = 1 WHERE pk = 'batch'` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': 3}`, Parameters: [s("batch")] },
          { Statement: "SELEC nothing" },
        ],
      }),
    );
    expect(Responses).toEqual([
      { TableName: table },
      { TableName: table, Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" } },
      { TableName: table, Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" } },
      {
        Error: {
          Code: "ValidationError",
          Message: "Where clause does not contain a mandatory equality on all key attributes",
        },
      },
      { TableName: table },
      {
        Error: { Code: "ValidationError", Message: "Statement wasn't well formed, can't be processed: SELEC nothing" },
      },
    ]);
    const read = await db.send(
      new BatchExecuteStatementCommand({
        Statements: [0, 1, 2, 3].map((sk) => ({
          Statement: `SELECT sk FROM "${table}" WHERE pk = 'batch' AND sk = ?`,
          Parameters: [n(`${sk}`)],
          ConsistentRead: true,
        })),
      }),
    );
    expect(read.Responses).toEqual([
      { TableName: table, Item: { sk: n("0") } },
      { TableName: table, Item: { sk: n("1") } },
      { TableName: table },
      { TableName: table, Item: { sk: n("3") } },
    ]);
  });

  test("reads and writes together, and two statements on one item, are refused", async () => {
    const mixed = db.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'batch' AND sk = 0` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'batch', 'sk': 9}` },
        ],
      }),
    );
    expect(await failure(mixed)).toEqual({
      name: "ValidationException",
      message: "Read and write requests together in the same batch is not supported.",
    });
    const twice = db.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'batch', 'sk': 10}` },
          { Statement: `UPDATE "${table}" SET v = 1 WHERE pk = 'batch' AND sk = 10` },
        ],
      }),
    );
    expect(await failure(twice)).toEqual({
      name: "ValidationException",
      message: "Provided list of item keys contains duplicates",
    });
    expect(await storedItem(db, table, { pk: s("batch"), sk: n("10") })).toBeUndefined();
  });
});

describe("ExecuteTransaction", () => {
  test("commits every write together, and reads a snapshot", async () => {
    await execute(`INSERT INTO "${table}" VALUE {'pk': 'tx', 'sk': 1, 'v': 1}`);
    await db.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'tx' AND sk = 1 AND v = 1)` },
          { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': 2, 'v': ?}`, Parameters: [s("tx"), n("2")] },
        ],
      }),
    );
    const { Responses } = await db.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `SELECT v FROM "${table}" WHERE pk = 'tx' AND sk = 1` },
          { Statement: `SELECT * FROM "${table}" WHERE pk = ? AND sk = ?`, Parameters: [s("tx"), n("2")] },
          { Statement: `SELECT * FROM "${table}" WHERE pk = 'tx' AND sk = 3` },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { v: n("1") } }, { Item: { pk: s("tx"), sk: n("2"), v: n("2") } }, {}]);
  });

  test("a failed condition cancels it, with a reason per statement, and nothing is written", async () => {
    const error = await db
      .send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `INSERT INTO "${table}" VALUE {'pk': 'tx', 'sk': 4}` },
            { Statement: `UPDATE "${table}" SET v = 9 WHERE pk = 'tx' AND sk = 1 AND v = 100` },
            { Statement: `INSERT INTO "${table}" VALUE {'pk': 'tx', 'sk': 2}` },
            { Statement: `DELETE FROM "${table}" WHERE pk = 'tx' AND sk = 5` },
          ],
        }),
      )
      .then(
        () => expect.fail("expected a cancellation"),
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      { Code: "ValidationError", Message: "Duplicate primary key exists in table" },
      { Code: "None" },
    ]);
    expect(await storedItem(db, table, { pk: s("tx"), sk: n("4") })).toBeUndefined();
  });

  test("a ClientRequestToken makes it idempotent", async () => {
    const ClientRequestToken = crypto.randomUUID();
    const request = {
      TransactStatements: [{ Statement: `UPDATE "${table}" SET v = v + 1 WHERE pk = 'tx' AND sk = 1` }],
      ClientRequestToken,
    };
    await db.send(new ExecuteTransactionCommand(request));
    await db.send(new ExecuteTransactionCommand(request));
    expect((await storedItem(db, table, { pk: s("tx"), sk: n("1") }))?.v).toEqual(n("2"));
    const changed = db.send(
      new ExecuteTransactionCommand({
        TransactStatements: [{ Statement: `UPDATE "${table}" SET v = v + 2 WHERE pk = 'tx' AND sk = 1` }],
        ClientRequestToken,
      }),
    );
    expect((await failure(changed)).name).toBe("IdempotentParameterMismatchException");
  });

  test("reads and writes together, RETURNING, and index reads are refused", async () => {
    const refused = async (TransactStatements: { Statement: string }[]) =>
      failure(db.send(new ExecuteTransactionCommand({ TransactStatements })));
    expect(
      await refused([
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'tx' AND sk = 1` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'tx' AND sk = 2` },
      ]),
    ).toEqual({
      name: "ValidationException",
      message: "ExecuteTransaction API does not support both read and write operations in the same request.",
    });
    expect(
      await refused([{ Statement: `UPDATE "${table}" SET v = 1 WHERE pk = 'tx' AND sk = 1 RETURNING ALL NEW *` }]),
    ).toEqual({
      name: "ValidationException",
      message: "Validation failed in TransactStatements[0]: RETURNING clause is not supported in ExecuteTransaction.",
    });
    expect(await refused([{ Statement: `SELECT * FROM "${indexed}"."byG" WHERE g = 'red' AND r = 1` }])).toEqual({
      name: "ValidationException",
      message: "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.",
    });
  });
});
