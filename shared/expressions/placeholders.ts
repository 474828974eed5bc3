/**
 * ExpressionAttributeNames (#n) and ExpressionAttributeValues (:v) of one request: checks of the
 * maps themselves, substitution with use tracking, and the "unused" check that runs once every
 * expression of the request has been parsed.
 *
 * DynamoDB lists unused keys in the iteration order of a Java HashSet built from all the keys of
 * the map; `javaHashOrder` reproduces it so messages match byte for byte.
 *
 * Sizes, as DynamoDB Local 1.25.1 counts them (InputConverter, ExpressionsWrapperBase): a map's
 * size is its keys' UTF-8 bytes plus its names' UTF-8 bytes or its values' sizes (item-size
 * rules); the names, the values and both together may hold at most 2 MB. An expression's own size
 * with its substitutions in place (its text's length plus, for every use of a placeholder, the
 * name's bytes or the value's size) may be at most 1 MB: `substitutedBytes` counts the uses.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
 */
import type { AttributeValue } from "../api/attribute-value";
import { ValidationException } from "../api/errors";
import { attributeValueSize, utf8Length } from "../api/item-size";
import { LIMITS } from "../api/limits";
import { attributeNameTooLarge, VALUE_MESSAGES } from "../api/validate-values";
import { javaHashOrder } from "./java-hash-order";
import type { ExpressionKind } from "./messages";
import { invalid, undefinedName, undefinedValue } from "./messages";

export type AttributeNames = Record<string, string>;
export type AttributeValues = Record<string, AttributeValue>;

const MAX_KEY_LENGTH = 255;
const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;

/**
 * Checks the maps before any expression is parsed: not empty, keys well formed and at most 255
 * characters (names' keys first, then values' keys), names not empty nor over 64 KB, then each value through
 * `describeInvalidValue` (the caller's AttributeValue validator, returning DynamoDB's message
 * for a bad value or undefined for a good one), then the maps' sizes (2 MB each and together).
 */
export function checkAttributeMaps(
  names: AttributeNames | undefined,
  values: AttributeValues | undefined,
  describeInvalidValue?: (value: AttributeValue) => string | undefined,
): void {
  if (names !== undefined && Object.keys(names).length === 0) {
    throw new ValidationException("ExpressionAttributeNames must not be empty");
  }
  if (values !== undefined && Object.keys(values).length === 0) {
    throw new ValidationException("ExpressionAttributeValues must not be empty");
  }
  for (const key of Object.keys(names ?? {})) {
    if (key.length > MAX_KEY_LENGTH) {
      throw new ValidationException(
        `ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: ${key.length}`,
      );
    }
    if (!NAME_KEY.test(key)) {
      throw new ValidationException(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  for (const key of Object.keys(values ?? {})) {
    if (key.length > MAX_KEY_LENGTH) {
      throw new ValidationException(
        "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
      );
    }
    if (!VALUE_KEY.test(key)) {
      throw new ValidationException(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  for (const [key, name] of Object.entries(names ?? {})) {
    if (name === "") {
      throw new ValidationException(
        `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
      );
    }
    if (attributeNameTooLarge(name)) {
      throw new ValidationException(
        `ExpressionAttributeNames contains invalid value: ${VALUE_MESSAGES.nameTooLarge} for key ${key}`,
      );
    }
  }
  if (describeInvalidValue) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const problem = describeInvalidValue(value);
      if (problem !== undefined) {
        throw new ValidationException(`ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
      }
    }
  }
  checkMapSizes(names, values);
}

/** The 2 MB limits on the maps, in DynamoDB Local's order and words: names, values, both. */
function checkMapSizes(names: AttributeNames | undefined, values: AttributeValues | undefined): void {
  const max = LIMITS.expressionSubstitutionBytes;
  let nameBytes = 0;
  for (const [key, name] of Object.entries(names ?? {})) nameBytes += utf8Length(key) + utf8Length(name);
  if (nameBytes > max) throw new ValidationException("ExpressionAttributeNames exceeds max size");
  let valueBytes = 0;
  for (const [key, value] of Object.entries(values ?? {})) valueBytes += utf8Length(key) + attributeValueSize(value);
  if (valueBytes > max) throw new ValidationException("ExpressionAttributeValues exceeds max size");
  if (nameBytes + valueBytes > max) {
    throw new ValidationException(
      "Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size",
    );
  }
}

/** The names and values of one request, remembering which placeholders the expressions used. */
export class Placeholders {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  private readonly valueSizes = new Map<string, number>();
  private substituted = 0;

  constructor(
    readonly names: AttributeNames | undefined,
    readonly values: AttributeValues | undefined,
  ) {}

  /** The attribute name behind `#placeholder`; throws if the request does not define it. */
  name(kind: ExpressionKind, placeholder: string): string {
    const name = this.names && Object.hasOwn(this.names, placeholder) ? this.names[placeholder] : undefined;
    if (name === undefined) throw invalid(kind, undefinedName(placeholder));
    this.usedNames.add(placeholder);
    this.substituted += utf8Length(name);
    return name;
  }

  /** The value behind `:placeholder`; throws if the request does not define it. */
  value(kind: ExpressionKind, placeholder: string): AttributeValue {
    const value = this.values && Object.hasOwn(this.values, placeholder) ? this.values[placeholder] : undefined;
    if (value === undefined) throw invalid(kind, undefinedValue(placeholder));
    this.usedValues.add(placeholder);
    let size = this.valueSizes.get(placeholder);
    if (size === undefined) {
      size = attributeValueSize(value);
      this.valueSizes.set(placeholder, size);
    }
    this.substituted += size;
    return value;
  }

  /**
   * Bytes substituted so far, by every expression of the request: each use of a name adds its
   * UTF-8 bytes, each use of a value its size. The difference across one expression's parse is
   * what that expression's substitutions weigh.
   */
  get substitutedBytes(): number {
    return this.substituted;
  }

  /** Throws DynamoDB's error for names, then values, that no expression of the request used. */
  assertAllUsed(options: { values: boolean } = { values: true }): void {
    const unusedNames = unused(this.names, this.usedNames);
    if (unusedNames.length > 0) {
      throw new ValidationException(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(", ")}}`,
      );
    }
    const unusedValues = options.values ? unused(this.values, this.usedValues) : [];
    if (unusedValues.length > 0) {
      throw new ValidationException(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(", ")}}`,
      );
    }
  }
}

function unused(map: Record<string, unknown> | undefined, used: ReadonlySet<string>): string[] {
  const keys = Object.keys(map ?? {});
  return javaHashOrder(keys, "copy").filter((key) => !used.has(key));
}
