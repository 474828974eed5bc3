/**
 * Writes a run's results: `latest.md`, `latest.json` and `latest.svg` (replaced each run), and
 * a dated copy of each (`<UTC date and time>.md|json|svg`), in the results directory. The JSON
 * and markdown are then formatted with the repository's Biome, so the committed files pass
 * `npm run lint`.
 */

import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/server";
import type { BenchResult } from "../results";
import { renderMarkdown } from "./markdown";
import { renderSvg } from "./svg";

/** Returns the files written. */
export async function writeResults(result: BenchResult, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const dated = result.startedAt.slice(0, 19).replace(/:/g, "-") + "Z";
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const svg = renderSvg(result);
  const files: string[] = [];
  for (const stem of ["latest", dated]) {
    const contents: [string, string][] = [
      [`${stem}.md`, renderMarkdown(result, `${stem}.svg`)],
      [`${stem}.json`, json],
      [`${stem}.svg`, svg],
    ];
    for (const [name, text] of contents) {
      await writeFile(join(outDir, name), text);
      files.push(join(outDir, name));
    }
  }
  await formatWithBiome(files.filter((file) => !file.endsWith(".svg")));
  return files;
}

/** Best effort: a directory outside Biome's includes, or no Biome, leaves the files as written. */
function formatWithBiome(files: string[]): Promise<void> {
  const biome = join(REPO_ROOT, "node_modules", ".bin", "biome");
  return new Promise((done) => {
    execFile(biome, ["format", "--write", ...files], { cwd: REPO_ROOT }, () => done());
  });
}
