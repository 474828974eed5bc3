import { fromWire } from "../../../shared/api/errors";
import { tableNameFromArn } from "../../../shared/api/operations/common";
import { validateTagResource } from "../../../shared/api/operations/tag-resource";
import type { Operation } from "../context";

export const tagResource: Operation = async (ctx, body) => {
  const input = validateTagResource(body);
  tableNameFromArn(input.ResourceArn, ctx.region, ctx.account);
  const reply = await ctx.metadata("tagResource", [input.ResourceArn, input.Tags]);
  if (!reply.ok) throw fromWire(reply.error);
  return {};
};
