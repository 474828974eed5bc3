import { fromWire } from "../../../shared/api/errors";
import { validateListBackups } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * The region's backups of the caller's account, by creation time, filtered and paged.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html
 */
export const listBackups: Operation = async (ctx, body) => {
  const request = validateListBackups(body);
  const reply = await ctx.metadata("listBackups", [request]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ...reply.output };
};
