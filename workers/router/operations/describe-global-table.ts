import { validateDescribeGlobalTable } from "../../../shared/api/operations/describe-global-table";
import { describeLegacyGlobalTable } from "../../replication/router-legacy";
import type { Operation } from "../context";
import { legacyContext } from "../legacy-context";

export const describeGlobalTable: Operation = async (ctx, body) => {
  const input = validateDescribeGlobalTable(body);
  return { GlobalTableDescription: await describeLegacyGlobalTable(legacyContext(ctx), input.GlobalTableName) };
};
