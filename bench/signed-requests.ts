/**
 * Pre-signed DynamoDB requests for the throughput runs, each signed with SigV4 as the SDK would
 * sign it. SigV4 lets a signed request be replayed within 15 minutes of its date, so the load
 * generator can send them over and over without signing anything itself.
 *
 * GetItem (eventually or strongly consistent): N requests over N keys spread uniformly across the loaded records. PutItem: N
 * requests over ⌈N / 16⌉ such keys, each key with its own different ~1 KB payloads. Replaying
 * one payload would rewrite identical bytes, which SQLite skips (no page dirtied, no WAL frame,
 * no fsync), so wrk (wrk.ts) cycles through each key's payloads and every write changes the item.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { itemOf, keyName, keyOf, TABLE_NAME } from "./items";
import { randomInt, seededRandom } from "./random";
import { CREDENTIALS, REGION } from "./sdk";

/** What a throughput run sends: GetItem (eventually consistent), a strongly consistent GetItem, or PutItem. */
export type ThroughputOp = "GetItem" | "StrongGetItem" | "PutItem";
export const THROUGHPUT_OPS: readonly ThroughputOp[] = ["GetItem", "StrongGetItem", "PutItem"];

/** How reports name each throughput run's operation. */
export const OP_LABELS: Record<ThroughputOp, string> = {
  GetItem: "GetItem",
  StrongGetItem: "GetItem (strong)",
  PutItem: "PutItem",
};

/** The DynamoDB operation a throughput run's requests call. */
const operationOf = (op: ThroughputOp) => (op === "StrongGetItem" ? "GetItem" : op);

/** PutItem payloads per key: `count` requests go to ⌈count / 16⌉ keys (fewer if `records` is smaller). */
export const PAYLOADS_PER_KEY = 16;

export interface SignedRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The partition key value the request reads or writes (`user<n>`). */
  key: string;
}

interface Hasher {
  update(data: string | Uint8Array): void;
  digest(): Uint8Array;
}

/** SHA-256, or HMAC-SHA-256 when given a secret: the Checksum the signer expects, on node:crypto. */
export class Sha256 {
  private readonly secret: string | ArrayBuffer | ArrayBufferView | undefined;
  private hash: Hasher;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret;
    this.hash = this.fresh();
  }

  private fresh(): Hasher {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }

  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: "dynamodb", sha256: Sha256 });

/** The request body for `op` on `record` in `table`; PutItem carries a fresh 1 KB item. */
function bodyOf(op: ThroughputOp, record: number, seed: number, table: string): string {
  switch (op) {
    case "GetItem":
      return JSON.stringify({ TableName: table, Key: keyOf(record) });
    case "StrongGetItem":
      return JSON.stringify({ TableName: table, Key: keyOf(record), ConsistentRead: true });
    case "PutItem":
      return JSON.stringify({ TableName: table, Item: itemOf(record, seededRandom(seed)) });
    default:
      throw new Error(`unknown operation ${op satisfies never}`);
  }
}

/**
 * `count` record numbers below `records`, uniformly chosen and all different while
 * `count` ≤ `records` (a partial Fisher–Yates shuffle); beyond that, drawn with replacement.
 */
export function distinctRecords(random: () => number, count: number, records: number): number[] {
  if (count > records) return Array.from({ length: count }, () => randomInt(random, records));
  const pool = Array.from({ length: records }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(random, records - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/**
 * How many keys `count` requests of `op` address: a GetItem one per request; PutItem ⌈count / 16⌉,
 * at most `records` so that they are all different. Then every PutItem key gets at least two
 * payloads once `count` ≥ 2 (count / ⌈count / 16⌉ > 8 beyond 16).
 */
export function keyCount(op: ThroughputOp, count: number, records: number): number {
  return op === "PutItem" ? Math.min(Math.ceil(count / PAYLOADS_PER_KEY), records) : count;
}

/**
 * `count` requests for `op` against `endpoint`, all signed at `date`. Request i addresses key
 * i mod K of the K = keyCount(…) keys, so each key's requests come K apart, in their cycling
 * order; every PutItem request carries its own randomly filled item (seeded by seed + i). They
 * address the bench table unless `table` names another of the same key schema.
 */
export async function signRequests(
  endpoint: string,
  op: ThroughputOp,
  options: { count: number; records: number; seed: number; date?: Date; table?: string },
): Promise<SignedRequest[]> {
  const url = new URL(endpoint);
  const random = seededRandom(options.seed);
  const records = distinctRecords(random, keyCount(op, options.count, options.records), options.records);
  const requests: SignedRequest[] = [];
  for (let i = 0; i < options.count; i++) {
    const record = records[i % records.length];
    const body = bodyOf(op, record, options.seed + i, options.table ?? TABLE_NAME);
    const signed = await signer.sign(
      {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `DynamoDB_20120810.${operationOf(op)}`,
        },
        body,
      },
      { signingDate: options.date ?? new Date() },
    );
    const headers = signed.headers as Record<string, string>;
    requests.push({ method: "POST", path: "/", headers, body, key: keyName(record) });
  }
  return requests;
}
