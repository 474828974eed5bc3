/**
 * Verifies a request's AWS Signature Version 4, in the `Authorization` header or in the query
 * string (a presigned request), and names the key that signed it and the region it is for.
 *
 * The checks run in the service's order, each failure with DynamoDB's error and wording (as the
 * service answered them, recorded in docs/dynamodb-messages.md): the signature's parts, the
 * date's format and skew (15 minutes either way), `host` among the signed headers, the algorithm,
 * the credential's shape, its scope (region, service `dynamodb`, terminator, date), the access
 * key, the signature itself, and the session token.
 *
 * Signing keys are cached per key and scope (a day's), so a request costs two SHA-256 digests and
 * one HMAC, computed synchronously (./sha256.ts); signatures are compared in constant time.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
 */
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from "../../../shared/api/errors";
import type { AccessKey } from "./credentials";
import type { HmacKey } from "./sha256";
import {
  ALGORITHM,
  type CanonicalParts,
  constantTimeEqual,
  requestSignature,
  type Scope,
  sha256Hex,
  signingKey,
  TERMINATOR,
  uriDecode,
} from "./sigv4";

const SERVICE = "dynamodb";
/** How far a request's date may be from the server's clock, either way. */
const SKEW_MS = 15 * 60_000;
/** The longest a presigned request may say it is valid (`X-Amz-Expires`): seven days. */
const MAX_EXPIRES_S = 604_800;

/** What the verifier needs of the deployment. */
export interface Verifier {
  /** The key with access key id `id`, if the server knows it. */
  key(id: string): AccessKey | undefined;
  /** Whether the server serves region `name`. */
  serves(name: string): boolean;
  /** Now, in milliseconds since the epoch. */
  now(): number;
}

/** Who signed a request, and for which region. */
export interface Caller {
  key: AccessKey;
  region: string;
}

/** The request as received: its method, URL, headers and body. */
export interface ReceivedRequest {
  method: string;
  /** The absolute URL, as the runtime gives it (`request.url`). */
  url: string;
  headers: Pick<Headers, "get">;
  body: Uint8Array;
}

/** A URL's path and query as sent (percent-encoded), without parsing the rest of it. */
function pathAndQuery(url: string): { path: string; query: string } {
  const authority = url.indexOf("//");
  const slash = url.indexOf("/", authority < 0 ? 0 : authority + 2);
  if (slash < 0) return { path: "/", query: "" };
  const end = url.indexOf("#", slash);
  const rest = end < 0 ? url.slice(slash) : url.slice(slash, end);
  const mark = rest.indexOf("?");
  return mark < 0 ? { path: rest, query: "" } : { path: rest.slice(0, mark), query: rest.slice(mark + 1) };
}

/** A query string's parameters, as sent: names and values still percent-encoded. */
function rawParams(query: string): [string, string][] {
  if (query === "") return [];
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const equals = pair.indexOf("=");
      return equals < 0 ? [pair, ""] : [pair.slice(0, equals), pair.slice(equals + 1)];
    });
}

/** A signature's parts, from either form. */
interface SignedParts {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  date: string;
  token: string | undefined;
  /** The presigned form's lifetime, in seconds. */
  expires?: string;
  /** The path, and the query parameters the signature covers (all but `X-Amz-Signature`), as sent. */
  path: string;
  query: [string, string][];
}

/** Verifies `request`'s signature. At exit: its caller; throws DynamoDB's error otherwise. */
export function authenticate(request: ReceivedRequest, verifier: Verifier): Caller {
  const parts = signedParts(request);
  const signedAt = parseAmzDate(parts.date);
  if (signedAt === undefined) {
    throw new IncompleteSignatureException(
      `Date must be in ISO-8601 'basic format'. Got '${parts.date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  checkSkew(parts, signedAt, verifier.now());
  const signed = parts.signedHeaders.split(";");
  if (signed.indexOf("host") < 0) {
    throw new InvalidSignatureException("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (parts.algorithm !== ALGORITHM) {
    throw new IncompleteSignatureException(
      `Unsupported AWS 'algorithm': '${parts.algorithm}' (only ${ALGORITHM} for now). `,
    );
  }
  let credential = parts.credential;
  while (credential.endsWith("/")) credential = credential.slice(0, -1);
  const elements = credential.split("/");
  if (elements.length !== 5) {
    throw new IncompleteSignatureException(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
    );
  }
  const [keyId, date, region, service, terminator] = elements;
  const scope: Scope = { date, region, service };
  checkScope(parts.date, scope, terminator, verifier);
  const key = verifier.key(keyId);
  if (!key) throw new UnrecognizedClientException();
  const payloadHash = sha256Hex(request.body);
  // The payload hash a client signed in a header of its own (S3 style) counts only if signed.
  const claimed = signed.indexOf("x-amz-content-sha256") < 0 ? null : request.headers.get("x-amz-content-sha256");
  const canonical: CanonicalParts = {
    method: request.method,
    path: parts.path,
    query: parts.query,
    headers: signed.map((name) => [name, request.headers.get(name) ?? ""]),
    payloadHash: claimed ?? payloadHash,
  };
  const scopeText = credential.slice(keyId.length + 1);
  const expected = requestSignature(cachedSigningKey(key, scope, scopeText), parts.date, scopeText, canonical);
  if (!constantTimeEqual(expected, parts.signature) || (claimed !== null && claimed !== payloadHash)) {
    throw new InvalidSignatureException(
      "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  if (parts.token !== key.sessionToken) {
    throw new UnrecognizedClientException("The security token included in the request is invalid");
  }
  return { key, region };
}

/** The signature's parts from the `Authorization` header, else from the query string. */
function signedParts(request: ReceivedRequest): SignedParts {
  const { path, query } = pathAndQuery(request.url);
  const params = rawParams(query);
  const authorization = request.headers.get("authorization");
  if (authorization?.trimStart().startsWith("AWS4-")) {
    return headerParts(authorization, request.headers, path, params);
  }
  if (params.some(([name]) => name === "X-Amz-Algorithm")) return queryParts(path, params);
  throw new MissingAuthenticationTokenException();
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/**
 * `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`: the algorithm up to the first
 * space, then comma-separated `name=value` pairs, each trimmed (the last of a repeated name wins).
 */
function headerParts(
  authorization: string,
  headers: Pick<Headers, "get">,
  path: string,
  query: [string, string][],
): SignedParts {
  const trimmed = authorization.trim();
  let space = 0;
  while (space < trimmed.length && !isSpace(trimmed.charCodeAt(space))) space++;
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (let start = space; start < trimmed.length; ) {
    let end = trimmed.indexOf(",", start);
    if (end < 0) end = trimmed.length;
    const equals = trimmed.indexOf("=", start);
    if (equals > start && equals < end) {
      const name = trimmed.slice(start, equals).trim();
      const value = trimmed.slice(equals + 1, end).trim();
      if (name === "Credential") credential = value;
      else if (name === "SignedHeaders") signedHeaders = value;
      else if (name === "Signature") signature = value;
    }
    start = end + 1;
  }
  const date = headers.get("x-amz-date") ?? httpDate(headers.get("date"));
  let missing = "";
  if (credential === undefined) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature === undefined) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (date === undefined)
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing !== "") throw new IncompleteSignatureException(`${missing}Authorization=${authorization}`);
  return {
    algorithm: trimmed.slice(0, space),
    credential: credential!,
    signedHeaders: signedHeaders!,
    signature: signature!,
    date: date!,
    token: headers.get("x-amz-security-token") ?? undefined,
    path,
    query,
  };
}

const QUERY_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];

function queryParts(path: string, query: [string, string][]): SignedParts {
  const params = new Map(query.map(([name, value]) => [uriDecode(name), uriDecode(value)]));
  for (const name of QUERY_PARAMS) {
    if (!params.has(name)) {
      throw new IncompleteSignatureException(
        `AWS query-string parameters must include '${name}'. Re-examine the query-string parameters.`,
      );
    }
  }
  return {
    algorithm: params.get("X-Amz-Algorithm")!,
    credential: params.get("X-Amz-Credential")!,
    signedHeaders: params.get("X-Amz-SignedHeaders")!,
    signature: params.get("X-Amz-Signature")!,
    date: params.get("X-Amz-Date")!,
    token: params.get("X-Amz-Security-Token") ?? undefined,
    expires: params.get("X-Amz-Expires") ?? undefined,
    path,
    query: query.filter(([name]) => uriDecode(name) !== "X-Amz-Signature"),
  };
}

/** The number the ASCII digits of `text` from `start` to `end` spell; NaN if one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `20150830T123600Z` as milliseconds since the epoch; undefined if it is not ISO 8601 basic format. */
export function parseAmzDate(text: string): number | undefined {
  if (text.length !== 16 || text.charCodeAt(8) !== 84 /* T */ || text.charCodeAt(15) !== 90 /* Z */) return undefined;
  const y = digits(text, 0, 4);
  const mo = digits(text, 4, 6);
  const d = digits(text, 6, 8);
  const h = digits(text, 9, 11);
  const mi = digits(text, 11, 13);
  const s = digits(text, 13, 15);
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1] && h <= 23 && mi <= 59 && s <= 59))
    return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (mo === 2 && d === 29 && !leap) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Milliseconds since the epoch in ISO 8601 basic format. */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** An HTTP `Date` header's time in ISO 8601 basic format, if it parses. */
function httpDate(text: string | null): string | undefined {
  if (text === null) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : amzDate(ms);
}

function checkSkew(parts: SignedParts, signedAt: number, now: number): void {
  if (parts.expires !== undefined) {
    const seconds = Number(parts.expires);
    if (!/^\d+$/.test(parts.expires) || seconds < 1 || seconds > MAX_EXPIRES_S) {
      throw new IncompleteSignatureException(
        `X-Amz-Expires must be a number of seconds between 1 and ${MAX_EXPIRES_S}, got '${parts.expires}'`,
      );
    }
    if (now > signedAt + seconds * 1000) {
      throw new InvalidSignatureException(
        `Signature expired: ${parts.date} is now earlier than ${amzDate(now - seconds * 1000)} (${amzDate(now)} - ${seconds} sec.)`,
      );
    }
  } else if (signedAt < now - SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${parts.date} is now earlier than ${amzDate(now - SKEW_MS)} (${amzDate(now)} - 15 min.)`,
    );
  }
  if (signedAt > now + SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${parts.date} is still later than ${amzDate(now + SKEW_MS)} (${amzDate(now)} + 15 min.)`,
    );
  }
}

/** Every wrong part of the scope, in one message, as the service words it. */
function checkScope(date: string, scope: Scope, terminator: string, verifier: Verifier): void {
  let message = "";
  if (!verifier.serves(scope.region))
    message += `Credential should be scoped to a valid region, not '${scope.region}'. `;
  if (scope.service !== SERVICE) message += `Credential should be scoped to correct service: '${SERVICE}'. `;
  if (terminator !== TERMINATOR) {
    message += `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `;
  }
  if (scope.date !== date.slice(0, 8)) {
    message += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${date.slice(0, 8)}', from '${date}'.`;
  }
  if (message !== "") throw new InvalidSignatureException(message.trimEnd());
}

/** Derived signing keys by key (the object: a changed secret is a new one) and scope text. */
const SIGNING_KEYS = new WeakMap<AccessKey, Map<string, HmacKey>>();
/** The most scopes (days, regions) a key's cache holds before it is emptied. */
const MAX_SCOPES = 16;

function cachedSigningKey(key: AccessKey, scope: Scope, text: string): HmacKey {
  let scopes = SIGNING_KEYS.get(key);
  if (!scopes) {
    scopes = new Map();
    SIGNING_KEYS.set(key, scopes);
  }
  let derived = scopes.get(text);
  if (!derived) {
    if (scopes.size >= MAX_SCOPES) scopes.clear();
    derived = signingKey(key.secretAccessKey, scope);
    scopes.set(text, derived);
  }
  return derived;
}
