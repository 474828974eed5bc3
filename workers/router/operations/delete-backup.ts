import { fromWire } from "../../../shared/api/errors";
import { validateDeleteBackup } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * Deletes a backup and its files; the answer describes it as DELETED.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteBackup.html
 */
export const deleteBackup: Operation = async (ctx, body) => {
  const { backupArn } = validateDeleteBackup(body);
  const reply = await ctx.metadata("deleteBackup", [backupArn]);
  if (!reply.ok) throw fromWire(reply.error);
  return { BackupDescription: reply.description };
};
