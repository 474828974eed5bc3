import { fromWire } from "../../../shared/api/errors";
import { validateDescribeExport } from "../../../shared/api/operations/exports";
import type { Operation } from "../context";

/**
 * An export's status, files and counts.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeExport.html
 */
export const describeExport: Operation = async (ctx, body) => {
  const { exportArn } = validateDescribeExport(body);
  const reply = await ctx.metadata("describeExport", [exportArn]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ExportDescription: reply.description };
};
