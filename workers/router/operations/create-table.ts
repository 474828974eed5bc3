import { fromWire } from "../../../shared/api/errors";
import { validateCreateTable } from "../../../shared/api/operations/create-table";
import type { Operation } from "../context";

export const createTable: Operation = async (ctx, body) => {
  const input = validateCreateTable(body);
  const reply = await ctx.metadata.createTable(input, ctx.now());
  if (!reply.ok) throw fromWire(reply.error);
  return { TableDescription: reply.description };
};
