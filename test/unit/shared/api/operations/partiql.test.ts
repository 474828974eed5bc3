/**
 * The PartiQL operations' request validation (ExecuteStatement, BatchExecuteStatement,
 * ExecuteTransaction: shared/api/operations/), their NextToken, and the IAM permissions their
 * statements need (workers/router/auth/permissions.ts).
 */
import { describe, expect, it } from "vitest";
import { validateBatchExecuteStatement } from "../../../../../shared/api/operations/batch-execute-statement";
import { validateExecuteStatement } from "../../../../../shared/api/operations/execute-statement";
import { validateExecuteTransaction } from "../../../../../shared/api/operations/execute-transaction";
import {
  decodeNextToken,
  encodeNextToken,
  statementFingerprint,
} from "../../../../../shared/api/operations/partiql-next-token";
import { permissionsOf } from "../../../../../workers/router/auth/permissions";
import { thrown } from "./helpers";

const SELECT = "SELECT * FROM tab WHERE pk = ?";

describe("ExecuteStatement validation", () => {
  it.each([
    [
      {},
      "ValidationException",
      "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null",
    ],
    [
      { Statement: "" },
      "ValidationException",
      "1 validation error detected: Value '' at 'statement' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { Statement: SELECT, Parameters: [] },
      "ValidationException",
      "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      {
        Statement: SELECT,
        Limit: 0,
        NextToken: "",
        ReturnConsumedCapacity: "X",
        ReturnValuesOnConditionCheckFailure: "Y",
      },
      "ValidationException",
      "4 validation errors detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'X' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'Y' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    ],
    [{ Statement: 5 }, "SerializationException", "NUMBER_VALUE cannot be converted to String"],
    [{ Statement: SELECT, ConsistentRead: "maybe" }, "SerializationException", "Unexpected token received from parser"],
    [
      { Statement: SELECT, Parameters: [{}] },
      "ValidationException",
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    ],
    [
      { Statement: SELECT, Parameters: [{ S: "a", N: "1" }] },
      "ValidationException",
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    ],
    [{ Statement: "SELEC" }, "ValidationException", "Unsupported operation: VariableReference"],
    [
      { Statement: "SELECT * FROM" },
      "ValidationException",
      "Statement wasn't well formed, can't be processed: SELECT * FROM",
    ],
    [{ Statement: SELECT }, "ValidationException", "Number of parameters in request and statement don't match."],
    [
      { Statement: "EXISTS(SELECT * FROM tab WHERE pk = 'a' AND v = 1)" },
      "ValidationException",
      "EXISTS can only be used in ExecuteTransaction write requests.",
    ],
  ])("%j fails with %s: %s", (body, type, message) => {
    expect(thrown(() => validateExecuteStatement(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("binds the parameters, normalized, into the statement", () => {
    const { statement, parameters, input } = validateExecuteStatement({
      Statement: "SELECT * FROM tab WHERE pk = ? AND n = ?",
      Parameters: [{ S: "a" }, { N: "01.50" }, { BOOL: true }],
      Limit: 3,
    });
    expect(parameters).toEqual([{ S: "a" }, { N: "1.5" }, { BOOL: true }]);
    expect(input.Limit).toBe(3);
    expect(statement).toMatchObject({
      kind: "select",
      where: {
        kind: "and",
        left: { right: { kind: "literal", value: { S: "a" } } },
        right: { right: { kind: "literal", value: { N: "1.5" } } },
      },
    });
  });
});

describe("BatchExecuteStatement validation", () => {
  const statements = (...texts: string[]) => ({ Statements: texts.map((Statement) => ({ Statement })) });

  it.each([
    [
      {},
      "1 validation error detected: Value null at 'statements' failed to satisfy constraint: Member must not be null",
    ],
    [
      { Statements: [] },
      "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      {
        Statements: [{}, { Statement: "SELECT * FROM tab", Parameters: [], ReturnValuesOnConditionCheckFailure: "X" }],
      },
      "3 validation errors detected: Value null at 'statements.1.member.statement' failed to satisfy constraint: Member must not be null; " +
        "Value '[]' at 'statements.2.member.parameters' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'X' at 'statements.2.member.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    ],
    [
      statements("SELECT * FROM tab WHERE pk = 'a'", "INSERT INTO tab VALUE {'pk': 'a'}"),
      "Read and write requests together in the same batch is not supported.",
    ],
  ])("%j fails: %s", (body, message) => {
    expect(thrown(() => validateBatchExecuteStatement(body as Record<string, unknown>))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it("refuses more than 25 statements", () => {
    const body = statements(...Array.from({ length: 26 }, (_, i) => `SELECT * FROM tab WHERE pk = '${i}'`));
    expect(thrown(() => validateBatchExecuteStatement(body)).message).toMatch(
      /^1 validation error detected: Value '.*' at 'statements' failed to satisfy constraint: Member must have length less than or equal to 25$/,
    );
  });

  it("answers a statement it cannot read with its own error, which takes no part in reads against writes", () => {
    const { entries, reads } = validateBatchExecuteStatement({
      Statements: [
        { Statement: "SELEC nothing" },
        { Statement: "UPDATE tab SET v = ? WHERE pk = 'a'" },
        { Statement: "INSERT INTO tab VALUE {'pk': ?}", Parameters: [{ S: "b" }] },
        { Statement: "EXISTS(SELECT * FROM tab WHERE pk = 'a' AND v = 1)" },
      ],
    });
    expect(reads).toBe(false);
    expect(entries.map((e) => (e.ok ? e.statement.kind : e.error.message))).toEqual([
      "Statement wasn't well formed, can't be processed: SELEC nothing",
      "Number of parameters in request and statement don't match.",
      "insert",
      "EXISTS can only be used in ExecuteTransaction write requests.",
    ]);
  });
});

describe("ExecuteTransaction validation", () => {
  const transaction = (...texts: string[]) => ({ TransactStatements: texts.map((Statement) => ({ Statement })) });

  it.each([
    [
      {},
      "ValidationException",
      "1 validation error detected: Value null at 'transactStatements' failed to satisfy constraint: Member must not be null",
    ],
    [
      { ...transaction("SELECT * FROM tab WHERE pk = 'a'"), ClientRequestToken: "x".repeat(37) },
      "ValidationException",
      `1 validation error detected: Value '${"x".repeat(37)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
    ],
    [
      transaction("SELECT * FROM tab WHERE pk = 'a'", "DELETE FROM tab WHERE pk = 'a'"),
      "ValidationException",
      "ExecuteTransaction API does not support both read and write operations in the same request.",
    ],
    [
      transaction("EXISTS(SELECT * FROM tab WHERE pk = 'a' AND v = 1)", "SELECT * FROM tab WHERE pk = 'b'"),
      "ValidationException",
      "ExecuteTransaction API does not support both read and write operations in the same request.",
    ],
    [
      transaction("DELETE FROM tab WHERE pk = 'a'", "UPDATE tab SET v = ? WHERE pk = 'b'"),
      "ValidationException",
      "Validation failed in TransactStatements[1]: Number of parameters in request and statement don't match.",
    ],
    [transaction("SELEC"), "ValidationException", "Unsupported operation: VariableReference"],
    [transaction("pk = 1"), "ValidationException", "Unsupported operation in transaction."],
  ])("%j fails with %s: %s", (body, type, message) => {
    expect(thrown(() => validateExecuteTransaction(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("refuses more than 100 statements", () => {
    const body = transaction(...Array.from({ length: 101 }, (_, i) => `SELECT * FROM tab WHERE pk = '${i}'`));
    expect(thrown(() => validateExecuteTransaction(body)).message).toMatch(
      /at 'transactStatements' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
  });

  it("reads a transaction of SELECTs, or of writes and EXISTS", () => {
    expect(validateExecuteTransaction(transaction("SELECT * FROM tab WHERE pk = 'a'")).reads).toBe(true);
    const writes = validateExecuteTransaction(
      transaction("EXISTS(SELECT * FROM tab WHERE pk = 'a' AND v = 1)", "INSERT INTO tab VALUE {'pk': 'b'}"),
    );
    expect(writes.reads).toBe(false);
    expect(writes.statements.map((s) => s.statement.kind)).toEqual(["exists", "insert"]);
  });
});

describe("NextToken", () => {
  const fingerprint = statementFingerprint(SELECT, [{ S: "a" }]);

  it("carries the position it was made at, for the statement and parameters it was made for", () => {
    const token = encodeNextToken(fingerprint, { request: 1, key: { pk: { S: "é" } } });
    expect(token).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(decodeNextToken(token, fingerprint, 2)).toEqual({ request: 1, key: { pk: { S: "é" } } });
    expect(thrown(() => decodeNextToken(token, statementFingerprint(SELECT, [{ S: "b" }]), 2)).message).toBe(
      "NextToken does not match request",
    );
    expect(thrown(() => decodeNextToken(token, fingerprint, 1)).message).toBe("Invalid NextToken");
  });

  it.each(["garbage!", "bm90IGpzb24=", "e30=", btoa(JSON.stringify({ v: 1, f: "x", r: -1 }))])(
    "%s is an Invalid NextToken",
    (token) => {
      expect(thrown(() => decodeNextToken(token, fingerprint, 5))).toEqual({
        type: "ValidationException",
        message: "Invalid NextToken",
      });
    },
  );
});

describe("permissions of PartiQL statements", () => {
  const table = "arn:aws:dynamodb:us-east-1:111122223333:table/tab";
  const of = (operation: string, body: Record<string, unknown>) =>
    permissionsOf(operation, body, "us-east-1", "111122223333");

  it("names each statement's action on its table, or the index a SELECT reads", () => {
    expect(of("ExecuteStatement", { Statement: `SELECT * FROM "tab"."byG" WHERE g = 'x'` })).toEqual([
      { action: "dynamodb:PartiQLSelect", resource: `${table}/index/byG` },
    ]);
    expect(
      of("BatchExecuteStatement", {
        Statements: [
          { Statement: "INSERT INTO tab VALUE {'pk': 'a'}" },
          { Statement: "UPDATE tab SET v = 1 WHERE pk = 'a'" },
          { Statement: "DELETE FROM tab WHERE pk = 'a'" },
          { Statement: "SELEC" },
          null,
        ],
      }),
    ).toEqual([
      { action: "dynamodb:PartiQLInsert", resource: table },
      { action: "dynamodb:PartiQLUpdate", resource: table },
      { action: "dynamodb:PartiQLDelete", resource: table },
    ]);
    expect(
      of("ExecuteTransaction", {
        TransactStatements: [{ Statement: "EXISTS(SELECT * FROM tab WHERE pk = 'a' AND v = 1)" }],
      }),
    ).toEqual([{ action: "dynamodb:PartiQLSelect", resource: table }]);
    expect(of("ExecuteStatement", { Statement: 5 })).toEqual([]);
  });
});
