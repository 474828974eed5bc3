/**
 * Functions a condition does not have, over HTTP through the AWS SDK: an unknown name is an
 * invalid function; if_not_exists and list_append, functions of update expressions, are "not
 * allowed in a condition expression". The same words for ConditionExpression, FilterExpression
 * and KeyConditionExpression, each naming its parameter, and nothing is written.
 * Set DYNAFLARE_COMPARE_ENDPOINT to run the same expectations against DynamoDB Local.
 */

import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, test } from "vitest";
import { createItemTable, failure, itemClient, storedItem } from "../helpers/items";

const db = itemClient();
const VALUES = { ":v": { S: "x" } };
const KEY = { pk: { S: "k" }, sk: { S: "s" } };

let table: string;

beforeAll(async () => {
  table = await createItemTable(db, "cond-fn", "S", "S");
});

const NOT_IN_CONDITION = (name: string) => `The function is not allowed in a condition expression; function: ${name}`;
const CASES: [string, string][] = [
  ["dog(a) = :v", "Invalid function name; function: dog"],
  ["if_not_exists(a, :v) = :v", NOT_IN_CONDITION("if_not_exists")],
  ["list_append(a, :v) = :v", NOT_IN_CONDITION("list_append")],
  ["attribute_exists(if_not_exists(a, :v))", NOT_IN_CONDITION("if_not_exists")],
  ["if_not_exists(a, :v) = :v AND dog(b) = :v", NOT_IN_CONDITION("if_not_exists")],
  ["dog(b) = :v AND if_not_exists(a, :v) = :v", "Invalid function name; function: dog"],
];

describe("condition functions", () => {
  test.each(CASES)(
    "PutItem: ConditionExpression %s is ValidationException and writes nothing",
    async (text, detail) => {
      const put = new PutItemCommand({
        TableName: table,
        Item: KEY,
        ConditionExpression: text,
        ExpressionAttributeValues: VALUES,
      });
      expect(await failure(db.send(put))).toEqual({
        name: "ValidationException",
        message: `Invalid ConditionExpression: ${detail}`,
      });
      expect(await storedItem(db, table, KEY)).toBeUndefined();
    },
  );

  test("UpdateItem and DeleteItem: if_not_exists in the ConditionExpression is not allowed", async () => {
    const message = `Invalid ConditionExpression: ${NOT_IN_CONDITION("if_not_exists")}`;
    const condition = { ConditionExpression: "if_not_exists(a, :v) = :v", ExpressionAttributeValues: VALUES };
    const update = new UpdateItemCommand({ TableName: table, Key: KEY, UpdateExpression: "SET b = :v", ...condition });
    expect(await failure(db.send(update))).toEqual({ name: "ValidationException", message });
    expect(await failure(db.send(new DeleteItemCommand({ TableName: table, Key: KEY, ...condition })))).toEqual({
      name: "ValidationException",
      message,
    });
  });

  test.each(CASES)("Scan: FilterExpression %s is ValidationException", async (text, detail) => {
    const scan = new ScanCommand({ TableName: table, FilterExpression: text, ExpressionAttributeValues: VALUES });
    expect(await failure(db.send(scan))).toEqual({
      name: "ValidationException",
      message: `Invalid FilterExpression: ${detail}`,
    });
  });

  test.each<[string, string]>([
    ["pk = :v AND dog(sk)", "Invalid function name; function: dog"],
    ["pk = :v AND if_not_exists(sk, :v) = :v", NOT_IN_CONDITION("if_not_exists")],
    ["list_append(pk, :v) = :v", NOT_IN_CONDITION("list_append")],
    ["pk = :v AND begins_with(sk, if_not_exists(a, :v))", NOT_IN_CONDITION("if_not_exists")],
  ])("Query: KeyConditionExpression %s is ValidationException", async (text, detail) => {
    const query = new QueryCommand({
      TableName: table,
      KeyConditionExpression: text,
      ExpressionAttributeValues: VALUES,
    });
    expect(await failure(db.send(query))).toEqual({
      name: "ValidationException",
      message: `Invalid KeyConditionExpression: ${detail}`,
    });
  });

  test("Query: FilterExpression if_not_exists is not allowed", async () => {
    const query = new QueryCommand({
      TableName: table,
      KeyConditionExpression: "pk = :v",
      FilterExpression: "if_not_exists(a, :v) = :v",
      ExpressionAttributeValues: VALUES,
    });
    expect(await failure(db.send(query))).toEqual({
      name: "ValidationException",
      message: `Invalid FilterExpression: ${NOT_IN_CONDITION("if_not_exists")}`,
    });
  });
});
