/**
 * Simulated distances between regions, for local runs: the round-trip time the link adds to a
 * call between objects of two regions (REGION_LATENCY_MS). On Cloudflare real distances apply
 * and the var is "off".
 *
 * - "off": none.
 * - "default": about what the real distances cost — 70 ms US↔EU, 150 ms US↔AP, 220 ms EU↔AP,
 *   20 ms between two regions of one continent (by the name's prefix: us-, eu-, ap-, …).
 * - JSON: `{ "us-east-1|eu-west-1": 70, … }`, pairs in either order; unnamed pairs get none.
 */

const CONTINENT_MS: Record<string, number> = { "eu|us": 70, "ap|us": 150, "ap|eu": 220 };
const SAME_CONTINENT_MS = 20;

/** The key of an unordered pair of names: the same whichever comes first. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const continent = (region: string) => region.split("-")[0];

/** The round-trip milliseconds between two regions, by a parsed REGION_LATENCY_MS. */
export type Distances = (a: string, b: string) => number;

let cached: { source: string | undefined; distances: Distances | undefined } | undefined;

/** The distances REGION_LATENCY_MS names; undefined when they are off. */
export function distancesOf(source: string | undefined): Distances | undefined {
  if (cached && cached.source === source) return cached.distances;
  let distances: Distances | undefined;
  if (source === "default") {
    distances = (a, b) => {
      if (a === b) return 0;
      const [x, y] = [continent(a), continent(b)];
      return x === y ? SAME_CONTINENT_MS : (CONTINENT_MS[pairKey(x, y)] ?? 0);
    };
  } else if (source && source !== "off") {
    const table = JSON.parse(source) as Record<string, number>;
    const normalized = new Map(
      Object.entries(table).map(([k, ms]) => [pairKey(...(k.split("|") as [string, string])), ms]),
    );
    distances = (a, b) => (a === b ? 0 : (normalized.get(pairKey(a, b)) ?? 0));
  }
  cached = { source, distances };
  return distances;
}

/** The region of a zone named like an AWS availability zone ("us-east-1a" → "us-east-1"). */
export function regionOfZone(zone: string): string {
  return zone.replace(/[a-z]$/, "");
}
