/**
 * Items as the data explorer shows and reads them: DynamoDB JSON (`{"n": {"N": "1"}}`, exactly
 * as the operations take and return it) or plain JSON (`{"n": 1}`).
 *
 * Plain → DynamoDB: strings S, finite numbers N (as plain decimal text), booleans BOOL, null
 * NULL, arrays L, objects M. DynamoDB → plain: N a JS number when the number survives the trip
 * exactly (else its text), sets (SS, NS, BS) arrays, B its base64 text. So plain JSON loses sets,
 * binary and long numbers (`plainIsExact` tells), and DynamoDB JSON is the lossless form.
 */

import type { AttributeValue, Item } from "../../../shared/api/attribute-value";
import { formatNumber, type NumberParts, parseNumber } from "../../../shared/api/numbers";

/** A value of plain JSON. */
export type Plain = string | number | boolean | null | Plain[] | { [name: string]: Plain };

/** How the text of an item (or of expression values) is written. */
export type ItemFormat = "dynamodb" | "plain";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The format a `format=` parameter names: "plain", else DynamoDB JSON. */
export function formatOf(text: string | undefined): ItemFormat {
  return text === "plain" ? "plain" : "dynamodb";
}

/** Deeper than DynamoDB's 32 levels: past this, conversion stops rather than recurse on. */
const MAX_DEPTH = 64;

class ItemJsonError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.every((member) => typeof member === "string");

/** What each type tag's member must hold. */
const SHAPES: Record<string, (member: unknown, depth: number) => boolean> = {
  S: (member) => typeof member === "string",
  N: (member) => typeof member === "string",
  B: (member) => typeof member === "string",
  BOOL: (member) => typeof member === "boolean",
  NULL: (member) => member === true,
  SS: isStringArray,
  NS: isStringArray,
  BS: isStringArray,
  L: (member, depth) => Array.isArray(member) && member.every((value) => isValueAt(value, depth + 1)),
  M: (member, depth) => isObject(member) && Object.values(member).every((value) => isValueAt(value, depth + 1)),
};

function isValueAt(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || !isObject(value)) return false;
  const tags = Object.keys(value);
  if (tags.length !== 1 || !Object.hasOwn(SHAPES, tags[0])) return false;
  return SHAPES[tags[0]](value[tags[0]], depth);
}

/** Whether `value` is shaped as a DynamoDB JSON attribute value (one type tag holding its kind of member). */
export function isAttributeValue(value: unknown): value is AttributeValue {
  return isValueAt(value, 0);
}

const sameParts = (a: NumberParts, b: NumberParts) =>
  a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;

/** A finite JS number as decimal text without an exponent: 1e21 → "1000000000000000000000". */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new ItemJsonError(`${value} is not a number DynamoDB can store`);
  return formatNumber(parseNumber(String(value)));
}

/** An N's text as a JS number when that number is exactly the same value, else the text itself. */
export function plainNumber(text: string): number | string {
  const value = Number(text);
  if (!Number.isFinite(value)) return text;
  try {
    return sameParts(parseNumber(String(value)), parseNumber(text)) ? value : text;
  } catch {
    return text;
  }
}

/** An attribute value as plain JSON. */
export function toPlainValue(value: AttributeValue): Plain {
  if ("S" in value) return value.S;
  if ("N" in value) return plainNumber(value.N);
  if ("B" in value) return value.B;
  if ("BOOL" in value) return value.BOOL;
  if ("NULL" in value) return null;
  if ("SS" in value) return [...value.SS];
  if ("NS" in value) return value.NS.map(plainNumber);
  if ("BS" in value) return [...value.BS];
  if ("L" in value) return value.L.map(toPlainValue);
  return toPlainItem(value.M);
}

/** An item (or a map's members) as a plain JSON object. */
export function toPlainItem(item: Item): { [name: string]: Plain } {
  // fromEntries defines properties, so an attribute named "__proto__" stays an attribute.
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toPlainValue(value)]));
}

function fromPlainAt(value: unknown, depth: number): AttributeValue {
  if (depth > MAX_DEPTH) throw new ItemJsonError(`Values nest deeper than ${MAX_DEPTH} levels`);
  if (typeof value === "string") return { S: value };
  if (typeof value === "number") return { N: decimalText(value) };
  if (typeof value === "boolean") return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map((member) => fromPlainAt(member, depth + 1)) };
  if (isObject(value)) return { M: fromPlainObjectAt(value, depth + 1) };
  throw new ItemJsonError(`${typeof value} is not a JSON value`);
}

function fromPlainObjectAt(object: Record<string, unknown>, depth: number): Item {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, fromPlainAt(value, depth)]));
}

/** A plain JSON value as an attribute value. Throws on what JSON cannot hold (NaN, undefined, …). */
export function fromPlainValue(value: unknown): AttributeValue {
  return fromPlainAt(value, 0);
}

/** A plain JSON object as an item. */
export function fromPlainItem(object: Record<string, unknown>): Item {
  return fromPlainObjectAt(object, 0);
}

/** The item in `format`, indented for reading and editing. */
export function formatItem(item: Item, format: ItemFormat): string {
  return JSON.stringify(format === "plain" ? toPlainItem(item) : item, null, 2);
}

function hasInexactValue(value: AttributeValue): boolean {
  if ("B" in value || "SS" in value || "NS" in value || "BS" in value) return true;
  if ("N" in value) return typeof plainNumber(value.N) === "string";
  if ("L" in value) return value.L.some(hasInexactValue);
  if ("M" in value) return Object.values(value.M).some(hasInexactValue);
  return false;
}

/** Whether the item's plain JSON reads back as the same item (no sets, binary or inexact numbers). */
export function plainIsExact(item: Item): boolean {
  return !Object.values(item).some(hasInexactValue);
}

/** JSON text that must hold an object: the object, or why not. */
function parseObject(text: string): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(value)) return { ok: false, error: "Expected a JSON object: { … }" };
  return { ok: true, value };
}

/** An item written in `format`: the item, or why the text is not one. */
export function parseItem(text: string, format: ItemFormat): Parsed<Item> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  if (format === "plain") {
    try {
      return { ok: true, value: fromPlainItem(parsed.value) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
  for (const [name, value] of Object.entries(parsed.value)) {
    if (!isAttributeValue(value)) {
      return {
        ok: false,
        error: `Attribute ${JSON.stringify(name)} is not DynamoDB JSON: expected a typed value such as {"S": "text"} or {"N": "1"} (or choose plain JSON)`,
      };
    }
  }
  return { ok: true, value: parsed.value as Item };
}

/**
 * Expression attribute values (`{":v": …}`), each in DynamoDB JSON (`{"S": "x"}`) or plain JSON
 * (`"x"`): a value shaped as a typed attribute value is taken as one. Empty text is none.
 */
export function parseExpressionValues(text: string): Parsed<Item | undefined> {
  if (text.trim() === "") return { ok: true, value: undefined };
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  try {
    const entries = Object.entries(parsed.value).map(([name, value]) => {
      return [name, isAttributeValue(value) ? value : fromPlainValue(value)] as const;
    });
    return { ok: true, value: Object.fromEntries(entries) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** A JSON object (expression attribute names, a start key): the object, or why not. Empty text is none. */
export function parseJsonObject(text: string): Parsed<Record<string, unknown> | undefined> {
  if (text.trim() === "") return { ok: true, value: undefined };
  return parseObject(text);
}
