/**
 * `npm run dev`: `wrangler dev` with the secrets it needs in `.dev.vars` (./dev-vars.ts). Runs
 * with Node's type stripping, like scripts/start.ts.
 */

import "./ts-imports.ts";

const { spawn } = await import("node:child_process");
const { join } = await import("node:path");
const { DEV_CREDENTIALS, ensureDevVars } = await import("./dev-vars");
const { REPO_ROOT } = await import("./server");

const added = await ensureDevVars(REPO_ROOT);
if (added.length > 0) console.log(`dynaflare: added ${added.join(" and ")} to .dev.vars`);
console.log(
  `dynaflare: requests must be signed by a key of .dev.vars's CREDENTIALS; to use it:\n` +
    `  export AWS_SHARED_CREDENTIALS_FILE=${join(REPO_ROOT, DEV_CREDENTIALS)}`,
);
const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "wrangler"), ["dev", ...process.argv.slice(2)], {
  cwd: REPO_ROOT,
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
child.on("exit", (code: number | null, signal: string | null) => process.exit(code ?? (signal ? 1 : 0)));
