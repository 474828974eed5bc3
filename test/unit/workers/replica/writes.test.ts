import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { type AttributeValueUpdate, updateFromAttributeUpdates } from "../../../../shared/expressions/legacy";
import { parseRequestExpressions } from "../../../../shared/expressions/request";
import type { WriteAction, WriteRequest } from "../../../../workers/replica/protocol";
import { planWrite } from "../../../../workers/replica/writes";

const SCHEMA: KeySchema = { hash: { name: "pk", type: "S" } };
const KEY: Item = { pk: { S: "k" } };
const route = { tableId: "t", mapVersion: 1 };

function request(action: WriteAction, extra: Partial<WriteRequest> = {}): WriteRequest {
  return { route, key: KEY, action, ...extra };
}

function updateAction(text: string, values?: Record<string, AttributeValue>): WriteAction {
  const update = parseRequestExpressions("UpdateItem", {
    UpdateExpression: text,
    ExpressionAttributeValues: values,
  }).update;
  return { kind: "update", update: update! };
}

const condition = (text: string) => parseRequestExpressions("DeleteItem", { ConditionExpression: text }).condition;

function nested(depth: number): AttributeValue {
  let value: AttributeValue = { S: "leaf" };
  for (let i = 0; i < depth; i++) value = { M: { v: value } };
  return value;
}

describe("planWrite", () => {
  it("planWrite: a put writes the item with its size; a delete writes nothing", () => {
    const item = { ...KEY, a: { S: "xyz" } };
    const put: WriteAction = { kind: "put", itemJson: JSON.stringify(item), size: 7 };
    expect(planWrite(undefined, request(put), SCHEMA)).toEqual({
      ok: true,
      nextJson: JSON.stringify(item),
      nextSize: 7,
    });
    expect(planWrite(item, request({ kind: "delete" }), SCHEMA)).toEqual({ ok: true, nextSize: 0 });
  });

  it("planWrite: an update of a missing item starts from the key", () => {
    const plan = planWrite(undefined, request(updateAction("SET a = :v", { ":v": { N: "1" } })), SCHEMA);
    expect(plan).toEqual({ ok: true, next: { ...KEY, a: { N: "1" } }, nextSize: 6 });
  });

  const SS = { ":s": { SS: ["x"] } };
  const legacyAction = (updates: Record<string, AttributeValueUpdate>): WriteAction => ({
    kind: "update",
    update: updateFromAttributeUpdates(updates),
  });

  it.each<[string, WriteAction]>([
    ["REMOVE a", updateAction("REMOVE a")],
    ["DELETE s :s", updateAction("DELETE s :s", SS)],
    ["REMOVE a DELETE s :s", updateAction("REMOVE a DELETE s :s", SS)],
    ["AttributeUpdates DELETE", legacyAction({ a: { Action: "DELETE" } })],
    ["AttributeUpdates DELETE of set elements", legacyAction({ s: { Action: "DELETE", Value: { SS: ["x"] } } })],
  ])("planWrite: an update of a missing item that only removes or deletes (%s) writes nothing", (_case, action) => {
    expect(planWrite(undefined, request(action), SCHEMA)).toEqual({ ok: true, nextSize: 0, writesNothing: true });
  });

  it.each<[string, WriteAction, Item]>([
    ["SET b = :v REMOVE a", updateAction("SET b = :v REMOVE a", { ":v": { N: "1" } }), { ...KEY, b: { N: "1" } }],
    [
      "ADD n :v DELETE s :s",
      updateAction("ADD n :v DELETE s :s", { ":v": { N: "1" }, ...SS }),
      { ...KEY, n: { N: "1" } },
    ],
    ["no action at all", { kind: "update", update: { actions: [], legacy: true } }, KEY],
    [
      "AttributeUpdates PUT and DELETE",
      legacyAction({ a: { Action: "DELETE" }, b: { Value: { N: "1" } } }),
      { ...KEY, b: { N: "1" } },
    ],
  ])("planWrite: an update of a missing item with %s creates it", (_case, action, next) => {
    expect(planWrite(undefined, request(action), SCHEMA)).toMatchObject({ ok: true, next });
  });

  it("planWrite: a remove-only update of an existing item writes it; of a missing one it still checks its paths and condition", () => {
    const old = { ...KEY, a: { S: "x" }, b: { S: "y" } };
    expect(planWrite(old, request(updateAction("REMOVE a")), SCHEMA)).toEqual({
      ok: true,
      next: { ...KEY, b: { S: "y" } },
      nextSize: 5,
    });
    expect(planWrite(undefined, request(updateAction("REMOVE a.b")), SCHEMA)).toEqual({
      ok: false,
      error: {
        type: "ValidationException",
        message: "The document path provided in the update expression is invalid for update",
      },
    });
    const failing = request(updateAction("REMOVE a"), { condition: condition("attribute_exists(pk)") });
    expect(planWrite(undefined, failing, SCHEMA)).toMatchObject({
      ok: false,
      error: { type: "ConditionalCheckFailedException" },
    });
  });

  it("planWrite: a failed condition is a ConditionalCheckFailedException, with the old item only on request", () => {
    const old = { ...KEY, a: { S: "x" } };
    const failing = condition("attribute_not_exists(a)");
    expect(planWrite(old, request({ kind: "delete" }, { condition: failing }), SCHEMA)).toEqual({
      ok: false,
      error: { type: "ConditionalCheckFailedException", message: "The conditional request failed", item: undefined },
    });
    const withOld = planWrite(
      old,
      request({ kind: "delete" }, { condition: failing, returnOldOnConditionFailure: true }),
      SCHEMA,
    );
    expect(withOld).toMatchObject({ ok: false, error: { item: old } });
  });

  it("planWrite: the condition is checked before the update", () => {
    const old = { ...KEY, a: { S: "x" } };
    const plan = planWrite(
      old,
      request(updateAction("SET a = a + :v", { ":v": { N: "1" } }), {
        condition: condition("attribute_not_exists(a)"),
      }),
      SCHEMA,
    );
    expect(plan).toMatchObject({ ok: false, error: { type: "ConditionalCheckFailedException" } });
  });

  it.each([
    ["SET a = a + :v", { ":v": { N: "1" } }, "An operand in the update expression has an incorrect data type"],
    ["SET b = c", undefined, "The provided expression refers to an attribute that does not exist in the item"],
    ["SET c.d = :v", { ":v": { N: "1" } }, "The document path provided in the update expression is invalid for update"],
  ] as [string, Record<string, AttributeValue> | undefined, string][])(
    "planWrite: %s against the stored item is a ValidationException",
    (text, values, message) => {
      const plan = planWrite({ ...KEY, a: { S: "x" } }, request(updateAction(text, values)), SCHEMA);
      expect(plan).toEqual({ ok: false, error: { type: "ValidationException", message } });
    },
  );

  it("planWrite: an update may grow the item to exactly 400 KB but not past it", () => {
    // "pk" + "k" (3) + "big" (3) + the string + "b2" with a 1-byte string (3) = 400 KB.
    const old = { ...KEY, big: { S: "x".repeat(400 * 1024 - 9) } };
    const fits = planWrite(old, request(updateAction("SET b2 = :v", { ":v": { S: "1" } })), SCHEMA);
    expect(fits).toMatchObject({ ok: true, nextSize: 400 * 1024 });
    const over = planWrite(old, request(updateAction("SET b2 = :v", { ":v": { S: "12" } })), SCHEMA);
    expect(over).toEqual({
      ok: false,
      error: { type: "ValidationException", message: "Item size to update has exceeded the maximum allowed size" },
    });
  });

  it("planWrite: an update may nest values 32 levels deep but not deeper", () => {
    const old = { ...KEY, m: nested(20) };
    const path = `m${".v".repeat(10)}`;
    const fits = planWrite(old, request(updateAction(`SET ${path} = :v`, { ":v": nested(21) })), SCHEMA);
    expect(fits).toMatchObject({ ok: true });
    const over = planWrite(old, request(updateAction(`SET ${path} = :v`, { ":v": nested(22) })), SCHEMA);
    expect(over).toEqual({
      ok: false,
      error: { type: "ValidationException", message: "Nesting Levels have exceeded supported limits" },
    });
  });
});
