import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { cycleReport, importCycles, importGraph } from "../../../scripts/import-cycles";
import { REPO_ROOT } from "../../../scripts/server";

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory holding `files` (path → text). */
function fixture(files: Record<string, string>): string {
  const dir: string = mkdtempSync(join(tmpdir(), "dynaflare-import-cycles-test-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The cycles of `dir`, paths relative to it. */
function cyclesIn(dir: string) {
  const rel = (file: string) => file.slice(dir.length + 1);
  return importCycles(importGraph([dir])).map(({ cycle, modules }) => ({
    cycle: cycle.map(rel),
    modules: modules.map(rel),
  }));
}

/** Runs `node scripts/check-cycles.ts` on `roots`. */
function checkCycles(...roots: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["scripts/check-cycles.ts", ...roots],
      { cwd: REPO_ROOT },
      (error: { code?: number } | null, stdout: string) => resolve({ code: error?.code ?? 0, stdout }),
    );
  });
}

describe("import cycles", () => {
  test("finds a cycle tied by a type-only import, and leaves out modules that only hang off it", () => {
    const dir = fixture({
      "a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "b.ts": 'import type { C } from "./sub/c";\nexport const b: C = 1;\n',
      "sub/c.ts": 'import { a } from "../a";\nexport type C = typeof a;\n',
      "d.ts": 'import { a } from "./a";\n',
    });
    expect(cyclesIn(dir)).toEqual([
      { cycle: ["a.ts", "b.ts", "sub/c.ts", "a.ts"], modules: ["a.ts", "b.ts", "sub/c.ts"] },
    ]);
  });

  test("follows export … from, dynamic imports and folder index.ts; ignores comments, strings and other files", () => {
    const dir = fixture({
      "a.ts": 'export { b } from "./b";\n// import "./c"\nconst s = "import \'./c\'";\nimport sql from "./x.sql";\n',
      "b.ts": 'export const b = await import("./lib");\n',
      "lib/index.ts": 'import "../a.ts";\n',
      "c.ts": 'import "./a";\n',
      "x.sql": "",
    });
    expect(cyclesIn(dir)).toEqual([
      { cycle: ["a.ts", "b.ts", "lib/index.ts", "a.ts"], modules: ["a.ts", "b.ts", "lib/index.ts"] },
    ]);
  });

  test("reports each knot once, as a shortest cycle through it", () => {
    const dir = fixture({
      "a.ts": 'import "./b";\nimport "./c";\n',
      "b.ts": 'import "./c";\n',
      "c.ts": 'import "./a";\n',
      "x.ts": 'import "./x";\n',
      "y.ts": 'import "./z";\n',
      "z.ts": "export {};\n",
    });
    expect(cyclesIn(dir)).toEqual([
      { cycle: ["a.ts", "c.ts", "a.ts"], modules: ["a.ts", "b.ts", "c.ts"] },
      { cycle: ["x.ts", "x.ts"], modules: ["x.ts"] },
    ]);
  });

  test("the report names each cycle and its knot, or says there is none", () => {
    const dir = fixture({ "a.ts": 'import "./b";\n', "b.ts": 'import "./a";\n', "c.ts": "" });
    const graph = importGraph([dir]);
    expect(cycleReport(importCycles(graph), graph.size, dir)).toBe(
      "1 import cycle:\n- a.ts → b.ts → a.ts\n  2 modules in this knot: a.ts, b.ts",
    );
    expect(cycleReport([], 3, dir)).toBe("No import cycle among 3 modules.");
  });

  test("check-cycles exits 1 printing the cycle, and 0 without one", async () => {
    const dir = fixture({ "a.ts": 'import type { B } from "./b";\n', "b.ts": 'import "./a";\n' });
    const found = await checkCycles(dir);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^1 import cycle:\n- \S+\/a\.ts → \S+\/b\.ts → \S+\/a\.ts\n/);
    const none = await checkCycles(fixture({ "a.ts": 'import "./b";\n', "b.ts": "export {};\n" }));
    expect(none).toEqual({ code: 0, stdout: "No import cycle among 2 modules.\n" });
  });
});
