import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../../shared/api/attribute-value";
import { ResourceNotFoundException } from "../../../../../shared/api/errors";
import type { KeySchema } from "../../../../../shared/api/key-schema";
import { invalidNumberMessage } from "../../../../../shared/api/numbers";
import { MULTIPLE_OPERATIONS } from "../../../../../shared/api/operations/transact-common";
import {
  checkTransactGetKeys,
  validateTransactGetItems,
} from "../../../../../shared/api/operations/transact-get-items";
import { emptyKeyMessage, VALUE_MESSAGES } from "../../../../../shared/api/validate-values";
import { thrown } from "./helpers";

const S = (s: string): AttributeValue => ({ S: s });
const key = (pk: string) => ({ pk: S(pk) });
const get = (k: unknown, more: Record<string, unknown> = {}) => ({ Get: { TableName: "tbl", Key: k, ...more } });
const body = (...items: unknown[]) => ({ TransactItems: items });
const one = (message: string) => `1 validation error detected: ${message}`;
const validate = (request: Record<string, unknown>) => () => validateTransactGetItems(request);
const refusal = (message: string) => ({ type: "ValidationException", message });
const BAD_NAME = (n: number) =>
  `Value 'bad!name' at 'transactItems.${n}.member.get.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`;
const FOUR_MB = 4 * 1024 * 1024;

describe("TransactGetItems validation", () => {
  it.each([
    ["TransactItems as a string", { TransactItems: "x" }, "Unexpected field type"],
    ["an entry as a string", body("x"), "Unexpected value type in payload"],
    [
      "an entry as a list",
      body([]),
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.TransactGetItem",
    ],
    ["a Get as a string", body({ Get: "x" }), "Unexpected field type"],
    ["a Get as a list", body({ Get: [] }), "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.Get"],
    [
      "a ProjectionExpression as a number",
      body(get(key("a"), { ProjectionExpression: 1 })),
      "NUMBER_VALUE cannot be converted to String",
    ],
  ])("TransactGetItems: %s is a SerializationException", (_, request, message) => {
    expect(thrown(validate(request))).toEqual({ type: "SerializationException", message });
  });

  it.each([
    [
      "no TransactItems",
      {},
      one("Value null at 'transactItems' failed to satisfy constraint: Member must not be null"),
    ],
    [
      "an empty TransactItems",
      body(),
      one(
        "Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ],
    [
      "an unknown ReturnConsumedCapacity",
      { ...body(get(key("a"))), ReturnConsumedCapacity: "BOGUS" },
      one(
        "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
      ),
    ],
    [
      "an entry without Get",
      body(get(key("a")), {}),
      one("Value null at 'transactItems.2.member.get' failed to satisfy constraint: Member must not be null"),
    ],
    [
      "a Get with neither TableName nor Key",
      body({ Get: {} }),
      "2 validation errors detected: Value null at 'transactItems.1.member.get.tableName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'transactItems.1.member.get.key' failed to satisfy constraint: Member must not be null",
    ],
    ["a malformed table name", body({ Get: { TableName: "bad!name", Key: key("a") } }), one(BAD_NAME(1))],
    [
      "a malformed table name on the second Get",
      body(get(key("a")), { Get: { TableName: "bad!name", Key: key("a") } }),
      one(BAD_NAME(2)),
    ],
  ])("TransactGetItems: %s fails its constraints", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it("TransactGetItems: 101 gets fail the list's length, 100 pass", () => {
    const gets = (n: number) => Array.from({ length: n }, (_, i) => get(key(`k${i}`)));
    const { message } = thrown(validate(body(...gets(101))));
    expect(message).toMatch(
      /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s,
    );
    expect(validateTransactGetItems(body(...gets(100))).gets).toHaveLength(100);
  });

  it.each([
    [
      "a malformed projection",
      body(get(key("a"), { ProjectionExpression: "!!!" })),
      'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
    ],
    [
      "overlapping projection paths",
      body(get(key("a"), { ProjectionExpression: "a, a" })),
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    ],
    [
      "ExpressionAttributeNames with no projection",
      body(get(key("a"), { ExpressionAttributeNames: { "#a": "b" } })),
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "an unused name",
      body(get(key("a"), { ProjectionExpression: "a", ExpressionAttributeNames: { "#a": "b" } })),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}",
    ],
    ["an invalid number in a key", body(get({ pk: { N: "x" } })), invalidNumberMessage("x")],
    ["an empty attribute value in a key", body(get({ pk: {} })), VALUE_MESSAGES.empty],
    [
      "a Get's projection before its key's values",
      body(get({ pk: { N: "x" } }, { ProjectionExpression: "a," })),
      'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","',
    ],
    [
      "a Get's ExpressionAttributeNames with no projection before its key's values",
      body(get({ pk: { N: "x" } }, { ExpressionAttributeNames: { "#a": "b" } })),
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "an earlier Get's key before a later Get's projection",
      body(get({ pk: { N: "x" } }), get(key("a"), { ProjectionExpression: "a," })),
      invalidNumberMessage("x"),
    ],
  ])("TransactGetItems: rejects %s", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it("TransactGetItems: refuses a payload over 4 MB, counting keys, projections and the names they stand for", () => {
    // Each get: its key (2 + 3 bytes), its projection (6) and two names of 65,000 and 65,001 bytes.
    const name = "n".repeat(65_000);
    const gets = Array.from({ length: 40 }, (_, i) =>
      get(key(`g${String(i).padStart(2, "0")}`), {
        ProjectionExpression: "#a, #b",
        ExpressionAttributeNames: { "#a": name, "#b": `${name}b` },
      }),
    );
    const each = 5 + 6 + 130_001;
    const passing = Math.floor(FOUR_MB / each);
    expect(validateTransactGetItems(body(...gets.slice(0, passing))).gets).toHaveLength(passing);
    expect(thrown(validate(body(...gets)))).toEqual(
      refusal(`Transaction payload size cannot exceed 4MB. Payload Size: ${(passing + 1) * each}`),
    );
  });

  it("TransactGetItems: gives one get per entry, in request order, keys canonical, projections parsed", () => {
    const { input, gets } = validateTransactGetItems({
      ...body(
        get(
          { pk: S("a"), sk: { N: "1.50" } },
          { ProjectionExpression: "#v, m.x[1]", ExpressionAttributeNames: { "#v": "v" } },
        ),
        { Get: { TableName: "other", Key: key("b"), ExpressionAttributeValues: { ":v": S("x") } } },
      ),
      ReturnConsumedCapacity: "TOTAL",
    });
    expect(input.ReturnConsumedCapacity).toBe("TOTAL");
    expect(input.TransactItems[1]).toEqual({ Get: { TableName: "other", Key: key("b") } });
    expect(gets).toEqual([
      { tableName: "tbl", key: { pk: S("a"), sk: { N: "1.5" } }, projection: [["v"], ["m", "x", 1]] },
      { tableName: "other", key: key("b") },
    ]);
  });
});

const SCHEMAS: Record<string, KeySchema> = {
  tbl: { hash: { name: "pk", type: "S" } },
  two: { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } },
};

function tableOf(name: string): { schema: KeySchema } {
  const schema = SCHEMAS[name];
  if (!schema) throw new ResourceNotFoundException();
  return { schema };
}

const keysOf = (...items: unknown[]) => checkTransactGetKeys(validateTransactGetItems(body(...items)), tableOf);
const onTwo = (k: unknown, more: Record<string, unknown> = {}) => ({ Get: { TableName: "two", Key: k, ...more } });
const two = (pk: string, sk: string) => ({ pk: S(pk), sk: { N: sk } });

describe("TransactGetItems: checkTransactGetKeys", () => {
  it("TransactGetItems: returns each get's key, partition key first", () => {
    const keys = keysOf(onTwo({ sk: { N: "2" }, pk: S("a") }), get(key("a")));
    expect(keys).toEqual([
      { ok: true, key: two("a", "2") },
      { ok: true, key: key("a") },
    ]);
    expect(Object.keys((keys[0] as { key: object }).key)).toEqual(["pk", "sk"]);
  });

  it.each([
    ["an empty Key", get({})],
    ["a wrong-typed key", get({ pk: { N: "1" } })],
    ["a non-scalar key", get({ pk: { L: [S("x")] } })],
    ["a key missing its sort key", onTwo(key("a"))],
    ["a key with an attribute too many", get({ pk: S("a"), x: S("b") })],
  ])("TransactGetItems: %s cancels the transaction with a ValidationError reason", (_, item) => {
    expect(keysOf(item)).toEqual([{ ok: false, validationError: VALUE_MESSAGES.keyMismatch }]);
  });

  it.each([
    ["an empty string key", [get(key(""))], emptyKeyMessage("pk", "S")],
    [
      "a projection inside a key attribute",
      [get(key("a"), { ProjectionExpression: "pk.x" })],
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    ],
    ["two gets of one item", [get(key("a")), get(key("a"), { ProjectionExpression: "v" })], MULTIPLE_OPERATIONS],
    [
      "two gets of one item, numbers written differently",
      [onTwo(two("a", "1")), onTwo(two("a", "1.0"))],
      MULTIPLE_OPERATIONS,
    ],
    [
      "a later empty key after an earlier cancellation",
      [get({ pk: { N: "1" } }), get(key(""))],
      emptyKeyMessage("pk", "S"),
    ],
  ])("TransactGetItems: refuses %s", (_, items, message) => {
    expect(thrown(() => keysOf(...items))).toEqual(refusal(message));
  });

  it("TransactGetItems: a get that cancels takes no part in the duplicate check; other tables hold other items", () => {
    expect(keysOf(get({ pk: { N: "1" } }), get({ pk: { N: "1" } })).map((k) => k.ok)).toEqual([false, false]);
    expect(keysOf(get(key("a")), onTwo(two("a", "1"))).map((k) => k.ok)).toEqual([true, true]);
  });

  it("TransactGetItems: looks tables up get by get, in request order", () => {
    expect(thrown(() => keysOf(get(key("a")), get(key("a")), { Get: { TableName: "nope", Key: key("a") } }))).toEqual(
      refusal(MULTIPLE_OPERATIONS),
    );
    expect(thrown(() => keysOf({ Get: { TableName: "nope", Key: key("a") } }, get(key("a"))))).toEqual({
      type: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });
});
