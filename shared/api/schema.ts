/**
 * Request validation written as data, checked in AWS's order:
 *   1. `deserialize` (./deserialize.ts) — member types, as the JSON deserializer sees them →
 *      SerializationException;
 *   2. `checkConstraints` — required members, then the per-member constraints, reported together
 *      as "N validation errors detected: …" → ValidationException; a table name's naming rules
 *      (./table-names.ts) where its TableNameRule puts them.
 * Semantic checks (key schema, expressions, item size) come after, in each operation's validator.
 * The shapes requests are written in are ./shape.ts's; this module also holds the shapes many
 * operations share.
 *
 * Members that a shape does not declare are dropped, as DynamoDB ignores unknown members.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
import { deserializeMembers } from "./deserialize";
import { ValidationException } from "./errors";
import type { Members, Shape } from "./shape";
import { GLOBAL_TABLE_NAME_LENGTH, tableNameLengthOk, tableNameViolations } from "./table-names";

export type { Members, Shape } from "./shape";

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
    if (shape.tableName === "control-plane") throwIfAny(tableNameErrors(name, input[name]));
  }
  const errors: string[] = [];
  for (const name in members) checkMember(errors, "", name, input[name], members[name]);
  throwIfAny(errors);
  for (const name in members) {
    const shape = members[name];
    if (shape.type === "string" && shape.tableName === "data-plane" && typeof input[name] === "string") {
      throwIfAny(tableNameErrors(name, input[name]));
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

/** The naming rules table name `value` (member `name`) breaks, as DynamoDB reports them. */
function tableNameErrors(name: string, value: string): string[] {
  const errors: string[] = [];
  for (const constraint of tableNameViolations(value)) fail(errors, lowerFirst(name), value, constraint);
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
