/** A table's topology, partitions and replication. */
import { Hono } from "hono";
import type { ConsoleEnv } from "../console-env";

export const topologyPages = new Hono<ConsoleEnv>();
