/**
 * The console's page shell (Hono's JSX renderer): a header with the region, the navigation, the
 * page's content, and the one small script every page shares (./client-script.ts). Plain HTML and
 * CSS, no animations; readable at 1280×800, every control reachable by keyboard.
 */

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { jsxRenderer } from "hono/jsx-renderer";
import { CLIENT_SCRIPT } from "./client-script";
import type { ConsoleEnv } from "./console-env";
import { STYLE } from "./style";

declare module "hono" {
  // An interface, not a type: it merges with Hono's declaration to type `c.render`'s props.
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: declaration merging needs an interface
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>;
  }
}

/** A link inside the console that keeps the region shown. */
export function consoleHref(path: string, region: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...params, region });
  return `/console${path}?${query}`;
}

function Nav(props: { region: string; regions: string[]; faults: boolean }): Child {
  const link = (path: string, label: string) => <a href={consoleHref(path, props.region)}>{label}</a>;
  return (
    <nav aria-label="console">
      <strong class="brand">dynaflare</strong>
      {link("", "Overview")}
      {link("/tables", "Tables")}
      {props.faults ? link("/faults", "Faults") : null}
      <form method="get" class="region" action="">
        <label>
          Region{" "}
          <select name="region" onchange="this.form.submit()">
            {props.regions.map((r) => (
              <option value={r} selected={r === props.region}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <noscript>
          <button type="submit">Show</button>
        </noscript>
      </form>
    </nav>
  );
}

export const layout = jsxRenderer<ConsoleEnv>(({ children, title }, c) => {
  const region = c.get("region");
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · dynaflare console`}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <Nav region={region} regions={c.get("regions")} faults={c.env.ADMIN_API === "on"} />
        <main>
          <h1>{title}</h1>
          {children}
        </main>
        <script>{raw(CLIENT_SCRIPT)}</script>
      </body>
    </html>
  );
});
