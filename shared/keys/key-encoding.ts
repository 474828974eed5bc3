/**
 * Order-preserving binary encoding of key attribute values. Unsigned byte-wise
 * order of the encodings equals DynamoDB's sort order for values of one type,
 * so SQLite's BLOB comparison (memcmp) orders keys exactly as DynamoDB does:
 * - S: the UTF-8 bytes (DynamoDB compares strings by their UTF-8 bytes);
 * - B: the raw bytes;
 * - N: a decimal encoding that sorts numerically (below).
 *
 * The encoding is stored data: it may never change once data exists.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */

import type { AttributeValue, ScalarAttributeType } from "../api/attribute-value";
import { decodeBase64, encodeBase64 } from "../api/base64";
import { checkNumberLimits, formatNumber, type NumberParts, parseNumber } from "../api/numbers";

/*
 * N layout, for ±digits × 10^exponent with m = exponent + digits.length − 1
 * (the power of ten of the leading digit, −130 ≤ m ≤ 125 by DynamoDB's limits):
 *   negative: 0x01, 255 − (m + 130), then (10 − d) per digit, then 0xFF
 *   zero:     0x02
 *   positive: 0x03, m + 130,         then (d + 1) per digit
 * Canonical digits have no trailing zeros, so for equal m a shorter digit
 * string that is a prefix of a longer one is the smaller magnitude. Positive
 * digits sort as written (a prefix sorts first); negative ones are complemented,
 * and the 0xFF terminator, above every complemented digit, puts the smaller
 * magnitude (the larger number) after its extensions.
 */
const NEGATIVE = 0x01;
const ZERO = 0x02;
const POSITIVE = 0x03;
const NEGATIVE_END = 0xff;
const EXPONENT_BIAS = 130;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function encodeNumber(text: string): Uint8Array {
  const parts = parseNumber(text);
  checkNumberLimits(parts);
  const { digits, negative } = parts;
  if (digits === "") return Uint8Array.of(ZERO);
  const magnitude = parts.exponent + digits.length - 1 + EXPONENT_BIAS;
  const out = new Uint8Array(digits.length + (negative ? 3 : 2));
  out[0] = negative ? NEGATIVE : POSITIVE;
  out[1] = negative ? 255 - magnitude : magnitude;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    out[i + 2] = negative ? 10 - d : d + 1;
  }
  if (negative) out[out.length - 1] = NEGATIVE_END;
  return out;
}

function decodeNumber(bytes: Uint8Array): string {
  const fail = () => new Error("malformed number key encoding");
  if (bytes.length === 1 && bytes[0] === ZERO) return "0";
  const negative = bytes[0] === NEGATIVE;
  if (!negative && bytes[0] !== POSITIVE) throw fail();
  const end = negative ? bytes.length - 1 : bytes.length;
  if (end < 3 || (negative && bytes[end] !== NEGATIVE_END)) throw fail();
  let digits = "";
  for (let i = 2; i < end; i++) {
    const d = negative ? 10 - bytes[i] : bytes[i] - 1;
    if (d < 0 || d > 9) throw fail();
    digits += String.fromCharCode(48 + d);
  }
  const magnitude = (negative ? 255 - bytes[1] : bytes[1]) - EXPONENT_BIAS;
  const parts: NumberParts = { negative, digits, exponent: magnitude - digits.length + 1 };
  return formatNumber(parts);
}

/**
 * Encodes a key value (S, N or B). N text is validated against DynamoDB's
 * limits (ValidationException); B must be strict base64.
 */
export function encodeKeyValue(value: AttributeValue): Uint8Array {
  if ("S" in value) return utf8Encoder.encode(value.S);
  if ("N" in value) return encodeNumber(value.N);
  if ("B" in value) return decodeBase64(value.B);
  throw new Error(`not a key attribute value: ${Object.keys(value)[0]}`);
}

/** Inverse of `encodeKeyValue`: returns the value in canonical form (N as DynamoDB prints it). */
export function decodeKeyValue(bytes: Uint8Array, type: ScalarAttributeType): AttributeValue {
  switch (type) {
    case "S":
      return { S: utf8Decoder.decode(bytes) };
    case "N":
      return { N: decodeNumber(bytes) };
    case "B":
      return { B: encodeBase64(bytes) };
    default: {
      const unreachable: never = type;
      throw new Error(`not a key type: ${unreachable}`);
    }
  }
}

/** Unsigned byte-wise comparison, as SQLite compares BLOBs: negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** Compares two key values of one type in DynamoDB's sort order. */
export function compareKeyValues(a: AttributeValue, b: AttributeValue): number {
  return compareBytes(encodeKeyValue(a), encodeKeyValue(b));
}

/** Lowercase hex of bytes; hex order equals byte order. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** Inverse of `bytesToHex`. Throws on odd length or non-hex characters. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`not hex: ${hex}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
