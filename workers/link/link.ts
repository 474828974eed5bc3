/**
 * The one seam for calls between objects. Every router → metadata, router → replica,
 * metadata → replica and replica → replica call gets its stub here.
 *
 * On Cloudflare this is a plain stub lookup. In local and test runs `call` also applies the
 * faults the admin API injects (workers/link/faults.ts) and a timeout, which is what makes
 * failover testable on one machine.
 */
import type { Env } from "../env";
import type { MetadataRpc } from "../metadata/protocol";
import type { ReplicaRef } from "../replica/protocol";
import type { ReplicaRpc } from "../replica/rpc";
import { type Distances, distancesOf, regionOfZone } from "./distances";
import { callFate, type Endpoint, faultsActive, LinkError } from "./faults";

/** How long a call to a stopped replica goes unanswered when the caller sets no timeout. */
const UNANSWERED_MS = 1000;

/**
 * Object ids by name, one cache per binding, shared by every request of the isolate: an id is
 * a pure function of its namespace and name (a stub is not: it belongs to its request).
 * Cleared when it grows past MAX_IDS, so tables come and go without it growing unbounded.
 */
const METADATA_IDS = new Map<string, DurableObjectId>();
const REPLICA_IDS = new Map<string, DurableObjectId>();
const MAX_IDS = 10_000;

function idOf(
  cache: Map<string, DurableObjectId>,
  namespace: { idFromName(name: string): DurableObjectId },
  name: string,
) {
  let id = cache.get(name);
  if (!id) {
    if (cache.size >= MAX_IDS) cache.clear();
    id = namespace.idFromName(name);
    cache.set(name, id);
  }
  return id;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type ReplicaStub = DurableObjectStub<ReplicaRpc>;

export class Link {
  private readonly distances: Distances | undefined;
  private readonly fromRegion: string | undefined;

  /** `from`: the replica making the calls, for faults and distances; none for the router and metadata. */
  constructor(
    private readonly env: Pick<Env, "METADATA" | "REPLICA" | "REGION_LATENCY_MS">,
    private readonly from?: Endpoint,
  ) {
    this.distances = distancesOf(env.REGION_LATENCY_MS);
    this.fromRegion = from && regionOfZone(from.zone);
  }

  /** The metadata object of a region: one per region, named after it. */
  metadata(region: string): DurableObjectStub<MetadataRpc> {
    return this.env.METADATA.get(idOf(METADATA_IDS, this.env.METADATA, region));
  }

  /** A replica's stub, bypassing faults: for the admin API and tests. */
  replica(ref: ReplicaRef): ReplicaStub {
    const id = idOf(REPLICA_IDS, this.env.REPLICA, ref.name);
    return this.env.REPLICA.get(id, { locationHint: ref.locationHint as DurableObjectLocationHint });
  }

  /**
   * Calls a replica. At exit: `fn`'s result, or a thrown LinkError when the call was refused
   * (not delivered), went unanswered within `timeoutMs`, or failed in the runtime (delivered:
   * its effect is unknown).
   */
  call<T>(ref: ReplicaRef, fn: (stub: ReplicaStub) => Promise<T>, timeoutMs?: number): Promise<T> {
    const far =
      this.distances !== undefined && this.fromRegion !== undefined && regionOfZone(ref.zone) !== this.fromRegion;
    if (timeoutMs === undefined && !faultsActive() && !far) return guarded(fn(this.replica(ref)));
    return this.faultyCall(ref, fn, timeoutMs);
  }

  private async faultyCall<T>(ref: ReplicaRef, fn: (stub: ReplicaStub) => Promise<T>, timeoutMs?: number): Promise<T> {
    const fate = callFate(this.from, ref, this.distances);
    if (fate === "refused") throw new LinkError(`${ref.name} is unreachable`, false);
    if (fate === "lost") {
      await sleep(timeoutMs ?? UNANSWERED_MS);
      throw new LinkError(`${ref.name} did not answer`, false);
    }
    if (fate > 0) await sleep(fate);
    const result = await withTimeout(guarded(fn(this.replica(ref))), timeoutMs, ref.name);
    // The answer is lost if, while the peer worked, it went down or stopped or the link was cut.
    const back = callFate(this.from, ref, this.distances);
    if (back === "lost") await sleep(timeoutMs ?? UNANSWERED_MS);
    if (back === "refused" || back === "lost") throw new LinkError(`${ref.name} did not answer`, true);
    if (back > 0) await sleep(back);
    return result;
  }
}

/** A runtime failure of the call (the object reset, overloaded, unreachable) as a delivered LinkError. */
async function guarded<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new LinkError(String(error), true);
  }
}

function withTimeout<T>(call: Promise<T>, ms: number | undefined, name: string): Promise<T> {
  if (ms === undefined) return call;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LinkError(`${name} did not answer within ${ms} ms`, true)), ms);
  });
  return Promise.race([call, timeout]).finally(() => timer !== null && clearTimeout(timer));
}
