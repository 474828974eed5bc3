/** The overview page. */
import { Hono } from "hono";
import type { ConsoleEnv } from "../console-env";

export const overviewPages = new Hono<ConsoleEnv>();

overviewPages.get("/", (c) => c.render(<p>Regions: {c.get("regions").join(", ")}</p>, { title: "Overview" }));
