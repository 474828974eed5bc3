import { validateListTables } from "../../../shared/api/operations/list-tables";
import type { Operation } from "../context";

export const listTables: Operation = async (ctx, body) => {
  const input = validateListTables(body);
  const page = await ctx.metadata("listTables", [input.Limit ?? 100, input.ExclusiveStartTableName]);
  return page.last ? { TableNames: page.names, LastEvaluatedTableName: page.last } : { TableNames: page.names };
};
