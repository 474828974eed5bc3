import { fromWire } from "../../../shared/api/errors";
import { validateImportTable } from "../../../shared/api/operations/imports";
import type { Operation } from "../context";

/**
 * Creates a table from DYNAMODB_JSON or CSV files of a bucket of the archive: CREATING until they
 * are loaded, the import IN_PROGRESS (workers/metadata/imports.ts, import-job.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ImportTable.html
 */
export const importTable: Operation = async (ctx, body) => {
  const { request, clientToken, createTable } = validateImportTable(body);
  const reply = await ctx.metadata("importTable", [request, clientToken, createTable, ctx.now()]);
  if (!reply.ok) throw fromWire(reply.error);
  return { ImportTableDescription: reply.description };
};
