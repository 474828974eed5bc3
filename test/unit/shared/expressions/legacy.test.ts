// Messages and results below were checked against DynamoDB Local.
import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { evaluateCondition } from "../../../../shared/expressions/evaluate";
import type {
  AttributeValueUpdate,
  ExpectedAttributeValue,
  LegacyCondition,
} from "../../../../shared/expressions/legacy";
import {
  conditionFromExpected,
  conditionFromFilter,
  keyConditionFromKeyConditions,
  projectionFromAttributesToGet,
  updateFromAttributeUpdates,
} from "../../../../shared/expressions/legacy";
import { applyUpdate, checkUpdateAvoidsKeys } from "../../../../shared/expressions/update";
import { ITEM, validationMessage } from "./helpers";

const S = (text: string) => ({ S: text });
const N = (text: string) => ({ N: text });
const invalid = (detail: string) => `One or more parameter values were invalid: ${detail}`;

describe("legacy: Expected", () => {
  it.each<[Record<string, ExpectedAttributeValue>, string]>([
    [{ a: { Exists: true } }, invalid("Value must be provided when Exists is true for Attribute: a")],
    [{ a: {} }, invalid("Value must be provided when Exists is null for Attribute: a")],
    [{ a: { Exists: false, Value: S("a") } }, invalid("Value cannot be used when Exists is false for Attribute: a")],
    [
      { a: { ComparisonOperator: "LT" } },
      invalid("Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"),
    ],
    [
      { a: { Exists: true, ComparisonOperator: "LT" } },
      invalid("Exists and ComparisonOperator cannot be used together for Attribute: a"),
    ],
    [
      { a: { Exists: false, ComparisonOperator: "NULL" } },
      invalid("Exists and ComparisonOperator cannot be used together for Attribute: a"),
    ],
    [
      { a: { AttributeValueList: [S("a")], Value: S("a"), ComparisonOperator: "LT" } },
      invalid("Value and AttributeValueList cannot be used together for Attribute: a"),
    ],
    [
      { a: { AttributeValueList: [] } },
      invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    ],
    [
      { a: { AttributeValueList: [S("a")], Exists: true } },
      invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    ],
    [
      { a: { ComparisonOperator: "EQ", AttributeValueList: [] } },
      invalid("Invalid number of argument(s) for the EQ ComparisonOperator"),
    ],
    [
      { a: { ComparisonOperator: "EQ", AttributeValueList: [S("a"), S("b")] } },
      invalid("Invalid number of argument(s) for the EQ ComparisonOperator"),
    ],
    [
      { a: { ComparisonOperator: "NULL", AttributeValueList: [S("a")] } },
      invalid("Invalid number of argument(s) for the NULL ComparisonOperator"),
    ],
    [
      { a: { ComparisonOperator: "IN", AttributeValueList: [S("a"), N("1")] } },
      invalid("AttributeValues inside AttributeValueList must be of same type"),
    ],
    [
      { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [S("b"), S("a")] } },
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    ],
    [
      { a: { ComparisonOperator: "LT", AttributeValueList: [{ SS: ["a"] }] } },
      invalid("ComparisonOperator LT is not valid for SS AttributeValue type"),
    ],
    [
      { a: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ SS: ["a"] }] } },
      invalid("ComparisonOperator CONTAINS is not valid for SS AttributeValue type"),
    ],
    [
      { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [N("1")] } },
      invalid("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ],
    [
      { a: { ComparisonOperator: "IN", AttributeValueList: [{ BOOL: true }] } },
      invalid("ComparisonOperator IN is not valid for BOOL AttributeValue type"),
    ],
  ])("legacy: Expected %j is refused", (expected, message) => {
    expect(validationMessage(() => conditionFromExpected(expected))).toBe(message);
  });

  it("legacy: ConditionalOperator needs two or more conditions", () => {
    expect(validationMessage(() => conditionFromExpected({}, "OR"))).toBe(
      "ConditionalOperator cannot be used without Filter or Expected",
    );
    expect(validationMessage(() => conditionFromExpected(undefined, "OR"))).toBe(
      "ConditionalOperator cannot be used without Filter or Expected",
    );
    expect(validationMessage(() => conditionFromExpected({ a: { Exists: false } }, "AND"))).toBe(
      "ConditionalOperator can only be used when Filter or Expected has two or more elements",
    );
  });

  it.each<[Record<string, ExpectedAttributeValue>, "AND" | "OR" | undefined, boolean]>([
    [{ s: { Value: S("héllo") } }, undefined, true],
    [{ s: { Value: S("héllo"), Exists: true } }, undefined, true],
    [{ nope: { Exists: false } }, undefined, true],
    [{ s: { Exists: false } }, undefined, false],
    [{ n: { ComparisonOperator: "GT", Value: N("4") } }, undefined, true],
    [{ "m.a": { ComparisonOperator: "NULL" } }, undefined, true],
    [{ nope: { Exists: false }, s: { Exists: false } }, "AND", false],
    [{ nope: { Exists: false }, s: { Exists: false } }, "OR", true],
    [
      { m: { ComparisonOperator: "EQ", AttributeValueList: [{ M: { a: N("1"), b: { M: { c: S("d") } } } }] } },
      undefined,
      true,
    ],
  ])("legacy: Expected %j (%s) holds: %s", (expected, operator, result) => {
    const condition = conditionFromExpected(expected, operator);
    expect(condition && evaluateCondition(condition, ITEM)).toBe(result);
  });
});

describe("legacy: QueryFilter / ScanFilter", () => {
  it.each<[Record<string, LegacyCondition>, boolean]>([
    [{ nope: { ComparisonOperator: "NE", AttributeValueList: [S("x")] } }, true],
    [{ nope: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [S("x")] } }, false],
    [{ n: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [S("x")] } }, true],
    [{ ss: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [S("z")] } }, true],
    [{ n: { ComparisonOperator: "NE", AttributeValueList: [S("x")] } }, true],
    [{ ss: { ComparisonOperator: "CONTAINS", AttributeValueList: [S("a")] } }, true],
    [{ l: { ComparisonOperator: "CONTAINS", AttributeValueList: [N("1")] } }, true],
    [{ s: { ComparisonOperator: "CONTAINS", AttributeValueList: [S("ll")] } }, true],
    [{ b: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ B: "Ag==" }] } }, true],
    [{ n: { ComparisonOperator: "IN", AttributeValueList: [N("5"), N("6")] } }, true],
    [{ s: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("hé")] } }, true],
    [{ n: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("5"), N("5")] } }, true],
    [{ n: { ComparisonOperator: "NOT_NULL" } }, true],
    [{ z: { ComparisonOperator: "NULL" } }, false],
    [{ n: { ComparisonOperator: "LE", AttributeValueList: [N("4")] } }, false],
  ])("legacy: filter %j holds: %s", (filter, result) => {
    const condition = conditionFromFilter(filter);
    expect(condition && evaluateCondition(condition, ITEM)).toBe(result);
  });

  it.each<[Record<string, LegacyCondition>, string]>([
    [{ x: { ComparisonOperator: "EQ" } }, invalid("Invalid number of argument(s) for the EQ ComparisonOperator")],
    [
      { x: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ L: [] }] } },
      invalid("ComparisonOperator CONTAINS is not valid for L AttributeValue type"),
    ],
    [
      { x: { ComparisonOperator: "GT", AttributeValueList: [{ BOOL: true }] } },
      invalid("ComparisonOperator GT is not valid for BOOL AttributeValue type"),
    ],
    [
      { x: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("1"), S("a")] } },
      invalid("AttributeValues inside AttributeValueList must be of same type"),
    ],
    [
      { x: { ComparisonOperator: "IN", AttributeValueList: [{ SS: ["a"] }] } },
      invalid("ComparisonOperator IN is not valid for SS AttributeValue type"),
    ],
    [
      { x: { ComparisonOperator: "FOO" as "EQ", AttributeValueList: [S("a")] } },
      "Comparison type does not exist in DynamoDB",
    ],
  ])("legacy: filter %j is refused", (filter, message) => {
    expect(validationMessage(() => conditionFromFilter(filter))).toBe(message);
  });

  it("legacy: OR combines filter conditions", () => {
    const condition = conditionFromFilter(
      { x: { ComparisonOperator: "NOT_NULL" }, n: { ComparisonOperator: "NOT_NULL" } },
      "OR",
    );
    expect(condition?.kind).toBe("or");
    expect(condition && evaluateCondition(condition, ITEM)).toBe(true);
  });
});

describe("legacy: KeyConditions", () => {
  const schema: KeySchema = { hash: { name: "pk", type: "S" }, range: { name: "sk", type: "N" } };
  const eq = (value: AttributeValue): LegacyCondition => ({ ComparisonOperator: "EQ", AttributeValueList: [value] });

  it("legacy: converts to the same key condition as an expression", () => {
    expect(
      keyConditionFromKeyConditions(
        { pk: eq(S("a")), sk: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("1"), N("2")] } },
        schema,
      ),
    ).toEqual({ hash: { name: "pk", value: S("a") }, range: { name: "sk", op: "BETWEEN", values: [N("1"), N("2")] } });
  });

  it.each<[Record<string, LegacyCondition>, string]>([
    [{ sk: eq(N("1")) }, "Query condition missed key schema element: pk"],
    [{ pk: { ComparisonOperator: "LT", AttributeValueList: [S("a")] } }, "Query key condition not supported"],
    [{ pk: eq(N("1")) }, invalid("Condition parameter type does not match schema type")],
    [{ pk: eq(S("a")), x: eq(N("1")) }, "Query condition missed key schema element: sk"],
    [
      { pk: eq(S("a")), sk: { ComparisonOperator: "NE", AttributeValueList: [N("1")] } },
      "Attempted conditional constraint is not an indexable operation",
    ],
    [
      { pk: eq(S("a")), sk: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("2"), N("1")] } },
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    ],
    [
      { pk: eq(S("a")), sk: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [N("1")] } },
      invalid("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ],
    [{ pk: eq(S("a")), sk: eq(N("1")), x: eq(N("1")) }, "Conditions can be of length 1 or 2 only"],
    [{}, "Conditions can be of length 1 or 2 only"],
  ])("legacy: KeyConditions %j are refused", (conditions, message) => {
    expect(validationMessage(() => keyConditionFromKeyConditions(conditions, schema))).toBe(message);
  });
});

describe("legacy: AttributeUpdates", () => {
  const item: Item = { pk: S("u"), a: S("x"), n: N("1"), ls: { L: [S("x")] }, ss: { SS: ["a", "b"] } };

  it.each<[Record<string, { Action?: "PUT" | "ADD" | "DELETE"; Value?: AttributeValue }>, string]>([
    [{ a: { Action: "PUT" } }, invalid("Only DELETE action is allowed when no attribute value is specified")],
    [{ a: { Action: "ADD" } }, invalid("Only DELETE action is allowed when no attribute value is specified")],
    [
      { a: { Action: "DELETE", Value: S("x") } },
      invalid("DELETE action with value is not supported for the type STRING"),
    ],
    [
      { a: { Action: "DELETE", Value: { L: [] } } },
      invalid("DELETE action with value is not supported for the type LIST"),
    ],
    [{ a: { Action: "ADD", Value: S("x") } }, invalid("ADD action is not supported for the type STRING")],
    [{ a: { Action: "ADD", Value: { M: {} } } }, invalid("ADD action is not supported for the type MAP")],
    [{ a: { Action: "ADD", Value: { BOOL: true } } }, invalid("ADD action is not supported for the type BOOLEAN")],
  ])("legacy: AttributeUpdates %j are refused", (updates, message) => {
    expect(validationMessage(() => updateFromAttributeUpdates(updates))).toBe(message);
  });

  it.each<
    [
      Record<string, { Action?: "PUT" | "ADD" | "DELETE"; Value?: AttributeValue }>,
      Record<string, AttributeValue | undefined>,
    ]
  >([
    [{ a: { Value: S("y") } }, { a: S("y") }],
    [{ a: { Action: "DELETE" } }, { a: undefined }],
    [{ n: { Action: "ADD", Value: N("2") } }, { n: N("3") }],
    [{ nn: { Action: "ADD", Value: N("2") } }, { nn: N("2") }],
    [{ ls: { Action: "ADD", Value: { L: [S("y")] } } }, { ls: { L: [S("x"), S("y")] } }],
    [{ ss: { Action: "DELETE", Value: { SS: ["a", "b"] } } }, { ss: undefined }],
    [{ "a.b": { Value: S("literal") } }, { "a.b": S("literal") }],
  ])("legacy: AttributeUpdates %j apply like DynamoDB", (updates, expected) => {
    const next = applyUpdate(item, updateFromAttributeUpdates(updates)).item;
    for (const [name, value] of Object.entries(expected)) expect(next[name]).toEqual(value);
  });

  it.each<Record<string, AttributeValueUpdate>>([
    { ls: { Action: "ADD", Value: N("1") } },
    { a: { Action: "ADD", Value: { L: [S("x")] } } },
    { a: { Action: "DELETE", Value: { SS: ["q"] } } },
  ])("legacy: a type clash reports 'Type mismatch for attribute to update': %j", (updates) => {
    expect(validationMessage(() => applyUpdate(item, updateFromAttributeUpdates(updates)))).toBe(
      "Type mismatch for attribute to update",
    );
  });

  it("legacy: updating a key attribute is refused with the expression message", () => {
    const update = updateFromAttributeUpdates({ a: { Value: S("x") }, pk: { Value: S("y") } });
    expect(validationMessage(() => checkUpdateAvoidsKeys(update, { hash: { name: "pk", type: "S" } }))).toBe(
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    );
  });
});

describe("legacy: AttributesToGet", () => {
  it("legacy: names are literal one-element paths", () => {
    expect(projectionFromAttributesToGet(["a", "b.c"])).toEqual([["a"], ["b.c"]]);
  });

  it("legacy: duplicates and empty lists are refused", () => {
    expect(validationMessage(() => projectionFromAttributesToGet(["a", "a"]))).toBe(
      "Cannot have two attributes with the same name",
    );
    expect(validationMessage(() => projectionFromAttributesToGet([]))).toBe("AttributesToGet cannot be empty");
  });
});
