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
 * with its name and message; a failure of the transport (the process died, the socket closed) is
 * thrown as a runtime error, which the link reports as a delivered LinkError (its effect unknown).
 */
import { tokenMatches } from "../admin/admin-token";
import type { Env } from "../env";
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

/** The header that carries INTERNAL_TOKEN. */
export const INTERNAL_TOKEN_HEADER = "x-dynaflare-internal-token";

/** The bindings the internal calls need: the peers, the token, and the objects' namespaces. */
export type InternalEnv = Pick<Env, NamespaceName | "INTERNAL_TOKEN" | `PEER_${number}`>;

/** Process `index`'s internal entrypoint. */
export function peerOf(env: Pick<Env, `PEER_${number}`>, index: number): Fetcher {
  const peer = env[`PEER_${index}`];
  if (!peer) throw new Error(`link: no PEER_${index} binding`);
  return peer;
}

/** A stub of `target` in the process `peer` leads to, with the methods of `T`. */
export function remoteStub<T>(peer: Fetcher, token: string, target: Omit<RemoteCall, "method" | "args">): T {
  return new Proxy(Object.create(null) as object, {
    get: (_, method) =>
      // Not a thenable: `await stub` must not call a method named "then".
      typeof method !== "string" || method === "then"
        ? undefined
        : (...args: unknown[]) => callRemote(peer, token, { ...target, method, args }),
  }) as T;
}

async function callRemote(peer: Fetcher, token: string, call: RemoteCall): Promise<unknown> {
  const response = await peer.fetch("http://internal/call", {
    method: "POST",
    headers: { [INTERNAL_TOKEN_HEADER]: token },
    body: encodeWire(call),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`internal call refused (${response.status}): ${text}`);
  const answer = decodeWire(text) as RemoteAnswer;
  if ("error" in answer) throw answer.error;
  return answer.ok;
}

/** Whether `request` is a call from another process of this server: a POST carrying INTERNAL_TOKEN. */
export function internalCallAllowed(env: Pick<Env, "INTERNAL_TOKEN">, request: Request): boolean {
  const given = request.headers.get(INTERNAL_TOKEN_HEADER) ?? undefined;
  return request.method === "POST" && tokenMatches(given, env.INTERNAL_TOKEN);
}

/** Serves one call from another process on this process's objects: the `Internal` entrypoint's fetch. */
export async function serveRemoteCall(env: InternalEnv, request: Request): Promise<Response> {
  if (!internalCallAllowed(env, request)) return new Response("forbidden", { status: 403 });
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
