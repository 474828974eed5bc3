/**
 * What the objects tests share: requests through the router Worker (`exports.default`), stubs
 * of the metadata and replica objects, and tables created with their alarm under the test's
 * control (the runtime fires alarms by itself; a held alarm only runs through
 * runDurableObjectAlarm).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Item } from "../../shared/api/attribute-value";
import type { CreateTableInput } from "../../shared/api/operations/create-table";
import type { TableDescription } from "../../shared/api/table";
import { Link } from "../../workers/link/link";
import type { MetadataObject } from "../../workers/metadata/metadata-object";
import type { Route } from "../../workers/metadata/protocol";
import { ReplicaLog } from "../../workers/replica/log";
import type { GetRequest, GetResult, ReplicaConfig, ReplicaRef, Reply } from "../../workers/replica/protocol";
import { parseGetReply } from "../../workers/replica/replies";
import { ReplicaStorage } from "../../workers/replica/storage";
import { type SigningOptions, signedHeaders } from "../helpers/sigv4-signer";

export const REGION = "us-east-1";
export const TARGET_PREFIX = "DynamoDB_20120810.";

export const link = new Link(env);
export const metadata = () => link.metadata(REGION);
export const replica = (ref: ReplicaRef) => link.replica(ref);

/** A replica's GetItem call, its text reply parsed as the router parses it. */
export async function getItemFrom(ref: ReplicaRef, request: GetRequest): Promise<Reply<GetResult>> {
  return parseGetReply(await replica(ref).get(request));
}

export interface Answer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  body: Record<string, unknown>;
}

const URL_ = "http://dynaflare.test/";

/**
 * Sends one JSON 1.0 request through the router Worker, signed with the test key (for the region
 * `signing` names: us-east-1 by default), or as it is with `signing` false. `body` strings and
 * bytes are sent as they are. An answer that is not JSON (a 413, a 404 page) has an empty `body`.
 */
export async function send(
  target: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
  signing: SigningOptions | false = {},
): Promise<Answer> {
  let init: Record<string, string> = { "content-type": "application/x-amz-json-1.0", ...headers };
  if (target !== undefined) init["x-amz-target"] = target;
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  if (signing !== false) init = signedHeaders(URL_, init, payload, signing);
  const response = await exports.default.fetch(URL_, { method: "POST", headers: init, body: payload });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, body: parseAnswer(bytes) };
}

function parseAnswer(bytes: Uint8Array): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/** Sends operation `operation` (a name in the dispatch table). */
export const dynamo = (operation: string, body: unknown) => send(TARGET_PREFIX + operation, body);

/** `<prefix>-<random>`: a valid table name, unique per call. */
export const uniqueName = (prefix = "t") => `${prefix}-${crypto.randomUUID().slice(0, 13)}`;

/** A PAY_PER_REQUEST table with a string partition key `pk` (and a number sort key `sk` when asked). */
export function tableInput(name: string, sortKey = false): CreateTableInput {
  return {
    TableName: name,
    AttributeDefinitions: sortKey
      ? [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
        ]
      : [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: sortKey
      ? [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ]
      : [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  };
}

const HOUR = 3_600_000;

/**
 * Runs `action` inside the metadata object and then moves the alarm it scheduled an hour
 * ahead, so the pending control-plane work waits for runDurableObjectAlarm. Another test file
 * sharing the object may wake the alarm again: assert on state seen inside `action` only.
 */
export function holdingAlarm<R>(
  action: (instance: MetadataObject, state: DurableObjectState) => R | Promise<R>,
): Promise<R> {
  return runInDurableObject(metadata(), async (instance: MetadataObject, state) => {
    const result = await action(instance, state);
    await state.storage.setAlarm(Date.now() + HOUR);
    return result;
  });
}

/** Runs the metadata alarm now (if the runtime has not already run it) and waits for the route. */
export async function settle(name?: string): Promise<void> {
  await runDurableObjectAlarm(metadata());
  if (name === undefined) return;
  for (let i = 0; i < 100; i++) {
    const reply = await metadata().route(name);
    if (reply.ok && reply.table.status === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

/** Creates a table and runs the alarm that makes it ACTIVE. */
export async function createActiveTable(name = uniqueName(), sortKey = false): Promise<TableDescription> {
  const reply = await holdingAlarm((m) => m.createTable(tableInput(name, sortKey), Date.now()));
  if (!reply.ok) throw new Error(`createTable failed: ${reply.error.message}`);
  await settle(name);
  return reply.description;
}

/** The table's current route; throws when the catalog has none. */
export async function routeOf(name: string): Promise<Route> {
  const reply = (await metadata().route(name)) as Reply<Route>;
  if (!reply.ok) throw new Error(`no route for ${name}: ${reply.error.message}`);
  return { table: reply.table, map: reply.map };
}

/** What a replica holds, read from its own storage. */
export function replicaState(ref: ReplicaRef) {
  return runInDurableObject(replica(ref), (_instance, state) => {
    const store = new ReplicaStorage(state.storage.sql);
    const count = (table: string) =>
      state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
    return {
      config: store.getState<ReplicaConfig>("config"),
      // The applied index as the replica recovers it from its storage.
      applied: new ReplicaLog(store).applied,
      items: count("items"),
      log: count("log"),
    };
  });
}

/** PutItem through the router; throws unless it answers 200. */
export async function putItem(tableName: string, item: Item): Promise<void> {
  const answer = await dynamo("PutItem", { TableName: tableName, Item: item });
  if (answer.status !== 200) throw new Error(`PutItem answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

export const S = (s: string) => ({ S: s });
export const N = (n: number | string) => ({ N: String(n) });
export const itemOf = (pk: string, extra: Item = {}): Item => ({ pk: S(pk), ...extra });
