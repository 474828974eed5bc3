/**
 * The shapes of the DynamoDB endpoint's answers: a JSON answer with its request id and CRC-32
 * headers, the 404 page for a body of another content type, and the 413 for a body over 16 MB.
 * Each is built as a `Response` directly (no framework helper), once per request.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
import type { JsonContentType } from "./content-type";
import type { Answer } from "./context";
import { crc32Text } from "./crc32";
import { JsonText } from "./json-text";

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

/** An answer of the JSON protocol: `body` as JSON, in the content type the request declared. */
export function jsonAnswer(status: number, body: Answer, contentType: JsonContentType): Response {
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
export function unknownOperationPage(): Response {
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
export function tooLarge(): Response {
  const empty = new ReadableStream({ start: (controller) => controller.close() });
  return new Response(empty, { status: 413 });
}
