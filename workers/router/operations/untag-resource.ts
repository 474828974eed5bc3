import { fromWire } from "../../../shared/api/errors";
import { tableNameFromArn } from "../../../shared/api/operations/common";
import { validateUntagResource } from "../../../shared/api/operations/untag-resource";
import type { Operation } from "../context";

export const untagResource: Operation = async (ctx, body) => {
  const input = validateUntagResource(body);
  tableNameFromArn(input.ResourceArn, ctx.region, ctx.account);
  const reply = await ctx.metadata("untagResource", [input.ResourceArn, input.TagKeys]);
  if (!reply.ok) throw fromWire(reply.error);
  return {};
};
