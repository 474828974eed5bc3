import { fromWire } from "../../../shared/api/errors";
import { timeToLiveSpecification, validateUpdateTimeToLive } from "../../../shared/api/operations/time-to-live";
import type { Operation } from "../context";

/**
 * Turns Time to Live on or off for a table, by DynamoDB's rules (workers/metadata/time-to-live.ts);
 * the table's partition leaders then delete expired items (workers/replica/ttl-sweeper.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
 */
export const updateTimeToLive: Operation = async (ctx, body) => {
  const { tableName, enabled, attributeName } = validateUpdateTimeToLive(body);
  const specification = timeToLiveSpecification(enabled, attributeName);
  const reply = await ctx.metadata("updateTimeToLive", [tableName, specification, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  return { TimeToLiveSpecification: reply.specification };
};
