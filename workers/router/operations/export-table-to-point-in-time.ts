import { fromWire } from "../../../shared/api/errors";
import { validateExportTableToPointInTime } from "../../../shared/api/operations/exports";
import type { Operation } from "../context";

/**
 * Starts an export of a table with point-in-time recovery at a time of its window, into a bucket
 * of the archive: IN_PROGRESS until its files and manifests are written
 * (workers/metadata/exports.ts, export-job.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html
 */
export const exportTableToPointInTime: Operation = async (ctx, body) => {
  const { request, clientToken } = validateExportTableToPointInTime(body);
  const reply = await ctx.metadata("exportTableToPointInTime", [request, clientToken, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ExportDescription: reply.description };
};
