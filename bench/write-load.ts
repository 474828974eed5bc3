/**
 * A background write load through the SDK: `writers` closed-loop PutItem clients sharing one
 * client, each putting a random one of `keys` records (fresh field values each time) into `table`
 * until `done()`; a failed put waits `pauseMs` before the next. At exit: how many succeeded and
 * how many failed.
 */
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { itemOf } from "./items";
import { type Random, randomInt } from "./random";

export interface WriteLoad {
  table: string;
  writers: number;
  keys: number;
  random: Random;
  done: () => boolean;
  pauseMs: number;
}

export async function writeLoad(client: DynamoDBClient, load: WriteLoad): Promise<{ ok: number; failed: number }> {
  const writes = { ok: 0, failed: 0 };
  const loop = async () => {
    while (!load.done()) {
      try {
        const item = itemOf(randomInt(load.random, load.keys), load.random);
        await client.send(new PutItemCommand({ TableName: load.table, Item: item }));
        writes.ok++;
      } catch {
        writes.failed++;
        await new Promise((resolve) => setTimeout(resolve, load.pauseMs));
      }
    }
  };
  await Promise.all(Array.from({ length: load.writers }, loop));
  return writes;
}
