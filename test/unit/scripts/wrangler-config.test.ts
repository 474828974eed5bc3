import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../../scripts/server";
import { parseToml } from "../../../scripts/toml";
import { readWranglerConfig, toWorkerConfig, withVarOverrides } from "../../../scripts/wrangler-config";

const BASE = 'name = "w"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n';

describe("wrangler config", () => {
  test("reads the repository's wrangler.toml: every bound Durable Object class is SQLite-backed", async () => {
    const config = await readWranglerConfig(REPO_ROOT);
    expect(config.name).toBe("dynaflare");
    expect(config.durableObjects.length).toBeGreaterThan(0);
    for (const binding of config.durableObjects) {
      expect(config.durableObjectClasses[binding.className]).toEqual({ sqlite: true });
    }
    expect(config.rules[0]).toEqual({ type: "Text", globs: ["**/*.sql"] });
    expect(typeof config.vars.DEFAULT_REGION).toBe("string");
  });

  test("replays migrations: new, SQLite, renamed and deleted classes", () => {
    const config = toWorkerConfig(
      parseToml(`${BASE}
[[migrations]]
tag = "v1"
new_classes = ["Old"]
new_sqlite_classes = ["A", "B"]
[[migrations]]
tag = "v2"
renamed_classes = [{ from = "A", to = "C" }]
deleted_classes = ["B"]
`),
    );
    expect(config.durableObjectClasses).toEqual({ Old: { sqlite: false }, C: { sqlite: true } });
  });

  test("defaults: no flags, no vars, no Durable Objects, wrangler's default rules", () => {
    const config = toWorkerConfig(parseToml(BASE));
    expect(config).toMatchObject({ compatibilityFlags: [], vars: {}, durableObjects: [], durableObjectClasses: {} });
    expect(config.rules.map((rule) => rule.type)).toEqual(["ESModule", "CommonJS", "Text", "Data", "CompiledWasm"]);
  });

  test.each([
    { name: "KV namespaces", toml: `${BASE}kv_namespaces = [{ binding = "KV", id = "x" }]`, message: "kv_namespaces" },
    {
      name: "a Durable Object of another script",
      toml: `${BASE}[[durable_objects.bindings]]\nname = "X"\nclass_name = "X"\nscript_name = "other"`,
      message: "script_name",
    },
    { name: "a missing main", toml: 'name = "w"\ncompatibility_date = "2026-11-01"', message: "main must be a string" },
    {
      name: "an unknown module type",
      toml: `${BASE}[[rules]]\ntype = "Markdown"\nglobs = ["*.md"]`,
      message: "Markdown",
    },
  ])("rejects $name", ({ toml, message }) => {
    expect(() => toWorkerConfig(parseToml(toml))).toThrow(message);
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
