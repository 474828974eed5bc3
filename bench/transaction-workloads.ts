/**
 * The workloads of the transactions phase (bench/transactions.ts), as data: PutItem of one
 * ~1 KB item (the baseline), TransactWriteItems of 2, 10 and 100 actions, and TransactGetItems
 * of 10 Gets, each with the SDK command one of its requests sends.
 *
 * A transaction's actions are on distinct keys (DynamoDB refuses two actions on one item),
 * drawn at random: the writes' from a key space large enough that two concurrent transactions
 * rarely share a key (a shared key cancels one of them with TransactionConflict), the reads'
 * from the records loaded before the rounds, so each Get returns an item of ~1 KB. Half of a
 * write's actions are Puts of a whole ~1 KB item, half Updates of one 100-byte field. The SDK
 * gives every TransactWriteItems a ClientRequestToken of its own (an idempotency token), as a
 * user's requests have.
 */

import {
  PutItemCommand,
  TransactGetItemsCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { FIELD_LENGTH, itemOf, keyOf, randomField, TABLE_NAME } from "./items";
import { type Random, randomInt, randomText } from "./random";

/** Keys the writes (PutItem's and the transactions') are drawn from. */
export const WRITE_KEYS = 1_000_000;

export type TransactionOperation = "PutItem" | "TransactWriteItems" | "TransactGetItems";

export interface TransactionWorkload {
  /** Short name, in results and logs. */
  name: string;
  operation: TransactionOperation;
  /** Items one request writes or reads (its actions). */
  items: number;
  /** How the report names it, in full and in a column's header. */
  label: string;
  short: string;
  /** Issue 17's goal is checked on its p50 over the baseline's (PutItem's). */
  goal?: boolean;
}

/** Every workload, the baseline (PutItem) first. */
export const TRANSACTION_WORKLOADS: readonly TransactionWorkload[] = [
  { name: "put", operation: "PutItem", items: 1, label: "PutItem (~1 KB item)", short: "PutItem" },
  {
    name: "write-2",
    operation: "TransactWriteItems",
    items: 2,
    label: "TransactWriteItems, 2 actions",
    short: "write 2",
    goal: true,
  },
  {
    name: "write-10",
    operation: "TransactWriteItems",
    items: 10,
    label: "TransactWriteItems, 10 actions",
    short: "write 10",
  },
  {
    name: "write-100",
    operation: "TransactWriteItems",
    items: 100,
    label: "TransactWriteItems, 100 actions",
    short: "write 100",
  },
  { name: "get-10", operation: "TransactGetItems", items: 10, label: "TransactGetItems, 10 Gets", short: "get 10" },
];

/** `count` distinct integers in [0, space), in the order drawn; all of them when count ≥ space. */
export function distinctKeys(random: Random, count: number, space: number): number[] {
  const wanted = Math.min(count, space);
  const keys = new Set<number>();
  while (keys.size < wanted) keys.add(randomInt(random, space));
  return [...keys];
}

/** Action `index` of a write on `record`: Puts at even indexes, Updates of one field at odd ones. */
function writeAction(record: number, index: number, random: Random): TransactWriteItem {
  if (index % 2 === 0) return { Put: { TableName: TABLE_NAME, Item: itemOf(record, random) } };
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: keyOf(record),
      UpdateExpression: "SET #f = :v",
      ExpressionAttributeNames: { "#f": randomField(random) },
      ExpressionAttributeValues: { ":v": { S: randomText(random, FIELD_LENGTH) } },
    },
  };
}

export type TransactionCommand = PutItemCommand | TransactWriteItemsCommand | TransactGetItemsCommand;

/** A request of `workload`: writes on keys of WRITE_KEYS, reads on the `records` loaded. */
export function commandOf(workload: TransactionWorkload, random: Random, records: number): TransactionCommand {
  switch (workload.operation) {
    case "PutItem":
      return new PutItemCommand({ TableName: TABLE_NAME, Item: itemOf(randomInt(random, WRITE_KEYS), random) });
    case "TransactWriteItems":
      return new TransactWriteItemsCommand({
        TransactItems: distinctKeys(random, workload.items, WRITE_KEYS).map((record, i) =>
          writeAction(record, i, random),
        ),
      });
    case "TransactGetItems":
      return new TransactGetItemsCommand({
        TransactItems: distinctKeys(random, workload.items, records).map((record) => ({
          Get: { TableName: TABLE_NAME, Key: keyOf(record) },
        })),
      });
  }
}
