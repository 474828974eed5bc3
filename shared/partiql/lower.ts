/**
 * Statement syntax (statements.ts) onto the statement tree (ast.ts), with the refusals DynamoDB's
 * translator makes before it looks at a table, in the order it makes them (as observed on
 * DynamoDB Local 1.25.1; docs/partiql-messages.md):
 * - SELECT: GROUP BY, HAVING, LIMIT, DISTINCT, several sources, the source's alias and path
 *   (table and index names), VALUE or PIVOT, the projection, WHERE, ORDER BY;
 * - INSERT: AT, a bulk insert, ON CONFLICT, the item's form, its keys and values, RETURNING, then
 *   the target (never an index; its name is left to the table lookup, as DynamoDB does);
 * - UPDATE: WHERE, the SET and REMOVE clauses, alias, target, RETURNING; DELETE: WHERE, alias,
 *   target, RETURNING;
 * - any other expression as a statement is refused, naming its node (errors.ts, NotAStatement).
 */
import type { AttributeValue } from "../api/attribute-value";
import { pathClash } from "../expressions/check-paths";
import type { Path, PathStep, Returning, Statement, Target, UpdateClause, Value } from "./ast";
import {
  duplicateIdentifier,
  duplicateTupleKey,
  ionLiteral,
  NotAStatement,
  orderByType,
  PARTIQL_MESSAGES,
  refused,
  unsupportedClause,
  unsupportedDataType,
  unsupportedToken,
} from "./errors";
import { ExpressionLowering } from "./lower-expressions";
import { located } from "./positions";
import type { ReturningSyntax, SelectSyntax, Source, StatementSyntax } from "./statements";
import type { Expr } from "./syntax";
import { mapKey, nodeType, spanOfExpr, toAttributeValue } from "./values";

type Select = Extract<Statement, { kind: "select" }>;

export function lowerStatement(syntax: StatementSyntax): Statement {
  const lowering = new ExpressionLowering();
  switch (syntax.kind) {
    case "insert":
      return lowerInsert(syntax);
    case "update":
      return lowerUpdate(lowering, syntax);
    case "delete": {
      const where = lowerWhere(lowering, syntax.where);
      checkAlias(syntax.source);
      const from = lowerSource(syntax.source);
      return { kind: "delete", from, where, returning: lowerReturning(syntax.returning) };
    }
    case "expression":
      return lowerExpressionStatement(lowering, syntax.expr);
  }
}

/** A statement that is one expression: a SELECT, `EXISTS(SELECT …)`, or something DynamoDB refuses. */
function lowerExpressionStatement(lowering: ExpressionLowering, expr: Expr): Statement {
  if (expr.kind === "select") return lowerSelect(lowering, expr.select);
  if (expr.kind === "call" && expr.name === "exists" && expr.args.length === 1 && expr.args[0].kind === "select") {
    return { kind: "exists", select: lowerSelect(lowering, expr.args[0].select) };
  }
  throw new NotAStatement(nodeType(expr));
}

function checkAlias(source: Source): void {
  if (source.alias) throw refused(PARTIQL_MESSAGES.aliasing);
}

function lowerWhere(lowering: ExpressionLowering, where: Expr | undefined) {
  return where === undefined ? undefined : lowering.condition(where, PARTIQL_MESSAGES.whereBoolean);
}

function lowerSelect(lowering: ExpressionLowering, select: SelectSyntax): Select {
  if (select.groupBy) throw refused(unsupportedClause("GROUP BY"));
  if (select.having) throw refused(unsupportedClause("HAVING"), spanOfExpr(select.having));
  if (select.limit) throw refused(unsupportedClause("LIMIT"), spanOfExpr(select.limit));
  if (select.distinct) throw refused(unsupportedToken("DISTINCT"));
  if (select.sources.length > 1) throw refused(PARTIQL_MESSAGES.singleSource);
  checkAlias(select.sources[0]);
  const from = lowerSource(select.sources[0]);
  if (select.valueOrPivot) throw refused(PARTIQL_MESSAGES.valueOrPivot);
  const projection = select.projection === "*" ? "*" : lowerProjection(lowering, select.projection);
  const result: Select = { kind: "select", projection, from };
  const where = lowerWhere(lowering, select.where);
  if (where) result.where = where;
  const keys = select.orderBy.map((key) => ({ path: lowerOrderKey(lowering, key.expr), descending: key.descending }));
  if (keys.length > 0) result.orderBy = keys[0];
  if (keys.length > 1) result.thenBy = keys.slice(1);
  return located(result, select.keyword);
}

/**
 * The projected paths, item by item (an alias, `a.*` or anything but a path refused), then
 * DynamoDB's checks on them together: no two with the same output name (the last name, with the
 * indexes after it: `b` for `a.b`, `a[0]` for `a[0]`), and none overlapping or conflicting with
 * another (compared from the last item back, as DynamoDB reports them).
 */
function lowerProjection(lowering: ExpressionLowering, items: { expr: Expr; alias?: unknown }[]): Path[] {
  const paths = items.map((item) => {
    if (item.alias) throw refused(PARTIQL_MESSAGES.aliasing);
    const expr = item.expr;
    if (expr.kind === "path" && expr.steps[expr.steps.length - 1].kind === "unpivot") {
      throw refused(PARTIQL_MESSAGES.changingHierarchy);
    }
    return lowering.path(expr);
  });
  const names = new Set<string>();
  for (const path of paths) {
    const name = outputName(path.steps);
    if (names.has(name)) throw refused(duplicateIdentifier(name));
    names.add(name);
  }
  const reversed = paths.map((path) => path.steps).reverse();
  for (let i = reversed.length - 1; i >= 0; i--) {
    for (const later of reversed.slice(i + 1)) {
      const clash = pathClash(reversed[i], later);
      if (clash) throw refused(clash);
    }
  }
  return paths;
}

function outputName(steps: PathStep[]): string {
  let last = steps.length - 1;
  while (last > 0 && typeof steps[last] === "number") last--;
  return (
    steps[last] +
    steps
      .slice(last + 1)
      .map((step) => `[${step}]`)
      .join("")
  );
}

/** How DynamoDB names an ORDER BY key that is not a name: its text, or its kind. */
function orderKeyText(expr: Expr): string {
  switch (expr.kind) {
    case "path":
      return "PATH";
    case "parameter":
      return "PARAMETER";
    case "call":
      return expr.name;
    case "string":
      return JSON.stringify(expr.value);
    case "number":
      return (expr.negated ? "-" : "") + expr.text;
    case "ion":
      return expr.token.value.trim();
    case "list":
    case "bag":
    case "struct":
      return { list: "LIST", bag: "BAG", struct: "STRUCT" }[expr.kind];
    case "missing":
      return "MISSING";
    case "select":
      return "SELECT";
    default:
      return expr.token.value;
  }
}

/** An ORDER BY key: a name. */
function lowerOrderKey(lowering: ExpressionLowering, expr: Expr): Path {
  if (expr.kind !== "name") throw refused(orderByType(orderKeyText(expr)));
  return lowering.path(expr);
}

/**
 * The table (and index) of a FROM, UPDATE or DELETE: `t` or `t.i`, names quoted or not. Neither
 * may be empty, and both must be valid table names (3 to 255 of `a-z A-Z 0-9 _ - .`).
 */
function lowerSource(source: Source): Target {
  const expr = source.expr;
  let target: Target;
  if (expr.kind === "name") target = { table: expr.name };
  else {
    if (expr.kind !== "path") throw refused(PARTIQL_MESSAGES.unexpectedFromSource);
    if (expr.root.kind === "list") throw refused(PARTIQL_MESSAGES.pathStartsWithIndex, expr.root.token);
    if (expr.root.kind !== "name") throw refused(PARTIQL_MESSAGES.unexpectedPathComponent, spanOfExpr(expr.root));
    for (const step of expr.steps) {
      if (step.kind === "index") throw refused(PARTIQL_MESSAGES.fromList);
      if (step.kind === "unpivot") throw refused(PARTIQL_MESSAGES.unpivot, step.token);
      if (step.kind === "wildcard") throw refused(PARTIQL_MESSAGES.wildcard, step.token);
    }
    if (expr.steps.length > 1) throw refused(PARTIQL_MESSAGES.fromComponents);
    const index = expr.steps[0];
    target = { table: expr.root.name, index: index.kind === "name" ? index.name : "" };
  }
  const names = target.index === undefined ? [target.table] : [target.table, target.index];
  if (names.includes("")) throw refused(PARTIQL_MESSAGES.emptyPathComponent);
  if (!names.every((name) => /^[A-Za-z0-9_.-]{3,255}$/.test(name))) throw refused(PARTIQL_MESSAGES.tableName);
  return target;
}

function lowerReturning(elements: ReturningSyntax[]): Returning | undefined {
  if (elements.length > 1) throw refused(PARTIQL_MESSAGES.returningMultiple);
  if (elements.length === 0) return undefined;
  if (elements[0].expr) throw refused(PARTIQL_MESSAGES.returningStar);
  return { which: elements[0].which, image: elements[0].image };
}

function lowerUpdate(lowering: ExpressionLowering, syntax: Extract<StatementSyntax, { kind: "update" }>): Statement {
  const where = lowerWhere(lowering, syntax.where);
  const clauses: UpdateClause[] = syntax.operations.map((operation) => {
    const path = lowering.path(operation.path);
    if (operation.kind === "remove") return located({ kind: "remove", path }, spanOfExpr(operation.path));
    return located({ kind: "set", path, value: lowering.operand(operation.value, "update") }, operation.token);
  });
  checkAlias(syntax.source);
  const target = lowerSource(syntax.source);
  return { kind: "update", target, clauses, where, returning: lowerReturning(syntax.returning) };
}

function lowerInsert(syntax: Extract<StatementSyntax, { kind: "insert" }>): Statement {
  if (syntax.at) throw refused(PARTIQL_MESSAGES.atInInsert, syntax.at);
  if (!syntax.value) throw refused(PARTIQL_MESSAGES.insertOp);
  if (syntax.onConflict) throw refused(unsupportedClause("ON CONFLICT"));
  if (syntax.value.kind !== "struct") throw refused(PARTIQL_MESSAGES.insertFormat, spanOfExpr(syntax.value));
  const value = lowerItemValue(syntax.value);
  if (lowerReturning(syntax.returning)) throw refused(PARTIQL_MESSAGES.returningInInsert);
  const target = syntax.target;
  if (target.kind !== "name") throw refused(PARTIQL_MESSAGES.dmlSingleTable);
  return { kind: "insert", into: { table: target.name }, value };
}

/**
 * The item of an INSERT: a map whose values are literals or parameters. It stays a map tree when
 * it holds parameters, and is one M value otherwise.
 */
function lowerItemValue(item: Extract<Expr, { kind: "struct" }>): Value {
  const entries: { key: string; value: Value }[] = [];
  const literal: Record<string, AttributeValue> = {};
  let parameters = false;
  for (const entry of item.entries) {
    const key = mapKey(entry.key, "root");
    const value = lowerAttribute(entry.value);
    if (entries.some((earlier) => earlier.key === key)) {
      throw refused(duplicateTupleKey(key, "root"), spanOfExpr(entry.key));
    }
    entries.push(located({ key, value }, spanOfExpr(entry.key)));
    if (value.kind === "literal") literal[key] = value.value;
    else parameters = true;
  }
  if (parameters) return located({ kind: "map", entries }, item.token);
  return located({ kind: "literal", value: { M: literal } }, item.token);
}

/** One attribute of an INSERT's item; DynamoDB names a refused node by its text here. */
function lowerAttribute(expr: Expr): Value {
  switch (expr.kind) {
    case "parameter":
      return located({ kind: "parameter", index: expr.index }, expr.token);
    case "ion":
      throw refused(ionLiteral(expr.type, "root"), expr.token);
    case "path":
      throw refused(unsupportedDataType("PATH", "root"));
    case "missing":
    case "select":
      throw refused(unsupportedDataType(expr.token.text.toUpperCase(), "root"), expr.token);
    case "name":
      throw refused(unsupportedDataType(expr.name, "root"), expr.token);
    case "call":
      throw refused(unsupportedDataType(expr.name, "root"), expr.token);
    case "binary":
    case "unary":
    case "between":
    case "in":
    case "is":
    case "like":
      throw refused(unsupportedDataType(expr.token.text.toLowerCase(), "root"), expr.token);
    default:
      return located({ kind: "literal", value: toAttributeValue(expr, "root") }, spanOfExpr(expr));
  }
}
