import { fromWire } from "../../../shared/api/errors";
import { validateListExports } from "../../../shared/api/operations/exports";
import type { Operation } from "../context";

/**
 * The region's exports of the caller's account (of a table), in reverse order of ARN, paged.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListExports.html
 */
export const listExports: Operation = async (ctx, body) => {
  const request = validateListExports(body);
  const reply = await ctx.metadata("listExports", [request]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ExportSummaries: reply.summaries, ...(reply.nextToken !== undefined && { NextToken: reply.nextToken }) };
};
