import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { crc32 } from "../../../workers/router/crc32";
import { OPERATIONS, STREAM_OPERATIONS } from "../../../workers/router/dispatch";
import { createActiveTable, dynamo, send, settle, TARGET_PREFIX, tableInput, uniqueName } from "../helpers";

/**
 * Sets `object[name]` as an own property: plain assignment of "__proto__" would replace the
 * prototype, and JSON.stringify would then leave the member out of the request.
 */
function define(object: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
}

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Member names of the operations and of attribute values: garbage that reaches past the first check. */
const MEMBERS = [
  "TableName",
  "StreamArn",
  "ShardId",
  "ShardIteratorType",
  "SequenceNumber",
  "ShardIterator",
  "ExclusiveStartShardId",
  "ExclusiveStartStreamArn",
  "Key",
  "Item",
  "RequestItems",
  "Keys",
  "PutRequest",
  "DeleteRequest",
  "KeyConditionExpression",
  "FilterExpression",
  "UpdateExpression",
  "Segment",
  "TotalSegments",
  "ExclusiveStartKey",
  "ScanIndexForward",
  "Select",
  "Limit",
  "ExclusiveStartTableName",
  "AttributeDefinitions",
  "KeySchema",
  "AttributeName",
  "AttributeType",
  "KeyType",
  "BillingMode",
  "ProvisionedThroughput",
  "ReadCapacityUnits",
  "WriteCapacityUnits",
  "ResourceArn",
  "Tags",
  "TagKeys",
  "Key",
  "Value",
  "ConditionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
  "ProjectionExpression",
  "AttributesToGet",
  "ConsistentRead",
  "ReturnValues",
  "ReturnConsumedCapacity",
  "Expected",
  "ConditionalOperator",
  "GlobalSecondaryIndexes",
  "LocalSecondaryIndexes",
  "StreamSpecification",
  "TableClass",
  "DeletionProtectionEnabled",
  "ReturnValuesOnConditionCheckFailure",
  "SSESpecification",
  "S",
  "N",
  "B",
  "BOOL",
  "NULL",
  "M",
  "L",
  "SS",
  "NS",
  "BS",
  "pk",
  "#n",
  ":v",
  "__proto__",
  "constructor",
  "toString",
];

function generator(seed: number, tableName: string) {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const strings = () =>
    pick([
      "",
      "a",
      "abc",
      tableName,
      "S",
      "N",
      "HASH",
      "RANGE",
      "PAY_PER_REQUEST",
      "PROVISIONED",
      "ALL_OLD",
      "TOTAL",
      "1e126",
      "-0",
      "NaN",
      "12345678901234567890123456789012345678901",
      "AAAA",
      "AA=",
      "#n = :v",
      "attribute_exists(pk)",
      "a.b[1]",
      ":v",
      "#n",
      "\u0000",
      "x".repeat(300),
      "🔑",
      "lone\ud800surrogate",
      "\udc00",
      "arn:aws:dynamodb:us-east-1:000000000000:table/" + tableName,
      `${int(1e6)}`,
    ]);
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? int(5) : int(8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return next() < 0.5;
      case 2:
        return pick([0, -1, 1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, -1e-300, 25, 100, 40000]);
      case 3:
      case 4:
        return strings();
      case 5:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default:
        return object(depth + 1);
    }
  };
  const object = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const n = int(5);
    for (let i = 0; i < n; i++) define(out, next() < 0.85 ? pick(MEMBERS) : strings(), value(depth));
    return out;
  };
  /** `node` with one value somewhere inside it replaced by garbage. */
  const mutate = (node: unknown): unknown => {
    if (node !== null && typeof node === "object" && next() < 0.75) {
      const copy: Record<string, unknown> | unknown[] = Array.isArray(node) ? [...node] : { ...node };
      const keys = Object.keys(copy);
      if (keys.length) {
        const k = pick(keys);
        define(copy as Record<string, unknown>, k, mutate((copy as Record<string, unknown>)[k]));
        return copy;
      }
    }
    return value(2);
  };
  /** A valid request with a nested value replaced, or a member added or removed, at random. */
  const mutant = (base: Record<string, unknown>): Record<string, unknown> => {
    const roll = next();
    const names = Object.keys(base);
    if (roll < 0.7 && names.length) return mutate(base) as Record<string, unknown>;
    const out = { ...base };
    if (roll < 0.85 || !names.length) define(out, pick(MEMBERS), value(1));
    else delete out[pick(names)];
    return out;
  };
  return { object: () => object(0), mutant };
}

/** A valid request per operation, for the mutating fuzzer; operations not listed start from TableName alone. */
function validRequest(operation: string, tableName: string): Record<string, unknown> {
  const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}`;
  const requests: Record<string, Record<string, unknown>> = {
    BatchGetItem: {
      RequestItems: { [tableName]: { Keys: [{ pk: { S: "a" } }, { pk: { S: "b" } }], ProjectionExpression: "pk" } },
    },
    BatchWriteItem: {
      RequestItems: {
        [tableName]: [{ PutRequest: { Item: { pk: { S: "c" } } } }, { DeleteRequest: { Key: { pk: { S: "d" } } } }],
      },
    },
    CreateTable: {
      TableName: uniqueName("fuzz"),
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    },
    DeleteItem: {
      TableName: tableName,
      Key: { pk: { S: "e" } },
      ConditionExpression: "attribute_exists(pk)",
      ReturnValues: "ALL_OLD",
    },
    DescribeEndpoints: {},
    DescribeLimits: {},
    GetItem: {
      TableName: tableName,
      Key: { pk: { S: "a" } },
      ProjectionExpression: "#n",
      ExpressionAttributeNames: { "#n": "pk" },
    },
    ListTables: { Limit: 5 },
    ListTagsOfResource: { ResourceArn: arn },
    PutItem: {
      TableName: tableName,
      Item: { pk: { S: "a" }, n: { N: "1" }, l: { L: [{ M: { x: { SS: ["a"] } } }] } },
      ConditionExpression: "attribute_not_exists(#n) OR #n = :v",
      ExpressionAttributeNames: { "#n": "n" },
      ExpressionAttributeValues: { ":v": { N: "1" } },
      ReturnValues: "ALL_OLD",
    },
    Query: {
      TableName: tableName,
      KeyConditionExpression: "pk = :p",
      FilterExpression: "size(#n) > :z",
      ExpressionAttributeNames: { "#n": "n" },
      ExpressionAttributeValues: { ":p": { S: "a" }, ":z": { N: "0" } },
      Limit: 10,
      ScanIndexForward: false,
    },
    Scan: {
      TableName: tableName,
      Segment: 1,
      TotalSegments: 3,
      FilterExpression: "begins_with(pk, :a)",
      ExpressionAttributeValues: { ":a": { S: "a" } },
      ExclusiveStartKey: { pk: { S: "a" } },
    },
    TagResource: { ResourceArn: arn, Tags: [{ Key: "k", Value: "v" }] },
    UntagResource: { ResourceArn: arn, TagKeys: ["k"] },
    UpdateItem: {
      TableName: tableName,
      Key: { pk: { S: "a" } },
      UpdateExpression: "SET #n = if_not_exists(#n, :z) + :one, l = list_append(:l, :l) REMOVE gone ADD s :s",
      ExpressionAttributeNames: { "#n": "n" },
      ExpressionAttributeValues: {
        ":z": { N: "0" },
        ":one": { N: "1" },
        ":l": { L: [{ S: "x" }] },
        ":s": { SS: ["q"] },
      },
      ReturnValues: "UPDATED_NEW",
    },
    UpdateTable: { TableName: tableName, BillingMode: "PAY_PER_REQUEST" },
  };
  return requests[operation] ?? { TableName: tableName };
}

/** Every attribute name and map key of `item` as a path, for comparing an item's names without its values. */
function namePaths(item: Record<string, unknown>, prefix = ""): string[] {
  const paths: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object") return;
    const { M, L } = value as { M?: unknown; L?: unknown };
    if (Array.isArray(L)) {
      for (let i = 0; i < L.length; i++) visit(L[i], `${path}[${i}]`);
    } else if (M && typeof M === "object") paths.push(...namePaths(M as Record<string, unknown>, path));
  };
  for (const [name, value] of Object.entries(item)) {
    paths.push(`${prefix}/${name}`);
    visit(value, `${prefix}/${name}`);
  }
  return paths.sort();
}

/** A PutItem answered 200 wrote its item: a strong read finds every name it was sent with. */
async function expectStored(request: { TableName: string; Item: Record<string, unknown> }): Promise<void> {
  const read = await send(TARGET_PREFIX + "GetItem", {
    TableName: request.TableName,
    Key: { pk: request.Item.pk },
    ConsistentRead: true,
  });
  expect(read.status).toBe(200);
  expect(namePaths((read.body.Item ?? {}) as Record<string, unknown>)).toEqual(namePaths(request.Item));
}

const OPERATION_NAMES = Object.keys(OPERATIONS);
const BODIES_PER_OPERATION = 60;

/** Members whose values the request deserializer walks into: where depth could exhaust the stack. */
const WALKED_MEMBERS = [
  "Item",
  "Key",
  "ExpressionAttributeValues",
  "RequestItems",
  "AttributeUpdates",
  "ExclusiveStartKey",
];
const EXPRESSION_MEMBERS = [
  "ConditionExpression",
  "FilterExpression",
  "KeyConditionExpression",
  "UpdateExpression",
  "ProjectionExpression",
];

/** `depth` nested attribute-value maps around a string, as JSON text. */
const deepValue = (depth: number) => `${'{"M":{"a":'.repeat(depth)}{"S":"x"}${"}}".repeat(depth)}`;
const deepItem = (depth: number) => `{"pk":{"S":"a"},"deep":${deepValue(depth)}}`;
const deepArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Bodies meant to exhaust the call stack or memory, or to slip different names onto one: for
 * every walked member, values nested 2,000 and 100,000 deep; for every expression member,
 * parentheses nested as deep as 4 KB allows, balanced and not; raw invalid UTF-8 and lone
 * surrogates in a name.
 */
function hostileBodies(tableName: string): (string | Uint8Array)[] {
  const bodies: (string | Uint8Array)[] = [];
  const table = `"TableName":"${tableName}"`;
  for (const member of WALKED_MEMBERS) {
    for (const depth of [2_000, 100_000]) {
      bodies.push(`{${table},"${member}":${deepItem(depth)}}`);
      bodies.push(`{${table},"${member}":${deepArrays(depth)}}`);
    }
  }
  for (const member of EXPRESSION_MEMBERS) {
    for (const expression of ["(".repeat(2_040) + "a = :v" + ")".repeat(2_040), `${"(".repeat(4_000)}a`]) {
      bodies.push(JSON.stringify({ TableName: tableName, [member]: expression, Key: { pk: { S: "a" } } }));
    }
  }
  bodies.push(new Uint8Array([...utf8(`{${table},"Item":{"pk":{"S":"a`), 0xff, ...utf8('"}}}')]));
  bodies.push(`{${table},"Item":{"pk":{"S":"a"},"n\ud800":{"S":"v"}}}`);
  return bodies;
}

describe("hostile requests, first thing in a fresh isolate", () => {
  test.each(OPERATION_NAMES)(
    "%s answers nesting to 100,000 levels and invalid Unicode with 400, never 500",
    async (operation) => {
      const failures: string[] = [];
      for (const body of hostileBodies(uniqueName("hostile"))) {
        const answer = await send(TARGET_PREFIX + operation, body);
        if (answer.status === 200 || (answer.status === 400 && typeof answer.body.__type === "string")) continue;
        const shown = typeof body === "string" ? body.slice(0, 80) : "bytes";
        failures.push(`${answer.status} ${JSON.stringify(answer.body)} for ${shown}…`);
      }
      expect(failures).toEqual([]);
    },
  );

  // A 16 MB body for each of the ~46 operations: seconds of copying on a loaded 2-core machine.
  test("a body over 16 MB answers 413 for every operation, before any of it is parsed", {
    timeout: 30_000,
  }, async () => {
    const body = `{"TableName":"${"x".repeat(16 * 1024 * 1024)}"}`;
    for (const operation of OPERATION_NAMES) {
      const answer = await send(TARGET_PREFIX + operation, body);
      expect(answer.status, operation).toBe(413);
    }
  });
});

describe("garbage requests", () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = uniqueName("garbage");
    await createActiveTable(tableName);
  });
  afterAll(async () => {
    await settle();
  });

  test("the dispatch table names the operations the fuzzer covers", () => {
    expect(OPERATION_NAMES.length).toBeGreaterThan(0);
    expect(OPERATION_NAMES).toEqual([...OPERATION_NAMES].sort());
  });

  test.each(OPERATION_NAMES)(
    "%s answers 200 or 400, never 500, to random and mutated JSON objects",
    async (operation) => {
      // DeleteTable must not delete the table the other operations are fuzzed against.
      const target = operation === "DeleteTable" ? uniqueName("absent") : tableName;
      const fuzz = generator(OPERATION_NAMES.indexOf(operation) * 7919 + 1, target);
      const base = validRequest(operation, target);
      const failures: string[] = [];
      for (let i = 0; i < BODIES_PER_OPERATION; i++) {
        const sent = JSON.stringify(i % 2 === 0 ? fuzz.object() : fuzz.mutant(base));
        const answer = await send(TARGET_PREFIX + operation, sent);
        expect(answer.headers.get("x-amz-crc32")).toBe(String(crc32(answer.bytes)));
        if (answer.status === 200) {
          if (operation === "PutItem") await expectStored(JSON.parse(sent));
          continue;
        }
        if (answer.status === 400 && typeof answer.body.__type === "string") continue;
        failures.push(`${answer.status} ${JSON.stringify(answer.body)} for ${sent}`);
      }
      expect(failures).toEqual([]);
    },
  );

  test.each(OPERATION_NAMES)("%s answers 400 to bodies that are not JSON objects", async (operation) => {
    for (const sent of ["", "{", "[]", "[{}]", "0", '"{}"', "null", "false", "{}}", '{"a":1,}', "\u00ff"]) {
      const answer = await send(TARGET_PREFIX + operation, sent);
      expect(answer.status, sent).toBe(400);
      expect(answer.body.__type, sent).toBe("com.amazon.coral.service#SerializationException");
    }
  });

  test.each([
    { operation: "TagResource", member: "Tags", value: [null] },
    { operation: "TagResource", member: "Tags", value: [{ Key: "k", Value: "v" }, null] },
    { operation: "UntagResource", member: "TagKeys", value: [null] },
    { operation: "UntagResource", member: "TagKeys", value: ["k", null] },
    { operation: "CreateTable", member: "Tags", value: [null] },
    { operation: "CreateTable", member: "KeySchema", value: [null] },
    { operation: "CreateTable", member: "AttributeDefinitions", value: [null] },
    { operation: "UpdateTable", member: "GlobalSecondaryIndexUpdates", value: [null] },
    { operation: "UpdateTable", member: "ReplicaUpdates", value: [null] },
    { operation: "GetItem", member: "AttributesToGet", value: [null] },
    { operation: "PutItem", member: "Item", value: { pk: { S: "a" }, l: { L: [null] } } },
  ])("$operation with a null in $member answers 400, never 500", async ({ operation, member, value }) => {
    const body = { ...validRequest(operation, tableName), [member]: value };
    const answer = await send(TARGET_PREFIX + operation, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.__type).toMatch(/#(ValidationException|SerializationException)$/);
  });
});

describe("garbage requests to DynamoDB Streams", () => {
  const STREAMS_PREFIX = "DynamoDBStreams_20120810.";
  const NAMES = Object.keys(STREAM_OPERATIONS);
  let streamArn: string;
  let shardId: string;
  let iterator: string;
  beforeAll(async () => {
    const name = uniqueName("garbage-stream");
    const created = await dynamo("CreateTable", {
      ...tableInput(name),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    expect(created.status).toBe(200);
    await settle(name);
    streamArn = (created.body.TableDescription as { LatestStreamArn: string }).LatestStreamArn;
    const described = await send(`${STREAMS_PREFIX}DescribeStream`, { StreamArn: streamArn });
    shardId = (described.body.StreamDescription as { Shards: { ShardId: string }[] }).Shards[0].ShardId;
    const got = await send(`${STREAMS_PREFIX}GetShardIterator`, {
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: "TRIM_HORIZON",
    });
    iterator = got.body.ShardIterator as string;
  });
  afterAll(async () => {
    await settle();
  });

  const valid = (operation: string): Record<string, unknown> =>
    ({
      DescribeStream: { StreamArn: streamArn, Limit: 2 },
      GetRecords: { ShardIterator: iterator, Limit: 10 },
      GetShardIterator: { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "LATEST" },
      ListStreams: { Limit: 5 },
    })[operation] ?? {};

  test("the valid requests are served", async () => {
    for (const operation of NAMES) {
      const answer = await send(STREAMS_PREFIX + operation, valid(operation));
      expect(answer.status, `${operation}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
  });

  test.each(NAMES)("%s answers 200 or 400, never 500, to random, mutated and hostile bodies", async (operation) => {
    const fuzz = generator(NAMES.indexOf(operation) * 104729 + 3, streamArn);
    const failures: string[] = [];
    const bodies: (string | Uint8Array)[] = [...hostileBodies(uniqueName("hostile"))];
    for (let i = 0; i < BODIES_PER_OPERATION; i++) {
      bodies.push(JSON.stringify(i % 2 === 0 ? fuzz.object() : fuzz.mutant(valid(operation))));
    }
    for (const body of bodies) {
      const answer = await send(STREAMS_PREFIX + operation, body);
      if (answer.status === 200 || (answer.status === 400 && typeof answer.body.__type === "string")) continue;
      failures.push(
        `${answer.status} ${JSON.stringify(answer.body)} for ${typeof body === "string" ? body.slice(0, 200) : "bytes"}`,
      );
    }
    expect(failures).toEqual([]);
  });

  test.each(NAMES)("%s answers 400 to bodies that are not JSON objects", async (operation) => {
    for (const sent of ["", "{", "[]", "0", "null", '{"a":1,}']) {
      const answer = await send(STREAMS_PREFIX + operation, sent);
      expect(answer.status, sent).toBe(400);
      expect(answer.body.__type, sent).toBe("com.amazon.coral.service#SerializationException");
    }
  });

  test("an operation of one service under the other's prefix is unknown", async () => {
    for (const target of [
      `${STREAMS_PREFIX}GetItem`,
      `${TARGET_PREFIX}GetRecords`,
      "DynamoDBStreams_20120810",
      "GetRecords",
    ]) {
      const answer = await send(target, {});
      expect(answer.status, target).toBe(400);
      expect(answer.body.__type, target).toMatch(/#UnknownOperationException$/);
    }
  });
});
