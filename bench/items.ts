/**
 * The YCSB table and records in DynamoDB's shape: table `usertable`, partition key `pk` (S),
 * records `user<n>` with ten 100-byte string fields (`field0`..`field9`), about 1 KB each.
 */

import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type Random, randomInt, randomText } from "./random";

export const TABLE_NAME = "usertable";
/** The floor (bench/floor) knows only this partition key name. */
export const PARTITION_KEY = "pk";
export const FIELD_COUNT = 10;
export const FIELD_LENGTH = 100;

export type DynamoItem = Record<string, AttributeValue>;

export function keyName(record: number): string {
  return `user${record}`;
}

export function keyOf(record: number): DynamoItem {
  return { [PARTITION_KEY]: { S: keyName(record) } };
}

export function itemOf(record: number, random: Random): DynamoItem {
  const item: DynamoItem = keyOf(record);
  for (let i = 0; i < FIELD_COUNT; i++) item[`field${i}`] = { S: randomText(random, FIELD_LENGTH) };
  return item;
}

/** A random field name, as YCSB's update picks one field to write. */
export function randomField(random: Random): string {
  return `field${randomInt(random, FIELD_COUNT)}`;
}

export const CREATE_TABLE_INPUT = {
  TableName: TABLE_NAME,
  AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: "S" as const }],
  KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: "HASH" as const }],
  BillingMode: "PAY_PER_REQUEST" as const,
};
