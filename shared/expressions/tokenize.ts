/**
 * The lexer shared by every expression kind, with DynamoDB's token classes:
 * - identifiers `[A-Za-z][A-Za-z0-9_]*`; the nine words IN, BETWEEN, NOT, AND, OR, SET, ADD,
 *   DELETE and REMOVE (any case) are keywords everywhere, so they never name an attribute;
 * - `#name` and `:value` placeholders (`[A-Za-z0-9_]+` after the sigil);
 * - unsigned integers, lexed as `0` or `[1-9][0-9]*` (so "01" is two tokens, as in DynamoDB);
 * - the punctuation `, ( ) . [ ] = <> < <= > >= + -`;
 * - any other character is a one-character "unknown" token, which no grammar accepts.
 * Whitespace is space, tab, CR and LF. The token list always ends with one "eof" token.
 */

export type TokenType = "identifier" | "keyword" | "name" | "value" | "number" | "punct" | "unknown" | "eof";

export interface Token {
  type: TokenType;
  /** The source text; keywords keep their original case. */
  text: string;
  /** Offset of the first character in the expression. */
  start: number;
  /** Offset after the last character (for eof: the length of the expression). */
  end: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  "IN",
  "BETWEEN",
  "NOT",
  "AND",
  "OR",
  "SET",
  "ADD",
  "DELETE",
  "REMOVE",
]);

const PUNCTUATION = [",", "(", ")", ".", "[", "]", "=", "+", "-"];

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordPart(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, end: number) => {
    tokens.push({ type, text: text.slice(i, end), start: i, end });
    i = end;
  };
  const wordEnd = (from: number) => {
    let end = from;
    while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
    return end;
  };
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isSpace(code)) {
      i++;
    } else if (isLetter(code)) {
      const end = wordEnd(i + 1);
      push(KEYWORDS.has(text.slice(i, end).toUpperCase()) ? "keyword" : "identifier", end);
    } else if ((code === 35 || code === 58) && isWordPart(next)) {
      push(code === 35 ? "name" : "value", wordEnd(i + 1));
    } else if (code === 48) {
      push("number", i + 1);
    } else if (isDigit(code)) {
      let end = i + 1;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      push("number", end);
    } else if ((code === 60 && (next === 61 || next === 62)) || (code === 62 && next === 61)) {
      push("punct", i + 2);
    } else if (code === 60 || code === 62 || PUNCTUATION.includes(text[i])) {
      push("punct", i + 1);
    } else {
      const width = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
      push("unknown", i + width);
    }
  }
  tokens.push({ type: "eof", text: "<EOF>", start: text.length, end: text.length });
  return tokens;
}
