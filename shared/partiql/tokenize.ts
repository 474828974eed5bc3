/**
 * The lexer of PartiQL as DynamoDB reads it (partiql-lang-kotlin's lexer, which DynamoDB Local
 * 1.25.1 runs; see docs/partiql-messages.md):
 * - unquoted words `[A-Za-z_$][A-Za-z0-9_$]*`; the ones in KEYWORDS (any case) are keywords, so
 *   `value`, `size`, `date` or `inner` never name an attribute unless double-quoted;
 * - `"double quoted"` identifiers (case kept, `""` is one quote) and `'single quoted'` strings
 *   (`''` is one quote; no other escapes);
 * - numbers `12`, `1.5`, `1.`, `.5`, `1e3`, `1.5E-2` (unsigned: a sign is an operator the parser
 *   folds into the literal); `1x` and exponents past a 32-bit int are not numbers;
 * - `?` parameters, numbered from 0 in text order;
 * - `` `Ion` `` literals between backticks (DynamoDB refuses them, naming their Ion type);
 * - punctuation and operators `( ) [ ] { } , . * : ; = <> != < <= > >= + - / % || << >> @`
 *   (`!=` reads as `<>`);
 * - `-- line` and `/* block *\/` comments, and whitespace (space, tab, CR, LF, VT, FF), skipped.
 * Anything else, and an unterminated string, identifier, Ion literal or comment, is one "unknown"
 * token (to the end of the text when unterminated), which no grammar accepts. The list always ends
 * with one "eof" token. Positions are DynamoDB's: lines split at LF, CR LF or CR; columns and
 * lengths count code points, from 1.
 */

export type TokenType =
  | "keyword"
  | "identifier"
  | "quoted"
  | "string"
  | "number"
  | "ion"
  | "parameter"
  | "punct"
  | "unknown"
  | "eof";

export interface Token {
  type: TokenType;
  /** The source text (for "eof": "<EOF>"). */
  text: string;
  /**
   * The token's value: a keyword in lower case, an identifier or string with its quotes removed
   * and escapes resolved, a punctuation mark (`!=` as `<>`), a parameter's 0-based index.
   */
  value: string;
  /** Offsets of the token in the text (UTF-16 code units). */
  start: number;
  end: number;
  /** 1-based line and code-point column of the first character, and the length in code points. */
  line: number;
  column: number;
  length: number;
}

/** partiql-lang-kotlin's reserved words (SQL-92's and its own), lower case. */
export const KEYWORDS: ReadonlySet<string> = new Set(
  (
    "absolute action add all allocate alter and any are as asc assertion at authorization avg bag begin between " +
    "bit bit_length blob bool boolean by cascade cascaded case cast catalog char char_length character " +
    "character_length check clob close coalesce collate collation column commit conflict connect connection " +
    "constraint constraints continue convert corresponding count create cross current current_date current_time " +
    "current_timestamp current_user cursor date date_add date_diff deallocate dec decimal declare default " +
    "deferrable deferred delete desc describe descriptor diagnostics disconnect distinct do domain double drop " +
    "else end end-exec escape except exception exec execute exists external extract false fetch first float for " +
    "foreign found from full get global go goto grant group having identity immediate in index indicator " +
    "initially inner input insensitive insert int integer intersect interval into is isolation join key language " +
    "last left let level like limit list local lower match max min missing modified module names national natural " +
    "nchar new next no not nothing null nullif numeric octet_length of old on only open option or order outer " +
    "output overlaps pad partial pivot position precision prepare preserve primary prior privileges procedure " +
    "public read real references relative remove restrict returning revoke right rollback rows schema scroll " +
    "section select session session_user set sexp size smallint some space sql sqlcode sqlerror sqlstate string " +
    "struct substring sum symbol system_user table temporary then time timestamp to transaction translate " +
    "translation trim true tuple union unique unknown unpivot update upper usage user using value values varchar " +
    "varying view when whenever where with work write zone"
  ).split(" "),
);

const TWO_CHARACTER_PUNCTUATION = ["<>", "!=", "<=", ">=", "||", "<<", ">>"];
const ONE_CHARACTER_PUNCTUATION = "()[]{},.*:;=<>+-/%@";

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code);
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** The end of a number starting at `from`, or -1 when the text there is not a number. */
function numberEnd(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i++;
  const whole = i - from;
  let fraction = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    while (isDigit(text.charCodeAt(i + fraction))) fraction++;
    i += fraction;
  }
  if (whole + fraction === 0) return -1;
  if (text.charCodeAt(i) === 101 || text.charCodeAt(i) === 69) {
    let j = i + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    const digitsStart = j;
    while (isDigit(text.charCodeAt(j))) j++;
    if (j === digitsStart) return -1;
    // Java reads the exponent into an int.
    if (Math.abs(Number(text.slice(i + 1, j))) > 2 ** 31 - 1) return -1;
    i = j;
  }
  // "1x" and "1.5e3a" are not numbers followed by a name.
  return isIdentifierPart(text.charCodeAt(i)) ? -1 : i;
}

/** End of a quoted run starting at `from` (the opening quote) where a doubled quote escapes, or -1. */
function quotedEnd(text: string, from: number, quote: string): number {
  let i = from + 1;
  for (;;) {
    const next = text.indexOf(quote, i);
    if (next < 0) return -1;
    if (text[next + 1] !== quote) return next + 1;
    i = next + 2;
  }
}

/** End of whitespace and comments from `from`, or -1 at an unterminated block comment. */
function skipTrivia(text: string, from: number): number {
  let i = from;
  for (;;) {
    if (isSpace(text.charCodeAt(i))) i++;
    else if (text.startsWith("--", i)) {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else return i;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Tracks the line and code-point column of an offset while the lexer moves forward. */
class Cursor {
  line = 1;
  column = 1;
  private at = 0;

  constructor(private readonly text: string) {}

  /** Advances to offset `to` (never backwards). */
  moveTo(to: number): void {
    const text = this.text;
    for (; this.at < to; this.at++) {
      const code = text.charCodeAt(this.at);
      if (code === 10 || (code === 13 && text.charCodeAt(this.at + 1) !== 10)) {
        this.line++;
        this.column = 1;
      } else if (code !== 13 && !(isLowSurrogate(code) && isHighSurrogate(text.charCodeAt(this.at - 1)))) {
        this.column++;
      }
    }
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (!(isLowSurrogate(text.charCodeAt(i)) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) count++;
  }
  return count;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const cursor = new Cursor(text);
  let parameters = 0;
  let i = 0;
  const push = (type: TokenType, end: number, value: string) => {
    cursor.moveTo(i);
    const source = text.slice(i, end);
    const { line, column } = cursor;
    tokens.push({ type, text: source, value, start: i, end, line, column, length: codePoints(source) });
    i = end;
  };
  for (;;) {
    const after = skipTrivia(text, i);
    if (after < 0) {
      push("unknown", text.length, "");
      break;
    }
    i = after;
    if (i >= text.length) break;
    const code = text.charCodeAt(i);
    if (isIdentifierStart(code)) {
      let end = i + 1;
      while (isIdentifierPart(text.charCodeAt(end))) end++;
      const word = text.slice(i, end);
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) push("keyword", end, lower);
      else push("identifier", end, word);
    } else if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const end = numberEnd(text, i);
      if (end < 0) {
        let bad = i + 1;
        while (isIdentifierPart(text.charCodeAt(bad)) || text[bad] === ".") bad++;
        push("unknown", bad, "");
      } else push("number", end, text.slice(i, end));
    } else if (code === 39 || code === 34) {
      const quote = text[i];
      const end = quotedEnd(text, i, quote);
      if (end < 0) push("unknown", text.length, "");
      else push(code === 39 ? "string" : "quoted", end, text.slice(i + 1, end - 1).replaceAll(quote + quote, quote));
    } else if (code === 96) {
      const close = text.indexOf("`", i + 1);
      if (close < 0) push("unknown", text.length, "");
      else push("ion", close + 1, text.slice(i + 1, close));
    } else if (code === 63) {
      push("parameter", i + 1, String(parameters++));
    } else {
      const two = text.slice(i, i + 2);
      if (TWO_CHARACTER_PUNCTUATION.includes(two)) push("punct", i + 2, two === "!=" ? "<>" : two);
      else if (ONE_CHARACTER_PUNCTUATION.includes(text[i])) push("punct", i + 1, text[i]);
      else push("unknown", i + (isHighSurrogate(code) ? 2 : 1), "");
    }
  }
  cursor.moveTo(text.length);
  tokens.push({
    type: "eof",
    text: "<EOF>",
    value: "",
    start: text.length,
    end: text.length,
    line: cursor.line,
    column: cursor.column,
    length: 0,
  });
  return tokens;
}
