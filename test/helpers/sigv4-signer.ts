/**
 * Signs requests as an AWS SDK does (SigV4, Authorization header), for tests that build their
 * requests by hand: through the same canonical form the server verifies with, from a key the
 * server is configured with (TEST_KEY, test/helpers/test-key.ts).
 */
import { amzDate } from "../../workers/router/auth/authenticate";
import {
  canonicalRequest,
  scopeText,
  sha256Hex,
  signature,
  signingKey,
  stringToSign,
} from "../../workers/router/auth/sigv4";
import { TEST_KEY } from "./test-key";

export interface SigningOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  /** Milliseconds since the epoch; now by default. */
  at?: number;
  sessionToken?: string;
}

/**
 * The headers that sign a POST of `body` to `url` carrying `headers`: `x-amz-date`, `host` and
 * `authorization` (and `x-amz-security-token` with a session token), every header given signed.
 */
export function signedHeaders(
  url: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
  options: SigningOptions = {},
): Record<string, string> {
  const target = new URL(url);
  const date = amzDate(options.at ?? Date.now());
  const scope = {
    date: date.slice(0, 8),
    region: options.region ?? "us-east-1",
    service: options.service ?? "dynamodb",
  };
  const all: Record<string, string> = {
    ...headers,
    host: target.host,
    "x-amz-date": date,
    ...(options.sessionToken ? { "x-amz-security-token": options.sessionToken } : {}),
  };
  const names = Object.keys(all)
    .map((name) => name.toLowerCase())
    .sort();
  const canonical = canonicalRequest({
    method: "POST",
    path: target.pathname,
    query: [...target.searchParams],
    headers: Object.entries(all),
    payloadHash: sha256Hex(typeof body === "string" ? new TextEncoder().encode(body) : body),
  });
  const key = signingKey(options.secretAccessKey ?? TEST_KEY.secretAccessKey, scope);
  const signed = signature(key, stringToSign(date, scope, canonical));
  const credential = `${options.accessKeyId ?? TEST_KEY.accessKeyId}/${scopeText(scope)}`;
  return {
    ...all,
    authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${names.join(";")}, Signature=${signed}`,
  };
}
