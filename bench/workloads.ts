/**
 * The YCSB core workloads the bench runs, as operation mixes. `load` inserts every record
 * once; the others run for a fixed time over the loaded records.
 * @see https://github.com/brianfrankcooper/YCSB/wiki/Core-Workloads
 */

import type { Random } from "./random";

export type WorkloadName = "load" | "a" | "b" | "c" | "f";
/** insert: PutItem of a new record; read: GetItem; update: one field rewritten; rmw: read then update. */
export type OpName = "insert" | "read" | "update" | "rmw";

export interface Workload {
  name: WorkloadName;
  title: string;
  /** Operation proportions, summing to 1. */
  mix: readonly (readonly [OpName, number])[];
}

export const WORKLOADS: Record<WorkloadName, Workload> = {
  load: { name: "load", title: "load: insert only", mix: [["insert", 1]] },
  a: {
    name: "a",
    title: "A: 50% read, 50% update",
    mix: [
      ["read", 0.5],
      ["update", 0.5],
    ],
  },
  b: {
    name: "b",
    title: "B: 95% read, 5% update",
    mix: [
      ["read", 0.95],
      ["update", 0.05],
    ],
  },
  c: { name: "c", title: "C: read only", mix: [["read", 1]] },
  f: {
    name: "f",
    title: "F: 50% read, 50% read-modify-write",
    mix: [
      ["read", 0.5],
      ["rmw", 0.5],
    ],
  },
};

export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];

/**
 * Whether a target that serves only PutItem and GetItem (the floor) can run the workload:
 * there `update` is a PutItem of the whole item, and read-modify-write is not offered.
 */
export function servesWithPutGet(workload: Workload): boolean {
  return workload.mix.every(([op]) => op !== "rmw");
}

/** Picks an operation by the mix's proportions. */
export function pickOp(workload: Workload, random: Random): OpName {
  let u = random();
  for (const [op, share] of workload.mix) {
    if (u < share) return op;
    u -= share;
  }
  return workload.mix[workload.mix.length - 1][0];
}
