/**
 * DescribeLimits: the account's capacity quotas in the region, not what is left of them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
 */
import { parseRequest } from "../schema";
import { THROUGHPUT_LIMITS } from "./common";

/** The request has no members; a body that is not a JSON object was refused before this. */
export function validateDescribeLimits(body: Record<string, unknown>): void {
  parseRequest(body, {});
}

export function describeLimits(): typeof THROUGHPUT_LIMITS {
  return { ...THROUGHPUT_LIMITS };
}
