/**
 * DynamoDB Streams through the AWS SDK's DynamoDB and Streams clients against `npm start`:
 * StreamSpecification on CreateTable and UpdateTable, DescribeTable's stream members, ListStreams,
 * DescribeStream, iterators of every type, the records of each view type (INSERT, MODIFY, REMOVE
 * of one key in order with the right images; none for a write that changes nothing), many writes
 * over every partition read back exactly once, transactions' writes, closed shards of a disabled
 * stream, the errors of bad iterators and unknown shards and streams, and the AWS CLI's
 * `dynamodbstreams` commands.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { failure, keyedTable } from "../helpers/items";
import {
  streamedTable as createStreamedTable,
  drain,
  readStream,
  shardIds,
  streamsClient,
  type ViewType,
} from "../helpers/streams";
import { TEST_CREDENTIALS } from "../helpers/test-key";

let db: DynamoDBClient;
let streams: DynamoDBStreamsClient;

beforeAll(() => {
  db = client();
  streams = streamsClient(inject("endpoint"));
});

/** A table with a stream of `viewType` on the shared server. At exit: its stream's ARN. */
const streamedTable = (name: string, viewType: ViewType) => createStreamedTable(db, name, viewType);

const put = (TableName: string, pk: string, v: string) =>
  db.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { S: v } } }));

/** A record as the tests compare it: its event, keys, images and identity. */
const shape = (r: _Record) => ({
  eventName: r.eventName,
  keys: r.dynamodb?.Keys,
  newImage: r.dynamodb?.NewImage,
  oldImage: r.dynamodb?.OldImage,
});

describe("StreamSpecification and the control plane", () => {
  test("a table created with a stream shows it, and ListStreams and DescribeStream name it", async () => {
    const name = uniqueTableName("streams-create");
    const arn = await streamedTable(name, "NEW_AND_OLD_IMAGES");
    const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(Table?.LatestStreamLabel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(arn).toBe(`${Table?.TableArn}/stream/${Table?.LatestStreamLabel}`);

    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    expect(listed.Streams).toEqual([{ StreamArn: arn, TableName: name, StreamLabel: Table?.LatestStreamLabel }]);
    const all = await streams.send(new ListStreamsCommand({}));
    expect(all.Streams?.map((s) => s.StreamArn)).toContain(arn);

    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(StreamDescription).toMatchObject({
      StreamArn: arn,
      StreamLabel: Table?.LatestStreamLabel,
      StreamStatus: "ENABLED",
      StreamViewType: "NEW_AND_OLD_IMAGES",
      TableName: name,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    });
    expect(StreamDescription?.CreationRequestDateTime).toBeInstanceOf(Date);
    const shards = StreamDescription?.Shards ?? [];
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) {
      expect(shard.ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
      expect(shard.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{21}$/);
      expect(shard.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
      expect(shard.ParentShardId).toBeUndefined();
    }
    // Paging: one shard at a time names every shard once.
    const paged: string[] = [];
    let start: string | undefined;
    do {
      const page = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, Limit: 1, ExclusiveStartShardId: start }),
      );
      paged.push(...(page.StreamDescription?.Shards ?? []).map((s) => s.ShardId!));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    expect(paged).toEqual(shards.map((s) => s.ShardId));
  });

  test("UpdateTable enables a stream once, disables it once, and re-enabling makes a new stream", async () => {
    const { name } = await keyedTable(db, uniqueTableName("streams-update"));
    expect(
      await failure(
        db.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } })),
      ),
    ).toEqual({ name: "ValidationException", message: `Table has no stream to disable: TableName: ${name}` });

    const enabled = await db.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
      }),
    );
    const first = enabled.TableDescription?.LatestStreamArn;
    expect(enabled.TableDescription?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "KEYS_ONLY" });
    expect(first).toBeDefined();
    for (const StreamViewType of ["KEYS_ONLY", "NEW_IMAGE"] as const) {
      expect(
        await failure(
          db.send(
            new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType } }),
          ),
        ),
      ).toEqual({ name: "ValidationException", message: `Table already has an enabled stream: TableName: ${name}` });
    }
    await put(name, "a", "1");

    await db.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    const disabled = (await db.send(new DescribeTableCommand({ TableName: name }))).Table;
    expect(disabled?.StreamSpecification).toBeUndefined();
    expect(disabled?.LatestStreamArn).toBe(first);
    // The disabled stream stays readable, DISABLED, its shards closed and read to their end.
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: first }));
    expect(StreamDescription?.StreamStatus).toBe("DISABLED");
    for (const shard of StreamDescription?.Shards ?? []) {
      expect(shard.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{21}$/);
    }
    const records = await readStream(streams, first!);
    expect(records.map(shape)).toEqual([{ eventName: "INSERT", keys: { pk: { S: "a" } } }]);
    for (const ShardId of await shardIds(streams, first!)) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: first, ShardId, ShardIteratorType: "LATEST" }),
      );
      const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      expect(page.Records).toEqual([]);
      expect(page.NextShardIterator).toBeUndefined();
    }

    const again = await db.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      }),
    );
    const second = again.TableDescription?.LatestStreamArn;
    expect(second).not.toBe(first);
    await put(name, "b", "1");
    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([second, first]);
    const onePage = await streams.send(new ListStreamsCommand({ TableName: name, Limit: 1 }));
    expect(onePage.Streams?.map((s) => s.StreamArn)).toEqual([second]);
    expect(onePage.LastEvaluatedStreamArn).toBe(second);
    const nextPage = await streams.send(
      new ListStreamsCommand({ TableName: name, Limit: 1, ExclusiveStartStreamArn: onePage.LastEvaluatedStreamArn }),
    );
    expect(nextPage.Streams?.map((s) => s.StreamArn)).toEqual([first]);
    expect(nextPage.LastEvaluatedStreamArn).toBeUndefined();
    expect((await readStream(streams, second!)).map(shape)).toEqual([
      { eventName: "INSERT", keys: { pk: { S: "b" } }, newImage: { pk: { S: "b" }, v: { S: "1" } } },
    ]);
  });
});

describe("records", () => {
  const views: [ViewType, boolean, boolean][] = [
    ["KEYS_ONLY", false, false],
    ["NEW_IMAGE", true, false],
    ["OLD_IMAGE", false, true],
    ["NEW_AND_OLD_IMAGES", true, true],
  ];
  test.each(views)(
    "%s: INSERT, MODIFY, REMOVE of one key in order; nothing for writes that change nothing",
    async (view, news, olds) => {
      const name = uniqueTableName("streams-view");
      const arn = await streamedTable(name, view);
      const before = Date.now();
      await put(name, "k", "1");
      await put(name, "k", "1"); // the same item: no record
      await db.send(
        new UpdateItemCommand({
          TableName: name,
          Key: { pk: { S: "k" } },
          UpdateExpression: "SET v = :v, n = :n",
          ExpressionAttributeValues: { ":v": { S: "2" }, ":n": { N: "7" } },
        }),
      );
      await db.send(
        new UpdateItemCommand({
          TableName: name,
          Key: { pk: { S: "k" } },
          UpdateExpression: "SET v = :v",
          ExpressionAttributeValues: { ":v": { S: "2" } },
        }),
      ); // sets what it holds: no record
      await db.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "k" } } }));
      await db.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "k" } } })); // nothing to delete: no record
      const records = await readStream(streams, arn);
      const one = { pk: { S: "k" }, v: { S: "1" } };
      const two = { pk: { S: "k" }, v: { S: "2" }, n: { N: "7" } };
      const image = (shown: boolean, item: object) => (shown ? item : undefined);
      expect(records.map(shape)).toEqual([
        { eventName: "INSERT", keys: { pk: { S: "k" } }, newImage: image(news, one), oldImage: undefined },
        { eventName: "MODIFY", keys: { pk: { S: "k" } }, newImage: image(news, two), oldImage: image(olds, one) },
        { eventName: "REMOVE", keys: { pk: { S: "k" } }, newImage: undefined, oldImage: image(olds, two) },
      ]);
      const sequence = records.map((r) => r.dynamodb?.SequenceNumber ?? "");
      expect([...sequence].sort()).toEqual(sequence);
      for (const record of records) {
        expect(record).toMatchObject({ eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1" });
        expect(record.eventID).toMatch(/^[0-9a-f]{32}$/);
        expect(record.dynamodb?.StreamViewType).toBe(view);
        expect(record.dynamodb?.SequenceNumber).toMatch(/^\d{21}$/);
        const at = record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0;
        expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(at).toBeLessThanOrEqual(Date.now());
        expect(record.userIdentity).toBeUndefined();
      }
      // SizeBytes: the keys' size and the images' shown (DynamoDB's item sizes: names and values).
      const keySize = 2 + 1;
      const oneSize = keySize + 1 + 1;
      const twoSize = keySize + 1 + 1 + 1 + 2;
      expect(records.map((r) => r.dynamodb?.SizeBytes)).toEqual([
        keySize + (news ? oneSize : 0),
        keySize + (news ? twoSize : 0) + (olds ? oneSize : 0),
        keySize + (olds ? twoSize : 0),
      ]);
      // Reading again gives the same records, with the same event ids.
      expect((await readStream(streams, arn)).map((r) => r.eventID)).toEqual(records.map((r) => r.eventID));
    },
  );

  test("many writes over every partition are each read back exactly once, in order per key", async () => {
    const name = uniqueTableName("streams-many");
    const arn = await streamedTable(name, "NEW_IMAGE");
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}`);
    for (let round = 1; round <= 3; round++) {
      await Promise.all(keys.map((k) => put(name, k, String(round))));
    }
    const records = await readStream(streams, arn);
    expect(records).toHaveLength(keys.length * 3);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(records.length);
    const byKey = new Map<string, string[]>();
    for (const record of records) {
      const key = record.dynamodb?.Keys?.pk?.S ?? "";
      byKey.set(key, [...(byKey.get(key) ?? []), `${record.eventName}:${record.dynamodb?.NewImage?.v?.S}`]);
    }
    expect(byKey.size).toBe(keys.length);
    for (const key of keys) expect(byKey.get(key)).toEqual(["INSERT:1", "MODIFY:2", "MODIFY:3"]);
    // Several shards hold records: the keys spread over the partitions.
    let shardsWithRecords = 0;
    for (const ShardId of await shardIds(streams, arn)) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      if ((await drain(streams, ShardIterator)).length > 0) shardsWithRecords++;
    }
    expect(shardsWithRecords).toBeGreaterThan(1);
  });

  test("Limit pages a shard, and each page's NextShardIterator reads on from its last record", async () => {
    const name = uniqueTableName("streams-limit");
    const arn = await streamedTable(name, "KEYS_ONLY");
    for (let i = 0; i < 7; i++) await put(name, "same", String(i));
    const all = await readStream(streams, arn);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    for (const ShardId of await shardIds(streams, arn)) {
      let { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      for (;;) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 3 }));
        expect(page.Records?.length ?? 0).toBeLessThanOrEqual(3);
        seen.push(...(page.Records ?? []).map((r) => r.dynamodb?.SequenceNumber ?? ""));
        if (!page.Records?.length) break;
        ShardIterator = page.NextShardIterator;
      }
    }
    expect(seen).toEqual(all.map((r) => r.dynamodb?.SequenceNumber));
  });

  test("iterators: LATEST reads only later writes, AT_ and AFTER_SEQUENCE_NUMBER start at and after a record", async () => {
    const name = uniqueTableName("streams-iterators");
    const arn = await streamedTable(name, "NEW_IMAGE");
    for (let i = 1; i <= 3; i++) await put(name, "k", String(i));
    const records = await readStream(streams, arn);
    expect(records).toHaveLength(3);
    const shardOf = async () => {
      for (const ShardId of await shardIds(streams, arn)) {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
        );
        if ((await drain(streams, ShardIterator)).length > 0) return ShardId;
      }
      throw new Error("no shard holds the key");
    };
    const ShardId = await shardOf();
    const iterator = async (type: "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", SequenceNumber?: string) =>
      (
        await streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: type, SequenceNumber }),
        )
      ).ShardIterator;
    const values = (rs: _Record[]) => rs.map((r) => r.dynamodb?.NewImage?.v?.S);
    const second = records[1].dynamodb!.SequenceNumber!;
    expect(values(await drain(streams, await iterator("AT_SEQUENCE_NUMBER", second)))).toEqual(["2", "3"]);
    expect(values(await drain(streams, await iterator("AFTER_SEQUENCE_NUMBER", second)))).toEqual(["3"]);
    const latest = await iterator("LATEST");
    const empty = await streams.send(new GetRecordsCommand({ ShardIterator: latest }));
    expect(empty.Records).toEqual([]);
    expect(empty.NextShardIterator).toBeDefined();
    await put(name, "k", "4");
    expect(values(await drain(streams, latest))).toEqual(["4"]);
    expect(values(await drain(streams, empty.NextShardIterator))).toEqual(["4"]);
  });

  test("a transaction's writes appear, one record per item it changed", async () => {
    const name = uniqueTableName("streams-tx");
    const arn = await streamedTable(name, "NEW_AND_OLD_IMAGES");
    await put(name, "a", "0");
    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: name, Item: { pk: { S: "a" }, v: { S: "1" } } } },
          { Put: { TableName: name, Item: { pk: { S: "b" }, v: { S: "1" } } } },
          {
            ConditionCheck: {
              TableName: name,
              Key: { pk: { S: "c" } },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    const records = (await readStream(streams, arn)).map(shape);
    expect(records).toHaveLength(3);
    expect(records).toContainEqual({
      eventName: "MODIFY",
      keys: { pk: { S: "a" } },
      newImage: { pk: { S: "a" }, v: { S: "1" } },
      oldImage: { pk: { S: "a" }, v: { S: "0" } },
    });
    expect(records).toContainEqual({
      eventName: "INSERT",
      keys: { pk: { S: "b" } },
      newImage: { pk: { S: "b" }, v: { S: "1" } },
      oldImage: undefined,
    });
  });
});

describe("errors", () => {
  let arn: string;
  let ShardId: string;
  beforeAll(async () => {
    arn = await streamedTable(uniqueTableName("streams-errors"), "KEYS_ONLY");
    [ShardId] = await shardIds(streams, arn);
  });

  test("an iterator that is not one is ValidationException", async () => {
    expect(await failure(streams.send(new GetRecordsCommand({ ShardIterator: "garbage" })))).toEqual({
      name: "ValidationException",
      message: "Invalid ShardIterator",
    });
    expect(
      await failure(streams.send(new GetRecordsCommand({ ShardIterator: `${arn}|001|bm90IGFuIGl0ZXJhdG9y` }))),
    ).toEqual({
      name: "ValidationException",
      message: "Invalid ShardIterator",
    });
  });

  test("an unknown shard, an unknown stream and a malformed ARN", async () => {
    expect(
      await failure(
        streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: "shardId-00000000000000000000-00000000",
            ShardIteratorType: "LATEST",
          }),
        ),
      ),
    ).toEqual({ name: "ResourceNotFoundException", message: "Requested resource not found: Shard does not exist" });
    const unknown = arn.replace(/stream\/.*$/, "stream/2000-01-01T00:00:00.000");
    expect(await failure(streams.send(new DescribeStreamCommand({ StreamArn: unknown })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Stream: ${unknown} not found`,
    });
    expect(
      await failure(
        streams.send(new GetShardIteratorCommand({ StreamArn: unknown, ShardId, ShardIteratorType: "LATEST" })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      await failure(streams.send(new DescribeStreamCommand({ StreamArn: "arn:aws:dynamodb:us-east-1:fake-stream" }))),
    ).toEqual({
      name: "ValidationException",
      message: "Invalid StreamArn",
    });
  });
});

describe("the AWS CLI", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dynaflare-cli-streams-"));
    await writeFile(join(dir, "credentials"), TEST_CREDENTIALS);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cli = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(
      "aws",
      ["dynamodbstreams", ...args, "--endpoint-url", inject("endpoint"), "--output", "json"],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: dir,
          AWS_CONFIG_FILE: join(dir, "config"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
          AWS_DEFAULT_REGION: "us-east-1",
          AWS_PAGER: "",
          AWS_EC2_METADATA_DISABLED: "true",
        },
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout);
  };

  test("list-streams, describe-stream, get-shard-iterator and get-records read a stream", {
    timeout: 120_000,
  }, async () => {
    const name = uniqueTableName("stream-cli");
    const arn = await streamedTable(name, "NEW_AND_OLD_IMAGES");
    await put(name, "cli", "1");
    const listed = await cli("list-streams", "--table-name", name);
    expect(listed.Streams).toEqual([expect.objectContaining({ StreamArn: arn, TableName: name })]);
    const described = await cli("describe-stream", "--stream-arn", arn);
    const records = [];
    for (const shard of described.StreamDescription.Shards) {
      const { ShardIterator } = await cli(
        "get-shard-iterator",
        "--stream-arn",
        arn,
        "--shard-id",
        shard.ShardId,
        "--shard-iterator-type",
        "TRIM_HORIZON",
      );
      records.push(...(await cli("get-records", "--shard-iterator", ShardIterator)).Records);
    }
    expect(records).toEqual([
      expect.objectContaining({
        eventName: "INSERT",
        dynamodb: expect.objectContaining({ NewImage: { pk: { S: "cli" }, v: { S: "1" } } }),
      }),
    ]);
  });
});
