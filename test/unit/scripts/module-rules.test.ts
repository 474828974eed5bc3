import { describe, expect, test } from "vitest";
import { DEFAULT_RULES, globToRegExp, isAttachedModule, moduleTypeOf } from "../../../scripts/module-rules";

describe("module rules", () => {
  test.each([
    { glob: "**/*.sql", path: "0001_init.sql", matches: true },
    { glob: "**/*.sql", path: "migrations/replica/0001_init.sql", matches: true },
    { glob: "**/*.sql", path: "init.sql.bak", matches: false },
    { glob: "*.sql", path: "a/b.sql", matches: false },
    { glob: "**/*.wasm?module", path: "x.wasm?module", matches: true },
    { glob: "**/*.wasm?module", path: "x.wasmXmodule", matches: false },
    { glob: "src/**", path: "src/a/b.txt", matches: true },
  ])("glob $glob matches $path: $matches", ({ glob, path, matches }) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });

  test("the first matching rule decides, user rules before the defaults", () => {
    const rules = [{ type: "Data" as const, globs: ["**/*.sql"] }, ...DEFAULT_RULES];
    expect(moduleTypeOf("a.sql", rules)).toBe("Data");
    expect(moduleTypeOf("a.sql", DEFAULT_RULES)).toBe("Text");
    expect(moduleTypeOf("chunk.js", DEFAULT_RULES)).toBe("ESModule");
    expect(moduleTypeOf("README.md", DEFAULT_RULES)).toBeUndefined();
  });

  test("only text, data and Wasm modules are attached (not seen by esbuild)", () => {
    expect(isAttachedModule("m/0001.sql", DEFAULT_RULES)).toBe(true);
    expect(isAttachedModule("w.wasm", DEFAULT_RULES)).toBe(true);
    expect(isAttachedModule("x.ts", DEFAULT_RULES)).toBe(false);
    expect(isAttachedModule("x.js", DEFAULT_RULES)).toBe(false);
  });
});
