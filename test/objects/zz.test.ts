import { test } from "vitest";
import { createActiveTable, dynamo } from "./helpers";
test("probe", async () => {
  const t = "probe-table";
  await createActiveTable(t);
  const cases: [string, unknown][] = [
    ["GetItem", { TableName: t, Key: { pk: { N: "1" } } }],
    ["GetItem", { TableName: t, Key: { pk: { S: "a" }, x: { S: "b" } } }],
    ["GetItem", { TableName: t, Key: { x: { S: "b" } } }],
    ["GetItem", { TableName: t, Key: {} }],
    ["GetItem", { TableName: t, Key: { pk: { S: "" } } }],
    ["GetItem", { TableName: t, Key: { pk: { S: "x".repeat(2049) } } }],
    ["GetItem", { TableName: t, Key: { pk: { S: "a", N: "1" } } }],
    ["GetItem", { TableName: t, Key: { pk: { NULL: true } } }],
    ["PutItem", { TableName: t, Item: { pk: { N: "1" } } }],
    ["PutItem", { TableName: t, Item: { x: { S: "1" } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" }, big: { S: "x".repeat(400 * 1024) } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" }, n: { N: "1e126" } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" }, n: { NS: ["1", "1"] } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" }, n: { L: [{ L: [{ L: [] }] }] } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "\ud800" } } }],
    ["GetItem", { TableName: t, Key: { pk: { S: "\ud800" } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" } }, ConditionExpression: "size(pk) > :v", ExpressionAttributeValues: { ":v": { S: "x" } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" } }, ConditionExpression: "pk.a[1].b = :v", ExpressionAttributeValues: { ":v": { S: "x" } } }],
    ["PutItem", { TableName: t, Item: { pk: { S: "a" }, m: { M: { a: { L: [{ N: "1" }, { M: { b: { S: "x" } } }] } } } }, ConditionExpression: "m.a[1].b = :v AND contains(m.a, :n)", ExpressionAttributeValues: { ":v": { S: "x" }, ":n": { N: "1" } } }],
  ];
  for (const [op, body] of cases) {
    const r = await dynamo(op, body);
    console.log("PROBE", op, r.status, JSON.stringify(r.body).slice(0, 200));
  }
});
