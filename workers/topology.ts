/**
 * Regions and zones, read from the Worker's configuration (the TOPOLOGY var), never from code.
 * A zone is named like an AWS availability zone ("us-east-1a") and carries the Durable Object
 * location hint its replicas are created with.
 */
export interface Zone {
  name: string;
  locationHint: string;
}

export interface Region {
  name: string;
  zones: Zone[];
}

export type Topology = Map<string, Region>;

let cached: { source: string; topology: Topology } | undefined;

export function topologyOf(env: { TOPOLOGY: string }): Topology {
  if (cached?.source === env.TOPOLOGY) return cached.topology;
  const parsed = JSON.parse(env.TOPOLOGY) as Record<string, string[]>;
  const topology: Topology = new Map();
  for (const [name, hints] of Object.entries(parsed)) {
    topology.set(name, {
      name,
      zones: hints.map((locationHint, i) => ({ name: `${name}${String.fromCharCode(97 + i)}`, locationHint })),
    });
  }
  cached = { source: env.TOPOLOGY, topology };
  return topology;
}

export function regionOf(env: { TOPOLOGY: string }, name: string): Region {
  const region = topologyOf(env).get(name);
  if (!region) throw new Error(`unknown region ${name}`);
  return region;
}
