/**
 * Item and attribute value sizes, counted DynamoDB's way. These sizes decide the
 * 400 KB item limit, the 1 MB page limit and consumed capacity.
 * - S: UTF-8 bytes; B: raw bytes; BOOL and NULL: 1 byte.
 * - N: 1 byte plus one per two significant digits, counted in base-100 pairs
 *   aligned on the decimal point (so 1.1 takes two pairs), plus 1 if negative;
 *   zero takes 1 byte.
 * - SS, NS, BS: the sum of their elements.
 * - L: 3 bytes, plus 1 byte and the size of each element.
 * - M: 3 bytes, plus, for each entry, 1 byte, the name's UTF-8 bytes and the value.
 * - An item: for each attribute, the name's UTF-8 bytes plus the value.
 * These match DynamoDB's limit checks byte for byte (checked against DynamoDB
 * Local's 400 KB boundary for every type).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */

import type { AttributeValue, Item } from "./attribute-value";
import { base64ByteLength } from "./base64";
import { parseNumber } from "./numbers";

/** Any UTF-16 code unit beyond ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length of a string without allocating its bytes. */
export function utf8Length(text: string): number {
  // ASCII text (the common case) is one byte per code unit; the regex scans it natively.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Size of a number's text (valid number syntax; need not be canonical). */
export function numberSize(text: string): number {
  const { digits, exponent, negative } = parseNumber(text);
  if (digits === "") return 1;
  const last = exponent;
  const first = exponent + digits.length - 1;
  const pairs = Math.floor(first / 2) - Math.floor(last / 2) + 1;
  return 1 + pairs + (negative ? 1 : 0);
}

export function attributeValueSize(value: AttributeValue): number {
  if ("S" in value) return utf8Length(value.S);
  if ("N" in value) return numberSize(value.N);
  if ("B" in value) return base64ByteLength(value.B);
  if ("BOOL" in value || "NULL" in value) return 1;
  if ("SS" in value) return value.SS.reduce((sum, s) => sum + utf8Length(s), 0);
  if ("NS" in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ("BS" in value) return value.BS.reduce((sum, b) => sum + base64ByteLength(b), 0);
  if ("L" in value) return value.L.reduce((sum, v) => sum + 1 + attributeValueSize(v), 3);
  if ("M" in value) {
    let size = 3;
    for (const name in value.M) size += 1 + utf8Length(name) + attributeValueSize(value.M[name]);
    return size;
  }
  throw new Error(`unknown attribute value type: ${Object.keys(value)[0]}`);
}

/** Size of an item: each attribute's name bytes plus its value's size. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + attributeValueSize(item[name]);
  return size;
}
