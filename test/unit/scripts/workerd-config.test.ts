import { describe, expect, test } from "vitest";
import { renderWorkerdConfig, str } from "../../../scripts/workerd-config";
import type { WorkerConfig } from "../../../scripts/wrangler-config";

const worker: WorkerConfig = {
  name: "dynaflare",
  main: "workers/index.ts",
  compatibilityDate: "2026-11-01",
  compatibilityFlags: ["nodejs_compat"],
  vars: {},
  durableObjects: [
    { name: "METADATA", className: "MetadataObject" },
    { name: "REPLICA", className: "ReplicaObject" },
    { name: "REPLICA_AGAIN", className: "ReplicaObject" },
  ],
  durableObjectClasses: { MetadataObject: { sqlite: true }, ReplicaObject: { sqlite: false } },
  rules: [],
  archive: false,
};

const render = (overrides: Partial<WorkerConfig> = {}, vars = {}) =>
  renderWorkerdConfig({
    worker: { ...worker, ...overrides },
    modules: [
      { name: "index.js", type: "ESModule" },
      { name: "ab12-0001_init.sql", type: "Text" },
    ],
    bundleDir: "bundle",
    vars,
  });

describe("renderWorkerdConfig", () => {
  test("declares the modules as embeds from the bundle directory, the entry first", () => {
    const config = render();
    expect(config).toContain('(name = "index.js", esModule = embed "bundle/index.js")');
    expect(config).toContain('(name = "ab12-0001_init.sql", text = embed "bundle/ab12-0001_init.sql")');
    expect(config.indexOf("index.js")).toBeLessThan(config.indexOf("0001_init.sql"));
  });

  test("carries the compatibility date and flags", () => {
    const config = render();
    expect(config).toContain('compatibilityDate = "2026-11-01"');
    expect(config).toContain('compatibilityFlags = ["nodejs_compat"]');
  });

  test("binds string vars as text and other vars as JSON", () => {
    const config = render({}, { TOPOLOGY: '{"us-east-1":["enam"]}', LIMIT: 3 });
    expect(config).toContain('(name = "TOPOLOGY", text = "{\\"us-east-1\\":[\\"enam\\"]}")');
    expect(config).toContain('(name = "LIMIT", json = "3")');
  });

  test("one namespace per class, keyed <worker>-<class>, SQLite as the migrations say, on local disk", () => {
    const config = render();
    expect(config).toContain('(name = "REPLICA_AGAIN", durableObjectNamespace = "ReplicaObject")');
    expect(config).toContain(
      '(className = "MetadataObject", uniqueKey = "dynaflare-MetadataObject", enableSql = true)',
    );
    expect(config).toContain('(className = "ReplicaObject", uniqueKey = "dynaflare-ReplicaObject", enableSql = false)');
    expect(config.match(/className = "ReplicaObject"/g)).toHaveLength(1);
    expect(config).toContain('durableObjectStorage = (localDisk = "do-storage")');
    expect(config).toContain('(name = "do-storage", disk = (writable = true))');
  });

  test("rejects a bound class without a migration", () => {
    expect(() => render({ durableObjectClasses: { MetadataObject: { sqlite: true } } })).toThrow(
      "Durable Object class ReplicaObject has no [[migrations]] entry",
    );
  });
});

describe("str", () => {
  test.each([
    { value: "plain", literal: '"plain"' },
    { value: 'say "hi"\\', literal: '"say \\"hi\\"\\\\"' },
    { value: "a\nb\tc\u0001", literal: '"a\\nb\\tc\\x01"' },
    { value: "région", literal: '"région"' },
  ])("writes $value as the Cap'n Proto literal $literal", ({ value, literal }) => {
    expect(str(value)).toBe(literal);
  });

  test("serves the archive directory as the ARCHIVE_DIR service when wrangler.toml binds the ARCHIVE bucket", () => {
    const config = render({ archive: true });
    expect(config).toContain('(name = "archive", disk = (writable = true))');
    expect(config).toContain('(name = "ARCHIVE_DIR", service = "archive")');
    expect(render()).not.toContain("ARCHIVE_DIR");
  });
});
