/**
 * Calls to objects that live in another process (issue 23; placement.ts says which): a remote
 * stub has the methods of the object's RPC interface, and each call travels as data (wire.ts)
 * over the PEER_<i> service binding to process i's `Internal` entrypoint, which makes the call on
 * its own stub and sends back the answer or the error. So a caller cannot tell a remote stub from
 * a local one, but by its cost.
 *
 * A call carries INTERNAL_TOKEN, a secret the launcher gives every process, in its header; the
 * entrypoint refuses any other. The internal sockets are private to the launcher's user as well.
 *
 * What can go wrong, as a local stub would have it: the callee's error comes back and is thrown
 * with its name and message; a failure of the transport (no process at the socket, or it died
 * during the call) is a LinkError marked `processDown`. It is delivered (its effect unknown) but
 * for a call sent after this isolate found that process down: it never got it. While a process is
 * down, calls to it are refused without being sent, but one each PROBE_MS, which finds it back.
 */
import { tokenMatches } from "../admin/admin-token";
import type { Env } from "../env";
import { LinkError } from "./faults";
import { CALL_PATH, INTERNAL_TOKEN_HEADER } from "./internal-api";
import { placementOf } from "./placement";
import { decodeWire, encodeWire } from "./wire";

/** The bindings of the objects' namespaces. */
export type NamespaceName = "METADATA" | "REPLICA" | "TRANSACTIONS" | "ADMISSION";

/** One call to an object of another process. */
export interface RemoteCall {
  namespace: NamespaceName;
  /** The object's name (its id is `idFromName(name)`). */
  name: string;
  locationHint?: string;
  method: string;
  args: unknown[];
}

/** An answer: the method's result, or what it threw. */
type RemoteAnswer = { ok: unknown } | { error: Error };

/** The bindings the internal calls need: the peers, the token, and the objects' namespaces. */
export type InternalEnv = Pick<Env, NamespaceName | "INTERNAL_TOKEN" | `PEER_${number}`>;

/** Process `index`'s internal entrypoint. */
export function peerOf(env: Pick<Env, `PEER_${number}`>, index: number): Fetcher {
  const peer = env[`PEER_${index}`];
  if (!peer) throw new Error(`link: no PEER_${index} binding`);
  return peer;
}

/** Another process, as a caller reaches it: its index, its binding, the token, and the caller's clock. */
export interface Peer {
  index: number;
  fetcher: Fetcher;
  token: string;
  now: () => number;
}

/** How often a call is sent to a process found down, to find it back (the others are refused unsent). */
export const PROBE_MS = 50;

/**
 * The processes this isolate found down, by index: since when (the first call that failed), and
 * when a call was last sent to it. Forgotten once a call gets through.
 */
const down = new Map<number, { since: number; sent: number }>();

/** A stub of `target` in process `peer`, with the methods of `T`. */
export function remoteStub<T>(peer: Peer, target: Omit<RemoteCall, "method" | "args">): T {
  return new Proxy(Object.create(null) as object, {
    get: (_, method) =>
      // Not a thenable: `await stub` must not call a method named "then".
      typeof method !== "string" || method === "then"
        ? undefined
        : (...args: unknown[]) => callRemote(peer, { ...target, method, args }),
  }) as T;
}

async function callRemote(peer: Peer, call: RemoteCall): Promise<unknown> {
  const started = peer.now();
  const known = down.get(peer.index);
  if (known && started - known.sent < PROBE_MS) {
    throw new LinkError(`${call.name}'s process is down`, false, true);
  }
  if (known) known.sent = started;
  let response: Response;
  try {
    response = await peer.fetcher.fetch(`http://internal${CALL_PATH}`, {
      method: "POST",
      headers: { [INTERNAL_TOKEN_HEADER]: peer.token },
      body: encodeWire(call),
    });
  } catch (error) {
    const found = down.get(peer.index);
    if (!found) down.set(peer.index, { since: peer.now(), sent: peer.now() });
    // Sent after the process was found down (and not found back since): it never got the call.
    const delivered = !found || started < found.since;
    throw new LinkError(`${call.name}'s process did not answer: ${error}`, delivered, true);
  }
  down.delete(peer.index);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`internal call refused (${response.status}): ${text}`);
  const answer = decodeWire(text) as RemoteAnswer;
  if ("error" in answer) throw answer.error;
  return answer.ok;
}

/** The indexes of the other processes of this server (none in one process). */
export function otherProcesses(env: Pick<Env, "PROCESSES" | "PROCESS_INDEX">): number[] {
  const { processes, self } = placementOf(env);
  return Array.from({ length: processes }, (_, i) => i).filter((i) => i !== self);
}

/**
 * Posts `body` to `path` of process `index`'s internal entrypoint, with the token. At exit: the
 * answer's text when it is a 200, else undefined (refused, or no process answered).
 */
export async function postToPeer(
  env: Pick<Env, "INTERNAL_TOKEN" | `PEER_${number}`>,
  index: number,
  path: string,
  body: string,
): Promise<string | undefined> {
  try {
    const answer = await peerOf(env, index).fetch(`http://internal${path}`, {
      method: "POST",
      headers: { [INTERNAL_TOKEN_HEADER]: env.INTERNAL_TOKEN ?? "" },
      body,
    });
    const text = await answer.text();
    return answer.status === 200 ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `request` is a call from another process of this server: a POST carrying INTERNAL_TOKEN. */
export function internalCallAllowed(env: Pick<Env, "INTERNAL_TOKEN">, request: Request): boolean {
  const given = request.headers.get(INTERNAL_TOKEN_HEADER) ?? undefined;
  return request.method === "POST" && tokenMatches(given, env.INTERNAL_TOKEN);
}

/** Serves one call from another process on this process's objects: the `Internal` entrypoint's fetch. */
export async function serveRemoteCall(env: InternalEnv, request: Request): Promise<Response> {
  const call = decodeWire(await request.text()) as RemoteCall;
  const namespace = env[call.namespace] as unknown as DurableObjectNamespace | undefined;
  if (!namespace) return new Response(`no namespace ${call.namespace}`, { status: 400 });
  const id = namespace.idFromName(call.name);
  const stub = namespace.get(
    id,
    call.locationHint ? { locationHint: call.locationHint as DurableObjectLocationHint } : {},
  );
  let answer: RemoteAnswer;
  try {
    // Called on the stub itself: a stub's method is an RPC property (its `apply` would be a call too).
    answer = {
      ok: await (stub as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[call.method](
        ...call.args,
      ),
    };
  } catch (error) {
    answer = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  return new Response(encodeWire(answer));
}
