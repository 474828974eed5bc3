/**
 * Step 1 of request validation (./schema.ts): a request's members as the service's JSON
 * deserializer reads them, by their shapes. A wrong JSON type, a string that is not well-formed
 * Unicode or a bad base64 blob is a SerializationException with the deserializer's message;
 * members a shape does not declare are dropped, as DynamoDB ignores unknown members.
 */
import { base64Problem } from "./base64";
import { SerializationException } from "./errors";
import { LIMITS } from "./limits";
import { setName } from "./names";
import type { Members, Shape } from "./shape";

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

/** The members `members` declares of structure `value`, each deserialized by its shape (the others dropped). */
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

/**
 * A blob's base64, as the deserializer reads it wherever it is (an item, a key, an expression
 * attribute value, a set): a length not a multiple of 4, a character outside the alphabet or
 * misplaced padding, and padding after a character whose unused bits are not zero (`AR==`, which
 * no encoder writes) are all SerializationExceptions, before any validation.
 */
function checkBase64(text: string): void {
  if (text.length % 4 !== 0) {
    throw serialization(`Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`);
  }
  if (!BASE64.test(text) || base64Problem(text) !== undefined) {
    throw serialization("Invalid last non-pad Base64 character dectected");
  }
}
