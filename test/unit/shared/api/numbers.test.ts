import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../shared/api/errors";
import {
  addNumbers,
  canonicalNumber,
  compareNumbers,
  NUMBER_MESSAGES,
  parseNumber,
  subtractNumbers,
} from "../../../../shared/api/numbers";

const MAX = `99999999999999999999999999999999999999${"0".repeat(88)}`;
const MIN = `0.${"0".repeat(129)}1`;

function errorOf(fn: () => unknown): ValidationException {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    return error as ValidationException;
  }
  throw new Error("expected a ValidationException");
}

/** Valid number text in every notation DynamoDB accepts, within its limits. */
const numberText = fc
  .record({
    sign: fc.constantFrom("", "-", "+"),
    leadingZeros: fc.nat(3),
    digits: fc.stringMatching(/^[1-9][0-9]{0,37}$/),
    trailingZeros: fc.nat(3),
    point: fc.nat(45),
    exponent: fc.integer({ min: -80, max: 80 }),
    exponentChar: fc.constantFrom("e", "E"),
  })
  .map(({ sign, leadingZeros, digits, trailingZeros, point, exponent, exponentChar }) => {
    const all = "0".repeat(leadingZeros) + digits + "0".repeat(trailingZeros);
    const at = Math.min(point, all.length);
    const body = at === all.length ? all : `${all.slice(0, at)}.${all.slice(at)}`;
    return exponent === 0 ? sign + body : `${sign}${body}${exponentChar}${exponent}`;
  });

/** Exact rational value of valid number text as a fraction n / 10^k, for checking. */
function exact(text: string): { n: bigint; k: number } {
  const parts = parseNumber(text);
  if (parts.digits === "") return { n: 0n, k: 0 };
  const n = BigInt(parts.digits) * (parts.negative ? -1n : 1n);
  return parts.exponent >= 0 ? { n: n * 10n ** BigInt(parts.exponent), k: 0 } : { n, k: -parts.exponent };
}

function sameValue(a: { n: bigint; k: number }, b: { n: bigint; k: number }): boolean {
  const k = Math.max(a.k, b.k);
  return a.n * 10n ** BigInt(k - a.k) === b.n * 10n ** BigInt(k - b.k);
}

describe("canonicalNumber", () => {
  it.each([
    ["1.50", "1.5"],
    ["1e3", "1000"],
    ["1e+3", "1000"],
    ["1E-3", "0.001"],
    ["0.0001E2", "0.01"],
    ["-0", "0"],
    ["-0.0e5", "0"],
    ["0.00", "0"],
    ["00", "0"],
    ["0E-1000", "0"],
    ["+5", "5"],
    ["00012.3400", "12.34"],
    ["1.", "1"],
    [".5", "0.5"],
    ["-.5", "-0.5"],
    ["-5.", "-5"],
    ["1e-0", "1"],
    ["12345678901234567890123456789012345678", "12345678901234567890123456789012345678"],
    ["1234567890123456789012345678901234567800", "1234567890123456789012345678901234567800"],
    ["1.234567890123456789012345678901234567800", "1.2345678901234567890123456789012345678"],
    ["9.9999999999999999999999999999999999999E+125", MAX],
    ["99999999999999999999999999999999999999E88", MAX],
    ["1E-130", MIN],
    ["-1E-130", `-${MIN}`],
    ["1.5E-130", `0.${"0".repeat(129)}15`],
  ])("canonicalNumber: %s is stored as DynamoDB returns it", (text, expected) => {
    expect(canonicalNumber(text)).toBe(expected);
  });

  it.each([
    " 1",
    "1 ",
    ".",
    "1e",
    "e5",
    "1E+",
    "0x10",
    "Infinity",
    "NaN",
    "1.2.3",
    "--1",
    "+-1",
    "1e--1",
    "1_000",
    "-",
    "\uff11",
    "1e2147483648",
    "0e-2147483648",
  ])("canonicalNumber: rejects %j as not a number, quoting it", (text) => {
    expect(errorOf(() => canonicalNumber(text)).message).toBe(`${NUMBER_MESSAGES.invalid}: ${text}`);
  });

  it("canonicalNumber: rejects the empty string without quoting it", () => {
    expect(errorOf(() => canonicalNumber("")).message).toBe(NUMBER_MESSAGES.invalid);
  });

  it.each([
    ["123456789012345678901234567890123456789", NUMBER_MESSAGES.precision],
    ["-1.23456789012345678901234567890123456789", NUMBER_MESSAGES.precision],
    ["1234567890123456789012345678901234567891E200", NUMBER_MESSAGES.precision],
    ["1234567890123456789012345678901234567891E-200", NUMBER_MESSAGES.precision],
    ["1E+126", NUMBER_MESSAGES.overflow],
    ["10E125", NUMBER_MESSAGES.overflow],
    ["-1E126", NUMBER_MESSAGES.overflow],
    ["99999999999999999999999999999999999999E89", NUMBER_MESSAGES.overflow],
    ["1e2147483647", NUMBER_MESSAGES.overflow],
    ["1E-131", NUMBER_MESSAGES.underflow],
    ["-1e-131", NUMBER_MESSAGES.underflow],
    ["0.99E-130", NUMBER_MESSAGES.underflow],
  ])("canonicalNumber: rejects %s with DynamoDB's limit message", (text, message) => {
    expect(errorOf(() => canonicalNumber(text)).message).toBe(message);
  });

  it("canonicalNumber: messages are DynamoDB's", () => {
    expect(NUMBER_MESSAGES).toEqual({
      invalid: "The parameter cannot be converted to a numeric value",
      precision: "Attempting to store more than 38 significant digits in a Number",
      overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range",
      underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range",
    });
  });

  it("canonicalNumber: is idempotent", () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const once = canonicalNumber(text);
        expect(canonicalNumber(once)).toBe(once);
      }),
    );
  });

  it("canonicalNumber: preserves the exact value and uses plain notation", () => {
    fc.assert(
      fc.property(numberText, (text) => {
        const canonical = canonicalNumber(text);
        expect(sameValue(exact(canonical), exact(text))).toBe(true);
        expect(canonical).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(canonical).not.toBe("-0");
      }),
    );
  });
});

describe("compareNumbers", () => {
  it.each([
    ["1", "2", -1],
    ["2", "1", 1],
    ["1.5", "1.50", 0],
    ["-1", "1", -1],
    ["0", "-0", 0],
    ["-2", "-1", -1],
    ["-1.5", "-1.25", -1],
    ["0.001", "0.01", -1],
    ["10", "9.99", 1],
    ["2", "15", -1],
    ["1.5", "1.49999", 1],
    ["-0.5", "0", -1],
    ["100", "1e2", 0],
    ["-0.5", "-0.50", 0],
    ["-7", "-7", 0],
  ])("compareNumbers: %s vs %s has the sign of %d", (a, b, sign) => {
    expect(Math.sign(compareNumbers(a, b))).toBe(sign);
  });

  it("compareNumbers: agrees with exact rational comparison", () => {
    fc.assert(
      fc.property(numberText, numberText, (a, b) => {
        const x = exact(a);
        const y = exact(b);
        const k = Math.max(x.k, y.k);
        const diff = x.n * 10n ** BigInt(k - x.k) - y.n * 10n ** BigInt(k - y.k);
        expect(Math.sign(compareNumbers(a, b))).toBe(diff === 0n ? 0 : diff < 0n ? -1 : 1);
      }),
    );
  });
});

describe("addNumbers / subtractNumbers", () => {
  it.each([
    ["1", "2", "3"],
    ["0.1", "0.2", "0.3"],
    ["-5", "5", "0"],
    ["1.5", "-0.25", "1.25"],
    ["12345678901234567890123456789012345678", "1", "12345678901234567890123456789012345679"],
    ["99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000"],
    [MIN, MIN, `0.${"0".repeat(129)}2`],
    ["1e3", "1.50", "1001.5"],
  ])("update: SET a = a + :v adds %s and %s exactly", (a, b, sum) => {
    expect(addNumbers(a, b)).toBe(sum);
    expect(addNumbers(b, a)).toBe(sum);
  });

  it.each([
    ["5", "5", "0"],
    ["1", "0.00000000000000000000000000000000000001", "0.99999999999999999999999999999999999999"],
    ["0.3", "0.1", "0.2"],
    ["-1", "2", "-3"],
    [MIN, MIN, "0"],
  ])("update: SET a = a - :v subtracts %s - %s exactly", (a, b, difference) => {
    expect(subtractNumbers(a, b)).toBe(difference);
  });

  it.each([
    ["12345678901234567890123456789012345678", "0.1", NUMBER_MESSAGES.precision],
    ["1E125", "1E-130", NUMBER_MESSAGES.precision],
    ["10000000000000000000000000000000000000000", "1", NUMBER_MESSAGES.precision],
    // The exact sum needs 39 digits: precision is checked before range.
    [
      "9.9999999999999999999999999999999999999E+125",
      "9.9999999999999999999999999999999999999E+125",
      NUMBER_MESSAGES.precision,
    ],
    ["99999999999999999999999999999999999999E88", "1E87", NUMBER_MESSAGES.precision],
    ["99999999999999999999999999999999999999E88", "1E88", NUMBER_MESSAGES.overflow],
  ])("update: SET a = a + :v rejects %s + %s with DynamoDB's message", (a, b, message) => {
    expect(errorOf(() => addNumbers(a, b)).message).toBe(message);
  });

  it("update: SET a = a - :v rejects a difference below 1E-130 as underflow", () => {
    expect(errorOf(() => subtractNumbers("1.5E-130", "1.4E-130")).message).toBe(NUMBER_MESSAGES.underflow);
  });

  it("update: arithmetic rejects an invalid operand", () => {
    expect(errorOf(() => addNumbers("x", "1")).message).toBe(`${NUMBER_MESSAGES.invalid}: x`);
  });

  it("addNumbers: is exact and subtractNumbers undoes it", () => {
    const small = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -8, max: 8 }))
      .map(([n, e]) => `${n}e${e}`);
    fc.assert(
      fc.property(small, small, (a, b) => {
        const sum = addNumbers(a, b);
        const x = exact(a);
        const y = exact(b);
        const k = Math.max(x.k, y.k);
        const expected = { n: x.n * 10n ** BigInt(k - x.k) + y.n * 10n ** BigInt(k - y.k), k };
        expect(sameValue(exact(sum), expected)).toBe(true);
        expect(subtractNumbers(sum, b)).toBe(canonicalNumber(a));
      }),
    );
  });
});
