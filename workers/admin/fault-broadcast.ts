/**
 * The admin API's faults in every process of a server run as several (issue 23): the fault state
 * is per isolate (workers/link/faults.ts), and each process has its own, so an action the admin API
 * applies in the process that received it is told to every other process, which applies it to its
 * state alone (the object side of crash and evict, done once, is the receiving process's). A
 * process down at that moment misses it; when it comes back, the launcher hands it another
 * process's fault state (FAULT_STATE_PATH; scripts/processes.ts).
 */
import type { Env } from "../env";
import { type FaultState, faults } from "../link/faults";
import { FAULTS_PATH } from "../link/internal-api";
import { otherProcesses, postToPeer } from "../link/remote";
import { applyFaultState, type FaultAction } from "./fault-actions";

type BroadcastEnv = Pick<Env, "PROCESSES" | "PROCESS_INDEX" | "INTERNAL_TOKEN" | `PEER_${number}`>;

/** Tells every other process of `action`; one that does not answer misses it (the launcher hands it the faults when it comes back). */
export async function broadcastFault(env: BroadcastEnv, action: FaultAction): Promise<void> {
  const body = JSON.stringify(action);
  await Promise.all(otherProcesses(env).map((i) => postToPeer(env, i, FAULTS_PATH, body)));
}

/** Applies an action another process told (the `Internal` entrypoint, on FAULTS_PATH). */
export async function serveFaultBroadcast(request: Request): Promise<Response> {
  applyFaultState((await request.json()) as FaultAction);
  return new Response("ok");
}

/** Reads (an empty body) or replaces (a FaultState) this process's fault state: the `Internal` entrypoint, on FAULT_STATE_PATH. */
export async function serveFaultState(request: Request): Promise<Response> {
  const body = await request.text();
  if (body !== "") faults.restore(JSON.parse(body) as FaultState);
  return Response.json(faults.state());
}
