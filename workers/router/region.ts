/**
 * The region a request is for: the one named in its SigV4 credential scope
 * (`Credential=AKID/20250101/eu-west-1/dynamodb/aws4_request`), as on AWS, when the topology
 * knows it; otherwise the configured default region.
 */
import type { Env } from "../env";
import { topologyOf } from "../topology";

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//;

export function regionOf(authorization: string | undefined, env: Pick<Env, "TOPOLOGY" | "DEFAULT_REGION">): string {
  const named = authorization?.match(SCOPE)?.[1];
  return named && topologyOf(env).has(named) ? named : env.DEFAULT_REGION;
}
