/**
 * What an operation handler gets: the region it serves, the link to the objects, the route
 * cache and the clock.
 */
import { type Clock, type Random, systemClock, systemRandom } from "../clock";
import type { Env } from "../env";
import { Link, type MetadataArgs, type MetadataMethod, type MetadataResult } from "../link/link";
import type { JsonText } from "./json-text";
import { routeFromPeers } from "./peer-routes";
import { Routes } from "./routes";

export interface OperationContext {
  env: Env;
  region: string;
  /** The account the request acts for: its tables are the only ones it can reach. */
  account: string;
  link: Link;
  routes: Routes;
  /** Calls method `method` of the region's metadata object with `args` (Link.callMetadata). */
  metadata<M extends MetadataMethod>(method: M, args: MetadataArgs<M>): Promise<MetadataResult<M>>;
  /** The Host the request came in on (DescribeEndpoints answers with it). */
  host?: string;
  /** Epoch milliseconds, on the context's clock (the link's). */
  now(): number;
}

/**
 * The context of a request for `region` acting for `account`. `clock`, `random`: the request's
 * time and chance (workers/clock.ts), the system's by default.
 */
export function operationContext(
  env: Env,
  region: string,
  account: string,
  host?: string,
  clock: Clock = systemClock,
  random: Random = systemRandom,
): OperationContext {
  return new RequestContext(env, region, account, host, new Link(env, undefined, { clock, random, account }));
}

/**
 * A class rather than an object literal of arrow functions: the bundle keeps function names, so
 * each named arrow made per request would cost a `__name` call (a property definition) per request.
 */
class RequestContext implements OperationContext {
  readonly routes: Routes;

  constructor(
    readonly env: Env,
    readonly region: string,
    readonly account: string,
    readonly host: string | undefined,
    readonly link: Link,
  ) {
    this.routes = new Routes(link, region, (cacheKey) => routeFromPeers(env, cacheKey));
  }

  metadata<M extends MetadataMethod>(method: M, args: MetadataArgs<M>): Promise<MetadataResult<M>> {
    return this.link.callMetadata(this.region, method, args);
  }

  now(): number {
    return this.link.clock.now();
  }
}

/** A response body: an object to serialize, or JSON text as is. */
export type Answer = Record<string, unknown> | JsonText;

/** A handler of one DynamoDB operation: the request body in, the response body out. */
export type Operation = (ctx: OperationContext, body: Record<string, unknown>) => Promise<Answer>;
