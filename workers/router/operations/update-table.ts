import { fromWire } from "../../../shared/api/errors";
import { validateUpdateTable } from "../../../shared/api/operations/update-table";
import type { Operation } from "../context";

export const updateTable: Operation = async (ctx, body) => {
  const input = validateUpdateTable(body);
  const reply = await ctx.metadata("updateTable", [input, ctx.now()]);
  ctx.routes.invalidate(input.TableName);
  if (!reply.ok) throw fromWire(reply.error);
  return { TableDescription: reply.description };
};
