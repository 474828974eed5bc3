import { describe, expect, it } from "vitest";
import { describeEndpoints, validateDescribeEndpoints } from "../../../../../shared/api/operations/describe-endpoints";
import { describeLimits, validateDescribeLimits } from "../../../../../shared/api/operations/describe-limits";
import { validateTableNameRequest } from "../../../../../shared/api/operations/describe-table";
import { validateListTables } from "../../../../../shared/api/operations/list-tables";
import { validateListTagsOfResource } from "../../../../../shared/api/operations/list-tags-of-resource";
import { validateTagResource } from "../../../../../shared/api/operations/tag-resource";
import { validateUntagResource } from "../../../../../shared/api/operations/untag-resource";
import { thrown } from "./helpers";

const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc";

describe("DescribeLimits and DescribeEndpoints", () => {
  it("DescribeLimits reports DynamoDB's default quotas and ignores unknown members", () => {
    validateDescribeLimits({ Whatever: 1 });
    expect(describeLimits()).toEqual({
      AccountMaxReadCapacityUnits: 80000,
      AccountMaxWriteCapacityUnits: 80000,
      TableMaxReadCapacityUnits: 40000,
      TableMaxWriteCapacityUnits: 40000,
    });
  });

  it("DescribeEndpoints names the address the client reached, or the regional endpoint, cached for a day", () => {
    validateDescribeEndpoints({});
    expect(describeEndpoints("localhost:8000", "us-east-1")).toEqual({
      Endpoints: [{ Address: "localhost:8000", CachePeriodInMinutes: 1440 }],
    });
    expect(describeEndpoints(undefined, "eu-west-1").Endpoints[0].Address).toBe("dynamodb.eu-west-1.amazonaws.com");
  });
});

describe("DescribeTable / DeleteTable and ListTables validation", () => {
  it.each([
    [{}, "ValidationException", "The parameter 'TableName' is required but was not present in the request"],
    [
      { TableName: "ab" },
      "ValidationException",
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      { TableName: "a".repeat(256) },
      "ValidationException",
      `1 validation error detected: Value '${"a".repeat(256)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ],
    [
      { TableName: "" },
      "ValidationException",
      "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value '' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
    [
      { TableName: "abc;" },
      "ValidationException",
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
    [{ TableName: true }, "SerializationException", "TRUE_VALUE cannot be converted to String"],
  ])("a table-name request %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateTableNameRequest(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [{ Limit: "1" }, "SerializationException", "STRING_VALUE cannot be converted to Integer"],
    [
      { Limit: 0 },
      "ValidationException",
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      { Limit: 101 },
      "ValidationException",
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
    [
      { ExclusiveStartTableName: "a;", Limit: 500 },
      "ValidationException",
      "3 validation errors detected: Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
  ])("ListTables %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateListTables(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("ListTables accepts a missing body member, Limit 1..100 and any well-formed start name", () => {
    expect(validateListTables({})).toEqual({});
    expect(validateListTables({ Limit: 100, ExclusiveStartTableName: "never-existed" })).toEqual({
      Limit: 100,
      ExclusiveStartTableName: "never-existed",
    });
  });
});

describe("tagging request validation", () => {
  it("TagResource needs an ARN and a non-empty, valid tag list", () => {
    expect(validateTagResource({ ResourceArn: ARN, Tags: [{ Key: "k", Value: "v" }] }).Tags).toEqual([
      { Key: "k", Value: "v" },
    ]);
    expect(thrown(() => validateTagResource({}))).toEqual({
      type: "ValidationException",
      message:
        "2 validation errors detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null; Value null at 'tags' failed to satisfy constraint: Member must not be null",
    });
    expect(thrown(() => validateTagResource({ ResourceArn: ARN, Tags: [] })).message).toBe(
      "Atleast one Tag needs to be provided as Input.",
    );
    expect(thrown(() => validateTagResource({ ResourceArn: ARN, Tags: [{ Key: 1 }] }))).toEqual({
      type: "SerializationException",
      message: "NUMBER_VALUE cannot be converted to String",
    });
  });

  it("UntagResource needs an ARN and TagKeys; ListTagsOfResource an ARN of 1 to 1283 characters", () => {
    expect(validateUntagResource({ ResourceArn: ARN, TagKeys: ["k"] }).TagKeys).toEqual(["k"]);
    expect(thrown(() => validateUntagResource({ ResourceArn: ARN })).message).toBe(
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
    expect(thrown(() => validateListTagsOfResource({ ResourceArn: "" })).message).toBe(
      "1 validation error detected: Value '' at 'resourceArn' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validateListTagsOfResource({ ResourceArn: ARN, NextToken: "junk" })).toEqual({
      ResourceArn: ARN,
      NextToken: "junk",
    });
  });
});
