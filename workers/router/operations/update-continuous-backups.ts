import { fromWire } from "../../../shared/api/errors";
import { validateUpdateContinuousBackups } from "../../../shared/api/operations/continuous-backups";
import type { Operation } from "../context";

/**
 * Turns point-in-time recovery on or off for a table, with its recovery period
 * (workers/metadata/point-in-time.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
 */
export const updateContinuousBackups: Operation = async (ctx, body) => {
  const request = validateUpdateContinuousBackups(body);
  const reply = await ctx.metadata("updateContinuousBackups", [request]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ContinuousBackupsDescription: reply.description };
};
