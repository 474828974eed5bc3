import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { archivedSegments } from "../../../bench/pitr-cost";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("archivedSegments", () => {
  test("counts the PITR log segments under the archive and their bytes, nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-archive-"));
    dirs.push(dir);
    const files: [string, number][] = [
      ["_dynaflare/000000000000/pitr/t1/p1/log/0000000000000000-0000000000000010.json", 100],
      ["_dynaflare/000000000000/pitr/t1/p2/log/0000000000000000-0000000000000007.json", 30],
      ["_dynaflare/000000000000/pitr/t1/p2/snap-0000000000000000/meta.json", 50],
      ["_dynaflare/000000000000/backups/b1/p1/items-0.json", 70],
    ];
    for (const [file, size] of files) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), "x".repeat(size));
    }
    expect(await archivedSegments(dir)).toEqual({ segments: 2, bytes: 130 });
  });

  test("no archive directory: none", async () => {
    expect(await archivedSegments(join(tmpdir(), "bench-archive-missing-dir"))).toEqual({ segments: 0, bytes: 0 });
  });
});
