/**
 * The admin API's fault actions: the body of `POST /admin/faults`, checked, and applied to the
 * isolate's fault state (workers/link/faults.ts; per isolate, so for local and test runs).
 *
 * - crash: marks the replica down, then evicts it, so it loses its memory as a crashed process
 *   would and comes back from its storage on restart.
 * - restart: brings a crashed replica back up. stop / resume: freezes and unfreezes it.
 * - slow: delays every call to it by `ms` each way (0 clears the delay).
 * - evict: drops its memory only, injecting no fault; with `coordinator` instead of `replica`,
 *   a transaction coordinator's (workers/transactions), whose running transactions die with it.
 * - cut / heal: breaks and restores the links between two zones.
 * - isolate / rejoin: cuts a region off from every other region, and restores it.
 * - reset: clears every fault.
 */
import type { Env } from "../env";
import { faults } from "../link/faults";
import type { Link } from "../link/link";
import type { ReplicaRef } from "../replica/protocol";
import { topologyOf } from "../topology";
import { AdminError } from "./admin-error";

const REPLICA_ACTIONS = ["crash", "restart", "stop", "resume", "evict"] as const;
const ZONE_ACTIONS = ["cut", "heal"] as const;
const REGION_ACTIONS = ["isolate", "rejoin"] as const;
const ACTIONS = ["crash", "restart", "stop", "resume", "slow", "evict", "cut", "heal", "isolate", "rejoin", "reset"];

export type FaultAction =
  | { action: (typeof REPLICA_ACTIONS)[number]; replica: ReplicaRef }
  | { action: "slow"; replica: ReplicaRef; ms: number }
  | { action: "evict"; coordinator: string }
  | { action: (typeof ZONE_ACTIONS)[number]; zones: [string, string] }
  | { action: (typeof REGION_ACTIONS)[number]; region: string }
  | { action: "reset" };

const oneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

const bad = (message: string) => new AdminError(400, message);

/**
 * A replica's reference from its object name, `<tableId>/<partition>/<region>/<zone>`
 * (workers/metadata/partition-map.ts): the zone gives its location hint.
 */
export function replicaRefOf(env: Pick<Env, "TOPOLOGY">, name: string): ReplicaRef {
  const parts = name.split("/");
  const region = parts.length >= 4 ? topologyOf(env).get(parts[parts.length - 2]) : undefined;
  const zone = region?.zones.find((z) => z.name === parts[parts.length - 1]);
  if (!zone) throw bad(`replica ${JSON.stringify(name)} is not named <tableId>/<partition>/<region>/<zone>`);
  return { name, zone: zone.name, locationHint: zone.locationHint };
}

function zonePair(env: Pick<Env, "TOPOLOGY">, zones: unknown): [string, string] {
  if (!Array.isArray(zones) || zones.length !== 2 || zones.some((z) => typeof z !== "string")) {
    throw bad("zones must be an array of two zone names");
  }
  const known = new Set([...topologyOf(env).values()].flatMap((r) => r.zones.map((z) => z.name)));
  for (const zone of zones) if (!known.has(zone)) throw bad(`unknown zone ${JSON.stringify(zone)}`);
  if (zones[0] === zones[1]) throw bad("zones must name two different zones");
  return [zones[0], zones[1]];
}

/** The action a request body asks for. At exit: a well-formed action, or a thrown 400 AdminError. */
export function parseFaultAction(body: unknown, env: Pick<Env, "TOPOLOGY">): FaultAction {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw bad("the body must be a JSON object");
  const input = body as Record<string, unknown>;
  const action = input.action;
  if (typeof action !== "string" || !ACTIONS.includes(action)) {
    throw bad(`action must be one of ${ACTIONS.join(", ")}`);
  }
  if (action === "reset") return { action };
  if (oneOf(ZONE_ACTIONS, action)) return { action, zones: zonePair(env, input.zones) };
  if (oneOf(REGION_ACTIONS, action)) {
    if (typeof input.region !== "string" || !topologyOf(env).has(input.region)) {
      throw bad(`${action} needs a region of the topology`);
    }
    return { action, region: input.region };
  }
  if (action === "evict" && typeof input.coordinator === "string") {
    if (!input.coordinator.startsWith("tx/")) throw bad("a coordinator is named tx/<catalog>/<shard>");
    return { action, coordinator: input.coordinator };
  }
  if (typeof input.replica !== "string" || input.replica === "") throw bad(`${action} needs a replica name`);
  const replica = replicaRefOf(env, input.replica);
  if (oneOf(REPLICA_ACTIONS, action)) return { action, replica };
  const ms = input.ms;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw bad("slow needs ms, a number ≥ 0");
  return { action: "slow", replica, ms };
}

/** Drops the replica's memory; the call itself fails as the object aborts, which is expected. */
async function evict(link: Link, ref: ReplicaRef): Promise<void> {
  try {
    await link.callBypassingFaults(ref, "evict", []);
  } catch {
    // ctx.abort() rejects the call that triggered it.
  }
}

/** Applies an action to the fault state (and, for crash and evict, to the object). */
export async function applyFaultAction(action: FaultAction, link: Link): Promise<void> {
  applyFaultState(action);
  if (action.action === "crash") await evict(link, action.replica);
  else if (action.action === "evict") {
    if ("coordinator" in action) {
      await link
        .coordinator(action.coordinator)
        .evict()
        .catch(() => undefined);
    } else {
      await evict(link, action.replica);
    }
  }
}

/**
 * Applies an action to this isolate's fault state alone: what the other processes of a server run
 * as several do when told of an action (workers/admin/fault-broadcast.ts).
 */
export function applyFaultState(action: FaultAction): void {
  switch (action.action) {
    case "crash":
      faults.crash(action.replica.name);
      return;
    case "restart":
      faults.restart(action.replica.name);
      return;
    case "stop":
      faults.stop(action.replica.name);
      return;
    case "resume":
      faults.resume(action.replica.name);
      return;
    case "slow":
      faults.slow(action.replica.name, action.ms);
      return;
    case "evict":
      return;
    case "cut":
      faults.cut(...action.zones);
      return;
    case "heal":
      faults.heal(...action.zones);
      return;
    case "isolate":
      faults.isolate(action.region);
      return;
    case "rejoin":
      faults.rejoin(action.region);
      return;
    case "reset":
      faults.reset();
      return;
    default: {
      const unknown: never = action;
      throw new Error(`unknown fault action ${JSON.stringify(unknown)}`);
    }
  }
}
