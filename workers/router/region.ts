/**
 * The region a request is for: the one named in its SigV4 credential scope
 * (`Credential=AKID/20250101/eu-west-1/dynamodb/aws4_request`), as on AWS, when the topology
 * knows it; otherwise the region nearest the request — on Cloudflare, the first region of the
 * topology on the continent the request came from (`request.cf.continent`) — and otherwise the
 * configured default region.
 */
import type { Env } from "../env";
import { topologyOf } from "../topology";

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//;

/** Region name prefixes by Cloudflare continent code (`request.cf.continent`). */
const PREFIXES: Record<string, string[]> = {
  NA: ["us-", "ca-"],
  SA: ["sa-"],
  EU: ["eu-"],
  AF: ["af-", "eu-"],
  AS: ["ap-", "me-"],
  OC: ["ap-southeast-2", "ap-"],
};

/** `continentOf`: where the request came from, asked only when the scope names no known region. */
export function regionOf(
  authorization: string | undefined,
  env: Pick<Env, "TOPOLOGY" | "DEFAULT_REGION">,
  continentOf?: () => string | undefined,
): string {
  const topology = topologyOf(env);
  const named = authorization?.match(SCOPE)?.[1];
  if (named && topology.has(named)) return named;
  const continent = continentOf?.();
  for (const prefix of (continent && PREFIXES[continent]) || []) {
    for (const region of topology.keys()) if (region.startsWith(prefix)) return region;
  }
  return env.DEFAULT_REGION;
}
