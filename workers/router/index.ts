/**
 * The router Worker: DynamoDB's JSON 1.0 protocol at `POST /`. It decodes the operation from
 * `X-Amz-Target`, parses the body, runs the operation's handler and answers with
 * `x-amzn-RequestId` and `x-amz-crc32`. `onError` is the only place errors become HTTP.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
import { Hono } from "hono";
import {
  DynamoError,
  InternalServerError,
  SerializationException,
  UnknownOperationException,
} from "../../shared/api/errors";
import type { Env } from "../env";
import { operationContext } from "./context";
import { crc32 } from "./crc32";
import { OPERATIONS } from "./dispatch";
import { regionOf } from "./region";

const TARGET_PREFIX = "DynamoDB_20120810.";
const CONTENT_TYPE = "application/x-amz-json-1.0";
const encoder = new TextEncoder();

const REQUEST_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(52));
  let id = "";
  for (const b of bytes) id += REQUEST_ID_ALPHABET[b % REQUEST_ID_ALPHABET.length];
  return id;
}

function respond(status: number, body: Record<string, unknown>): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  return new Response(bytes, {
    status,
    headers: {
      "content-type": CONTENT_TYPE,
      "x-amzn-RequestId": requestId(),
      "x-amz-crc32": String(crc32(bytes)),
    },
  });
}

export const app = new Hono<{ Bindings: Env }>();

app.get("/", (c) => c.text(`healthy: dynamodb.${c.env.DEFAULT_REGION}.amazonaws.com `));

app.post("/", async (c) => {
  const target = c.req.header("x-amz-target") ?? "";
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (!operation) throw new UnknownOperationException();
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new SerializationException("Start of structure or map found where not expected");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SerializationException("Start of structure or map found where not expected");
  }
  const ctx = operationContext(c.env, regionOf(c.req.header("authorization"), c.env), c.req.header("host"));
  return respond(200, await operation(ctx, body as Record<string, unknown>));
});

app.onError((error) => {
  if (error instanceof DynamoError) return respond(error.status, error.body());
  console.error("unhandled error", error);
  const internal = new InternalServerError("Internal server error");
  return respond(internal.status, internal.body());
});
