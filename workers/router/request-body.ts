/**
 * Reading a request body whole, within a byte limit, and decoding it as UTF-8 strictly. Used by
 * the DynamoDB protocol (./dynamodb-endpoint.ts) and the admin API (workers/admin/admin.ts).
 *
 * The limit is kept without reading past it: a `Content-Length` over the limit refuses the body
 * before a byte of it is read; a body without one (chunked) is read with a running count and
 * cancelled as soon as the count passes the limit. So a client never makes the server hold more
 * than `limit` bytes of its body, plus the one chunk that crossed the limit.
 *
 * Decoding refuses invalid UTF-8 where `Request.text()` replaces it with U+FFFD: replaced, two
 * different byte strings would name the same key or attribute.
 */

/** What `readBody` answers for a body over the limit. */
export const TOO_LARGE: unique symbol = Symbol("request body too large");
export type TooLarge = typeof TOO_LARGE;

/** A body's bytes, in whichever form the read produced them. */
export type BodyBytes = ArrayBuffer | Uint8Array;

const EMPTY = new Uint8Array(0);

/**
 * The bytes of `request`'s body, or TOO_LARGE when it holds more than `limit` bytes; a body
 * refused so is cancelled, not read through.
 *
 * A `Content-Length` is taken as the body's length: the runtime's HTTP server frames the body by
 * it, so a body never holds more bytes than its header says. The usual request (a length within
 * the limit) is therefore one native read, `arrayBuffer()`, and no other object. With the strict
 * decoding after it, this measured ~3 µs dearer than the `text()` it replaces on a 1 KB body
 * (9.9 against 6.8 µs in workerd). A length that is not a decimal number is ignored and the body
 * read as a stream, counted.
 */
export function readBody(request: Request, limit: number): Promise<BodyBytes | TooLarge> {
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== undefined && declared <= limit) return request.arrayBuffer();
  return readUnknownOrOverLength(request, declared, limit);
}

async function readUnknownOrOverLength(
  request: Request,
  declared: number | undefined,
  limit: number,
): Promise<BodyBytes | TooLarge> {
  const body = request.body;
  if (body === null) return EMPTY;
  if (declared === undefined) return readStream(body, limit);
  await body.cancel().catch(ignore);
  return TOO_LARGE;
}

function ignore(): void {}

/** A `Content-Length` value as a number; undefined when absent or not a decimal number. */
function declaredLength(header: string | null): number | undefined {
  if (header === null || header.length === 0) return undefined;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(header);
}

/** Reads `body` chunk by chunk; cancels it once more than `limit` bytes have arrived. */
async function readStream(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | TooLarge> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(ignore);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 0) return EMPTY;
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * `fatal`: invalid UTF-8 throws. `ignoreBOM: false`: a leading byte order mark is dropped, as
 * `Request.text()` drops it.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * `bytes` as text; undefined when they are not valid UTF-8 (a stray byte, a truncated or overlong
 * sequence, an encoded surrogate).
 */
export function decodeUtf8(bytes: BodyBytes): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
