import { fromWire } from "../../../shared/api/errors";
import { validateCreateBackup } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * Starts an on-demand backup of a table: the table at one point in time, taken while writes go on
 * (workers/metadata/backups.ts); CREATING until every partition's part is in the archive.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
 */
export const createBackup: Operation = async (ctx, body) => {
  const { tableName, backupName } = validateCreateBackup(body);
  const reply = await ctx.metadata("createBackup", [tableName, backupName]);
  if (!reply.ok) throw fromWire(reply.error);
  return { BackupDetails: reply.details };
};
