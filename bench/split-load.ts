/**
 * The size splits' load and the check after it (bench/split-size.ts).
 *
 * The load: `concurrency` closed-loop clients sharing one SDK client (no retries), each sending
 * its next request as soon as the previous one answered, picked at random by LOAD_MIX:
 * - **PutItem** of a new ~1 KB item (`user<n>`, n from a counter the clients share) until `items`
 *   were sent; after that, of one of the client's own acknowledged items with fresh values, so
 *   that the table stops growing and its splits come to an end while the mix goes on;
 * - **GetItem**, strongly consistent, of one of the client's own acknowledged items: an answer
 *   without the item, or with another value than its last acknowledged write's, is a failure;
 * - **a Scan page** of SCAN_LIMIT keys, the next of the client's own pass over the table (each
 *   page from the previous one's LastEvaluatedKey, across the splits); at the end of a pass its
 *   keys are checked against those acknowledged before it began: each exactly once.
 * Every request is recorded: its operation, when it was sent and answered (epoch ms), and how it
 * ended. Each key is written by one client only, one write at a time, so its last acknowledged
 * value is known; a write that failed may or may not have been applied, so its value is accepted
 * too until the next acknowledged one.
 */

import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { itemOf, keyName, keyOf, PARTITION_KEY } from "./items";
import { type Random, randomInt, seededRandom } from "./random";
import { checkScan, type SplitLoadOp, type SplitRequest } from "./split-figures";

/** The share of each request in the mix. */
export const LOAD_MIX: Record<SplitLoadOp, number> = { put: 0.5, get: 0.35, scan: 0.15 };
/** Keys per Scan page of the load. */
export const SCAN_LIMIT = 100;

/** Epoch milliseconds, with performance.now()'s resolution. */
export const epochNow = () => performance.timeOrigin + performance.now();

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export interface MixedLoadSpec {
  client: DynamoDBClient;
  table: string;
  concurrency: number;
  /** New items written before the PutItems turn to rewrites. */
  items: number;
  seed: number;
}

/** The load's Scan passes: complete ones, and the duplicates and missing keys they had. */
export interface ScanPasses {
  passes: number;
  /** Passes with a key twice or an acknowledged key missing. */
  faulty: number;
  duplicates: number;
  missing: number;
}

export interface MixedLoadOutcome {
  requests: SplitRequest[];
  /** Each acknowledged key, with the values a read of it may return (field0). */
  acknowledged: Map<string, string[]>;
  scans: ScanPasses;
}

export interface MixedLoad {
  /** New items sent so far (at most `items`). */
  readonly sent: number;
  /** Stops the clients; resolves once each one's last request answered. */
  stop(): Promise<MixedLoadOutcome>;
}

/** What the clients share. */
interface LoadState {
  spec: MixedLoadSpec;
  next: number;
  stopping: boolean;
  acknowledged: Map<string, string[]>;
  requests: SplitRequest[];
  scans: ScanPasses;
}

/** One client's own: the records it wrote and had acknowledged, and its Scan pass. */
interface ClientState {
  random: Random;
  own: number[];
  pass?: { keys: string[]; before: Set<string>; start?: Record<string, AttributeValue> };
}

function pickOp(random: Random): SplitLoadOp {
  const r = random();
  if (r < LOAD_MIX.put) return "put";
  return r < LOAD_MIX.put + LOAD_MIX.get ? "get" : "scan";
}

/** Sends one request of `op`; throws what makes it a failure. */
async function send(state: LoadState, me: ClientState, op: SplitLoadOp): Promise<void> {
  const { client, table } = state.spec;
  if (op === "put") {
    const fresh = state.next < state.spec.items;
    const record = fresh ? state.next++ : me.own[randomInt(me.random, me.own.length)];
    const item = itemOf(record, me.random);
    const key = keyName(record);
    const value = item.field0.S as string;
    try {
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
    } catch (error) {
      state.acknowledged.get(key)?.push(value);
      throw error;
    }
    state.acknowledged.set(key, [value]);
    if (fresh) me.own.push(record);
  } else if (op === "get") {
    const record = me.own[randomInt(me.random, me.own.length)];
    const accepted = [...(state.acknowledged.get(keyName(record)) ?? [])];
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: keyOf(record), ConsistentRead: true }),
    );
    if (!Item) throw new Error(`GetItem of acknowledged ${keyName(record)} returned no item`);
    if (!accepted.includes(Item.field0?.S ?? ""))
      throw new Error(`GetItem of ${keyName(record)} returned another value than its last acknowledged write's`);
  } else {
    me.pass ??= { keys: [], before: new Set(state.acknowledged.keys()) };
    const pass = me.pass;
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        Limit: SCAN_LIMIT,
        ExclusiveStartKey: pass.start,
        ProjectionExpression: "#k",
        ExpressionAttributeNames: { "#k": PARTITION_KEY },
      }),
    );
    for (const item of page.Items ?? []) pass.keys.push(item[PARTITION_KEY]?.S ?? "");
    pass.start = page.LastEvaluatedKey;
    if (pass.start) return;
    me.pass = undefined;
    const check = checkScan(pass.keys, pass.before);
    state.scans.passes++;
    state.scans.duplicates += check.duplicates;
    state.scans.missing += check.missing;
    if (check.duplicates + check.missing > 0) {
      state.scans.faulty++;
      throw new Error(`a Scan pass returned ${check.duplicates} keys twice and missed ${check.missing} acknowledged`);
    }
  }
}

async function clientLoop(state: LoadState, index: number): Promise<void> {
  const me: ClientState = { random: seededRandom(state.spec.seed * 1_000 + index), own: [] };
  while (!state.stopping) {
    let op = pickOp(me.random);
    // Nothing of its own to read or rewrite yet: a new item, or a Scan page once they are all sent.
    if (op !== "scan" && me.own.length === 0 && (op === "get" || state.next >= state.spec.items))
      op = state.next < state.spec.items ? "put" : "scan";
    const start = epochNow();
    try {
      await send(state, me, op);
      state.requests.push({ op, start, end: epochNow(), ok: true });
    } catch (error) {
      state.requests.push({ op, start, end: epochNow(), ok: false, error: describe(error) });
    }
  }
}

/** Starts the load on `spec.table` (created and empty). */
export function startMixedLoad(spec: MixedLoadSpec): MixedLoad {
  const state: LoadState = {
    spec,
    next: 0,
    stopping: false,
    acknowledged: new Map(),
    requests: [],
    scans: { passes: 0, faulty: 0, duplicates: 0, missing: 0 },
  };
  const loops = Promise.all(Array.from({ length: spec.concurrency }, (_, i) => clientLoop(state, i)));
  return {
    get sent() {
      return state.next;
    },
    stop: async () => {
      state.stopping = true;
      await loops;
      return { requests: state.requests, acknowledged: state.acknowledged, scans: state.scans };
    },
  };
}

/** Every acknowledged item read back, strongly consistent, after the load. */
export interface ItemsCheck {
  items: number;
  /** Not found, or a read that failed. */
  unreadable: number;
  /** Found with another value than its last acknowledged write's. */
  wrongValue: number;
  firstProblem?: string;
}

/** Reads every acknowledged item, `concurrency` at a time. */
export async function checkItems(
  client: DynamoDBClient,
  table: string,
  acknowledged: ReadonlyMap<string, string[]>,
  concurrency: number,
): Promise<ItemsCheck> {
  const keys = [...acknowledged.keys()];
  const check: ItemsCheck = { items: keys.length, unreadable: 0, wrongValue: 0 };
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const key = keys[i];
      try {
        const { Item } = await client.send(
          new GetItemCommand({ TableName: table, Key: { [PARTITION_KEY]: { S: key } }, ConsistentRead: true }),
        );
        if (!Item) {
          check.unreadable++;
          check.firstProblem ??= `${key}: not found`;
        } else if (!acknowledged.get(key)?.includes(Item.field0?.S ?? "")) {
          check.wrongValue++;
          check.firstProblem ??= `${key}: another value than its last acknowledged write's`;
        }
      } catch (error) {
        check.unreadable++;
        check.firstProblem ??= `${key}: ${describe(error)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, reader));
  return check;
}

/** The key of every item a full Scan returns (pages as large as the server makes them). */
export async function scanAll(client: DynamoDBClient, table: string): Promise<string[]> {
  const keys: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: start,
        ProjectionExpression: "#k",
        ExpressionAttributeNames: { "#k": PARTITION_KEY },
      }),
    );
    for (const item of page.Items ?? []) keys.push(item[PARTITION_KEY]?.S ?? "");
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}
