/**
 * Routes shared among the processes of a self-hosted server run as several (issue 23): a router
 * whose table route is not cached, while the process holding the region's metadata object is
 * down (restarting), asks the other processes for theirs. So routers keep serving a table any
 * of them had routed while the metadata object comes back; a route so taken is as good as a
 * cached one (a stale map costs a "wrong partition" and a retry, never a wrong answer).
 */
import type { Env } from "../env";
import { ROUTES_PATH } from "../link/internal-api";
import { otherProcesses, postToPeer } from "../link/remote";
import { decodeWire, encodeWire } from "../link/wire";
import type { Route } from "../metadata/protocol";

type PeerEnv = Pick<Env, "PROCESSES" | "PROCESS_INDEX" | "INTERNAL_TOKEN" | `PEER_${number}`>;

/** The route cached under `cacheKey` by another process, the first that has one; undefined when none does. */
export async function routeFromPeers(env: PeerEnv, cacheKey: string): Promise<Route | undefined> {
  const answers = await Promise.all(otherProcesses(env).map((i) => postToPeer(env, i, ROUTES_PATH, cacheKey)));
  const found = answers.find((text) => text !== undefined && text !== "");
  return found === undefined ? undefined : (decodeWire(found) as Route);
}

/** Answers another process's ask (the `Internal` entrypoint, on ROUTES_PATH) from `cached`: the route, or an empty body. */
export async function servePeerRoute(
  request: Request,
  cached: (cacheKey: string) => Route | undefined,
): Promise<Response> {
  const route = cached(await request.text());
  return new Response(route ? encodeWire(route) : "");
}
