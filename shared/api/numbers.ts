/**
 * Exact decimal arithmetic on DynamoDB numbers, which travel and are stored as
 * decimal strings. No floating point anywhere: a number is a sign, a string of
 * significant digits and a power of ten.
 *
 * Contracts:
 * - `canonicalNumber` returns the text DynamoDB stores and returns: plain
 *   notation (no exponent, no "+", no leading or trailing zeros, "0" for every
 *   zero), or throws ValidationException with DynamoDB's message.
 * - Every result of `addNumbers`/`subtractNumbers` is canonical and within
 *   DynamoDB's limits: at most 38 significant digits, magnitude between 1E-130
 *   and 9.9999999999999999999999999999999999999E+125 (or zero).
 * - The precision check comes before the range check, as in DynamoDB.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */

import { ValidationException } from "./errors";
import { LIMITS } from "./limits";

export const NUMBER_MESSAGES = {
  /** AWS appends ": <text>" when the text is not empty; see `invalidNumberMessage`. */
  invalid: "The parameter cannot be converted to a numeric value",
  precision: "Attempting to store more than 38 significant digits in a Number",
  overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range",
  underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range",
} as const;

/** Powers of ten of the largest and smallest leading digit DynamoDB holds. */
const MAX_MAGNITUDE = 125;
const MIN_MAGNITUDE = -130;
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * A number as ±digits × 10^exponent, where `digits` has no leading and no
 * trailing zeros, so every value has exactly one form. Zero is `digits === ""`.
 */
export interface NumberParts {
  negative: boolean;
  /** Significant digits, ASCII "1"-"9" first and last; "" for zero. */
  digits: string;
  /** Power of ten of the last digit: value = ±digits × 10^exponent. 0 for zero. */
  exponent: number;
}

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function invalidNumberMessage(text: string): string {
  return text === "" ? NUMBER_MESSAGES.invalid : `${NUMBER_MESSAGES.invalid}: ${text}`;
}

/**
 * Reads decimal text ("-1.50", ".5", "1.", "1e3", "0.0001E2") into parts
 * without checking DynamoDB's limits. Throws ValidationException on text that
 * is not a number (whitespace, hex, "NaN", "Infinity", a bare "." or "e5").
 */
export function parseNumber(text: string): NumberParts {
  const match = NUMBER_TEXT.exec(text);
  const whole = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (!match || whole.length + fraction.length === 0) throw new ValidationException(invalidNumberMessage(text));
  const exponentText = match[4];
  const written = exponentText === undefined ? 0 : Number(exponentText);
  // Java's BigDecimal (behind DynamoDB) needs the exponent and the scale in an int.
  const scale = fraction.length - written;
  if (written > INT32_MAX || written < INT32_MIN || scale > INT32_MAX || scale < INT32_MIN) {
    throw new ValidationException(invalidNumberMessage(text));
  }
  const all = whole + fraction;
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return { negative: false, digits: "", exponent: 0 };
  let last = all.length;
  while (all.charCodeAt(last - 1) === 48) last--;
  return {
    negative: match[1] === "-",
    digits: all.slice(first, last),
    exponent: written - fraction.length + (all.length - last),
  };
}

/** Throws DynamoDB's precision, overflow or underflow error if the parts are outside its limits. */
export function checkNumberLimits(parts: NumberParts): void {
  if (parts.digits === "") return;
  if (parts.digits.length > LIMITS.numberDigits) throw new ValidationException(NUMBER_MESSAGES.precision);
  const magnitude = parts.exponent + parts.digits.length - 1;
  if (magnitude > MAX_MAGNITUDE) throw new ValidationException(NUMBER_MESSAGES.overflow);
  if (magnitude < MIN_MAGNITUDE) throw new ValidationException(NUMBER_MESSAGES.underflow);
}

/** Plain decimal text of the parts, with no exponent: DynamoDB's canonical form. */
export function formatNumber(parts: NumberParts): string {
  const { digits, exponent } = parts;
  if (digits === "") return "0";
  const sign = parts.negative ? "-" : "";
  if (exponent >= 0) return sign + digits + "0".repeat(exponent);
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${digits}`;
}

/** Validates number text and returns it as DynamoDB stores it ("1.50" → "1.5", "1e3" → "1000", "-0" → "0"). */
export function canonicalNumber(text: string): string {
  const parts = parseNumber(text);
  checkNumberLimits(parts);
  return formatNumber(parts);
}

/** Power of ten of the leading digit; only meaningful for non-zero parts. */
function magnitudeOf(parts: NumberParts): number {
  return parts.exponent + parts.digits.length - 1;
}

/** Compares two parsed numbers: negative, zero or positive as a <, =, > b. */
export function compareParts(a: NumberParts, b: NumberParts): number {
  const signA = a.digits === "" ? 0 : a.negative ? -1 : 1;
  const signB = b.digits === "" ? 0 : b.negative ? -1 : 1;
  if (signA !== signB || signA === 0) return signA - signB;
  const byMagnitude = magnitudeOf(a) - magnitudeOf(b);
  // Equal magnitudes: digit strings without trailing zeros compare like the numbers.
  const byDigits = byMagnitude !== 0 ? byMagnitude : a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return byDigits === 0 ? 0 : signA * Math.sign(byDigits);
}

/** Compares two numbers numerically (any valid number text, canonical or not). */
export function compareNumbers(a: string, b: string): number {
  return compareParts(parseNumber(a), parseNumber(b));
}

function toScaled(parts: NumberParts, exponent: number): bigint {
  if (parts.digits === "") return 0n;
  const value = BigInt(parts.digits) * 10n ** BigInt(parts.exponent - exponent);
  return parts.negative ? -value : value;
}

function fromBigInt(value: bigint, exponent: number): NumberParts {
  return parseNumber(`${value}e${exponent}`);
}

function combine(a: string, b: string, negateB: boolean): string {
  const x = parseNumber(a);
  const y = parseNumber(b);
  checkNumberLimits(x);
  checkNumberLimits(y);
  const exponent = Math.min(x.exponent, y.exponent);
  const right = toScaled(y, exponent);
  const result = fromBigInt(toScaled(x, exponent) + (negateB ? -right : right), exponent);
  checkNumberLimits(result);
  return formatNumber(result);
}

/**
 * a + b, exact. Throws DynamoDB's precision error when the exact sum needs more
 * than 38 significant digits, then its overflow/underflow errors.
 */
export function addNumbers(a: string, b: string): string {
  return combine(a, b, false);
}

/** a − b, exact, with the same errors as `addNumbers`. */
export function subtractNumbers(a: string, b: string): string {
  return combine(a, b, true);
}
