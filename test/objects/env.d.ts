// Types for the objects project: `env` and `exports` from "cloudflare:workers" are the Worker's.
import type { Env as WorkerEnv } from "../../workers/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import("../../workers/index");
      durableNamespaces: "MetadataObject" | "ReplicaObject";
    }
  }
}
