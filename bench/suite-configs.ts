/**
 * The configurations the test-suite latency phase (bench/suite-latency.ts, issue 24) compares, as
 * a developer would run a local database under a test suite: our server as `npm start` runs it
 * (on disk, three replicas per partition), in memory (`--in-memory`), and in memory with one
 * replica (`--in-memory --replicas 1`); the platform floor with its storage in a RAM directory
 * (the platform's minimum at one client); and DynamoDB Local in memory (`-inMemory`), the
 * baseline the goals divide by. The three of ours always run in the phase; the floor
 * and DynamoDB Local when their targets are in `--targets`.
 */

import type { SuiteShape } from "./suite-workload";
import { DYNAMODB_LOCAL_MEMORY } from "./targets/dynamodb-local";
import type { RunningTarget, TargetContext } from "./targets/target";
import { FLOOR, startDynaflare, startFloorTarget } from "./targets/workerd";

/** What the results keep of a configuration. */
export interface SuiteConfigInfo {
  /** Its name in results. */
  name: string;
  /** How the report names it: the command line that starts it. */
  label: string;
  /** A short name, for narrow columns and log lines. */
  short: string;
  description: string;
  /** The [vars] it overrides (ours and the floor's). */
  vars: Record<string, string>;
  /** Its storage lives in a RAM directory (or the JVM's heap). */
  inMemory: boolean;
  /** The table it is measured on: the suite table, or the floor's `usertable` (PutItem and GetItem only). */
  shape: SuiteShape;
  /** The configuration the others' p50 is divided by. */
  baseline?: boolean;
  /** The goal on its p50 ÷ the baseline's, for every operation. */
  goal?: number;
}

export interface SuiteConfig extends SuiteConfigInfo {
  /** The `--targets` name that brings it into the phase; always in it when absent. */
  target?: string;
  start(context: TargetContext): Promise<RunningTarget>;
}

const ONE_REPLICA = { REPLICATION_FACTOR: "1" };

/** Every configuration, in the order the first round runs them. */
export const SUITE_CONFIGS: readonly SuiteConfig[] = [
  {
    name: "disk-3",
    label: "dynaflare",
    short: "on disk ×3",
    description: "`npm start`: storage on disk, three replicas per partition (2-of-3 quorum writes)",
    vars: {},
    inMemory: false,
    shape: "suite",
    start: (context) => startDynaflare(context, {}, "data"),
  },
  {
    name: "memory-3",
    label: "dynaflare --in-memory",
    short: "in memory ×3",
    description: "`npm start -- --in-memory`: storage in a RAM directory, three replicas per partition",
    vars: {},
    inMemory: true,
    shape: "suite",
    goal: 1.5,
    start: (context) => startDynaflare(context, {}, "data", true),
  },
  {
    name: "memory-1",
    label: "dynaflare --in-memory --replicas 1",
    short: "in memory ×1",
    description: "`npm start -- --in-memory --replicas 1`: storage in a RAM directory, one replica per partition",
    vars: ONE_REPLICA,
    inMemory: true,
    shape: "suite",
    goal: 1,
    start: (context) => startDynaflare(context, ONE_REPLICA, "data", true),
  },
  {
    name: "floor",
    label: "floor (RAM directory)",
    short: "floor",
    description:
      "the platform floor (bench/floor) with its storage in a RAM directory: one Worker hop and one SQLite statement, the platform's minimum; PutItem and GetItem only, on `usertable` keyed on `pk`",
    vars: {},
    inMemory: true,
    shape: "floor",
    target: FLOOR.name,
    start: (context) => startFloorTarget(context, true),
  },
  {
    name: "ddb-local-mem",
    label: "DynamoDB Local -inMemory",
    short: "DynamoDB Local in memory",
    description: "Amazon's DynamoDB Local (Java, SQLite) with -inMemory -sharedDb",
    vars: {},
    inMemory: true,
    shape: "suite",
    baseline: true,
    target: DYNAMODB_LOCAL_MEMORY.name,
    start: (context) => DYNAMODB_LOCAL_MEMORY.start(context),
  },
];

/** The configurations a run with `targets` measures. */
export function suiteConfigs(targets: readonly string[]): SuiteConfig[] {
  return SUITE_CONFIGS.filter((config) => config.target === undefined || targets.includes(config.target));
}

/** What the results keep of `config` (all but how to start it). */
export function configInfo(config: SuiteConfig): SuiteConfigInfo {
  const { target: _target, start: _start, ...info } = config;
  return info;
}
