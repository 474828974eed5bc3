/**
 * The HTTP layer of the JSON protocol, over raw HTTP: the 16 MB limit on request bodies (by
 * `Content-Length` and while a chunked body streams in), the content types a body may declare,
 * and strict UTF-8 (invalid bytes are refused, never rewritten into U+FFFD).
 *
 * Expected answers are the service's as dynalite's test/connection.js records them, and the
 * SerializationException of aws/aws-sdk-js#46 for a body that is not UTF-8.
 */

import { request as httpRequest } from "node:http";
import { GetItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { client } from "../helpers/dynamodb";
import { createItemTable } from "../helpers/items";
import { signedHeaders } from "../helpers/sigv4-signer";

const MB = 1024 * 1024;
const LIMIT = 16 * MB;
const TARGET_PREFIX = "DynamoDB_20120810.";
const AMZ_JSON = "application/x-amz-json-1.0";
/** What a body too large to be read carries: the server answers 413 before it looks at a signature. */
const AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x";
const SERIALIZATION = { __type: "com.amazon.coral.service#SerializationException" };

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

interface NodeResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end" | "error", listener: (error?: Error) => void): void;
}

interface NodeRequest {
  on(event: "response", listener: (response: NodeResponse) => void): void;
  on(event: "error", listener: (error?: Error) => void): void;
  once(event: "drain" | "close", listener: () => void): void;
  off(event: "drain" | "close", listener: () => void): void;
  write(chunk: Uint8Array): boolean;
  end(body?: Uint8Array): void;
  flushHeaders(): void;
  destroy(): void;
}

/** A POST to the server under test; `headers` are sent as given (no content type unless named). */
function post(headers: Record<string, string | number>): NodeRequest {
  const url = new URL(inject("endpoint"));
  return httpRequest({ host: url.hostname, port: url.port, method: "POST", path: "/", agent: false, headers });
}

function readAnswer(response: NodeResponse): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    response.on("data", (chunk) => chunks.push(chunk));
    response.on("error", reject);
    response.on("end", () =>
      resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString() }),
    );
  });
}

/** Sends `body` whole, with its Content-Length, signed with the test key. */
async function send(headers: Record<string, string>, body: Uint8Array | string = ""): Promise<Answer> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const signed = signedHeaders(inject("endpoint"), headers, bytes);
  const request = post({ ...signed, "content-length": bytes.byteLength });
  return new Promise((resolve, reject) => {
    request.on("response", (response) => readAnswer(response).then(resolve, reject));
    request.on("error", reject);
    request.end(bytes);
  });
}

/** Sends an operation with the protocol's content type. */
const operation = (name: string, body: Uint8Array | string) =>
  send({ "content-type": AMZ_JSON, "x-amz-target": TARGET_PREFIX + name }, body);

/**
 * Streams `total` bytes of `{}` followed by spaces as a chunked body (no Content-Length), 1 MB a
 * write, waiting for each write to drain. Stops writing as soon as an answer arrives; resolves
 * with the answer and how many bytes had been handed to the socket by then.
 */
function sendChunked(total: number, headers: Record<string, string>): Promise<{ answer: Answer; sent: number }> {
  const request = post({ authorization: AUTHORIZATION, ...headers, "transfer-encoding": "chunked" });
  const chunk = Buffer.alloc(MB, " ");
  let sent = 0;
  let answered = false;
  return new Promise((resolve, reject) => {
    request.on("response", (response) => {
      answered = true;
      const at = sent;
      readAnswer(response).then((answer) => {
        request.destroy();
        resolve({ answer, sent: at });
      }, reject);
    });
    // After the answer the server closes the connection: writes still in flight may fail.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = async () => {
      const first = Buffer.from("{}");
      request.write(first);
      sent += first.byteLength;
      while (!answered && sent < total) {
        const piece = total - sent >= MB ? chunk : chunk.subarray(0, total - sent);
        sent += piece.byteLength;
        if (!request.write(piece)) {
          await new Promise<void>((drained) => {
            const done = () => {
              request.off("drain", done);
              request.off("close", done);
              drained();
            };
            request.once("drain", done);
            request.once("close", done);
          });
        }
      }
      if (!answered) request.end();
    };
    pump().catch(reject);
  });
}

/** `{}` padded with spaces to exactly `length` bytes: valid JSON whatever the length. */
const paddedEmptyObject = (length: number) => {
  const bytes = Buffer.alloc(length, " ");
  bytes.write("{}");
  return bytes;
};

describe("request size", () => {
  test("a body of exactly 16 MB is read and served", { timeout: 60_000 }, async () => {
    const answer = await operation("ListTables", paddedEmptyObject(LIMIT));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty("TableNames");
  });

  test("a body of 16 MB + 1 byte answers 413, decided by Content-Length before any of it is sent", async () => {
    const request = post({
      authorization: AUTHORIZATION,
      "content-type": AMZ_JSON,
      "x-amz-target": `${TARGET_PREFIX}ListTables`,
      "content-length": LIMIT + 1,
    });
    const answer = await new Promise<Answer>((resolve, reject) => {
      request.on("response", (response) => readAnswer(response).then(resolve, reject));
      request.on("error", reject);
      request.flushHeaders();
    });
    request.destroy();
    expect(answer.status).toBe(413);
    expect(answer.text).toBe("");
    expect(answer.headers["transfer-encoding"]).toBe("chunked");
  });

  test("a chunked body of 17 MB answers 413", { timeout: 60_000 }, async () => {
    const { answer } = await sendChunked(17 * MB, {
      "content-type": AMZ_JSON,
      "x-amz-target": `${TARGET_PREFIX}ListTables`,
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toBe("");
    expect(answer.headers["transfer-encoding"]).toBe("chunked");
  });

  test("a chunked body of 16 MB exactly is read and served", { timeout: 60_000 }, async () => {
    // Signed for the bytes sendChunked streams: `{}` and spaces.
    const headers = { "content-type": AMZ_JSON, "x-amz-target": `${TARGET_PREFIX}ListTables` };
    const { answer } = await sendChunked(LIMIT, signedHeaders(inject("endpoint"), headers, paddedEmptyObject(LIMIT)));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty("TableNames");
  });

  test("a chunked body of 256 MB is refused before the client has sent a quarter of it", {
    timeout: 60_000,
  }, async () => {
    const { answer, sent } = await sendChunked(256 * MB, {
      "content-type": AMZ_JSON,
      "x-amz-target": `${TARGET_PREFIX}ListTables`,
    });
    expect(answer.status).toBe(413);
    expect(sent).toBeLessThan(64 * MB);
  });

  test("the size is checked before the content type: 17 MB of text/plain answers 413", async () => {
    const request = post({ "content-type": "text/plain", "content-length": 17 * MB });
    const answer = await new Promise<Answer>((resolve, reject) => {
      request.on("response", (response) => readAnswer(response).then(resolve, reject));
      request.on("error", reject);
      request.flushHeaders();
    });
    request.destroy();
    expect(answer.status).toBe(413);
  });
});

describe("content type", () => {
  const UNKNOWN_OPERATION_PAGE = "<UnknownOperationException/>\n";

  test.each([
    { case: "no content type", headers: {} as Record<string, string> },
    { case: "text/plain", headers: { "content-type": "text/plain" } },
    { case: "a wrong one", headers: { "content-type": "whatever" } },
    { case: "application/x-amz-json-1.1", headers: { "content-type": "application/x-amz-json-1.1" } },
    { case: "application/x-amz-cbor-1.1", headers: { "content-type": "application/x-amz-cbor-1.1" } },
  ])("a body with $case answers 404 <UnknownOperationException/>", async ({ headers }) => {
    const answer = await send({ ...headers, "x-amz-target": `${TARGET_PREFIX}ListTables` }, "{}");
    expect(answer.status).toBe(404);
    expect(answer.text).toBe(UNKNOWN_OPERATION_PAGE);
    expect(answer.headers["x-amz-crc32"]).toBe("3552371480");
    expect(answer.headers["content-length"]).toBe("29");
    expect(answer.headers["x-amzn-requestid"]).toMatch(/^[0-9A-Z]{52}$/);
  });

  test.each([
    { sent: AMZ_JSON, answered: AMZ_JSON },
    { sent: "application/json", answered: "application/json" },
    { sent: "application/x-amz-json-1.0; charset=utf-8", answered: AMZ_JSON },
    { sent: "Application/X-Amz-Json-1.0", answered: AMZ_JSON },
    { sent: "application/json; charset=UTF-8", answered: "application/json" },
  ])("a body sent as $sent is served and answered as $answered", async ({ sent, answered }) => {
    const answer = await send({ "content-type": sent, "x-amz-target": `${TARGET_PREFIX}ListTables` }, "{}");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe(answered);
    expect(JSON.parse(answer.text)).toHaveProperty("TableNames");
  });

  test("an error to an application/json request is answered as application/json", async () => {
    const answer = await send(
      { "content-type": "application/json", "x-amz-target": `${TARGET_PREFIX}ListTables` },
      "hi",
    );
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.text).__type).toBe(SERIALIZATION.__type);
  });

  test("a request without a body or content type is served: no target answers 400 UnknownOperationException", async () => {
    const answer = await send({});
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.text)).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException" });
  });

  test("the AWS SDK's requests (application/x-amz-json-1.0) are served", async () => {
    const db = client();
    let sent: string | undefined;
    db.middlewareStack.add(
      (next) => async (args) => {
        sent = (args.request as { headers: Record<string, string> }).headers["content-type"];
        return next(args);
      },
      { step: "finalizeRequest" },
    );
    const output = await db.send(new ScanCommand({ TableName: "no-such-table-for-content-type" })).catch((e) => e);
    expect(sent).toBe(AMZ_JSON);
    expect(output.name).toBe("ResourceNotFoundException");
  });
});

describe("UTF-8", () => {
  const db = client();
  let table: string;

  beforeAll(async () => {
    table = await createItemTable(db, "utf8");
  });

  /** A PutItem body with `raw` spliced as bytes into the partition key string, after `prefix`. */
  const putWithRawKey = (raw: number[], prefix = "col", attributes = "") =>
    Buffer.concat([
      Buffer.from(`{"TableName":"${table}","Item":{"pk":{"S":"${prefix}`),
      Buffer.from(raw),
      Buffer.from(`"}${attributes}}}`),
    ]);

  test("a raw 0xFF byte in a key answers SerializationException and writes nothing", async () => {
    const answer = await operation("PutItem", putWithRawKey([0xff], "ff-"));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual(SERIALIZATION);
    const scan = await db.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    expect(scan.Items?.filter((item) => item.pk.S?.startsWith("ff-"))).toEqual([]);
  });

  test("col\\ufffd is an ordinary key, and a raw 0xFF byte does not reach it", async () => {
    const Key = { pk: { S: "col\ufffd" } };
    await db.send(new PutItemCommand({ TableName: table, Item: { ...Key, v: { S: "kept" } } }));
    const answer = await operation("PutItem", putWithRawKey([0xff], "col", ',"v":{"S":"overwritten"}'));
    expect(answer.status).toBe(400);
    const got = await db.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }));
    expect(got.Item).toEqual({ ...Key, v: { S: "kept" } });
  });

  test("col\\ufffd sent as its UTF-8 bytes (EF BF BD) reaches the same item as the SDK's", async () => {
    const answer = await operation(
      "GetItem",
      Buffer.concat([
        Buffer.from(`{"TableName":"${table}","ConsistentRead":true,"Key":{"pk":{"S":"col`),
        Buffer.from([0xef, 0xbf, 0xbd]),
        Buffer.from(`"}}}`),
      ]),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).Item).toEqual({ pk: { S: "col\ufffd" }, v: { S: "kept" } });
  });

  test.each([
    { case: "a stray continuation byte", raw: [0x80] },
    { case: "a lead byte without its continuation", raw: [0xc3, 0x28] },
    { case: "an overlong encoding of /", raw: [0xc0, 0xaf] },
    { case: "an encoded surrogate", raw: [0xed, 0xa0, 0x80] },
    { case: "a code point past U+10FFFF", raw: [0xf4, 0x90, 0x80, 0x80] },
    { case: "a truncated 4-byte sequence", raw: [0xf0, 0x9f, 0x94] },
  ])("$case in a key answers SerializationException", async ({ raw }) => {
    const answer = await operation("PutItem", putWithRawKey(raw, "bad-"));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual(SERIALIZATION);
    const scan = await db.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    expect(scan.Items?.filter((item) => item.pk.S?.startsWith("bad-"))).toEqual([]);
  });

  test("invalid UTF-8 in an attribute name answers SerializationException and writes nothing", async () => {
    const body = Buffer.concat([
      Buffer.from(`{"TableName":"${table}","Item":{"pk":{"S":"name-check"},"a`),
      Buffer.from([0xff]),
      Buffer.from(`":{"S":"x"}}}`),
    ]);
    const answer = await operation("PutItem", body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual(SERIALIZATION);
    const got = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "name-check" } } }));
    expect(got.Item).toBeUndefined();
  });

  test("a truncated sequence at the very end of the body answers SerializationException", async () => {
    const answer = await operation("ListTables", Buffer.from([0x7b, 0x7d, 0xe2, 0x82]));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual(SERIALIZATION);
  });

  test("lone surrogate escapes (\\ud800, \\udc00) in a key or an attribute name answer SerializationException and write nothing", async () => {
    for (const body of [
      `{"TableName":"${table}","Item":{"pk":{"S":"lone\\ud800"}}}`,
      `{"TableName":"${table}","Item":{"pk":{"S":"lone\\udc00"}}}`,
      `{"TableName":"${table}","Item":{"pk":{"S":"lone-name"},"n\\ud800":{"S":"v"}}}`,
      `{"TableName":"${table}","Item":{"pk":{"S":"lone-map"},"m":{"M":{"\\udc00":{"S":"v"}}}}}`,
    ]) {
      const answer = await operation("PutItem", body);
      expect(answer.status, body).toBe(400);
      expect(JSON.parse(answer.text), body).toEqual(SERIALIZATION);
    }
    const scan = await db.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    expect(scan.Items?.filter((item) => item.pk.S?.startsWith("lone"))).toEqual([]);
  });

  test("valid multi-byte UTF-8 keys (é, 🔑) sent as raw bytes are stored as sent", async () => {
    const key = "clé-🔑";
    const answer = await operation("PutItem", Buffer.from(`{"TableName":"${table}","Item":{"pk":{"S":"${key}"}}}`));
    expect(answer.status).toBe(200);
    const got = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } }, ConsistentRead: true }));
    expect(got.Item).toEqual({ pk: { S: key } });
  });
});
