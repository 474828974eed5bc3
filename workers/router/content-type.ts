/**
 * The content types of DynamoDB's JSON protocol: which a request may declare, and which its
 * answer then carries.
 *
 * The service's recorded answers (dynalite's test/connection.js, run against DynamoDB):
 * - a body with no content type, or another one, is answered 404 `<UnknownOperationException/>\n`
 *   before anything else is looked at (./dynamodb-endpoint.ts);
 * - `application/x-amz-json-1.0` (what the AWS SDKs and the AWS CLI send) is served and answered
 *   as `application/x-amz-json-1.0`;
 * - `application/json` is served and answered as `application/json`; so is a request without a
 *   body, whatever its content type.
 *
 * A media type's letter case and its parameters do not change it (RFC 9110 §8.3.1), and clients
 * of the service send `application/x-amz-json-1.0; charset=utf-8`, so both are accepted.
 * @see https://github.com/architect/dynalite/blob/main/test/connection.js
 */

export const AMZ_JSON = "application/x-amz-json-1.0";
export const PLAIN_JSON = "application/json";
export type JsonContentType = typeof AMZ_JSON | typeof PLAIN_JSON;

/** The protocol content type a `Content-Type` header names; undefined when absent or another type. */
export function jsonContentType(header: string | null): JsonContentType | undefined {
  if (header === AMZ_JSON) return AMZ_JSON;
  if (header === null) return undefined;
  const semicolon = header.indexOf(";");
  const type = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return type === AMZ_JSON ? AMZ_JSON : type === PLAIN_JSON ? PLAIN_JSON : undefined;
}
