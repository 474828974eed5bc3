/**
 * Streams under leader crashes, through the AWS SDK and the Streams client against a server of
 * its own (admin API on, four partitions of three replicas, short failover timings): clients
 * write their own keys, each write a value never written before, while a reader follows every
 * shard of the table's stream with its iterators and a nemesis crashes and restarts partition
 * leaders (once two members of one group, so it takes no writes for a while). Afterwards:
 *
 * 1. no record is doubled: event ids and sequence numbers are unique, and each shard's sequence
 *    numbers rise;
 * 2. none is lost: every acknowledged write is in the stream, and each key's records come in the
 *    order its writer wrote them (a write whose answer was lost may be there or not);
 * 3. what the reader followed through the crashes is exactly what a fresh read of the stream
 *    returns: no iterator skipped a record across a failover.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seededRandom } from "../../bench/random";
import type { GroupReport } from "../../workers/admin/group-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { until } from "../helpers/global-tables";
import { readStream, streamedTable } from "../helpers/streams";
import { TEST_KEY } from "../helpers/test-key";

const SEED = Number(process.env.STREAM_CHAOS_SEED ?? 20261207);
const TABLE = "stream-chaos";
const WRITERS = 3;
const KEYS_PER_WRITER = 8;
/** The nemesis's rounds: how many members of one partition's group each crashes (the leader first). */
const ROUNDS = [1, 1, 2, 1, 1];

let running: AdminServer;

beforeAll(async () => {
  running = await startAdminServer({ LEASE_MS: "500", PEER_TIMEOUT_MS: "300", WRITE_TIMEOUT_MS: "1500" });
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const options = () => ({
  endpoint: running.server.url,
  region: "us-east-1",
  credentials: TEST_KEY,
  maxAttempts: 10,
  requestHandler: new NodeHttpHandler({ requestTimeout: 10_000, connectionTimeout: 2000 }),
});

/** Follows every shard from TRIM_HORIZON until `stop()` holds and a pass over the shards finds nothing new. */
async function follow(
  streams: DynamoDBStreamsClient,
  arn: string,
  stop: () => boolean,
): Promise<Map<string, _Record[]>> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  const iterators = new Map<string, string | undefined>();
  const read = new Map<string, _Record[]>();
  for (const shard of StreamDescription?.Shards ?? []) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    iterators.set(shard.ShardId!, ShardIterator);
    read.set(shard.ShardId!, []);
  }
  let quiet = 0;
  while (quiet < 3) {
    let found = 0;
    for (const [shard, iterator] of iterators) {
      if (!iterator) continue;
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      read.get(shard)!.push(...(page.Records ?? []));
      found += page.Records?.length ?? 0;
      iterators.set(shard, page.NextShardIterator);
    }
    quiet = stop() && found === 0 ? quiet + 1 : 0;
    if (found === 0) await sleep(100);
  }
  return read;
}

describe("streams under leader crashes", () => {
  test("the reader sees every acknowledged write once, in order per key, through failovers", {
    timeout: 240_000,
  }, async () => {
    const random = seededRandom(SEED);
    const db = new DynamoDBClient(options());
    const arn = await streamedTable(db, TABLE, "NEW_AND_OLD_IMAGES");
    const streams = new DynamoDBStreamsClient(options());

    let writing = true;
    const acknowledged: { key: string; value: number }[] = [];
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const client = new DynamoDBClient(options());
      for (let n = 1; writing; n++) {
        const key = `w${w}-k${n % KEYS_PER_WRITER}`;
        try {
          await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: key }, n: { N: String(n) } } }));
          acknowledged.push({ key, value: n });
        } catch {
          // Its outcome is unknown: the record may be in the stream or not.
        }
      }
    });
    let settled = false;
    const reader = follow(streams, arn, () => settled);

    const admin = <T>(path: string, body?: unknown) => running.admin<T>(path, body);
    const groups = () => admin<GroupReport>(`/admin/groups?table=${TABLE}`);
    let failovers = 0;
    for (const crashes of ROUNDS) {
      await sleep(800 + random() * 700);
      const { partitions } = await groups();
      const partition = partitions[Math.floor(random() * partitions.length)];
      const leader = partition.leader ?? partition.members[0].name;
      const others = partition.members.map((m) => m.name).filter((m) => m !== leader);
      const victims = [leader, ...others].slice(0, crashes);
      for (const replica of victims) await admin("/admin/faults", { action: "crash", replica });
      await sleep(1000 + random() * 1000);
      for (const replica of victims) await admin("/admin/faults", { action: "restart", replica });
      // The writes went on under a new leader: a later term.
      const after = await until("the partition has a leader again", groups, (g) =>
        g.partitions.some((p) => p.id === partition.id && p.leader !== null),
      );
      if ((after.partitions.find((p) => p.id === partition.id)?.epoch ?? 0) > (partition.epoch ?? 0)) failovers++;
    }
    expect(failovers).toBeGreaterThan(0);
    await sleep(1000);
    writing = false;
    await Promise.all(writers);
    settled = true;
    const followed = await reader;

    // 1. Nothing doubled: unique ids and sequence numbers, rising in each shard.
    const all = [...followed.values()].flat();
    expect(new Set(all.map((r) => r.eventID)).size).toBe(all.length);
    for (const records of followed.values()) {
      const numbers = records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? "0"));
      for (let i = 1; i < numbers.length; i++) expect(numbers[i] > numbers[i - 1]).toBe(true);
    }
    // 2. Nothing lost, in order per key.
    const byKey = new Map<string, number[]>();
    for (const record of all) {
      const key = record.dynamodb?.Keys?.pk?.S ?? "";
      byKey.set(key, [...(byKey.get(key) ?? []), Number(record.dynamodb?.NewImage?.n?.N)]);
    }
    expect(acknowledged.length).toBeGreaterThan(50);
    const missing = acknowledged.filter(({ key, value }) => !byKey.get(key)?.includes(value));
    expect(missing).toEqual([]);
    for (const [key, values] of byKey) expect(values, key).toEqual([...values].sort((a, b) => a - b));
    // 3. Following through the crashes read what a fresh read of the stream returns.
    const fresh = await readStream(streams, arn);
    expect(fresh.map((r) => r.eventID).sort()).toEqual(all.map((r) => r.eventID).sort());
  });
});
