/**
 * The tables and writes of the streams phase (bench/streams.ts): two tables of the bench's key
 * schema that differ only in their stream (none, or NEW_AND_OLD_IMAGES), created and loaded the
 * same way, and the closed-loop PutItem run the throughput rounds take on each.
 *
 * A run is the transactions phase's PutItem baseline (bench/transaction-loop.ts) aimed at a table
 * of its own: `concurrency` clients sharing one SDK client, each sending its next PutItem of a
 * ~1 KB item as soon as the previous one answers, a request built before its clock starts. The
 * keys are the records loaded first, drawn at random, and every item has fresh field values: each
 * write replaces a stored item with a different one, so on the streamed table each makes a MODIFY
 * record carrying both images (about 2 KB), the costliest record a PutItem makes.
 */

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { CREATE_TABLE_INPUT, itemOf } from "./items";
import { randomInt, seededRandom } from "./random";
import { type LatencySummary, Samples } from "./samples";

const ACTIVE_BOUND_MS = 60_000;

/** A table of the phase: its name in results, its DynamoDB name, its stream, how the report names it. */
export interface StreamTable {
  table: string;
  name: string;
  /** The StreamViewType of its stream; none when it has no stream. */
  viewType?: "NEW_AND_OLD_IMAGES";
  label: string;
  short: string;
  /** The goals are checked on it (and the stream delay taken on it). */
  goal?: boolean;
}

/** The tables, the baseline (no stream) first. */
export const STREAM_TABLES: readonly StreamTable[] = [
  { table: "none", name: "usertable_stream_none", label: "no stream", short: "no stream" },
  {
    table: "new-and-old",
    name: "usertable_stream_new_and_old",
    viewType: "NEW_AND_OLD_IMAGES",
    label: "stream, `NEW_AND_OLD_IMAGES`",
    short: "stream",
    goal: true,
  },
];

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Creates `table` with the bench's key schema and its stream; its stream's ARN once ACTIVE (none without a stream). */
export async function createStreamTable(client: DynamoDBClient, table: StreamTable): Promise<string | undefined> {
  await client.send(
    new CreateTableCommand({
      ...CREATE_TABLE_INPUT,
      TableName: table.name,
      ...(table.viewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.viewType } } : {}),
    }),
  );
  const deadline = performance.now() + ACTIVE_BOUND_MS;
  while (performance.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    if (Table?.TableStatus === "ACTIVE") {
      if (table.viewType && !Table.LatestStreamArn)
        throw new Error(`table ${table.name} is ACTIVE with no LatestStreamArn`);
      return Table.LatestStreamArn;
    }
    await sleep(100);
  }
  throw new Error(`table ${table.name} not ACTIVE within ${ACTIVE_BOUND_MS / 1000} s`);
}

/** Puts records 0 … keys-1 into `table` once each, `concurrency` at a time (unmeasured). */
export async function loadStreamTable(
  client: DynamoDBClient,
  table: string,
  keys: number,
  concurrency: number,
  seed: number,
): Promise<void> {
  let next = 0;
  const loader = async (index: number) => {
    const random = seededRandom(seed * 1_000 + index);
    for (let record = next++; record < keys; record = next++)
      await client.send(new PutItemCommand({ TableName: table, Item: itemOf(record, random) }));
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loader(i)));
}

export interface PutLoopSpec {
  client: DynamoDBClient;
  /** The table's DynamoDB name. */
  table: string;
  concurrency: number;
  seconds: number;
  seed: number;
  /** Records loaded (0 … keys-1): the keys written. */
  keys: number;
}

export interface PutLoopOutcome {
  seconds: number;
  /** Successful writes (`count`), their latency, and failures (`errors`). */
  latency: LatencySummary;
  /** Successful writes per second. */
  opsPerSecond: number;
  firstError?: string;
}

export async function runPutLoop(spec: PutLoopSpec): Promise<PutLoopOutcome> {
  const samples = new Samples();
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const clientLoop = async (index: number) => {
    const random = seededRandom(spec.seed * 1_000 + index);
    while (performance.now() < deadline) {
      const command = new PutItemCommand({ TableName: spec.table, Item: itemOf(randomInt(random, spec.keys), random) });
      const t0 = performance.now();
      try {
        await spec.client.send(command);
        samples.add(performance.now() - t0);
      } catch (error) {
        samples.errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => clientLoop(i)));
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    latency: samples.summary(),
    opsPerSecond: samples.count / seconds,
    ...(firstError ? { firstError } : {}),
  };
}
