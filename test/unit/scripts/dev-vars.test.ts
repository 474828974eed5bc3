import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { DEV_CREDENTIALS, DEV_VARS, dotenvQuoted, ensureDevVars } from "../../../scripts/dev-vars";
import { parseCredentials } from "../../../workers/router/auth/credentials";

const dirs: string[] = [];
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), "dynaflare-dev-vars-"));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A .dev.vars line's double-quoted value as wrangler's dotenv reads it: `\n` expanded, nothing else. */
const devVar = (vars: string, name: string) =>
  new RegExp(`^${name}="(.*)"$`, "m").exec(vars)?.[1].replace(/\\n/g, "\n");

describe("ensureDevVars", () => {
  test("gives .dev.vars a key in CREDENTIALS, the same as .dev-credentials holds, and an admin token", async () => {
    const root = await fresh();
    expect(await ensureDevVars(root)).toEqual(["CREDENTIALS", "ADMIN_TOKEN"]);
    const vars = await readFile(join(root, DEV_VARS), "utf8");
    const file = await readFile(join(root, DEV_CREDENTIALS), "utf8");
    expect(devVar(vars, "CREDENTIALS")).toBe(file);
    const keys = [...parseCredentials(file, "0").values()];
    expect(keys).toHaveLength(1);
    expect(keys[0].accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(vars).toMatch(/^ADMIN_TOKEN=[0-9a-f]{48}$/m);
    expect((await stat(join(root, DEV_CREDENTIALS))).mode & 0o777).toBe(0o600);
  });

  test("keeps what .dev.vars already holds, and adds nothing a second time", async () => {
    const root = await fresh();
    await writeFile(join(root, DEV_VARS), "OTHER=1\nADMIN_TOKEN=mine");
    expect(await ensureDevVars(root)).toEqual(["CREDENTIALS"]);
    const once = await readFile(join(root, DEV_VARS), "utf8");
    expect(once.startsWith("OTHER=1\nADMIN_TOKEN=mine\nCREDENTIALS=")).toBe(true);
    expect(await ensureDevVars(root)).toEqual([]);
    expect(await readFile(join(root, DEV_VARS), "utf8")).toBe(once);
  });
});

describe("dotenvQuoted", () => {
  test("escapes newlines, and refuses what wrangler's dotenv would not read back", () => {
    expect(dotenvQuoted("a\nb\r\nc")).toBe('"a\\nb\\nc"');
    expect(() => dotenvQuoted('say "hi"')).toThrow(/quote or a backslash/);
    expect(() => dotenvQuoted("back\\slash")).toThrow(/quote or a backslash/);
  });
});
