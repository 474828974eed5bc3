/**
 * Statement trees (ast.ts, parameters bound: translate-bind.ts) written as the expression language
 * of the item operations: condition, filter, key condition, projection and update expressions.
 * Every name becomes a generated `#n<i>` and every value a `:v<i>`, so any attribute name works
 * (reserved words, spaces, dots) and the operations' own validation of names and values applies.
 * One `ExpressionText` serves all the expressions of one request, so their placeholders are
 * shared and each is used.
 *
 * What the expression language would say otherwise is refused here in PartiQL's words: MISSING
 * outside IS, unknown functions, functions of the wrong kind, `size` where a condition belongs,
 * and `set_add` / `set_delete` used other than as `SET s = set_add(s, <<…>>)`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-functions.html
 */
import type { AttributeValue } from "../api/attribute-value";
import { LIMITS } from "../api/limits";
import { setName } from "../api/names";
import { CONDITION_FUNCTIONS, UPDATE_FUNCTIONS } from "../expressions/functions";
import { notAllowedInCondition, notAllowedInUpdate } from "../expressions/messages";
import type { Condition, IsTest, Operand, Path, UpdateClause } from "./ast";
import { PARTIQL_MESSAGES } from "./errors";
import { spanOf, withPosition } from "./positions";
import {
  numberWhereCondition,
  refuse,
  setFunctionArity,
  setFunctionTarget,
  setFunctionValue,
  TRANSLATE_MESSAGES,
  tooManyInOperands,
  unrecognizedFunction,
} from "./translate-messages";

/** The DynamoDB type `x IS <type>` tests for (attribute_type's operand). */
const IS_TYPES: Record<Exclude<IsTest, "MISSING" | "NULL">, string> = {
  BOOLEAN: "BOOL",
  BLOB: "B",
  STRING: "S",
  NUMERIC: "N",
  STRUCT: "M",
  TUPLE: "M",
  LIST: "L",
};

const SET_FUNCTIONS: Record<string, "ADD" | "DELETE"> = { set_add: "ADD", set_delete: "DELETE" };

/** Where a condition stands, for the refusal of `size` standing for one. */
type ConditionParent = "WHERE" | "AND" | "OR" | "NOT";

const isKnown = (table: object, name: string) => Object.hasOwn(table, name);

/** Refuses a function call `name` that does not belong in `context`. */
function checkFunction(name: string, context: "condition" | "update"): void {
  const own = context === "condition" ? CONDITION_FUNCTIONS : UPDATE_FUNCTIONS;
  const other = context === "condition" ? UPDATE_FUNCTIONS : CONDITION_FUNCTIONS;
  if (isKnown(own, name)) return;
  if (isKnown(other, name)) {
    throw refuse(context === "condition" ? notAllowedInCondition(name) : notAllowedInUpdate(name));
  }
  throw refuse(unrecognizedFunction(name));
}

/** Whether two paths name the same attribute. */
export const samePath = (a: Path, b: Path) =>
  a.steps.length === b.steps.length && a.steps.every((step, i) => step === b.steps[i]);

export class ExpressionText {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly placeholders = new Map<string, string>();
  private valueCount = 0;

  /** The placeholder of attribute (or map key) name `name`: one per distinct name. */
  name(name: string): string {
    let placeholder = this.placeholders.get(name);
    if (placeholder === undefined) {
      placeholder = `#n${this.placeholders.size}`;
      this.placeholders.set(name, placeholder);
      setName(this.names, placeholder, name);
    }
    return placeholder;
  }

  /** A new placeholder for `value`. */
  value(value: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  path(path: Path): string {
    let text = "";
    for (const step of path.steps)
      text += typeof step === "number" ? `[${step}]` : `${text ? "." : ""}${this.name(step)}`;
    return text;
  }

  /** The ExpressionAttributeNames and ExpressionAttributeValues members, when there are any. */
  members(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(this.valueCount > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }

  operand(operand: Operand, context: "condition" | "update"): string {
    switch (operand.kind) {
      case "path":
        return this.path(operand);
      case "literal":
        return this.value(operand.value);
      case "missing":
        throw refuse(TRANSLATE_MESSAGES.missingCompare);
      case "call": {
        if (isKnown(SET_FUNCTIONS, operand.name)) throw refuse(unrecognizedFunction(operand.name));
        checkFunction(operand.name, context);
        return `${operand.name}(${operand.args.map((arg) => this.operand(arg, context)).join(", ")})`;
      }
      case "arithmetic":
        return `${this.operand(operand.left, context)} ${operand.op} ${this.operand(operand.right, context)}`;
      default:
        // Parameters, lists, maps and sets are literals once bound (translate-bind.ts).
        throw new Error(`unbound ${operand.kind} in a PartiQL operand`);
    }
  }

  /** A condition as expression text; `parent` is what it stands under. */
  condition(condition: Condition, parent: ConditionParent = "WHERE"): string {
    const operand = (o: Operand) => this.operand(o, "condition");
    switch (condition.kind) {
      case "compare":
        return `${operand(condition.left)} ${condition.op} ${operand(condition.right)}`;
      case "between": {
        const text = `${operand(condition.operand)} BETWEEN ${operand(condition.low)} AND ${operand(condition.high)}`;
        return condition.negated ? `NOT (${text})` : text;
      }
      case "in": {
        // Checked here as well as by the expression language: an IN on the partition key becomes Queries.
        if (condition.list.length > LIMITS.inOperands) throw refuse(tooManyInOperands(condition.list.length));
        const text = `${operand(condition.operand)} IN (${condition.list.map(operand).join(", ")})`;
        return condition.negated ? `NOT (${text})` : text;
      }
      case "is":
        return this.isTest(condition);
      case "and":
      case "or": {
        const word = condition.kind === "and" ? "AND" : "OR";
        return `(${this.condition(condition.left, word)}) ${word} (${this.condition(condition.right, word)})`;
      }
      case "not":
        return `NOT (${this.condition(condition.operand, "NOT")})`;
      case "call": {
        if (condition.name === "size") {
          throw refuse(parent === "WHERE" ? PARTIQL_MESSAGES.whereBoolean : numberWhereCondition(parent));
        }
        return operand(condition);
      }
    }
  }

  private isTest(condition: Extract<Condition, { kind: "is" }>): string {
    if (condition.operand.kind === "missing") throw refuse(TRANSLATE_MESSAGES.missingCompare);
    const subject = this.operand(condition.operand, "condition");
    switch (condition.test) {
      case "MISSING":
        return `${condition.negated ? "attribute_exists" : "attribute_not_exists"}(${subject})`;
      case "NULL": {
        const text = `${subject} = ${this.value({ NULL: true })}`;
        return condition.negated ? `NOT (${text})` : text;
      }
      default: {
        const text = `attribute_type(${subject}, ${this.value({ S: IS_TYPES[condition.test] })})`;
        return condition.negated ? `NOT ${text}` : text;
      }
    }
  }

  /** The UpdateExpression of UPDATE's SET and REMOVE clauses. */
  update(clauses: readonly UpdateClause[]): string {
    const sections: Record<"SET" | "REMOVE" | "ADD" | "DELETE", string[]> = {
      SET: [],
      REMOVE: [],
      ADD: [],
      DELETE: [],
    };
    for (const clause of clauses) {
      if (clause.kind === "remove") {
        sections.REMOVE.push(this.path(clause.path));
        continue;
      }
      const value = clause.value;
      if (value.kind === "call" && isKnown(SET_FUNCTIONS, value.name)) {
        sections[SET_FUNCTIONS[value.name]].push(this.setFunction(clause.path, value));
        continue;
      }
      sections.SET.push(`${this.path(clause.path)} = ${this.operand(value, "update")}`);
    }
    return (["SET", "REMOVE", "ADD", "DELETE"] as const)
      .filter((word) => sections[word].length > 0)
      .map((word) => `${word} ${sections[word].join(", ")}`)
      .join(" ");
  }

  /** `SET s = set_add(s, <<…>>)` as `ADD s :v` (set_delete: DELETE), after DynamoDB's checks. */
  private setFunction(target: Path, call: Extract<Operand, { kind: "call" }>): string {
    if (call.args.length !== 2) throw refuse(withPosition(setFunctionArity(call.name), spanOf(call)));
    for (const arg of call.args) {
      if (arg.kind === "missing") throw refuse(TRANSLATE_MESSAGES.missingCompare);
      if (arg.kind === "call") checkFunction(arg.name, "update");
    }
    const [first, second] = call.args;
    if (first.kind !== "path" || !samePath(first, target)) throw refuse(setFunctionTarget(call.name));
    if (second.kind !== "literal" || !("SS" in second.value || "NS" in second.value || "BS" in second.value)) {
      // DynamoDB reports the position of the call's first argument here (observed).
      throw refuse(withPosition(setFunctionValue(call.name), spanOf(first)));
    }
    return `${this.path(target)} ${this.value(second.value)}`;
  }

  /** A ProjectionExpression of SELECT's paths. */
  projection(paths: readonly Path[]): string {
    return paths.map((path) => this.path(path)).join(", ");
  }
}
