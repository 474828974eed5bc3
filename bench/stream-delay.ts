/**
 * The stream delay of the streams phase (bench/streams.ts): how long after a PutItem's answer a
 * reader polling the table's stream gets its record.
 *
 * - The reader takes a LATEST iterator on every open shard of the stream (DescribeStream, every
 *   page) before the first write, then calls GetRecords on each shard in turn, reading on with
 *   each answer's NextShardIterator (a shard that closes drops out), without pausing while
 *   records come and with a POLL_PAUSE_MS pause after a pass over the shards that got none. It
 *   notes when it first got each write's record (the record's key names the write).
 * - One writer puts `writes` new ~1 KB items, each on a key of its own (records from `first`,
 *   so the keys spread over the table's partitions and each item is new: an INSERT record), one
 *   at a time, one every `everyMs` (or as soon as the previous write answered, when later), and
 *   notes when each answered.
 * - After the last write the reader goes on until every answered write's record came, or for
 *   SEEN_BOUND_MS at most.
 *
 * Writer and reader run in the bench's process with separate clients and connections, on one
 * clock (performance.now()). The delay includes the time to the next GetRecords of the record's
 * shard: up to one pass over the shards (or one pause) after the record is readable.
 */

import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { itemOf, keyName, PARTITION_KEY } from "./items";
import { seededRandom } from "./random";
import { type LatencySummary, Samples } from "./samples";
import { dueAt, type StreamDelaySample, type StreamDelaySummary, summarizeStreamDelay } from "./stream-figures";

/** One write every WRITE_EVERY_MS: a modest rate, well below what the server takes. */
export const WRITE_EVERY_MS = 15;
/** The reader's pause after a pass over the shards that got no record. */
export const POLL_PAUSE_MS = 5;
/** How long the reader waits, after the last write, for the records still missing. */
export const SEEN_BOUND_MS = 10_000;

export interface StreamDelaySpec {
  client: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  /** The streamed table's DynamoDB name, and its stream's ARN. */
  table: string;
  streamArn: string;
  writes: number;
  everyMs: number;
  /** The first write's record number (each write has the next). */
  first: number;
  seed: number;
}

export interface StreamDelayOutcome extends StreamDelaySummary {
  everyMs: number;
  /** Open shards followed. */
  shards: number;
  /** The paced PutItems' latency (`errors`: failed ones). */
  put: LatencySummary;
  /** The reader's GetRecords calls' latency (`errors`: failed calls). */
  getRecords: LatencySummary;
  /** Passes over the shards, and those that got no record (each followed by a pause). */
  passes: number;
  emptyPasses: number;
  /** Records the reader got in all (the writes' records, and any other write's). */
  records: number;
  firstError?: string;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

interface Shard {
  id: string;
  iterator: string;
}

/** A LATEST iterator on every open shard of the stream `arn`. */
async function latestIterators(streams: DynamoDBStreamsClient, arn: string): Promise<Shard[]> {
  const ids: string[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
    );
    for (const shard of StreamDescription?.Shards ?? [])
      if (shard.ShardId && !shard.SequenceNumberRange?.EndingSequenceNumber) ids.push(shard.ShardId);
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  if (ids.length === 0) throw new Error(`stream ${arn} has no open shard`);
  return Promise.all(
    ids.map(async (id) => {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: "LATEST" }),
      );
      if (!ShardIterator) throw new Error(`no iterator for shard ${id}`);
      return { id, iterator: ShardIterator };
    }),
  );
}

export async function measureStreamDelay(spec: StreamDelaySpec): Promise<StreamDelayOutcome> {
  const samples: StreamDelaySample[] = Array.from({ length: spec.writes }, () => ({ ackedAt: null, seenAt: null }));
  const watched = new Map(samples.map((_, i) => [keyName(spec.first + i), i]));
  const put = new Samples();
  const calls = new Samples();
  let firstError: string | undefined;
  let passes = 0;
  let emptyPasses = 0;
  let records = 0;
  let writerEnd: number | undefined;

  const shards = await latestIterators(spec.streams, spec.streamArn);
  const shardCount = shards.length;
  const done = () =>
    writerEnd !== undefined &&
    (samples.every((s) => s.ackedAt === null || s.seenAt !== null) || performance.now() - writerEnd > SEEN_BOUND_MS);

  const reader = async () => {
    while (!done() && shards.length > 0) {
      let got = 0;
      for (const shard of [...shards]) {
        const t0 = performance.now();
        try {
          const answer = await spec.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator }));
          const now = performance.now();
          calls.add(now - t0);
          for (const record of answer.Records ?? []) {
            got++;
            const key = record.dynamodb?.Keys?.[PARTITION_KEY]?.S;
            const index = key === undefined ? undefined : watched.get(key);
            if (index !== undefined && samples[index].seenAt === null) samples[index].seenAt = now;
          }
          if (answer.NextShardIterator) shard.iterator = answer.NextShardIterator;
          else shards.splice(shards.indexOf(shard), 1);
        } catch (error) {
          calls.errors++;
          firstError ??= `GetRecords: ${describe(error)}`;
        }
      }
      passes++;
      records += got;
      if (got === 0) {
        emptyPasses++;
        await sleep(POLL_PAUSE_MS);
      }
    }
  };

  const writer = async () => {
    const random = seededRandom(spec.seed);
    const start = performance.now();
    for (let i = 0; i < spec.writes; i++) {
      const wait = dueAt(start, i, spec.everyMs) - performance.now();
      if (wait > 0) await sleep(wait);
      const command = new PutItemCommand({ TableName: spec.table, Item: itemOf(spec.first + i, random) });
      const t0 = performance.now();
      try {
        await spec.client.send(command);
        const acked = performance.now();
        samples[i].ackedAt = acked;
        put.add(acked - t0);
      } catch (error) {
        put.errors++;
        firstError ??= `PutItem: ${describe(error)}`;
      }
    }
  };

  const reading = reader();
  try {
    await writer();
  } finally {
    writerEnd = performance.now();
  }
  await reading;
  return {
    ...summarizeStreamDelay(samples),
    everyMs: spec.everyMs,
    shards: shardCount,
    put: put.summary(),
    getRecords: calls.summary(),
    passes,
    emptyPasses,
    records,
    ...(firstError ? { firstError } : {}),
  };
}
