/**
 * Streams on a server of the test's own, whose records are kept 2 s (STREAM_RETENTION_MS) and
 * whose leaders sweep Time to Live every 200 ms: records trimmed past the retention (and the
 * iterators that pointed at them), Time to Live's deletes with the service's identity, and a
 * global table's writes in each region's stream.
 */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { addRegion, until } from "../helpers/global-tables";
import { failure } from "../helpers/items";
import { streamedTable as createStreamedTable, readStream, shardIds, streamsClient } from "../helpers/streams";

const RETENTION_MS = 2000;

let running: AdminServer;
let db: DynamoDBClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  running = await startAdminServer({ STREAM_RETENTION_MS: String(RETENTION_MS), TTL_SWEEP_MS: "200" });
  db = running.sdk();
  streams = streamsClient(running.server.url);
}, 60_000);

afterAll(() => running?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A table with a NEW_AND_OLD_IMAGES stream in `client`'s region. At exit: its stream's ARN. */
const streamedTable = (client: DynamoDBClient, name: string) => createStreamedTable(client, name, "NEW_AND_OLD_IMAGES");

const put = (client: DynamoDBClient, TableName: string, pk: string, v: string) =>
  client.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, v: { S: v } } }));

/** The shard that holds `record`. */
async function shardWith(arn: string, record: _Record): Promise<string> {
  for (const ShardId of await shardIds(streams, arn)) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
    if (page.Records?.some((r) => r.eventID === record.eventID)) return ShardId;
  }
  throw new Error("no shard holds the record");
}

describe("retention", () => {
  test("records older than the retention are trimmed, and iterators pointing at them are TrimmedDataAccessException", async () => {
    const name = uniqueTableName("stream-trim");
    const arn = await streamedTable(db, name);
    await put(db, name, "k", "old");
    const [old] = await readStream(streams, arn);
    const ShardId = await shardWith(arn, old);
    const { ShardIterator: horizon } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    await sleep(RETENTION_MS + 500);
    await put(db, name, "k", "new");
    const trimmed = {
      name: "TrimmedDataAccessException",
      message: "The data you are trying to access has been trimmed",
    };
    await until(
      "the old record is trimmed",
      () => failure(streams.send(new GetRecordsCommand({ ShardIterator: horizon }))).catch(() => undefined),
      (f) => f?.name === trimmed.name,
      10_000,
    );
    expect(await failure(streams.send(new GetRecordsCommand({ ShardIterator: horizon })))).toEqual(trimmed);
    expect(
      await failure(
        streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId,
            ShardIteratorType: "AT_SEQUENCE_NUMBER",
            SequenceNumber: old.dynamodb?.SequenceNumber,
          }),
        ),
      ),
    ).toEqual(trimmed);
    const left = await readStream(streams, arn);
    expect(left.map((r) => [r.eventName, r.dynamodb?.NewImage?.v?.S])).toEqual([["MODIFY", "new"]]);
  });

  test("a disabled stream is forgotten once the retention has passed", async () => {
    const name = uniqueTableName("stream-forgotten");
    const arn = await streamedTable(db, name);
    await db.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    expect((await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.StreamStatus).toBe(
      "DISABLED",
    );
    await sleep(RETENTION_MS + 200);
    expect(await failure(streams.send(new DescribeStreamCommand({ StreamArn: arn })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Stream: ${arn} not found`,
    });
  });
});

describe("sources of records", () => {
  test("Time to Live's deletes are REMOVE records with the service's identity", async () => {
    const name = uniqueTableName("stream-ttl");
    const arn = await streamedTable(db, name);
    const past = String(Math.floor(Date.now() / 1000) - 60);
    await db.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "gone" }, expires: { N: past } } }));
    await db.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" },
      }),
    );
    // The records are kept 2 s here: the INSERT may be trimmed before the sweeper comes.
    const records = await until(
      "the expiry is in the stream",
      () => readStream(streams, arn),
      (rs) => rs.some((r) => r.eventName === "REMOVE"),
      15_000,
    );
    const removed = records.filter((r) => r.eventName === "REMOVE");
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({
      userIdentity: { Type: "Service", PrincipalId: "dynamodb.amazonaws.com" },
      dynamodb: { Keys: { pk: { S: "gone" } }, OldImage: { pk: { S: "gone" }, expires: { N: past } } },
    });
    for (const record of records.filter((r) => r.eventName === "INSERT")) expect(record.userIdentity).toBeUndefined();
  });

  test("a global table's writes appear in each region's stream, its own and the other region's", async () => {
    const name = uniqueTableName("stream-global");
    const east = db;
    const west = running.sdkIn("eu-west-1");
    const eastArn = await streamedTable(east, name);
    await addRegion(east, name, "eu-west-1");
    const westTable = await until(
      "the copy has its stream",
      () => west.send(new DescribeTableCommand({ TableName: name })),
      (d) => d.Table?.LatestStreamArn !== undefined,
    );
    const westArn = westTable.Table!.LatestStreamArn!;
    expect(westArn).toContain(":eu-west-1:");
    expect(westTable.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    const westStreams = streamsClient(running.server.url, "eu-west-1");
    await put(east, name, "from-east", "1");
    await put(west, name, "from-west", "1");
    const keys = (rs: _Record[]) => rs.map((r) => r.dynamodb?.Keys?.pk?.S).sort();
    for (const [client, arn] of [
      [streams, eastArn],
      [westStreams, westArn],
    ] as const) {
      const records = await until(
        `both writes are in ${arn}`,
        () => readStream(client, arn),
        (rs) => keys(rs).join() === "from-east,from-west",
      );
      expect(records.map((r) => [r.eventName, r.awsRegion])).toEqual([
        ["INSERT", arn.split(":")[3]],
        ["INSERT", arn.split(":")[3]],
      ]);
    }
  });
});
