/** The console's Hono environment: the Worker's bindings, and the region the page shows. */
import type { Env } from "../env";

export type ConsoleEnv = {
  Bindings: Env;
  Variables: {
    /** The region the page shows (`?region=`, else the deployment's default). */
    region: string;
    /** Every region of the deployment's topology. */
    regions: string[];
  };
};
