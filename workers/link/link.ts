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

export class Link {
  constructor(private readonly env: Pick<Env, "METADATA" | "REPLICA">) {}

  /** The metadata object of a region: one per region, named after it. */
  metadata(region: string): DurableObjectStub<MetadataObject> {
    return this.env.METADATA.get(this.env.METADATA.idFromName(region));
  }

  replica(ref: ReplicaRef): DurableObjectStub<ReplicaObject> {
    const id = this.env.REPLICA.idFromName(ref.name);
    return this.env.REPLICA.get(id, { locationHint: ref.locationHint as DurableObjectLocationHint });
  }
}
