import { fromWire } from "../../../shared/api/errors";
import { validateDescribeContinuousBackups } from "../../../shared/api/operations/continuous-backups";
import type { Operation } from "../context";

/**
 * A table's point-in-time recovery: its status, period and restorable window.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
 */
export const describeContinuousBackups: Operation = async (ctx, body) => {
  const { tableName } = validateDescribeContinuousBackups(body);
  const reply = await ctx.metadata("describeContinuousBackups", [tableName]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ContinuousBackupsDescription: reply.description };
};
