/**
 * DynamoDB's value semantics for expressions: equality (deep, with numbers compared numerically
 * and sets as sets) and the order of scalars (N numerically, S by UTF-8 bytes, B by bytes).
 * Values of different types are never equal and have no order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators
 */
import type { AttributeValue } from "../api/attribute-value";
import { typeOf } from "../api/attribute-value";
import { decodeBase64 } from "../api/base64";
import { compareNumbers } from "../api/numbers";

/** Maps a UTF-16 code unit so that unit order equals code point (and so UTF-8 byte) order. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Compares strings as DynamoDB does: by their UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Compares two base64 B values by their bytes. */
export function compareBinary(a: string, b: string): number {
  return a === b ? 0 : compareBytes(decodeBase64(a), decodeBase64(b));
}

/** Order of two scalars of the same type N, S or B; undefined for any other pair. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ("N" in a && "N" in b) return compareNumbers(a.N, b.N);
  if ("S" in a && "S" in b) return compareStrings(a.S, b.S);
  if ("B" in a && "B" in b) return compareBinary(a.B, b.B);
  return undefined;
}

function sameSet(a: string[], b: string[], equal: (x: string, y: string) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => equal(x, y)));
}

const numbersEqual = (x: string, y: string) => x === y || compareNumbers(x, y) === 0;
const stringsEqual = (x: string, y: string) => x === y;

/** Deep equality with DynamoDB's rules: type-strict, numbers numeric, sets unordered. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case "N":
      return numbersEqual((a as { N: string }).N, (b as { N: string }).N);
    case "S":
      return (a as { S: string }).S === (b as { S: string }).S;
    case "B":
      return (
        (a as { B: string }).B === (b as { B: string }).B ||
        compareBinary((a as { B: string }).B, (b as { B: string }).B) === 0
      );
    case "BOOL":
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case "NULL":
      return true;
    case "SS":
      return sameSet((a as { SS: string[] }).SS, (b as { SS: string[] }).SS, stringsEqual);
    case "NS":
      return sameSet((a as { NS: string[] }).NS, (b as { NS: string[] }).NS, numbersEqual);
    case "BS":
      return sameSet((a as { BS: string[] }).BS, (b as { BS: string[] }).BS, (x, y) => compareBinary(x, y) === 0);
    case "L": {
      const x = (a as { L: AttributeValue[] }).L;
      const y = (b as { L: AttributeValue[] }).L;
      return x.length === y.length && x.every((element, i) => valuesEqual(element, y[i]));
    }
    case "M": {
      const x = (a as { M: Record<string, AttributeValue> }).M;
      const y = (b as { M: Record<string, AttributeValue> }).M;
      const keys = Object.keys(x);
      return (
        keys.length === Object.keys(y).length &&
        keys.every((key) => Object.hasOwn(y, key) && valuesEqual(x[key], y[key]))
      );
    }
  }
}

/** True if set element `element` equals `candidate` under the set type's rules. */
export function setElementEquals(setType: "SS" | "NS" | "BS", element: string, candidate: string): boolean {
  if (setType === "NS") return numbersEqual(element, candidate);
  if (setType === "BS") return element === candidate || compareBinary(element, candidate) === 0;
  return element === candidate;
}
