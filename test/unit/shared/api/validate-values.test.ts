import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../../../shared/api/attribute-value";
import { SerializationException, ValidationException } from "../../../../shared/api/errors";
import type { KeySchema } from "../../../../shared/api/key-schema";
import { NUMBER_MESSAGES } from "../../../../shared/api/numbers";
import {
  attributeNameTooLarge,
  checkItemSize,
  checkName,
  extractKey,
  normalizeItem,
  normalizeValue,
  VALUE_MESSAGES,
  validateItemKey,
  validateKey,
} from "../../../../shared/api/validate-values";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

function validationMessage(fn: () => unknown): string {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ValidationException);
  return error.message;
}

const nestM = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { M: { a: nestM(depth - 1, leaf) } });
const nestL = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { L: [nestL(depth - 1, leaf)] });

describe("normalizeValue", () => {
  it("normalizeValue: canonicalises numbers everywhere, including inside L and M", () => {
    const raw = { M: { a: { L: [{ N: "1.50" }, { NS: ["1e3", "-0.0"] }] }, b: { N: "+007" } } };
    expect(normalizeValue(raw)).toEqual({ M: { a: { L: [{ N: "1.5" }, { NS: ["1000", "0"] }] }, b: { N: "7" } } });
  });

  it.each<[string, AttributeValue]>([
    ["empty S", { S: "" }],
    ["empty B", { B: "" }],
    ["BOOL false", { BOOL: false }],
    ["NULL", { NULL: true }],
    ["SS", { SS: ["a", "", "b"] }],
    ["BS", { BS: ["Yg==", ""] }],
    ["empty L and M", { L: [{ M: {} }, { L: [] }] }],
  ])("normalizeValue: accepts %s unchanged", (_name, value) => {
    expect(normalizeValue(value)).toEqual(value);
  });

  it("normalizeValue: returns a copy that shares nothing with its input", () => {
    const raw = { L: [{ SS: ["a"] }] };
    const value = normalizeValue(raw) as { L: { SS: string[] }[] };
    value.L[0].SS.push("b");
    expect(raw.L[0].SS).toEqual(["a"]);
  });

  it.each<[string, unknown, string]>([
    ["no member", {}, VALUE_MESSAGES.empty],
    ["only null members", { S: null, N: null }, VALUE_MESSAGES.empty],
    ["an unknown member", { Z: "a" }, VALUE_MESSAGES.empty],
    ["two types", { S: "a", N: "1" }, VALUE_MESSAGES.multiple],
    ["an invalid number beside another type", { N: "x", S: "a" }, `${NUMBER_MESSAGES.invalid}: x`],
    ["NULL false", { NULL: false }, VALUE_MESSAGES.nullNotTrue],
    ["NULL false beside another type", { NULL: false, S: "a" }, VALUE_MESSAGES.nullNotTrue],
    ["an empty SS", { SS: [] }, "One or more parameter values were invalid: An string set  may not be empty"],
    ["an empty NS", { NS: [] }, "One or more parameter values were invalid: An number set  may not be empty"],
    ["an empty BS", { BS: [] }, "One or more parameter values were invalid: Binary sets should not be empty"],
    ["an empty SS beside another type", { SS: [], S: "a" }, VALUE_MESSAGES.emptyStringSet],
    [
      "duplicate strings",
      { SS: ["b", "a", "b", "c"] },
      "One or more parameter values were invalid: Input collection [b, a, b, c] contains duplicates.",
    ],
    ["numbers equal once canonical", { NS: ["1", "1.0"] }, "Input collection contains duplicates"],
    ["an invalid number before a duplicate", { NS: ["1", "x", "1"] }, `${NUMBER_MESSAGES.invalid}: x`],
    ["a number set member out of range", { NS: ["1e126"] }, NUMBER_MESSAGES.overflow],
    [
      "duplicate binaries",
      { BS: ["Yg==", "Yg=="] },
      "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.",
    ],
    [
      "a null string set member",
      { SS: ["a", null] },
      "One or more parameter values were invalid: An string set may not have a null string as a member",
    ],
    ["a null number set member", { NS: ["1", null] }, NUMBER_MESSAGES.invalid],
    ["a null binary set member", { BS: ["AA==", null] }, "The supplied Item contains a null AttributeValue"],
    ["a null list element", { L: [null] }, "The supplied Item contains a null AttributeValue"],
    ["a null map value", { M: { a: null } }, "The supplied Item contains a null AttributeValue: a is null"],
    ["an empty map key", { M: { "": { S: "a" } } }, VALUE_MESSAGES.emptyName],
    ["an empty value nested in M", { M: { a: {} } }, VALUE_MESSAGES.empty],
    ["an empty value nested in L", { L: [{ S: "a" }, {}] }, VALUE_MESSAGES.empty],
    ["an invalid number nested in L", { L: [{ N: "1.2.3" }] }, `${NUMBER_MESSAGES.invalid}: 1.2.3`],
    ["a 39-digit number", { N: "1".repeat(39) }, NUMBER_MESSAGES.precision],
    ["null", null, VALUE_MESSAGES.empty],
  ])("normalizeValue: rejects %s with DynamoDB's message", (_name, raw, message) => {
    expect(validationMessage(() => normalizeValue(raw))).toBe(message);
  });

  it("normalizeValue: the messages are DynamoDB's", () => {
    expect(VALUE_MESSAGES.empty).toBe(
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
    expect(VALUE_MESSAGES.multiple).toBe(
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
    expect(VALUE_MESSAGES.nullNotTrue).toBe(
      "One or more parameter values were invalid: Null attribute value types must have the value of true",
    );
    expect(VALUE_MESSAGES.nesting).toBe(
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
    );
  });

  it.each([
    ["M", nestM],
    ["L", nestL],
  ])("normalizeValue: allows 31 nested %s levels below an attribute and rejects 32", (_type, nest) => {
    expect(() => normalizeValue(nest(31, { S: "v" }))).not.toThrow();
    expect(validationMessage(() => normalizeValue(nest(32, { S: "v" })))).toBe(VALUE_MESSAGES.nesting);
    expect(validationMessage(() => normalizeValue(nest(31, { M: {} })))).toBe(VALUE_MESSAGES.nesting);
  });

  it("normalizeValue: reports excess nesting before an invalid value deep inside", () => {
    expect(validationMessage(() => normalizeValue(nestM(40, { N: "x" })))).toBe(VALUE_MESSAGES.nesting);
  });

  it.each<[string, unknown]>([
    ["S given a number", { S: 5 }],
    ["N given a number", { N: 5 }],
    ["L given an object", { L: {} }],
    ["M given a list", { M: [] }],
    ["SS given a string", { SS: "a" }],
    ["an attribute value that is a string", "str"],
    ["B with bad base64 length", { B: "abc" }],
  ])("normalizeValue: rejects %s with SerializationException", (_name, raw) => {
    expect(thrown(() => normalizeValue(raw))).toBeInstanceOf(SerializationException);
  });

  it("normalizeValue: rejects base64 with non-zero padding bits as the deserializer does", () => {
    const error = thrown(() => normalizeValue({ BS: ["Yg==", "Yh=="] }));
    expect(error).toBeInstanceOf(SerializationException);
    expect(error.message).toBe("Invalid last non-pad Base64 character dectected");
  });
});

describe("normalizeItem", () => {
  it("normalizeItem: returns a normalized copy of every attribute", () => {
    expect(normalizeItem({ pk: { S: "a" }, n: { N: "00012.3400" }, s: { SS: ["x"] } })).toEqual({
      pk: { S: "a" },
      n: { N: "12.34" },
      s: { SS: ["x"] },
    });
  });

  it("normalizeItem: checks attributes in the order they were sent", () => {
    const dupThenBad = { x: { SS: ["a", "a"] }, y: { N: "x" } };
    const badThenDup = { y: { N: "x" }, x: { SS: ["a", "a"] } };
    expect(validationMessage(() => normalizeItem(dupThenBad))).toMatch(/contains duplicates/);
    expect(validationMessage(() => normalizeItem(badThenDup))).toBe(`${NUMBER_MESSAGES.invalid}: x`);
  });

  it.each<[string, unknown, string]>([
    ["a null attribute", { pk: { S: "a" }, x: null }, "The supplied Item contains a null AttributeValue: x is null"],
    ["an empty attribute name", { "": { S: "a" } }, VALUE_MESSAGES.emptyName],
    ["an empty attribute value", { x: {} }, VALUE_MESSAGES.empty],
    ["an attribute nested too deep", { a: { N: "x" }, b: nestM(32, { S: "v" }) }, VALUE_MESSAGES.nesting],
  ])("normalizeItem: rejects %s", (_name, raw, message) => {
    expect(validationMessage(() => normalizeItem(raw))).toBe(message);
  });

  it("normalizeItem: rejects an item that is not a map with SerializationException", () => {
    expect(thrown(() => normalizeItem([{ S: "a" }]))).toBeInstanceOf(SerializationException);
    expect(thrown(() => normalizeItem("item"))).toBeInstanceOf(SerializationException);
  });
});

describe("attribute names", () => {
  const TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes";

  it.each<[string, string, boolean]>([
    ["65,535 ASCII bytes", "a".repeat(65535), false],
    ["65,536 ASCII bytes", "a".repeat(65536), true],
    ["21,845 three-byte characters (65,535 bytes)", "\u20ac".repeat(21845), false],
    ["21,845 three-byte characters and one more byte", `${"\u20ac".repeat(21845)}a`, true],
    ["32,767 two-byte characters and one byte (65,535 bytes)", `${"é".repeat(32767)}a`, false],
    ["32,768 two-byte characters (65,536 bytes)", "é".repeat(32768), true],
    ["16,383 four-byte characters and three bytes (65,535 bytes)", `${"🔑".repeat(16383)}abc`, false],
    ["16,384 four-byte characters (65,536 bytes)", "🔑".repeat(16384), true],
  ])("attribute names: a name of %s is too large: %s", (_case, name, tooLarge) => {
    expect(attributeNameTooLarge(name)).toBe(tooLarge);
    if (tooLarge) expect(validationMessage(() => checkName(name))).toBe(TOO_LARGE);
    else expect(() => checkName(name)).not.toThrow();
  });

  it("attribute names: the limit holds for attributes and for map keys at any depth, in items and in values", () => {
    const long = "n".repeat(65536);
    expect(validationMessage(() => normalizeItem({ pk: { S: "a" }, [long]: { S: "v" } }))).toBe(TOO_LARGE);
    expect(validationMessage(() => normalizeItem({ m: nestM(3, { M: { [long]: { S: "v" } } }) }))).toBe(TOO_LARGE);
    expect(validationMessage(() => normalizeValue({ L: [{ M: { [long]: { N: "1" } } }] }))).toBe(TOO_LARGE);
    const fits = "n".repeat(65535);
    expect(normalizeItem({ [fits]: { M: { [fits]: { S: "v" } } } })).toEqual({ [fits]: { M: { [fits]: { S: "v" } } } });
  });

  it("attribute names: a name is checked before its value, attribute by attribute", () => {
    const long = "n".repeat(65536);
    expect(validationMessage(() => normalizeItem({ [long]: { N: "x" } }))).toBe(TOO_LARGE);
    expect(validationMessage(() => normalizeItem({ a: { N: "x" }, [long]: { S: "v" } }))).toBe(
      `${NUMBER_MESSAGES.invalid}: x`,
    );
  });
});

describe("checkItemSize", () => {
  it("checkItemSize: accepts an item of exactly 400 KB and rejects one byte more", () => {
    expect(() => checkItemSize({ pk: { S: "a" }, x: { S: "b".repeat(409596) } })).not.toThrow();
    expect(validationMessage(() => checkItemSize({ pk: { S: "a" }, x: { S: "b".repeat(409597) } }))).toBe(
      "Item size has exceeded the maximum allowed size",
    );
  });

  it("checkItemSize: counts attribute names and multi-byte characters", () => {
    expect(() => checkItemSize({ pk: { S: "a" }, x: { S: "é".repeat(204798) } })).not.toThrow();
    expect(() => checkItemSize({ pk: { S: "a" }, x: { S: "é".repeat(204799) } })).toThrow(ValidationException);
  });
});

const HASH: KeySchema = { hash: { name: "pk", type: "S" } };
const COMPOSITE: KeySchema = { hash: { name: "pk", type: "N" }, range: { name: "sk", type: "B" } };
const bytes = (n: number) => Buffer.alloc(n, 120).toString("base64");

describe("validateKey", () => {
  it.each<[string, Item, KeySchema]>([
    ["a partition key", { pk: { S: "a" } }, HASH],
    ["a composite key", { pk: { N: "1" }, sk: { B: "AA==" } }, COMPOSITE],
    ["a 2048-byte partition key", { pk: { S: "a".repeat(2048) } }, HASH],
    ["a 2048-byte partition key of 2-byte characters", { pk: { S: "é".repeat(1024) } }, HASH],
    ["a 1024-byte sort key", { pk: { N: "1" }, sk: { B: bytes(1024) } }, COMPOSITE],
    ["a 38-digit number key", { pk: { N: `-${"9".repeat(38)}` }, sk: { B: "AA==" } }, COMPOSITE],
  ])("validateKey: accepts %s", (_name, key, schema) => {
    expect(() => validateKey(key, schema)).not.toThrow();
  });

  it.each<[string, Item, KeySchema, string]>([
    ["an extra attribute", { pk: { S: "a" }, x: { S: "b" } }, HASH, VALUE_MESSAGES.keyMismatch],
    ["no attributes", {}, HASH, VALUE_MESSAGES.keyMismatch],
    ["the wrong attribute", { x: { S: "a" } }, HASH, VALUE_MESSAGES.keyMismatch],
    ["the wrong type", { pk: { N: "1" } }, HASH, "The provided key element does not match the schema"],
    ["a missing sort key", { pk: { N: "1" } }, COMPOSITE, VALUE_MESSAGES.keyMismatch],
    ["a sort key of the wrong type", { pk: { N: "1" }, sk: { S: "a" } }, COMPOSITE, VALUE_MESSAGES.keyMismatch],
    [
      "an empty string partition key",
      { pk: { S: "" } },
      HASH,
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    ],
    [
      "an empty binary sort key",
      { pk: { N: "1" }, sk: { B: "" } },
      COMPOSITE,
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: sk",
    ],
    [
      "a partition key over 2048 bytes",
      { pk: { S: "é".repeat(1024) + "a" } },
      HASH,
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    ],
    [
      "a sort key over 1024 bytes",
      { pk: { N: "1" }, sk: { B: bytes(1025) } },
      COMPOSITE,
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    ],
  ])("validateKey: rejects %s", (_name, key, schema, message) => {
    expect(validationMessage(() => validateKey(key, schema))).toBe(message);
  });
});

describe("validateItemKey", () => {
  it("validateItemKey: accepts an item holding its key among other attributes", () => {
    expect(() => validateItemKey({ pk: { N: "1" }, sk: { B: "AA==" }, x: { S: "" } }, COMPOSITE)).not.toThrow();
  });

  it.each<[string, Item, KeySchema, string]>([
    [
      "a missing partition key",
      { x: { S: "a" } },
      HASH,
      "One or more parameter values were invalid: Missing the key pk in the item",
    ],
    [
      "a missing sort key",
      { pk: { N: "1" } },
      COMPOSITE,
      "One or more parameter values were invalid: Missing the key sk in the item",
    ],
    [
      "a partition key of the wrong type",
      { pk: { N: "1" } },
      HASH,
      "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
    ],
    [
      "a sort key of the wrong type",
      { pk: { N: "1" }, sk: { SS: ["a"] } },
      COMPOSITE,
      "One or more parameter values were invalid: Type mismatch for key sk expected: B actual: SS",
    ],
    [
      "an empty string key",
      { pk: { S: "" } },
      HASH,
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    ],
    ["a partition key over 2048 bytes", { pk: { S: "a".repeat(2049) } }, HASH, VALUE_MESSAGES.hashKeySize],
    ["a sort key over 1024 bytes", { pk: { N: "1" }, sk: { B: bytes(1025) } }, COMPOSITE, VALUE_MESSAGES.rangeKeySize],
  ])("validateItemKey: rejects %s", (_name, item, schema, message) => {
    expect(validationMessage(() => validateItemKey(item, schema))).toBe(message);
  });
});

describe("extractKey", () => {
  it("extractKey: keeps only the key attributes, partition key first", () => {
    const item: Item = { x: { S: "b" }, sk: { B: "AA==" }, pk: { N: "1" } };
    expect(Object.keys(extractKey(item, COMPOSITE))).toEqual(["pk", "sk"]);
    expect(extractKey(item, COMPOSITE)).toEqual({ pk: { N: "1" }, sk: { B: "AA==" } });
    expect(extractKey({ pk: { S: "a" }, x: { S: "b" } }, HASH)).toEqual({ pk: { S: "a" } });
  });
});
