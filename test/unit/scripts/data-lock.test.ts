import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  DataDirInUseError,
  type DataLock,
  LOCK_FILE,
  lockDataDir,
  OWNER_FILE,
  readOwner,
} from "../../../scripts/data-lock";
import { REPO_ROOT } from "../../../scripts/server";

const dirs: string[] = [];
const locks: DataLock[] = [];
const children: { kill(signal: string): boolean }[] = [];

async function dataDir(): Promise<string> {
  const dir: string = await mkdtemp(join(tmpdir(), "dynaflare-data-lock-test-"));
  dirs.push(dir);
  return dir;
}

function lock(dir: string): DataLock {
  const taken = lockDataDir(dir);
  locks.push(taken);
  return taken;
}

afterEach(async () => {
  for (const taken of locks.splice(0)) taken.release();
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Another process that tries to lock `dir` (and record `pids`): it prints `locked` and holds
 * the lock until killed, or prints the refusal and exits 1.
 */
function otherProcess(dir: string, pids?: { workerd: number; watchdog: number }) {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(join(REPO_ROOT, "scripts", "data-lock.ts"))});
    try {
      const lock = lockDataDir(${JSON.stringify(dir)});
      ${pids ? `lock.record(${JSON.stringify(pids)});` : ""}
      console.log("locked");
      setInterval(() => {}, 60_000);
    }
    catch (error) { console.log(error.message); process.exit(1); }`;
  const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "node"), ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Uint8Array) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk: Uint8Array) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code: number | null) => done(code)));
  const locked = new Promise<boolean>((done) => {
    child.stdout.on("data", () => output.includes("locked\n") && done(true));
    exited.then(() => done(false));
  });
  return { pid: child.pid as number, locked, exited, output: () => output, kill: (s: string) => child.kill(s) };
}

describe("lockDataDir", () => {
  test("records the holder's pid and no workerd yet", async () => {
    const dir = await dataDir();
    const taken = lock(dir);
    expect(taken.previous).toBeUndefined();
    expect(readOwner(dir)).toEqual({ launcher: process.pid, workerd: null, watchdog: null });
    taken.record({ workerd: 1234, watchdog: 1235 });
    expect(readOwner(dir)).toEqual({ launcher: process.pid, workerd: 1234, watchdog: 1235 });
  });

  test("refuses a second lock in the same process with DataDirInUseError naming the directory and holder, and keeps the first", async () => {
    const dir = await dataDir();
    lock(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(
      `the data directory ${dir} is in use by another dynaflare server (pid ${process.pid})`,
    );
    const other = otherProcess(dir);
    expect(await other.locked).toBe(false);
  });

  test("refuses another process while held, and lets it lock once released", async () => {
    const dir = await dataDir();
    const taken = lock(dir);
    const refused = otherProcess(dir);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(`is in use by another dynaflare server (pid ${process.pid})`);
    expect(refused.output()).not.toContain("ExperimentalWarning");

    taken.release();
    expect(readOwner(dir)).toBeUndefined();
    expect(await otherProcess(dir).locked).toBe(true);
  });

  test("is freed by the kernel when its holder is killed with SIGKILL; the next holder reads the dead one's record", async () => {
    const dir = await dataDir();
    const holder = otherProcess(dir);
    expect(await holder.locked).toBe(true);
    expect(() => lockDataDir(dir)).toThrow(`(pid ${holder.pid})`);

    holder.kill("SIGKILL");
    await holder.exited;
    const next = lock(dir);
    expect(next.previous).toEqual({ launcher: holder.pid, workerd: null, watchdog: null });
    expect(readOwner(dir)?.launcher).toBe(process.pid);
  });

  test("the new record carries over the workerd a dead holder left, until the holder records its own", async () => {
    const dir = await dataDir();
    const holder = otherProcess(dir, { workerd: 4242, watchdog: 4243 });
    expect(await holder.locked).toBe(true);
    holder.kill("SIGKILL");
    await holder.exited;

    const next = lock(dir);
    expect(next.previous).toEqual({ launcher: holder.pid, workerd: 4242, watchdog: 4243 });
    expect(readOwner(dir)).toEqual({ launcher: process.pid, workerd: 4242, watchdog: null });
    next.record({ workerd: 5151, watchdog: 5152 });
    expect(readOwner(dir)).toEqual({ launcher: process.pid, workerd: 5151, watchdog: 5152 });
  });

  test("leaves only its empty lock file beside the data, and no file once released", async () => {
    const dir = await dataDir();
    const taken = lock(dir);
    expect((await readdir(dir)).sort()).toEqual([LOCK_FILE, OWNER_FILE]);
    taken.release();
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
  });
});
