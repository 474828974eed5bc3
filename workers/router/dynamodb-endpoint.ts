/**
 * The DynamoDB endpoint, `POST /`: DynamoDB's JSON 1.0 protocol, for DynamoDB and DynamoDB Streams. It reads the body (at most 16 MB,
 * ./request-body.ts), checks its content type (./content-type.ts), decodes the operation from
 * `X-Amz-Target`, checks the caller's signature (./auth/request-caller.ts), parses the body, runs
 * the operation's handler and answers (./answers.ts).
 *
 * At exit: a 200 answer, the 413 or the 404 page; or a thrown error — a DynamoError for what the
 * client got wrong, anything else for what went wrong here — which the router's `onError`
 * (./index.ts) answers in the content type `answerContentType` names.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
import { DynamoError, SerializationException, UnknownOperationException } from "../../shared/api/errors";
import { LIMITS } from "../../shared/api/limits";
import { systemClock } from "../clock";
import type { Env } from "../env";
import { requestMetrics } from "../metrics/request-metrics";
import { jsonAnswer, tooLarge, unknownOperationPage } from "./answers";
import { authorize, permissionsOf } from "./auth/permissions";
import { requestCaller } from "./auth/request-caller";
import { type JsonContentType, jsonContentType, PLAIN_JSON } from "./content-type";
import { type Answer, operationContext } from "./context";
import { TARGETS } from "./dispatch";
import { type BodyBytes, decodeUtf8, readBody, TOO_LARGE } from "./request-body";
import { RequestHeaders } from "./request-headers";

/** The content type of the answer to `request`: the protocol type it declared, else plain JSON. */
export function answerContentType(request: Request): JsonContentType {
  return jsonContentType(request.headers.get("content-type")) ?? PLAIN_JSON;
}

/** The continent Cloudflare says the request came from; none under workerd. */
function continentOf(request: Request): string | undefined {
  const cf = (request as { cf?: { continent?: unknown } }).cf;
  return typeof cf?.continent === "string" ? cf.continent : undefined;
}

/** What the metrics count a request under: filled in by `dispatch` as it learns them. */
interface Counted {
  operation: string;
  table: string;
}

async function dispatch(
  request: Request,
  headers: RequestHeaders,
  env: Env,
  bytes: BodyBytes,
  counted: Counted,
): Promise<Answer> {
  const target = headers.get("x-amz-target") ?? "";
  const dot = target.indexOf(".") + 1;
  const operations = dot > 0 && Object.hasOwn(TARGETS, target.slice(0, dot)) ? TARGETS[target.slice(0, dot)] : {};
  const name = target.slice(dot);
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw new UnknownOperationException();
  counted.operation = name;
  const caller = requestCaller(
    request,
    headers,
    bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
    env,
    systemClock.now,
    () => continentOf(request),
  );
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
  const input = body as Record<string, unknown>;
  if (typeof input.TableName === "string") counted.table = input.TableName;
  if (caller.principal) authorize(caller.principal, permissionsOf(name, input, caller.region, caller.accountId));
  const ctx = operationContext(env, caller.region, caller.accountId, headers.get("host") ?? undefined);
  return operation(ctx, input);
}

/**
 * Answers one `POST /`, checking in the service's order: the body's size (413), its content type
 * (404), then the operation, the signature (and the key's policy) and the body itself (400s, thrown
 * by `dispatch`). The answer carries the content type the request declared. Each request of a
 * known operation is counted (workers/metrics/request-metrics.ts) unless METRICS is "off".
 */
export async function serveOperation(request: Request, env: Env): Promise<Response> {
  const started = systemClock.now();
  const headers = new RequestHeaders(request.headers);
  const declared = jsonContentType(headers.get("content-type"));
  const bytes = await readBody(request, LIMITS.requestBytes);
  if (bytes === TOO_LARGE) return tooLarge();
  if (declared === undefined && bytes.byteLength > 0) return unknownOperationPage();
  const counted: Counted = { operation: "", table: "" };
  requestMetrics.enabled = env.METRICS !== "off";
  try {
    const answer = jsonAnswer(200, await dispatch(request, headers, env, bytes, counted), declared ?? PLAIN_JSON);
    if (counted.operation !== "") requestMetrics.observe(counted.operation, counted.table, started, systemClock.now());
    return answer;
  } catch (error) {
    if (counted.operation !== "") {
      const type = error instanceof DynamoError ? error.type : "InternalServerError";
      requestMetrics.observe(counted.operation, counted.table, started, systemClock.now(), type);
    }
    throw error;
  }
}
