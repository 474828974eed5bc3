import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { isServing, servesDirectory, stopStrayWorkerd } from "../../../scripts/stray-workerd";

const WORKERD = "/repo/node_modules/.bin/workerd";

describe("servesDirectory", () => {
  test.each([
    {
      name: "workerd on the directory",
      args: [WORKERD, "serve", "c.capnp", "--directory-path", "do-storage=/data", "--control-fd", "3"],
      serves: true,
    },
    {
      name: "node running workerd's launcher script",
      args: ["node", "/repo/node_modules/workerd/bin/workerd", "serve", "--directory-path", "do-storage=/data"],
      serves: true,
    },
    {
      name: "workerd on a directory the name starts with",
      args: [WORKERD, "serve", "--directory-path", "do-storage=/data2"],
      serves: false,
    },
    {
      name: "workerd on a sub-directory",
      args: [WORKERD, "serve", "--directory-path", "do-storage=/data/x"],
      serves: false,
    },
    { name: "another program naming the path", args: ["cat", "--directory-path", "do-storage=/data"], serves: false },
    { name: "another disk service", args: [WORKERD, "serve", "--directory-path", "other=/data"], serves: false },
    { name: "a zombie's empty command line", args: [], serves: false },
  ])("$name: $serves", ({ args, serves }) => {
    expect(servesDirectory(args, "/data")).toBe(serves);
  });
});

describe("stopStrayWorkerd", () => {
  test("leaves alone a live process that is not a workerd serving the directory (a reused pid)", async () => {
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const pid = other.pid as number;
      expect(isServing(pid, "/data")).toBe(false);
      const log: string[] = [];
      expect(await stopStrayWorkerd(pid, "/data", (line) => log.push(line))).toBe(false);
      expect(log).toEqual([]);
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();
    } finally {
      other.kill("SIGKILL");
    }
  });

  test("does nothing for a pid no process has", async () => {
    expect(await stopStrayWorkerd(2 ** 22 + 17, "/data", () => {})).toBe(false);
  });
});
