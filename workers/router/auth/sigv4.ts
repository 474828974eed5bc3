/**
 * AWS Signature Version 4: the canonical request, the string to sign, the signing key and the
 * signature, computed as AWS computes them, so that a verifier (./authenticate.ts) and a test's
 * signer get the same bytes from the same request.
 *
 * Contract: `signature(key, stringToSign(...canonicalRequest(parts)))` is what an AWS SDK puts in
 * `Signature=` for a request it signed with the secret `key` was derived from. Paths are
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

import { type HmacKey, hmac, hmacHex, hmacKey, sha256Hex } from "./sha256";

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

/** The canonical request's text. Headers with the same name are joined by commas, in order. */
export function canonicalRequest(parts: CanonicalParts): string {
  // A stable sort by name keeps the values of a repeated header in the order received.
  const headers = parts.headers
    .map(([name, value]): [string, string] => [name.toLowerCase(), canonicalValue(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let lines = "";
  let names = "";
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    if (i > 0 && name === headers[i - 1][0]) {
      lines += `,${value}`;
      continue;
    }
    lines += i > 0 ? `\n${name}:${value}` : `${name}:${value}`;
    names += i > 0 ? `;${name}` : name;
  }
  const query = parts.query.length > 0 ? canonicalQuery(parts.query) : "";
  return `${parts.method}\n${canonicalUri(parts.path)}\n${query}\n${lines}\n\n${names}\n${parts.payloadHash}`;
}

export const scopeText = (scope: Scope) => `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`;

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

/** Whether two strings are equal, in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(1, b.length));
  return difference === 0;
}
