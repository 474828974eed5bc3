/**
 * What BatchGetItem and BatchWriteItem validate alike: the RequestItems map (table name →
 * per-table requests), whose containers DynamoDB's deserializer and constraint checker treat
 * differently from the single-item operations, and the identity of a key for duplicate checks.
 *
 * Paths in constraint messages follow DynamoDB: a map value is `<map>.<key>.member`, a list
 * element is `<list>.<n>` and a structure inside a list is `<list>.<n>.member`, e.g.
 * `requestItems.Music.member.keys` or `requestItems.Music.member.1.member.putRequest.item`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
import type { Item } from "../attribute-value";
import { deserialize } from "../deserialize";
import { SerializationException, ValidationException } from "../errors";
import { setName } from "../names";
import { ATTRIBUTE_MAP, type Shape, valueString } from "../schema";
import { isTableName } from "../table-names";

/** The deserializer's answer to a scalar where a generic (parameterized) list or map is expected. */
export const PARAMETERIZED_CAST =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class " +
  "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base " +
  "of loader 'bootstrap')";

export const DUPLICATE_KEYS = "Provided list of item keys contains duplicates";

const serialization = (message: string) => new SerializationException(message);

/**
 * The RequestItems map: undefined when absent; each table's value passed through `entry`
 * (null stays null). `javaType` is the value type DynamoDB names for a list sent instead.
 */
export function deserializeRequestItems<T>(
  value: unknown,
  javaType: string,
  entry: (value: unknown) => T,
): Record<string, T | null> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object") throw serialization("Unexpected field type");
  if (Array.isArray(value)) {
    throw serialization(`Unrecognized collection type java.util.Map<java.lang.String, ${javaType}>`);
  }
  const out: Record<string, T | null> = {};
  for (const [table, v] of Object.entries(value)) setName(out, table, v === null || v === undefined ? null : entry(v));
  return out;
}

/** A generic list (`java.util.List<…>` as a map value), given present; null elements stay null. */
export function deserializeParameterizedList(value: unknown, member: (value: unknown) => unknown): unknown[] {
  if (typeof value !== "object") throw serialization(PARAMETERIZED_CAST);
  if (!Array.isArray(value)) throw serialization("Start of structure or map found where not expected");
  return value.map((v) => (v === null || v === undefined ? null : member(v)));
}

/** A generic attribute map (a BatchGetItem key): null when absent. */
export function deserializeParameterizedItem(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") throw serialization(PARAMETERIZED_CAST);
  if (Array.isArray(value)) {
    throw serialization(
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
    );
  }
  return deserialize(value, ATTRIBUTE_MAP) as Record<string, unknown>;
}

/**
 * Constraint violations collected in DynamoDB's order, reported together as
 * "N validation errors detected: …" (at most 10 listed).
 */
export class Violations {
  private readonly messages: string[] = [];

  add(value: unknown, path: string, constraint: string): void {
    const shown = valueString(value);
    this.messages.push(
      `Value ${shown === "null" ? shown : `'${shown}'`} at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  }

  notNull(value: unknown, path: string): void {
    if (value === null || value === undefined) this.add(value, path, "Member must not be null");
  }

  enumValue(value: string | undefined, path: string, shape: Shape): void {
    if (value === undefined || shape.type !== "string" || !shape.enum || shape.enum.includes(value)) return;
    this.add(value, path, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
  }

  length(value: { length: number } | undefined | null, path: string, min?: number, max?: number): void {
    if (value === null || value === undefined) return;
    if (min !== undefined && value.length < min) {
      this.add(value, path, `Member must have length greater than or equal to ${min}`);
    }
    if (max !== undefined && value.length > max)
      this.add(value, path, `Member must have length less than or equal to ${max}`);
  }

  throwIfAny(): void {
    if (this.messages.length === 0) return;
    const shown = this.messages.slice(0, 10);
    throw new ValidationException(
      `${shown.length} validation error${shown.length > 1 ? "s" : ""} detected: ${shown.join("; ")}`,
    );
  }
}

const TABLE_NAME_CONSTRAINT =
  "Map keys must satisfy constraint: [Member must have length less than or equal to 255, " +
  "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

/**
 * An empty RequestItems map, refused before any constraint is checked with DynamoDB's own
 * sentence (a missing map is a constraint violation, "Member must not be null").
 */
export function requireRequestItems(
  operation: "BatchGetItem" | "BatchWriteItem",
  requestItems: Record<string, unknown> | undefined,
): void {
  if (requestItems !== undefined && Object.keys(requestItems).length === 0) {
    throw new ValidationException(`The requestItems parameter is required for ${operation}`);
  }
}

/** The table names (the map's keys) as one constraint of RequestItems, reported once. */
export function checkTableNames(violations: Violations, requestItems: Record<string, unknown> | undefined): void {
  if (requestItems && !Object.keys(requestItems).every(isTableName)) {
    violations.add(requestItems, "requestItems", TABLE_NAME_CONSTRAINT);
  }
}

/**
 * A normalized key's identity: equal for keys naming the same item. Numbers are canonical
 * after normalization, so `1` and `1.0` collide as DynamoDB has them collide.
 */
export function keyIdentity(key: Item): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((name) => [name, key[name]]),
  );
}
