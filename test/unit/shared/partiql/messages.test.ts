/**
 * DynamoDB's answers to statements it refuses before running them, exactly: each pair was recorded
 * from DynamoDB Local 1.25.1 (docs/partiql-messages.md lists them). A syntax error echoes the
 * statement; other refusals name the construct, some with its position (line:column:length).
 */
import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../shared/api/errors";
import { NotAStatement, STATEMENT_MAX_BYTES } from "../../../../shared/partiql/errors";
import { parseStatement } from "../../../../shared/partiql/parse";

function refusal(text: string): string {
  try {
    parseStatement(text);
  } catch (error) {
    if (error instanceof ValidationException) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

const RECORDED: [string, string][] = [
  ["", "Statement wasn't well formed, can't be processed: "],
  ["SELECT", "Statement wasn't well formed, can't be processed: SELECT"],
  ["SELECT FROM tab", "Statement wasn't well formed, can't be processed: SELECT FROM tab"],
  ["SELECT * FROM", "Statement wasn't well formed, can't be processed: SELECT * FROM"],
  ["select * frm tab", "Statement wasn't well formed, can't be processed: select * frm tab"],
  ["FOO bar", "Statement wasn't well formed, can't be processed: FOO bar"],
  ["SELECT * FROM tab WHERE", "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE"],
  [
    "SELECT * FROM tab WHERE pk = 'x",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'x",
  ],
  ['SELECT * FROM "tab', "Statement wasn't well formed, can't be processed: SELECT * FROM \"tab"],
  [
    "SELECT * FROM tab WHERE pk = 1 AND",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 1 AND",
  ],
  [
    "SELECT * FROM tab WHERE pk == 1",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk == 1",
  ],
  [
    "SELECT * FROM tab WHERE pk = @",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = @",
  ],
  [
    "SELECT * FROM tab WHERE pk = #",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = #",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a';;",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'a';;",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a'; SELECT * FROM tab",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'a'; SELECT * FROM tab",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' /* unterminated",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'a' /* unterminated",
  ],
  [
    "SELECT * FROM tab WHERE x = 1e",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x = 1e",
  ],
  [
    "SELECT * FROM tab WHERE x = 1x",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x = 1x",
  ],
  [
    "SELECT * FROM tab WHERE x = 1e2147483648",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x = 1e2147483648",
  ],
  ["SELECT * FROM tab WHERE x ! 1", "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x ! 1"],
  ["SELECT * FROM tab WHERE é = 1", "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE é = 1"],
  [
    "SELECT * FROM tab WHERE value = 1",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE value = 1",
  ],
  [
    "SELECT * FROM tab WHERE m.inner = 1",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE m.inner = 1",
  ],
  [
    "SELECT * FROM tab WHERE x IS TRUE",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x IS TRUE",
  ],
  [
    "SELECT * FROM tab WHERE x IN ()",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x IN ()",
  ],
  [
    "SELECT * FROM tab WHERE x NOT = 1",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x NOT = 1",
  ],
  [
    "SELECT * FROM tab WHERE x = `1 2`",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE x = `1 2`",
  ],
  ["SELECT *, a FROM tab", "Statement wasn't well formed, can't be processed: SELECT *, a FROM tab"],
  ["SELECT a[*] FROM tab", "Statement wasn't well formed, can't be processed: SELECT a[*] FROM tab"],
  ["SELECT a.*.b FROM tab", "Statement wasn't well formed, can't be processed: SELECT a.*.b FROM tab"],
  [
    "SELECT * FROM tab WHERE pk = 'a' ORDER BY pk NULLS FIRST",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'a' ORDER BY pk NULLS FIRST",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' LIMIT 1 OFFSET 2",
    "Statement wasn't well formed, can't be processed: SELECT * FROM tab WHERE pk = 'a' LIMIT 1 OFFSET 2",
  ],
  [
    "INSERT INTO tab VALUES {'pk': 'a'}",
    "Statement wasn't well formed, can't be processed: INSERT INTO tab VALUES {'pk': 'a'}",
  ],
  [
    "INSERT INTO tab VALUE {'pk': 'a'}, {'pk': 'b'}",
    "Statement wasn't well formed, can't be processed: INSERT INTO tab VALUE {'pk': 'a'}, {'pk': 'b'}",
  ],
  [
    "INSERT INTO tab VALUE {'pk': 'a',}",
    "Statement wasn't well formed, can't be processed: INSERT INTO tab VALUE {'pk': 'a',}",
  ],
  [
    "INSERT INTO tab VALUE {'pk' 'a'}",
    "Statement wasn't well formed, can't be processed: INSERT INTO tab VALUE {'pk' 'a'}",
  ],
  [
    "INSERT INTO 'tab' VALUE {'pk': 'a'}",
    "Statement wasn't well formed, can't be processed: INSERT INTO 'tab' VALUE {'pk': 'a'}",
  ],
  [
    "INSERT INTO tab AS t VALUE {'pk': 'a'}",
    "Statement wasn't well formed, can't be processed: INSERT INTO tab AS t VALUE {'pk': 'a'}",
  ],
  ["UPDATE tab WHERE pk = 'a'", "Statement wasn't well formed, can't be processed: UPDATE tab WHERE pk = 'a'"],
  [
    "UPDATE tab REMOVE z, w WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: UPDATE tab REMOVE z, w WHERE pk = 'a'",
  ],
  [
    "UPDATE tab SET x = 1, WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: UPDATE tab SET x = 1, WHERE pk = 'a'",
  ],
  [
    "UPDATE tab SET 1 = 1 WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: UPDATE tab SET 1 = 1 WHERE pk = 'a'",
  ],
  [
    "UPDATE tab ADD x 1 WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: UPDATE tab ADD x 1 WHERE pk = 'a'",
  ],
  [
    "UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING ALL NEW",
    "Statement wasn't well formed, can't be processed: UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING ALL NEW",
  ],
  [
    "UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING NEW *",
    "Statement wasn't well formed, can't be processed: UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING NEW *",
  ],
  [
    "UPDATE tab SET x = 1 RETURNING ALL NEW * WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: UPDATE tab SET x = 1 RETURNING ALL NEW * WHERE pk = 'a'",
  ],
  ["DELETE tab WHERE pk = 'zz'", "Statement wasn't well formed, can't be processed: DELETE tab WHERE pk = 'zz'"],
  [
    "DELETE FROM 'tab' WHERE pk = 'zz'",
    "Statement wasn't well formed, can't be processed: DELETE FROM 'tab' WHERE pk = 'zz'",
  ],
  [
    "EXISTS(SELECT * FROM tab WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: EXISTS(SELECT * FROM tab WHERE pk = 'a'",
  ],
  [
    "EXISTS SELECT * FROM tab WHERE pk = 'a'",
    "Statement wasn't well formed, can't be processed: EXISTS SELECT * FROM tab WHERE pk = 'a'",
  ],
  ["SELECT * FROM tab garbage", "Aliasing is not supported"],
  ["SELECT a AS b FROM tab", "Aliasing is not supported"],
  ["SELECT * FROM tab AT i", "Aliasing is not supported"],
  ["DELETE FROM tab AS t WHERE pk = 'zz'", "Aliasing is not supported"],
  ["SELECT DISTINCT a FROM tab", "Unsupported token in expression: DISTINCT"],
  ["SELECT VALUE a FROM tab", "Select projection doesn't support value or pivot keywords"],
  ["SELECT a.* FROM tab", "Changing item's hierarchy while reading isn't supported"],
  ["SELECT 1 FROM tab", "Unexpected path component at 1:8:1"],
  ["SELECT size(a) FROM tab", "Unexpected path component at 1:8:4"],
  ["SELECT a + 1 FROM tab", "Unexpected path component at 1:10:1"],
  ["SELECT a, a FROM tab", "Duplicate identifiers in select clause: a"],
  ["SELECT a.b, a.b FROM tab", "Duplicate identifiers in select clause: b"],
  ["SELECT a[0], a[0] FROM tab", "Duplicate identifiers in select clause: a[0]"],
  [
    "SELECT a.b.c, a.b FROM tab",
    "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, b, c]",
  ],
  ["SELECT * FROM tab, tab", "Only select from a single table or index is supported."],
  ["SELECT * FROM tab JOIN tab ON 1 = 1", "Only select from a single table or index is supported."],
  ["SELECT * FROM 'tab'", "Unexpected from source"],
  ["SELECT * FROM ?", "Unexpected from source"],
  ["SELECT * FROM (SELECT * FROM tab)", "Unexpected from source"],
  ['SELECT * FROM "tab"[0]', "Invalid list expression in source."],
  ['SELECT * FROM "tab".gsi.x', "A path may contain at most 2 components in the FROM clause"],
  ["SELECT * FROM tab.*", "Unpivot path component like a.*.b are not supported at 1:19:1"],
  ['SELECT * FROM ""', "Path component cannot be an empty string"],
  [
    'SELECT * FROM "ab"',
    "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  ],
  [
    'SELECT * FROM "tab"."a b"',
    "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  ],
  ["SELECT * FROM tab WHERE pk = 'a' GROUP BY pk", "Unsupported clause: GROUP BY"],
  ["SELECT * FROM tab WHERE pk = 'a' HAVING 1 = 1", "Unsupported clause: HAVING at 1:43:1"],
  ["SELECT * FROM tab LIMIT 1", "Unsupported clause: LIMIT at 1:25:1"],
  ["SELECT * FROM tab WHERE pk = 'a' LIMIT 1 AND x = ?", "Unsupported clause: LIMIT at 1:42:3"],
  ["SELECT * FROM tab WHERE pk", "WHERE clause must contain an expression that resolves to a boolean"],
  ["SELECT * FROM tab WHERE 'a'", "WHERE clause must contain an expression that resolves to a boolean"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x", "The arguments to AND/OR must be Expressions"],
  ["SELECT * FROM tab WHERE NOT 1", "The argument to NOT must be a Type or Expression"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = 1 * 2", "Unsupported operator in Condition Expression. Operator: *"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = 'a' || 'b'", "Unsupported operator in Condition Expression. Operator: ||"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x LIKE 'a%'", "Unsupported operator in Condition Expression. Operator: like"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = -x", "Unsupported operator in Condition Expression. Operator: -"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = 1 + 2", "Unsupported operator in Condition Expression. Operator: +"],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IN y",
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IN []",
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IN ?",
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND size(x) IS NULL",
    "The left hand side argument to IS must be a Variable Reference, Literal, or Path",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND ? IS MISSING",
    "The left hand side argument to IS must be a Variable Reference, Literal, or Path",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IS INT",
    "Unsupported data type for IS operator: INTEGER. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:40:2",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IS NOT VARCHAR(3)",
    "Unsupported data type for IS operator: CHARACTER_VARYING. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:40:2",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x IS DOUBLE PRECISION",
    "Unsupported data type for IS operator: DOUBLE_PRECISION. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST] at 1:40:2",
  ],
  ["SELECT * FROM tab WHERE pk = 'a' AND count(*) = 1", "Unsupported token in expression: count at 1:38:5"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = (SELECT * FROM tab)", "Unsupported token in expression: SELECT at 1:43:6"],
  [
    "SELECT * FROM tab WHERE EXISTS(SELECT * FROM tab WHERE pk = 'a')",
    "Unsupported token in expression: SELECT at 1:32:6",
  ],
  ["SELECT * FROM tab WHERE pk = 'a' AND x BETWEEN (1 AND 2) AND 3", "The arguments to AND/OR must be Expressions"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = `1`", "Ion Literals are not supported: INT under key root at 1:42:3"],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x = `{a:1}`",
    "Ion Literals are not supported: STRUCT under key root at 1:42:7",
  ],
  ["SELECT a[-1] FROM tab", "List index is not within the allowable range; index: [-1] at 1:11:1"],
  [
    "SELECT * FROM tab WHERE pk = 'a' AND x[2147483648] = 1",
    "List index is not within the allowable range; index: [2147483648] at 1:40:10",
  ],
  ["SELECT a[1.5] FROM tab", "Unexpected path component at 1:10:3"],
  ["SELECT a[?] FROM tab", "Unexpected path component at 1:10:1"],
  ["SELECT * FROM tab WHERE pk = 'a' AND m[b.c] = 1", "Unexpected path component"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = [1][0]", "A path cannot start with a list index at 1:42:1"],
  ["SELECT * FROM tab WHERE pk = 'a' AND x = ?.y", "Unexpected path component at 1:42:1"],
  ["SELECT * FROM tab WHERE pk = 'a' AND l[*] = 1", "Wildcard path component like a[*].b are not supported at 1:40:1"],
  ["SELECT * FROM tab WHERE pk = 'a' AND m.*.b = 1", "Unpivot path component like a.*.b are not supported at 1:40:1"],
  [
    "SELECT * FROM tab WHERE pk = 'a' ORDER BY a.b",
    "Argument to ORDER BY must be of type VariableReference. Type: PATH",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' ORDER BY ?",
    "Argument to ORDER BY must be of type VariableReference. Type: PARAMETER",
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' ORDER BY 'a'",
    'Argument to ORDER BY must be of type VariableReference. Type: "a"',
  ],
  [
    "SELECT * FROM tab WHERE pk = 'a' ORDER BY size(sk)",
    "Argument to ORDER BY must be of type VariableReference. Type: size",
  ],
  [
    "INSERT INTO tab VALUE [1]",
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:23:1",
  ],
  [
    "INSERT INTO tab VALUE ?",
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:23:1",
  ],
  ["INSERT INTO tab <<{'pk': 'a'}>>", "Unsupported operation: InsertOp"],
  ["INSERT INTO tab VALUE {'pk': 'a'} AT 'x'", "AT is not supported in insert statements. at 1:1:6"],
  ["INSERT INTO tab VALUE {'pk': 'a'} ON CONFLICT WHERE 1 = 1 DO NOTHING", "Unsupported clause: ON CONFLICT"],
  ["INSERT INTO tab VALUE {'pk': 'a'} RETURNING ALL OLD *", "RETURNING is not supported in INSERT"],
  [
    "INSERT INTO tab.gsi VALUE {'pk': 'a'}",
    "FROM clause may only contain a single table name in data manipulation statements",
  ],
  [
    "INSERT INTO tab VALUE {\"pk\": 'a'}",
    "Tuple keys must be of type String. Actual type: VariableReference under root at 1:24:4",
  ],
  ["INSERT INTO tab VALUE {1: 'a'}", "Tuple keys must be of type String. Actual type: INT under root at 1:24:1"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'pk': 'b'}", "Duplicate keys in tuple. Key: pk under root at 1:35:4"],
  ["INSERT INTO tab VALUE {'pk': 'a', '': 1}", "Path component cannot be an empty string"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': x}", "Unsupported data type: x under key root at 1:40:1"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': a.b}", "Unsupported data type: PATH under key root"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': 1 + 1}", "Unsupported data type: + under key root at 1:42:1"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': size(1)}", "Unsupported data type: size under key root at 1:40:4"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': MISSING}", "Unsupported data type: MISSING under key root at 1:40:7"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': NOT x}", "Unsupported data type: not under key root at 1:40:3"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': [?]}", "Unsupported data type: Parameter under key root.0 at 1:41:1"],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': <<>>}", "Empty bags are not supported at 1:40:2"],
  [
    "INSERT INTO tab VALUE {'pk': 'a', 'x': {'y': `{a:1}`}}",
    "Ion Literals are not supported: STRUCT under key root.y at 1:46:7",
  ],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': -0.0}", "Negative zero decimal is not supported under key root at 1:41:3"],
  [
    "INSERT INTO tab VALUE {'pk': 'a', 'x': 123456789012345678901234567890123456789}",
    "DynamoDB only supports precision up to 38 digits",
  ],
  [
    "INSERT INTO tab VALUE {'pk': 'a', 'x': 1e126}",
    "Number overflow. Attempting to store a number with magnitude larger than supported range",
  ],
  ["INSERT INTO tab VALUE {'pk': 'a', 'x': <<1, 1.0>>}", "Input collection contains duplicates"],
  [
    "UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING ALL NEW x",
    "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
  ],
  [
    "UPDATE tab SET x = 1 WHERE pk = 'a' RETURNING ALL NEW *, MODIFIED OLD *",
    "Invalid syntax with multiple returning elements in RETURNING clause",
  ],
  ["UPDATE tab SET x = x * 2 WHERE pk = 'a'", "Unsupported operator in Update Expression. Operator: *"],
  ["UPDATE tab SET x = 'a' || 'b' WHERE pk = 'a'", "Unsupported operator in Update Expression. Operator: ||"],
  [
    "UPDATE tab SET x = -x WHERE pk = 'a'",
    "Incorrect number of operands for operator or function; operator or function: -, number of operands: 1",
  ],
  [
    "UPDATE tab SET x = list_append(l, [1]) OR y WHERE pk = 'a'",
    "Unsupported operator in Update Expression. Operator: or",
  ],
  ["UPDATE tab SET x = [1, ?] WHERE pk = 'a'", "Unsupported data type: Parameter under key root.1 at 1:24:1"],
  ["UPDATE tab AS t SET x = 1 WHERE pk = 'a'", "Aliasing is not supported"],
  [
    "UPDATE \"ab\" SET x = 1 WHERE pk = 'a'",
    "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.",
  ],
  ["UPDATE tab SET x = `1` WHERE pk = 'a'", "Ion Literals are not supported: INT under key root at 1:20:3"],
  [
    "UPDATE tab SET x = 1 WHERE y = `1` RETURNING ALL OLD x",
    "Ion Literals are not supported: INT under key root at 1:32:3",
  ],
  ["DELETE FROM \"\" WHERE pk = 'a'", "Path component cannot be an empty string"],
  ["1", "Unsupported operation: Literal"],
  ["'a'", "Unsupported operation: Literal"],
  ["x", "Unsupported operation: VariableReference"],
  ["a.b", "Unsupported operation: Path"],
  ["[1]", "Unsupported operation: Seq"],
  ["{'a': 1}", "Unsupported operation: Struct"],
  ["?", "Unsupported operation: Parameter"],
  ["MISSING", "Unsupported operation: LiteralMissing"],
  ["x IS NULL", "Unsupported operation: Typed"],
  ["count(*)", "Unsupported operation: CallAgg"],
  ["x = 1", "EXISTS can only be used in ExecuteTransaction write requests."],
  ["NOT EXISTS(SELECT * FROM tab WHERE pk = 'a')", "EXISTS can only be used in ExecuteTransaction write requests."],
];

describe("DynamoDB Local's refusals", () => {
  it.each(RECORDED)("%j", (statement, message) => {
    expect(refusal(statement)).toBe(message);
  });

  it("refuses a statement over 8192 UTF-8 bytes before reading it", () => {
    const base = "SELECT * FROM tab WHERE pk = ''";
    const fits = base.slice(0, -1) + "a".repeat(STATEMENT_MAX_BYTES - base.length) + "'";
    expect(() => parseStatement(fits)).not.toThrow();
    const long = "Member must have length less than or equal to 8192";
    expect(refusal(fits.replace("a'", "aa'"))).toBe(long);
    expect(refusal(base.slice(0, -1) + "é".repeat(4100) + "'")).toBe(long);
    expect(refusal(`${"(".repeat(9000)} garbage`)).toBe(long);
  });

  it("names the node of an expression statement, for ExecuteTransaction's own wording", () => {
    const error = (() => {
      try {
        parseStatement("x = 1");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(NotAStatement);
    expect((error as NotAStatement).node).toBe("NAry");
  });
});
