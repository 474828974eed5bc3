/**
 * What the replication tests share: a replication group of three replica objects configured
 * by the test itself (zones us-east-1a/b/c), its calls through raw stubs (which no injected
 * fault affects), and readers of each member's storage.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import type { Item } from "../../../shared/api/attribute-value";
import type { KeySchema } from "../../../shared/api/key-schema";
import { validatePutItem } from "../../../shared/api/operations/put-item";
import { faults } from "../../../workers/link/faults";
import { HASH_MAX, HASH_MIN } from "../../../workers/metadata/partition-map";
import type { LogRecord } from "../../../workers/replica/log-record";
import type {
  GetResult,
  MemberStatus,
  ReplicaConfig,
  ReplicaRef,
  Reply,
  Route,
  WriteRequest,
  WriteResult,
} from "../../../workers/replica/protocol";
import type { ReplicaObject } from "../../../workers/replica/replica-object";
import { parseGetReply, parseWriteReply } from "../../../workers/replica/replies";
import { putAction } from "../../../workers/router/items";
import { itemOf, replica, S } from "../helpers";

export const SCHEMA: KeySchema = { hash: { name: "pk", type: "S" } };
export const ROUTE: Route = { tableId: "table-1", mapVersion: 1 };
export const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;

export const keyOf = (pk: string): Item => ({ pk: S(pk) });
export const put = (pk: string, extra: Item = {}, route = ROUTE): WriteRequest => ({
  route,
  key: keyOf(pk),
  action: putAction(itemOf(pk, extra)),
});

/** A ConditionExpression (with its values) parsed the way the router parses it. */
export function conditionOf(expression: string, values?: Item) {
  return validatePutItem({
    TableName: "table",
    Item: itemOf("a"),
    ConditionExpression: expression,
    ...(values ? { ExpressionAttributeValues: values } : {}),
  }).expressions.condition;
}

/**
 * Three members of a fresh group, configured with each other (and with `extra`), named as the
 * metadata object names replicas.
 */
export async function newGroup(extra: Partial<ReplicaConfig> = {}): Promise<[ReplicaRef, ReplicaRef, ReplicaRef]> {
  const table = `test-${crypto.randomUUID().slice(0, 13)}`;
  const [a, b, c] = ZONES.map((zone) => ({ name: `${table}/p0/us-east-1/${zone}`, zone, locationHint: "enam" }));
  const members = [a, b, c];
  const config: ReplicaConfig = {
    tableId: ROUTE.tableId,
    partitionId: "p0",
    low: HASH_MIN,
    high: HASH_MAX,
    mapVersion: ROUTE.mapVersion,
    keySchema: SCHEMA,
    members,
    ...extra,
  };
  for (const ref of members) await replica(ref).configure(config);
  return [a, b, c];
}

export const write = async (ref: ReplicaRef, request: WriteRequest): Promise<Reply<WriteResult>> =>
  parseWriteReply(await replica(ref).write(request));

export const get = async (ref: ReplicaRef, pk: string, consistent: boolean): Promise<Reply<GetResult>> =>
  parseGetReply(await replica(ref).get({ route: ROUTE, key: keyOf(pk), consistent }));

export const status = (ref: ReplicaRef): Promise<MemberStatus> => replica(ref).status() as Promise<MemberStatus>;

/** Writes `request` and throws unless it is acknowledged. */
export async function acked(ref: ReplicaRef, request: WriteRequest): Promise<void> {
  const reply = await write(ref, request);
  if (!reply.ok) throw new Error(`write on ${ref.zone} refused: ${JSON.stringify(reply.error)}`);
}

/**
 * Writes `count` items `${prefix}${i}` inside the member's object, `parallel` at a time (the
 * leader batches what is ordered meanwhile). Throws unless every write is acknowledged.
 */
export function writeMany(ref: ReplicaRef, prefix: string, count: number, parallel = 64): Promise<void> {
  return runInDurableObject(replica(ref), async (instance: ReplicaObject) => {
    for (let start = 0; start < count; start += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
        instance.write(put(`${prefix}${start + i}`, { i: { N: String(start + i) } })),
      );
      for (const text of await Promise.all(batch)) {
        const reply = parseWriteReply(text);
        if (!reply.ok) throw new Error(`write refused: ${JSON.stringify(reply.error)}`);
      }
    }
  });
}

/** Crashes a member as the admin API does: calls to and from it fail, and it loses its memory. */
export async function crash(ref: ReplicaRef): Promise<void> {
  faults.crash(ref.name);
  await evictDurableObject(replica(ref));
}

/** Campaigns on `ref` and throws unless it is then the leader. */
export async function elect(ref: ReplicaRef): Promise<number> {
  const result = await replica(ref).campaign();
  if (result.leader !== ref.name) throw new Error(`${ref.zone} lost its campaign: ${JSON.stringify(result)}`);
  return result.term;
}

export interface LogRow {
  lsn: number;
  epoch: number;
  record: LogRecord;
}

/** The member's log, read from its storage. */
export function logOf(ref: ReplicaRef): Promise<LogRow[]> {
  return runInDurableObject(replica(ref), (_instance, state) =>
    state.storage.sql
      .exec<{ lsn: number; epoch: number; record: string }>("SELECT lsn, epoch, record FROM log ORDER BY lsn")
      .toArray()
      .map((row) => ({ lsn: row.lsn, epoch: row.epoch, record: JSON.parse(row.record) as LogRecord })),
  );
}

/** The member's items in key order (without the lsn that wrote each, which a snapshot does not keep). */
export function itemsOf(ref: ReplicaRef): Promise<{ h: string; item: string; size: number }[]> {
  return runInDurableObject(replica(ref), (_instance, state) =>
    state.storage.sql
      .exec<{ h: string; item: string; size: number }>("SELECT h, item, size FROM items ORDER BY h, pk, sk")
      .toArray(),
  );
}

/** How many of the member's items were written by a snapshot (stored with lsn 0). */
export function snapshotRows(ref: ReplicaRef): Promise<number> {
  return runInDurableObject(
    replica(ref),
    (_instance, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM items WHERE lsn = 0").one().n,
  );
}

/** The pk of every item the member holds, sorted. */
export async function keysOf(ref: ReplicaRef): Promise<string[]> {
  return (await itemsOf(ref)).map((row) => (JSON.parse(row.item) as { pk: { S: string } }).pk.S).sort();
}

/** Polls `check` every 20 ms until it holds; throws `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until every member has applied everything the leader committed, and the leader's followers hold it all. */
export function converged(leader: ReplicaRef, members: ReplicaRef[], timeoutMs = 3000): Promise<void> {
  return until(
    "every member applied the leader's log",
    async () => {
      const lead = await status(leader);
      if (lead.commit !== lead.last) return false;
      const all = await Promise.all(members.map(status));
      return all.every((s) => s.applied === lead.commit && s.last === lead.last);
    },
    timeoutMs,
  );
}
