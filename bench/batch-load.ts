/**
 * A fast load through the SDK: records 0 … records-1 of the bench's ~1 KB items put into a table
 * once each, BATCH_SIZE at a time with BatchWriteItem by `concurrency` closed-loop clients sharing
 * one SDK client. A batch's unprocessed items (throttled: the table's on-demand peak, a
 * partition's limit) are sent again after UNPROCESSED_PAUSE_MS; any error stops the load.
 *
 * At exit: every record was acknowledged; the seconds it took and the items sent again.
 *
 * BatchWriteItem, not PutItem: the router takes one request for 25 items and writes them to their
 * partitions concurrently, so a 2-core machine loads tens of thousands of items in seconds where
 * closed-loop PutItems would take minutes.
 */

import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { itemOf } from "./items";
import { seededRandom } from "./random";

/** DynamoDB's most items in one BatchWriteItem. */
export const BATCH_SIZE = 25;
const UNPROCESSED_PAUSE_MS = 20;
/** How often one batch's unprocessed items may be sent again before the load gives up. */
const ATTEMPTS = 100;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The records of batch `index` (from 0) of a load of `records`: [from, to). */
export function batchRange(index: number, records: number, size = BATCH_SIZE): { from: number; to: number } {
  const from = index * size;
  return { from, to: Math.min(records, from + size) };
}

export interface BatchLoadSpec {
  client: DynamoDBClient;
  table: string;
  records: number;
  concurrency: number;
  seed: number;
  /** The pause before unprocessed items are sent again (UNPROCESSED_PAUSE_MS by default). */
  pauseMs?: number;
}

export async function batchLoad(spec: BatchLoadSpec): Promise<{ seconds: number; unprocessed: number }> {
  const started = performance.now();
  let next = 0;
  let unprocessed = 0;
  const loader = async (index: number) => {
    const random = seededRandom(spec.seed * 1_000 + index);
    for (let batch = next++; batch * BATCH_SIZE < spec.records; batch = next++) {
      const { from, to } = batchRange(batch, spec.records);
      let requests: WriteRequest[] = [];
      for (let record = from; record < to; record++) requests.push({ PutRequest: { Item: itemOf(record, random) } });
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > ATTEMPTS)
          throw new Error(`${requests.length} items of records ${from}–${to - 1} unprocessed after ${ATTEMPTS} tries`);
        const { UnprocessedItems } = await spec.client.send(
          new BatchWriteItemCommand({ RequestItems: { [spec.table]: requests } }),
        );
        requests = UnprocessedItems?.[spec.table] ?? [];
        if (requests.length > 0) {
          unprocessed += requests.length;
          await sleep(spec.pauseMs ?? UNPROCESSED_PAUSE_MS);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => loader(i)));
  return { seconds: (performance.now() - started) / 1000, unprocessed };
}
