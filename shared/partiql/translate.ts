/**
 * PartiQL statements (ast.ts, parameters bound by translate-bind.ts) as requests of the item
 * operations that run them, so that PartiQL is a front for them rather than a second
 * implementation of reads and writes. Pure: the caller supplies the table's key schemas.
 * - SELECT (ExecuteStatement): a Query when the WHERE holds an equality (or an IN) on the
 *   partition key of the table or index read (translate-keys.ts), one Query per partition key
 *   value; else a Scan. The sort key's condition is the KeyConditionExpression's second part, the
 *   rest the FilterExpression, the paths the ProjectionExpression, ORDER BY the sort key DESC
 *   `ScanIndexForward: false`.
 * - SELECT of BatchExecuteStatement and ExecuteTransaction: a GetItem (its full key and nothing else).
 * - INSERT: PutItem with `attribute_not_exists(<partition key>)` (INSERT is no upsert).
 * - UPDATE: UpdateItem of the key the WHERE names, with `attribute_exists(<partition key>)` and
 *   the WHERE's other conditions as ConditionExpression (an UPDATE never creates an item); SET,
 *   REMOVE, `set_add`/`set_delete` (ADD/DELETE) as UpdateExpression; RETURNING as ReturnValues.
 * - DELETE: DeleteItem of the key the WHERE names, its other conditions as ConditionExpression.
 * - EXISTS(SELECT …) (ExecuteTransaction): a ConditionCheck of the key with the rest as condition.
 * Refusals are DynamoDB's, in its words (translate-messages.ts), as DynamoDB Local 1.25.1 gives them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
 */
import type { AttributeValue, Item } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import type { KeySchema } from "../api/key-schema";
import { keyNames } from "../api/key-schema";
import { own } from "../api/names";
import { missingIndex } from "../api/operations/query";
import { isTableName } from "../api/table-names";
import { extractKey } from "../api/validate-values";
import { compareKeyValues } from "../keys/key-encoding";
import type { Condition, Path, Returning, Statement, Target, Value } from "./ast";
import { PARTIQL_MESSAGES } from "./errors";
import { type AttributeTest, checkKeyType, hasHashCondition, itemKey, queryKeys } from "./translate-keys";
import {
  deleteReturning,
  duplicateIdentifier,
  keyAbsent,
  keyTypeMismatch,
  orderByKey,
  refuse,
  TRANSLATE_MESSAGES,
} from "./translate-messages";
import { ExpressionText } from "./translate-text";

export type SelectStatement = Extract<Statement, { kind: "select" }>;
export type WriteStatement = Extract<Statement, { kind: "insert" | "update" | "delete" }>;
export type ExistsStatement = Extract<Statement, { kind: "exists" }>;

/** An index of the table: its name, key, and whether it is global. */
export interface IndexKeys {
  name: string;
  key: KeySchema;
  global: boolean;
}

/** What the translator knows of a table: its key schema and its indexes'. */
export interface TableKeys {
  schema: KeySchema;
  indexes: readonly IndexKeys[];
}

/** A request body of an item operation, as its validator reads it. */
export type RequestBody = Record<string, unknown>;

/** How to order a Scan-shaped SELECT's page for ORDER BY: by partition (as met), then sort key. */
export interface PageOrder {
  hash: string;
  hashDescending: boolean;
  rangeDescending: boolean;
}

export interface SelectPlan {
  operation: "Query" | "Scan";
  /** The requests to run in turn: one per partition key value of an IN, else one. */
  requests: RequestBody[];
  /** SELECT's paths, by which the answer's attributes are named (ExecuteStatement); none for `*`. */
  projection?: readonly Path[];
  /** A Scan's page order for ORDER BY … DESC. */
  order?: PageOrder;
}

export interface WritePlan {
  operation: "PutItem" | "UpdateItem" | "DeleteItem";
  request: RequestBody;
  /** The item's key. */
  key: Item;
}

const RETURN_VALUES: Record<string, string> = {
  "ALL OLD": "ALL_OLD",
  "ALL NEW": "ALL_NEW",
  "MODIFIED OLD": "UPDATED_OLD",
  "MODIFIED NEW": "UPDATED_NEW",
};

const returnValues = (returning: Returning) => RETURN_VALUES[`${returning.which} ${returning.image}`];

/**
 * The table (and index) a statement names, refused when a name breaks DynamoDB's naming rules
 * (an INSERT's name is not checked: a table of that name just does not exist).
 */
export function statementTarget(statement: Statement): Target {
  const target = targetOf(statement);
  if (statement.kind === "insert") return target;
  for (const name of [target.table, target.index]) {
    if (name !== undefined && !isTableName(name)) throw refuse(TRANSLATE_MESSAGES.tableName);
  }
  return target;
}

function targetOf(statement: Statement): Target {
  switch (statement.kind) {
    case "select":
      return statement.from;
    case "exists":
      return statement.select.from;
    case "insert":
      return statement.into;
    case "update":
      return statement.target;
    case "delete":
      return statement.from;
  }
}

/** The index `"table"."index"` names, refused when the table has none of that name. */
function indexOf(select: SelectStatement, table: TableKeys): IndexKeys | undefined {
  const name = select.from.index;
  if (name === undefined) return undefined;
  const index = table.indexes.find((i) => i.name === name);
  if (!index) throw missingIndex(name);
  return index;
}

/**
 * The attribute name a projected path yields in ExecuteStatement's answer: its last name, with
 * the list indexes after it (`a.b[1]` → "b[1]").
 */
export function projectedName(path: Path): string {
  let name = "";
  for (const step of path.steps) name = typeof step === "number" ? `${name}[${step}]` : step;
  return name;
}

/** Refuses two paths that would yield one attribute name. */
function checkIdentifiers(paths: readonly Path[]): void {
  const seen = new Set<string>();
  for (const path of paths) {
    const name = projectedName(path);
    if (seen.has(name)) throw refuse(duplicateIdentifier(name));
    seen.add(name);
  }
}

/** Refuses what the whole WHERE could not be as a condition (MISSING, unknown functions, …). */
function checkWhere(where: Condition | undefined): void {
  if (where) new ExpressionText().condition(where);
}

/** ORDER BY's checks; at exit, which keys it orders descending (undefined: no ORDER BY). */
function orderingOf(
  select: SelectStatement,
  keys: KeySchema,
): { hash: boolean; hashDescending: boolean; rangeDescending: boolean } | undefined {
  const orderBy = select.orderBy ? [select.orderBy, ...(select.thenBy ?? [])] : [];
  if (orderBy.length === 0) return undefined;
  if (!select.where) throw refuse(TRANSLATE_MESSAGES.orderByWhere);
  if (!hasHashCondition(select.where, keys.hash.name)) throw refuse(TRANSLATE_MESSAGES.orderByHash);
  const ordering = { hash: false, hashDescending: false, rangeDescending: false };
  const seen = new Set<string>();
  for (const { path, descending } of orderBy) {
    const name = path.steps.map(String).join(".");
    if (seen.has(name)) continue;
    seen.add(name);
    if (name === keys.hash.name) Object.assign(ordering, { hash: true, hashDescending: descending });
    else if (name === keys.range?.name) ordering.rangeDescending = descending;
    else throw refuse(orderByKey(name));
  }
  return ordering;
}

function keyConditionText(text: ExpressionText, keys: KeySchema, hash: AttributeValue, range?: AttributeTest): string {
  const partition = `${text.name(keys.hash.name)} = ${text.value(hash)}`;
  if (!range) return partition;
  const name = text.name(range.name);
  const [first, second] = range.values.map((value) => text.value(value));
  if (range.op === "BETWEEN") return `${partition} AND ${name} BETWEEN ${first} AND ${second}`;
  if (range.op === "begins_with") return `${partition} AND begins_with(${name}, ${first})`;
  return `${partition} AND ${name} ${range.op} ${first}`;
}

/**
 * ExecuteStatement's SELECT as Query or Scan requests (without Limit, ConsistentRead or a start
 * key, which the caller adds). `consistentRead`: refused on a global index, as DynamoDB does.
 */
export function translateSelect(
  select: SelectStatement,
  table: TableKeys,
  options: { consistentRead?: boolean } = {},
): SelectPlan {
  const projection = select.projection === "*" ? undefined : select.projection;
  if (projection) checkIdentifiers(projection);
  checkWhere(select.where);
  const index = indexOf(select, table);
  const keys = index?.key ?? table.schema;
  const ordering = orderingOf(select, keys);
  if (index?.global && options.consistentRead) throw refuse(TRANSLATE_MESSAGES.gsiConsistentRead);
  const base: RequestBody = { TableName: select.from.table, ...(index ? { IndexName: index.name } : {}) };
  const found = queryKeys(select.where, keys);
  const request = (text: ExpressionText, members: RequestBody): RequestBody => ({
    ...base,
    ...members,
    ...(projection ? { ProjectionExpression: text.projection(projection) } : {}),
    ...text.members(),
  });
  const paths = projection ? { projection } : {};
  if (!found) {
    const text = new ExpressionText();
    const filter = select.where ? { FilterExpression: text.condition(select.where) } : {};
    const descending = ordering && (ordering.hashDescending || ordering.rangeDescending);
    const order = descending
      ? {
          order: {
            hash: keys.hash.name,
            hashDescending: ordering.hashDescending,
            rangeDescending: ordering.rangeDescending,
          },
        }
      : {};
    return { operation: "Scan", requests: [request(text, filter)], ...paths, ...order };
  }
  let values = found.hash;
  if (ordering?.hash) values = [...values].sort(compareKeyValues);
  if (ordering?.hashDescending) values.reverse();
  const requests = values.map((value) => {
    const text = new ExpressionText();
    return request(text, {
      KeyConditionExpression: keyConditionText(text, keys, value, found.range),
      ...(found.filter ? { FilterExpression: text.condition(found.filter) } : {}),
      ...(ordering?.rangeDescending ? { ScanIndexForward: false } : {}),
    });
  });
  return { operation: "Query", requests, ...paths };
}

/** A GetItem request: a SELECT of BatchExecuteStatement or ExecuteTransaction. */
export function translateGet(select: SelectStatement, table: TableKeys, context: "batch" | "transaction"): RequestBody {
  const projection = select.projection === "*" ? undefined : select.projection;
  if (projection) checkIdentifiers(projection);
  checkWhere(select.where);
  if (context === "transaction" && select.from.index !== undefined) {
    throw refuse(TRANSLATE_MESSAGES.transactionIndexRead);
  }
  orderingOf(select, table.schema);
  let found: ReturnType<typeof itemKey>;
  try {
    found = select.where && itemKey(select.where, table.schema, "write");
  } catch (error) {
    if (!(error instanceof ValidationException)) throw error;
  }
  if (!found || found.rest) {
    throw refuse(context === "batch" ? TRANSLATE_MESSAGES.batchSingleItem : TRANSLATE_MESSAGES.transactionSelectKey);
  }
  checkKeyTypes(found.key, table.schema);
  const text = new ExpressionText();
  const projected = projection ? { ProjectionExpression: text.projection(projection) } : {};
  return { TableName: select.from.table, Key: found.key, ...projected, ...text.members() };
}

function checkKeyTypes(key: Item, schema: KeySchema): void {
  for (const name of keyNames(schema)) checkKeyType(name, own(key, name) as AttributeValue, schema);
}

/** INSERT, UPDATE or DELETE as PutItem, UpdateItem or DeleteItem (without the caller's options). */
export function translateWrite(statement: WriteStatement, table: TableKeys): WritePlan {
  const schema = table.schema;
  const text = new ExpressionText();
  if (statement.kind === "insert") {
    const item = insertItem(statement.value, schema);
    const request = {
      TableName: statement.into.table,
      Item: item,
      ConditionExpression: `attribute_not_exists(${text.name(schema.hash.name)})`,
      ...text.members(),
    };
    return { operation: "PutItem", request, key: extractKey(item, schema) };
  }
  checkWhere(statement.where);
  const update = statement.kind === "update" ? text.update(statement.clauses) : undefined;
  const target = statement.kind === "update" ? statement.target : statement.from;
  if (target.index !== undefined) throw refuse(TRANSLATE_MESSAGES.writeOnIndex);
  const found = itemKey(statement.where, schema, "write") as { key: Item; rest?: Condition };
  checkKeyTypes(found.key, schema);
  const returning = statement.returning;
  if (statement.kind === "delete" && returning && returnValues(returning) !== "ALL_OLD") {
    throw refuse(deleteReturning(returning));
  }
  const rest = found.rest && text.condition(found.rest);
  const condition =
    statement.kind === "update"
      ? `attribute_exists(${text.name(schema.hash.name)})${rest ? ` AND (${rest})` : ""}`
      : rest;
  const request: RequestBody = {
    TableName: target.table,
    Key: found.key,
    ...(update ? { UpdateExpression: update } : {}),
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(returning ? { ReturnValues: returnValues(returning) } : {}),
    ...text.members(),
  };
  return { operation: statement.kind === "update" ? "UpdateItem" : "DeleteItem", request, key: found.key };
}

/** An INSERT's item, with its key attributes checked against the schema. */
function insertItem(value: Value, schema: KeySchema): Item {
  if (value.kind !== "literal" || !("M" in value.value)) throw refuse(PARTIQL_MESSAGES.insertFormat);
  const item = value.value.M;
  for (const name of keyNames(schema)) {
    const attribute = own(item, name);
    if (!attribute) throw refuse(keyAbsent(name));
    const type = schema.hash.name === name ? schema.hash.type : schema.range?.type;
    if (typeOf(attribute) !== type) throw refuse(keyTypeMismatch(name));
  }
  return item;
}

/** EXISTS(SELECT …) as a transaction's ConditionCheck. */
export function translateCheck(statement: ExistsStatement, table: TableKeys): RequestBody {
  const select = statement.select;
  checkWhere(select.where);
  if (select.from.index !== undefined) throw refuse(TRANSLATE_MESSAGES.transactionIndexCheck);
  const found = itemKey(select.where, table.schema, "check");
  if (!found?.rest) throw refuse(TRANSLATE_MESSAGES.existsShape);
  checkKeyTypes(found.key, table.schema);
  const text = new ExpressionText();
  const condition = text.condition(found.rest);
  return { TableName: select.from.table, Key: found.key, ConditionExpression: condition, ...text.members() };
}
