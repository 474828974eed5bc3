/**
 * Turns a raw condition tree into a checked `Condition`, reporting the first error in DynamoDB's
 * order. The passes, each over the whole tree:
 *   1. redundant parentheses;
 *   2. in text order (pre-order): function names (an update function such as if_not_exists is
 *      "not allowed in a condition expression"), functions used in the wrong place, reserved
 *      words and list index range;
 *   3. bottom-up (operands before their operator): substitution of names and values, nesting
 *      depth, operand counts, document-path operands, distinct operands, static operand types,
 *      BETWEEN bounds, IN size;
 *   4. the operator count.
 * Static type checks apply to literal values (and size(), which is a number); paths are typed
 * only at evaluation time.
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { LIMITS } from "../api/limits";
import type { Condition, DocumentPath, Operand } from "./ast";
import { checkRawPath, resolvePath, samePath } from "./check-paths";
import { compareScalars } from "./compare";
import { CONDITION_FUNCTIONS, UPDATE_FUNCTIONS } from "./functions";
import type { ExpressionKind } from "./messages";
import {
  formatValue,
  invalid,
  invalidFunction,
  MESSAGES,
  misusedFunction,
  notAllowedInCondition,
  notDistinct,
  operandCount,
  operandType,
  requiresPath,
} from "./messages";
import type { Parser, RawCondition, RawOperand } from "./parser";
import type { Placeholders } from "./placeholders";

/** The message for a function `name` that conditions do not have, or undefined when they do. */
function unknownFunction(name: string): string | undefined {
  if (Object.hasOwn(CONDITION_FUNCTIONS, name)) return undefined;
  return Object.hasOwn(UPDATE_FUNCTIONS, name) ? notAllowedInCondition(name) : invalidFunction(name);
}

const ATTRIBUTE_TYPE_NAMES = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"];
const VALID_TYPES = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";
/** What DynamoDB prints as the "type" of a document path given to attribute_type. */
const ANY_PATH_TYPE =
  "{HD,NS,L,HDS,M,BS,S,SS,NULL,FLOAT,DOUBLE,DECIMAL,DICT,B,DOUBLESET,N,FS,INTSET,BOOL,INT,DECIMALSET}";
const ORDERABLE = new Set(["N", "S", "B"]);
const MAX_OPERATORS = 300;

export function checkCondition(
  kind: ExpressionKind,
  parsed: { tree: RawCondition; parser: Parser },
  placeholders: Placeholders,
): Condition {
  if (parsed.parser.redundantParentheses) throw invalid(kind, MESSAGES.redundantParentheses);
  checkStructure(kind, parsed.tree);
  const condition = new Resolver(kind, placeholders).condition(parsed.tree);
  if (countOperators(parsed.tree) > MAX_OPERATORS) {
    throw invalid(kind, `The expression contains too many operators; operator count: ${MAX_OPERATORS + 1}`);
  }
  return condition;
}

/** The operands directly under a comparison, BETWEEN, IN or function node. */
function leafOperands(node: Exclude<RawCondition, { kind: "and" | "or" | "not" }>): RawOperand[] {
  switch (node.kind) {
    case "compare":
      return [node.left, node.right];
    case "between":
      return [node.operand, node.low, node.high];
    case "in":
      return [node.operand, ...node.list];
    case "call":
      return node.args;
  }
}

function checkStructure(kind: ExpressionKind, node: RawCondition): void {
  if (node.kind === "and" || node.kind === "or") {
    checkStructure(kind, node.left);
    checkStructure(kind, node.right);
  } else if (node.kind === "not") {
    checkStructure(kind, node.operand);
  } else {
    if (node.kind === "call") {
      const unknown = unknownFunction(node.name);
      if (unknown) throw invalid(kind, unknown);
      if (node.name === "size") throw invalid(kind, misusedFunction(node.name));
    }
    for (const operand of leafOperands(node)) checkOperandStructure(kind, operand);
  }
}

function checkOperandStructure(kind: ExpressionKind, operand: RawOperand): void {
  if (operand.kind === "path") checkRawPath(kind, operand);
  if (operand.kind !== "call") return;
  const unknown = unknownFunction(operand.name);
  if (unknown) throw invalid(kind, unknown);
  if (operand.name !== "size") throw invalid(kind, misusedFunction(operand.name));
  for (const arg of operand.args) checkOperandStructure(kind, arg);
}

/** Operators and functions, as DynamoDB counts them against its limit of 300. */
function countOperators(node: RawCondition): number {
  if (node.kind === "and" || node.kind === "or") return 1 + countOperators(node.left) + countOperators(node.right);
  if (node.kind === "not") return 1 + countOperators(node.operand);
  return 1 + leafOperands(node).reduce((sum, operand) => sum + countOperandOperators(operand), 0);
}

function countOperandOperators(operand: RawOperand): number {
  if (operand.kind !== "call") return 0;
  return 1 + operand.args.reduce((sum, arg) => sum + countOperandOperators(arg), 0);
}

/** The type DynamoDB knows before evaluation: a literal's type, N for size(), none for a path. */
function staticType(operand: Operand): string | undefined {
  if (operand.kind === "value") return typeOf(operand.value);
  if (operand.kind === "size") return "N";
  return undefined;
}

class Resolver {
  constructor(
    private readonly kind: ExpressionKind,
    private readonly placeholders: Placeholders,
  ) {}

  private fail(detail: string): never {
    throw invalid(this.kind, detail);
  }

  condition(node: RawCondition): Condition {
    switch (node.kind) {
      case "compare": {
        const left = this.operand(node.left);
        const right = this.operand(node.right);
        this.distinct(node.op, left, [right]);
        if (node.op !== "=" && node.op !== "<>") this.orderable(node.op, [left, right]);
        return { kind: "compare", op: node.op, left, right };
      }
      case "between": {
        const operand = this.operand(node.operand);
        const low = this.operand(node.low);
        const high = this.operand(node.high);
        this.orderable("BETWEEN", [operand, low, high]);
        this.distinct("BETWEEN", operand, [low, high]);
        if (low.kind === "value" && high.kind === "value") this.bounds(low.value, high.value);
        return { kind: "between", operand, low, high };
      }
      case "in": {
        const operand = this.operand(node.operand);
        const list = node.list.map((item) => this.operand(item));
        if (list.length > LIMITS.inOperands) {
          this.fail(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
        }
        this.distinct("IN", operand, list);
        return { kind: "in", operand, list };
      }
      case "and":
      case "or":
        return { kind: node.kind, left: this.condition(node.left), right: this.condition(node.right) };
      case "not":
        return { kind: "not", operand: this.condition(node.operand) };
      case "call":
        return this.call(
          node.name,
          node.args.map((arg) => this.operand(arg)),
        );
    }
  }

  private call(name: string, args: Operand[]): Condition {
    if (args.length !== CONDITION_FUNCTIONS[name]) this.fail(operandCount(name, args.length));
    switch (name) {
      case "attribute_exists":
      case "attribute_not_exists": {
        const [arg] = args;
        if (arg.kind !== "path") this.fail(requiresPath(name));
        return { kind: name, path: arg.path };
      }
      case "attribute_type": {
        const [operand, type] = args;
        this.distinct(name, operand, [type]);
        if (type.kind === "path") this.fail(operandType(name, ANY_PATH_TYPE));
        if (type.kind === "size" || !("S" in type.value)) this.fail(operandType(name, staticType(type) ?? ""));
        if (!ATTRIBUTE_TYPE_NAMES.includes(type.value.S)) {
          this.fail(`Invalid attribute type name found; type: ${type.value.S}, valid types: ${VALID_TYPES}`);
        }
        return { kind: "attribute_type", operand, type };
      }
      case "begins_with": {
        const [operand, prefix] = args;
        this.distinct(name, operand, [prefix]);
        for (const arg of args) {
          const type = staticType(arg);
          if (type !== undefined && type !== "S" && type !== "B") this.fail(operandType(name, type));
        }
        return { kind: "begins_with", operand, prefix };
      }
      default: {
        const [operand, element] = args;
        this.distinct(name, operand, [element]);
        return { kind: "contains", operand, element };
      }
    }
  }

  private operand(node: RawOperand): Operand {
    switch (node.kind) {
      case "path":
        return { kind: "path", path: resolvePath(this.kind, node, this.placeholders) };
      case "value":
        return { kind: "value", value: this.placeholders.value(this.kind, node.name) };
      case "call": {
        const args = node.args.map((arg) => this.operand(arg));
        if (args.length !== 1) this.fail(operandCount(node.name, args.length));
        const type = staticType(args[0]);
        if (type === "N" || type === "BOOL" || type === "NULL") this.fail(operandType("size", type));
        return { kind: "size", operand: args[0] };
      }
      case "arithmetic":
        throw new Error("arithmetic is not part of the condition grammar");
    }
  }

  private distinct(operator: string, first: Operand, rest: Operand[]): void {
    if (first.kind !== "path") return;
    const path: DocumentPath = first.path;
    if (rest.some((other) => other.kind === "path" && samePath(other.path, path)))
      this.fail(notDistinct(operator, path));
  }

  private orderable(operator: string, operands: Operand[]): void {
    for (const operand of operands) {
      const type = staticType(operand);
      if (type !== undefined && !ORDERABLE.has(type)) this.fail(operandType(operator, type));
    }
  }

  private bounds(low: AttributeValue, high: AttributeValue): void {
    const described = `lower bound operand: AttributeValue: ${formatValue(low)}, upper bound operand: AttributeValue: ${formatValue(high)}`;
    if (typeOf(low) !== typeOf(high)) {
      this.fail(`The BETWEEN operator requires same data type for lower and upper bounds; ${described}`);
    }
    if ((compareScalars(low, high) ?? 0) > 0) {
      this.fail(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${described}`);
    }
  }
}
