/**
 * Hostile input against a cold server: a server of its own, started for this file, whose first
 * requests are the deepest ones (an isolate that has not optimised its code yet has the least
 * stack to spare). Nesting far past DynamoDB's limits, in values, JSON and expressions, gets
 * DynamoDB's 400 and never a 500; nothing hostile is written.
 *
 * Then, once warm, the rest of issue 16's list through the AWS SDK: expressions past their limits
 * (operators, 4 KB, IN operands, 2 MB of substitutions, 1 MB with them in place), malformed and
 * out-of-range numbers and arithmetic that overflows, and invalid base64 (sent raw: the SDK only
 * sends bytes it encodes itself). Each gets DynamoDB's error, writes nothing, and the server
 * serves the next request; no error message carries a stack trace or an internal name.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningServer, startServer } from "../../scripts/server";
import { client } from "../helpers/dynamodb";
import { failureWithStatus, type Item } from "../helpers/items";
import { TEST_SECRETS } from "../helpers/test-key";
import { callWire, errorType, type WireAnswer } from "../helpers/wire";

const NESTING =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
const DEPTHS = [33, 100, 1_000, 2_000, 10_000, 100_000];

let server: RunningServer;
let dataDir: string;
const TABLE = "hostile";

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "dynaflare-hostile-"));
  server = await startServer({ port: 0, host: "127.0.0.1", dataDir, ...TEST_SECRETS });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (operation: string, body: string | object) => callWire(operation, body, server.url);

/** `depth` nested maps (`{"M":{"a":…}}`) around a string, as JSON text. */
const deepMap = (depth: number) => `${'{"M":{"a":'.repeat(depth)}{"S":"x"}${"}}".repeat(depth)}`;
/** `depth` nested lists (`{"L":[…]}`) around a string, as JSON text. */
const deepList = (depth: number) => `${'{"L":['.repeat(depth)}{"S":"x"}${"]}".repeat(depth)}`;

/** A 400 with a DynamoDB error type (and, when given, that type and message). */
function refused(answer: WireAnswer, type?: string, message?: string): void {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
  expect(errorType(answer)).toBeDefined();
  if (type) expect(errorType(answer)).toBe(type);
  if (message) expect(answer.body.message ?? answer.body.Message).toBe(message);
}

const condition = (expression: string) => ({
  TableName: TABLE,
  Item: { pk: { S: "condition" } },
  ConditionExpression: expression,
  ExpressionAttributeValues: { ":v": { S: "x" } },
});

describe("hostile input on a cold server", () => {
  test("values nested far past 32 levels get the nesting error, first thing after start", async () => {
    for (const depth of DEPTHS) {
      for (const value of [deepMap(depth), deepList(depth)]) {
        refused(
          await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":{"S":"a"},"deep":${value}}}`),
          "ValidationException",
          NESTING,
        );
        refused(await call("GetItem", `{"TableName":"${TABLE}","Key":{"pk":${value}}}`), "ValidationException");
        refused(
          await call(
            "UpdateItem",
            `{"TableName":"${TABLE}","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET d = :v","ExpressionAttributeValues":{":v":${value}}}`,
          ),
          "ValidationException",
          `ExpressionAttributeValues contains invalid value: ${NESTING} for key :v`,
        );
        refused(
          await call(
            "UpdateItem",
            `{"TableName":"${TABLE}","Key":{"pk":{"S":"a"}},"AttributeUpdates":{"d":{"Action":"PUT","Value":${value}}}}`,
          ),
          "ValidationException",
          NESTING,
        );
        refused(
          await call(
            "BatchWriteItem",
            `{"RequestItems":{"${TABLE}":[{"PutRequest":{"Item":{"pk":{"S":"a"},"d":${value}}}}]}}`,
          ),
          "ValidationException",
          NESTING,
        );
        refused(
          await call(
            "Query",
            `{"TableName":"${TABLE}","KeyConditionExpression":"pk = :v","ExpressionAttributeValues":{":v":${value}}}`,
          ),
          "ValidationException",
          `ExpressionAttributeValues contains invalid value: ${NESTING} for key :v`,
        );
        refused(
          await call("Scan", `{"TableName":"${TABLE}","ExclusiveStartKey":{"pk":${value}}}`),
          "ValidationException",
        );
      }
    }
  });

  test("expressions nested as deep as 4 KB allows get DynamoDB's expression errors", async () => {
    const deep = 2_040;
    const redundant = "Invalid ConditionExpression: The expression has redundant parentheses;";
    refused(await call("PutItem", condition(`${"(".repeat(deep)}a = :v${")".repeat(deep)}`)), undefined, redundant);
    refused(await call("PutItem", condition(`${"(".repeat(deep)}a${")".repeat(deep)} = :v`)), undefined, redundant);
    refused(
      await call("PutItem", condition(`${"(".repeat(deep)}a = :v`)),
      "ValidationException",
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"',
    );
    refused(
      await call("PutItem", condition(`${"(".repeat(1_500)}a = :v${")".repeat(1_501)}`)),
      "ValidationException",
      'Invalid ConditionExpression: Syntax error; token: ")", near: "))"',
    );
    refused(await call("PutItem", condition(`${"NOT ".repeat(1_000)}a = :v`)), "ValidationException");
    refused(await call("PutItem", condition(`${"size(".repeat(600)}a${")".repeat(600)} = :v`)), "ValidationException");
    refused(
      await call("PutItem", condition(`${"(size(".repeat(510)}a${"))".repeat(510)} = :v`)),
      "ValidationException",
    );
    refused(
      await call("UpdateItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        UpdateExpression: `SET a = ${"(".repeat(deep)}:v${")".repeat(deep)}`,
        ExpressionAttributeValues: { ":v": { S: "x" } },
      }),
      undefined,
      "Invalid UpdateExpression: The expression has redundant parentheses;",
    );
    refused(
      await call("GetItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        ProjectionExpression: `a${"[1]".repeat(1_300)}`,
      }),
      "ValidationException",
    );
    refused(
      await call("GetItem", {
        TableName: TABLE,
        Key: { pk: { S: "a" } },
        ProjectionExpression: `a${".b".repeat(2_000)}`,
      }),
      "ValidationException",
    );
  });

  test("JSON nested 100,000 deep is ignored in unknown members and refused in declared ones", async () => {
    const arrays = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const objects = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect((await call("ListTables", `{"Unknown":${arrays}}`)).status).toBe(200);
    expect((await call("ListTables", `{"Unknown":${objects}}`)).status).toBe(200);
    refused(await call("ListTables", `{"Limit":${arrays}}`), "SerializationException");
    refused(await call("CreateTable", `{"TableName":"nested","KeySchema":${arrays}}`), "SerializationException");
    refused(await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":${objects}}}`));
  });

  test("once warm, the same hostile writes are still refused and write nothing", async () => {
    const created = await call("CreateTable", {
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(created.status).toBe(200);
    for (let attempt = 0; ; attempt++) {
      const described = await call("DescribeTable", { TableName: TABLE });
      if ((described.body.Table as { TableStatus: string }).TableStatus === "ACTIVE") break;
      expect(attempt).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const depth of DEPTHS) {
      refused(
        await call("PutItem", `{"TableName":"${TABLE}","Item":{"pk":{"S":"a"},"deep":${deepMap(depth)}}}`),
        "ValidationException",
        NESTING,
      );
    }
    refused(await call("PutItem", condition(`${"(".repeat(2_040)}a = :v${")".repeat(2_040)}`)));
    const scan = await call("Scan", { TableName: TABLE, ConsistentRead: true });
    expect(scan.body).toMatchObject({ Count: 0, Items: [] });
  });
});

describe("hostile input through the AWS SDK, once warm", () => {
  let db: DynamoDBClient;
  /** Keyed `pk` (S): refused writes aim at KEY, `healthy()` writes elsewhere. */
  const S_TABLE = "hostile-s";
  /** Keyed `pk` (N), and `pk`, `sk` (B): nothing is ever written to them. */
  const N_TABLE = "hostile-n";
  const B_TABLE = "hostile-b";
  const KEY: Item = { pk: { S: "refused" } };
  const MB = 1024 * 1024;

  beforeAll(async () => {
    db = client({ endpoint: server.url });
    const table = async (TableName: string, keys: [string, "S" | "N" | "B"][]) => {
      await db.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
          KeySchema: keys.map(([AttributeName], i) => ({ AttributeName, KeyType: i === 0 ? "HASH" : "RANGE" })),
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
    };
    await Promise.all([
      table(S_TABLE, [["pk", "S"]]),
      table(N_TABLE, [["pk", "N"]]),
      table(B_TABLE, [
        ["pk", "B"],
        ["sk", "B"],
      ]),
    ]);
  }, 60_000);

  /** `request` fails with HTTP 400, error `name` and exactly `message`. */
  async function refusal(request: Promise<unknown>, name: string, message: string): Promise<void> {
    expect(await failureWithStatus(request)).toEqual({ name, status: 400, message });
  }
  const invalid = (request: Promise<unknown>, message: string) => refusal(request, "ValidationException", message);
  const conditionFails = (request: Promise<unknown>) =>
    refusal(request, "ConditionalCheckFailedException", "The conditional request failed");

  const stored = async (TableName: string, Key: Item) =>
    (await db.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
  const count = async (TableName: string) =>
    (await db.send(new ScanCommand({ TableName, ConsistentRead: true }))).Count;

  /** Nothing reached KEY, N_TABLE or B_TABLE, and a normal write and read still work. */
  async function nothingWrittenAndHealthy(): Promise<void> {
    expect(await stored(S_TABLE, KEY)).toBeUndefined();
    expect(await count(N_TABLE)).toBe(0);
    expect(await count(B_TABLE)).toBe(0);
    const item = { pk: { S: `healthy-${crypto.randomUUID()}` }, n: { N: "1" } };
    await db.send(new PutItemCommand({ TableName: S_TABLE, Item: item }));
    expect(await stored(S_TABLE, { pk: item.pk })).toEqual(item);
  }

  const put = (input: { Item?: Item; ConditionExpression?: string; [member: string]: unknown }) =>
    db.send(new PutItemCommand({ TableName: S_TABLE, Item: KEY, ...input }));
  const update = (input: { UpdateExpression?: string; [member: string]: unknown }) =>
    db.send(new UpdateItemCommand({ TableName: S_TABLE, Key: KEY, ...input }));
  /** `n` comparisons joined by OR: 2n - 1 operators. */
  const ors = (n: number) => Array.from({ length: n }, (_, i) => `a${i} = :v`).join(" OR ");
  /** `SET a0=<value>,a1=<value>,…` with `n` actions. */
  const sets = (n: number, value: string) => `SET ${Array.from({ length: n }, (_, i) => `a${i}=${value}`).join(",")}`;
  const tooManyOperators = (kind: string) =>
    `Invalid ${kind}: The expression contains too many operators; operator count: 301`;

  test("expressions: 300 operators and functions parse; 301 in a condition, filter or update are refused", async () => {
    const v = { ":v": { S: "x" } };
    const n = { ":n": { N: "1" } };
    await conditionFails(
      put({ ConditionExpression: ors(150).replace("a0 = :v", "size(a0) = :v"), ExpressionAttributeValues: v }),
    );
    await conditionFails(
      update({
        UpdateExpression: sets(300, ":n+:n"),
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: n,
      }),
    );
    await invalid(
      put({ ConditionExpression: ors(151), ExpressionAttributeValues: v }),
      tooManyOperators("ConditionExpression"),
    );
    await invalid(
      put({ ConditionExpression: `${"NOT ".repeat(300)}a = :v`, ExpressionAttributeValues: v }),
      tooManyOperators("ConditionExpression"),
    );
    await invalid(
      db.send(new ScanCommand({ TableName: S_TABLE, FilterExpression: ors(151), ExpressionAttributeValues: v })),
      tooManyOperators("FilterExpression"),
    );
    await invalid(
      db.send(
        new QueryCommand({
          TableName: S_TABLE,
          KeyConditionExpression: "pk = :v",
          FilterExpression: ors(151),
          ExpressionAttributeValues: v,
        }),
      ),
      tooManyOperators("FilterExpression"),
    );
    await invalid(
      update({ UpdateExpression: sets(301, ":n-:n"), ExpressionAttributeValues: n }),
      tooManyOperators("UpdateExpression"),
    );
    const functions = Array.from({ length: 51 }, (_, i) => `b${i}=if_not_exists(b${i},:n)`).join(",");
    await invalid(
      update({ UpdateExpression: `${sets(250, ":n+:n")},${functions}`, ExpressionAttributeValues: n }),
      tooManyOperators("UpdateExpression"),
    );
    await nothingWrittenAndHealthy();
  });

  test("expressions: over 4 KB, or an IN over 100 operands, are refused in every kind", async () => {
    const v = { ":v": { S: "x" } };
    const sized = (kind: string, size = "") =>
      `Invalid ${kind}: Expression size has exceeded the maximum allowed size;${size}`;
    await conditionFails(put({ ConditionExpression: "a = :v".padEnd(4096), ExpressionAttributeValues: v }));
    await invalid(
      put({ ConditionExpression: "a = :v".padEnd(4097), ExpressionAttributeValues: v }),
      sized("ConditionExpression", " expression size: 4097"),
    );
    await invalid(
      update({ UpdateExpression: "SET a = :v".padEnd(4097), ExpressionAttributeValues: v }),
      sized("UpdateExpression"),
    );
    await invalid(
      db.send(new GetItemCommand({ TableName: S_TABLE, Key: KEY, ProjectionExpression: "a".padEnd(4097) })),
      sized("ProjectionExpression"),
    );
    await invalid(
      db.send(
        new QueryCommand({
          TableName: S_TABLE,
          KeyConditionExpression: "pk = :v".padEnd(5000),
          ExpressionAttributeValues: v,
        }),
      ),
      sized("KeyConditionExpression", " expression size: 5000"),
    );
    const operands = (count: number) => Array.from({ length: count }, (_, i) => `:v${i}`);
    const values = (count: number) => Object.fromEntries(operands(count).map((key) => [key, { S: key }]));
    await conditionFails(
      put({ ConditionExpression: `a IN (${operands(100).join(", ")})`, ExpressionAttributeValues: values(100) }),
    );
    await invalid(
      put({ ConditionExpression: `a IN (${operands(101).join(", ")})`, ExpressionAttributeValues: values(101) }),
      "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
    await nothingWrittenAndHealthy();
  });

  test("expressions: names, values or both over 2 MB, and an expression over 1 MB with its substitutions, are refused", async () => {
    const text = (bytes: number, fill = "x") => ({ S: fill.repeat(bytes) });
    /** `count` names keyed #k00, #k01, … of `bytes` bytes each. */
    const names = (count: number, bytes: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`#k${String(i).padStart(2, "0")}`, `${i}`.padEnd(bytes, "n")]),
      );
    await invalid(
      put({
        ConditionExpression: "a = :a OR b = :b",
        ExpressionAttributeValues: { ":a": text(MB - 2), ":b": text(MB - 1) },
      }),
      "ExpressionAttributeValues exceeds max size",
    );
    await invalid(
      put({ ConditionExpression: "attribute_exists(#k00)", ExpressionAttributeNames: names(33, 65_000) }),
      "ExpressionAttributeNames exceeds max size",
    );
    await invalid(
      put({
        ConditionExpression: "attribute_exists(#k00) OR a = :a",
        ExpressionAttributeNames: names(16, 65_532),
        ExpressionAttributeValues: { ":a": text(MB - 2), ":b": text(1) },
      }),
      "Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size",
    );
    // The condition's text (6 characters) and its value make exactly 1 MB, then one byte more.
    await conditionFails(put({ ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": text(MB - 6) } }));
    const tooLarge = (kind: string) => `Invalid ${kind}: Expression size has exceeded the maximum allowed size;`;
    await invalid(
      put({ ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": text(MB - 5) } }),
      tooLarge("ConditionExpression"),
    );
    await invalid(
      put({ ConditionExpression: "a = :v OR b = :v", ExpressionAttributeValues: { ":v": text(MB / 2 - 7) } }),
      tooLarge("ConditionExpression"),
    );
    await invalid(
      update({ UpdateExpression: "SET a = :v, b = :v", ExpressionAttributeValues: { ":v": text(MB / 2) } }),
      tooLarge("UpdateExpression"),
    );
    await invalid(
      db.send(
        new ScanCommand({
          TableName: S_TABLE,
          FilterExpression: "a = :v",
          ExpressionAttributeValues: { ":v": text(MB) },
        }),
      ),
      tooLarge("FilterExpression"),
    );
    const wide = names(16, 65_535);
    await invalid(
      db.send(
        new GetItemCommand({
          TableName: S_TABLE,
          Key: KEY,
          ProjectionExpression: Object.keys(wide).join(", "),
          ExpressionAttributeNames: wide,
        }),
      ),
      tooLarge("ProjectionExpression"),
    );
    await nothingWrittenAndHealthy();
  });

  const NUMBERS: [string, string][] = [
    ...[
      "1e",
      "--1",
      " 1",
      "1 ",
      "NaN",
      "Infinity",
      "-Infinity",
      "0x10",
      "1_000",
      "1.2.3",
      "+-1",
      "e5",
      ".",
      "1E99999999999",
    ].map((text): [string, string] => [text, `The parameter cannot be converted to a numeric value: ${text}`]),
    ["1".repeat(39), "Attempting to store more than 38 significant digits in a Number"],
    [
      "9.99999999999999999999999999999999999999E+125",
      "Attempting to store more than 38 significant digits in a Number",
    ],
    ["1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    ["-1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    ["1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
  ];

  test("numbers: malformed, over 38 digits or out of range, in keys, attributes, sets and expression values", async () => {
    for (const [text, message] of NUMBERS) {
      const N = { N: text };
      await invalid(db.send(new PutItemCommand({ TableName: N_TABLE, Item: { pk: N } })), message);
      await invalid(db.send(new GetItemCommand({ TableName: N_TABLE, Key: { pk: N } })), message);
      await invalid(
        db.send(new BatchWriteItemCommand({ RequestItems: { [N_TABLE]: [{ PutRequest: { Item: { pk: N } } }] } })),
        message,
      );
      await invalid(put({ Item: { ...KEY, n: N } }), message);
      await invalid(put({ Item: { ...KEY, ns: { NS: ["1", text] } } }), message);
      await invalid(put({ Item: { ...KEY, m: { M: { l: { L: [N] } } } } }), message);
      await invalid(
        put({ ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": N } }),
        `ExpressionAttributeValues contains invalid value: ${message} for key :v`,
      );
      await invalid(
        update({ UpdateExpression: "ADD n :v", ExpressionAttributeValues: { ":v": N } }),
        `ExpressionAttributeValues contains invalid value: ${message} for key :v`,
      );
      await invalid(put({ Expected: { a: { Value: N } } }), message);
    }
    await nothingWrittenAndHealthy();
  });

  test("numbers: update arithmetic past 38 digits or out of range is refused and leaves the item as it was", async () => {
    const MAX = "9.9999999999999999999999999999999999999E+125";
    const key = { pk: { S: "arithmetic" } };
    await db.send(
      new PutItemCommand({
        TableName: S_TABLE,
        Item: { ...key, n: { N: MAX }, p: { N: "12345678901234567890123456789012345678" }, tiny: { N: "1E-130" } },
      }),
    );
    const before = await stored(S_TABLE, key);
    const precision = "DynamoDB only supports precision up to 38 digits";
    const underflow = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    const cases: [string, Record<string, AttributeValue>, string][] = [
      ["ADD n :max", { ":max": { N: MAX } }, precision],
      ["SET n = n + :max", { ":max": { N: MAX } }, precision],
      ["SET n = :min - n", { ":min": { N: `-${MAX}` } }, precision],
      ["SET fresh = :max + :max", { ":max": { N: MAX } }, precision],
      ["ADD p :tenth", { ":tenth": { N: "0.1" } }, precision],
      ["SET p = p - :tenth", { ":tenth": { N: "0.1" } }, precision],
      ["ADD tiny :v", { ":v": { N: "-1.1E-130" } }, underflow],
      ["SET tiny = tiny - :v", { ":v": { N: "1.1E-130" } }, underflow],
    ];
    for (const [UpdateExpression, ExpressionAttributeValues, message] of cases) {
      await invalid(
        db.send(new UpdateItemCommand({ TableName: S_TABLE, Key: key, UpdateExpression, ExpressionAttributeValues })),
        message,
      );
    }
    await invalid(
      db.send(
        new UpdateItemCommand({
          TableName: S_TABLE,
          Key: key,
          AttributeUpdates: { n: { Action: "ADD", Value: { N: MAX } } },
        }),
      ),
      precision,
    );
    expect(await stored(S_TABLE, key)).toEqual(before);
    await nothingWrittenAndHealthy();
  });

  test("base64: invalid in keys, attributes, sets and expression values is a SerializationException (sent raw)", async () => {
    const NON_PAD = "Invalid last non-pad Base64 character dectected";
    const BAD: [string, string][] = [
      ["AQ=", "Base64 encoded length is expected a multiple of 4 bytes but found: 3"],
      ["abcde", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
      ["AR==", NON_PAD],
      ["YWJ=", NON_PAD],
      ["ab c", NON_PAD],
      ["!!!!", NON_PAD],
      ["=AAA", NON_PAD],
      ["AA=A", NON_PAD],
      ["ab-_", NON_PAD],
      ["abcé", NON_PAD],
    ];
    const good = { B: "AQ==" };
    for (const [text, message] of BAD) {
      const B = { B: text };
      const requests: [string, object][] = [
        ["PutItem", { TableName: B_TABLE, Item: { pk: B, sk: good } }],
        ["PutItem", { TableName: B_TABLE, Item: { pk: good, sk: B } }],
        ["GetItem", { TableName: B_TABLE, Key: { pk: B, sk: good } }],
        ["BatchWriteItem", { RequestItems: { [B_TABLE]: [{ PutRequest: { Item: { pk: B, sk: good } } }] } }],
        ["Query", { TableName: B_TABLE, KeyConditionExpression: "pk = :v", ExpressionAttributeValues: { ":v": B } }],
        ["Scan", { TableName: B_TABLE, ExclusiveStartKey: { pk: B, sk: good } }],
        ["PutItem", { TableName: S_TABLE, Item: { ...KEY, b: B } }],
        ["PutItem", { TableName: S_TABLE, Item: { ...KEY, bs: { BS: [good.B, text] } } }],
        ["PutItem", { TableName: S_TABLE, Item: { ...KEY, m: { M: { l: { L: [B] } } } } }],
        [
          "PutItem",
          { TableName: S_TABLE, Item: KEY, ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": B } },
        ],
        [
          "UpdateItem",
          {
            TableName: S_TABLE,
            Key: KEY,
            UpdateExpression: "ADD bs :v",
            ExpressionAttributeValues: { ":v": { BS: [text] } },
          },
        ],
      ];
      for (const [operation, body] of requests) {
        const answer = await call(operation, body);
        expect(answer, `${operation} ${JSON.stringify(body)}`).toEqual({
          status: 400,
          body: { __type: "com.amazon.coral.service#SerializationException", Message: message },
        });
      }
    }
    await nothingWrittenAndHealthy();
  });

  test("no error message carries a stack trace or an internal name", async () => {
    const LEAK = /\bat \w+ \(|\.ts\b|\.js\b|\b(?:Type|Reference|Range|Syntax)Error\b|undefined|\[object/;
    const answers: [string, string, WireAnswer][] = [];
    const send = async (operation: string, body: string | object) => {
      answers.push([operation, typeof body === "string" ? body : JSON.stringify(body), await call(operation, body)]);
    };
    const MISSING = "hostile-missing";
    // Some of these expressions are valid (SET __proto__ = :v): they may write this item.
    const BATTERY = { pk: { S: "battery" } };
    const operations = [
      "PutItem",
      "GetItem",
      "UpdateItem",
      "DeleteItem",
      "Query",
      "Scan",
      "BatchWriteItem",
      "BatchGetItem",
      "TransactWriteItems",
      "TransactGetItems",
      "CreateTable",
      "DescribeTable",
      "UpdateTable",
      "DeleteTable",
      "ListTables",
      "TagResource",
      "UpdateTimeToLive",
      "DescribeStream",
      "NoSuchOperation",
      "__proto__",
      "constructor",
    ];
    const members = [
      "Item",
      "Key",
      "RequestItems",
      "TransactItems",
      "ExpressionAttributeValues",
      "KeySchema",
      "Limit",
      "Tags",
    ];
    const oddities: unknown[] = [
      null,
      -1,
      1e308,
      true,
      "x",
      [],
      [null],
      {},
      JSON.parse('{"__proto__":{"S":"x"}}'),
      { S: null },
      { N: {} },
      { M: [] },
      { S: "a", N: "1" },
    ];
    for (const operation of operations) {
      for (const text of ["", "{", "[]", "null", "1", '"x"', '{"TableName":{}}', '{"__proto__":{"TableName":"x"}}']) {
        await send(operation, text);
      }
      for (const member of members)
        for (const odd of oddities) await send(operation, { TableName: MISSING, [member]: odd });
    }
    const expressions = [
      "",
      "(((",
      "a = :v)",
      "size()",
      "a IN ()",
      "a[-1] = :v",
      "a[99999999999999999999] = :v",
      "#constructor = :v",
      "a = :toString",
      "hasOwnProperty(a)",
      "SET",
      "SET a = :v +",
      "REMOVE a,",
      "SET a = list_append(:v)",
      "SET __proto__ = :v",
      "ADD a :v :v",
    ];
    for (const expression of expressions) {
      for (const values of [undefined, { ":v": { S: "x" } }, { ":v": {} }, JSON.parse('{":__proto__":{"S":"x"}}')]) {
        const common = { TableName: S_TABLE, ExpressionAttributeValues: values };
        await send("PutItem", { ...common, Item: BATTERY, ConditionExpression: expression });
        await send("UpdateItem", { ...common, Key: BATTERY, UpdateExpression: expression });
        await send("Scan", { ...common, FilterExpression: expression });
        await send("Query", { ...common, KeyConditionExpression: expression });
        await send("GetItem", { TableName: S_TABLE, Key: BATTERY, ProjectionExpression: expression });
      }
    }
    let refusals = 0;
    for (const [operation, body, answer] of answers) {
      const context = `${operation} ${body.slice(0, 200)} → ${JSON.stringify(answer.body).slice(0, 300)}`;
      expect(answer.status, context).toBeLessThan(500);
      if (answer.status === 200) continue;
      refusals++;
      expect(answer.status, context).toBe(400);
      expect(typeof answer.body.__type, context).toBe("string");
      const message = answer.body.message ?? answer.body.Message;
      if (message !== undefined) expect(String(message), context).not.toMatch(LEAK);
    }
    expect(refusals).toBeGreaterThan(1_000);
    await nothingWrittenAndHealthy();
  }, 120_000);
});
