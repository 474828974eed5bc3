/**
 * The platform floor: the least work that answers DynamoDB's PutItem and GetItem on workerd,
 * so the benchmark can state our overhead as a ratio to what the platform itself costs.
 *
 * Per request: one Worker invocation (read X-Amz-Target, parse the JSON body) and one RPC to a
 * SQLite-backed Durable Object doing one statement. No validation, no expressions, no
 * replication, no metadata lookup, no x-amz-crc32 (the AWS SDK for JavaScript v3 does not check
 * it). Keys go to one of PARTITIONS objects by a trivial hash, as our tables start with 4
 * partitions, so both servers spread the same load over the same number of objects.
 *
 * Contract: GetItem answers {"Item": <the item last put>} or {}; PutItem stores the Item under
 * (TableName, Item[PARTITION_KEY]) and answers {}. CreateTable, DescribeTable and DeleteTable
 * answer just enough for a client's setup code (always ACTIVE, nothing is stored); anything
 * else is UnknownOperationException.
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  FLOOR: DurableObjectNamespace<FloorObject>;
  /** The partition key attribute name of every table. */
  PARTITION_KEY: string;
}

const PARTITIONS = 4;
const TARGET_PREFIX = "DynamoDB_20120810.";
const HEADERS = { "content-type": "application/x-amz-json-1.0" };

type Body = Record<string, unknown> & { TableName?: string };

export class FloorObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // WITHOUT ROWID and an upsert: one B-tree updated in place, the cheapest write of a row
    // (INSERT OR REPLACE into a rowid table deletes and re-inserts, ~20% slower here).
    this.sql.exec("CREATE TABLE IF NOT EXISTS kv (pk TEXT PRIMARY KEY, item TEXT) WITHOUT ROWID");
  }

  get(pk: string): string | undefined {
    for (const row of this.sql.exec<{ item: string }>("SELECT item FROM kv WHERE pk = ?", pk)) return row.item;
    return undefined;
  }

  put(pk: string, item: string): void {
    this.sql.exec(
      "INSERT INTO kv (pk, item) VALUES (?, ?) ON CONFLICT (pk) DO UPDATE SET item = excluded.item",
      pk,
      item,
    );
  }
}

/** FNV-1a (32-bit) of the storage key, modulo the partition count. */
function partitionOf(pk: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pk.length; i++) hash = Math.imul(hash ^ pk.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % PARTITIONS;
}

function stub(env: Env, pk: string): DurableObjectStub<FloorObject> {
  return env.FLOOR.get(env.FLOOR.idFromName(`p${partitionOf(pk)}`));
}

function storageKey(table: string | undefined, value: unknown): string {
  return `${table}\u0000${JSON.stringify(value)}`;
}

function reply(status: number, body: string): Response {
  return new Response(body, { status, headers: HEADERS });
}

function error(type: string, message: string): Response {
  return reply(400, JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
}

const tableAnswer = (body: Body) =>
  JSON.stringify({
    TableName: body.TableName,
    TableStatus: "ACTIVE",
    KeySchema: body.KeySchema,
    AttributeDefinitions: body.AttributeDefinitions,
  });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const target = request.headers.get("x-amz-target") ?? "";
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const body = (await request.json()) as Body;
    switch (operation) {
      case "GetItem": {
        const key = body.Key as Record<string, unknown>;
        const pk = storageKey(body.TableName, key[env.PARTITION_KEY]);
        const item = await stub(env, pk).get(pk);
        return reply(200, item === undefined ? "{}" : `{"Item":${item}}`);
      }
      case "PutItem": {
        const item = body.Item as Record<string, unknown>;
        const pk = storageKey(body.TableName, item[env.PARTITION_KEY]);
        await stub(env, pk).put(pk, JSON.stringify(item));
        return reply(200, "{}");
      }
      case "CreateTable":
        return reply(200, `{"TableDescription":${tableAnswer(body)}}`);
      case "DescribeTable":
        return reply(200, `{"Table":${tableAnswer(body)}}`);
      case "DeleteTable":
        return reply(200, `{"TableDescription":${tableAnswer(body)}}`);
      default:
        return error("UnknownOperationException", "");
    }
  },
} satisfies ExportedHandler<Env>;
