/** What the results must say about where they were measured: CPUs, memory, tool versions. */

import { execFileSync } from "node:child_process";
import { cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../scripts/server";
import type { MachineInfo } from "./results";

function versionOf(command: string, args: string[], pattern: RegExp): string | undefined {
  try {
    const output = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return pattern.exec(output)?.[1];
  } catch (error) {
    // java prints its version on stderr; wrk --version exits 1.
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return pattern.exec(`${stdout ?? ""}${stderr ?? ""}`)?.[1];
  }
}

export function machineInfo(): MachineInfo {
  const list = cpus() as { model: string }[];
  const versions: Record<string, string> = { node: process.version };
  const found = {
    workerd: versionOf(join(REPO_ROOT, "node_modules", ".bin", "workerd"), ["--version"], /workerd\s+(\S+)/),
    java: versionOf("java", ["-version"], /version "([^"]+)"/),
    wrk: versionOf("wrk", ["--version"], /wrk\s+(\S+)/),
  };
  for (const [name, version] of Object.entries(found)) if (version) versions[name] = version;
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    versions,
  };
}
