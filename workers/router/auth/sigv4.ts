/**
 * AWS Signature Version 4: the canonical request, the string to sign, the signing key and the
 * signature, computed as AWS computes them, so that a verifier (./authenticate.ts) and a test's
 * signer get the same bytes from the same request.
 *
 * Contract: `requestSignature(key, amzDate, scope, parts)`, which is
 * `signature(key, stringToSign(amzDate, scope, canonicalRequest(parts)))`, is what an AWS SDK puts
 * in `Signature=` for a request it signed with the secret `key` was derived from. Paths are
 * normalized (dot segments, repeated slashes) and their segments encoded once more, as the SDKs
 * do for every service but S3.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const TERMINATOR = "aws4_request";

/** What the canonical request is built from. */
export interface CanonicalParts {
  method: string;
  /** The path as sent (percent-encoded), e.g. `/` or `/a%20b`. */
  path: string;
  /** Query parameters as sent (percent-encoded), without the presigned form's `X-Amz-Signature`. */
  query: [string, string][];
  /** The signed headers' names (lowercase, sorted) and their values as received. */
  headers: [string, string][];
  /** Hex SHA-256 of the body (or the `x-amz-content-sha256` value the client signed). */
  payloadHash: string;
}

/** The scope a signing key is derived for: `date/region/service/aws4_request`. */
export interface Scope {
  /** YYYYMMDD. */
  date: string;
  region: string;
  service: string;
}

import {
  BlockMemo,
  type HmacKey,
  hmac,
  hmacEnd,
  hmacHex,
  hmacKey,
  hmacStream,
  sha256Hex,
  sha256Stream,
} from "./sha256";

export { sha256Hex };

const encoder = new TextEncoder();

/** RFC 3986 encoding of `text` as SigV4 wants it: everything but unreserved characters, in UTF-8, upper-case hex. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** `text` percent-decoded, or as it is where it is not valid percent-encoding. */
export function uriDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path with `.` and `..` segments resolved and empty segments dropped, each segment encoded again. */
export function canonicalUri(path: string): string {
  if (path === "/") return path;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = path.length > 1 && path.endsWith("/") && segments.length > 0 ? "/" : "";
  return `/${segments.map((s) => uriEncode(s)).join("/")}${trailing}`;
}

/** The query, each name and value decoded and encoded canonically, sorted by name then value. */
export function canonicalQuery(query: [string, string][]): string {
  return query
    .map(([name, value]) => [uriEncode(uriDecode(name)), uriEncode(uriDecode(value))])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** A header value as signed: trimmed, runs of spaces inside it made one. */
function canonicalValue(value: string): string {
  const trimmed = value.trim();
  const plain = trimmed.indexOf("  ") < 0 && trimmed.indexOf("\t") < 0 && trimmed.indexOf("\n") < 0;
  return plain ? trimmed : trimmed.replace(/\s+/g, " ");
}

/** Whether header names are lowercase and sorted already, as clients sign them. */
function inCanonicalOrder(headers: [string, string][]): boolean {
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (name !== name.toLowerCase() || (i > 0 && headers[i - 1][0] > name)) return false;
  }
  return true;
}

/** Takes text a piece at a time: a string being built, or a digest. */
interface TextSink {
  text(text: string): unknown;
}

/**
 * The canonical request's text, given to `out` a piece at a time. Headers with the same name are
 * joined by commas, in order.
 */
function writeCanonicalRequest(parts: CanonicalParts, out: TextSink): void {
  // A stable sort by name keeps the values of a repeated header in the order received.
  const headers = inCanonicalOrder(parts.headers)
    ? parts.headers
    : parts.headers
        .map(([name, value]): [string, string] => [name.toLowerCase(), value])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.text(parts.method);
  out.text("\n");
  out.text(canonicalUri(parts.path));
  out.text("\n");
  if (parts.query.length > 0) out.text(canonicalQuery(parts.query));
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    if (i > 0 && name === headers[i - 1][0]) {
      out.text(",");
    } else {
      out.text("\n");
      out.text(name);
      out.text(":");
    }
    out.text(canonicalValue(value));
  }
  out.text("\n\n");
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (i > 0 && name === headers[i - 1][0]) continue;
    if (i > 0) out.text(";");
    out.text(name);
  }
  out.text("\n");
  out.text(parts.payloadHash);
}

/** The canonical request's text. */
export function canonicalRequest(parts: CanonicalParts): string {
  const out = { value: "", text: (text: string) => (out.value += text) };
  writeCanonicalRequest(parts, out);
  return out.value;
}

export const scopeText = (scope: Scope) => `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`;

/**
 * Consecutive requests' canonical requests (method, path, first headers) and strings to sign
 * (algorithm, date to the second, scope) mostly begin alike: their first blocks are hashed once.
 */
const CANONICAL_BLOCKS = new BlockMemo();
const TO_SIGN_BLOCKS = new BlockMemo();

/** The string to sign for a request made at `amzDate` (ISO 8601 basic, `20150830T123600Z`). */
export function stringToSign(amzDate: string, scope: Scope, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scopeText(scope)}\n${sha256Hex(canonical)}`;
}

/** The signing key of `secret` for `scope`: four HMACs, as a key ready to sign with. */
export function signingKey(secret: string, scope: Scope): HmacKey {
  let key = hmac(hmacKey(encoder.encode(`AWS4${secret}`)), scope.date);
  for (const part of [scope.region, scope.service, TERMINATOR]) key = hmac(hmacKey(key), part);
  return hmacKey(key);
}

/** The hex signature of `text` under `key`. */
export function signature(key: HmacKey, text: string): string {
  return hmacHex(key, text);
}

/** The canonical request's digest, between the two hashes of `requestSignature`. */
const canonicalHash = new Int32Array(8);

/**
 * The hex signature, under `key`, of the request `parts` describe, made at `amzDate` in the
 * scope whose text is `scope`: `signature(key, stringToSign(amzDate, scope, canonicalRequest(parts)))`,
 * computed without building either text, each piece hashed as it comes.
 */
export function requestSignature(key: HmacKey, amzDate: string, scope: string, parts: CanonicalParts): string {
  const canonical = sha256Stream(CANONICAL_BLOCKS);
  writeCanonicalRequest(parts, canonical);
  canonicalHash.set(canonical.finish().state);
  const toSign = hmacStream(key, TO_SIGN_BLOCKS);
  toSign.text(ALGORITHM).text("\n").text(amzDate).text("\n").text(scope).text("\n").hex(canonicalHash);
  return hmacEnd(key, toSign).digestHex();
}

/** Whether two strings are equal, in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
