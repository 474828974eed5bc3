/**
 * The one seam for calls between objects. Every router → metadata, router → replica and
 * metadata → replica call gets its stub here.
 *
 * On Cloudflare this is a plain stub lookup. Local and test runs will extend it with configured
 * latency between zones and regions and with injected faults (a replica down, a link cut, a
 * region isolated), which is what makes failover and replication testable on one machine.
 */
import type { Env } from "../env";
import type { MetadataObject } from "../metadata/metadata-object";
import type { ReplicaObject } from "../replica/replica-object";

/** Where a replica lives: its object name and its zone's location hint. */
export interface ReplicaRef {
  name: string;
  zone: string;
  locationHint: string;
}

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

export class Link {
  constructor(private readonly env: Pick<Env, "METADATA" | "REPLICA">) {}

  /** The metadata object of a region: one per region, named after it. */
  metadata(region: string): DurableObjectStub<MetadataObject> {
    return this.env.METADATA.get(idOf(METADATA_IDS, this.env.METADATA, region));
  }

  replica(ref: ReplicaRef): DurableObjectStub<ReplicaObject> {
    const id = idOf(REPLICA_IDS, this.env.REPLICA, ref.name);
    return this.env.REPLICA.get(id, { locationHint: ref.locationHint as DurableObjectLocationHint });
  }
}
