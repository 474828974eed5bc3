/**
 * The web console, mounted by the router at `/console`: server-rendered pages (Hono's JSX renderer,
 * ./layout.tsx) over what the admin API reports and the DynamoDB operations, with a little client
 * script to refresh live views. It answers only when an admin token is configured, and only to
 * its holder (./session.ts); without a token it is the router's plain 404 like any unknown path.
 *
 * Pages (each a module under ./pages): the overview, the tables and their data (the explorer), a
 * table's topology, partitions and replication, and, when ADMIN_API is "on", the faults.
 */
import { Hono } from "hono";
import { topologyOf } from "../topology";
import type { ConsoleEnv } from "./console-env";
import { layout } from "./layout";
import { faultsPages } from "./pages/faults";
import { overviewPages } from "./pages/overview";
import { tablePages } from "./pages/tables";
import { topologyPages } from "./pages/topology";
import { signedIn, signIn } from "./session";

export const consoleApp = new Hono<ConsoleEnv>();

/** The sign-in page, for a browser without the session cookie. */
function signInPage(failed: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · dynaflare console</title></head>
<body style="font:16px system-ui,sans-serif;max-width:32em;margin:4em auto">
<h1>dynaflare console</h1>
${failed ? '<p role="alert" style="color:#b91c1c">That is not the admin token.</p>' : ""}
<p>Enter the admin token: the <code>admin-token</code> file in the server's data directory, or the link <code>npm start</code> prints.</p>
<form method="post" action="/console/sign-in"><label>Admin token <input type="password" name="token" autofocus required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

consoleApp.use(async (c, next) => {
  const token = c.env.ADMIN_TOKEN;
  if (!token) return c.notFound();
  if (c.req.path === "/console/sign-in" && c.req.method === "POST") {
    const form = await c.req.parseBody();
    const given = typeof form.token === "string" ? form.token : undefined;
    if (!signIn(c, given, token)) return c.html(signInPage(true), 401);
    return c.redirect("/console", 303);
  }
  const query = c.req.query("token");
  if (query !== undefined) {
    if (!signIn(c, query, token)) return c.html(signInPage(true), 401);
    const url = new URL(c.req.url);
    url.searchParams.delete("token");
    return c.redirect(`${url.pathname}${url.search}`, 303);
  }
  if (!signedIn(c, token)) return c.html(signInPage(false), 401, { "www-authenticate": "Bearer" });
  const regions = [...topologyOf(c.env).keys()];
  const asked = c.req.query("region");
  c.set("regions", regions);
  c.set("region", asked && regions.includes(asked) ? asked : c.env.DEFAULT_REGION);
  c.header("cache-control", "no-store");
  c.header("x-frame-options", "DENY");
  await next();
});

/** What went wrong here, as a page: the error is logged, its details stay on the server. */
consoleApp.onError((error, c) => {
  console.error("console error", error);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error · dynaflare console</title></head>
<body style="font:16px system-ui,sans-serif;max-width:40em;margin:4em auto"><h1>Something went wrong</h1>
<p role="alert">The server could not build this page; its log says why. <a href="/console">Back to the overview</a></p></body></html>`,
    500,
  );
});

consoleApp.use(layout);
consoleApp.route("/", overviewPages);
consoleApp.route("/tables", tablePages);
consoleApp.route("/tables", topologyPages);
consoleApp.route("/faults", faultsPages);
