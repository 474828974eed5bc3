/** The tables and their data. */
import { Hono } from "hono";
import type { ConsoleEnv } from "../console-env";

export const tablePages = new Hono<ConsoleEnv>();
