/**
 * The naming rules of table names in `checkConstraints` (schema.ts), for each TableNameRule:
 * where they are checked against the other members' constraints, and their wording.
 * The recorded service answers behind each case are listed in docs/dynamodb-messages.md.
 */
import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../shared/api/errors";
import { type Members, parseRequest, RETURN_VALUES } from "../../../../shared/api/schema";
import { DATA_TABLE_NAME, GLOBAL_TABLE_NAME, TABLE_NAME } from "../../../../shared/api/table-names";

const PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const AT_LEAST_3 = "Member must have length greater than or equal to 3";
const AT_MOST_255 = "Member must have length less than or equal to 255";

function message(body: Record<string, unknown>, members: Members): string {
  try {
    parseRequest(body, members);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    return (error as Error).message;
  }
  return expect.fail("expected a ValidationException");
}

/** DynamoDB's list form for `value` at `path` failing each of `constraints`. */
function listed(path: string, value: string, ...constraints: string[]): string {
  const each = constraints.map((c) => `Value '${value}' at '${path}' failed to satisfy constraint: ${c}`);
  return `${each.length} validation error${each.length > 1 ? "s" : ""} detected: ${each.join("; ")}`;
}

describe("schema: control-plane table names", () => {
  const members: Members = { Limit: { type: "integer", min: 1 }, TableName: TABLE_NAME };

  it.each<[string, string, string[]]>([
    ["a 2-character name", "ab", [AT_LEAST_3]],
    ["an empty name", "", [AT_LEAST_3, PATTERN]],
    ["a 2-character name with a bad character", "x!", [AT_LEAST_3, PATTERN]],
    ["a 256-character name", "a".repeat(256), [AT_MOST_255]],
    ["a 256-character name with a bad character", `${"a".repeat(255)};`, [AT_MOST_255, PATTERN]],
    ["a name with a space", "my table", [PATTERN]],
  ])("reports %s in member-constraint form, length before pattern", (_, TableName, constraints) => {
    expect(message({ TableName }, members)).toBe(listed("tableName", TableName, ...constraints));
  });

  it("reports the name's failures alone, before an earlier member's constraint", () => {
    expect(message({ Limit: 0, TableName: "a;" }, members)).toBe(listed("tableName", "a;", AT_LEAST_3, PATTERN));
  });

  it("accepts names of 3 and 255 characters of letters, digits, '_', '-' and '.'", () => {
    for (const TableName of ["a.b", "A_b-9.", "z".repeat(255)]) {
      expect(parseRequest({ TableName }, members)).toEqual({ TableName });
    }
  });
});

describe("schema: data-plane table names", () => {
  const members: Members = { TableName: DATA_TABLE_NAME, ReturnValues: RETURN_VALUES };

  it("reports an empty name as the member's own length constraint, with the other members' violations", () => {
    expect(message({ TableName: "", ReturnValues: "hi" }, members)).toBe(
      "2 validation errors detected: " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    );
  });

  it("reports a missing name as 'Member must not be null'", () => {
    expect(message({}, members)).toBe(
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  });

  it.each<[string, string, string[]]>([
    ["a 2-character name", "ab", [AT_LEAST_3]],
    ["a 2-character name with a bad character", "x!", [AT_LEAST_3, PATTERN]],
    ["a 256-character name", "a".repeat(256), [AT_MOST_255]],
    ["a name with bad characters", "bad table!@#", [PATTERN]],
  ])("reports %s by the naming rules, in member-constraint form", (_, TableName, constraints) => {
    expect(message({ TableName }, members)).toBe(listed("tableName", TableName, ...constraints));
  });

  it("checks the naming rules only once every member constraint holds", () => {
    expect(message({ TableName: "x!", ReturnValues: "hi" }, members)).toBe(
      listed(
        "returnValues",
        "hi",
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
      ),
    );
  });

  it("reports a name over 1024 characters by the member's own constraint", () => {
    const TableName = "a".repeat(1025);
    expect(message({ TableName }, members)).toBe(
      listed("tableName", TableName, "Member must have length less than or equal to 1024"),
    );
  });
});

describe("schema: global table names (version 2017.11.29)", () => {
  const members: Members = { GlobalTableName: GLOBAL_TABLE_NAME, Limit: { type: "integer", min: 1 } };
  const LENGTH = "TableName must be at least 3 characters long and at most 255 characters long";

  it.each(["", "ab", "a".repeat(256)])("keeps the hand-written length message for %j", (GlobalTableName) => {
    expect(message({ GlobalTableName, Limit: 0 }, members)).toBe(LENGTH);
  });

  it("lists a pattern failure with the other members' violations", () => {
    expect(message({ GlobalTableName: "abc;", Limit: 0 }, members)).toBe(
      "2 validation errors detected: " +
        `Value 'abc;' at 'globalTableName' failed to satisfy constraint: ${PATTERN}; ` +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
