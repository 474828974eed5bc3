import { fromWire } from "../../../shared/api/errors";
import { validateRestoreTableToPointInTime } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * Creates a table from another's point-in-time archive at a second of its window, with the
 * request's overrides: CREATING until loaded (workers/metadata/point-in-time.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html
 */
export const restoreTableToPointInTime: Operation = async (ctx, body) => {
  const request = validateRestoreTableToPointInTime(body);
  const reply = await ctx.metadata("restoreTableToPointInTime", [request, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  return { TableDescription: reply.description };
};
