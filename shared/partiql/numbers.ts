/**
 * PartiQL number literals as DynamoDB stores them (DynamoDB Local 1.25.1, observed; see
 * docs/partiql-messages.md). A literal without "." or exponent is an integer: more than 38
 * significant digits is refused. Any other literal is a decimal: rounded to 38 significant digits
 * (half to even), and a negative zero (`-0.0`, `-0e5`, also `- -0.0`) is refused. Then DynamoDB's
 * range applies, and the result is canonical (shared/api/numbers.ts): "1.50" → "1.5", "1e3" →
 * "1000", "01" → "1".
 */
import { checkNumberLimits, formatNumber, type NumberParts, parseNumber } from "../api/numbers";
import { negativeZero, PARTIQL_MESSAGES, refused } from "./errors";
import type { Span } from "./positions";

const DIGITS = 38;

/** `parts` rounded to 38 significant digits, half to even. */
function round(parts: NumberParts): NumberParts {
  const { digits } = parts;
  if (digits.length <= DIGITS) return parts;
  const kept = digits.slice(0, DIGITS);
  const rest = digits.slice(DIGITS);
  // `digits` ends in a non-zero digit, so a rest of "5" alone is exactly half.
  const up = rest[0] > "5" || (rest[0] === "5" && (rest.length > 1 || Number(kept[DIGITS - 1]) % 2 === 1));
  const rounded = up ? (BigInt(kept) + 1n).toString() : kept;
  const exponent = parts.exponent + rest.length;
  // Re-reading strips the trailing zeros rounding may leave ("…99" + 1).
  const result = parseNumber(`${rounded}e${exponent}`);
  return { ...result, negative: parts.negative };
}

/**
 * The N text of a number literal: `text` as written (unsigned), `negated` when minus signs were
 * folded into it, `path` and `span` for the negative-zero message ("root", "root.a.0").
 */
export function partiqlNumber(text: string, negated: boolean, path: string, span: Span | undefined): string {
  const parts = parseNumber(text);
  const decimal = /[.eE]/.test(text);
  if (parts.digits === "") {
    if (decimal && negated) throw refused(negativeZero(path), span);
    return "0";
  }
  if (!decimal && parts.digits.length > DIGITS) throw refused(PARTIQL_MESSAGES.precision);
  const value = round({ ...parts, negative: negated });
  checkNumberLimits(value);
  return formatNumber(value);
}
