import { describe, expect, it } from "vitest";
import {
  parseStreamArn,
  validateDescribeStream,
  validateGetRecords,
  validateGetShardIterator,
  validateListStreams,
} from "../../../../../shared/api/streams/operations";
import { thrown } from "../operations/helpers";

const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc/stream/2026-12-07T07:45:00.000";
const SHARD = "shardId-00000001796631032750-9d366e9d";
const SEQ = "000000000000000000001";
const one = (error: string) => `1 validation error detected: ${error}`;
const nullAt = (path: string) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
const at = (value: string | number, path: string, constraint: string) =>
  `Value '${value}' at '${path}' failed to satisfy constraint: Member must ${constraint}`;
const invalid = (detail: string) => `One or more parameter values were invalid: ${detail}`;
const LIMIT_0 = one(at(0, "limit", "have value greater than or equal to 1"));
const SHORT_ARN = "arn:aws:dynamodb:us-east-1:1:table/x";

type Validator = (body: Record<string, unknown>) => unknown;
const rejects = (validate: Validator, body: Record<string, unknown>, type: string, message: string) =>
  expect(thrown(() => validate(body))).toEqual({ type, message });

describe("parseStreamArn", () => {
  it("returns the parts of a stream ARN", () => {
    expect(parseStreamArn(ARN)).toEqual({
      partition: "aws",
      region: "us-east-1",
      account: "000000000000",
      tableName: "abc",
      label: "2026-12-07T07:45:00.000",
    });
  });

  it("accepts other partitions and DynamoDB Local's region", () => {
    expect(parseStreamArn("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/a.b-c_d/stream/x")?.tableName).toBe(
      "a.b-c_d",
    );
    expect(parseStreamArn(ARN.replace("us-east-1", "ddblocal"))?.region).toBe("ddblocal");
  });

  it.each([
    ["not an ARN", "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"],
    ["a table ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/abc"],
    ["another service", ARN.replace(":dynamodb:", ":kinesis:")],
    ["an account of 11 digits", ARN.replace("000000000000", "00000000000")],
    ["no region", ARN.replace("us-east-1", "")],
    ["a table name of 2 characters", ARN.replace("table/abc", "table/ab")],
    ["a table name with a bad character", ARN.replace("table/abc", "table/a;c")],
    ["a table name of 256 characters", ARN.replace("table/abc", `table/${"a".repeat(256)}`)],
    ["no label", ARN.replace("2026-12-07T07:45:00.000", "")],
    ["a label with a slash", `${ARN}/x`],
    ["an index ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/abc/index/i"],
  ])("rejects %s", (_, arn) => {
    expect(parseStreamArn(arn)).toBeUndefined();
  });
});

describe("ListStreams validation", () => {
  it("accepts an empty request and every member", () => {
    expect(validateListStreams({})).toEqual({});
    const body = { TableName: "abc", Limit: 100, ExclusiveStartStreamArn: ARN };
    expect(validateListStreams(body)).toEqual(body);
  });

  it.each([
    ["Limit 0", { Limit: 0 }, LIMIT_0],
    [
      "a TableName of 2 characters",
      { TableName: "ab" },
      one(at("ab", "tableName", "have length greater than or equal to 3")),
    ],
    [
      "an empty TableName, length before pattern",
      { TableName: "" },
      `2 validation errors detected: ${at("", "tableName", "have length greater than or equal to 3")}; ${at("", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+")}`,
    ],
    [
      "a TableName of 256 characters",
      { TableName: "a".repeat(256) },
      one(at("a".repeat(256), "tableName", "have length less than or equal to 255")),
    ],
    [
      "a TableName with a bad character",
      { TableName: "abc;" },
      one(at("abc;", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+")),
    ],
    [
      "an ExclusiveStartStreamArn of 36 characters",
      { ExclusiveStartStreamArn: "a".repeat(36) },
      one(at("a".repeat(36), "exclusiveStartStreamArn", "have length greater than or equal to 37")),
    ],
    [
      "an ExclusiveStartStreamArn of 1025 characters",
      { ExclusiveStartStreamArn: "a".repeat(1025) },
      one(at("a".repeat(1025), "exclusiveStartStreamArn", "have length less than or equal to 1024")),
    ],
    [
      "every member at once, in the model's order",
      { TableName: "ab", Limit: 0, ExclusiveStartStreamArn: "x" },
      `3 validation errors detected: ${at("ab", "tableName", "have length greater than or equal to 3")}; ${at(0, "limit", "have value greater than or equal to 1")}; ${at("x", "exclusiveStartStreamArn", "have length greater than or equal to 37")}`,
    ],
    ["Limit 101", { Limit: 101 }, invalid("Limit cannot be greater than the maximum allowed size: 100")],
    [
      "a malformed ExclusiveStartStreamArn",
      { ExclusiveStartStreamArn: "kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas" },
      "Invalid StreamArn",
    ],
  ])("rejects %s with ValidationException", (_, body, message) => {
    rejects(validateListStreams, body, "ValidationException", message);
  });

  it("rejects a Limit given as a string with SerializationException", () => {
    rejects(
      validateListStreams,
      { Limit: "1" },
      "SerializationException",
      "STRING_VALUE cannot be converted to Integer",
    );
  });
});

describe("DescribeStream validation", () => {
  it("accepts a stream ARN, Limit 100 and a shard id", () => {
    const body = { StreamArn: ARN, Limit: 100, ExclusiveStartShardId: SHARD };
    expect(validateDescribeStream(body)).toEqual(body);
  });

  it.each([
    ["no StreamArn", {}, one(nullAt("streamArn"))],
    ["a null StreamArn", { StreamArn: null }, one(nullAt("streamArn"))],
    [
      "a StreamArn of 36 characters",
      { StreamArn: "a".repeat(36) },
      one(at("a".repeat(36), "streamArn", "have length greater than or equal to 37")),
    ],
    [
      "a StreamArn of 1025 characters",
      { StreamArn: "a".repeat(1025) },
      one(at("a".repeat(1025), "streamArn", "have length less than or equal to 1024")),
    ],
    ["Limit 0", { StreamArn: ARN, Limit: 0 }, LIMIT_0],
    [
      "an ExclusiveStartShardId of 27 characters",
      { StreamArn: ARN, ExclusiveStartShardId: "s".repeat(27) },
      one(at("s".repeat(27), "exclusiveStartShardId", "have length greater than or equal to 28")),
    ],
    [
      "an ExclusiveStartShardId of 66 characters",
      { StreamArn: ARN, ExclusiveStartShardId: "s".repeat(66) },
      one(at("s".repeat(66), "exclusiveStartShardId", "have length less than or equal to 65")),
    ],
    [
      "every member at once, in the model's order",
      { Limit: 0, ExclusiveStartShardId: "x" },
      `3 validation errors detected: ${nullAt("streamArn")}; ${at(0, "limit", "have value greater than or equal to 1")}; ${at("x", "exclusiveStartShardId", "have length greater than or equal to 28")}`,
    ],
    ["Limit 101", { StreamArn: ARN, Limit: 101 }, invalid("Limit cannot be greater than the maximum: 100")],
    [
      "Limit 101 before a malformed StreamArn",
      { StreamArn: SHORT_ARN.padEnd(40, "x"), Limit: 101 },
      invalid("Limit cannot be greater than the maximum: 100"),
    ],
    [
      "a malformed StreamArn",
      { StreamArn: "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf" },
      "Invalid StreamArn",
    ],
    ["a table ARN", { StreamArn: "arn:aws:dynamodb:us-east-1:000000000000:table/abcdefgh" }, "Invalid StreamArn"],
  ])("rejects %s with ValidationException", (_, body, message) => {
    rejects(validateDescribeStream, body, "ValidationException", message);
  });

  it("rejects a StreamArn given as a number with SerializationException", () => {
    rejects(
      validateDescribeStream,
      { StreamArn: 1 },
      "SerializationException",
      "NUMBER_VALUE cannot be converted to String",
    );
  });
});

describe("GetShardIterator validation", () => {
  const request = (overrides: Record<string, unknown>) => ({
    StreamArn: ARN,
    ShardId: SHARD,
    ShardIteratorType: "LATEST",
    ...overrides,
  });

  it.each(["TRIM_HORIZON", "LATEST"])("accepts %s without a SequenceNumber", (type) => {
    const body = request({ ShardIteratorType: type });
    expect(validateGetShardIterator(body)).toEqual(body);
  });

  it.each(["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"])(
    "accepts %s with a SequenceNumber of 21 to 40 digits",
    (type) => {
      for (const sequenceNumber of [SEQ, "9".repeat(40)]) {
        const body = request({ ShardIteratorType: type, SequenceNumber: sequenceNumber });
        expect(validateGetShardIterator(body)).toEqual(body);
      }
    },
  );

  const ENUM = "satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]";

  it.each([
    [
      "an empty request, members in the model's order",
      {},
      `3 validation errors detected: ${nullAt("streamArn")}; ${nullAt("shardId")}; ${nullAt("shardIteratorType")}`,
    ],
    ["no ShardId", request({ ShardId: undefined }), one(nullAt("shardId"))],
    ["no ShardIteratorType", request({ ShardIteratorType: undefined }), one(nullAt("shardIteratorType"))],
    [
      "a ShardId of 27 characters",
      request({ ShardId: "s".repeat(27) }),
      one(at("s".repeat(27), "shardId", "have length greater than or equal to 28")),
    ],
    [
      "a ShardId of 66 characters",
      request({ ShardId: "s".repeat(66) }),
      one(at("s".repeat(66), "shardId", "have length less than or equal to 65")),
    ],
    [
      "an unknown ShardIteratorType",
      request({ ShardIteratorType: "bulle" }),
      one(at("bulle", "shardIteratorType", ENUM)),
    ],
    [
      "a ShardIteratorType in lower case",
      request({ ShardIteratorType: "latest" }),
      one(at("latest", "shardIteratorType", ENUM)),
    ],
    [
      "a SequenceNumber of 20 characters",
      request({ ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber: "1".repeat(20) }),
      one(at("1".repeat(20), "sequenceNumber", "have length greater than or equal to 21")),
    ],
    [
      "a SequenceNumber of 41 characters, whatever the type",
      request({ SequenceNumber: "1".repeat(41) }),
      one(at("1".repeat(41), "sequenceNumber", "have length less than or equal to 40")),
    ],
    [
      "AT_SEQUENCE_NUMBER without a SequenceNumber",
      request({ ShardIteratorType: "AT_SEQUENCE_NUMBER" }),
      invalid("Invalid SequenceNumber"),
    ],
    [
      "AFTER_SEQUENCE_NUMBER without a SequenceNumber",
      request({ ShardIteratorType: "AFTER_SEQUENCE_NUMBER" }),
      invalid("Invalid SequenceNumber"),
    ],
    [
      "a SequenceNumber that is not all digits",
      request({ ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber: `${"1".repeat(20)}a` }),
      invalid("Invalid SequenceNumber"),
    ],
    [
      "LATEST with a SequenceNumber",
      request({ SequenceNumber: SEQ }),
      invalid("SequenceNumber should not be passed for this iterator type"),
    ],
    [
      "TRIM_HORIZON with a SequenceNumber",
      request({ ShardIteratorType: "TRIM_HORIZON", SequenceNumber: SEQ }),
      invalid("SequenceNumber should not be passed for this iterator type"),
    ],
    [
      "the SequenceNumber rule before a malformed StreamArn",
      request({ StreamArn: "s".repeat(40), SequenceNumber: SEQ }),
      invalid("SequenceNumber should not be passed for this iterator type"),
    ],
    [
      "a malformed StreamArn",
      request({ StreamArn: "sdfadfsddafgdafsgjnadflkgnalngalsdfnlkasnlkasdfasdfasf" }),
      "Invalid StreamArn",
    ],
  ])("rejects %s with ValidationException", (_, body, message) => {
    rejects(validateGetShardIterator, body, "ValidationException", message);
  });
});

describe("GetRecords validation", () => {
  it("accepts an iterator of 1 to 2048 characters and Limit 1 to 1000", () => {
    for (const body of [
      { ShardIterator: "i" },
      { ShardIterator: "i".repeat(2048), Limit: 1000 },
      { ShardIterator: "i", Limit: 1 },
    ]) {
      expect(validateGetRecords(body)).toEqual(body);
    }
  });

  it.each([
    ["no ShardIterator", {}, one(nullAt("shardIterator"))],
    [
      "an empty ShardIterator",
      { ShardIterator: "" },
      one(at("", "shardIterator", "have length greater than or equal to 1")),
    ],
    [
      "a ShardIterator of 2049 characters",
      { ShardIterator: "i".repeat(2049) },
      one(at("i".repeat(2049), "shardIterator", "have length less than or equal to 2048")),
    ],
    ["Limit 0", { ShardIterator: "i", Limit: 0 }, LIMIT_0],
    [
      "both members at once",
      { Limit: 0 },
      `2 validation errors detected: ${nullAt("shardIterator")}; ${at(0, "limit", "have value greater than or equal to 1")}`,
    ],
    ["Limit 1001", { ShardIterator: "i", Limit: 1001 }, invalid("Limit should be less than or equal to 1000")],
  ])("rejects %s with ValidationException", (_, body, message) => {
    rejects(validateGetRecords, body, "ValidationException", message);
  });
});
