/**
 * Partitions split (workers/replica/split.ts, workers/metadata/splits.ts), through the AWS SDK,
 * the Streams client and the admin API, on servers of the tests' own:
 * - for size: a table loaded past a small SPLIT_SIZE_BYTES splits into several partitions while
 *   clients keep writing, reading and scanning; no request fails, every acknowledged item stays
 *   readable, and a full Scan and a parallel Scan return every item exactly once before, during
 *   and after the splits. Local and global indexes keep every entry (the global index's own
 *   partitions split too), a stream's shards follow the splits, a global table's regions split on
 *   their own, one item collection never splits, and a split whose parent's leader crashes
 *   half-way completes;
 * - for heat: a hot workload over many keys splits and its throughput rises; a single hot key
 *   throttles without splitting, and its partition's other keys keep being served.
 */

import {
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { activeTable, addRegion, arrives, until } from "../helpers/global-tables";
import { createActiveTable } from "../helpers/items";
import { readStream, streamedTable, streamsClient } from "../helpers/streams";

let running: AdminServer;
let sdk: DynamoDBClient;

/** Bytes past which a partition splits: a few dozen of the tests' items. */
const SPLIT_SIZE_BYTES = 24_000;
const PAD = "x".repeat(500);

beforeAll(async () => {
  running = await startAdminServer({ INITIAL_PARTITIONS: "1", SPLIT_SIZE_BYTES: String(SPLIT_SIZE_BYTES) });
  sdk = running.sdk();
});

afterAll(async () => {
  sdk?.destroy();
  await running?.stop();
});

interface Groups {
  mapVersion: number;
  partitions: {
    id: string;
    low: string;
    high: string;
    leader: string | null;
    itemCount: number | null;
    sizeBytes: number | null;
    splitting: { point: string; reason: string } | null;
  }[];
  splits: { parent: string; children: string[]; point: string; reason: string; lsn: number }[];
}

/** Creates a table (on demand), keyed by pk (S) and sk (N) and `more`, and waits until it is ACTIVE. */
function compositeTable(TableName: string, more: Partial<CreateTableCommandInput> = {}): Promise<void> {
  return createActiveTable(sdk, {
    TableName,
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    ...more,
  });
}

const groups = (table: string) => running.admin<Groups>(`/admin/groups?table=${table}`);

const put = (table: string, pk: string) =>
  sdk.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, pad: { S: PAD } } }));

/** Every pk a Scan of `table` returns, paging `limit` items at a time (one segment of `total` when given). */
async function scanKeys(table: string, limit: number, segment?: { segment: number; total: number }): Promise<string[]> {
  const keys: string[] = [];
  let start: Record<string, { S: string }> | undefined;
  do {
    const page = await sdk.send(
      new ScanCommand({
        TableName: table,
        Limit: limit,
        ExclusiveStartKey: start,
        ProjectionExpression: "pk",
        ...(segment ? { Segment: segment.segment, TotalSegments: segment.total } : {}),
      }),
    );
    for (const item of page.Items ?? []) keys.push(item.pk.S!);
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return keys;
}

/** The keys of a parallel Scan in `total` segments, all segments at once. */
async function parallelScanKeys(table: string, limit: number, total: number): Promise<string[]> {
  const segments = await Promise.all(
    Array.from({ length: total }, (_, segment) => scanKeys(table, limit, { segment, total })),
  );
  return segments.flat();
}

/** Throws unless `keys` hold no key twice and every one of `expected`. */
function exactlyOnce(keys: string[], expected: Iterable<string>, what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new Error(`${what}: ${key} returned twice`);
    seen.add(key);
  }
  for (const key of expected) if (!seen.has(key)) throw new Error(`${what}: ${key} missing`);
}

describe("splits for size", () => {
  test("a table loaded past SPLIT_SIZE_BYTES splits while clients write, read and scan; nothing fails, nothing is lost or returned twice", async () => {
    const table = "growing";
    await activeTable(sdk, table);
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let writing = true;
    const fail = (what: string) => (error: unknown) => {
      failures.push(`${what}: ${String(error)}`);
    };

    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; i < 110; i++) {
        const pk = `item-${w}-${i}`;
        await put(table, pk).then(() => acknowledged.push(pk), fail(`put ${pk}`));
      }
    });
    const readers = (async () => {
      while (writing) {
        const known = acknowledged.slice();
        if (known.length === 0) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const pk = known[Math.floor(Math.random() * known.length)];
        const reply = await sdk
          .send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))
          .catch(fail(`get ${pk}`));
        if (reply && reply.Item?.pk?.S !== pk) failures.push(`get ${pk}: not found`);
      }
    })();
    let scans = 0;
    const scanners = (async () => {
      while (writing) {
        const before = acknowledged.slice();
        try {
          exactlyOnce(await scanKeys(table, 17), before, "scan");
          exactlyOnce(await parallelScanKeys(table, 11, 3), before, "parallel scan");
          scans++;
        } catch (error) {
          fail("scan")(error);
        }
      }
    })();
    await Promise.all(writers);
    // Reads and scans go on until the splits the load asked for are done.
    const settled = await until(
      "the splits are done",
      () => groups(table),
      (g) => g.partitions.length >= 4 && g.partitions.every((p) => p.splitting === null && p.leader !== null),
      60_000,
    ).finally(() => {
      writing = false;
    });
    await Promise.all([readers, scanners]);

    expect(failures).toEqual([]);
    expect(scans).toBeGreaterThan(0);
    expect(acknowledged).toHaveLength(330);
    // The partitions cover the hash space, in order, with no gap.
    const { partitions } = settled;
    expect(partitions[0].low).toBe("0000000000000000");
    expect(partitions.at(-1)!.high).toBe("ffffffffffffffff");
    for (let i = 1; i < partitions.length; i++) {
      expect(BigInt(`0x${partitions[i].low}`)).toBe(BigInt(`0x${partitions[i - 1].high}`) + 1n);
    }
    expect(settled.splits.length).toBe(partitions.length - 1);
    expect(settled.splits.every((s) => s.reason === "size" && s.children.length === 2)).toBe(true);
    expect(settled.mapVersion).toBeGreaterThan(settled.splits.length);

    // Every item readable, and Scans return each exactly once.
    for (const pk of acknowledged) {
      const reply = await sdk.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
      );
      expect(reply.Item?.pad?.S).toBe(PAD);
    }
    const all = await scanKeys(table, 1000);
    expect(all).toHaveLength(330);
    exactlyOnce(all, acknowledged, "final scan");
    const parallel = await parallelScanKeys(table, 1000, 4);
    expect(parallel).toHaveLength(330);
    exactlyOnce(parallel, acknowledged, "final parallel scan");
    // DescribeTable counts the children's items, each once.
    const described = await sdk.send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table?.ItemCount).toBe(330);
    expect(settled.partitions.reduce((n, p) => n + (p.itemCount ?? 0), 0)).toBe(330);
  }, 120_000);

  test("a table with local and global secondary indexes splits, and so do the global index's partitions; the indexes keep every entry exactly once", async () => {
    const table = "indexed";
    await compositeTable(table, {
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
        { AttributeName: "rank", AttributeType: "N" },
        { AttributeName: "colour", AttributeType: "S" },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "by-rank",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "rank", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "by-colour",
          KeySchema: [
            { AttributeName: "colour", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          // Whole items: the index's own partitions pass SPLIT_SIZE_BYTES and split too.
          Projection: { ProjectionType: "ALL" },
        },
      ],
    });
    const colours = ["red", "green", "blue"];
    const item = (i: number) => ({
      pk: { S: `group-${i % 20}` },
      sk: { N: String(i) },
      rank: { N: String(1000 - i) },
      colour: { S: colours[i % 3] },
      pad: { S: PAD },
    });
    // Written, then rewritten in another colour once the splits are under way: the index
    // entries must follow the rewrite, whichever partition made it.
    for (let i = 0; i < 120; i++) await sdk.send(new PutItemCommand({ TableName: table, Item: item(i) }));
    await until(
      "the table split",
      () => groups(table),
      (g) => g.splits.length >= 1 && g.partitions.every((p) => p.splitting === null && p.leader !== null),
      60_000,
    );
    for (let i = 0; i < 120; i += 2) {
      await sdk.send(new PutItemCommand({ TableName: table, Item: { ...item(i), colour: { S: "black" } } }));
    }
    const colourOf = (i: number) => (i % 2 === 0 ? "black" : colours[i % 3]);
    const indexKeys = async (colour: string) => {
      const keys: number[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await sdk.send(
          new QueryCommand({
            TableName: table,
            IndexName: "by-colour",
            KeyConditionExpression: "colour = :c",
            ExpressionAttributeValues: { ":c": { S: colour } },
            ExclusiveStartKey: start as never,
            Limit: 25,
          }),
        );
        for (const entry of page.Items ?? []) keys.push(Number(entry.sk.N));
        start = page.LastEvaluatedKey;
      } while (start);
      return keys.sort((a, b) => a - b);
    };
    for (const colour of [...colours, "black"]) {
      const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => colourOf(i) === colour);
      await until(
        `the ${colour} entries`,
        () => indexKeys(colour),
        (keys) => JSON.stringify(keys) === JSON.stringify(expected),
        30_000,
      );
    }
    // The index's partitions split on their own, never within one colour.
    const index = await running.admin<Groups>(`/admin/groups?table=${table}&index=by-colour`);
    expect(index.splits.length).toBeGreaterThanOrEqual(1);
    expect(index.partitions.length).toBeLessThanOrEqual(4);
    // Each item collection, read through the local index, in rank order.
    for (let g = 0; g < 20; g++) {
      const page = await sdk.send(
        new QueryCommand({
          TableName: table,
          IndexName: "by-rank",
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: `group-${g}` } },
          ConsistentRead: true,
        }),
      );
      const expected = Array.from({ length: 6 }, (_, k) => 20 * (5 - k) + g);
      expect(page.Items?.map((i) => Number(i.sk.N))).toEqual(expected);
      expect(page.Items?.map((i) => i.colour.S)).toEqual(expected.map(colourOf));
    }
  }, 120_000);

  test("a table with a stream splits: the parent's shard closes, the children's shards name it, and every change is read once, in order per key", async () => {
    const table = "streamed";
    const arn = await streamedTable(sdk, table, "NEW_AND_OLD_IMAGES");
    const streams = streamsClient(running.server.url);
    try {
      // Each key written three times: the versions of a key cross the splits.
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 60; i++) {
          await sdk.send(
            new PutItemCommand({
              TableName: table,
              Item: { pk: { S: `s-${i}` }, round: { N: String(round) }, pad: { S: PAD } },
            }),
          );
        }
      }
      const settled = await until(
        "the table split",
        () => groups(table),
        (g) => g.splits.length >= 1 && g.partitions.every((p) => p.splitting === null && p.leader !== null),
        60_000,
      );
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      const shards = StreamDescription?.Shards ?? [];
      expect(shards).toHaveLength(settled.splits.length + settled.partitions.length);
      // Every split's parent shard is closed and named as the parent of its children's shards.
      const byId = new Map(shards.map((s) => [s.ShardId!, s]));
      const closed = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber !== undefined);
      expect(closed).toHaveLength(settled.splits.length);
      for (const shard of shards) {
        if (shard.ParentShardId)
          expect(byId.get(shard.ParentShardId)?.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
      }
      expect(shards.filter((s) => s.ParentShardId)).toHaveLength(2 * settled.splits.length);

      // Read parents before children, as the KCL does: each key's records come in order, once each.
      const records = await readStream(streams, arn);
      const rounds = new Map<string, number[]>();
      for (const record of records) {
        const pk = record.dynamodb!.Keys!.pk.S!;
        rounds.set(pk, [...(rounds.get(pk) ?? []), Number(record.dynamodb!.NewImage!.round.N)]);
      }
      expect(rounds.size).toBe(60);
      for (const [pk, seen] of rounds) expect([pk, seen]).toEqual([pk, [0, 1, 2]]);
      expect(records.map((r) => r.eventName)).toEqual(records.map((r) => (r.dynamodb!.OldImage ? "MODIFY" : "INSERT")));
    } finally {
      streams.destroy();
    }
  }, 120_000);

  test("a global table's regions split on their own, and replication routes each change by the receiver's map", async () => {
    const table = "global-split";
    const eu = running.sdkIn("eu-west-1");
    try {
      await activeTable(sdk, table);
      await addRegion(sdk, table, "eu-west-1");
      const write = (db: DynamoDBClient, pk: string, v: string) =>
        db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: v }, pad: { S: PAD } } }));
      // Each region writes its own keys; replication brings every item to both, and both split.
      for (let i = 0; i < 40; i++) {
        await write(sdk, `us-${i}`, "us");
        await write(eu, `eu-${i}`, "eu");
      }
      const region = (name: string) => running.admin<Groups>(`/admin/groups?table=${table}&region=${name}`);
      for (const name of ["us-east-1", "eu-west-1"]) {
        await until(
          `${name} split`,
          () => region(name),
          (g) => g.splits.length >= 1 && g.partitions.every((p) => p.splitting === null && p.leader !== null),
          60_000,
        );
      }
      // Changes made after the splits reach the other region's children.
      for (let i = 0; i < 10; i++) {
        await write(sdk, `us-after-${i}`, "us");
        await write(eu, `eu-after-${i}`, "eu");
      }
      const keys = [
        ...Array.from({ length: 40 }, (_, i) => [`us-${i}`, `eu-${i}`]).flat(),
        ...Array.from({ length: 10 }, (_, i) => [`us-after-${i}`, `eu-after-${i}`]).flat(),
      ];
      for (const db of [sdk, eu]) {
        for (const pk of keys) await arrives(db, table, pk, pk.slice(0, 2));
      }
      const counted = await Promise.all(["us-east-1", "eu-west-1"].map(region));
      for (const g of counted) expect(g.partitions.reduce((n, p) => n + (p.itemCount ?? 0), 0)).toBe(keys.length);
    } finally {
      eu.destroy();
    }
  }, 120_000);

  test("one item collection past SPLIT_SIZE_BYTES does not split: no split divides one partition key", async () => {
    const table = "one-collection";
    await compositeTable(table);
    for (let i = 0; i < 80; i++) {
      await sdk.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: "one" }, sk: { N: String(i) }, pad: { S: PAD } } }),
      );
    }
    const report = await groups(table);
    expect(report.partitions).toHaveLength(1);
    expect(report.partitions[0].sizeBytes).toBeGreaterThan(SPLIT_SIZE_BYTES);
    expect(report.partitions[0].splitting).toBeNull();
    expect(report.splits).toEqual([]);
  });

  test("a split whose parent's leader crashes half-way completes under the next leader, and loses nothing", async () => {
    const table = "crashing";
    await activeTable(sdk, table);
    const acknowledged: string[] = [];
    let crashed: string | undefined;
    for (let i = 0; i < 200 && !crashed; i++) {
      const pk = `c-${i}`;
      await put(table, pk);
      acknowledged.push(pk);
      const report = await groups(table);
      const splitting = report.partitions.find((p) => p.splitting !== null && p.leader !== null);
      if (splitting) {
        crashed = splitting.leader!;
        await running.admin("/admin/faults", { action: "crash", replica: crashed });
      }
    }
    expect(crashed).toBeDefined();
    // Writes go on through the group's new leader while the split completes.
    for (let i = 0; i < 20; i++) {
      const pk = `after-${i}`;
      await put(table, pk);
      acknowledged.push(pk);
    }
    const settled = await until(
      "the split is done",
      () => groups(table),
      (g) => g.splits.length >= 1 && g.partitions.every((p) => p.splitting === null && p.leader !== null),
      60_000,
    );
    expect(settled.partitions.length).toBeGreaterThanOrEqual(2);
    for (const pk of acknowledged) {
      const reply = await sdk.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
      );
      expect(reply.Item?.pk?.S).toBe(pk);
    }
    const all = await scanKeys(table, 1000);
    expect(all).toHaveLength(acknowledged.length);
    exactlyOnce(all, acknowledged, "scan");
    await running.admin("/admin/faults", { action: "restart", replica: crashed });
  }, 120_000);
});

describe("splits for heat, and hot keys", () => {
  let hot: AdminServer;
  let db: DynamoDBClient;

  beforeAll(async () => {
    hot = await startAdminServer({
      INITIAL_PARTITIONS: "1",
      PARTITION_WRITE_UNITS: "100",
      SPLIT_HEAT_PERCENT: "50",
      // Longer than a measured window: the children do not split again while it is measured.
      SPLIT_HEAT_SECONDS: "4",
    });
    db = hot.sdk();
  });

  afterAll(async () => {
    db?.destroy();
    await hot?.stop();
  });

  const ITEM = "y".repeat(900);

  /** Writes with `writers` concurrent clients for `ms`: the writes acknowledged and throttled. */
  async function load(table: string, writers: number, ms: number, key: (w: number, i: number) => string) {
    const counts = { ok: 0, throttled: 0, other: [] as string[] };
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; Date.now() < until; i++) {
          try {
            await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: key(w, i) }, v: { S: ITEM } } }));
            counts.ok++;
          } catch (error) {
            const name = (error as Error).name;
            if (name === "ProvisionedThroughputExceededException" || name === "ThrottlingException") {
              counts.throttled++;
              await new Promise((r) => setTimeout(r, 20));
            } else counts.other.push(`${name}: ${(error as Error).message}`);
          }
        }
      }),
    );
    return counts;
  }

  test("a hot workload spread over many keys splits for heat, and its throughput rises", async () => {
    const table = "hot-uniform";
    await activeTable(db, table);
    const key = (w: number, i: number) => `k-${w}-${i % 200}`;
    const before = await load(table, 8, 3000, key);
    expect(before.throttled).toBeGreaterThan(0);
    const split = await until(
      "a split for heat",
      async () => {
        await load(table, 8, 500, key);
        return hot.admin<Groups>(`/admin/groups?table=${table}`);
      },
      (g) => g.splits.length >= 1 && g.partitions.every((p) => p.splitting === null),
      60_000,
    );
    expect(split.splits[0].reason).toBe("heat");
    const after = await load(table, 8, 3000, key);
    expect(before.other).toEqual([]);
    expect(after.other).toEqual([]);
    // One partition served about 100 units a second; two serve about twice that.
    expect(after.ok).toBeGreaterThan(1.4 * before.ok);
  }, 120_000);

  test("a single hot key throttles and does not split; the partition's other keys keep being served", async () => {
    const table = "hot-key";
    await activeTable(db, table);
    const [hotKey, others] = await Promise.all([
      load(table, 6, 4000, () => "the-hot-key"),
      (async () => {
        const counts = { ok: 0, failed: [] as string[] };
        const until = Date.now() + 4000;
        for (let i = 0; Date.now() < until; i++) {
          await db
            .send(new PutItemCommand({ TableName: table, Item: { pk: { S: `cold-${i}` }, v: { S: ITEM } } }))
            .then(
              () => counts.ok++,
              (error) => counts.failed.push((error as Error).name),
            );
          await new Promise((r) => setTimeout(r, 50));
        }
        return counts;
      })(),
    ]);
    expect(hotKey.throttled).toBeGreaterThan(0);
    expect(hotKey.other).toEqual([]);
    expect(others.failed).toEqual([]);
    expect(others.ok).toBeGreaterThan(20);
    const report = await hot.admin<Groups>(`/admin/groups?table=${table}`);
    expect(report.splits).toEqual([]);
    expect(report.partitions).toHaveLength(1);
  }, 60_000);
});
