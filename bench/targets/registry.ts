/** Every target the bench knows, in the order it runs and reports them. */

import { DYNALITE } from "./dynalite";
import { DYNAMODB_LOCAL_DISK, DYNAMODB_LOCAL_MEMORY } from "./dynamodb-local";
import type { TargetKind } from "./target";
import {
  DYNAFLARE,
  DYNAFLARE_NOAUTH,
  DYNAFLARE_NOMETRICS,
  DYNAFLARE_PROCESSES,
  DYNAFLARE_SINGLE,
  FLOOR,
  FLOOR_PAIR,
  FLOOR_PROCESSES,
} from "./workerd";

export const TARGETS: readonly TargetKind[] = [
  DYNAFLARE,
  DYNAFLARE_SINGLE,
  DYNAFLARE_NOAUTH,
  DYNAFLARE_NOMETRICS,
  DYNAFLARE_PROCESSES,
  FLOOR,
  FLOOR_PAIR,
  FLOOR_PROCESSES,
  DYNAMODB_LOCAL_DISK,
  DYNAMODB_LOCAL_MEMORY,
  DYNALITE,
];

export const TARGET_NAMES: readonly string[] = TARGETS.map((target) => target.name);

export function targetNamed(name: string): TargetKind {
  const target = TARGETS.find((candidate) => candidate.name === name);
  if (!target) throw new Error(`unknown target ${name}; known: ${TARGET_NAMES.join(", ")}`);
  return target;
}
