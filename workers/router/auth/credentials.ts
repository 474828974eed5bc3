/**
 * The keys the server accepts, from text in the AWS shared-credentials format: one profile per
 * key, `aws_access_key_id` and `aws_secret_access_key` (and `aws_session_token` for session
 * credentials), plus what only this server reads (the AWS SDKs and CLI ignore keys they do not
 * know): `dynaflare_account_id`, the account the key belongs to (the server's ACCOUNT_ID when
 * absent), and `dynaflare_policy`, what the key may do (./policy.ts; all its account may when
 * absent). A policy that does not parse allows nothing.
 *
 * Where the text comes from: the CREDENTIALS secret (Cloudflare: `wrangler secret put`; `wrangler
 * dev`: `.dev.vars`; `npm start`: `<data>/credentials`, scripts/credentials-file.ts).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
 */

import { type Policy, parsePolicy } from "./policy";

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Session credentials: the token every request signed with this key must carry. */
  sessionToken?: string;
  accountId: string;
  /** The profile the key was read from. */
  profile: string;
  /** What the key may do; anything its account may when absent. */
  policy?: Policy;
}

/** Profiles of INI text: `[name]` sections of `key = value` lines; `#` and `;` start comments. */
export function parseProfiles(text: string): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      current = profiles.get(section[1]) ?? {};
      profiles.set(section[1], current);
      continue;
    }
    const equals = line.indexOf("=");
    if (!current || equals <= 0) continue;
    current[line.slice(0, equals).trim().toLowerCase()] = line.slice(equals + 1).trim();
  }
  return profiles;
}

/**
 * The keys of credentials text, by access key id. A profile without both an id and a secret
 * holds no key; of two profiles with the same id, the first counts.
 */
export function parseCredentials(text: string, defaultAccount: string): Map<string, AccessKey> {
  const keys = new Map<string, AccessKey>();
  for (const [profile, values] of parseProfiles(text)) {
    const accessKeyId = values.aws_access_key_id;
    const secretAccessKey = values.aws_secret_access_key;
    if (!accessKeyId || !secretAccessKey || keys.has(accessKeyId)) continue;
    keys.set(accessKeyId, {
      accessKeyId,
      secretAccessKey,
      ...(values.aws_session_token ? { sessionToken: values.aws_session_token } : {}),
      accountId: values.dynaflare_account_id || defaultAccount,
      profile,
      ...(values.dynaflare_policy !== undefined ? { policy: policyOf(profile, values.dynaflare_policy) } : {}),
    });
  }
  return keys;
}

/** A profile's policy; one that does not parse allows nothing (and says why in the log). */
function policyOf(profile: string, text: string): Policy {
  try {
    return parsePolicy(text);
  } catch (error) {
    console.error(`credentials: profile ${profile}'s dynaflare_policy allows nothing: ${(error as Error).message}`);
    return { statements: [] };
  }
}

let cached: { text: string; account: string; keys: Map<string, AccessKey> } | undefined;

/** `parseCredentials`, parsed once per isolate for the same text. */
export function credentialsOf(text: string, defaultAccount: string): Map<string, AccessKey> {
  if (cached?.text !== text || cached.account !== defaultAccount) {
    cached = { text, account: defaultAccount, keys: parseCredentials(text, defaultAccount) };
  }
  return cached.keys;
}
