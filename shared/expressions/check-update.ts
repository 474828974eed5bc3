/**
 * Turns a raw update tree into a checked `Update`, reporting the first error in DynamoDB's order:
 *   1. redundant parentheses;
 *   2. in text order: function names (unknown, not allowed in updates, list_append nested);
 *   3. in text order: a repeated section, reserved words, list index range;
 *   4. actions from last to first: target path substitution and overlap/conflict with the
 *      targets already seen (reported as "path one: <this>, path two: <seen>");
 *   5. actions from last to first: operand substitution, operand counts, document-path
 *      operands and static operand types (+, -, list_append, ADD, DELETE);
 *   6. at most 300 operators and functions (+, -, if_not_exists, list_append; not the actions).
 * (DynamoDB walks the actions backwards in passes 4 and 5; the order decides which error wins.)
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import type { DocumentPath, Update, UpdateAction, UpdateValue } from "./ast";
import { checkRawPath, pathClash, resolvePath } from "./check-paths";
import { CONDITION_FUNCTIONS, UPDATE_FUNCTIONS } from "./functions";
import {
  invalid,
  invalidFunction,
  MESSAGES,
  misusedFunction,
  notAllowedInUpdate,
  operandCount,
  operandType,
  requiresPath,
  TYPE_WORDS,
} from "./messages";
import type { RawAction, RawSection } from "./parse-update";
import type { Parser, RawOperand } from "./parser";
import type { Placeholders } from "./placeholders";

const KIND = "UpdateExpression";
const MAX_OPERATORS = 300;
const ADDABLE = new Set(["N", "SS", "NS", "BS"]);
const DELETABLE = new Set(["SS", "NS", "BS"]);

const fail = (detail: string): never => {
  throw invalid(KIND, detail);
};

export function checkUpdate(parsed: { sections: RawSection[]; parser: Parser }, placeholders: Placeholders): Update {
  if (parsed.parser.redundantParentheses) fail(MESSAGES.redundantParentheses);
  const actions = parsed.sections.flatMap((section) => section.actions);
  for (const action of actions) if (action.kind === "set") checkFunctions(action.value, true);
  checkSectionsAndPaths(parsed.sections);

  const targets: DocumentPath[] = new Array(actions.length);
  const seen: DocumentPath[] = [];
  for (let i = actions.length - 1; i >= 0; i--) {
    const path = resolvePath(KIND, actions[i].path, placeholders);
    for (const other of seen) {
      const clash = pathClash(path, other);
      if (clash) fail(clash);
    }
    seen.push(path);
    targets[i] = path;
  }

  const checked: UpdateAction[] = new Array(actions.length);
  for (let i = actions.length - 1; i >= 0; i--) checked[i] = checkAction(actions[i], targets[i], placeholders);
  let operators = 0;
  for (const action of actions) if (action.kind === "set") operators += countOperators(action.value);
  if (operators > MAX_OPERATORS) {
    // DynamoDB stops counting at the first operator over the limit.
    fail(`The expression contains too many operators; operator count: ${MAX_OPERATORS + 1}`);
  }
  return { actions: checked, legacy: false };
}

/** Arithmetic operators and functions in a SET value, as DynamoDB counts them against its limit. */
function countOperators(operand: RawOperand): number {
  if (operand.kind === "arithmetic") return 1 + countOperators(operand.left) + countOperators(operand.right);
  if (operand.kind === "call") return operand.args.reduce((sum, arg) => sum + countOperators(arg), 1);
  return 0;
}

function checkFunctions(operand: RawOperand, topLevel: boolean): void {
  if (operand.kind === "arithmetic") {
    checkFunctions(operand.left, false);
    checkFunctions(operand.right, false);
  }
  if (operand.kind !== "call") return;
  if (Object.hasOwn(CONDITION_FUNCTIONS, operand.name)) fail(notAllowedInUpdate(operand.name));
  if (!Object.hasOwn(UPDATE_FUNCTIONS, operand.name)) fail(invalidFunction(operand.name));
  if (operand.name === "list_append" && !topLevel) {
    fail(misusedFunction(operand.name));
  }
  for (const arg of operand.args) checkFunctions(arg, false);
}

function checkSectionsAndPaths(sections: RawSection[]): void {
  const seen = new Set<string>();
  for (const section of sections) {
    if (seen.has(section.name)) fail(`The "${section.name}" section can only be used once in an update expression;`);
    seen.add(section.name);
    for (const action of section.actions) {
      checkRawPath(KIND, action.path);
      if (action.kind === "set") checkOperandPaths(action.value);
    }
  }
}

function checkOperandPaths(operand: RawOperand): void {
  if (operand.kind === "path") checkRawPath(KIND, operand);
  else if (operand.kind === "call") operand.args.forEach(checkOperandPaths);
  else if (operand.kind === "arithmetic") [operand.left, operand.right].forEach(checkOperandPaths);
}

function checkAction(action: RawAction, path: DocumentPath, placeholders: Placeholders): UpdateAction {
  switch (action.kind) {
    case "remove":
      return { kind: "remove", path };
    case "set":
      return { kind: "set", path, value: new ValueResolver(placeholders).value(action.value) };
    case "add":
    case "delete": {
      const value = placeholders.value(KIND, action.value.name);
      const allowed = action.kind === "add" ? ADDABLE : DELETABLE;
      const type = typeOf(value);
      if (!allowed.has(type)) {
        const operator = action.kind.toUpperCase();
        fail(
          `Incorrect operand type for operator or function; operator: ${operator}, operand type: ${TYPE_WORDS[type]}, typeSet: ALLOWED_FOR_${operator}_OPERAND`,
        );
      }
      return { kind: action.kind, path, value };
    }
  }
}

/** The type of an update operand known before evaluation, if any. */
function staticType(value: UpdateValue): string | undefined {
  switch (value.kind) {
    case "value":
      return typeOf(value.value);
    case "list_append":
      return "L";
    case "plus":
    case "minus":
      return "N";
    case "path":
    case "if_not_exists":
      return undefined;
  }
}

class ValueResolver {
  constructor(private readonly placeholders: Placeholders) {}

  value(operand: RawOperand): UpdateValue {
    switch (operand.kind) {
      case "path":
        return { kind: "path", path: resolvePath(KIND, operand, this.placeholders) };
      case "value":
        return { kind: "value", value: this.literal(operand.name) };
      case "arithmetic": {
        const left = this.value(operand.left);
        const right = this.value(operand.right);
        this.typed(operand.op, [left, right], "N");
        return { kind: operand.op === "+" ? "plus" : "minus", left, right };
      }
      case "call": {
        const args = operand.args.map((arg) => this.value(arg));
        if (args.length !== UPDATE_FUNCTIONS[operand.name]) fail(operandCount(operand.name, args.length));
        const [first, second] = args;
        if (operand.name === "list_append") {
          this.typed(operand.name, args, "L");
          return { kind: "list_append", left: first, right: second };
        }
        if (first.kind !== "path") return fail(requiresPath(operand.name));
        return { kind: "if_not_exists", path: first.path, fallback: second };
      }
    }
  }

  private literal(name: string): AttributeValue {
    return this.placeholders.value(KIND, name);
  }

  private typed(operator: string, operands: UpdateValue[], wanted: string): void {
    for (const operand of operands) {
      const type = staticType(operand);
      if (type !== undefined && type !== wanted) fail(operandType(operator, type));
    }
  }
}
