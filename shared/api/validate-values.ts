/**
 * Semantic validation of incoming attribute values, items and keys, with
 * DynamoDB's messages, in DynamoDB's order. Runs after the request has been
 * parsed; it accepts anything (it first passes the input through the request
 * deserializer, so wrong JSON types still give SerializationException).
 *
 * Contracts:
 * - `normalizeItem` / `normalizeValue` return a fresh copy holding only valid
 *   values, with every number (N, NS, inside L and M) in canonical form, or throw.
 * - Within one attribute value, each type member present is checked first
 *   (numbers, NULL, empty sets, duplicates, nested values), and only then is
 *   "more than one datatypes set" reported, as DynamoDB does.
 * - Empty S and B are valid outside keys; `validateKey`/`validateItemKey` reject them in keys.
 * - Operation validators call, in order: `normalizeItem`, `checkItemSize`,
 *   then `validateItemKey` (PutItem) — DynamoDB reports an oversized item before
 *   any key problem. For a Key parameter: `normalizeItem`, then `validateKey`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */

import type { AttributeValue, Item } from "./attribute-value";
import { base64Problem } from "./base64";
import { deserialize } from "./deserialize";
import { SerializationException, ValidationException } from "./errors";
import { attributeValueSize, itemSize, utf8Length } from "./item-size";
import type { KeyAttribute, KeySchema } from "./key-schema";
import { LIMITS } from "./limits";
import { own, setName } from "./names";
import { canonicalNumber } from "./numbers";
import { ATTRIBUTE_MAP } from "./schema";

const INVALID = "One or more parameter values were invalid: ";

export const VALUE_MESSAGES = {
  empty: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
  multiple:
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
  nullNotTrue: `${INVALID}Null attribute value types must have the value of true`,
  emptyStringSet: `${INVALID}An string set  may not be empty`,
  emptyNumberSet: `${INVALID}An number set  may not be empty`,
  emptyBinarySet: `${INVALID}Binary sets should not be empty`,
  nullInStringSet: `${INVALID}An string set may not have a null string as a member`,
  duplicateNumbers: "Input collection contains duplicates",
  nesting:
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
  emptyName: "Empty attribute name",
  nameTooLarge: `Attribute name is too large, must be less than ${LIMITS.attributeNameBytes + 1} bytes`,
  itemSize: "Item size has exceeded the maximum allowed size",
  keyMismatch: "The provided key element does not match the schema",
  hashKeySize: `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
  rangeKeySize: `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
} as const;

export const duplicateStringsMessage = (values: string[]) =>
  `${INVALID}Input collection [${values.join(", ")}] contains duplicates.`;
export const duplicateBinariesMessage = (values: string[]) =>
  `${INVALID}Input collection [${values.join(", ")}]of type BS contains duplicates.`;
export const missingKeyMessage = (name: string) => `${INVALID}Missing the key ${name} in the item`;
export const keyTypeMismatchMessage = (name: string, expected: string, actual: string) =>
  `${INVALID}Type mismatch for key ${name} expected: ${expected} actual: ${actual}`;
/** A null attribute value inside an item, list or map (`name` for map entries and attributes). */
export const nullValueMessage = (name?: string) =>
  `The supplied Item contains a null AttributeValue${name === undefined ? "" : `: ${name} is null`}`;
export const emptyKeyMessage = (name: string, type: "S" | "B") =>
  "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " +
  `${type === "S" ? "string" : "binary"} value. Key: ${name}`;

type Raw = Record<string, unknown>;

/**
 * Containers (M or L) allowed on one path below a top-level attribute: the item
 * itself is the first of DynamoDB's 32 levels.
 */
const MAX_CONTAINERS = LIMITS.nestingDepth - 1;

function checkNesting(value: unknown, containers: number): void {
  if (typeof value !== "object" || value === null) return;
  const { M, L } = value as Raw;
  const children = Array.isArray(L) ? L : M && typeof M === "object" ? Object.values(M) : undefined;
  if (!children) return;
  if (containers + 1 > MAX_CONTAINERS) throw new ValidationException(VALUE_MESSAGES.nesting);
  for (const child of children) checkNesting(child, containers + 1);
}

/** A name of at most this many UTF-16 code units is within the limit whatever it holds (3 UTF-8 bytes per unit at most). */
const NAME_UNITS_ALWAYS_FIT = Math.floor(LIMITS.attributeNameBytes / 3);

/** Whether `name` is over DynamoDB's 64 KB limit on attribute names, in UTF-8 bytes; counts bytes only for long names. */
export function attributeNameTooLarge(name: string): boolean {
  return name.length > NAME_UNITS_ALWAYS_FIT && utf8Length(name) > LIMITS.attributeNameBytes;
}

/**
 * Throws DynamoDB's error for an attribute name that is empty or over 64 KB: item attributes,
 * key and map keys at any depth, and the names of the legacy parameters.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */
export function checkName(name: string): void {
  if (name === "") throw new ValidationException(VALUE_MESSAGES.emptyName);
  if (attributeNameTooLarge(name)) throw new ValidationException(VALUE_MESSAGES.nameTooLarge);
}

function checkUnique(values: string[], identity: (value: string) => string, message: () => string): void {
  const seen = new Set<string>();
  for (const value of values) {
    const id = identity(value);
    if (seen.has(id)) throw new ValidationException(message());
    seen.add(id);
  }
}

function strictBase64(text: string): string {
  const problem = base64Problem(text);
  if (problem) throw new SerializationException(problem);
  return text;
}

/** Validates one deserialized attribute value; returns its normalized copy. */
function validate(value: Raw | null, name?: string): AttributeValue {
  if (value === null) throw new ValidationException(nullValueMessage(name));
  const types = Object.keys(value);
  let result: AttributeValue | undefined;
  for (const type of types) {
    const member = value[type];
    switch (type) {
      case "S":
        result = { S: member as string };
        break;
      case "N":
        result = { N: canonicalNumber(member as string) };
        break;
      case "B":
        result = { B: strictBase64(member as string) };
        break;
      case "BOOL":
        result = { BOOL: member as boolean };
        break;
      case "NULL":
        if (member !== true) throw new ValidationException(VALUE_MESSAGES.nullNotTrue);
        result = { NULL: true };
        break;
      case "SS": {
        const strings = member as string[];
        if (strings.length === 0) throw new ValidationException(VALUE_MESSAGES.emptyStringSet);
        if (strings.includes(null as never)) throw new ValidationException(VALUE_MESSAGES.nullInStringSet);
        checkUnique(strings, String, () => duplicateStringsMessage(strings));
        result = { SS: [...strings] };
        break;
      }
      case "NS": {
        const texts = member as string[];
        if (texts.length === 0) throw new ValidationException(VALUE_MESSAGES.emptyNumberSet);
        const numbers = texts.map((text) => canonicalNumber(text ?? ""));
        checkUnique(numbers, String, () => VALUE_MESSAGES.duplicateNumbers);
        result = { NS: numbers };
        break;
      }
      case "BS": {
        const binaries = member as string[];
        if (binaries.length === 0) throw new ValidationException(VALUE_MESSAGES.emptyBinarySet);
        for (const binary of binaries) {
          if (binary === null) throw new ValidationException(nullValueMessage());
          strictBase64(binary);
        }
        checkUnique(binaries, String, () => duplicateBinariesMessage(binaries));
        result = { BS: [...binaries] };
        break;
      }
      case "L":
        result = { L: (member as (Raw | null)[]).map((child) => validate(child)) };
        break;
      case "M": {
        const map: Record<string, AttributeValue> = {};
        for (const [entry, child] of Object.entries(member as Record<string, Raw | null>)) {
          checkName(entry);
          setName(map, entry, validate(child, entry));
        }
        result = { M: map };
        break;
      }
    }
  }
  if (types.length > 1) throw new ValidationException(VALUE_MESSAGES.multiple);
  if (!result) throw new ValidationException(VALUE_MESSAGES.empty);
  return result;
}

/**
 * Validates and normalizes one attribute value (an item attribute, a key
 * element, an expression attribute value). Throws SerializationException for
 * wrong JSON types and ValidationException with DynamoDB's messages.
 */
export function normalizeValue(raw: unknown): AttributeValue {
  if (raw === null || raw === undefined) throw new ValidationException(VALUE_MESSAGES.empty);
  checkNesting(raw, 0);
  return validate(deserialize(raw, { type: "attributeValue" }) as Raw);
}

/** Validates and normalizes an item (or a Key map): attribute names, then values in order. */
export function normalizeItem(raw: unknown): Item {
  return normalizeParsedItem((deserialize(raw, ATTRIBUTE_MAP) ?? {}) as Record<string, unknown>);
}

/**
 * `normalizeItem` of a map that `parseRequest` has already deserialized as an ATTRIBUTE_MAP
 * member: deserializing is idempotent, so this skips that walk.
 */
export function normalizeParsedItem(attributes: Record<string, unknown>): Item {
  for (const value of Object.values(attributes)) checkNesting(value, 0);
  const item: Item = {};
  for (const [name, value] of Object.entries(attributes)) {
    checkName(name);
    setName(item, name, validate(value as Raw | null, name));
  }
  return item;
}

/** Throws DynamoDB's error for an item over 400 KB (name bytes plus value sizes). */
export function checkItemSize(item: Item): void {
  if (itemSize(item) > LIMITS.itemBytes) throw new ValidationException(VALUE_MESSAGES.itemSize);
}

function checkKeyValue(attribute: KeyAttribute, value: AttributeValue, isHash: boolean): void {
  const { name, type } = attribute;
  if (type === "N") return;
  const size = attributeValueSize(value);
  if (size === 0) throw new ValidationException(emptyKeyMessage(name, type));
  if (isHash && size > LIMITS.partitionKeyBytes) throw new ValidationException(VALUE_MESSAGES.hashKeySize);
  if (!isHash && size > LIMITS.sortKeyBytes) throw new ValidationException(VALUE_MESSAGES.rangeKeySize);
}

function keyAttributes(schema: KeySchema): [KeyAttribute, boolean][] {
  return schema.range
    ? [
        [schema.hash, true],
        [schema.range, false],
      ]
    : [[schema.hash, true]];
}

function typeOfRaw(value: AttributeValue): string {
  return Object.keys(value)[0];
}

/**
 * Checks a normalized Key parameter (GetItem, DeleteItem, UpdateItem, batch
 * keys): exactly the key attributes, of the schema's types, non-empty, within
 * the key size limits.
 */
export function validateKey(key: Item, schema: KeySchema): void {
  const attributes = keyAttributes(schema);
  if (Object.keys(key).length !== attributes.length) throw new ValidationException(VALUE_MESSAGES.keyMismatch);
  for (const [attribute, isHash] of attributes) {
    const value = own(key, attribute.name);
    if (!value || typeOfRaw(value) !== attribute.type) throw new ValidationException(VALUE_MESSAGES.keyMismatch);
    checkKeyValue(attribute, value, isHash);
  }
}

/** Checks the key attributes of a normalized item (PutItem, PutRequest, transaction Put). */
export function validateItemKey(item: Item, schema: KeySchema): void {
  for (const [attribute, isHash] of keyAttributes(schema)) {
    const value = own(item, attribute.name);
    if (!value) throw new ValidationException(missingKeyMessage(attribute.name));
    if (typeOfRaw(value) !== attribute.type) {
      throw new ValidationException(keyTypeMismatchMessage(attribute.name, attribute.type, typeOfRaw(value)));
    }
    checkKeyValue(attribute, value, isHash);
  }
}

/** The key attributes of an item (which must hold them), partition key first. */
export function extractKey(item: Item, schema: KeySchema): Item {
  const key: Item = { [schema.hash.name]: item[schema.hash.name] };
  if (schema.range) setName(key, schema.range.name, item[schema.range.name]);
  return key;
}
