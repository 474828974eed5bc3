/**
 * A randomized history test of the replication groups, through the AWS SDK against a server
 * with the admin API on: concurrent clients put, delete, conditionally put or update, and
 * strongly read a few keys while a nemesis crashes and evicts leaders and followers, stops
 * them, and cuts links between zones — at most one member of the group faulty at a time, the
 * failure the architecture promises to survive. Afterwards:
 *
 * 1. every acknowledged write is present (each client also writes keys it writes only once);
 * 2. the history of strong reads and writes is linearizable per key (test/helpers/linearizability.ts);
 * 3. once healed, every member of the group holds identical items.
 *
 * Seeded (HISTORY_SEED overrides) and time-bounded (HISTORY_MS, default 12 s). In the e2e run
 * against processes (DYNAFLARE_E2E_PROCESSES=3, `npm run test:e2e:processes`) its server is three
 * processes too, and the nemesis also kills a zone's process outright (the admin API's crash of a
 * zone), waiting for it to come back before the next fault.
 */

import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Random, seededRandom } from "../../bench/random";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { activeTable } from "../helpers/global-tables";
import { checkLinearizable, formatFailure, type HistoryEntry, type RegisterOp } from "../helpers/linearizability";

const SEED = Number(process.env.HISTORY_SEED ?? 20261121);
const DURATION_MS = Number(process.env.HISTORY_MS ?? 12_000);
const CLIENTS = 6;
const KEYS = ["k0", "k1", "k2"];
const TABLE = "history";
const PROCESSES = Number(process.env.DYNAFLARE_E2E_PROCESSES ?? "1");

let running: AdminServer;

beforeAll(async () => {
  // One partition: every key lives in the one group the nemesis attacks. Short timeouts keep
  // failovers, and so the test, quick.
  running = await startAdminServer(
    {
      INITIAL_PARTITIONS: "1",
      LEASE_MS: "500",
      PEER_TIMEOUT_MS: "300",
      WRITE_TIMEOUT_MS: "1500",
    },
    PROCESSES,
  );
});

afterAll(() => running?.stop());

const sdk = (): DynamoDBClient => running.sdk();
/**
 * An admin API call, tried again when its connection broke: with processes, the one that held it
 * may just have been killed.
 */
async function admin<T>(path: string, body?: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await running.admin<T>(path, body);
    } catch (error) {
      if (attempt === 20) throw error;
      await sleep(100);
    }
  }
}

interface Member {
  name: string;
  zone: string;
  role: string | null;
  applied: number | null;
  reachable: boolean;
}

const members = async () =>
  (await admin<{ partitions: { leader: string | null; members: Member[] }[] }>(`/admin/groups?table=${TABLE}`))
    .partitions[0];

const fault = (action: string, extra: Record<string, unknown> = {}) => admin("/admin/faults", { action, ...extra });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(random: Random, from: readonly T[]): T => from[Math.floor(random() * from.length)];

/** Breaks one thing, waits, repairs it, until `until`. With processes, the first is always the leader's process killed. */
async function nemesis(random: Random, until: number, log: string[]): Promise<void> {
  for (let round = 0; Date.now() < until; round++) {
    await sleep(300 + random() * 700);
    const group = await members();
    const all = group.members;
    const leader = all.find((m) => m.name === group.leader) ?? pick(random, all);
    const killFirst = PROCESSES > 1 && round === 0;
    const target = killFirst || random() < 0.5 ? leader : pick(random, all);
    const kind = killFirst ? "kill" : pick(random, PROCESSES > 1 ? KILLING : FAULTS);
    log.push(`${kind} ${kind === "cut" ? target.zone : target.name}${target === leader ? " (leader)" : ""}`);
    if (kind === "crash") await fault("crash", { replica: target.name });
    if (kind === "stop") await fault("stop", { replica: target.name });
    if (kind === "evict") await fault("evict", { replica: target.name });
    // Cut one zone off from one other: the group keeps a connected majority.
    const other = pick(
      random,
      all.filter((m) => m.zone !== target.zone),
    );
    if (kind === "cut") await fault("cut", { zones: [target.zone, other.zone] });
    if (kind === "kill") {
      await fault("crash", { zone: target.zone, restartAfterMs: Math.round(200 + random() * 800) });
      await backUp();
    } else await sleep(500 + random() * 1500);
    await fault("reset");
  }
}

const FAULTS = ["crash", "stop", "evict", "cut"] as const;
/** With processes: a zone's process killed, as often as any other fault. */
const KILLING = [...FAULTS, "kill"] as const;

/** Waits until every member of the group answers again (a killed process restarted), 15 s at most. */
async function backUp(): Promise<void> {
  await sleep(300);
  for (const until = Date.now() + 15_000; Date.now() < until; await sleep(200)) {
    try {
      if ((await members()).members.every((m) => m.reachable)) return;
    } catch {
      // The process holding the table's metadata may be the one restarting.
    }
  }
}

/** One client's loop of random operations; every operation becomes a history entry. */
async function client(id: number, random: Random, until: number, history: HistoryEntry[], once: Map<string, string>) {
  const dynamo = sdk();
  const seen = new Map<string, string | undefined>();
  let n = 0;
  try {
    while (Date.now() < until) {
      const key = pick(random, KEYS);
      const value = `c${id}-${n++}`;
      const roll = random();
      const call = performance.now();
      if (roll < 0.1) {
        // A key written once: it must be there at the end if acknowledged.
        const onceKey = `once-${id}-${n}`;
        try {
          await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: onceKey }, v: { S: value } } }));
          once.set(onceKey, value);
        } catch {
          // Unknown outcome: not counted.
        }
        continue;
      }
      let op: RegisterOp;
      let output: HistoryEntry["output"];
      let ret: number | undefined;
      try {
        if (roll < 0.45) {
          op = { kind: "read" };
          const got = await dynamo.send(
            new GetItemCommand({ TableName: TABLE, Key: { pk: { S: key } }, ConsistentRead: true }),
          );
          output = { value: got.Item?.v?.S };
          seen.set(key, output.value);
        } else if (roll < 0.64) {
          op = { kind: "put", value };
          await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: key }, v: { S: value } } }));
        } else if (roll < 0.7) {
          op = { kind: "delete" };
          await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: key } } }));
        } else {
          // A conditional write: PutItem or UpdateItem, expecting the value this client saw last.
          const expected = seen.get(key);
          op = { kind: "cas", expected, value };
          const condition =
            expected === undefined
              ? { ConditionExpression: "attribute_not_exists(pk)" }
              : { ConditionExpression: "v = :expected", ExpressionAttributeValues: { ":expected": { S: expected } } };
          if (random() < 0.5) {
            await dynamo.send(
              new PutItemCommand({ TableName: TABLE, Item: { pk: { S: key }, v: { S: value } }, ...condition }),
            );
          } else {
            await dynamo.send(
              new UpdateItemCommand({
                TableName: TABLE,
                Key: { pk: { S: key } },
                UpdateExpression: "SET v = :value",
                ...condition,
                ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ":value": { S: value } },
              }),
            );
          }
          output = { ok: true };
        }
        ret = performance.now();
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          output = { ok: false };
          ret = performance.now();
        }
        // Anything else (5xx, timeout): the outcome is unknown.
        op ??= { kind: "read" };
      }
      history.push({ key, client: id, call, ret, op, output });
      if (ret !== undefined) {
        if (op.kind === "put") seen.set(key, op.value);
        if (op.kind === "delete") seen.set(key, undefined);
        if (op.kind === "cas" && output && "ok" in output && output.ok) seen.set(key, op.value);
      }
    }
  } finally {
    dynamo.destroy();
  }
}

describe("replication under faults", () => {
  test(`a randomized history under crashes, stops, evictions and cut links${PROCESSES > 1 ? ", and zones' processes killed," : ""} loses no acknowledged write, is linearizable per key, and converges`, async () => {
    const setup = sdk();
    await activeTable(setup, TABLE);
    await setup.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "warm" }, v: { S: "up" } } }));

    const until = Date.now() + DURATION_MS;
    const history: HistoryEntry[] = [];
    const once = new Map<string, string>();
    const faults: string[] = [];
    await Promise.all([
      nemesis(seededRandom(SEED + 1), until, faults),
      ...Array.from({ length: CLIENTS }, (_, i) => client(i, seededRandom(SEED + 100 + i), until, history, once)),
    ]);
    await fault("reset");

    // Final strong reads join the history, after every fault has healed. A group may still be
    // electing a leader: a read that times out had no effect and is tried again.
    const end = sdk();
    const read = async (key: string) => {
      for (let attempt = 1; ; attempt++) {
        const call = performance.now();
        try {
          const got = await end.send(
            new GetItemCommand({ TableName: TABLE, Key: { pk: { S: key } }, ConsistentRead: true }),
          );
          return { call, got };
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    };
    for (const key of KEYS) {
      const { call, got } = await read(key);
      history.push({
        key,
        client: -1,
        call,
        ret: performance.now(),
        op: { kind: "read" },
        output: { value: got.Item?.v?.S },
      });
    }

    const acknowledged = history.filter((h) => h.ret !== undefined && h.op.kind !== "read").length;
    const context = `seed ${SEED}; ${history.length} operations, ${acknowledged} acknowledged writes; faults: ${faults.join(", ")}`;
    expect(acknowledged, context).toBeGreaterThan(20);
    expect(faults.length, context).toBeGreaterThan(2);

    // 1. Every acknowledged write-once key is there.
    for (const [key, value] of once) {
      const { got } = await read(key);
      expect(got.Item?.v?.S, `${key} (${context})`).toBe(value);
    }

    // 2. Linearizable per key.
    const verdict = checkLinearizable(history);
    expect(verdict.ok, `${formatFailure(verdict)}\n${context}`).toBe(true);

    // 3. Every member applies everything and holds the same items. The write goes through
    // `end`, just used: `setup`'s keep-alive connection has idled through the whole history,
    // and the server may close it just as a request reuses it (ECONNRESET, which this client
    // does not retry).
    await end.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "final" }, v: { S: "write" } } }));
    const digests = await running.converged(TABLE, 3);
    expect(new Set(digests.map((d) => d.digest)).size, `${JSON.stringify(digests)} (${context})`).toBe(1);
    expect(new Set(digests.map((d) => d.applied)).size, JSON.stringify(digests)).toBe(1);
    setup.destroy();
    end.destroy();
  }, 120_000);
});
