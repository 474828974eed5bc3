import { exports } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { crc32 } from "../../../workers/router/crc32";
import { type Answer, dynamo, send, settle, TARGET_PREFIX, uniqueName } from "../helpers";

const CONTENT_TYPE = "application/x-amz-json-1.0";
const UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";
const SERIALIZATION = "com.amazon.coral.service#SerializationException";

function expectProtocolHeaders(answer: Answer): void {
  expect(answer.headers.get("content-type")).toBe(CONTENT_TYPE);
  expect(answer.headers.get("x-amzn-RequestId")).toMatch(/^[A-Z0-9]{52}$/);
  expect(answer.headers.get("x-amz-crc32")).toBe(String(crc32(answer.bytes)));
}

describe("protocol headers", () => {
  test("a 200 answer carries x-amzn-RequestId, the x-amz-crc32 of its body and the JSON 1.0 content type", async () => {
    const answer = await dynamo("ListTables", {});
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveProperty("TableNames");
    expectProtocolHeaders(answer);
  });

  test("a 400 answer carries the same headers", async () => {
    const answer = await dynamo("DescribeTable", { TableName: uniqueName("missing") });
    expect(answer.status).toBe(400);
    expectProtocolHeaders(answer);
  });

  test("x-amz-crc32 covers the UTF-8 bytes sent when the body holds non-ASCII text", async () => {
    const answer = await dynamo("ListTables", { ExclusiveStartTableName: "ключ-✓-🔑" });
    expect(answer.status).toBe(400);
    expect(new TextDecoder().decode(answer.bytes)).toContain("ключ-✓-🔑");
    expect(answer.headers.get("x-amz-crc32")).toBe(String(crc32(answer.bytes)));
  });

  test("every answer gets its own request id", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 5; i++) ids.add((await dynamo("ListTables", {})).headers.get("x-amzn-RequestId"));
    expect(ids.size).toBe(5);
  });

  test("GET / answers DynamoDB's health check text", async () => {
    const response = await exports.default.fetch("http://dynaflare.test/");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("healthy: dynamodb.us-east-1.amazonaws.com ");
  });

  test("HEAD / answers the health check's status and content type without a body", async () => {
    const response = await exports.default.fetch("http://dynaflare.test/", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(await response.text()).toBe("");
  });

  test.each([
    { method: "PUT", path: "/" },
    { method: "DELETE", path: "/" },
    { method: "OPTIONS", path: "/" },
    { method: "GET", path: "/tables" },
    { method: "POST", path: "/tables" },
    { method: "POST", path: "//" },
    { method: "POST", path: "/admin" },
  ])("$method $path answers a plain 404", async ({ method, path }) => {
    const response = await exports.default.fetch(`http://dynaflare.test${path}`, {
      method,
      body: method === "POST" || method === "PUT" ? "{}" : undefined,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(await response.text()).toBe("404 Not Found");
  });
});

describe("X-Amz-Target", () => {
  test.each([
    { case: "missing", target: undefined },
    { case: "empty", target: "" },
    { case: "the prefix alone", target: TARGET_PREFIX },
    { case: "an unknown operation", target: `${TARGET_PREFIX}Nope` },
    { case: "an operation in the wrong case", target: `${TARGET_PREFIX}listTables` },
    { case: "a wrong API version", target: "DynamoDB_20120811.ListTables" },
    { case: "a lowercase prefix", target: "dynamodb_20120810.ListTables" },
    { case: "no prefix", target: "ListTables" },
    { case: "a trailing segment", target: `${TARGET_PREFIX}ListTables.Extra` },
    { case: "an Object.prototype member", target: `${TARGET_PREFIX}toString` },
    { case: "__proto__", target: `${TARGET_PREFIX}__proto__` },
    { case: "constructor", target: `${TARGET_PREFIX}constructor` },
    { case: "hasOwnProperty", target: `${TARGET_PREFIX}hasOwnProperty` },
  ])("a target that is $case answers 400 UnknownOperationException", async ({ target }) => {
    const answer = await send(target, {});
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ __type: UNKNOWN_OPERATION });
    expectProtocolHeaders(answer);
  });

  test("an unknown operation is reported even when the body is not JSON", async () => {
    const answer = await send(`${TARGET_PREFIX}Nope`, "not json");
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe(UNKNOWN_OPERATION);
  });
});

describe("SerializationException", () => {
  test.each([
    { case: "not JSON", body: "nope" },
    { case: "truncated JSON", body: '{"TableName": "abc"' },
    { case: "a missing value", body: '{"a":}' },
    { case: "an empty body", body: "" },
    { case: "an array", body: "[]" },
    { case: "an array of objects", body: '[{"TableName":"abc"}]' },
    { case: "a string", body: '"ListTables"' },
    { case: "a number", body: "1" },
    { case: "null", body: "null" },
    { case: "true", body: "true" },
  ])("a body that is $case answers 400 SerializationException", async ({ body }) => {
    const answer = await send(`${TARGET_PREFIX}ListTables`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe(SERIALIZATION);
    expectProtocolHeaders(answer);
  });

  test.each([
    { operation: "ListTables", body: { Limit: "10" }, message: "STRING_VALUE cannot be converted to Integer" },
    { operation: "ListTables", body: { Limit: true }, message: "TRUE_VALUE cannot be converted to Integer" },
    {
      operation: "ListTables",
      body: { ExclusiveStartTableName: 5 },
      message: "NUMBER_VALUE cannot be converted to String",
    },
    {
      operation: "ListTables",
      body: { ExclusiveStartTableName: 1.5 },
      message: "DECIMAL_VALUE cannot be converted to String",
    },
    { operation: "DescribeTable", body: { TableName: false }, message: "FALSE_VALUE cannot be converted to String" },
    {
      operation: "DescribeTable",
      body: { TableName: {} },
      message: "Start of structure or map found where not expected",
    },
    {
      operation: "DescribeTable",
      body: { TableName: ["abc"] },
      message: "Unrecognized collection type class java.lang.String",
    },
    {
      operation: "GetItem",
      body: { TableName: "abc", Key: [] },
      message:
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    },
    {
      operation: "GetItem",
      body: { TableName: "abc", Key: { pk: { S: 5 } } },
      message: "NUMBER_VALUE cannot be converted to String",
    },
    {
      operation: "PutItem",
      body: { TableName: "abc", Item: { pk: { B: "abc" } } },
      message: "Base64 encoded length is expected a multiple of 4 bytes but found: 3",
    },
  ])("$operation with $body answers SerializationException: $message", async ({ operation, body, message }) => {
    const answer = await dynamo(operation, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ __type: SERIALIZATION, Message: message });
  });
});

describe("__type forms", () => {
  test("ValidationException is in the coral validate namespace with a lowercase message", async () => {
    const answer = await dynamo("DescribeTable", {});
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      __type: "com.amazon.coral.validate#ValidationException",
      message: "The parameter 'TableName' is required but was not present in the request",
    });
  });

  test("ResourceNotFoundException is in the DynamoDB namespace and names the table", async () => {
    const name = uniqueName("missing");
    const answer = await dynamo("DescribeTable", { TableName: name });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      message: `Requested resource not found: Table: ${name} not found`,
    });
  });

  test("ResourceInUseException is in the DynamoDB namespace", async () => {
    const name = uniqueName("dup");
    const input = {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    };
    expect((await dynamo("CreateTable", input)).status).toBe(200);
    await settle(name);
    const answer = await dynamo("CreateTable", input);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException",
      message: `Table already exists: ${name}`,
    });
  });
});

describe("region", () => {
  test("a request is served by the region its SigV4 credential scope names", async () => {
    const name = uniqueName("eu");
    const eu = { region: "eu-west-1" };
    const created = await send(
      `${TARGET_PREFIX}CreateTable`,
      {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      },
      {},
      eu,
    );
    expect(created.status).toBe(200);
    expect((created.body.TableDescription as { TableArn: string }).TableArn).toBe(
      `arn:aws:dynamodb:eu-west-1:000000000000:table/${name}`,
    );
    expect((await send(`${TARGET_PREFIX}DescribeTable`, { TableName: name }, {}, eu)).status).toBe(200);
    const home = await dynamo("DescribeTable", { TableName: name });
    expect(home.status).toBe(400);
    expect(home.body.__type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  });
});
