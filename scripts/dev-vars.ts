/**
 * `npm run dev`'s secrets: `wrangler dev` reads them from `.dev.vars` (dotenv format). Before it
 * starts, this gives `.dev.vars` a CREDENTIALS entry (one random key, the shared-credentials text
 * with its newlines escaped) and an ADMIN_TOKEN if it lacks them, and keeps the same credentials
 * as a plain file, `.dev-credentials`, for the SDKs and CLI (AWS_SHARED_CREDENTIALS_FILE). Both
 * files are the developer's own: git ignores them, and nothing here overwrites them.
 */

import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { credentialsText, ensureSecretFile, newAdminToken, newKeyPair } from "./credentials-file";

export const DEV_VARS = ".dev.vars";
export const DEV_CREDENTIALS = ".dev-credentials";

/**
 * `text` as a double-quoted dotenv value, its newlines as `\n`: wrangler's dotenv expands only
 * those, so a text holding a quote or a backslash cannot be written (a generated key holds neither).
 */
export function dotenvQuoted(text: string): string {
  if (/["\\]/.test(text)) throw new Error("a .dev.vars value cannot hold a quote or a backslash");
  return `"${text.replace(/\r?\n/g, "\\n")}"`;
}

async function readOr(path: string, fallback: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return fallback;
  }
}

/** Adds what `<root>/.dev.vars` lacks. At exit: the lines added (names only), for the log. */
export async function ensureDevVars(root: string): Promise<string[]> {
  const path = join(root, DEV_VARS);
  const current = await readOr(path, "");
  const has = (name: string) => new RegExp(`^\\s*${name}\\s*=`, "m").test(current);
  const lines: string[] = [];
  const added: string[] = [];
  if (!has("CREDENTIALS")) {
    const file = await ensureSecretFile(root, DEV_CREDENTIALS, () => credentialsText([newKeyPair()]));
    lines.push(`CREDENTIALS=${dotenvQuoted(file.text)}`);
    added.push("CREDENTIALS");
  }
  if (!has("ADMIN_TOKEN")) {
    lines.push(`ADMIN_TOKEN=${newAdminToken()}`);
    added.push("ADMIN_TOKEN");
  }
  if (lines.length > 0) {
    const separator = current === "" || current.endsWith("\n") ? "" : "\n";
    await appendFile(path, `${separator}${lines.join("\n")}\n`, { mode: 0o600 });
  }
  return added;
}
