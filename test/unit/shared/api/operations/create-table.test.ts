import { describe, expect, it } from "vitest";
import { validateCreateTable } from "../../../../../shared/api/operations/create-table";
import { thrown } from "./helpers";

const hashTable = {
  TableName: "abc",
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

describe("CreateTable validation", () => {
  it("accepts a PAY_PER_REQUEST hash table and a provisioned hash-range table", () => {
    expect(validateCreateTable(hashTable).TableName).toBe("abc");
    const input = validateCreateTable({
      TableName: "abc",
      AttributeDefinitions: [
        { AttributeName: "sk", AttributeType: "N" },
        { AttributeName: "pk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    expect(input.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  });

  it.each([
    [{ TableName: 5 }, "SerializationException", "NUMBER_VALUE cannot be converted to String"],
    [{ ...hashTable, KeySchema: {} }, "SerializationException", "Start of structure or map found where not expected"],
    [
      { ...hashTable, ProvisionedThroughput: { ReadCapacityUnits: "1" } },
      "SerializationException",
      "STRING_VALUE cannot be converted to Long",
    ],
    [{}, "ValidationException", "The parameter 'TableName' is required but was not present in the request"],
    [
      { TableName: "ab" },
      "ValidationException",
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
  ])("rejects %j with %s", (body, type, message) => {
    expect(thrown(() => validateCreateTable(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("reports a table name's length and pattern failures together, length first, before any other member", () => {
    expect(thrown(() => validateCreateTable({ TableName: "a;", KeySchema: [], ProvisionedThroughput: {} }))).toEqual({
      type: "ValidationException",
      message:
        "2 validation errors detected: " +
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    });
  });

  it.each([
    [
      "an empty name",
      "",
      [
        "Member must have length greater than or equal to 3",
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      ],
    ],
    ["a 256-character name", "a".repeat(256), ["Member must have length less than or equal to 255"]],
    ["a name with a space", "my table", ["Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"]],
  ])("reports %s in member-constraint form", (_, TableName, constraints) => {
    const listed = constraints.map((c) => `Value '${TableName}' at 'tableName' failed to satisfy constraint: ${c}`);
    expect(thrown(() => validateCreateTable({ ...hashTable, TableName })).message).toBe(
      `${listed.length} validation error${listed.length > 1 ? "s" : ""} detected: ${listed.join("; ")}`,
    );
  });

  it("lists constraint violations in AWS's member order, writeCapacityUnits before readCapacityUnits", () => {
    expect(
      thrown(() => validateCreateTable({ TableName: "abc", AttributeDefinitions: [], ProvisionedThroughput: {} }))
        .message,
    ).toBe(
      "3 validation errors detected: " +
        "Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    );
  });

  const semantic: [string, Record<string, unknown>, string][] = [
    [
      "no throughput without a billing mode",
      { ...hashTable, BillingMode: undefined },
      "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    ],
    [
      "throughput with PAY_PER_REQUEST",
      { ...hashTable, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    ],
    [
      "a capacity out of bounds",
      {
        ...hashTable,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1000000000001 },
      },
      "Given value 1000000000001 for WriteCapacityUnits is out of bounds",
    ],
    [
      "an undefined key attribute",
      { ...hashTable, AttributeDefinitions: [{ AttributeName: "other", AttributeType: "S" }] },
      "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]",
    ],
    [
      "RANGE before HASH",
      {
        ...hashTable,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "sk", KeyType: "RANGE" },
          { AttributeName: "pk", KeyType: "HASH" },
        ],
      },
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    ],
    [
      "a duplicated attribute definition",
      {
        ...hashTable,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "pk", AttributeType: "N" },
        ],
      },
      "Attribute Name is duplicated: pk",
    ],
    [
      "an unused attribute definition",
      {
        ...hashTable,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "x", AttributeType: "N" },
        ],
      },
      "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    ],
    [
      "an enabled stream without a view type",
      { ...hashTable, StreamSpecification: { StreamEnabled: true } },
      "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required",
    ],
    [
      "a reserved tag key",
      { ...hashTable, Tags: [{ Key: "aws:x", Value: "v" }] },
      "Tag Key cannot be prefixed with aws:, Key: aws:x",
    ],
  ];
  it.each(semantic)("rejects %s with its ValidationException", (_, body, message) => {
    expect(thrown(() => validateCreateTable(body))).toEqual({ type: "ValidationException", message });
  });

  it("accepts an empty tag list, a disabled stream and 50 tags", () => {
    expect(validateCreateTable({ ...hashTable, Tags: [], StreamSpecification: { StreamEnabled: false } }).Tags).toEqual(
      [],
    );
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "" }));
    expect(validateCreateTable({ ...hashTable, Tags: tags }).Tags).toHaveLength(50);
  });
});
