/**
 * The expression parser under random and mutated input (fast-check, fixed seed, bounded): every
 * expression either parses or is refused with DynamoDB's ValidationException; nothing else is ever
 * thrown (no TypeError, no RangeError from deep recursion, no hang).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../shared/api/errors";
import { parseRequestExpressions } from "../../../../shared/expressions/request";

const TOKENS = [
  "#n",
  "#m",
  ":v",
  ":w",
  "a",
  "b",
  "c",
  ".",
  "[",
  "]",
  "0",
  "1",
  "(",
  ")",
  ",",
  " ",
  "=",
  "<>",
  "<",
  "<=",
  ">",
  ">=",
  "AND",
  "OR",
  "NOT",
  "BETWEEN",
  "IN",
  "SET",
  "REMOVE",
  "ADD",
  "DELETE",
  "+",
  "-",
  "attribute_exists",
  "attribute_not_exists",
  "attribute_type",
  "begins_with",
  "contains",
  "size",
  "if_not_exists",
  "list_append",
  "\u0000",
  "é",
  "😀",
  "\\",
  '"',
];

/** Expressions built from the grammar's tokens, and valid ones mutated by a character. */
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(""));
const VALID = [
  "a = :v",
  "#n.b[1] <> :w AND size(c) > :v",
  "SET a = :v, #n = list_append(#n, :w) REMOVE b",
  "a, #n.b[0]",
];
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.string({ maxLength: 3 }))
  .map(
    ([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + 1),
  );
const deep = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom("(", "size(", "NOT ", "a["))
  .map(([depth, open]) => `${open.repeat(depth)}a`);
const expression = fc.oneof(tokenText, mutated, deep, fc.string({ maxLength: 60 }));

const names = { "#n": "n", "#m": "m" };
const values = { ":v": { S: "x" }, ":w": { L: [{ N: "1" }] } };

function outcome(parse: () => unknown): "parsed" | "refused" {
  try {
    parse();
    return "parsed";
  } catch (error) {
    if (error instanceof ValidationException) return "refused";
    throw error;
  }
}

describe("expression parser fuzz", () => {
  it("parses or refuses with ValidationException: conditions, filters, updates, projections, key conditions", () => {
    fc.assert(
      fc.property(
        expression,
        fc.constantFrom("UpdateItem", "Query", "Scan", "GetItem") as fc.Arbitrary<string>,
        (text, op) => {
          const request: Record<string, unknown> = { ExpressionAttributeNames: names };
          if (op === "UpdateItem")
            Object.assign(request, {
              UpdateExpression: text,
              ConditionExpression: text,
              ExpressionAttributeValues: values,
            });
          if (op === "Query")
            Object.assign(request, {
              KeyConditionExpression: text,
              FilterExpression: text,
              ExpressionAttributeValues: values,
            });
          if (op === "Scan")
            Object.assign(request, {
              FilterExpression: text,
              ProjectionExpression: text,
              ExpressionAttributeValues: values,
            });
          if (op === "GetItem") Object.assign(request, { ProjectionExpression: text });
          expect(["parsed", "refused"]).toContain(
            outcome(() => parseRequestExpressions(op as "Query", request as never)),
          );
        },
      ),
      { seed: 16, numRuns: 3000 },
    );
  });
});
