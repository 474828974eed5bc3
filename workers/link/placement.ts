/**
 * Which process an object lives in, when the self-hosted server runs as several workerd
 * processes (issue 23, docs/issue-23-processes.md): zone i of every region in process i mod N, so
 * that each process holds a replica of every group and a router reads from the one in its own
 * process; every other object (a region's metadata, a table's admission object, a transaction
 * coordinator) in one process chosen by its name. A pure function of the object and N: pinned
 * for as long as N is, so no object is ever instantiated in two processes.
 *
 * PROCESSES and PROCESS_INDEX say N and this process's index; on Cloudflare and under `wrangler
 * dev` they are 1 and 0, and every object is local.
 */

export interface Placement {
  /** N: how many processes serve the data directory. */
  readonly processes: number;
  /** This process's index, 0 … N-1. */
  readonly self: number;
}

/** The placement the vars give; a missing or malformed value means one process. */
export function placementOf(env: { PROCESSES?: string; PROCESS_INDEX?: string }): Placement {
  const processes = Number(env.PROCESSES ?? "1");
  const self = Number(env.PROCESS_INDEX ?? "0");
  if (!Number.isInteger(processes) || processes < 1 || !Number.isInteger(self) || self < 0 || self >= processes)
    return { processes: 1, self: 0 };
  return { processes, self };
}

/** The process of a replica in `zone` (named like an AWS availability zone: "us-east-1b" is zone 1). */
export function zoneProcess(zone: string, processes: number): number {
  const index = zone.charCodeAt(zone.length - 1) - 97;
  return index >= 0 && index < 26 ? index % processes : nameProcess(zone, processes);
}

/** The process of an object placed by its name alone: FNV-1a of the name, mod N. */
export function nameProcess(name: string, processes: number): number {
  if (processes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % processes;
}
