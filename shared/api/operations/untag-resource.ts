/**
 * UntagResource. The ARN itself is checked by `tableNameFromArn` (common.ts), after these.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html
 */
import { type Members, parseRequest } from "../schema";
import { RESOURCE_ARN, TAG_KEYS, validateTagKeys } from "./common";

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

const MEMBERS: Members = { ResourceArn: RESOURCE_ARN, TagKeys: TAG_KEYS };

export function validateUntagResource(body: Record<string, unknown>): UntagResourceInput {
  const input = parseRequest<UntagResourceInput>(body, MEMBERS);
  validateTagKeys(input.TagKeys);
  return input;
}
