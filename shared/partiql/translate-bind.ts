/**
 * A statement's parameters put in place: every `?` becomes the literal value the request gave at
 * its position, and lists, maps and sets that held parameters become literal values. After
 * `bindStatement` a tree's values are only literals and `MISSING` (where an operand stands), so
 * the translator never meets a parameter. Nodes keep the positions the parser recorded.
 *
 * DynamoDB counts parameters only one way: a statement that uses more than the request gives is
 * refused ("Number of parameters in request and statement don't match."); unused ones are ignored
 * (DynamoDB Local 1.25.1, observed).
 */
import type { AttributeValue } from "../api/attribute-value";
import { setName } from "../api/names";
import type { Condition, Operand, Statement, UpdateClause, Value } from "./ast";
import { PARTIQL_MESSAGES, unsupportedDataType } from "./errors";
import { located, spanOf, withPosition } from "./positions";
import { refuse, TRANSLATE_MESSAGES } from "./translate-messages";

type Select = Extract<Statement, { kind: "select" }>;

/** `node` rebuilt as `copy`, keeping its position. */
const keep = <T extends object>(node: object, copy: T): T => located(copy, spanOf(node));

class Binder {
  constructor(private readonly parameters: readonly AttributeValue[]) {}

  parameter(index: number): AttributeValue {
    if (index >= this.parameters.length) throw refuse(TRANSLATE_MESSAGES.parameterCount);
    return this.parameters[index];
  }

  /** A value in an operand's place: a literal, or MISSING. */
  value(value: Value): Value {
    if (value.kind === "literal" || value.kind === "missing") return value;
    return keep(value, { kind: "literal", value: this.nested(value, "root") });
  }

  /** A value inside a list, map or set (or one of those itself), at `path` as DynamoDB names it. */
  nested(value: Value, path: string): AttributeValue {
    switch (value.kind) {
      case "literal":
        return value.value;
      case "parameter":
        return this.parameter(value.index);
      case "missing":
        throw refuse(withPosition(unsupportedDataType("LiteralMissing", path), spanOf(value)));
      case "list":
        return { L: value.items.map((item, i) => this.nested(item, `${path}.${i}`)) };
      case "map": {
        const map: Record<string, AttributeValue> = {};
        for (const { key, value: entry } of value.entries) setName(map, key, this.nested(entry, `${path}.${key}`));
        return { M: map };
      }
      case "set":
        return this.set(value);
    }
  }

  /** A set of literals; DynamoDB refuses a parameter among its members. */
  private set(value: Extract<Value, { kind: "set" }>): AttributeValue {
    const members = value.items.map((item) => {
      if (item.kind !== "literal") throw refuse(withPosition(PARTIQL_MESSAGES.bagType, spanOf(item)));
      return item.value;
    });
    const strings = members.every((m) => "S" in m);
    const numbers = members.every((m) => "N" in m);
    if (members.length === 0) throw refuse(PARTIQL_MESSAGES.emptyBag);
    if (!strings && !numbers) throw refuse(PARTIQL_MESSAGES.bagType);
    const texts = members.map((m) => ("S" in m ? m.S : (m as { N: string }).N));
    if (new Set(texts).size !== texts.length) throw refuse(PARTIQL_MESSAGES.setDuplicates);
    return strings ? { SS: texts } : { NS: texts };
  }

  operand(operand: Operand): Operand {
    switch (operand.kind) {
      case "path":
        return operand;
      case "call":
        return keep(operand, { kind: "call", name: operand.name, args: operand.args.map((a) => this.operand(a)) });
      case "arithmetic":
        return keep(operand, {
          kind: "arithmetic",
          op: operand.op,
          left: this.operand(operand.left),
          right: this.operand(operand.right),
        });
      case "parameter":
        return keep(operand, { kind: "literal", value: this.parameter(operand.index) });
      default:
        return this.value(operand);
    }
  }

  condition(condition: Condition): Condition {
    const bound = ((): Condition => {
      switch (condition.kind) {
        case "compare":
          return { ...condition, left: this.operand(condition.left), right: this.operand(condition.right) };
        case "between":
          return {
            ...condition,
            operand: this.operand(condition.operand),
            low: this.operand(condition.low),
            high: this.operand(condition.high),
          };
        case "in":
          return {
            ...condition,
            operand: this.operand(condition.operand),
            list: condition.list.map((o) => this.operand(o)),
          };
        case "is":
          return { ...condition, operand: this.operand(condition.operand) };
        case "and":
        case "or":
          return { ...condition, left: this.condition(condition.left), right: this.condition(condition.right) };
        case "not":
          return { ...condition, operand: this.condition(condition.operand) };
        case "call":
          return { ...condition, args: condition.args.map((a) => this.operand(a)) };
      }
    })();
    return keep(condition, bound);
  }

  select(select: Select): Select {
    return keep(select, { ...select, ...(select.where ? { where: this.condition(select.where) } : {}) });
  }

  clause(clause: UpdateClause): UpdateClause {
    return clause.kind === "remove" ? clause : keep(clause, { ...clause, value: this.operand(clause.value) });
  }
}

const bindWhere = (binder: Binder, where: Condition | undefined) =>
  where === undefined ? {} : { where: binder.condition(where) };

/**
 * `statement` with `parameters` in place of its `?`s. Throws DynamoDB's ValidationException when
 * it uses a parameter the request does not give, or a value DynamoDB cannot build (MISSING inside
 * a list or map, a parameter inside a set).
 */
export function bindStatement(statement: Statement, parameters: readonly AttributeValue[] = []): Statement {
  const binder = new Binder(parameters);
  switch (statement.kind) {
    case "select":
      return binder.select(statement);
    case "exists":
      return keep(statement, { kind: "exists", select: binder.select(statement.select) });
    case "insert":
      return keep(statement, { ...statement, value: keep(statement.value, insertItem(binder, statement.value)) });
    case "update":
      return keep(statement, {
        ...statement,
        ...bindWhere(binder, statement.where),
        clauses: statement.clauses.map((clause) => binder.clause(clause)),
      });
    case "delete":
      return keep(statement, { ...statement, ...bindWhere(binder, statement.where) });
  }
}

/** An INSERT's item: its attributes' values are literals or parameters (the parser refuses the rest). */
function insertItem(binder: Binder, value: Value): Value {
  if (value.kind === "literal") return value;
  if (value.kind !== "map") throw refuse(PARTIQL_MESSAGES.insertFormat);
  const item: Record<string, AttributeValue> = {};
  for (const { key, value: entry } of value.entries) {
    if (entry.kind === "missing") throw refuse(unsupportedDataType("MISSING", "root"));
    setName(item, key, binder.nested(entry, "root"));
  }
  return { kind: "literal", value: { M: item } };
}
