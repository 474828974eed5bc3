/** Small builders shared by the expression tests. */
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import { ValidationException } from "../../../../shared/api/errors";
import type { Condition, DocumentPath, Update } from "../../../../shared/expressions/ast";
import type { ConditionParameter } from "../../../../shared/expressions/parse";
import { parseCondition, parseProjection, parseUpdate } from "../../../../shared/expressions/parse";
import { Placeholders } from "../../../../shared/expressions/placeholders";

export type Values = Record<string, AttributeValue>;
export type Names = Record<string, string>;

export function condition(
  text: string,
  values?: Values,
  names?: Names,
  kind: ConditionParameter = "ConditionExpression",
): Condition {
  return parseCondition(kind, text, new Placeholders(names, values));
}

export function update(text: string, values?: Values, names?: Names): Update {
  return parseUpdate(text, new Placeholders(names, values));
}

export function projection(text: string, names?: Names): DocumentPath[] {
  return parseProjection(text, new Placeholders(names, undefined));
}

/** The message of the ValidationException `run` throws; fails the test if it throws nothing else. */
export function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationException) return error.message;
    throw error;
  }
  throw new Error("expected a ValidationException");
}

/** An item with one attribute of every type, for evaluation tests. */
export const ITEM: Item = {
  pk: { S: "item" },
  s: { S: "héllo" },
  emoji: { S: "😀" },
  n: { N: "5" },
  b: { B: "AQID" },
  ss: { SS: ["a", "b"] },
  ns: { NS: ["1", "2"] },
  bs: { BS: ["AQ==", "Ag=="] },
  l: { L: [{ N: "1" }, { S: "x" }, { L: [{ N: "2" }] }, { M: { k: { S: "v" } } }] },
  m: { M: { a: { N: "1" }, b: { M: { c: { S: "d" } } } } },
  t: { BOOL: true },
  z: { NULL: true },
  e: { S: "" },
};
