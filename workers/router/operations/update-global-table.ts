import { validateUpdateGlobalTable } from "../../../shared/api/operations/update-global-table";
import { updateGlobalTable as update } from "../../replication/router-legacy";
import type { Operation } from "../context";
import { legacyContext } from "../legacy-context";

export const updateGlobalTable: Operation = async (ctx, body) => {
  const input = validateUpdateGlobalTable(body);
  const description = await update(legacyContext(ctx), input);
  ctx.routes.invalidate(input.GlobalTableName);
  return { GlobalTableDescription: description };
};
