/**
 * The router Worker: DynamoDB's JSON 1.0 protocol at `POST /`. It reads the body (at most 16 MB,
 * ./request-body.ts), checks its content type (./content-type.ts), decodes the operation from
 * `X-Amz-Target`, parses the body, runs the operation's handler and answers with
 * `x-amzn-RequestId` and `x-amz-crc32`. `GET /` (and HEAD) answers DynamoDB's health check;
 * any other method or path is a plain 404 — except `/admin/…` when the ADMIN_API var is "on"
 * (workers/admin/admin.ts). The catch in `serve` is the only place DynamoDB errors become HTTP.
 *
 * A plain fetch handler rather than a routing framework: two routes do not need one, and on
 * the hot path its per-request objects cost about 5% of a GetItem's CPU.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
import {
  DynamoError,
  InternalServerError,
  SerializationException,
  UnknownOperationException,
} from "../../shared/api/errors";
import { LIMITS } from "../../shared/api/limits";
import { handleAdmin } from "../admin/admin";
import type { Env } from "../env";
import { type JsonContentType, jsonContentType, PLAIN_JSON } from "./content-type";
import { type Answer, operationContext } from "./context";
import { crc32Text } from "./crc32";
import { OPERATIONS } from "./dispatch";
import { JsonText } from "./json-text";
import { regionOf } from "./region";
import { type BodyBytes, decodeUtf8, readBody, TOO_LARGE } from "./request-body";

const TARGET_PREFIX = "DynamoDB_20120810.";

const REQUEST_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const COUNTER_DIGITS = 12;

/** This isolate's random part of its request ids, drawn once. */
let idPrefix: string | undefined;
let idCounter = 0;

/**
 * A request id in DynamoDB's shape (52 of [A-Z0-9]): 40 random characters drawn once per
 * isolate, then a 12-digit base-36 counter. Unique per isolate by the counter, across isolates
 * by the random part.
 */
function requestId(): string {
  if (idPrefix === undefined) {
    const bytes = crypto.getRandomValues(new Uint8Array(52 - COUNTER_DIGITS));
    idPrefix = "";
    for (let i = 0; i < bytes.length; i++) idPrefix += REQUEST_ID_ALPHABET[bytes[i] % REQUEST_ID_ALPHABET.length];
  }
  idCounter = (idCounter + 1) % 36 ** COUNTER_DIGITS;
  return idPrefix + idCounter.toString(36).toUpperCase().padStart(COUNTER_DIGITS, "0");
}

function respond(status: number, body: Answer, contentType: JsonContentType): Response {
  const text = body instanceof JsonText ? body.json : JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      "content-type": contentType,
      "x-amzn-RequestId": requestId(),
      "x-amz-crc32": String(crc32Text(text)),
    },
  });
}

const UNKNOWN_OPERATION_PAGE = new TextEncoder().encode("<UnknownOperationException/>\n");
const UNKNOWN_OPERATION_PAGE_CRC32 = String(crc32Text("<UnknownOperationException/>\n"));

/**
 * DynamoDB's answer to a body whose content type is not the protocol's: 404 with an XML-ish page
 * and no content type (bytes, so the runtime adds none).
 * @see ./content-type.ts for the recorded answer
 */
function unknownOperationPage(): Response {
  return new Response(UNKNOWN_OPERATION_PAGE, {
    status: 404,
    headers: { "x-amzn-RequestId": requestId(), "x-amz-crc32": UNKNOWN_OPERATION_PAGE_CRC32 },
  });
}

/**
 * DynamoDB's answer to a body over 16 MB: 413 with an empty body sent chunked, as the service
 * was recorded answering (dynalite's test/connection.js). The body is not read through
 * (./request-body.ts); workerd then closes the connection after the answer by itself.
 */
function tooLarge(): Response {
  const empty = new ReadableStream({ start: (controller) => controller.close() });
  return new Response(empty, { status: 413 });
}

/** The path of a request URL (`http://host/path?query` → `/path`), without parsing the rest. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const fragment = url.indexOf("#", start);
  if (fragment >= 0 && fragment < end) end = fragment;
  return url.slice(start, end);
}

const TEXT = { "content-type": "text/plain; charset=UTF-8" };

const notFound = () => new Response("404 Not Found", { status: 404, headers: TEXT });

/** The continent Cloudflare says the request came from; none under workerd. */
function continentOf(request: Request): string | undefined {
  const cf = (request as { cf?: { continent?: unknown } }).cf;
  return typeof cf?.continent === "string" ? cf.continent : undefined;
}

async function dispatch(request: Request, env: Env, bytes: BodyBytes): Promise<Answer> {
  const headers = request.headers;
  const target = headers.get("x-amz-target") ?? "";
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (!operation) throw new UnknownOperationException();
  const text = decodeUtf8(bytes);
  // The service answers a body that is not UTF-8 with the bare exception, no message.
  if (text === undefined) throw new SerializationException("");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SerializationException("Start of structure or map found where not expected");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SerializationException("Start of structure or map found where not expected");
  }
  const ctx = operationContext(
    env,
    regionOf(headers.get("authorization") ?? undefined, env, () => continentOf(request)),
    headers.get("host") ?? undefined,
  );
  return operation(ctx, body as Record<string, unknown>);
}

/**
 * Answers one `POST /`, checking in the service's order: the body's size (413), its content type
 * (404), then the operation and the body itself (400s, in `dispatch`). The answer carries the
 * content type the request declared.
 */
async function serve(request: Request, env: Env): Promise<Response> {
  const declared = jsonContentType(request.headers.get("content-type"));
  const bytes = await readBody(request, LIMITS.requestBytes);
  if (bytes === TOO_LARGE) return tooLarge();
  if (declared === undefined && bytes.byteLength > 0) return unknownOperationPage();
  const contentType = declared ?? PLAIN_JSON;
  try {
    return respond(200, await dispatch(request, env, bytes), contentType);
  } catch (error) {
    if (error instanceof DynamoError) return respond(error.status, error.body(), contentType);
    console.error("unhandled error", error);
    const internal = new InternalServerError("Internal server error");
    return respond(internal.status, internal.body(), contentType);
  }
}

/** Answers one HTTP request. */
export async function handle(request: Request, env: Env): Promise<Response> {
  const path = pathOf(request.url);
  if (path !== "/") {
    return env.ADMIN_API === "on" && path.startsWith("/admin/") ? handleAdmin(request, env, path) : notFound();
  }
  switch (request.method) {
    case "POST":
      return serve(request, env);
    case "GET":
    case "HEAD": {
      const health = `healthy: dynamodb.${env.DEFAULT_REGION}.amazonaws.com `;
      return new Response(request.method === "GET" ? health : null, { headers: TEXT });
    }
    default:
      return notFound();
  }
}
