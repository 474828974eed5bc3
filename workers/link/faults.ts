/**
 * Injected faults, applied by the link to every call between objects. Driven by the admin API
 * (workers/admin), which is off unless the configuration enables it.
 *
 * The state is module scope: in a local or test run every object of the Worker and the router
 * share one isolate, so one admin request changes what every caller sees at once. On
 * Cloudflare, isolates differ and the admin API stays off.
 *
 * - down: the replica has crashed. Calls to it and from it fail at once; it restarts from its
 *   storage when brought back up.
 * - stopped: the replica is frozen. Calls to it and from it get no answer; the caller's wait
 *   ends with a timeout.
 * - slow: calls to the replica are delayed by the given milliseconds, each way.
 * - cut: calls between two zones fail at once (the router is in no zone and is never cut off).
 * - isolated: a region whose objects can neither call nor be called from another region.
 */

import { type Distances, pairKey, regionOfZone } from "./distances";

export interface FaultState {
  down: string[];
  stopped: string[];
  slow: Record<string, number>;
  /** Pairs of zone names, sorted within each pair. */
  cut: [string, string][];
  isolated: string[];
}

/** The side of a call: a replica's object name and zone, or undefined for the router and the metadata object. */
export interface Endpoint {
  name: string;
  zone: string;
}

/**
 * A call that failed between the objects: refused (`delivered` false: it never reached the
 * peer, so it had no effect there) or unanswered (`delivered` true: it may have had its effect).
 * `processDown`: it failed because no process answered at the peer's internal socket (remote.ts):
 * the process holding the peer was down, or died during the call.
 */
export class LinkError extends Error {
  override readonly name = "LinkError";
  constructor(
    message: string,
    readonly delivered: boolean,
    readonly processDown = false,
  ) {
    super(message);
  }
}

const down = new Set<string>();
const stopped = new Set<string>();
const slow = new Map<string, number>();
const cut = new Set<string>();
const isolated = new Set<string>();

/** Whether any fault is injected: when none is, the link takes its plain path. */
export function faultsActive(): boolean {
  return down.size > 0 || stopped.size > 0 || slow.size > 0 || cut.size > 0 || isolated.size > 0;
}

export const faults = {
  crash(name: string): void {
    down.add(name);
  },
  restart(name: string): void {
    down.delete(name);
  },
  stop(name: string): void {
    stopped.add(name);
  },
  resume(name: string): void {
    stopped.delete(name);
  },
  slow(name: string, ms: number): void {
    if (ms > 0) slow.set(name, ms);
    else slow.delete(name);
  },
  cut(a: string, b: string): void {
    cut.add(pairKey(a, b));
  },
  heal(a: string, b: string): void {
    cut.delete(pairKey(a, b));
  },
  isolate(region: string): void {
    isolated.add(region);
  },
  rejoin(region: string): void {
    isolated.delete(region);
  },
  /** Clears every fault. */
  reset(): void {
    down.clear();
    stopped.clear();
    slow.clear();
    cut.clear();
    isolated.clear();
  },
  /** Replaces every fault with `state`'s: another process's (a process that restarted takes them up). */
  restore(state: FaultState): void {
    this.reset();
    for (const name of state.down) down.add(name);
    for (const name of state.stopped) stopped.add(name);
    for (const [name, ms] of Object.entries(state.slow)) this.slow(name, ms);
    for (const [a, b] of state.cut) this.cut(a, b);
    for (const region of state.isolated) isolated.add(region);
  },
  state(): FaultState {
    return {
      down: [...down].sort(),
      stopped: [...stopped].sort(),
      slow: Object.fromEntries(slow),
      cut: [...cut].sort().map((k) => k.split("|") as [string, string]),
      isolated: [...isolated].sort(),
    };
  },
  isDown(name: string): boolean {
    return down.has(name);
  },
};

/**
 * What a call from `from` to `to` meets: "refused" (fails at once), "lost" (never answered),
 * or a delay in milliseconds (0: none).
 */
export function callFate(from: Endpoint | undefined, to: Endpoint, distances?: Distances): "refused" | "lost" | number {
  if (down.has(to.name) || (from && down.has(from.name))) return "refused";
  if (from && from.zone !== to.zone && cut.has(pairKey(from.zone, to.zone))) return "refused";
  const [here, there] = [from && regionOfZone(from.zone), regionOfZone(to.zone)];
  if (here !== undefined && here !== there && (isolated.has(here) || isolated.has(there))) return "refused";
  if (stopped.has(to.name) || (from && stopped.has(from.name))) return "lost";
  // Each way: half the round trip between the regions.
  const distance = here !== undefined && distances ? distances(here, there) / 2 : 0;
  return (slow.get(to.name) ?? 0) + distance;
}
