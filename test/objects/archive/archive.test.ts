/**
 * The archive's contract (workers/archive/archive.ts) on the R2 bucket the objects project binds
 * as ARCHIVE (miniflare's R2, the store a deployment uses); the directory store is driven through
 * the self-hosted server by the end-to-end backup tests.
 */
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { archiveOf } from "../../../workers/archive/archive";

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

describe("the archive on an R2 bucket", () => {
  const archive = archiveOf({ ARCHIVE: env.ARCHIVE });
  const root = `test-${crypto.randomUUID()}`;

  test("gives back what was put, a put replacing the key whole", async () => {
    await archive.put(`${root}/a/one.json`, "first");
    await archive.put(`${root}/a/one.json`, new TextEncoder().encode("second"));
    expect(text(await archive.get(`${root}/a/one.json`))).toBe("second");
    expect(await archive.get(`${root}/a/missing.json`)).toBeUndefined();
  });

  test("lists every key under a prefix, in order, and deletes, missing keys included", async () => {
    for (const key of ["b/2", "b/1", "b/c/3", "bb/4"]) await archive.put(`${root}/${key}`, key);
    expect(await archive.list(`${root}/b`)).toEqual([`${root}/b/1`, `${root}/b/2`, `${root}/b/c/3`]);
    await archive.delete([`${root}/b/1`, `${root}/b/c/3`, `${root}/b/none`]);
    expect(await archive.list(`${root}/b`)).toEqual([`${root}/b/2`]);
    expect(await archive.list(`${root}/nothing`)).toEqual([]);
  });

  test("refuses keys with empty or dot segments", async () => {
    for (const key of ["", "a//b", "a/../b", "/a", "a/"]) {
      await expect(archive.put(key, "x")).rejects.toThrow("not an archive key");
    }
  });

  test("a deployment without a store is a configuration error", () => {
    expect(() => archiveOf({})).toThrow("no archive");
  });
});
