/**
 * Calls as data between processes (issue 23): a call's arguments and its answer as JSON text,
 * keeping what the runtime's structured clone keeps and JSON loses. Within a process a call to a
 * Durable Object passes its values by structured clone; between processes they travel as this
 * text, and must come back as the same values.
 *
 * JSON already carries plain objects, arrays, strings, finite numbers, booleans and null. What it
 * loses travels as a tagged object `{"$w": tag, "v": …}`: undefined (at the top and in arrays; an
 * object property whose value is undefined is left out, as JSON does), NaN, ±Infinity and -0,
 * bigints, dates, Uint8Arrays, ArrayBuffers, maps, sets and errors (name and message). A plain
 * object that has a `$w` property itself (an item attribute may be named anything) travels as
 * its entries under the tag `o`, so no value is mistaken for a tag. A value structured clone
 * refuses (a function, a symbol, a class instance) is refused here too, with a TypeError.
 */

const TAG = "$w";

type Tagged = { [TAG]: string; v?: unknown };

/** The text of `value`; throws a TypeError for a value that cannot be sent. */
export function encodeWire(value: unknown): string {
  return JSON.stringify({ v: value }, replace);
}

/** The value `text` (from encodeWire) holds. */
export function decodeWire(text: string): unknown {
  return (JSON.parse(text, revive) as { v: unknown }).v;
}

const tagged = (tag: string, v?: unknown): Tagged => (v === undefined ? { [TAG]: tag } : { [TAG]: tag, v });

function replace(this: unknown, key: string, value: unknown): unknown {
  // Dates have toJSON, which has already run: the holder has the date itself.
  const original = key === "" ? value : (this as Record<string, unknown>)[key];
  switch (typeof original) {
    case "string":
    case "boolean":
      return original;
    case "number":
      if (Number.isNaN(original) || !Number.isFinite(original) || Object.is(original, -0))
        return tagged("n", String(Object.is(original, -0) ? "-0" : original));
      return original;
    case "undefined":
      return Array.isArray(this) ? tagged("u") : undefined;
    case "bigint":
      return tagged("b", original.toString());
    case "object":
      return replaceObject(original);
    default:
      throw new TypeError(`a ${typeof original} cannot be sent between processes`);
  }
}

function replaceObject(value: object | null): unknown {
  if (value === null || Array.isArray(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return TAG in value ? tagged("o", Object.entries(value)) : value;
  if (value instanceof Date) return tagged("d", value.getTime());
  if (value instanceof Uint8Array) return tagged("u8", base64Of(value));
  if (value instanceof ArrayBuffer) return tagged("ab", base64Of(new Uint8Array(value)));
  if (value instanceof Map) return tagged("m", [...value]);
  if (value instanceof Set) return tagged("s", [...value]);
  if (value instanceof Error) return tagged("e", { name: value.name, message: value.message });
  throw new TypeError(`a ${proto?.constructor?.name ?? "object"} cannot be sent between processes`);
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !(TAG in value)) return value;
  const { [TAG]: tag, v } = value as Tagged;
  switch (tag) {
    case "u":
      return undefined;
    case "n":
      return Number(v);
    case "b":
      return BigInt(v as string);
    case "d":
      return new Date(v as number);
    case "u8":
      return bytesOf(v as string);
    case "ab":
      return bytesOf(v as string).buffer;
    case "m":
      return new Map(v as [unknown, unknown][]);
    case "s":
      return new Set(v as unknown[]);
    case "e":
      return errorOf(v as { name: string; message: string });
    case "o":
      return Object.fromEntries(v as [string, unknown][]);
    default:
      throw new TypeError(`unknown wire tag ${tag}`);
  }
}

function errorOf({ name, message }: { name: string; message: string }): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function base64Of(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
