import { fromWire } from "../../../shared/api/errors";
import { validateDescribeBackup } from "../../../shared/api/operations/backups";
import type { Operation } from "../context";

/**
 * A backup's details, its source table's and the table's features it kept.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeBackup.html
 */
export const describeBackup: Operation = async (ctx, body) => {
  const { backupArn } = validateDescribeBackup(body);
  const reply = await ctx.metadata("describeBackup", [backupArn]);
  if (!reply.ok) throw fromWire(reply.error);
  return { BackupDescription: reply.description };
};
