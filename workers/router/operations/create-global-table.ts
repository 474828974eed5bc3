import { validateCreateGlobalTable } from "../../../shared/api/operations/create-global-table";
import { createGlobalTable as create } from "../../replication/router-legacy";
import type { Operation } from "../context";
import { legacyContext } from "../legacy-context";

export const createGlobalTable: Operation = async (ctx, body) => {
  const input = validateCreateGlobalTable(body);
  const description = await create(legacyContext(ctx), input);
  ctx.routes.invalidate(input.GlobalTableName);
  return { GlobalTableDescription: description };
};
