/**
 * The self-hosted server's secrets, kept in its data directory (mode 0600) and created on its
 * first start:
 * - `credentials`: the keys it accepts, in the AWS shared-credentials format, so that
 *   `AWS_SHARED_CREDENTIALS_FILE=<data>/credentials` makes every AWS SDK and the AWS CLI sign with
 *   them (workers/router/auth/credentials.ts reads it; more keys are more profiles);
 * - `admin-token`: the bearer token of the admin API.
 * The server reads both when it starts (a change takes a restart) and hands them to workerd
 * through its environment, never through a file the bundle or its config holds.
 */

import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const CREDENTIALS_FILE = "credentials";
export const ADMIN_TOKEN_FILE = "admin-token";

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A random key pair shaped like AWS's: `AKIA` and 16 characters; a 40-character secret. */
export function newKeyPair(random: (n: number) => Uint8Array = randomBytes): KeyPair {
  const id = [...random(16)].map((b) => UPPER_ALNUM[b % UPPER_ALNUM.length]).join("");
  const secret = Buffer.from(random(30)).toString("base64").replace(/\+/g, "A").replace(/\//g, "z");
  return { accessKeyId: `AKIA${id}`, secretAccessKey: secret };
}

/** A credentials file holding `keys`, one profile each (the first `default`). */
export function credentialsText(keys: (KeyPair & { profile?: string; accountId?: string })[]): string {
  const header =
    "# dynaflare's access keys (AWS shared-credentials format). Point AWS_SHARED_CREDENTIALS_FILE here,\n" +
    "# or copy a profile into ~/.aws/credentials. One profile per key; dynaflare_account_id names the\n" +
    "# key's account (the server's ACCOUNT_ID when absent). The server reads this file when it starts.\n";
  const profiles = keys.map(
    (key, i) =>
      `\n[${key.profile ?? (i === 0 ? "default" : `key${i}`)}]\n` +
      `aws_access_key_id = ${key.accessKeyId}\n` +
      `aws_secret_access_key = ${key.secretAccessKey}\n` +
      (key.accountId ? `dynaflare_account_id = ${key.accountId}\n` : ""),
  );
  return header + profiles.join("");
}

/** Writes `text` to `<dataDir>/<name>`, readable by its owner only. */
export async function writeSecretFile(dataDir: string, name: string, text: string): Promise<string> {
  const path = join(dataDir, name);
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

/** A random admin API token. */
export const newAdminToken = () => randomBytes(24).toString("hex");

/** `<dir>/<name>`'s text, created by `create` first (readable by its owner only) if the file is missing. */
export async function ensureSecretFile(
  dir: string,
  name: string,
  create: () => string,
): Promise<{ path: string; text: string; created: boolean }> {
  const path = join(dir, name);
  try {
    return { path, text: await readFile(path, "utf8"), created: false };
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
  const text = create();
  await writeFile(path, text, { mode: 0o600, flag: "wx" });
  return { path, text, created: true };
}

/** The data directory's credentials file, created with one random key if missing. */
export function ensureCredentials(dataDir: string) {
  return ensureSecretFile(dataDir, CREDENTIALS_FILE, () => credentialsText([newKeyPair()]));
}

/** The data directory's admin token (its file's text, trimmed), created at random if missing. */
export async function ensureAdminToken(dataDir: string): Promise<{ path: string; token: string; created: boolean }> {
  const file = await ensureSecretFile(dataDir, ADMIN_TOKEN_FILE, () => `${newAdminToken()}\n`);
  return { path: file.path, token: file.text.trim(), created: file.created };
}
