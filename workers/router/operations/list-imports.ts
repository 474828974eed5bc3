import { fromWire } from "../../../shared/api/errors";
import { validateListImports } from "../../../shared/api/operations/imports";
import type { Operation } from "../context";

/**
 * The region's imports of the caller's account (into a table), newest first, paged.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListImports.html
 */
export const listImports: Operation = async (ctx, body) => {
  const request = validateListImports(body);
  const reply = await ctx.metadata("listImports", [request]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ImportSummaryList: reply.summaries, ...(reply.nextToken !== undefined && { NextToken: reply.nextToken }) };
};
