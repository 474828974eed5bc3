/**
 * The syntax layer shared by the expression grammars: the raw parse tree (placeholders not yet
 * substituted, function names not yet checked), a token cursor, and the pieces every grammar
 * uses (document paths, operands, DynamoDB's "Syntax error; token: …, near: …" message).
 *
 * Contracts:
 * - A syntax error names the first token the grammar cannot accept; "near" is the source text
 *   from the start of the token before it to the end of the token after it.
 * - Where the grammar is ambiguous at "(" (a parenthesised condition or a parenthesised operand),
 *   parsers try both readings and report the error that got further into the input.
 * - A pair of parentheses directly around another pair is recorded as redundant; the check
 *   passes report it later, as DynamoDB does ("The expression has redundant parentheses;").
 * - Parentheses nested deeper than MAX_PAREN_DEPTH are answered without descending into them
 *   (see `nestingProblem`), so hostile input cannot exhaust the call stack.
 */
import type { Comparator } from "./ast";
import type { ExpressionKind } from "./messages";
import { invalid, MESSAGES, syntaxErrorDetail } from "./messages";
import type { Token } from "./tokenize";
import { tokenize } from "./tokenize";

export type RawPathElement =
  | { kind: "name"; text: string }
  | { kind: "placeholder"; text: string }
  | { kind: "index"; text: string };

export interface RawPath {
  kind: "path";
  elements: RawPathElement[];
}

export type RawOperand =
  | RawPath
  | { kind: "value"; name: string }
  | { kind: "call"; name: string; args: RawOperand[] }
  | { kind: "arithmetic"; op: "+" | "-"; left: RawOperand; right: RawOperand };

export type RawCondition =
  | { kind: "compare"; op: Comparator; left: RawOperand; right: RawOperand }
  | { kind: "between"; operand: RawOperand; low: RawOperand; high: RawOperand }
  | { kind: "in"; operand: RawOperand; list: RawOperand[] }
  | { kind: "and"; left: RawCondition; right: RawCondition }
  | { kind: "or"; left: RawCondition; right: RawCondition }
  | { kind: "not"; operand: RawCondition }
  | { kind: "call"; name: string; args: RawOperand[] };

/** A syntax error, kept as data so that alternative readings can be compared. */
export class SyntaxFailure extends Error {
  constructor(readonly position: number) {
    super("syntax");
  }
}

export const COMPARATORS: ReadonlySet<string> = new Set(["=", "<>", "<", "<=", ">", ">="]);

/**
 * The deepest nesting of parentheses the grammars descend into. An expression is at most 4 KB
 * (parse.ts checks that first), and a level of nesting that is not a pair directly around
 * another pair takes at least four characters (a group around a call, `(size(` … `))`, is the
 * cheapest): so more than 1,024 levels always include a redundant pair, which DynamoDB refuses.
 * The recursive descent needs a few stack frames per level; 1,024 levels fit in a cold isolate's
 * stack with room to spare, about 2,000 did not.
 */
export const MAX_PAREN_DEPTH = 1024;

/**
 * Where parentheses nest deeper than MAX_PAREN_DEPTH before the grammar could fail, the answer
 * it would give, found without recursion: a syntax error at the first ")" that closes nothing
 * or, with every ")" matched, at the end of an expression left open; otherwise (balanced) the
 * redundant parentheses that such depth implies. Undefined when the grammar can run: nesting
 * stays within the limit up to the end or up to a ")" that closes nothing, where it fails.
 * An unrelated syntax error elsewhere in a deeply nested expression is not looked for.
 */
function nestingProblem(tokens: readonly Token[]): { unmatched: number } | "redundant" | undefined {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type !== "punct") continue;
    if (token.text === "(") deepest = Math.max(deepest, ++depth);
    // The grammar fails at the first ")" that closes nothing, no deeper than it has been so far.
    else if (token.text === ")" && --depth < 0) return deepest > MAX_PAREN_DEPTH ? { unmatched: i } : undefined;
  }
  if (deepest <= MAX_PAREN_DEPTH) return undefined;
  return depth > 0 ? { unmatched: tokens.length - 1 } : "redundant";
}

export class Parser {
  readonly tokens: Token[];
  position = 0;
  /** Set when a pair of parentheses directly encloses another pair. */
  redundantParentheses = false;
  private readonly parenthesized = new WeakSet<object>();

  constructor(
    readonly kind: ExpressionKind,
    readonly text: string,
  ) {
    this.tokens = tokenize(text);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "punct" && token.text === text;
  }

  isKeyword(word: string): boolean {
    const token = this.peek();
    return token.type === "keyword" && token.text.toUpperCase() === word;
  }

  fail(): never {
    throw new SyntaxFailure(this.position);
  }

  expect(text: string): void {
    if (!this.is(text)) this.fail();
    this.next();
  }

  expectEnd(): void {
    if (this.peek().type !== "eof") this.fail();
  }

  /** Runs `parse`; on a syntax failure restores the cursor and returns the failure. */
  attempt<T>(parse: () => T): T | SyntaxFailure {
    const start = this.position;
    const redundant = this.redundantParentheses;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      this.position = start;
      this.redundantParentheses = redundant;
      return error;
    }
  }

  /** Wraps `node` in one pair of parentheses, noting a pair directly inside another. */
  parenthesize<T extends object>(node: T): T {
    if (this.parenthesized.has(node)) this.redundantParentheses = true;
    this.parenthesized.add(node);
    return node;
  }

  /** The DynamoDB ValidationException for a failure at token `position`. */
  syntaxError(failure: SyntaxFailure): Error {
    const index = failure.position;
    const token = this.tokens[index];
    const start = index > 0 ? this.tokens[index - 1].start : 0;
    const end = index + 1 < this.tokens.length ? this.tokens[index + 1].end : token.end;
    return invalid(this.kind, syntaxErrorDetail(token.text, this.text.slice(start, end)));
  }

  /** Runs a whole grammar, turning a syntax failure into DynamoDB's error. */
  run<T>(parse: () => T): T {
    const nesting = nestingProblem(this.tokens);
    if (nesting === "redundant") throw invalid(this.kind, MESSAGES.redundantParentheses);
    if (nesting) throw this.syntaxError(new SyntaxFailure(nesting.unmatched));
    try {
      return parse();
    } catch (error) {
      if (error instanceof SyntaxFailure) throw this.syntaxError(error);
      throw error;
    }
  }

  /** path := (identifier | #name) ( "." (identifier | #name) | "[" integer "]" )* */
  parsePath(): RawPath {
    const elements: RawPathElement[] = [this.parsePathName()];
    for (;;) {
      if (this.is(".")) {
        this.next();
        elements.push(this.parsePathName());
      } else if (this.is("[")) {
        this.next();
        const token = this.peek();
        if (token.type !== "number") this.fail();
        this.next();
        this.expect("]");
        elements.push({ kind: "index", text: token.text });
      } else {
        return { kind: "path", elements };
      }
    }
  }

  private parsePathName(): RawPathElement {
    const token = this.peek();
    if (token.type === "identifier") {
      this.next();
      return { kind: "name", text: token.text };
    }
    if (token.type === "name") {
      this.next();
      return { kind: "placeholder", text: token.text };
    }
    return this.fail();
  }

  /** operand := ":value" | function "(" operand ("," operand)* ")" | path | "(" operand ")" */
  parseOperand(): RawOperand {
    const token = this.peek();
    if (this.is("(")) {
      this.next();
      const inner = this.parseOperand();
      this.expect(")");
      return this.parenthesize(inner);
    }
    if (token.type === "value") {
      this.next();
      return { kind: "value", name: token.text };
    }
    if (token.type === "identifier" && this.is("(", 1)) return this.parseCall();
    return this.parsePath();
  }

  parseCall(): { kind: "call"; name: string; args: RawOperand[] } {
    const name = this.next().text;
    this.expect("(");
    const args = [this.parseOperand()];
    while (this.is(",")) {
      this.next();
      args.push(this.parseOperand());
    }
    this.expect(")");
    return { kind: "call", name, args };
  }
}

/** The failure that got further into the input (the later token), as ANTLR reports. */
export function furthest(a: SyntaxFailure, b: SyntaxFailure): SyntaxFailure {
  return b.position > a.position ? b : a;
}
