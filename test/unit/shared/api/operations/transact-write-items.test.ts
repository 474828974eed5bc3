import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../../shared/api/attribute-value";
import { ResourceNotFoundException } from "../../../../../shared/api/errors";
import { invalidNumberMessage, NUMBER_MESSAGES } from "../../../../../shared/api/numbers";
import { MULTIPLE_OPERATIONS } from "../../../../../shared/api/operations/transact-common";
import {
  checkTransactWriteKeys,
  type TransactTable,
  validateTransactWriteItems,
} from "../../../../../shared/api/operations/transact-write-items";
import {
  emptyKeyMessage,
  keyTypeMismatchMessage,
  missingKeyMessage,
  VALUE_MESSAGES,
} from "../../../../../shared/api/validate-values";
import { thrown } from "./helpers";

const S = (s: string): AttributeValue => ({ S: s });
const key = (pk: string) => ({ pk: S(pk) });
const put = (pk: string, extra: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
  Put: { TableName: "tbl", Item: { ...key(pk), ...extra }, ...more },
});
const del = (k: unknown, more: Record<string, unknown> = {}) => ({ Delete: { TableName: "tbl", Key: k, ...more } });
const update = (k: unknown, expression: string, more: Record<string, unknown> = {}) => ({
  Update: { TableName: "tbl", Key: k, UpdateExpression: expression, ...more },
});
const check = (k: unknown, condition: string, more: Record<string, unknown> = {}) => ({
  ConditionCheck: { TableName: "tbl", Key: k, ConditionExpression: condition, ...more },
});
const body = (...items: unknown[]) => ({ TransactItems: items });
const one = (message: string) => `1 validation error detected: ${message}`;
const validate = (request: Record<string, unknown>) => () => validateTransactWriteItems(request);
const refusal = (message: string) => ({ type: "ValidationException", message });

/** A value nested `depth` maps deep: 32 is one level past DynamoDB's limit. */
function deep(depth: number): AttributeValue {
  let value: AttributeValue = S("leaf");
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
}

const ENUM_RCC =
  "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]";
const ENUM_RICM =
  "Value 'BOGUS2' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]";
const BAD_NAME = (path: string) =>
  `Value 'bad!name' at 'transactItems.${path}.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`;
const NO_ACTION = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request";
const SEVERAL_ACTIONS = "TransactItems can only contain one of Check, Put, Update or Delete";
const SYNTAX = 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("';
const UNUSED_VALUE = "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}";
const EMPTY_CONDITION = "Invalid ConditionExpression: The expression can not be empty;";
const FOUR_MB = 4 * 1024 * 1024;

describe("TransactWriteItems validation: members", () => {
  it.each([
    ["TransactItems as a string", { TransactItems: "x" }, "Unexpected field type"],
    ["TransactItems as a map", { TransactItems: {} }, "Start of structure or map found where not expected"],
    ["an entry as a string", body("x"), "Unexpected value type in payload"],
    [
      "an entry as a list",
      body([]),
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.TransactWriteItem",
    ],
    ["a Put as a string", body({ Put: "x" }), "Unexpected field type"],
    [
      "an Update as a list",
      body({ Update: [] }),
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.Update",
    ],
    [
      "an Item as a list",
      body({ Put: { TableName: "tbl", Item: [] } }),
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    ],
    [
      "a ClientRequestToken as a number",
      { ...body(put("a")), ClientRequestToken: 5 },
      "NUMBER_VALUE cannot be converted to String",
    ],
  ])("TransactWriteItems: %s is a SerializationException", (_, request, message) => {
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
    ["an unknown ReturnConsumedCapacity", { ...body(put("a")), ReturnConsumedCapacity: "BOGUS" }, one(ENUM_RCC)],
    [
      "both unknown enums, ReturnConsumedCapacity first",
      { ...body(put("a")), ReturnConsumedCapacity: "BOGUS", ReturnItemCollectionMetrics: "BOGUS2" },
      `2 validation errors detected: ${ENUM_RCC}; ${ENUM_RICM}`,
    ],
    [
      "a ClientRequestToken over 36 characters, ahead of an unknown ReturnConsumedCapacity",
      { ...body(put("a")), ClientRequestToken: "x".repeat(37), ReturnConsumedCapacity: "BOGUS" },
      `2 validation errors detected: Value '${"x".repeat(37)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36; ${ENUM_RCC}`,
    ],
    [
      "an empty ClientRequestToken",
      { ...body(put("a")), ClientRequestToken: "" },
      one(
        "Value '' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ],
    [
      "a Put with neither TableName nor Item",
      body({ Put: {} }),
      "2 validation errors detected: Value null at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'transactItems.1.member.put.item' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a ConditionCheck without ConditionExpression",
      body({ ConditionCheck: { TableName: "tbl", Key: key("a") } }),
      one(
        "Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
      ),
    ],
    [
      "an Update without UpdateExpression",
      body({ Update: { TableName: "tbl", Key: key("a") } }),
      one(
        "Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null",
      ),
    ],
    [
      "a Delete without Key, named by its position",
      body(put("a"), { Delete: { TableName: "tbl" } }),
      one("Value null at 'transactItems.2.member.delete.key' failed to satisfy constraint: Member must not be null"),
    ],
    [
      "a null entry",
      body(put("a"), null),
      one("Value null at 'transactItems.2.member' failed to satisfy constraint: Member must not be null"),
    ],
    [
      "an unknown ReturnValuesOnConditionCheckFailure",
      body(put("a", {}, { ReturnValuesOnConditionCheckFailure: "ALL_NEW" })),
      one(
        "Value 'ALL_NEW' at 'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
      ),
    ],
    [
      "an empty table name",
      body({ Delete: { TableName: "", Key: key("a") } }),
      one(
        "Value '' at 'transactItems.1.member.delete.tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ],
  ])("TransactWriteItems: %s fails its constraints", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it("TransactWriteItems: 101 actions fail the list's length, 100 pass", () => {
    const puts = (n: number) => Array.from({ length: n }, (_, i) => put(`k${i}`));
    const { message } = thrown(validate(body(...puts(101))));
    expect(message).toMatch(
      /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s,
    );
    expect(validateTransactWriteItems(body(...puts(100))).actions).toHaveLength(100);
  });

  it.each([
    ["a Put's", body({ Put: { TableName: "bad!name", Item: key("a") } }), one(BAD_NAME("1.member.put"))],
    [
      "an Update's on the second action",
      body(
        put("first"),
        update(key("a"), "SET a = :a", { TableName: "bad!name", ExpressionAttributeValues: { ":a": S("x") } }),
      ),
      one(BAD_NAME("2.member.update")),
    ],
    ["a Delete's", body({ Delete: { TableName: "bad!name", Key: key("a") } }), one(BAD_NAME("1.member.delete"))],
    [
      "a ConditionCheck's",
      body({ ConditionCheck: { TableName: "bad!name", Key: key("a"), ConditionExpression: "attribute_exists(pk)" } }),
      one(BAD_NAME("1.member.conditionCheck")),
    ],
    [
      "two actions' together, length before pattern",
      body({ Put: { TableName: "x!", Item: key("a") } }, { Delete: { TableName: "bad!name", Key: key("a") } }),
      "3 validation errors detected: Value 'x!' at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value 'x!' at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        BAD_NAME("2.member.delete"),
    ],
  ])("TransactWriteItems: a malformed table name, %s, is a member constraint", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it("TransactWriteItems: a malformed table name gives way to the other constraints", () => {
    const request = { ...body({ Put: { TableName: "bad!name", Item: key("a") } }), ReturnConsumedCapacity: "BOGUS" };
    expect(thrown(validate(request))).toEqual(refusal(one(ENUM_RCC)));
  });
});

describe("TransactWriteItems validation: actions", () => {
  it.each([
    ["an entry with no action", body({}), NO_ACTION],
    ["an entry with two actions", body({ ...put("a"), ...del(key("a")) }), SEVERAL_ACTIONS],
    [
      "an entry with two actions, the second entry",
      body(put("x"), { ...put("a"), ...check(key("b"), "a = b") }),
      SEVERAL_ACTIONS,
    ],
    ["an entry whose only action is null", body({ Put: null }), NO_ACTION],
    ["a malformed condition", body(check(key("a"), "attribute_not_exists(")), SYNTAX],
    ["an empty Put condition", body(put("a", {}, { ConditionExpression: "" })), EMPTY_CONDITION],
    ["an empty Delete condition", body(del(key("a"), { ConditionExpression: "" })), EMPTY_CONDITION],
    ["an empty ConditionCheck condition", body(check(key("a"), "")), EMPTY_CONDITION],
    ["an empty update", body(update(key("a"), "")), "Invalid UpdateExpression: The expression can not be empty;"],
    [
      "a malformed update",
      body(update(key("a"), "SET")),
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"',
    ],
    [
      "a condition over 4 KB",
      body(check(key("a"), `attribute_exists(${"a".repeat(4079)})`)),
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
    ],
    [
      "an update-only function in a condition",
      body(check(key("a"), "if_not_exists(a, b) = c")),
      "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists",
    ],
    [
      "an unused value on a ConditionCheck",
      body(check(key("a"), "attribute_not_exists(pk)", { ExpressionAttributeValues: { ":v": S("x") } })),
      UNUSED_VALUE,
    ],
    [
      "an unused value on a Put",
      body(
        put("a", {}, { ConditionExpression: "attribute_not_exists(pk)", ExpressionAttributeValues: { ":v": S("x") } }),
      ),
      UNUSED_VALUE,
    ],
    [
      "an unused value on an Update",
      body(update(key("a"), "SET a = :a", { ExpressionAttributeValues: { ":a": S("x"), ":v": S("x") } })),
      UNUSED_VALUE,
    ],
    [
      "an unused value on a Delete",
      body(del(key("a"), { ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":v": S("x") } })),
      UNUSED_VALUE,
    ],
    [
      "an unused name",
      body(check(key("a"), "attribute_not_exists(pk)", { ExpressionAttributeNames: { "#n": "x" } })),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
    ],
    [
      "an undefined value",
      body(check(key("a"), "a = :v")),
      "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v",
    ],
    [
      "an empty ExpressionAttributeValues",
      body(update(key("a"), "SET a = b", { ExpressionAttributeValues: {} })),
      "ExpressionAttributeValues must not be empty",
    ],
    [
      "an invalid expression value",
      body(update(key("a"), "SET a = :v", { ExpressionAttributeValues: { ":v": { N: "x" } } })),
      `ExpressionAttributeValues contains invalid value: ${invalidNumberMessage("x")} for key :v`,
    ],
    [
      "ExpressionAttributeNames on a Put with no condition",
      body(put("a", {}, { ExpressionAttributeNames: { "#n": "x" } })),
      "ExpressionAttributeNames can only be specified when using expressions",
    ],
    [
      "ExpressionAttributeValues on a Delete with no condition",
      body(del(key("a"), { ExpressionAttributeValues: { ":v": S("x") } })),
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    ],
    ["an invalid number in a Put item", body(put("a", { n: { N: "x" } })), invalidNumberMessage("x")],
    ["an invalid number in a key", body(del({ pk: { N: "1e200" } })), NUMBER_MESSAGES.overflow],
    ["a Put item over 400 KB", body(put("a", { big: S("x".repeat(400 * 1024)) })), VALUE_MESSAGES.itemSize],
    ["a Put item nested too deep", body(put("a", { d: deep(32) })), VALUE_MESSAGES.nesting],
    ["an empty set in a key", body(check({ pk: { SS: [] } }, "attribute_exists(pk)")), VALUE_MESSAGES.emptyStringSet],
  ])("TransactWriteItems: rejects %s", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it.each([
    [
      "an action's expression before its values",
      body(put("a", { n: { N: "x" } }, { ConditionExpression: "attribute_not_exists(" })),
      SYNTAX,
    ],
    [
      "an action's unused value before its key's values",
      body(
        del(
          { pk: { N: "x" } },
          { ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":v": S("x") } },
        ),
      ),
      UNUSED_VALUE,
    ],
    [
      "an expression before the item size",
      body(put("a", { big: S("x".repeat(400 * 1024)) }, { ConditionExpression: "a =" })),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="',
    ],
    [
      "the values before ExpressionAttributeNames with no expression",
      body(put("a", { n: { N: "x" } }, { ExpressionAttributeNames: { "#n": "x" } })),
      invalidNumberMessage("x"),
    ],
    [
      "the item size before ExpressionAttributeValues with no expression",
      body(put("a", { big: S("x".repeat(400 * 1024)) }, { ExpressionAttributeValues: { ":v": S("x") } })),
      VALUE_MESSAGES.itemSize,
    ],
    [
      "an earlier action's condition before a later one's nesting",
      body(check(key("c"), "attribute_not_exists("), put("d", { data: deep(32) })),
      SYNTAX,
    ],
    [
      "an earlier action's nesting before a later one's condition",
      body(put("d", { data: deep(32) }), check(key("c"), "attribute_not_exists(")),
      VALUE_MESSAGES.nesting,
    ],
    [
      "an earlier action's condition before a later empty entry",
      body(put("a", {}, { ConditionExpression: "attribute_not_exists(" }), {}),
      SYNTAX,
    ],
    [
      "an earlier empty entry before a later action's condition",
      body({}, put("a", {}, { ConditionExpression: "attribute_not_exists(" })),
      NO_ACTION,
    ],
    [
      "an earlier action's values before a later entry with two actions",
      body(put("a", { n: { N: "x" } }), { ...put("b"), ...del(key("b")) }),
      invalidNumberMessage("x"),
    ],
    [
      "the member constraints before an empty entry",
      body({}, { Put: { Item: key("a") } }),
      one("Value null at 'transactItems.2.member.put.tableName' failed to satisfy constraint: Member must not be null"),
    ],
  ])("TransactWriteItems: reports %s", (_, request, message) => {
    expect(thrown(validate(request))).toEqual(refusal(message));
  });

  it("TransactWriteItems: drops the legacy parameters, which are no members of an action", () => {
    const { actions } = validateTransactWriteItems(
      body(put("a", {}, { Expected: { a: { Exists: false } }, ConditionalOperator: "AND" }), {
        Update: {
          TableName: "tbl",
          Key: key("b"),
          UpdateExpression: "REMOVE a",
          AttributeUpdates: { a: { Action: "DELETE" } },
        },
      }),
    );
    expect(actions[0]).toEqual({ kind: "Put", tableName: "tbl", item: key("a"), returnOldOnConditionFailure: false });
    expect(actions[1]).toMatchObject({ kind: "Update", update: { actions: [{ kind: "remove", path: ["a"] }] } });
  });
});

/** Puts in table `tbl` whose items total `bytes` (each item: `pk`, a 3-character key, and `payload`). */
function putsOf(bytes: number, prefix: string) {
  const perItem = 380_000;
  const overhead = "pk".length + 3 + "payload".length;
  const items = [];
  let left = bytes;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(perItem, left - overhead);
    items.push(put(`${prefix}${String(i).padStart(2, "0")}`, { payload: S("x".repeat(size)) }));
    left -= size + overhead;
  }
  return items;
}

const payload = (size: number) => `Transaction payload size cannot exceed 4MB. Payload Size: ${size}`;

describe("TransactWriteItems validation: the 4 MB payload", () => {
  it("TransactWriteItems: accepts items totalling exactly 4 MB", () => {
    expect(validateTransactWriteItems(body(...putsOf(FOUR_MB, "a"))).actions).toHaveLength(12);
  });

  it("TransactWriteItems: refuses one byte more, naming the size", () => {
    expect(thrown(validate(body(...putsOf(FOUR_MB + 1, "a"))))).toEqual(refusal(payload(FOUR_MB + 1)));
  });

  it.each([
    ["a Delete's key", del(key("dddddddd")), 10],
    ["a ConditionCheck's key and condition", check(key("dd"), "attribute_not_exists(pk)"), 4 + 24],
    [
      "an Update's key, expression and values (not their placeholders)",
      update(key("u"), "SET a = :v", { ExpressionAttributeValues: { ":v": S("x".repeat(1000)) } }),
      3 + 10 + 1000,
    ],
    [
      "the names a condition's placeholders stand for, in UTF-8 bytes",
      check(key("dd"), "attribute_not_exists(#n)", { ExpressionAttributeNames: { "#n": "é".repeat(10) } }),
      4 + 24 + 20,
    ],
    [
      "a number value's size",
      check(key("dd"), "a <> :vvvvvvvvvv", { ExpressionAttributeValues: { ":vvvvvvvvvv": { N: "12345" } } }),
      4 + 16 + 4,
    ],
    [
      "not ReturnValuesOnConditionCheckFailure",
      check(key("dd"), "attribute_not_exists(pk)", { ReturnValuesOnConditionCheckFailure: "ALL_OLD" }),
      4 + 24,
    ],
  ])("TransactWriteItems: counts %s", (_, action, size) => {
    const base = FOUR_MB - 4;
    expect(thrown(validate(body(...putsOf(base, "a"), action)))).toEqual(refusal(payload(base + size)));
  });

  it("TransactWriteItems: the action that passes 4 MB has its own checks first", () => {
    const items = putsOf(FOUR_MB - 20, "a");
    const last = check(key("b"), "attribute_not_exists(");
    expect(thrown(validate(body(...items, last)))).toEqual(refusal(SYNTAX));
  });

  it("TransactWriteItems: the payload is refused before a later action's checks", () => {
    const items = putsOf(FOUR_MB + 96, "a");
    expect(thrown(validate(body(...items, check(key("b"), "attribute_not_exists("))))).toEqual(
      refusal(payload(FOUR_MB + 96)),
    );
  });
});

describe("TransactWriteItems validation: the normalized actions", () => {
  it("TransactWriteItems: gives one action per entry, in request order, values canonical", () => {
    const request = {
      ...body(
        put(
          "a",
          { n: { N: "010" } },
          { ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" },
        ),
        update({ pk: S("b") }, "SET #c = :one", {
          ConditionExpression: "#c < :ten",
          ExpressionAttributeNames: { "#c": "count" },
          ExpressionAttributeValues: { ":one": { N: "1.0" }, ":ten": { N: "10" } },
        }),
        del({ pk: S("c") }, { ReturnValuesOnConditionCheckFailure: "NONE" }),
        check({ pk: S("d") }, "attribute_exists(pk)"),
      ),
      ClientRequestToken: "token-1",
      ReturnConsumedCapacity: "TOTAL",
      ReturnItemCollectionMetrics: "SIZE",
    };
    const { input, actions } = validateTransactWriteItems(request);
    expect(input.ClientRequestToken).toBe("token-1");
    expect(input.ReturnConsumedCapacity).toBe("TOTAL");
    expect(input.ReturnItemCollectionMetrics).toBe("SIZE");
    expect(input.TransactItems).toHaveLength(4);
    expect(actions.map((a) => a.kind)).toEqual(["Put", "Update", "Delete", "ConditionCheck"]);
    expect(actions[0]).toEqual({
      kind: "Put",
      tableName: "tbl",
      item: { pk: S("a"), n: { N: "10" } },
      condition: { kind: "attribute_not_exists", path: ["pk"] },
      returnOldOnConditionFailure: true,
    });
    expect(actions[1]).toMatchObject({
      kind: "Update",
      key: { pk: S("b") },
      update: { actions: [{ kind: "set", path: ["count"], value: { kind: "value", value: { N: "1" } } }] },
      condition: { kind: "compare" },
      returnOldOnConditionFailure: false,
    });
    expect(actions[2]).toEqual({
      kind: "Delete",
      tableName: "tbl",
      key: { pk: S("c") },
      returnOldOnConditionFailure: false,
    });
    expect(actions[3]).toEqual({
      kind: "ConditionCheck",
      tableName: "tbl",
      key: { pk: S("d") },
      condition: { kind: "attribute_exists", path: ["pk"] },
      returnOldOnConditionFailure: false,
    });
  });
});

// Tables for the key checks: `tbl` keyed by pk (S); `two` by pk (S) and sk (N), with a global
// index `gsi` on g (S); `bin` keyed by pk (B).
const TABLES: Record<string, TransactTable> = {
  tbl: { schema: { hash: { name: "pk", type: "S" } }, indexes: [] },
  two: {
    schema: { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } },
    indexes: [{ name: "gsi", key: { hash: { name: "g", type: "S" } }, projection: { type: "ALL" } }],
  },
  bin: { schema: { hash: { name: "pk", type: "B" } }, indexes: [] },
};

function tableOf(name: string): TransactTable {
  const table = TABLES[name];
  if (!table) throw new ResourceNotFoundException();
  return table;
}

/** `action` (one TransactItems entry) on table `table`. */
function on(table: string, action: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const [kind] = Object.keys(action);
  return { [kind]: { ...action[kind], TableName: table } };
}
const keysOf = (...items: unknown[]) => checkTransactWriteKeys(validateTransactWriteItems(body(...items)), tableOf);
const cancels = (validationError: string) => ({ ok: false, validationError });
const two = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({ pk: S(pk), sk: { N: sk }, ...extra });
const KEY_PATHS = (label: string, name: string) =>
  `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${label}: ${name}`;

describe("TransactWriteItems: checkTransactWriteKeys", () => {
  it("TransactWriteItems: returns each action's key, partition key first, a Put's taken from its item", () => {
    const keys = keysOf(
      on("two", { Put: { Item: { v: S("v"), sk: { N: "1" }, pk: S("a") } } }),
      on("two", update({ sk: { N: "2" }, pk: S("a") }, "SET v = :v", { ExpressionAttributeValues: { ":v": S("x") } })),
      del(key("a")),
      check(key("b"), "attribute_exists(pk)"),
    );
    expect(keys).toEqual([
      { ok: true, key: two("a", "1") },
      { ok: true, key: two("a", "2") },
      { ok: true, key: key("a") },
      { ok: true, key: key("b") },
    ]);
    expect(Object.keys((keys[1] as { key: Item }).key)).toEqual(["pk", "sk"]);
  });

  it.each([
    ["a Put's wrong-typed key", put("a", { pk: { N: "5" } }), keyTypeMismatchMessage("pk", "S", "N")],
    [
      "a Put's non-scalar key",
      { Put: { TableName: "tbl", Item: { pk: { L: [S("x")] } } } },
      keyTypeMismatchMessage("pk", "S", "L"),
    ],
    ["a Put's missing key", { Put: { TableName: "tbl", Item: { a: S("x") } } }, missingKeyMessage("pk")],
    ["an Update's wrong-typed key", update({ pk: { N: "5" } }, "REMOVE a"), VALUE_MESSAGES.keyMismatch],
    ["a Delete's non-scalar key", del({ pk: { L: [S("x")] } }), VALUE_MESSAGES.keyMismatch],
    [
      "a ConditionCheck's wrong-typed key",
      check({ pk: { N: "5" } }, "attribute_exists(pk)"),
      VALUE_MESSAGES.keyMismatch,
    ],
    ["an empty Key", del({}), VALUE_MESSAGES.keyMismatch],
    ["a Key with an attribute too many", del({ pk: S("a"), x: S("b") }), VALUE_MESSAGES.keyMismatch],
    ["an empty binary where a string is the key", del({ pk: { B: "" } }), VALUE_MESSAGES.keyMismatch],
    ["a partition key over 2048 bytes", del(key("x".repeat(2049))), VALUE_MESSAGES.hashKeySize],
    [
      "a Put's wrong-typed index key",
      on("two", { Put: { Item: two("a", "1", { g: { N: "5" } }) } }),
      "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi",
    ],
    [
      "an update of a key attribute",
      update(key("a"), "SET pk = :v", { ExpressionAttributeValues: { ":v": S("x") } }),
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    ],
    [
      "an update inside a key attribute",
      update(key("a"), "SET pk.x = :v", { ExpressionAttributeValues: { ":v": S("x") } }),
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    ],
    [
      "a removal of the sort key",
      on("two", update(two("a", "1"), "REMOVE sk")),
      "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
    ],
  ])("TransactWriteItems: %s cancels the transaction with a ValidationError reason", (_, action, message) => {
    expect(keysOf(action)).toEqual([cancels(message)]);
  });

  it.each([
    ["a Put's empty string key", put(""), emptyKeyMessage("pk", "S")],
    ["an Update's empty string key", update(key(""), "REMOVE a"), emptyKeyMessage("pk", "S")],
    ["a Delete's empty string key", del(key("")), emptyKeyMessage("pk", "S")],
    ["a ConditionCheck's empty string key", check(key(""), "attribute_exists(pk)"), emptyKeyMessage("pk", "S")],
    ["a Put's empty binary key", on("bin", { Put: { Item: { pk: { B: "" } } } }), emptyKeyMessage("pk", "B")],
    ["a Delete's empty binary key", on("bin", del({ pk: { B: "" } })), emptyKeyMessage("pk", "B")],
    [
      "a Put's empty index key",
      on("two", { Put: { Item: two("a", "1", { g: S("") }) } }),
      "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi, IndexKey: g",
    ],
    [
      "a condition inside a key attribute",
      del(key("a"), { ConditionExpression: "attribute_exists(pk[0])" }),
      KEY_PATHS("Key", "pk"),
    ],
    ["an update reading inside a key attribute", update(key("a"), "SET a = pk.x"), KEY_PATHS("Key", "pk")],
    [
      "an update inside an index key attribute",
      on("two", update(two("a", "1"), "SET g.x = :v", { ExpressionAttributeValues: { ":v": S("x") } })),
      KEY_PATHS("IndexKey", "g"),
    ],
  ])("TransactWriteItems: refuses %s up front", (_, action, message) => {
    expect(thrown(() => keysOf(action))).toEqual(refusal(message));
  });

  it.each([
    ["two Puts", [put("a"), put("a", { v: S("v") })]],
    ["a Put and a Delete", [put("a"), del(key("a"))]],
    ["a ConditionCheck and an Update", [check(key("a"), "attribute_exists(pk)"), update(key("a"), "REMOVE v")]],
    ["two Deletes after others", [put("x"), del(key("a")), del(key("a"))]],
    [
      "keys with numbers written differently",
      [on("two", del(two("a", "1"))), on("two", { Put: { Item: two("a", "1.0") } })],
    ],
  ])("TransactWriteItems: refuses %s on one item", (_, items) => {
    expect(thrown(() => keysOf(...items))).toEqual(refusal(MULTIPLE_OPERATIONS));
  });

  it("TransactWriteItems: the same key in two tables is two items", () => {
    const keys = keysOf(del(key("a")), on("bin", del({ pk: { B: "YQ==" } })), on("two", del(two("a", "1"))));
    expect(keys.every((k) => k.ok)).toBe(true);
  });

  it("TransactWriteItems: an action that cancels takes no part in the duplicate check", () => {
    expect(keysOf(del({ pk: { N: "5" } }), del({ pk: { N: "5" } }))).toEqual([
      cancels(VALUE_MESSAGES.keyMismatch),
      cancels(VALUE_MESSAGES.keyMismatch),
    ]);
    const keys = keysOf(on("two", { Put: { Item: two("a", "1", { g: { N: "1" } }) } }), on("two", del(two("a", "1"))));
    expect(keys[0].ok).toBe(false);
    expect(keys[1]).toEqual({ ok: true, key: two("a", "1") });
  });

  it.each([
    [
      "a later empty key after an earlier cancellation",
      [del({ pk: { N: "1" } }), del(key(""))],
      emptyKeyMessage("pk", "S"),
    ],
    [
      "a later duplicate after an earlier cancellation",
      [del({ pk: { N: "1" } }), del(key("q")), del(key("q"))],
      MULTIPLE_OPERATIONS,
    ],
    ["a duplicate ahead of a later empty key", [del(key("q")), del(key("q")), del(key(""))], MULTIPLE_OPERATIONS],
    [
      "an empty key ahead of a later duplicate",
      [del(key("")), del(key("q")), del(key("q"))],
      emptyKeyMessage("pk", "S"),
    ],
  ])("TransactWriteItems: refuses %s", (_, items, message) => {
    expect(thrown(() => keysOf(...items))).toEqual(refusal(message));
  });

  it("TransactWriteItems: looks tables up action by action, in request order", () => {
    const missing = { type: "ResourceNotFoundException", message: "Requested resource not found" };
    expect(thrown(() => keysOf(on("nope", del(key("q"))), del(key("q")), del(key("q"))))).toEqual(missing);
    expect(thrown(() => keysOf(del(key("q")), del(key("q")), on("nope", del(key("q")))))).toEqual(
      refusal(MULTIPLE_OPERATIONS),
    );
    const asked: string[] = [];
    checkTransactWriteKeys(validateTransactWriteItems(body(on("two", del(two("a", "1"))), del(key("a")))), (name) => {
      asked.push(name);
      return tableOf(name);
    });
    expect(asked).toEqual(["two", "tbl"]);
  });
});
