/**
 * The latency measurement: YCSB-style closed-loop clients over the SDK. Each of `concurrency`
 * clients sends its next request as soon as the previous one answers, for `seconds` (or, in
 * the load phase, until every record is inserted once), and records each operation's latency.
 *
 * On a target that serves only PutItem and GetItem (`putGetOnly`, the floor), `update` is a
 * PutItem of a whole new item instead of an UpdateItem of one field.
 */

import { type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { FIELD_LENGTH, itemOf, keyOf, randomField, TABLE_NAME } from "./items";
import { type Random, randomText, seededRandom } from "./random";
import { type LatencySummary, Samples } from "./samples";
import { type OpName, pickOp, type Workload } from "./workloads";
import type { KeyChooser } from "./zipfian";

export interface PhaseSpec {
  client: DynamoDBClient;
  workload: Workload;
  /** Unused by the load phase, which inserts records 0..records-1 in order. */
  chooser: KeyChooser;
  records: number;
  concurrency: number;
  seconds: number;
  seed: number;
  putGetOnly: boolean;
}

export interface PhaseOutcome {
  seconds: number;
  /** Successful operations per second, all kinds together. */
  opsPerSecond: number;
  ops: Partial<Record<OpName, LatencySummary>>;
  firstError?: string;
}

export async function runPhase(spec: PhaseSpec): Promise<PhaseOutcome> {
  const samples = new Map<OpName, Samples>(spec.workload.mix.map(([op]) => [op, new Samples()]));
  const operations = operationsFor(spec);
  const loading = spec.workload.name === "load";
  let nextRecord = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;

  const clientLoop = async (index: number) => {
    const random = seededRandom(spec.seed * 1_000 + index);
    for (;;) {
      let op: OpName;
      let record: number;
      if (loading) {
        if (nextRecord >= spec.records) return;
        op = "insert";
        record = nextRecord++;
      } else {
        if (performance.now() >= deadline) return;
        op = pickOp(spec.workload, random);
        record = spec.chooser(random);
      }
      const recorder = samples.get(op) as Samples;
      const t0 = performance.now();
      try {
        await operations[op](record, random);
        recorder.add(performance.now() - t0);
      } catch (error) {
        recorder.errors++;
        firstError ??= `${op}: ${(error as Error).name}: ${(error as Error).message}`;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => clientLoop(i)));

  const seconds = (performance.now() - started) / 1000;
  const ops: Partial<Record<OpName, LatencySummary>> = {};
  let total = 0;
  for (const [op, recorded] of samples) {
    ops[op] = recorded.summary();
    total += recorded.count;
  }
  return { seconds, opsPerSecond: total / seconds, ops, firstError };
}

type Operation = (record: number, random: Random) => Promise<unknown>;

function operationsFor(spec: PhaseSpec): Record<OpName, Operation> {
  const { client, putGetOnly } = spec;
  const put: Operation = (record, random) =>
    client.send(new PutItemCommand({ TableName: TABLE_NAME, Item: itemOf(record, random) }));
  const read: Operation = (record) => client.send(new GetItemCommand({ TableName: TABLE_NAME, Key: keyOf(record) }));
  const updateField: Operation = (record, random) =>
    client.send(
      new UpdateItemCommand({
        TableName: TABLE_NAME,
        Key: keyOf(record),
        UpdateExpression: "SET #f = :v",
        ExpressionAttributeNames: { "#f": randomField(random) },
        ExpressionAttributeValues: { ":v": { S: randomText(random, FIELD_LENGTH) } },
      }),
    );
  const update = putGetOnly ? put : updateField;
  return {
    insert: put,
    read,
    update,
    rmw: async (record, random) => {
      await read(record, random);
      await update(record, random);
    },
  };
}
