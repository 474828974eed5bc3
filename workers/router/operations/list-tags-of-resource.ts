import { fromWire } from "../../../shared/api/errors";
import { tableNameFromArn } from "../../../shared/api/operations/common";
import { validateListTagsOfResource } from "../../../shared/api/operations/list-tags-of-resource";
import type { Operation } from "../context";

/**
 * Every tag in one page: DynamoDB's tag limit keeps the list short, and NextToken is ignored as DynamoDB does.
 * The ARN of a missing table in this account is ResourceNotFoundException, as DynamoDB answers a caller
 * allowed to list tags; another account's ARN is AccessDeniedException (docs/dynamodb-messages.md).
 */
export const listTagsOfResource: Operation = async (ctx, body) => {
  const input = validateListTagsOfResource(body);
  tableNameFromArn(input.ResourceArn, ctx.region, ctx.account);
  const reply = await ctx.metadata("listTagsOfResource", [input.ResourceArn]);
  if (!reply.ok) throw fromWire(reply.error);
  return { Tags: reply.tags };
};
