/**
 * The admin API's crash of a zone, `{ "action": "crash", "zone": "<zone>", "restartAfterMs": n }`:
 * when the server runs as several processes (issue 23), the process holding the zone's replicas
 * is killed outright (SIGKILL) by its launcher (scripts/processes.ts), which starts it again after
 * `restartAfterMs` (its own restart delay when absent); the process recovers from its storage. A
 * real failure, not a simulated one: every replica of the zone, and every object placed in that
 * process, is gone at once. One process holds every zone, so there it is refused: a crash of one
 * replica (`"replica"`) is what one process can simulate.
 */
import type { Env } from "../env";
import { INTERNAL_TOKEN_HEADER } from "../link/internal-api";
import { placementOf, zoneProcess } from "../link/placement";
import { topologyOf } from "../topology";
import { AdminError } from "./admin-error";

/** What a crash of a zone asks for. */
export interface ZoneCrash {
  zone: string;
  restartAfterMs?: number;
}

/** The longest restart delay a crash may ask for: 10 minutes. */
const MAX_RESTART_AFTER_MS = 600_000;

/** Whether a fault action's body is a crash of a zone (the other actions are fault-actions.ts's). */
export function isZoneCrash(body: unknown): boolean {
  const input = body as Record<string, unknown> | null;
  return typeof input === "object" && input !== null && input.action === "crash" && "zone" in input;
}

/** The crash a body asks for. At exit: a well-formed crash, or a thrown 400 AdminError. */
export function parseZoneCrash(body: Record<string, unknown>, env: Pick<Env, "TOPOLOGY">): ZoneCrash {
  const { zone, restartAfterMs } = body;
  const known = [...topologyOf(env).values()].some((region) => region.zones.some((z) => z.name === zone));
  if (typeof zone !== "string" || !known) throw new AdminError(400, `unknown zone ${JSON.stringify(zone)}`);
  if (restartAfterMs === undefined) return { zone };
  if (
    typeof restartAfterMs !== "number" ||
    !Number.isInteger(restartAfterMs) ||
    restartAfterMs < 0 ||
    restartAfterMs > MAX_RESTART_AFTER_MS
  ) {
    throw new AdminError(400, `restartAfterMs must be an integer from 0 to ${MAX_RESTART_AFTER_MS}`);
  }
  return { zone, restartAfterMs };
}

/**
 * Asks the launcher to kill the process holding `crash.zone`. At exit: that process's index; the
 * kill follows the answer (so a process that kills itself still answers this request).
 */
export async function crashZone(
  env: Pick<Env, "PROCESSES" | "PROCESS_INDEX" | "SUPERVISOR" | "INTERNAL_TOKEN">,
  crash: ZoneCrash,
): Promise<number> {
  const { processes } = placementOf(env);
  if (processes === 1 || !env.SUPERVISOR) {
    throw new AdminError(
      400,
      "a crash of a zone kills the process holding it: start the server as processes (npm start -- --processes N), or crash a replica",
    );
  }
  const process = zoneProcess(crash.zone, processes);
  const answer = await env.SUPERVISOR.fetch("http://supervisor/kill", {
    method: "POST",
    headers: { [INTERNAL_TOKEN_HEADER]: env.INTERNAL_TOKEN ?? "" },
    body: JSON.stringify({ process, restartAfterMs: crash.restartAfterMs }),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new AdminError(500, `the launcher refused to kill process ${process}: ${text}`);
  return process;
}
