import { describe, expect, it } from "vitest";
import {
  checkTagCount,
  longUtcDate,
  tableNameFromArn,
  validateTagKeys,
  validateTags,
} from "../../../../../shared/api/operations/common";
import { thrown } from "./helpers";

const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc";
const fromArn = (arn: string) => tableNameFromArn(arn, "us-east-1", "000000000000");

describe("table ARNs of the tagging operations", () => {
  it("yields the table name of a table ARN in this region and account", () => {
    expect(fromArn(ARN)).toBe("abc");
  });

  it.each([
    ["abc", "ValidationException", "One or more parameter values were invalid: ARNs must start with 'arn:': abc"],
    [
      "arn:aws:s3:us-east-1:000000000000:table/abc",
      "ValidationException",
      "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: arn:aws:s3:us-east-1:000000000000:table/abc",
    ],
    [
      "arn:aws:dynamodb:eu-west-1:000000000000:table/abc",
      "ValidationException",
      "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:eu-west-1:000000000000:table/abc",
    ],
    [
      "arn:aws:dynamodb:us-east-1:000000000000:table/ab",
      "ValidationException",
      "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:us-east-1:000000000000:table/ab",
    ],
    [
      "arn:aws:dynamodb:us-east-1:000000000000:backup/abc",
      "ValidationException",
      "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:us-east-1:000000000000:backup/abc",
    ],
    [
      "a:b:c:d:e:f/g",
      "ValidationException",
      "One or more parameter values were invalid: ARNs must start with 'arn:': a:b:c:d:e:f/g",
    ],
    [
      `${ARN}/index/idx`,
      "ValidationException",
      `One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${ARN}/index/idx`,
    ],
    [
      `${ARN}/stream/2026-01-01T00:00:00.000`,
      "ResourceNotFoundException",
      `Requested resource not found: ResourceArn: ${ARN}/stream/2026-01-01T00:00:00.000 not found`,
    ],
    ["arn:aws:dynamodb:us-east-1:111111111111:table/abc", "AccessDeniedException", "Access is denied"],
  ])("refuses %s with %s", (arn, type, message) => {
    expect(thrown(() => fromArn(arn))).toEqual({ type, message });
  });
});

describe("tags", () => {
  it("accepts letters of any script, spaces and + - = . _ : / @, keys of 128 and values of 256 characters", () => {
    expect(() =>
      validateTags([
        { Key: "ключ café 表", Value: "a+b-c=d.e_f:g/h@i" },
        { Key: "k".repeat(128), Value: "v".repeat(256) },
        { Key: "empty", Value: "" },
      ]),
    ).not.toThrow();
  });

  it.each([
    [[{ Key: "k".repeat(129), Value: "v" }], `The Tag Key provided is invalid, Key: ${"k".repeat(129)}`],
    [[{ Key: "", Value: "v" }], "The Tag Key provided is invalid, Key: "],
    [[{ Value: "v" }], "The Tag Key provided is invalid, Key: null"],
    [[{ Key: "a#b", Value: "v" }], "The Tag Key provided is invalid, Key: a#b"],
    [[{ Key: "k", Value: "v".repeat(257) }], `The Tag Value provided is invalid, Value: ${"v".repeat(257)}`],
    [[{ Key: "k" }], "The Tag Value provided is invalid, Value: null"],
    [[{ Key: "k", Value: "100%" }], "The Tag Value provided is invalid, Value: 100%"],
    [[{ Key: "aws:zzz", Value: "v" }], "Tag Key cannot be prefixed with aws:, Key: aws:zzz"],
    [
      [
        { Key: "dup", Value: "1" },
        { Key: "dup", Value: "2" },
      ],
      "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup",
    ],
    [
      Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
      "Number of Tags exceed the current limit for the provided ResourceArn",
    ],
  ])("refuses %j", (tags, message) => {
    expect(thrown(() => validateTags(tags))).toEqual({ type: "ValidationException", message });
  });

  it("UntagResource needs at least one valid key and at most 50", () => {
    expect(thrown(() => validateTagKeys([])).message).toBe("Atleast one Tag Key needs to be provided as Input.");
    expect(thrown(() => validateTagKeys(["x".repeat(129)])).message).toBe(
      `The Tag Key provided is invalid, Key: ${"x".repeat(129)}`,
    );
    expect(thrown(() => validateTagKeys(Array.from({ length: 51 }, (_, i) => `k${i}`))).message).toBe(
      "Number of Tags exceed the current limit for the provided ResourceArn",
    );
  });

  it("a table keeps at most 50 distinct tag keys; overwriting a key adds none", () => {
    const existing = Array.from({ length: 49 }, (_, i) => `k${i}`);
    expect(() => checkTagCount(existing, ["k0", "new"])).not.toThrow();
    expect(thrown(() => checkTagCount(existing, ["new", "newer"])).message).toBe(
      "Number of Tags exceed the current limit for the provided ResourceArn",
    );
  });
});

describe("longUtcDate", () => {
  it.each([
    [Date.UTC(2026, 9, 9, 0, 21, 34), "Friday, October 9, 2026 at 12:21:34 AM Coordinated Universal Time"],
    [Date.UTC(2026, 9, 8, 23, 20, 48), "Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time"],
    [Date.UTC(2023, 1, 13, 12, 5, 9), "Monday, February 13, 2023 at 12:05:09 PM Coordinated Universal Time"],
  ])("formats %d as Java's full date style", (ms, text) => {
    expect(longUtcDate(ms)).toBe(text);
  });
});
