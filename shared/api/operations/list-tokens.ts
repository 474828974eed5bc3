/**
 * The NextToken of ListExports and ListImports: the last ARN a page listed, as lower-case hex of
 * its bytes after the list's name, zero-padded to a multiple of 16 digits and at least 112 (the
 * API model's ImportNextToken: `([0-9a-f]{16})+`, 112 to 1024 characters; the service's own tokens
 * are hex too). A token names its list, so one list's token is refused by the other, as the
 * service refuses it (export-import-errors.ts `invalidNextToken`).
 */
import { invalidNextToken } from "./export-import-errors";

export type TokenList = "exports" | "imports";

const MIN_DIGITS = 112;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The token of a page of `list` that ended with `lastArn`. */
export function encodeListToken(list: TokenList, lastArn: string): string {
  let hex = "";
  for (const byte of encoder.encode(`${list}:${lastArn}`)) hex += byte.toString(16).padStart(2, "0");
  const length = Math.max(MIN_DIGITS, Math.ceil(hex.length / 16) * 16);
  return hex.padEnd(length, "0");
}

/** The ARN a token of `list` resumes after; a token of another list or of none: ValidationException. */
export function decodeListToken(list: TokenList, token: string): string {
  if (!/^([0-9a-f]{2})+$/.test(token)) throw invalidNextToken(token);
  let end = token.length;
  while (end >= 2 && token.slice(end - 2, end) === "00") end -= 2;
  const bytes = new Uint8Array(end / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(token.slice(2 * i, 2 * i + 2), 16);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw invalidNextToken(token);
  }
  if (!text.startsWith(`${list}:`)) throw invalidNextToken(token);
  return text.slice(list.length + 1);
}

/**
 * A page of `all` (in the list's order) after the entry whose ARN `token` names, at most `limit`;
 * the token of the next page when more follow. `arnOf` reads an entry's ARN. A token naming an
 * entry the list no longer holds resumes where `before(arn, entry)` says the entry would be.
 */
export function pageOf<T>(
  list: TokenList,
  all: readonly T[],
  arnOf: (entry: T) => string,
  limit: number,
  token: string | undefined,
  before: (arn: string, entry: T) => boolean,
): { page: T[]; next?: string } {
  let rest: readonly T[] = all;
  if (token !== undefined) {
    const after = decodeListToken(list, token);
    const at = all.findIndex((entry) => arnOf(entry) === after);
    rest = at >= 0 ? all.slice(at + 1) : all.filter((entry) => before(after, entry));
  }
  const page = rest.slice(0, limit);
  return rest.length > limit ? { page, next: encodeListToken(list, arnOf(page[page.length - 1])) } : { page };
}
