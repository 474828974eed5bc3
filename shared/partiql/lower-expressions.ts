/**
 * Syntax trees of conditions, operands and paths (syntax.ts) onto the statement tree (ast.ts),
 * refusing what DynamoDB's translator refuses in its words: operators other than comparisons,
 * AND, OR, NOT, BETWEEN, IN, IS and (in SET values) `+` `-`; names or literals where a condition
 * belongs; paths that are not a name followed by names and list indexes; aggregates; subqueries.
 * Every node built gets its span (positions.ts). Lowering is recursive, one level per tree level:
 * a tree deeper than MAX_TREE_DEPTH (which takes hundreds of operators, more than DynamoDB's 300
 * per expression) is refused with DynamoDB's operator-count message instead.
 */
import type { Comparator, Condition, IsTest, Operand, Path, PathStep } from "./ast";
import {
  IS_TYPES,
  isType,
  listIndexRange,
  operandCount,
  PARTIQL_MESSAGES,
  refused,
  unsupportedConditionOperator,
  unsupportedToken,
  unsupportedUpdateOperator,
} from "./errors";
import { located } from "./positions";
import type { Expr, Step } from "./syntax";
import { spanOfExpr, toAttributeValue } from "./values";

/** Where an operand stands: in a condition (WHERE, EXISTS) or on the right of a SET. */
export type OperandContext = "condition" | "update";

/** Deepest tree lowered: a deeper one has more than DynamoDB's 300 operators on one branch. */
export const MAX_TREE_DEPTH = 500;

const COMPARATORS: ReadonlySet<string> = new Set(["=", "<>", "<", "<=", ">", ">="]);
const MAX_LIST_INDEX = 2n ** 31n - 1n;

/** True for the nodes DynamoDB accepts as a condition ("Expressions"): operators, IS, calls. */
export function isCondition(expr: Expr): boolean {
  switch (expr.kind) {
    case "binary":
    case "unary":
    case "between":
    case "in":
    case "is":
    case "like":
      return true;
    case "call":
      return !expr.aggregate;
    default:
      return false;
  }
}

/** The operator a node applies, as DynamoDB names it in "Unsupported operator" messages. */
function operatorName(expr: Expr): string {
  return expr.kind === "binary" || expr.kind === "unary" ? expr.op : expr.kind;
}

export class ExpressionLowering {
  private depth = 0;

  /** Enters one more tree level; a failure abandons the whole statement, so levels need no unwinding. */
  private enter(): void {
    if (++this.depth > MAX_TREE_DEPTH) throw refused(PARTIQL_MESSAGES.tooManyOperators);
  }

  private leave<T extends object>(node: T, expr: Expr): T {
    this.depth--;
    return located(node, spanOfExpr(expr));
  }

  /**
   * The condition in a place that needs one (WHERE, an operand of AND, OR or NOT). Anything else
   * is refused with `message`, once DynamoDB has read it: a literal value is converted first.
   */
  condition(expr: Expr, message: string): Condition {
    if (!isCondition(expr)) {
      if (["string", "number", "bool", "null", "ion", "list", "struct", "bag"].includes(expr.kind)) {
        toAttributeValue(expr, "root");
      }
      throw refused(message);
    }
    this.enter();
    return this.leave(this.conditionNode(expr), expr);
  }

  private conditionNode(expr: Expr): Condition {
    switch (expr.kind) {
      case "binary": {
        if (expr.op === "and" || expr.op === "or") {
          const left = this.condition(expr.left, PARTIQL_MESSAGES.andOrOperands);
          return { kind: expr.op, left, right: this.condition(expr.right, PARTIQL_MESSAGES.andOrOperands) };
        }
        if (!COMPARATORS.has(expr.op)) throw refused(unsupportedConditionOperator(expr.op));
        const left = this.operand(expr.left, "condition");
        return { kind: "compare", op: expr.op as Comparator, left, right: this.operand(expr.right, "condition") };
      }
      case "unary":
        if (expr.op !== "not") throw refused(unsupportedConditionOperator(expr.op));
        return { kind: "not", operand: this.condition(expr.operand, PARTIQL_MESSAGES.notOperand) };
      case "between": {
        const operand = this.operand(expr.operand, "condition");
        const low = this.operand(expr.low, "condition");
        return { kind: "between", operand, low, high: this.operand(expr.high, "condition"), negated: expr.negated };
      }
      case "in": {
        const right = expr.right;
        if ((right.kind !== "list" && right.kind !== "bag") || right.items.length === 0) {
          throw refused(PARTIQL_MESSAGES.inOperator);
        }
        const operand = this.operand(expr.operand, "condition");
        const list = right.items.map((item) => this.operand(item, "condition"));
        return { kind: "in", operand, list, negated: expr.negated };
      }
      case "is":
        return this.isTest(expr);
      case "call":
        return this.call(expr, "condition");
      default:
        throw refused(unsupportedConditionOperator(operatorName(expr)));
    }
  }

  private isTest(expr: Extract<Expr, { kind: "is" }>): Condition {
    const subject = expr.operand.kind;
    if (!["name", "path", "string", "number", "bool", "null", "ion"].includes(subject)) {
      throw refused(PARTIQL_MESSAGES.isOperand);
    }
    if (!(IS_TYPES as readonly string[]).includes(expr.type)) throw refused(isType(expr.type), expr.token);
    const operand = this.operand(expr.operand, "condition");
    return { kind: "is", operand, test: expr.type as IsTest, negated: expr.negated };
  }

  private call(expr: Extract<Expr, { kind: "call" }>, context: OperandContext): Operand & Condition {
    if (expr.aggregate) throw refused(unsupportedToken(expr.name), expr.token);
    return { kind: "call", name: expr.name, args: expr.args.map((arg) => this.operand(arg, context)) };
  }

  /** An operand of a comparison, function or SET; values become DynamoDB values here. */
  operand(expr: Expr, context: OperandContext): Operand {
    this.enter();
    return this.leave(this.operandNode(expr, context), expr);
  }

  private operandNode(expr: Expr, context: OperandContext): Operand {
    const unsupported = context === "condition" ? unsupportedConditionOperator : unsupportedUpdateOperator;
    switch (expr.kind) {
      case "string":
      case "number":
      case "bool":
      case "null":
      case "ion":
      case "list":
      case "struct":
      case "bag":
        return { kind: "literal", value: toAttributeValue(expr, "root") };
      case "parameter":
        return { kind: "parameter", index: expr.index };
      case "missing":
        return { kind: "missing" };
      case "name":
      case "path":
        return this.path(expr);
      case "call":
        return this.call(expr, context);
      case "select":
        throw refused(unsupportedToken("SELECT"), expr.token);
      case "binary":
        return this.operator(expr, context);
      case "unary":
        if (expr.op === "not") {
          if (context === "condition") this.conditionNode(expr);
          throw refused(unsupported(expr.op));
        }
        if (context === "condition") throw refused(unsupported(expr.op));
        // An update reads the operand, then counts the operator's operands.
        this.operand(expr.operand, context);
        throw refused(operandCount(expr.op, 1));
      default:
        // BETWEEN, IN, IS and LIKE as values: a condition reads them as conditions first.
        if (context === "condition" && expr.kind !== "like") this.conditionNode(expr);
        throw refused(unsupported(operatorName(expr)));
    }
  }

  /**
   * A binary operator as an operand. SET takes `+` and `-`; a comparison, which DynamoDB reads as
   * a value in a condition and `=` in SET, is read and then refused (the tree has no such operand);
   * any other operator is refused before its operands are read.
   */
  private operator(expr: Extract<Expr, { kind: "binary" }>, context: OperandContext): Operand {
    const unsupported = context === "condition" ? unsupportedConditionOperator : unsupportedUpdateOperator;
    const arithmetic = expr.op === "+" || expr.op === "-";
    const readAsValue = context === "condition" ? COMPARATORS.has(expr.op) : arithmetic || expr.op === "=";
    if (context === "condition" && (expr.op === "and" || expr.op === "or")) this.conditionNode(expr);
    if (!readAsValue) throw refused(unsupported(expr.op));
    const left = this.operand(expr.left, context);
    const right = this.operand(expr.right, context);
    if (context === "update" && arithmetic) return { kind: "arithmetic", op: expr.op as "+" | "-", left, right };
    throw refused(unsupported(expr.op));
  }

  /** A document path: a name, then names and list indexes (`a."b c"[2]`, `a['b']`, `a[b]`). */
  path(expr: Expr): Path {
    if (expr.kind === "name") return located({ kind: "path", steps: [expr.name] }, expr.token);
    if (expr.kind !== "path") throw refused(PARTIQL_MESSAGES.unexpectedPathComponent, spanOfExpr(expr));
    const root = expr.root;
    let steps: PathStep[];
    if (root.kind === "name") steps = [root.name];
    else if (root.kind === "path") {
      this.enter();
      steps = this.leave(this.path(root), root).steps;
    } else if (root.kind === "list") throw refused(PARTIQL_MESSAGES.pathStartsWithIndex, root.token);
    else throw refused(PARTIQL_MESSAGES.unexpectedPathComponent, spanOfExpr(root));
    for (const step of expr.steps) steps.push(pathStep(step));
    return { kind: "path", steps };
  }
}

function pathStep(step: Step): PathStep {
  switch (step.kind) {
    case "name":
      return step.name;
    case "wildcard":
      throw refused(PARTIQL_MESSAGES.wildcard, step.token);
    case "unpivot":
      throw refused(PARTIQL_MESSAGES.unpivot, step.token);
    case "index":
      return indexStep(step.index);
  }
}

/** `[2]` a list index; `['b']`, `[b]` and `["b"]` the map key b. */
function indexStep(index: Expr): PathStep {
  switch (index.kind) {
    case "string":
    case "name":
      return index.kind === "string" ? index.value : index.name;
    case "number": {
      if (/[.eE]/.test(index.text)) throw refused(PARTIQL_MESSAGES.unexpectedPathComponent, index.token);
      const value = BigInt(index.text) * (index.negated ? -1n : 1n);
      if (value < 0n || value > MAX_LIST_INDEX) throw refused(listIndexRange(value.toString()), index.token);
      return Number(value);
    }
    default:
      throw refused(PARTIQL_MESSAGES.unexpectedPathComponent, spanOfExpr(index));
  }
}
