/**
 * Request validation written as data, checked in AWS's order:
 *   1. `deserialize` — member types, as the JSON deserializer sees them → SerializationException;
 *   2. `checkConstraints` — required members, then the per-member constraints, reported together
 *      as "N validation errors detected: …" → ValidationException.
 * Semantic checks (key schema, expressions, item size) come after, in each operation's validator.
 *
 * Members that a shape does not declare are dropped, as DynamoDB ignores unknown members.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
import { SerializationException, ValidationException } from "./errors";
import { LIMITS } from "./limits";
import { setName } from "./names";

interface Common {
  /** Constraint "Member must not be null". */
  notNull?: boolean;
  /** Checked before the constraints: "The parameter 'X' is required but was not present in the request". */
  required?: boolean;
}

export type Shape =
  | (Common & {
      type: "string";
      enum?: readonly string[];
      regex?: string;
      minLength?: number;
      maxLength?: number;
      /** Where and how DynamoDB's naming rules for a table apply to this member (TableNameRule). */
      tableName?: TableNameRule;
      /** Report the length constraints before the pattern, as the service does for names (index names). */
      lengthFirst?: boolean;
    })
  | (Common & { type: "boolean" })
  | (Common & { type: "integer" | "long" | "double"; min?: number; max?: number })
  | (Common & { type: "blob" })
  | (Common & { type: "list"; member: Shape; minLength?: number; maxLength?: number })
  | (Common & {
      type: "map";
      /** The Java value type named in DynamoDB's deserializer errors. */
      javaType: string;
      value: Shape;
      minLength?: number;
      maxLength?: number;
      keyMinLength?: number;
      keyMaxLength?: number;
    })
  | (Common & {
      type: "struct";
      /** The Java class name named in deserializer errors. */
      name: string;
      /** DynamoDB's deserializer says "Unexpected value type in payload" for value structs. */
      valueStruct?: boolean;
      members: Record<string, Shape>;
      minLength?: number;
    })
  | (Common & { type: "attributeValue" });

export type Members = Record<string, Shape>;

/**
 * How a table name is checked against DynamoDB's naming rules (3 to 255 characters of
 * `[a-zA-Z0-9_.-]`). The service checks them apart from the other members' constraints, and
 * where depends on the operation:
 * - "control-plane" (CreateTable, DescribeTable, UpdateTable, DeleteTable): with `required`,
 *   before any other constraint; its failures are reported alone, in member-constraint form,
 *   length before pattern ("2 validation errors detected: Value 'x!' at 'tableName' …").
 * - "data-plane" (item operations, Query, Scan): the member's own constraints (1 to 1024
 *   characters: a name or a table ARN) are checked with the other members'; once every one of
 *   them passes, the naming rules, reported alone in the same form.
 * - "global-table" (the 2017.11.29 global table operations): the hand-written length message
 *   "TableName must be at least 3 characters long and at most 255 characters long", with
 *   `required`; the pattern is a plain member constraint.
 * @see docs/dynamodb-messages.md for the recorded answers behind each.
 */
type TableNameRule = "control-plane" | "data-plane" | "global-table";

/** The AttributeValue structure, as the deserializer walks it. */
const ATTRIBUTE_VALUE_MEMBERS: Members = {
  S: { type: "string" },
  N: { type: "string" },
  B: { type: "blob" },
  BOOL: { type: "boolean" },
  NULL: { type: "boolean" },
  SS: { type: "list", member: { type: "string" } },
  NS: { type: "list", member: { type: "string" } },
  BS: { type: "list", member: { type: "blob" } },
  L: { type: "list", member: { type: "attributeValue" } },
  M: { type: "map", javaType: "com.amazonaws.dynamodb.v20120810.AttributeValue", value: { type: "attributeValue" } },
};

const serialization = (message: string) => new SerializationException(message);

function structureNotExpected(value: unknown, collection: string): never {
  if (Array.isArray(value)) throw serialization(`Unrecognized collection type ${collection}`);
  throw serialization("Start of structure or map found where not expected");
}

/**
 * How deep attribute values are walked. DynamoDB refuses values nested beyond 32 levels (checked
 * after deserializing, see validate-values.ts); past twice that, a value can only be refused, so
 * the walk stops there instead of recursing as deep as the input goes, which keeps the call stack
 * bounded for hostile input. What lies deeper is replaced by `tooDeep()`, a container that keeps the
 * value over the limit, so the nesting check reports it with the wording of wherever it was sent
 * (an item, a key, an expression attribute value). The one difference: a wrong JSON type more
 * than 64 levels down is reported as too deep rather than as a SerializationException.
 */
const MAX_WALKED_DEPTH = 2 * LIMITS.nestingDepth;

/** Stands in for an attribute value nested deeper than MAX_WALKED_DEPTH. */
const tooDeep = () => ({ L: [{ NULL: true }] });

/**
 * A string that is not well-formed Unicode (a lone surrogate from a `\uD800`-style escape): the
 * bare exception the service answers a body it cannot read as text with (see the router's
 * strict UTF-8 decoding), never a different key or name silently stored as U+FFFD.
 */
function illFormed(): never {
  throw new SerializationException("");
}

/**
 * Walks `value` by `shape`, returning a copy holding only declared members. Map keys (names from the
 * request) are copied as own properties, so any key survives, `__proto__` included (names.ts).
 * `depth` counts the attribute values enclosing `value`.
 * Throws SerializationException with the deserializer's message for a wrong JSON type or a
 * string that is not well-formed Unicode.
 */
export function deserialize(value: unknown, shape: Shape, depth = 0): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case "string":
      if (typeof value === "string") return value.isWellFormed() ? value : illFormed();
      if (typeof value === "boolean")
        throw serialization(`${value ? "TRUE" : "FALSE"}_VALUE cannot be converted to String`);
      if (typeof value === "number")
        throw serialization(`${Number.isInteger(value) ? "NUMBER" : "DECIMAL"}_VALUE cannot be converted to String`);
      return structureNotExpected(value, "class java.lang.String");
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "number")
        throw serialization(`${Number.isInteger(value) ? "NUMBER" : "DECIMAL"}_VALUE cannot be converted to Boolean`);
      if (typeof value === "string") {
        const upper = value.toUpperCase();
        if (upper === "TRUE" || upper === "1" || upper === "YES") return true;
        if (upper === "FALSE" || upper === "0" || upper === "NO") return false;
        throw serialization("Unexpected token received from parser");
      }
      return structureNotExpected(value, "class java.lang.Boolean");
    case "integer":
    case "long":
    case "double": {
      const javaName = shape.type === "integer" ? "Integer" : shape.type === "long" ? "Long" : "Double";
      if (typeof value === "number") return shape.type === "double" ? value : Math.floor(value);
      if (typeof value === "boolean")
        throw serialization(`${value ? "TRUE" : "FALSE"}_VALUE cannot be converted to ${javaName}`);
      if (typeof value === "string") throw serialization(`STRING_VALUE cannot be converted to ${javaName}`);
      return structureNotExpected(value, `class java.lang.${javaName}`);
    }
    case "blob":
      if (typeof value === "string") {
        checkBase64(value);
        return value;
      }
      if (typeof value !== "object") throw serialization("only base-64-encoded strings are convertible to bytes");
      return structureNotExpected(value, "class java.nio.ByteBuffer");
    case "list":
      if (typeof value !== "object") throw serialization("Unexpected field type");
      if (!Array.isArray(value)) throw serialization("Start of structure or map found where not expected");
      return value.map((member) => deserialize(member, shape.member, depth) ?? null);
    case "map": {
      if (typeof value !== "object") throw serialization("Unexpected field type");
      if (Array.isArray(value))
        throw serialization(`Unrecognized collection type java.util.Map<java.lang.String, ${shape.javaType}>`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (!k.isWellFormed()) illFormed();
        setName(out, k, deserialize(v, shape.value, depth) ?? null);
      }
      return out;
    }
    case "struct":
      if (typeof value !== "object")
        throw serialization(shape.valueStruct ? "Unexpected value type in payload" : "Unexpected field type");
      if (Array.isArray(value))
        throw serialization(`Unrecognized collection type class com.amazonaws.dynamodb.v20120810.${shape.name}`);
      return deserializeMembers(value as Record<string, unknown>, shape.members, depth);
    case "attributeValue":
      if (typeof value !== "object") throw serialization("Unexpected value type in payload");
      if (Array.isArray(value))
        throw serialization("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
      if (depth >= MAX_WALKED_DEPTH) return tooDeep();
      return deserializeMembers(value as Record<string, unknown>, ATTRIBUTE_VALUE_MEMBERS, depth + 1);
    default: {
      const unreachable: never = shape;
      return unreachable;
    }
  }
}

export function deserializeMembers(
  value: Record<string, unknown>,
  members: Members,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in members) {
    const v = deserialize(value[name], members[name], depth);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkBase64(text: string): void {
  if (text.length % 4 !== 0) {
    throw serialization(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  }
  if (!BASE64.test(text)) throw serialization("Invalid last non-pad Base64 character dectected");
}

/** How DynamoDB prints a value inside a constraint message. */
export function valueString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(valueString).join(", ")}]`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1);

/** Compiled member patterns, by pattern text: compiled once, not per request. */
const PATTERNS = new Map<string, RegExp>();

function matchesPattern(pattern: string, text: string): boolean {
  let regex = PATTERNS.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern}$`);
    PATTERNS.set(pattern, regex);
  }
  return regex.test(text);
}

/** Adds DynamoDB's message for `value` at `path` failing `constraint`. */
function fail(errors: string[], path: string, value: unknown, constraint: string): void {
  const shown = valueString(value);
  errors.push(
    `Value ${shown === "null" ? shown : `'${shown}'`} at '${path}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The length a size constraint measures: of a list or string, or the entries of a map. */
function sizeOf(value: unknown): number {
  return Array.isArray(value) || typeof value === "string" ? value.length : Object.keys(value as object).length;
}

/**
 * Checks required members and then every constraint, in declaration order.
 * At exit: the input satisfies every declared constraint, or a ValidationException listing up
 * to 10 violations (DynamoDB's format) has been thrown.
 */
function checkConstraints(input: Record<string, unknown>, members: Members): void {
  for (const name in members) {
    const shape = members[name];
    if (shape.required && input[name] === undefined) {
      throw new ValidationException(`The parameter '${name}' is required but was not present in the request`);
    }
    if (shape.type !== "string" || typeof input[name] !== "string") continue;
    if (shape.tableName === "global-table" && !tableNameLengthOk(input[name])) {
      throw new ValidationException(GLOBAL_TABLE_NAME_LENGTH);
    }
    if (shape.tableName === "control-plane") throwIfAny(tableNameViolations(name, input[name]));
  }
  const errors: string[] = [];
  for (const name in members) checkMember(errors, "", name, input[name], members[name]);
  throwIfAny(errors);
  for (const name in members) {
    const shape = members[name];
    if (shape.type === "string" && shape.tableName === "data-plane" && typeof input[name] === "string") {
      throwIfAny(tableNameViolations(name, input[name]));
    }
  }
}

/** Throws DynamoDB's "N validation error(s) detected: …" for the first 10 of `errors`, if any. */
function throwIfAny(errors: string[]): void {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 10);
  throw new ValidationException(
    `${shown.length} validation error${shown.length > 1 ? "s" : ""} detected: ${shown.join("; ")}`,
  );
}

const TABLE_NAME_PATTERN = "[a-zA-Z0-9_.-]+";
const GLOBAL_TABLE_NAME_LENGTH = `TableName must be at least ${LIMITS.tableNameMin} characters long and at most ${LIMITS.tableNameMax} characters long`;

const tableNameLengthOk = (text: string) => text.length >= LIMITS.tableNameMin && text.length <= LIMITS.tableNameMax;

/** Whether `text` follows DynamoDB's naming rules for tables: 3 to 255 characters of `[a-zA-Z0-9_.-]`. */
export function isTableName(text: string): boolean {
  return tableNameLengthOk(text) && matchesPattern(TABLE_NAME_PATTERN, text);
}

/** The naming rules a table name `value` (member `name`) breaks, in DynamoDB's order: length, then pattern. */
function tableNameViolations(name: string, value: string): string[] {
  const errors: string[] = [];
  const path = lowerFirst(name);
  if (value.length < LIMITS.tableNameMin) {
    fail(errors, path, value, `Member must have length greater than or equal to ${LIMITS.tableNameMin}`);
  }
  if (value.length > LIMITS.tableNameMax) {
    fail(errors, path, value, `Member must have length less than or equal to ${LIMITS.tableNameMax}`);
  }
  if (!matchesPattern(TABLE_NAME_PATTERN, value)) {
    fail(errors, path, value, `Member must satisfy regular expression pattern: ${TABLE_NAME_PATTERN}`);
  }
  return errors;
}

function checkMember(errors: string[], parent: string, name: string, value: unknown, shape: Shape): void {
  const path = parent ? `${parent}.${lowerFirst(name)}` : lowerFirst(name);
  if (value === undefined || value === null) {
    if (shape.notNull) fail(errors, path, value, "Member must not be null");
    return;
  }
  switch (shape.type) {
    case "string": {
      const text = value as string;
      const badPattern = shape.regex !== undefined && !matchesPattern(shape.regex, text);
      const pattern = `Member must satisfy regular expression pattern: ${shape.regex}`;
      if (badPattern && !shape.lengthFirst) fail(errors, path, value, pattern);
      if (shape.minLength !== undefined && text.length < shape.minLength) {
        fail(errors, path, value, `Member must have length greater than or equal to ${shape.minLength}`);
      }
      if (shape.maxLength !== undefined && text.length > shape.maxLength) {
        fail(errors, path, value, `Member must have length less than or equal to ${shape.maxLength}`);
      }
      if (badPattern && shape.lengthFirst) fail(errors, path, value, pattern);
      if (shape.enum && !shape.enum.includes(text))
        fail(errors, path, value, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      return;
    }
    case "integer":
    case "long":
    case "double":
      if (shape.min !== undefined && (value as number) < shape.min) {
        fail(errors, path, value, `Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && (value as number) > shape.max) {
        fail(errors, path, value, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    case "list":
      if (shape.minLength !== undefined && sizeOf(value) < shape.minLength) {
        fail(errors, path, value, `Member must have length greater than or equal to ${shape.minLength}`);
      }
      if (shape.maxLength !== undefined && sizeOf(value) > shape.maxLength) {
        fail(errors, path, value, `Member must have length less than or equal to ${shape.maxLength}`);
      }
      for (let i = 0; i < (value as unknown[]).length; i++) {
        checkCollectionMember(errors, path, i + 1, (value as unknown[])[i], shape.member);
      }
      return;
    case "map": {
      if (shape.minLength !== undefined && sizeOf(value) < shape.minLength) {
        fail(errors, path, value, `Member must have length greater than or equal to ${shape.minLength}`);
      }
      if (shape.maxLength !== undefined && sizeOf(value) > shape.maxLength) {
        fail(errors, path, value, `Member must have length less than or equal to ${shape.maxLength}`);
      }
      const keyMin = shape.keyMinLength;
      const keyMax = shape.keyMaxLength;
      if (keyMin !== undefined || keyMax !== undefined) {
        for (const key of Object.keys(value as object)) {
          if ((keyMin !== undefined && key.length < keyMin) || (keyMax !== undefined && key.length > keyMax)) {
            const parts: string[] = [];
            if (keyMin !== undefined) parts.push(`Member must have length greater than or equal to ${keyMin}`);
            if (keyMax !== undefined) parts.push(`Member must have length less than or equal to ${keyMax}`);
            fail(errors, path, value, `Map keys must satisfy constraint: [${parts.join(", ")}]`);
            break;
          }
        }
      }
      for (const [key, member] of Object.entries(value as object))
        checkCollectionMember(errors, path, key, member, shape.value);
      return;
    }
    case "struct":
      if (shape.minLength !== undefined && sizeOf(value) < shape.minLength) {
        fail(errors, path, value, `Member must have length greater than or equal to ${shape.minLength}`);
      }
      for (const member in shape.members) {
        checkMember(errors, path, member, (value as Record<string, unknown>)[member], shape.members[member]);
      }
      return;
    case "boolean":
    case "blob":
    case "attributeValue":
      return;
    default: {
      const unreachable: never = shape;
      throw new Error(`unknown shape ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Shapes whose values carry no constraints of their own once present. */
const UNCONSTRAINED = new Set<Shape["type"]>(["boolean", "blob", "attributeValue"]);

/**
 * A list element (`at` its 1-based index) or map value (`at` its key): never null, then its own
 * shape's constraints. Its path is built only when there is something to check.
 */
function checkCollectionMember(errors: string[], parent: string, at: string | number, value: unknown, shape: Shape) {
  if (value === null || value === undefined) {
    errors.push(`Value null at '${parent}.${at}.member' failed to satisfy constraint: Member must not be null`);
    return;
  }
  if (!UNCONSTRAINED.has(shape.type)) checkMember(errors, `${parent}.${at}`, "member", value, shape);
}

/** Deserializes then constraint-checks a request body against its members. */
export function parseRequest<T>(body: Record<string, unknown>, members: Members): T {
  const input = deserializeMembers(body, members);
  checkConstraints(input, members);
  return input as T;
}

// Shapes shared by many operations.

/** The TableName of control-plane operations (CreateTable, DescribeTable, UpdateTable, DeleteTable). */
export const TABLE_NAME: Shape = { type: "string", required: true, tableName: "control-plane" };

/**
 * The TableName of data-plane operations: a table name or ARN of 1 to 1024 characters, as the
 * API reference models it, then the naming rules.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-TableName
 */
export const DATA_TABLE_NAME: Shape = {
  type: "string",
  notNull: true,
  minLength: 1,
  maxLength: 1024,
  tableName: "data-plane",
};

/** The GlobalTableName of the global table operations of version 2017.11.29. */
export const GLOBAL_TABLE_NAME: Shape = {
  type: "string",
  required: true,
  tableName: "global-table",
  regex: TABLE_NAME_PATTERN,
};

export const ATTRIBUTE_MAP: Shape = {
  type: "map",
  javaType: "com.amazonaws.dynamodb.v20120810.AttributeValue",
  value: { type: "attributeValue" },
};

export const RETURN_CONSUMED_CAPACITY: Shape = { type: "string", enum: ["INDEXES", "TOTAL", "NONE"] };
export const RETURN_ITEM_COLLECTION_METRICS: Shape = { type: "string", enum: ["SIZE", "NONE"] };
export const RETURN_VALUES: Shape = {
  type: "string",
  enum: ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
};
export const RETURN_VALUES_ON_CONDITION_CHECK_FAILURE: Shape = { type: "string", enum: ["ALL_OLD", "NONE"] };
export const CONDITIONAL_OPERATOR: Shape = { type: "string", enum: ["OR", "AND"] };
export const EXPRESSION_ATTRIBUTE_NAMES: Shape = {
  type: "map",
  javaType: "java.lang.String",
  value: { type: "string" },
};
const COMPARISON_OPERATOR: Shape = {
  type: "string",
  enum: [
    "IN",
    "NULL",
    "BETWEEN",
    "LT",
    "NOT_CONTAINS",
    "EQ",
    "GT",
    "NOT_NULL",
    "NE",
    "LE",
    "BEGINS_WITH",
    "GE",
    "CONTAINS",
  ],
};
const CONDITION: Shape = {
  type: "struct",
  name: "Condition",
  valueStruct: true,
  members: {
    AttributeValueList: { type: "list", member: { type: "attributeValue" } },
    ComparisonOperator: { ...COMPARISON_OPERATOR, notNull: true },
  },
};
export const EXPECTED: Shape = {
  type: "map",
  javaType: "com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue",
  value: {
    type: "struct",
    name: "ExpectedAttributeValue",
    valueStruct: true,
    members: {
      AttributeValueList: { type: "list", member: { type: "attributeValue" } },
      ComparisonOperator: COMPARISON_OPERATOR,
      Exists: { type: "boolean" },
      Value: { type: "attributeValue" },
    },
  },
};
export const CONDITIONS_MAP: Shape = {
  type: "map",
  javaType: "com.amazonaws.dynamodb.v20120810.Condition",
  value: CONDITION,
};
