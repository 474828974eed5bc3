import { fromWire } from "../../../shared/api/errors";
import { validateTableNameRequest } from "../../../shared/api/operations/describe-table";
import type { Operation } from "../context";

export const deleteTable: Operation = async (ctx, body) => {
  const input = validateTableNameRequest(body);
  const reply = await ctx.metadata("deleteTable", [input.TableName]);
  ctx.routes.invalidate(input.TableName);
  if (!reply.ok) throw fromWire(reply.error);
  return { TableDescription: reply.description };
};
