/**
 * A randomized test of secondary indexes under leader crashes, through the AWS SDK against a
 * server of its own (admin API on, three replicas per partition, four partitions): a table with
 * a composite key, one LSI and two GSIs (one keyed by a hash and a sort key, projecting ALL; one
 * sparse, keyed by an attribute only some items have, projecting INCLUDE). Clients with the
 * SDK's retries on put, update and delete items of a small key space (so each is rewritten
 * often), their updates moving items between index keys and in and out of the sparse indexes
 * (SET and REMOVE of index key attributes), while a nemesis crashes and restarts the leaders of
 * base partitions and of index partitions (ROUNDS: sometimes one of each at once, sometimes an
 * index group's quorum, once for longer than a feeder's delivery waits). Afterwards:
 *
 * 1. every key written only by one client whose last outcome it knows holds what its
 *    acknowledged writes left (an error answer leaves the outcome unknown: such keys are only
 *    read back);
 * 2. the LSI (Scan, and Query per partition key, strongly consistent) equals the index
 *    recomputed from a strongly consistent Scan of the table, at once: it is written with the item;
 * 3. once the GSIs quiesce (polled until they match and the admin API reports no feeding
 *    backlog, or until they stop changing, within 30 s, and every member of their groups has
 *    applied what its group holds), nothing is pending and each (Scan in pages, and Query per
 *    index key) equals the index recomputed from that Scan: every entry present, none extra,
 *    projected attributes right, sparse ones absent;
 * 4. the admin API's own check of each index (`/admin/index-check`) agrees.
 *
 * The nemesis finds leaders with `/admin/groups?table=T` and, for a GSI's own groups,
 * `&index=I`. Seeded (INDEX_CHAOS_SEED overrides); the clients' interleaving, and so the final
 * items, vary from run to run.
 */

import {
  type AttributeValue,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Random, seededRandom } from "../../bench/random";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { GroupReport } from "../../workers/admin/group-status";
import type { IndexReport } from "../../workers/admin/index-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { TEST_KEY } from "../helpers/test-key";

const SEED = Number(process.env.INDEX_CHAOS_SEED ?? 20261207);
const CLIENTS = 4;
/**
 * The nemesis's rounds, one after another: what each crashes, for a second or so, then restarts.
 * "base": the leader of a partition of the table; "index": the leader of a partition of a GSI;
 * "index quorum": that leader and another member of its group, so the group takes no changes
 * until they are back; "index outage": the same for OUTAGE_MS.
 *
 * A feeder's call to an index group keeps looking for its leader for 8 s (group-client.ts), so
 * only the outage makes deliveries fail: the feeders must then retry them, and lose nothing. The
 * clients stop writing early in the last round, so what they wrote just before it is not
 * rewritten later: a change the feeders lose stays lost and shows.
 */
const ROUNDS = [
  ["base"],
  ["index"],
  ["base", "index"],
  ["index quorum"],
  ["base"],
  ["index"],
  ["base", "index outage"],
] as const;
/** How long an "index outage" lasts: longer than a feeder's call looks for a leader (8 s). */
const OUTAGE_MS = 9_500;
const TABLE = "index-chaos";
/** How long the GSIs may take to match their recomputed contents once the writes stop. */
const QUIESCE_MS = 30_000;
/** GSIs unchanged this long count as quiesced, matching or not. */
const STILL_MS = 8_000;

type Item = Record<string, AttributeValue>;

const S = (S: string): AttributeValue => ({ S });
const N = (N: string): AttributeValue => ({ N });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(random: Random, from: readonly T[]): T => from[Math.floor(random() * from.length)];

let running: AdminServer;

beforeAll(async () => {
  // Short failover timings (as the replication history test) keep the run quick; partitions
  // and replication are the defaults: four partitions of three replicas.
  running = await startAdminServer({ LEASE_MS: "500", PEER_TIMEOUT_MS: "300", WRITE_TIMEOUT_MS: "1500" });
});

afterAll(() => running?.stop());

const admin = <T>(path: string, body?: unknown) => running.admin<T>(path, body);
/** The groups of the table, or of its GSI `index`: each partition's range, members and leader. */
const groups = (index?: string) =>
  admin<GroupReport>(`/admin/groups?table=${TABLE}${index === undefined ? "" : `&index=${index}`}`);
const fault = (action: string, replica?: string) => admin("/admin/faults", { action, replica });

/** A client that retries as applications do (failover answers 500/503, which SDKs retry). */
const retryingClient = () =>
  new DynamoDBClient({
    endpoint: running.server.url,
    region: "us-east-1",
    credentials: TEST_KEY,
    maxAttempts: 10,
    requestHandler: new NodeHttpHandler({ requestTimeout: 5000, connectionTimeout: 2000 }),
  });

// --- the table and its indexes --------------------------------------------------------------

const LSI = { name: "byLsk", hash: "pk", range: "lsk", include: ["a"] } as const;
/** GSIs: byG (hash g, range gs, ALL); byFlag (hash flag, INCLUDE a), sparse: few items have flag. */
const BY_G = { name: "byG", hash: "g", range: "gs" } as const;
const BY_FLAG = { name: "byFlag", hash: "flag", include: ["a"] } as const;
/** The attributes that key the indexes, which updates SET and REMOVE. */
const INDEX_KEYS = [LSI.range, BY_G.hash, BY_G.range, BY_FLAG.hash];

async function createTable(db: DynamoDBClient): Promise<void> {
  await db.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "lsk", AttributeType: "N" },
        { AttributeName: "g", AttributeType: "S" },
        { AttributeName: "gs", AttributeType: "N" },
        { AttributeName: "flag", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      LocalSecondaryIndexes: [
        {
          IndexName: LSI.name,
          KeySchema: [
            { AttributeName: LSI.hash, KeyType: "HASH" },
            { AttributeName: LSI.range, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...LSI.include] },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: BY_G.name,
          KeySchema: [
            { AttributeName: BY_G.hash, KeyType: "HASH" },
            { AttributeName: BY_G.range, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: BY_FLAG.name,
          KeySchema: [{ AttributeName: BY_FLAG.hash, KeyType: "HASH" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...BY_FLAG.include] },
        },
      ],
    }),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: TABLE }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === "ACTIVE" && indexes.every((i) => i.IndexStatus === "ACTIVE")) return;
    if (Date.now() > deadline) throw new Error(`${TABLE} is not ACTIVE after 30 s`);
    await sleep(100);
  }
}

interface Range {
  low: string;
  high: string;
}

/**
 * `count` string values per range of `ranges` (partition hash ranges), named `<prefix><n>`:
 * keys spread over every partition, the same ones on every run.
 */
function valuesPerPartition(prefix: string, ranges: readonly Range[], count: number): string[] {
  const chosen = ranges.map(() => [] as string[]);
  for (let n = 0; chosen.some((c) => c.length < count); n++) {
    if (n > 10_000) throw new Error("no key found for some partition");
    const value = `${prefix}${n}`;
    const h = partitionHash(encodeKeyValue({ S: value }));
    const at = ranges.findIndex((r) => r.low <= h && h <= r.high);
    if (at >= 0 && chosen[at].length < count) chosen[at].push(value);
  }
  return chosen.flat();
}

// --- items and the indexes recomputed from them ---------------------------------------------

const keyOf = (item: Item) => `${item.pk.S}/${item.sk.S}`;

/** An item's attributes in name order: equal items, equal strings. */
const canonical = (item: Item) =>
  JSON.stringify(
    Object.keys(item)
      .sort()
      .map((name) => [name, item[name]]),
  );

function project(item: Item, names: readonly string[]): Item {
  const out: Item = {};
  for (const name of names) if (item[name] !== undefined) out[name] = item[name];
  return out;
}

const lsiOf = (items: Item[]) =>
  items.filter((i) => i.lsk !== undefined).map((i) => project(i, ["pk", "sk", LSI.range, ...LSI.include]));
const byGOf = (items: Item[]) => items.filter((i) => i.g !== undefined && i.gs !== undefined);
const byFlagOf = (items: Item[]) =>
  items.filter((i) => i.flag !== undefined).map((i) => project(i, ["pk", "sk", BY_FLAG.hash, ...BY_FLAG.include]));

/** How `actual` (an index's entries) differs from `expected`, one line per table key; empty when equal. */
function differences(actual: Item[], expected: Item[]): string[] {
  const found = new Map<string, Item[]>();
  for (const item of actual) found.set(keyOf(item), [...(found.get(keyOf(item)) ?? []), item]);
  const out: string[] = [];
  for (const want of expected) {
    const got = found.get(keyOf(want)) ?? [];
    found.delete(keyOf(want));
    if (got.length === 0) out.push(`missing ${canonical(want)}`);
    else if (got.length > 1) out.push(`${got.length} entries for ${keyOf(want)}: ${got.map(canonical).join(" ")}`);
    else if (canonical(got[0]) !== canonical(want)) out.push(`${canonical(got[0])} should be ${canonical(want)}`);
  }
  for (const extra of found.values()) out.push(`extra ${extra.map(canonical).join(" ")}`);
  return out;
}

/** Whether two reads returned the same entries (duplicates counted). */
const same = (a: Item[], b: Item[]) =>
  a.length === b.length && JSON.stringify(a.map(canonical).sort()) === JSON.stringify(b.map(canonical).sort());

async function scanAll(db: DynamoDBClient, input: Omit<ScanCommandInput, "TableName">): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: TABLE, ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}

async function queryAll(db: DynamoDBClient, input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: TABLE, ...input, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}

// --- the clients ----------------------------------------------------------------------------

interface Domain {
  pks: string[];
  sks: string[];
  gs: string[];
  flags: string[];
}

/** What a client knows of a key only it writes: the item, or unknown after an unanswered write. */
type Known = { known: true; item: Item | undefined } | { known: false };

interface Stats {
  ops: number;
  acknowledged: number;
  conditionFailed: number;
  unknown: number;
  retried: number;
  /** Acknowledged updates that set each index key attribute (into an index, or to another key)… */
  set: Record<string, number>;
  /** …or removed it (out of an index). */
  removed: Record<string, number>;
}

type Write =
  | { kind: "put"; item: Item }
  | { kind: "update"; key: Item; set: Item; remove: string[]; conditional: boolean }
  | { kind: "delete"; key: Item };

function randomWrite(random: Random, domain: Domain, key: Item, n: string): Write {
  const roll = random();
  const word = `v${Math.floor(random() * 1e6).toString(36)}`;
  if (roll < 0.35) {
    const item: Item = { ...key, a: S(word), n: N(n) };
    if (random() < 0.75) item.lsk = N(String(Math.floor(random() * 4)));
    if (random() < 0.8) item.g = S(pick(random, domain.gs));
    if (random() < 0.8) item.gs = N(String(Math.floor(random() * 4)));
    if (random() < 0.4) item.flag = S(pick(random, domain.flags));
    return { kind: "put", item };
  }
  if (roll < 0.8) {
    const set: Item = { a: S(word), n: N(n) };
    const remove: string[] = [];
    const values: Record<string, () => AttributeValue> = {
      lsk: () => N(String(Math.floor(random() * 4))),
      g: () => S(pick(random, domain.gs)),
      gs: () => N(String(Math.floor(random() * 4))),
      flag: () => S(pick(random, domain.flags)),
    };
    for (const [name, value] of Object.entries(values)) {
      const r = random();
      if (r < 0.3) set[name] = value();
      else if (r < 0.5) remove.push(name);
    }
    return { kind: "update", key, set, remove, conditional: random() < 0.3 };
  }
  return { kind: "delete", key };
}

async function send(db: DynamoDBClient, write: Write): Promise<number> {
  if (write.kind === "put") {
    return (await db.send(new PutItemCommand({ TableName: TABLE, Item: write.item }))).$metadata.attempts ?? 1;
  }
  if (write.kind === "delete") {
    return (await db.send(new DeleteItemCommand({ TableName: TABLE, Key: write.key }))).$metadata.attempts ?? 1;
  }
  const names: Record<string, string> = {};
  const values: Item = {};
  const sets = Object.entries(write.set).map(([name, value]) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    return `#${name} = :${name}`;
  });
  const removes = write.remove.map((name) => {
    names[`#${name}`] = name;
    return `#${name}`;
  });
  const out = await db.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: write.key,
      UpdateExpression: `SET ${sets.join(", ")}${removes.length > 0 ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ...(write.conditional ? { ConditionExpression: "attribute_exists(pk)" } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
  return out.$metadata.attempts ?? 1;
}

/** The item after `write` acknowledged on `before`. */
function applied(before: Item | undefined, write: Write): Item | undefined {
  if (write.kind === "put") return write.item;
  if (write.kind === "delete") return undefined;
  const after: Item = { ...(before ?? write.key), ...write.set };
  for (const name of write.remove) delete after[name];
  return after;
}

/** One client's writes until `done()`: to its own keys (tracked in `own`) and to keys every client writes. */
async function writer(
  random: Random,
  id: number,
  domain: Domain,
  own: Map<string, Known>,
  shared: string[],
  done: () => boolean,
  stats: Stats,
): Promise<void> {
  const db = retryingClient();
  const owned = [...own.keys()];
  try {
    for (let n = 0; !done(); n++) {
      const mine = random() < 0.5;
      const [pk, sk] = pick(random, mine ? owned : shared).split("/");
      const write = randomWrite(random, domain, { pk: S(pk), sk: S(sk) }, String(id * 1_000_000 + n));
      const before = own.get(`${pk}/${sk}`);
      stats.ops++;
      let outcome: Known | "unchanged";
      try {
        const attempts = await send(db, write);
        if (attempts > 1) stats.retried++;
        stats.acknowledged++;
        if (write.kind === "update") {
          for (const name of INDEX_KEYS) {
            if (write.set[name]) stats.set[name]++;
            if (write.remove.includes(name)) stats.removed[name]++;
          }
        }
        // An update's result rests on the item before it; a put or delete on nothing.
        outcome =
          write.kind !== "update" || before?.known
            ? { known: true, item: applied(before?.known ? before.item : undefined, write) }
            : { known: false };
      } catch (error) {
        const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        if (error instanceof ConditionalCheckFailedException && attempts === 1) {
          stats.conditionFailed++;
          outcome = "unchanged";
        } else {
          stats.unknown++;
          outcome = { known: false };
        }
      }
      if (before && outcome !== "unchanged") own.set(`${pk}/${sk}`, outcome);
      await sleep(10 + random() * 30);
    }
  } finally {
    db.destroy();
  }
}

// --- the nemesis ----------------------------------------------------------------------------

/** What the nemesis aims at: a partition's leader (or, not knowing it, a member) and how it knows. */
interface Target {
  name: string;
  how: string;
}

/** The leader of partition `at` (modulo their count) of the table or of its GSI `index`, and its group's members. */
async function leaderOf(random: Random, at: number, index?: string): Promise<{ target: Target; members: string[] }> {
  const { partitions } = await groups(index);
  const partition = partitions[at % partitions.length];
  const members = partition.members.map((m) => m.name);
  if (partition.leader) return { target: { name: partition.leader, how: "leader" }, members };
  return { target: { name: pick(random, members), how: "member, no leader seen" }, members };
}

/**
 * The ROUNDS: crash their targets, wait, restart them. Partitions and indexes are taken in turn,
 * from a random start.
 */
async function nemesis(
  random: Random,
  indexes: readonly string[],
  log: string[],
  stopWrites: () => Promise<void>,
): Promise<void> {
  const offset = Math.floor(random() * 4);
  let bases = 0;
  let indexRounds = 0;
  for (const [round, kinds] of ROUNDS.entries()) {
    await sleep(300 + random() * 400);
    const targets: Target[] = [];
    const long: Target[] = [];
    for (const kind of kinds) {
      if (kind === "base") {
        targets.push((await leaderOf(random, offset + bases++)).target);
        continue;
      }
      const index = indexes[indexRounds % indexes.length];
      const at = offset + Math.floor(indexRounds++ / indexes.length);
      const { target, members } = await leaderOf(random, at, index);
      const group = [target];
      const others = members.filter((m) => m !== target.name);
      if (kind !== "index") group.push({ name: pick(random, others), how: "and another member" });
      (kind === "index outage" ? long : targets).push(...group);
    }
    const crashed = Date.now();
    for (const { name } of [...targets, ...long]) await fault("crash", name);
    const named = [...targets, ...long].map((t) => `${t.name} (${t.how})`).join(" + ");
    log.push(`crash ${named}${long.length ? ` for ${OUTAGE_MS} ms` : ""}`);
    if (round === ROUNDS.length - 1) {
      await sleep(400);
      await stopWrites();
    }
    await sleep(crashed + 900 + random() * 600 - Date.now());
    for (const { name } of targets) await fault("restart", name);
    if (long.length === 0) continue;
    await sleep(crashed + OUTAGE_MS - Date.now());
    for (const { name } of long) await fault("restart", name);
  }
}

/**
 * The GSIs' feeding backlog, committed base records not yet fed (`/admin/indexes`); undefined
 * while some base partition's leader does not report.
 */
async function pendingFeeds(): Promise<number | undefined> {
  const { indexes } = await admin<{ indexes: IndexReport[] }>(`/admin/indexes?table=${TABLE}`);
  return indexes.every((i) => i.complete) ? indexes.reduce((n, i) => n + i.pending, 0) : undefined;
}

interface IndexCheck {
  ok: boolean;
  pending: number | null;
  counts: Record<string, number>;
}

// --- the test -------------------------------------------------------------------------------

/** Reads until two reads 300 ms apart agree; at most `ms`. */
/** Waits (at most `ms`) until every member of each partition of the GSIs `indexes` has applied the same last record. */
async function membersSettled(indexes: string[], ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const reports = await Promise.all(indexes.map((index) => groups(index)));
    const unsettled = reports.flatMap((r) =>
      r.partitions.filter((p) => {
        const last = Math.max(...p.members.map((m) => m.last ?? 0));
        return p.members.some((m) => m.applied !== last);
      }),
    );
    if (unsettled.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`index members not settled: ${JSON.stringify(unsettled.map((p) => p.members))}`);
    }
    await sleep(200);
  }
}

async function stable(what: string, read: () => Promise<Item[]>, ms = 30_000): Promise<Item[]> {
  const deadline = Date.now() + ms;
  let last = await read();
  for (;;) {
    await sleep(300);
    const next = await read();
    if (same(next, last)) return next;
    if (Date.now() > deadline) throw new Error(`${what} still changing after ${ms} ms`);
    last = next;
  }
}

describe("secondary indexes under leader crashes", () => {
  test("after randomized writes while base and index leaders crash, every LSI and GSI equals the index recomputed from the table", async () => {
    const started = Date.now();
    const setup = retryingClient();
    await createTable(setup);

    // Keys and index keys spread over every partition of the table and of each GSI.
    const [table, byGGroups, byFlagGroups] = await Promise.all([groups(), groups(BY_G.name), groups(BY_FLAG.name)]);
    expect([table, byGGroups, byFlagGroups].map((g) => g.partitions.length)).toEqual([4, 4, 4]);
    const domain: Domain = {
      pks: valuesPerPartition("u", table.partitions, 2),
      sks: ["s0", "s1", "s2"],
      gs: valuesPerPartition("g", byGGroups.partitions, 1),
      flags: valuesPerPartition("f", byFlagGroups.partitions, 1),
    };
    const keys = domain.pks.flatMap((pk) => domain.sks.map((sk) => `${pk}/${sk}`));
    // Two keys in three are each written by one client only (the client knows what they hold);
    // the rest by every client, concurrently.
    const owned = Array.from({ length: CLIENTS }, () => new Map<string, Known>());
    const shared: string[] = [];
    keys.forEach((key, i) => {
      if (i % 3 === 2) shared.push(key);
      else owned[i % CLIENTS].set(key, { known: true, item: undefined });
    });

    const counts = () => Object.fromEntries(INDEX_KEYS.map((name) => [name, 0]));
    const stats: Stats = {
      ops: 0,
      acknowledged: 0,
      conditionFailed: 0,
      unknown: 0,
      retried: 0,
      set: counts(),
      removed: counts(),
    };
    const faults: string[] = [];
    let writing = true;
    const writers = owned.map((own, i) =>
      writer(seededRandom(SEED + 100 + i), i, domain, own, shared, () => !writing, stats),
    );
    const stopWrites = async () => {
      writing = false;
      await Promise.all(writers);
    };
    await nemesis(seededRandom(SEED), [BY_G.name, BY_FLAG.name], faults, stopWrites).finally(stopWrites);
    await fault("reset");
    const faultsMs = Date.now() - started;
    const context = () =>
      `seed ${SEED}; ${JSON.stringify(stats)}; faults: ${faults.join(", ")}; faults over at ${faultsMs} ms`;
    expect(stats.acknowledged, context()).toBeGreaterThan(100);
    // Updates moved items between index keys, and in and out of each index.
    for (const name of INDEX_KEYS) {
      expect(stats.set[name], context()).toBeGreaterThan(2);
      expect(stats.removed[name], context()).toBeGreaterThan(2);
    }
    expect(faults.length, context()).toBe(ROUNDS.length);

    // The table, read strongly until two reads agree (a write whose answer was lost may still settle).
    const reader = retryingClient();
    const base = await stable("the table", () => scanAll(reader, { ConsistentRead: true }));

    // 1. Keys whose outcome their client knows hold what it was told.
    const byKey = new Map(base.map((item) => [keyOf(item), item]));
    let checked = 0;
    for (const own of owned) {
      for (const [key, state] of own) {
        if (!state.known) continue;
        checked++;
        const got = byKey.get(key);
        expect(got && canonical(got), `${key} (${context()})`).toBe(state.item && canonical(state.item));
      }
    }
    expect(checked, context()).toBeGreaterThan(keys.length / 3);

    const lsi = lsiOf(base);
    const byG = byGOf(base);
    const byFlag = byFlagOf(base);
    const summary = `${base.length} items; ${lsi.length} in ${LSI.name}, ${byG.length} in ${BY_G.name}, ${byFlag.length} in ${BY_FLAG.name}`;
    expect(base.length, summary).toBeGreaterThan(0);

    // 2. The LSI, read strongly, at once: Scan in pages, and Query of each partition key in index order.
    const lsiScan = await scanAll(reader, { IndexName: LSI.name, ConsistentRead: true, Limit: 5 });
    expect(differences(lsiScan, lsi), `${LSI.name} scan (${context()})`).toEqual([]);
    for (const pk of domain.pks) {
      const got = await queryAll(reader, {
        IndexName: LSI.name,
        ConsistentRead: true,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": S(pk) },
      });
      const want = lsi
        .filter((i) => i.pk.S === pk)
        .sort((x, y) => Number(x.lsk.N) - Number(y.lsk.N) || (x.sk.S! < y.sk.S! ? -1 : 1));
      expect(got.map(canonical), `${LSI.name} query ${pk} (${context()})`).toEqual(want.map(canonical));
    }

    // 3. The GSIs, once quiesced: polled until both match, or stop changing, or QUIESCE_MS pass.
    const scanGsis = async () => ({
      byG: await scanAll(reader, { IndexName: BY_G.name, Limit: 7 }),
      byFlag: await scanAll(reader, { IndexName: BY_FLAG.name, Limit: 7 }),
    });
    const quiesceStart = Date.now();
    let gsis = await scanGsis();
    let pending = await pendingFeeds();
    let stillSince = Date.now();
    for (;;) {
      const matching = differences(gsis.byG, byG).length === 0 && differences(gsis.byFlag, byFlag).length === 0;
      if ((matching && pending === 0) || Date.now() - stillSince > STILL_MS || Date.now() - quiesceStart > QUIESCE_MS) {
        break;
      }
      await sleep(200);
      const next = await scanGsis();
      pending = await pendingFeeds();
      if (!same(next.byG, gsis.byG) || !same(next.byFlag, gsis.byFlag)) stillSince = Date.now();
      gsis = next;
    }
    // Quiesced means every member of the GSIs' groups has applied all its group holds too: a
    // follower whose leader crashed before telling it the commit index applies the last records
    // once its alarm gets the group a leader (leader-watch.ts); until then, reads served by it are
    // behind, as eventually consistent reads may be.
    await membersSettled([BY_G.name, BY_FLAG.name]);
    const quiescedMs = Date.now() - quiesceStart;
    // Matching stays matching: no late delivery (from a deposed leader, say) undoes it.
    await sleep(500);
    gsis = await scanGsis();
    const gsiContext = () =>
      `${context()}; GSIs polled for ${quiescedMs} ms, pending feeds ${pending ?? "not reported"}; ${summary}`;
    for (const [index, scanned, want] of [
      [BY_G.name, gsis.byG, byG],
      [BY_FLAG.name, gsis.byFlag, byFlag],
    ] as const) {
      const found = differences(scanned, want);
      // Where the index's leaders stand and what each member has applied tell a stale follower's
      // read from an entry the index really holds.
      const diagnosis = async () =>
        found.length === 0
          ? ""
          : `; the check from the leaders: ${JSON.stringify(await admin(`/admin/index-check?table=${TABLE}&index=${index}`))}` +
            `; members: ${JSON.stringify((await groups(index)).partitions.map((p) => p.members.map((m) => [m.name.slice(-20), m.role, m.commit, m.applied, m.last])))}`;
      expect(found, `${index} scan (${gsiContext()}${await diagnosis()})`).toEqual([]);
    }
    expect(pending, `feeding backlog (${gsiContext()})`).toBe(0);

    // Query by each index key: the same entries, sorted by the index's sort key.
    for (const g of domain.gs) {
      const got = await queryAll(reader, {
        IndexName: BY_G.name,
        KeyConditionExpression: "g = :g",
        ExpressionAttributeValues: { ":g": S(g) },
      });
      expect(
        differences(
          got,
          byG.filter((i) => i.g.S === g),
        ),
        `${BY_G.name} query ${g} (${gsiContext()})`,
      ).toEqual([]);
      const order = got.map((i) => Number(i.gs.N));
      expect(order, `${BY_G.name} query ${g} order`).toEqual([...order].sort((x, y) => x - y));
    }
    for (const flag of domain.flags) {
      const got = await queryAll(reader, {
        IndexName: BY_FLAG.name,
        KeyConditionExpression: "flag = :f",
        ExpressionAttributeValues: { ":f": S(flag) },
      });
      expect(
        differences(
          got,
          byFlag.filter((i) => i.flag.S === flag),
        ),
        `${BY_FLAG.name} query ${flag} (${gsiContext()})`,
      ).toEqual([]);
    }
    // 4. The admin API's check agrees.
    for (const index of [LSI.name, BY_G.name, BY_FLAG.name]) {
      const check = await admin<IndexCheck>(`/admin/index-check?table=${TABLE}&index=${index}`);
      expect(check, `${index} (${gsiContext()})`).toMatchObject({ ok: true, pending: 0 });
    }
    console.log(`index chaos: ${gsiContext()}; total ${Date.now() - started} ms`);
    setup.destroy();
    reader.destroy();
  }, 120_000);
});
