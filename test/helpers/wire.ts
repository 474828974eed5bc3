/**
 * DynamoDB calls as raw JSON over HTTP, for what the AWS SDK cannot send or would rewrite: its
 * serializer builds maps by assignment, so a map key `"__proto__"` never reaches the wire, and it
 * only sends well-formed bodies. Bodies given as objects are sent with `JSON.stringify`, which
 * keeps an own `"__proto__"` property; answers are read with `JSON.parse`, which keeps one too.
 */

import { inject } from "vitest";
import { signedHeaders } from "./sigv4-signer";

export interface WireAnswer {
  status: number;
  /** The parsed JSON answer (an empty object for an empty body). */
  body: Record<string, unknown>;
}

/** Sends `body` as DynamoDB operation `operation` to the e2e server (or `endpoint`), signed for us-east-1 with the test key. */
export async function callWire(
  operation: string,
  body: string | object,
  endpoint: string = inject("endpoint"),
): Promise<WireAnswer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const headers = { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` };
  const response = await fetch(endpoint, {
    method: "POST",
    headers: signedHeaders(endpoint, headers, text),
    body: text,
  });
  const answer = await response.text();
  return { status: response.status, body: answer ? (JSON.parse(answer) as Record<string, unknown>) : {} };
}

/** The `__type` of an error answer without its namespace (`ValidationException`). */
export function errorType(answer: WireAnswer): string | undefined {
  const type = answer.body.__type;
  return typeof type === "string" ? type.slice(type.indexOf("#") + 1) : undefined;
}
