/**
 * Literal values of PartiQL statements as DynamoDB values (shared/partiql/values.ts, numbers.ts):
 * every kind, nested, numbers as DynamoDB Local 1.25.1 stores them, and the set rules.
 */
import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { ValidationException } from "../../../../shared/api/errors";
import { parseStatement } from "../../../../shared/partiql/parse";

/** The DynamoDB value of `<text>` as the right-hand side of a WHERE comparison. */
function value(text: string): AttributeValue {
  const statement = parseStatement(`SELECT * FROM tab WHERE a = ${text}`);
  if (statement.kind !== "select" || statement.where?.kind !== "compare") throw new Error("shape");
  const right = statement.where.right;
  if (right.kind !== "literal") throw new Error(`not a literal: ${right.kind}`);
  return right.value;
}

function refusal(text: string): string {
  try {
    parseStatement(text);
  } catch (error) {
    if (error instanceof ValidationException) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

// Every refusal below is DynamoDB Local 1.25.1's answer to the same statement.
describe("values", () => {
  it.each([
    ["'x'", { S: "x" }],
    ["''", { S: "" }],
    ["'it''s'", { S: "it's" }],
    ["'a\\n\"b'", { S: 'a\\n"b' }],
    ["TRUE", { BOOL: true }],
    ["false", { BOOL: false }],
    ["null", { NULL: true }],
    ["[]", { L: [] }],
    ["{}", { M: {} }],
    [
      "[1, 'a', true, null, [2], {'k': <<'s'>>}]",
      { L: [{ N: "1" }, { S: "a" }, { BOOL: true }, { NULL: true }, { L: [{ N: "2" }] }, { M: { k: { SS: ["s"] } } }] },
    ],
    ["(1, 'a')", { L: [{ N: "1" }, { S: "a" }] }],
    [
      "{'k': 1, 'K': [{'x': null}], 'a b': -2}",
      { M: { k: { N: "1" }, K: { L: [{ M: { x: { NULL: true } } }] }, "a b": { N: "-2" } } },
    ],
    ["<<'a', 'b'>>", { SS: ["a", "b"] }],
    ["<<'', 'b'>>", { SS: ["", "b"] }],
    ["<<1, 2.5, -3>>", { NS: ["1", "2.5", "-3"] }],
  ])("%s", (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  it.each([
    ["1", "1"],
    ["1.0", "1"],
    ["01", "1"],
    ["1e3", "1000"],
    ["1E+3", "1000"],
    ["1e-3", "0.001"],
    ["1.50", "1.5"],
    ["0001.2000", "1.2"],
    [".5", "0.5"],
    ["5.", "5"],
    ["-0", "0"],
    ["0.0", "0"],
    ["0e-400", "0"],
    ["+1", "1"],
    ["- 1", "-1"],
    ["- -1", "1"],
    ["-(1)", "-1"],
    ["1000000000000000000000000000000000000000", "1000000000000000000000000000000000000000"],
    // Decimals are rounded to 38 significant digits, half to even.
    ["1.23456789012345678901234567890123456789", "1.2345678901234567890123456789012345679"],
    ["1.00000000000000000000000000000000000045", "1.0000000000000000000000000000000000004"],
    ["1.00000000000000000000000000000000000055", "1.0000000000000000000000000000000000006"],
    ["1.000000000000000000000000000000000000045", "1"],
    ["99999999999999999999999999999999999999.5", "100000000000000000000000000000000000000"],
    ["1e125", `1${"0".repeat(125)}`],
    ["1e-130", `0.${"0".repeat(129)}1`],
  ])("number %s is stored as %s", (text, stored) => {
    expect(value(text)).toEqual({ N: stored });
    expect(value(`[${text}]`)).toEqual({ L: [{ N: stored }] });
  });

  it.each([
    ["123456789012345678901234567890123456789", "DynamoDB only supports precision up to 38 digits"],
    ["-123456789012345678901234567890123456789", "DynamoDB only supports precision up to 38 digits"],
    ["1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    [
      "9.99999999999999999999999999999999999999999e125",
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ],
    ["1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
    ["-0.0", "Negative zero decimal is not supported under key root at 1:30:3"],
    ["- - 0.0", "Negative zero decimal is not supported under key root at 1:33:3"],
    ["-0e5", "Negative zero decimal is not supported under key root at 1:30:3"],
    ["[1, {'b': -0.0}]", "Negative zero decimal is not supported under key root.1.b at 1:40:3"],
  ])("number %s is refused", (text, message) => {
    expect(refusal(`SELECT * FROM tab WHERE a = ${text}`)).toBe(message);
  });

  it("compares set members after conversion: duplicates, numerically for numbers", () => {
    for (const set of ["<<1, 1.0>>", "<<1, 1e0>>", "<<'a', 'b', 'a'>>"]) {
      expect(refusal(`SELECT * FROM tab WHERE a = ${set}`)).toBe("Input collection contains duplicates");
    }
  });

  it.each([
    ["<<>>", "Empty bags are not supported at 1:29:2"],
    ["<<true>>", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:31:4"],
    [
      "<<null, 'a'>>",
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:31:4",
    ],
    ["<<[1]>>", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:31:1"],
    ["<<?>>", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:31:1"],
    ["<<'a', 1>>", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:36:1"],
    ["<<1, 'a'>>", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"],
    ["<<1, null>>", "INVALID_PARAMETER_VALUE:Numeric sets may not contain null under root"],
    ["<<1, x>>", "Unsupported data type: VariableReference under key root at 1:34:1"],
    ["<<1, MISSING>>", "Unsupported data type: LiteralMissing under key root at 1:34:7"],
    ["<<'a', `1`>>", "Ion Literals are not supported: INT under key root at 1:36:3"],
  ])("set %s is refused", (set, message) => {
    expect(refusal(`SELECT * FROM tab WHERE a = ${set}`)).toBe(message);
  });

  it.each([
    ["[x]", "Unsupported data type: VariableReference under key root.0 at 1:30:1"],
    ["[a.b]", "Unsupported data type: Path under key root.0"],
    ["[?]", "Unsupported data type: Parameter under key root.0 at 1:30:1"],
    ["{'k': ?}", "Unsupported data type: Parameter under key root.k at 1:35:1"],
    ["[1, MISSING]", "Unsupported data type: LiteralMissing under key root.1 at 1:33:7"],
    ["[1 + 1]", "Unsupported data type: NAry under key root.0 at 1:32:1"],
    ["[size(x)]", "Unsupported data type: NAry under key root.0 at 1:30:4"],
    ["[x IS NULL]", "Unsupported data type: Typed under key root.0 at 1:32:2"],
    ["[count(x)]", "Unsupported data type: CallAgg under key root.0 at 1:30:5"],
    ["[(SELECT * FROM t)]", "Unsupported data type: Select under key root.0 at 1:31:6"],
    ["{'a': 1, 'a': 2}", "Duplicate keys in tuple. Key: a under root at 1:29:1"],
    ["{x: 1}", "Tuple keys must be of type String. Actual type: VariableReference under root at 1:30:1"],
    ["{1: 1}", "Tuple keys must be of type String. Actual type: INT under root at 1:30:1"],
    ["{?: 1}", "Tuple keys must be of type String. Actual type: Parameter under root at 1:30:1"],
    ["{'': 1}", "Path component cannot be an empty string"],
    ["`1`", "Ion Literals are not supported: INT under key root at 1:29:3"],
    ['`"s"`', "Ion Literals are not supported: STRING under key root at 1:29:5"],
    ["`{{aGVsbG8=}}`", "Ion Literals are not supported: BLOB under key root at 1:29:14"],
  ])("value %s is refused", (text, message) => {
    expect(refusal(`SELECT * FROM tab WHERE a = ${text}`)).toBe(message);
  });
});
