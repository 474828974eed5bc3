import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../../scripts/server";
import { readWranglerConfig, withVarOverrides } from "../../../scripts/wrangler-config";

const BASE = 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

/** Reads `toml` as a project's wrangler.toml, with wrangler's reader. */
async function read(toml: string) {
  const root: string = await mkdtemp(join(tmpdir(), "dynaflare-wrangler-config-"));
  roots.push(root);
  await writeFile(join(root, "wrangler.toml"), toml);
  return readWranglerConfig(root);
}

describe("wrangler config", () => {
  test("reads the repository's wrangler.toml: every bound Durable Object class is SQLite-backed", async () => {
    const config = await readWranglerConfig(REPO_ROOT);
    expect(config.name).toBe("dynaflare");
    expect(config.main).toBe("workers/index.ts");
    expect(config.durableObjects.length).toBeGreaterThan(0);
    for (const binding of config.durableObjects) {
      expect(config.durableObjectClasses[binding.className]).toEqual({ sqlite: true });
    }
    expect(config.rules[0]).toEqual({ type: "Text", globs: ["**/*.sql"] });
    expect(typeof config.vars.DEFAULT_REGION).toBe("string");
  });

  test("reads entry, compatibility, vars (strings and JSON), bindings and rules as wrangler does", async () => {
    const config = await read(`${BASE}compatibility_flags = ["nodejs_compat"]
[vars]
REGION = "us-east-1"
LIMITS = { max = 1 }
[[durable_objects.bindings]]
name = "A_BINDING"
class_name = "A"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["A"]
[[rules]]
type = "Data"
globs = ["**/*.dat"]
`);
    expect(config).toEqual({
      name: "w",
      main: "src/index.ts",
      compatibilityDate: "2026-11-01",
      compatibilityFlags: ["nodejs_compat"],
      vars: { REGION: "us-east-1", LIMITS: { max: 1 } },
      durableObjects: [{ name: "A_BINDING", className: "A" }],
      durableObjectClasses: { A: { sqlite: true } },
      rules: [{ type: "Data", globs: ["**/*.dat"] }, ...config.rules.slice(1)],
      archive: false,
    });
    expect(config.rules.slice(1).map((rule) => rule.type)).toEqual([
      "ESModule",
      "CommonJS",
      "Text",
      "Data",
      "CompiledWasm",
    ]);
  });

  test("replays migrations: new, SQLite, renamed and deleted classes", async () => {
    const config = await read(`${BASE}
[[migrations]]
tag = "v1"
new_classes = ["Old"]
new_sqlite_classes = ["A", "B"]
[[migrations]]
tag = "v2"
renamed_classes = [{ from = "A", to = "C" }]
deleted_classes = ["B"]
`);
    expect(config.durableObjectClasses).toEqual({ Old: { sqlite: false }, C: { sqlite: true } });
  });

  test("defaults: no flags, no vars, no Durable Objects, wrangler's default rules", async () => {
    const config = await read(BASE);
    expect(config).toMatchObject({ compatibilityFlags: [], vars: {}, durableObjects: [], durableObjectClasses: {} });
    expect(config.rules.map((rule) => rule.type)).toEqual(["ESModule", "CommonJS", "Text", "Data", "CompiledWasm"]);
  });

  test("reads the top-level environment, whatever CLOUDFLARE_ENV says", async () => {
    const previous = process.env.CLOUDFLARE_ENV;
    process.env.CLOUDFLARE_ENV = "staging";
    try {
      const config = await read(`${BASE}[vars]\nA = "top"\n[env.staging.vars]\nA = "staging"\n`);
      expect(config.vars).toEqual({ A: "top" });
    } finally {
      if (previous === undefined) delete process.env.CLOUDFLARE_ENV;
      else process.env.CLOUDFLARE_ENV = previous;
    }
  });

  test("keeps what it read (without importing wrangler again) until wrangler.toml changes", async () => {
    const first = await read(`${BASE}[vars]\nA = "1"\n`);
    const root = roots.at(-1) as string;
    const cacheFile = join(root, "dist", "self-hosted", "wrangler-config.json");
    const cached = JSON.parse(await readFile(cacheFile, "utf8"));
    expect(cached.config).toEqual(first);
    await writeFile(cacheFile, JSON.stringify({ ...cached, config: { ...first, name: "from the cache" } }));
    expect((await readWranglerConfig(root)).name).toBe("from the cache");
    await writeFile(join(root, "wrangler.toml"), `${BASE}[vars]\nA = "2"\n`);
    expect(await readWranglerConfig(root)).toEqual({ ...first, vars: { A: "2" } });
  });

  test("accepts the ARCHIVE R2 bucket, which a directory replaces, and no other", async () => {
    const bucket = (binding: string) => `${BASE}[[r2_buckets]]\nbinding = "${binding}"\nbucket_name = "archive"\n`;
    expect((await read(bucket("ARCHIVE"))).archive).toBe(true);
    await expect(read(bucket("OTHER"))).rejects.toThrow("OTHER (r2_bucket)");
  });

  test.each([
    {
      name: "KV namespaces",
      toml: `${BASE}kv_namespaces = [{ binding = "KV", id = "x" }]`,
      message: "KV (kv_namespace)",
    },
    {
      name: "a Durable Object of another script",
      toml: `${BASE}[[durable_objects.bindings]]\nname = "X"\nclass_name = "X"\nscript_name = "other"`,
      message: "X (durable_object_namespace of another script)",
    },
    { name: "assets", toml: `${BASE}[assets]\ndirectory = "public"`, message: "assets" },
    { name: "a missing main", toml: 'name = "w"\ncompatibility_date = "2026-11-01"', message: "main must be set" },
    {
      name: "an unknown module type (wrangler's own validation)",
      toml: `${BASE}[[rules]]\ntype = "Markdown"\nglobs = ["*.md"]`,
      message: 'should have a string "type" field',
    },
  ])("rejects $name", async ({ toml, message }) => {
    await expect(read(toml)).rejects.toThrow(message);
  });
});

describe("withVarOverrides", () => {
  const declared = { REGION: "us-east-1", PARTITIONS: "4", LIMITS: { max: 1 } };

  test("flags win over the environment, which wins over wrangler.toml", () => {
    const vars = withVarOverrides(declared, { REGION: "eu-west-1" }, { REGION: "ap-northeast-1", PARTITIONS: "8" });
    expect(vars).toEqual({ REGION: "eu-west-1", PARTITIONS: "8", LIMITS: { max: 1 } });
  });

  test("ignores environment entries that are not declared vars", () => {
    expect(withVarOverrides(declared, {}, { PATH: "/bin" })).toEqual(declared);
  });

  test("parses overrides of non-string vars as JSON", () => {
    expect(withVarOverrides(declared, { LIMITS: '{"max":2}' }).LIMITS).toEqual({ max: 2 });
    expect(() => withVarOverrides(declared, { LIMITS: "two" })).toThrow("must be JSON");
  });

  test("rejects an override of an undeclared var", () => {
    expect(() => withVarOverrides(declared, { REGOIN: "x" })).toThrow("no var REGOIN");
  });
});
