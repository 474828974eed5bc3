/**
 * TagResource. The ARN itself is checked by `tableNameFromArn` (common.ts), after these.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest } from "../schema";
import { RESOURCE_ARN, TAGS, type Tag, validateTags } from "./common";

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

const MEMBERS: Members = { ResourceArn: RESOURCE_ARN, Tags: { ...TAGS, notNull: true } };

export function validateTagResource(body: Record<string, unknown>): TagResourceInput {
  const input = parseRequest<TagResourceInput>(body, MEMBERS);
  if (input.Tags.length === 0) throw new ValidationException("Atleast one Tag needs to be provided as Input.");
  validateTags(input.Tags);
  return input;
}
