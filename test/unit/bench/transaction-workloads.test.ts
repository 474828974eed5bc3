import {
  PutItemCommand,
  TransactGetItemsCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FIELD_COUNT, FIELD_LENGTH, TABLE_NAME } from "../../../bench/items";
import { seededRandom } from "../../../bench/random";
import {
  commandOf,
  distinctKeys,
  TRANSACTION_WORKLOADS,
  type TransactionWorkload,
  WRITE_KEYS,
} from "../../../bench/transaction-workloads";

const workload = (name: string) => TRANSACTION_WORKLOADS.find((w) => w.name === name) as TransactionWorkload;
const record = (pk: string | undefined) => Number(pk?.replace(/^user/, ""));

describe("TRANSACTION_WORKLOADS", () => {
  test("PutItem first (the baseline), then TransactWriteItems of 2, 10 and 100, and TransactGetItems of 10", () => {
    expect(TRANSACTION_WORKLOADS.map((w) => [w.name, w.operation, w.items])).toEqual([
      ["put", "PutItem", 1],
      ["write-2", "TransactWriteItems", 2],
      ["write-10", "TransactWriteItems", 10],
      ["write-100", "TransactWriteItems", 100],
      ["get-10", "TransactGetItems", 10],
    ]);
  });

  test("issue 17's goal is checked on the 2-action TransactWriteItems alone", () => {
    expect(TRANSACTION_WORKLOADS.filter((w) => w.goal).map((w) => w.name)).toEqual(["write-2"]);
  });
});

describe("distinctKeys", () => {
  test("count distinct keys in [0, space), the same for the same seed", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 500 }),
        (seed, n, space) => {
          const keys = distinctKeys(seededRandom(seed), n, space);
          expect(keys).toHaveLength(Math.min(n, space));
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.every((k) => Number.isInteger(k) && k >= 0 && k < space)).toBe(true);
          expect(distinctKeys(seededRandom(seed), n, space)).toEqual(keys);
        },
      ),
    );
  });

  test("asked for more than the space holds: every key once", () => {
    expect(distinctKeys(seededRandom(1), 10, 4).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe("commandOf", () => {
  test("PutItem: one ~1 KB item (ten 100-byte fields) on a key of the write key space", () => {
    const command = commandOf(workload("put"), seededRandom(3), 100);
    expect(command).toBeInstanceOf(PutItemCommand);
    const { TableName, Item } = (command as PutItemCommand).input;
    expect(TableName).toBe(TABLE_NAME);
    expect(Object.keys(Item ?? {})).toHaveLength(FIELD_COUNT + 1);
    expect(Item?.field0?.S).toHaveLength(FIELD_LENGTH);
    expect(record(Item?.pk?.S)).toBeLessThan(WRITE_KEYS);
  });

  test.each([2, 10, 100])(
    "TransactWriteItems of %i: as many actions, on distinct keys, Puts of whole items and Updates of one field in turn",
    (items) => {
      const command = commandOf(workload(`write-${items}`), seededRandom(items), 100);
      expect(command).toBeInstanceOf(TransactWriteItemsCommand);
      const actions = (command as TransactWriteItemsCommand).input.TransactItems as TransactWriteItem[];
      expect(actions).toHaveLength(items);
      const keys = actions.map((a) => record(a.Put?.Item?.pk?.S ?? a.Update?.Key?.pk?.S));
      expect(new Set(keys).size).toBe(items);
      expect(keys.every((k) => k >= 0 && k < WRITE_KEYS)).toBe(true);
      expect(actions.filter((a) => a.Put)).toHaveLength(items / 2);
      const put = actions[0].Put;
      expect(put?.TableName).toBe(TABLE_NAME);
      expect(Object.keys(put?.Item ?? {})).toHaveLength(FIELD_COUNT + 1);
      const update = actions[1].Update;
      expect(update?.TableName).toBe(TABLE_NAME);
      expect(update?.UpdateExpression).toBe("SET #f = :v");
      expect(update?.ExpressionAttributeNames?.["#f"]).toMatch(/^field\d$/);
      expect(update?.ExpressionAttributeValues?.[":v"]?.S).toHaveLength(FIELD_LENGTH);
    },
  );

  test("TransactGetItems of 10: Gets of distinct records among those loaded", () => {
    const command = commandOf(workload("get-10"), seededRandom(5), 30);
    expect(command).toBeInstanceOf(TransactGetItemsCommand);
    const gets = (command as TransactGetItemsCommand).input.TransactItems ?? [];
    expect(gets).toHaveLength(10);
    const keys = gets.map((g) => record(g.Get?.Key?.pk?.S));
    expect(new Set(keys).size).toBe(10);
    expect(keys.every((k) => k >= 0 && k < 30)).toBe(true);
    expect(gets.every((g) => g.Get?.TableName === TABLE_NAME)).toBe(true);
  });

  test("the same seed gives the same request", () => {
    const a = commandOf(workload("write-10"), seededRandom(9), 100) as TransactWriteItemsCommand;
    const b = commandOf(workload("write-10"), seededRandom(9), 100) as TransactWriteItemsCommand;
    expect(a.input).toEqual(b.input);
  });
});
