/**
 * DynamoDB calls as raw JSON over HTTP, for what the AWS SDK cannot send or would rewrite: its
 * serializer builds maps by assignment, so a map key `"__proto__"` never reaches the wire, and it
 * only sends well-formed bodies. Bodies given as objects are sent with `JSON.stringify`, which
 * keeps an own `"__proto__"` property; answers are read with `JSON.parse`, which keeps one too.
 */

import { inject } from "vitest";

export interface WireAnswer {
  status: number;
  /** The parsed JSON answer (an empty object for an empty body). */
  body: Record<string, unknown>;
}

/** The credential scope names us-east-1, as the e2e SDK clients do. */
const AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=AKIDDYNAFLARETEST/20260101/us-east-1/dynamodb/aws4_request, " +
  "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0";

/** Sends `body` as DynamoDB operation `operation` to the e2e server (or `endpoint`). */
export async function callWire(
  operation: string,
  body: string | object,
  endpoint: string = inject("endpoint"),
): Promise<WireAnswer> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      "x-amz-date": "20260101T000000Z",
      authorization: AUTHORIZATION,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The `__type` of an error answer without its namespace (`ValidationException`). */
export function errorType(answer: WireAnswer): string | undefined {
  const type = answer.body.__type;
  return typeof type === "string" ? type.slice(type.indexOf("#") + 1) : undefined;
}
