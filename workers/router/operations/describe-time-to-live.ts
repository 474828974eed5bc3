import { fromWire } from "../../../shared/api/errors";
import { validateDescribeTimeToLive } from "../../../shared/api/operations/time-to-live";
import type { Operation } from "../context";

/**
 * A table's Time to Live: its status and attribute.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
 */
export const describeTimeToLive: Operation = async (ctx, body) => {
  const { TableName } = validateDescribeTimeToLive(body);
  const reply = await ctx.metadata("describeTimeToLive", [TableName]);
  if (!reply.ok) throw fromWire(reply.error);
  return { TimeToLiveDescription: reply.description };
};
