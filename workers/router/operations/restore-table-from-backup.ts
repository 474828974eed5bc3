import { fromWire } from "../../../shared/api/errors";
import { validateRestoreTableFromBackup } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * Creates a table from a backup, with the request's overrides: CREATING, with its RestoreSummary,
 * until the backup's items are loaded (workers/metadata/restores.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
 */
export const restoreTableFromBackup: Operation = async (ctx, body) => {
  const request = validateRestoreTableFromBackup(body);
  const reply = await ctx.metadata("restoreTableFromBackup", [request, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  return { TableDescription: reply.description };
};
