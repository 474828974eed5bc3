import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { BATCH_SIZE, batchLoad, batchRange } from "../../../bench/batch-load";

/** A client whose BatchWriteItem leaves `unprocessed(call)` items of each call unprocessed. */
function fakeClient(unprocessed: (call: number) => number = () => 0) {
  const written: string[] = [];
  let calls = 0;
  const client = {
    send: async (command: BatchWriteItemCommand) => {
      expect(command).toBeInstanceOf(BatchWriteItemCommand);
      const [[table, requests]] = Object.entries(command.input.RequestItems ?? {}) as [string, WriteRequest[]][];
      expect(requests.length).toBeLessThanOrEqual(BATCH_SIZE);
      const left = Math.min(requests.length, unprocessed(++calls));
      for (const request of requests.slice(left)) written.push(request.PutRequest?.Item?.pk?.S as string);
      return { UnprocessedItems: left > 0 ? { [table]: requests.slice(0, left) } : {} };
    },
  };
  return { client: client as unknown as DynamoDBClient, written, calls: () => calls };
}

describe("batchRange", () => {
  test("batches of 25 records, the last one short", () => {
    expect(batchRange(0, 60)).toEqual({ from: 0, to: 25 });
    expect(batchRange(1, 60)).toEqual({ from: 25, to: 50 });
    expect(batchRange(2, 60)).toEqual({ from: 50, to: 60 });
  });
});

describe("batchLoad", () => {
  test("every record written exactly once, by concurrent clients", async () => {
    const fake = fakeClient();
    const outcome = await batchLoad({ client: fake.client, table: "t_load", records: 260, concurrency: 4, seed: 1 });
    expect(fake.written.sort()).toEqual(Array.from({ length: 260 }, (_, i) => `user${i}`).sort());
    expect(fake.calls()).toBe(11);
    expect(outcome.unprocessed).toBe(0);
  });

  test("unprocessed items are sent again until written, and counted", async () => {
    const fake = fakeClient((call) => (call <= 2 ? 5 : 0));
    const outcome = await batchLoad({
      client: fake.client,
      table: "t_load",
      records: 50,
      concurrency: 1,
      seed: 1,
      pauseMs: 0,
    });
    expect(new Set(fake.written).size).toBe(50);
    expect(fake.written).toHaveLength(50);
    expect(outcome.unprocessed).toBe(10);
  });

  test("a batch never fully processed stops the load", async () => {
    const fake = fakeClient(() => 25);
    await expect(
      batchLoad({ client: fake.client, table: "t_load", records: 25, concurrency: 1, seed: 1, pauseMs: 0 }),
    ).rejects.toThrow("25 items of records 0–24 unprocessed after 100 tries");
  });
});
