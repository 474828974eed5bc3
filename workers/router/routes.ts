/**
 * The router's cache of partition maps, and the one way a router talks to a partition: look
 * the key's hash up in the cached map, call the replica, and when the replica answers
 * "wrong partition" (a stale map), refresh the map and retry. A stale cache so costs a retry,
 * never a wrong answer.
 */
import { fromWire, InternalServerError, ResourceNotFoundException } from "../../shared/api/errors";
import type { Link } from "../link/link";
import type { Route } from "../metadata/metadata-object";
import { type Partition, partitionFor } from "../metadata/partition-map";
import { type Reply, WRONG_PARTITION } from "../replica/protocol";

/** Module scope: shared by every request this isolate serves. */
const cache = new Map<string, Route>();

const MAX_ATTEMPTS = 3;

export class Routes {
  constructor(
    private readonly link: Link,
    private readonly region: string,
  ) {}

  /** The route of an ACTIVE table; ResourceNotFoundException when there is none. */
  async get(tableName: string, refresh = false): Promise<Route> {
    const cacheKey = `${this.region}/${tableName}`;
    const cached = cache.get(cacheKey);
    if (cached && !refresh) return cached;
    const reply = await this.link.metadata(this.region).route(tableName);
    if (!reply.ok || reply.table.status === "CREATING") {
      cache.delete(cacheKey);
      throw new ResourceNotFoundException();
    }
    const route: Route = { table: reply.table, map: reply.map };
    cache.set(cacheKey, route);
    return route;
  }

  /** Forgets a table's route, after the control plane changed it. */
  invalidate(tableName: string): void {
    cache.delete(`${this.region}/${tableName}`);
  }

  /**
   * Calls the partition that owns `hash`, retrying with a fresh map on "wrong partition".
   * At exit: the replica's successful reply, or a thrown DynamoError.
   */
  async call<T>(
    tableName: string,
    hash: string,
    fn: (partition: Partition, route: Route) => Promise<Reply<T>>,
  ): Promise<T> {
    return this.retrying(tableName, (route) => {
      const partition = partitionFor(route.map, hash);
      return fn(partition, route);
    });
  }

  /** Runs `fn` against the current route, refreshing it and retrying on "wrong partition". */
  async retrying<T>(tableName: string, fn: (route: Route) => Promise<Reply<T>>): Promise<T> {
    let route = await this.get(tableName);
    for (let attempt = 1; ; attempt++) {
      const reply = await fn(route);
      if (reply.ok) return reply;
      if (reply.error.type !== WRONG_PARTITION) throw fromWire(reply.error);
      if (attempt === MAX_ATTEMPTS) throw new InternalServerError("Internal server error");
      route = await this.get(tableName, true);
    }
  }
}
