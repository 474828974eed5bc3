import { fromWire } from "../../../shared/api/errors";
import { validateTableNameRequest } from "../../../shared/api/operations/describe-table";
import type { Operation } from "../context";

export const describeTable: Operation = async (ctx, body) => {
  const input = validateTableNameRequest(body);
  const reply = await ctx.metadata("describeTable", [input.TableName]);
  if (!reply.ok) throw fromWire(reply.error);
  return { Table: reply.description };
};
