/** What the version 2017.11.29 global table handlers hand to workers/replication/router-legacy.ts. */
import type { LegacyContext } from "../replication/router-legacy";
import { topologyOf } from "../topology";
import type { OperationContext } from "./context";

export function legacyContext(ctx: OperationContext): LegacyContext {
  return {
    link: ctx.link,
    region: ctx.region,
    account: ctx.account,
    regions: [...topologyOf(ctx.env).keys()],
    now: ctx.now(),
  };
}
