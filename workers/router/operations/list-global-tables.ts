import { groupOf } from "../../../shared/api/global-table";
import {
  DEFAULT_GLOBAL_TABLES_LIMIT,
  validateListGlobalTables,
} from "../../../shared/api/operations/list-global-tables";
import type { Operation } from "../context";

export const listGlobalTables: Operation = async (ctx, body) => {
  const input = validateListGlobalTables(body);
  const limit = input.Limit ?? DEFAULT_GLOBAL_TABLES_LIMIT;
  const page = await ctx.metadata("legacyGlobalTables", [limit, input.ExclusiveStartGlobalTableName, input.RegionName]);
  const GlobalTables = page.tables.map((t) => ({
    GlobalTableName: t.name,
    ReplicationGroup: groupOf(t, ctx.region).map((RegionName) => ({ RegionName })),
  }));
  return page.last ? { GlobalTables, LastEvaluatedGlobalTableName: page.last } : { GlobalTables };
};
