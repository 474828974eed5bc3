/**
 * What an operation handler gets: the region it serves, the link to the objects, the route
 * cache and the clock.
 */
import type { Env } from "../env";
import { Link } from "../link/link";
import type { MetadataRpc } from "../metadata/protocol";
import type { JsonText } from "./json-text";
import { Routes } from "./routes";

export interface OperationContext {
  env: Env;
  region: string;
  link: Link;
  routes: Routes;
  /** The region's metadata object (its stub is made on first use: data calls rarely need it). */
  readonly metadata: DurableObjectStub<MetadataRpc>;
  /** The Host the request came in on (DescribeEndpoints answers with it). */
  host?: string;
  /** Epoch milliseconds; injected so tests can drive time. */
  now(): number;
}

export function operationContext(
  env: Env,
  region: string,
  host?: string,
  now: () => number = Date.now,
): OperationContext {
  const link = new Link(env);
  let metadata: DurableObjectStub<MetadataRpc> | undefined;
  return {
    env,
    region,
    link,
    routes: new Routes(link, region),
    get metadata() {
      metadata ??= link.metadata(region);
      return metadata;
    },
    host,
    now,
  };
}

/** A response body: an object to serialize, or JSON text as is. */
export type Answer = Record<string, unknown> | JsonText;

/** A handler of one DynamoDB operation: the request body in, the response body out. */
export type Operation = (ctx: OperationContext, body: Record<string, unknown>) => Promise<Answer>;
