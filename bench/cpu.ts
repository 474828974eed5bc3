/**
 * CPU time, in seconds, of the processes in a measurement (Linux /proc):
 * - a server: utime+stime of its process and every descendant alive, plus what its reaped
 *   children used (cutime+cstime);
 * - the bench's own process (the SDK client): process.cpuUsage();
 * - a tool the bench ran to completion (wrk): the growth of the bench's cutime+cstime across
 *   the run, since an exited child's time is added there when Node reaps it;
 * - the whole machine (/proc/stat), so that what other processes used shows as the rest.
 */

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS: number = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** The fields of /proc/<pid>/stat the accounting uses. */
export interface ProcStat {
  ppid: number;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime, in ticks. */
  children: number;
}

function readStat(pid: number | "self"): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return parseProcStat(text);
}

/** A /proc/<pid>/stat line, read past the command name, which may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
  return {
    ppid: Number(fields[1]),
    own: Number(fields[11]) + Number(fields[12]),
    children: Number(fields[13]) + Number(fields[14]),
  };
}

/** A server's process, or its processes when it runs several (each with its own tree). */
export type ServerPids = number | readonly number[];

/** CPU seconds of `pids` and their descendants so far; 0 for one that is gone. */
export function treeCpuSeconds(pids: ServerPids): number {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync("/proc") as string[]) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.set(Number(name), stat);
  }
  let ticks = 0;
  for (const pid of typeof pids === "number" ? [pids] : pids) ticks += treeTicks(pid, stats);
  return ticks / CLOCK_TICKS;
}

/**
 * Ticks of `pid`'s tree in a snapshot of every process: its own and its reaped children's,
 * plus the own ticks of each live descendant (found through ppid); 0 if `pid` is not in it.
 */
export function treeTicks(pid: number, stats: ReadonlyMap<number, ProcStat>): number {
  const root = stats.get(pid);
  if (!root) return 0;
  const byParent = new Map<number, number[]>();
  for (const [child, stat] of stats) {
    const siblings = byParent.get(stat.ppid) ?? [];
    siblings.push(child);
    byParent.set(stat.ppid, siblings);
  }
  let ticks = root.own + root.children;
  const pending = [...(byParent.get(pid) ?? [])];
  while (pending.length > 0) {
    const child = pending.pop() as number;
    ticks += stats.get(child)?.own ?? 0;
    pending.push(...(byParent.get(child) ?? []));
  }
  return ticks;
}

/** This process's CPU seconds (user + system). */
export function selfCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of this process's children that have exited and been reaped. */
export function reapedChildrenCpuSeconds(): number {
  return (readStat("self")?.children ?? 0) / CLOCK_TICKS;
}

/** Busy CPU seconds of the whole machine, all cores together, since boot. */
export function machineBusySeconds(): number {
  return busyTicks(readFileSync("/proc/stat", "utf8").split("\n", 1)[0] as string) / CLOCK_TICKS;
}

/** Busy ticks in /proc/stat's `cpu` line: everything but idle and iowait (guest time is inside user). */
export function busyTicks(line: string): number {
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + (steal || 0);
}

/** CPU seconds a server, this process and its finished children used while `run` ran. */
export interface CpuUse {
  server: number;
  client: number;
  /** Children of the bench that ran to completion in the span (wrk). */
  tool: number;
  /** Every other process on the machine (other users' servers, the kernel's own work). */
  others: number;
  wallSeconds: number;
}

/** Whether other processes used a quarter of a core or more during the span (its figures are disturbed). */
export function disturbed(cpu: CpuUse): boolean {
  return (cpu.others ?? 0) / (cpu.wallSeconds || 1) >= 0.25;
}

export async function measureCpu<T>(
  serverPids: ServerPids,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUse }> {
  const server = treeCpuSeconds(serverPids);
  const client = selfCpuSeconds();
  const tool = reapedChildrenCpuSeconds();
  const machine = machineBusySeconds();
  const started = performance.now();
  const result = await run();
  const cpu = {
    server: treeCpuSeconds(serverPids) - server,
    client: selfCpuSeconds() - client,
    tool: reapedChildrenCpuSeconds() - tool,
    others: 0,
    wallSeconds: (performance.now() - started) / 1000,
  };
  cpu.others = Math.max(0, machineBusySeconds() - machine - cpu.server - cpu.client - cpu.tool);
  return { result, cpu };
}
