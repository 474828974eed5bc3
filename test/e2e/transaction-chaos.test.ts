/**
 * A randomized test of transactions under faults, through the AWS SDK against a server of its
 * own (admin API on, three replicas per partition, four partitions per table): ACCOUNTS accounts
 * spread over the partitions of two tables, each starting with START. Clients transfer money
 * between random accounts with TransactWriteItems (a debit conditioned on the balance, a credit,
 * and the transfer's own record, written once by its id), with the SDK's retries (which repeat
 * its ClientRequestToken); snapshot readers sum every account with TransactGetItems; and a
 * nemesis crashes partition leaders and evicts transaction coordinators. Afterwards:
 *
 * 1. every snapshot read that succeeded summed to the starting total;
 * 2. each account's balance is its start plus the transfers applied, an applied transfer being
 *    one whose record exists: every acknowledged transfer is among them, applied exactly once, and
 *    no transfer is applied in part (the sum is unchanged); no balance is negative;
 * 3. once the faults are over, no item stays held and no coordinator has a transaction in flight.
 *
 * Seeded (TRANSACTION_CHAOS_SEED overrides); the interleaving varies from run to run.
 */
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Random, seededRandom } from "../../bench/random";
import type { GroupReport } from "../../workers/admin/group-status";
import { COORDINATOR_SHARDS, coordinatorName } from "../../workers/transactions/protocol";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { activeTable } from "../helpers/global-tables";
import { TEST_KEY } from "../helpers/test-key";

const SEED = Number(process.env.TRANSACTION_CHAOS_SEED ?? 20261207);
const TABLES = ["chaos_accounts_a", "chaos_accounts_b"];
const TRANSFERS_TABLE = "chaos_transfers";
const ACCOUNTS = 24;
const START = 100;
const CLIENTS = 4;
const READERS = 2;
/** Nemesis rounds: what each crashes for about a second. */
const ROUNDS = ["leader", "coordinators", "leader", "leader and coordinators", "leader", "coordinators"] as const;

let running: AdminServer;

beforeAll(async () => {
  running = await startAdminServer({ LEASE_MS: "500", PEER_TIMEOUT_MS: "300", WRITE_TIMEOUT_MS: "1500" });
  const db = running.sdk();
  for (const TableName of [...TABLES, TRANSFERS_TABLE]) await activeTable(db, TableName);
  for (let i = 0; i < ACCOUNTS; i++) {
    const { table, pk } = account(i);
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, balance: { N: String(START) } } }));
  }
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const admin = <T>(path: string, body?: unknown) => running.admin<T>(path, body);
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** Account `i`: its table (the two alternate) and key. */
function account(i: number): { table: string; pk: string } {
  return { table: TABLES[i % TABLES.length], pk: `account-${i}` };
}

/** A client that retries as applications do: the SDK repeats a transaction with its ClientRequestToken. */
const retryingClient = () =>
  new DynamoDBClient({
    endpoint: running.server.url,
    region: "us-east-1",
    credentials: TEST_KEY,
    maxAttempts: 4,
    requestHandler: new NodeHttpHandler({ requestTimeout: 10_000, connectionTimeout: 2000 }),
  });

interface Transfer {
  id: string;
  from: number;
  to: number;
  amount: number;
  /** acknowledged: answered 200; cancelled: TransactionCanceledException; unknown: any other error. */
  outcome: "acknowledged" | "cancelled" | "unknown";
}

async function transfer(db: DynamoDBClient, t: Omit<Transfer, "outcome">): Promise<Transfer["outcome"]> {
  const from = account(t.from);
  const to = account(t.to);
  const amount = { N: String(t.amount) };
  try {
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: from.table,
              Key: { pk: { S: from.pk } },
              UpdateExpression: "SET balance = balance - :n",
              ConditionExpression: "balance >= :n",
              ExpressionAttributeValues: { ":n": amount },
            },
          },
          {
            Update: {
              TableName: to.table,
              Key: { pk: { S: to.pk } },
              UpdateExpression: "SET balance = balance + :n",
              ExpressionAttributeValues: { ":n": amount },
            },
          },
          {
            Put: {
              TableName: TRANSFERS_TABLE,
              Item: { pk: { S: t.id }, from: { N: String(t.from) }, to: { N: String(t.to) }, amount },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    return "acknowledged";
  } catch (error) {
    return error instanceof TransactionCanceledException ? "cancelled" : "unknown";
  }
}

async function client(random: Random, index: number, done: () => boolean, transfers: Transfer[]): Promise<void> {
  const db = retryingClient();
  for (let n = 0; !done(); n++) {
    const from = Math.floor(random() * ACCOUNTS);
    const to = (from + 1 + Math.floor(random() * (ACCOUNTS - 1))) % ACCOUNTS;
    const t = { id: `transfer-${index}-${n}`, from, to, amount: 1 + Math.floor(random() * 40) };
    transfers.push({ ...t, outcome: await transfer(db, t) });
    // A pause between transfers leaves the snapshot readers moments with few items held.
    await sleep(25);
  }
  db.destroy();
}

/** Reads every account in one TransactGetItems until `done`; records the sum of each read that succeeded. */
async function reader(done: () => boolean, sums: number[], failures: string[]): Promise<void> {
  const db = retryingClient();
  while (!done()) {
    try {
      const got = await db.send(
        new TransactGetItemsCommand({
          TransactItems: Array.from({ length: ACCOUNTS }, (_, i) => {
            const { table, pk } = account(i);
            return { Get: { TableName: table, Key: { pk: { S: pk } } } };
          }),
        }),
      );
      sums.push((got.Responses ?? []).reduce((sum, r) => sum + Number(r.Item?.balance?.N ?? Number.NaN), 0));
    } catch (error) {
      failures.push((error as Error).name);
    }
    await sleep(20);
  }
  db.destroy();
}

/** A partition leader of one of the account tables, or a member when none is seen. */
async function someLeader(random: Random): Promise<string> {
  const { partitions } = await admin<GroupReport>(`/admin/groups?table=${pick(random, TABLES)}`);
  const partition = pick(random, partitions);
  return partition.leader ?? pick(random, partition.members).name;
}

async function nemesis(random: Random, log: string[]): Promise<void> {
  const coordinators = Array.from({ length: COORDINATOR_SHARDS }, (_, shard) => coordinatorName("us-east-1", shard));
  for (const round of ROUNDS) {
    await sleep(400 + random() * 400);
    const crashed: string[] = [];
    if (round.includes("leader")) {
      const leader = await someLeader(random);
      await admin("/admin/faults", { action: "crash", replica: leader });
      crashed.push(leader);
    }
    if (round.includes("coordinators")) {
      for (const coordinator of coordinators) await admin("/admin/faults", { action: "evict", coordinator });
    }
    log.push(`${round}${crashed.length ? ` (${crashed.join(", ")})` : ""}`);
    await sleep(700 + random() * 600);
    for (const name of crashed) await admin("/admin/faults", { action: "restart", replica: name });
  }
}

interface TransactionsReport {
  inFlight: unknown[];
  holds: { partition: string; holds: unknown[] }[];
}

/** Waits until no coordinator has a transaction in flight and no partition of `tables` holds an item. */
async function settled(tables: string[], ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    const reports = await Promise.all(tables.map((t) => admin<TransactionsReport>(`/admin/transactions?table=${t}`)));
    const held = reports.flatMap((r) => r.holds.flatMap((p) => p.holds));
    last = JSON.stringify({ inFlight: reports[0].inFlight, held });
    if (reports[0].inFlight.length === 0 && held.length === 0) return "";
    await sleep(250);
  }
  return last;
}

test("transfers under leader crashes and coordinator evictions keep the total, apply each acknowledged one exactly once, and leave nothing held", async () => {
  const random = seededRandom(SEED);
  const transfers: Transfer[] = [];
  const sums: number[] = [];
  const readFailures: string[] = [];
  const log: string[] = [];
  let stop = false;
  const done = () => stop;
  const work = [
    ...Array.from({ length: CLIENTS }, (_, i) => client(seededRandom(SEED + 1 + i), i, done, transfers)),
    ...Array.from({ length: READERS }, () => reader(done, sums, readFailures)),
  ];
  try {
    await nemesis(random, log);
  } finally {
    stop = true;
    await Promise.all(work);
    await admin("/admin/faults", { action: "reset" });
  }
  const acknowledged = transfers.filter((t) => t.outcome === "acknowledged");
  const context = `seed ${SEED}; faults: ${log.join("; ")}; ${acknowledged.length} acknowledged, ${
    transfers.filter((t) => t.outcome === "cancelled").length
  } cancelled, ${transfers.filter((t) => t.outcome === "unknown").length} unknown of ${transfers.length}; ${
    sums.length
  } snapshots, failures ${readFailures.join(",")}`;
  expect(acknowledged.length, context).toBeGreaterThan(20);
  expect(sums.length, context).toBeGreaterThan(5);

  // 1. Every snapshot saw the whole total.
  expect(
    sums.filter((sum) => sum !== ACCOUNTS * START),
    context,
  ).toEqual([]);

  // 3. Nothing stays held (old holds are resolved by asking their coordinators).
  expect(await settled([...TABLES, TRANSFERS_TABLE]), context).toBe("");

  // 2. Balances are the start plus the transfers applied (those whose record exists), once each.
  const db = retryingClient();
  const applied: Transfer[] = [];
  for (const t of transfers) {
    const record = await db.send(
      new GetItemCommand({ TableName: TRANSFERS_TABLE, Key: { pk: { S: t.id } }, ConsistentRead: true }),
    );
    if (record.Item) applied.push(t);
    else expect(t.outcome, `${t.id} was acknowledged but is not recorded (${context})`).not.toBe("acknowledged");
  }
  const expected = Array.from({ length: ACCOUNTS }, () => START);
  for (const t of applied) {
    expected[t.from] -= t.amount;
    expected[t.to] += t.amount;
  }
  const balances: number[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const { table, pk } = account(i);
    const item = (await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })))
      .Item as Record<string, AttributeValue>;
    balances.push(Number(item.balance.N));
  }
  db.destroy();
  expect(balances, context).toEqual(expected);
  expect(
    balances.every((b) => b >= 0),
    context,
  ).toBe(true);
  expect(
    balances.reduce((a, b) => a + b, 0),
    context,
  ).toBe(ACCOUNTS * START);
}, 180_000);
