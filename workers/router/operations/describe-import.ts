import { fromWire } from "../../../shared/api/errors";
import { validateDescribeImport } from "../../../shared/api/operations/imports";
import type { Operation } from "../context";

/**
 * An import's status and counts.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeImport.html
 */
export const describeImport: Operation = async (ctx, body) => {
  const { importArn } = validateDescribeImport(body);
  const reply = await ctx.metadata("describeImport", [importArn]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ImportTableDescription: reply.description };
};
