/** The faults page (ADMIN_API on). */
import { Hono } from "hono";
import type { ConsoleEnv } from "../console-env";

export const faultsPages = new Hono<ConsoleEnv>();
