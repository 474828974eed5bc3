/**
 * ExecuteStatement's NextToken: an opaque token (base64 of JSON) carrying where a SELECT's pages
 * stopped — which of its Queries (one per partition key value of an IN) and that Query's
 * LastEvaluatedKey — and a fingerprint of the statement and parameters it was made for. A token
 * that does not decode is "Invalid NextToken"; one made for another statement or other parameters
 * is refused as DynamoDB refuses it ("NextToken does not match request").
 */
import { xxh64Hex } from "../../keys/partition-hash";
import type { AttributeValue, Item } from "../attribute-value";
import { decodeBase64, encodeBase64 } from "../base64";
import { ValidationException } from "../errors";

const INVALID = "Invalid NextToken";
const MISMATCH = "NextToken does not match request";

/** Where the next page starts: the `request`-th request of the plan, after `key` when there is one. */
export interface PagePosition {
  request: number;
  key?: Item;
}

interface TokenBody {
  v: 1;
  f: string;
  r: number;
  k?: Item;
}

/** The fingerprint a token carries: of the statement's text and its parameters. */
export function statementFingerprint(statement: string, parameters: readonly AttributeValue[] = []): string {
  return xxh64Hex(new TextEncoder().encode(JSON.stringify([statement, parameters])));
}

export function encodeNextToken(fingerprint: string, position: PagePosition): string {
  const body: TokenBody = { v: 1, f: fingerprint, r: position.request, ...(position.key ? { k: position.key } : {}) };
  return encodeBase64(new TextEncoder().encode(JSON.stringify(body)));
}

function isTokenBody(value: unknown): value is TokenBody {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  const key = body.k;
  return (
    body.v === 1 &&
    typeof body.f === "string" &&
    Number.isSafeInteger(body.r) &&
    (body.r as number) >= 0 &&
    (key === undefined || (typeof key === "object" && key !== null && !Array.isArray(key)))
  );
}

/**
 * The position `token` names, for a statement of fingerprint `fingerprint` whose plan has
 * `requests` requests. Throws DynamoDB's ValidationException for a token it did not make, or made
 * for another statement.
 */
export function decodeNextToken(token: string, fingerprint: string, requests: number): PagePosition {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64(token)));
  } catch {
    throw new ValidationException(INVALID);
  }
  if (!isTokenBody(body)) throw new ValidationException(INVALID);
  if (body.f !== fingerprint) throw new ValidationException(MISMATCH);
  if (body.r >= requests) throw new ValidationException(INVALID);
  return { request: body.r, ...(body.k ? { key: body.k } : {}) };
}
