/**
 * The router's cache of partition maps, and the one way a router talks to a partition: look
 * the key's hash up in the cached map, call the replica, and when the replica answers
 * "wrong partition" (a stale map), refresh the map and retry. A stale cache so costs a retry,
 * never a wrong answer. The route of a table with a global index being built is kept only
 * TRANSIENT_ROUTE_MS: reads of that index are refused from the route alone (the router sends them
 * nowhere), so no refusal would tell the router it turned ACTIVE.
 */

import { indexArn } from "../../shared/api/arns";
import {
  type DynamoError,
  fromWire,
  InternalServerError,
  ResourceNotFoundException,
  ValidationException,
} from "../../shared/api/errors";
import { keySchemaOf } from "../../shared/api/table";
import { type Throttle, throttledError } from "../../shared/capacity/throttling";
import { sleep } from "../clock";
import { LinkError } from "../link/faults";
import type { Link, MetadataResult } from "../link/link";
import { type Partition, partitionFor } from "../metadata/partition-map";
import type { Route } from "../metadata/protocol";
import { type Reply, THROTTLED, WRONG_PARTITION } from "../replica/protocol";

/** Module scope: shared by every request this isolate serves. */
const cache = new Map<string, Route>();
/** When each transient route expires (link clock ms), by cache key: the routes of tables with an index being built. */
const expiring = new Map<string, number>();

/** How long a route with a global index being built stays cached. */
const TRANSIENT_ROUTE_MS = 250;

/**
 * How long a request keeps trying partitions that answer "wrong partition". A partition sealed by
 * a split refuses until autoadmin publishes the map naming its children (workers/replica/split.ts),
 * which is usually at once: a refreshed map of the same version waits a little before the retry.
 */
const WRONG_PARTITION_DEADLINE_MS = 5000;
const RETRY_PAUSE_MS = 10;
const MAX_RETRY_PAUSE_MS = 250;

/** The route this isolate caches under `cacheKey` (a catalog's name, "/", a table's): for another process (peer-routes.ts). */
export function cachedRoute(cacheKey: string): Route | undefined {
  return cache.get(cacheKey);
}

export class Routes {
  /** What the cache keys of this router's tables start with: their catalog (its region and account). */
  private readonly prefix: string;

  /**
   * `fromPeers`: where to look for a route while the metadata object's process is down: the
   * other processes' caches (peer-routes.ts), when the server runs as several.
   */
  constructor(
    private readonly link: Link,
    private readonly region: string,
    private readonly fromPeers?: (cacheKey: string) => Promise<Route | undefined>,
  ) {
    this.prefix = `${link.catalog(region)}/`;
  }

  /** The cached route of a table, if any: the hot path takes it without awaiting. */
  cached(tableName: string): Route | undefined {
    const cacheKey = this.prefix + tableName;
    if (expiring.size > 0) {
      const until = expiring.get(cacheKey);
      if (until !== undefined && this.link.clock.now() >= until) {
        expiring.delete(cacheKey);
        cache.delete(cacheKey);
      }
    }
    return cache.get(cacheKey);
  }

  /** The route of an ACTIVE table; ResourceNotFoundException when there is none. */
  async get(tableName: string, refresh = false): Promise<Route> {
    const cacheKey = this.prefix + tableName;
    const cached = this.cached(tableName);
    if (cached && !refresh) return cached;
    let reply: MetadataResult<"route">;
    try {
      reply = await this.link.callMetadata(this.region, "route", [tableName]);
    } catch (error) {
      const shared = error instanceof LinkError && error.processDown ? await this.fromPeers?.(cacheKey) : undefined;
      if (!shared) throw error;
      cache.set(cacheKey, shared);
      return shared;
    }
    if (!reply.ok || reply.table.status === "CREATING") {
      cache.delete(cacheKey);
      throw new ResourceNotFoundException();
    }
    const route: Route = { table: reply.table, map: reply.map, indexMaps: reply.indexMaps };
    cache.set(cacheKey, route);
    if (reply.table.globalIndexes?.some((i) => i.status === "CREATING")) {
      expiring.set(cacheKey, this.link.clock.now() + TRANSIENT_ROUTE_MS);
    } else expiring.delete(cacheKey);
    return route;
  }

  /** Forgets a table's route, after the control plane changed it. */
  invalidate(tableName: string): void {
    cache.delete(this.prefix + tableName);
    expiring.delete(this.prefix + tableName);
  }

  /**
   * Calls the partition that owns `hash`, retrying with a fresh map on "wrong partition".
   * `validated` is the route the caller validated the request (and computed `hash`) against;
   * by default the cached route.
   * At exit: the replica's successful reply, or a thrown DynamoError.
   */
  async call<T>(
    tableName: string,
    hash: string,
    fn: (partition: Partition, route: Route) => Promise<Reply<T>>,
    validated?: Route,
  ): Promise<T> {
    return this.retrying(
      tableName,
      (route) => {
        const partition = partitionFor(route.map, hash);
        return fn(partition, route);
      },
      validated,
    );
  }

  /**
   * Runs `fn` against the current route, refreshing it and retrying on "wrong partition".
   * A request validated against one table incarnation is never sent to another whose key
   * schema differs (the table was deleted and re-created meanwhile): its key would not fit.
   * It fails as a key that does not match the schema, which is what validating it against the
   * new table would have said.
   */
  async retrying<T>(tableName: string, fn: (route: Route) => Promise<Reply<T>>, validated?: Route): Promise<T> {
    let route = this.cached(tableName) ?? (await this.get(tableName));
    const expected = validated ?? route;
    const { clock } = this.link;
    const deadline = clock.now() + WRONG_PARTITION_DEADLINE_MS;
    for (let pause = RETRY_PAUSE_MS; ; ) {
      if (!sameKeys(expected, route)) {
        throw new ValidationException("The provided key element does not match the schema");
      }
      const reply = await fn(route);
      if (reply.ok) return reply;
      if (reply.error.type === THROTTLED) throw partitionThrottled(route, reply.error.message);
      if (reply.error.type !== WRONG_PARTITION) throw fromWire(reply.error);
      if (clock.now() >= deadline) throw new InternalServerError("Internal server error");
      const stale = mapVersions(route);
      route = await this.get(tableName, true);
      if (mapVersions(route) === stale) {
        await sleep(clock, pause);
        pause = Math.min(MAX_RETRY_PAUSE_MS, pause * 2);
      }
    }
  }
}

/** The versions of a route's maps, the table's and its global indexes', as one text. */
function mapVersions(route: Route): string {
  const indexes = Object.values(route.indexMaps ?? {}).map((m) => m.version);
  return [route.map.version, ...indexes].join(",");
}

/**
 * DynamoDB's answer to a partition over its limits (a THROTTLED refusal, whose message is the
 * reason, then `/` and the id of the global index whose partition refused): the exception of the
 * table's billing mode, naming the table's or the index's ARN.
 */
function partitionThrottled(route: Route, refusal: string): DynamoError {
  const [reason, indexId] = refusal.split("/");
  const index = indexId === undefined ? undefined : route.table.globalIndexes?.find((i) => i.id === indexId);
  const throttle: Throttle = {
    of: index ? "Index" : "Table",
    operation: reason.includes("Write") ? "Write" : "Read",
    limit: "KeyRangeThroughputExceeded",
  };
  const resource = index ? indexArn(route.table.arn, index.name) : route.table.arn;
  return throttledError(throttle, route.table.billingMode, resource);
}

/** Whether requests validated against `a` fit `b`: the same incarnation, or the same key schema. */
function sameKeys(a: Route, b: Route): boolean {
  if (a.table.id === b.table.id) return true;
  const x = keySchemaOf(a.table);
  const y = keySchemaOf(b.table);
  return (
    x.hash.name === y.hash.name &&
    x.hash.type === y.hash.type &&
    x.range?.name === y.range?.name &&
    x.range?.type === y.range?.type
  );
}
