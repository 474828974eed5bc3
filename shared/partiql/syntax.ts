/**
 * PartiQL's expression grammar, producing a syntax tree close to DynamoDB's own (partiql-lang-
 * kotlin's): what DynamoDB's parser accepts parses, so that what its translator then refuses can
 * be refused in its words (lower.ts), and everything else is a syntax error. Not read (answered as
 * syntax errors; see docs/partiql-messages.md): CASE, CAST and the other special forms, date and
 * time literals, set operators (UNION …). Operators bind,
 * loosest first: OR; AND; prefix NOT; `=` `<>` IS IN; `<` `<=` `>` `>=` BETWEEN LIKE; `+` `-` `||`;
 * `*` `/` `%`; prefix `+` `-` (folded into a number); then path steps `.name`, `.*`, `[expr]`,
 * `[*]`. Binary operators associate to the left.
 *
 * Contracts:
 * - A syntax error is a `SyntaxFailure`; parse.ts answers it with the echo DynamoDB gives.
 * - Recursion is bounded: an expression nested deeper than MAX_NESTING (parentheses, brackets,
 *   NOT, signs, calls) is refused with DynamoDB's nesting message, before the stack runs out.
 *   Chains of binary operators are read in a loop, not by recursion.
 * - `?` parameters keep the index the lexer gave them (their order in the text).
 */
import { PARTIQL_MESSAGES, refused } from "./errors";
import { ionType, TYPE_NAMES } from "./literal-types";
import type { Token } from "./tokenize";
import { tokenize } from "./tokenize";

export type Step =
  | { kind: "name"; name: string; token: Token }
  | { kind: "index"; index: Expr; token: Token }
  | { kind: "wildcard"; token: Token }
  | { kind: "unpivot"; token: Token };

export type BinaryOperator = "or" | "and" | "=" | "<>" | "<" | "<=" | ">" | ">=" | "+" | "-" | "||" | "*" | "/" | "%";

/** A syntax node; `token` is the token DynamoDB reports the node's position at. */
export type Expr =
  | { kind: "name"; name: string; quoted: boolean; token: Token }
  | { kind: "string"; value: string; token: Token }
  | { kind: "number"; text: string; negated: boolean; token: Token }
  | { kind: "bool"; value: boolean; token: Token }
  | { kind: "null"; token: Token }
  | { kind: "missing"; token: Token }
  | { kind: "ion"; type: string; token: Token }
  | { kind: "parameter"; index: number; token: Token }
  | { kind: "path"; root: Expr; steps: Step[] }
  | { kind: "list"; items: Expr[]; token: Token }
  | { kind: "bag"; items: Expr[]; token: Token }
  | { kind: "struct"; entries: { key: Expr; value: Expr }[]; token: Token }
  | { kind: "call"; name: string; args: Expr[]; aggregate: boolean; token: Token }
  | { kind: "binary"; op: BinaryOperator; left: Expr; right: Expr; token: Token }
  | { kind: "like"; operand: Expr; pattern: Expr; token: Token }
  | { kind: "unary"; op: "not" | "+" | "-"; operand: Expr; token: Token }
  | { kind: "between"; operand: Expr; low: Expr; high: Expr; negated: boolean; token: Token }
  | { kind: "in"; operand: Expr; right: Expr; negated: boolean; token: Token }
  | { kind: "is"; operand: Expr; type: string; negated: boolean; token: Token }
  | { kind: "select"; select: SelectSyntax; token: Token };

export interface Source {
  expr: Expr;
  /** The first alias (`AS a`, `AT i`, `BY b`), if any. */
  alias?: Token;
}

export interface SelectSyntax {
  keyword: Token;
  distinct?: Token;
  /** `SELECT VALUE …` or `PIVOT …`. */
  valueOrPivot: boolean;
  /** "*", or the items with their aliases. */
  projection: "*" | { expr: Expr; alias?: Token }[];
  sources: Source[];
  where?: Expr;
  groupBy: boolean;
  having?: Expr;
  orderBy: { expr: Expr; descending: boolean }[];
  limit?: Expr;
}

/** A syntax error at a token, kept as data until parse.ts words it. */
export class SyntaxFailure extends Error {
  constructor(readonly token: Token) {
    super("syntax");
  }
}

/** Deepest nesting the grammar descends into; DynamoDB Local overflows its stack near 250. */
export const MAX_NESTING = 300;

const PRECEDENCE: Record<string, number> = {
  or: 10,
  and: 20,
  not: 30,
  "=": 40,
  "<>": 40,
  is: 40,
  in: 40,
  "<": 50,
  "<=": 50,
  ">": 50,
  ">=": 50,
  between: 50,
  like: 50,
  "+": 60,
  "-": 60,
  "||": 60,
  "*": 70,
  "/": 70,
  "%": 70,
};

/** Functions whose names are keywords; other keywords never start a call. */
const KEYWORD_FUNCTIONS = new Set([
  "avg",
  "bag",
  "bit_length",
  "char_length",
  "character_length",
  "coalesce",
  "count",
  "exists",
  "list",
  "lower",
  "max",
  "min",
  "nullif",
  "octet_length",
  "sexp",
  "size",
  "substring",
  "sum",
  "upper",
]);

const AGGREGATES = new Set(["avg", "count", "max", "min", "sum"]);

export class Parser {
  readonly tokens: Token[];
  position = 0;
  private depth = 0;

  /**
   * `parseSelect` reads a SELECT where an expression holds one (`EXISTS(SELECT …)`): the statement
   * grammar's (statements.ts), passed in so the two grammars do not import each other.
   */
  constructor(
    readonly text: string,
    private readonly parseSelect: (p: Parser) => SelectSyntax,
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

  /** True when the token at `offset` is the punctuation `mark`. */
  is(mark: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "punct" && token.value === mark;
  }

  /** True when the token at `offset` is the keyword `word` (lower case). */
  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "keyword" && token.value === word;
  }

  fail(token = this.peek()): never {
    throw new SyntaxFailure(token);
  }

  expect(mark: string): Token {
    if (!this.is(mark)) this.fail();
    return this.next();
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail();
    return this.next();
  }

  /** Consumes the keyword `word` if it is next. */
  acceptKeyword(word: string): Token | undefined {
    return this.isKeyword(word) ? this.next() : undefined;
  }

  /**
   * Enters one more level of nesting, refusing input nested past MAX_NESTING; `leave` undoes it.
   * A failure abandons the whole parse, so a level entered before one is never left.
   */
  private enter(): void {
    if (++this.depth > MAX_NESTING) throw refused(PARTIQL_MESSAGES.nesting);
  }

  private leave<T>(result: T): T {
    this.depth--;
    return result;
  }

  /** expression := unary (infix-operator ...)*, operators binding tighter than `floor`. */
  expression(floor = 0): Expr {
    this.enter();
    let left = this.unary();
    for (;;) {
      const operator = this.infixOperator();
      if (operator === undefined || PRECEDENCE[operator] <= floor) return this.leave(left);
      left = this.infix(operator, left);
    }
  }

  /** The infix operator at the cursor ("is", "in", "between", "like" also after NOT), if any. */
  private infixOperator(): string | undefined {
    const token = this.peek();
    if (token.type === "punct") return token.value in PRECEDENCE ? token.value : undefined;
    if (token.type !== "keyword") return undefined;
    if (token.value === "not") {
      const after = this.peek(1);
      return after.type === "keyword" && ["in", "between", "like"].includes(after.value) ? after.value : undefined;
    }
    return ["or", "and", "is", "in", "between", "like"].includes(token.value) ? token.value : undefined;
  }

  private infix(operator: string, left: Expr): Expr {
    const precedence = PRECEDENCE[operator];
    const negated = this.isKeyword("not");
    if (negated) this.next();
    const token = this.next();
    switch (operator) {
      case "is":
        return {
          kind: "is",
          operand: left,
          negated: this.acceptKeyword("not") !== undefined,
          type: this.typeName(),
          token,
        };
      case "between": {
        const low = this.expression(precedence);
        this.expectKeyword("and");
        return { kind: "between", operand: left, low, high: this.expression(precedence), negated, token };
      }
      case "in": {
        // `IN (a, b)` and `IN (a)` are lists; `IN ()` is not read.
        if (!this.is("(") || this.isKeyword("select", 1)) {
          return { kind: "in", operand: left, right: this.expression(precedence), negated, token };
        }
        const open = this.next();
        if (this.is(")")) this.fail();
        return {
          kind: "in",
          operand: left,
          right: { kind: "list", items: this.items(")"), token: open },
          negated,
          token,
        };
      }
      case "like": {
        const pattern = this.expression(precedence);
        if (this.acceptKeyword("escape")) this.expression(precedence);
        return { kind: "like", operand: left, pattern, token };
      }
      default:
        return { kind: "binary", op: operator as BinaryOperator, left, right: this.expression(precedence), token };
    }
  }

  /** A type name after IS, with its parameters (`DECIMAL(3, 2)`), as DynamoDB names the type. */
  private typeName(): string {
    const token = this.next();
    let key = token.type === "keyword" ? token.value : "";
    if (key === "double" && this.isKeyword("precision")) {
      this.next();
      return "DOUBLE_PRECISION";
    }
    if (key === "character" && this.isKeyword("varying")) {
      this.next();
      key = "varchar";
    }
    const type = TYPE_NAMES[key];
    if (!type) this.fail(token);
    if (type.arity > 0 && this.is("(")) {
      this.next();
      for (let count = 0; ; count++) {
        if (count === type.arity || this.peek().type !== "number") this.fail();
        this.next();
        if (this.is(")")) break;
        this.expect(",");
      }
      this.next();
    }
    if (type.name === "TIME" && this.isKeyword("with")) {
      this.next();
      this.expectKeyword("time");
      this.expectKeyword("zone");
      return "TIME_WITH_TIME_ZONE";
    }
    return type.name;
  }

  /** unary := NOT expression(30) | ("+" | "-") unary | path-term; a sign on a number folds into it. */
  private unary(): Expr {
    const token = this.peek();
    if (this.isKeyword("not")) {
      this.next();
      return { kind: "unary", op: "not", operand: this.expression(PRECEDENCE.not), token };
    }
    if (this.is("+") || this.is("-")) {
      this.next();
      this.enter();
      const operand = this.leave(this.unary());
      if (operand.kind !== "number") return { kind: "unary", op: token.value as "+" | "-", operand, token };
      return token.value === "-" ? { ...operand, negated: !operand.negated || isZero(operand.text) } : operand;
    }
    return this.pathTerm();
  }

  /** path-term := primary ("." (name | "*") | "[" (expression | "*") "]")* */
  pathTerm(): Expr {
    const root = this.primary();
    const steps: Step[] = [];
    for (;;) {
      if (this.is(".")) {
        this.next();
        const token = this.next();
        if (token.type === "identifier" || token.type === "quoted")
          steps.push({ kind: "name", name: token.value, token });
        else if (token.type === "punct" && token.value === "*") steps.push({ kind: "unpivot", token });
        else this.fail(token);
      } else if (this.is("[")) {
        const open = this.next();
        if (this.is("*")) steps.push({ kind: "wildcard", token: this.next() });
        else steps.push({ kind: "index", index: this.expression(), token: open });
        this.expect("]");
      } else {
        return steps.length === 0 ? root : { kind: "path", root, steps };
      }
    }
  }

  private primary(): Expr {
    const token = this.peek();
    switch (token.type) {
      case "string":
        this.next();
        return { kind: "string", value: token.value, token };
      case "number":
        this.next();
        return { kind: "number", text: token.value, negated: false, token };
      case "parameter":
        this.next();
        return { kind: "parameter", index: Number(token.value), token };
      case "ion": {
        const type = ionType(token.value);
        if (type === undefined) this.fail();
        this.next();
        return { kind: "ion", type, token };
      }
      case "identifier":
      case "quoted":
        this.next();
        // Function names are read in lower case, quoted or not.
        if (this.is("(")) return this.call(token, token.value.toLowerCase());
        return { kind: "name", name: token.value, quoted: token.type === "quoted", token };
      case "keyword":
        return this.keywordTerm(token);
      case "punct":
        return this.punctuationTerm(token);
      default:
        return this.fail();
    }
  }

  private keywordTerm(token: Token): Expr {
    const word = token.value;
    if (word === "true" || word === "false") {
      this.next();
      return { kind: "bool", value: word === "true", token };
    }
    if (word === "null" || word === "missing") {
      this.next();
      return { kind: word, token };
    }
    if (word === "select" || word === "pivot") return { kind: "select", select: this.parseSelect(this), token };
    if (KEYWORD_FUNCTIONS.has(word) && this.is("(", 1)) {
      this.next();
      return this.call(token, word);
    }
    return this.fail();
  }

  private punctuationTerm(token: Token): Expr {
    switch (token.value) {
      case "(":
        return this.parenthesized();
      case "[":
        this.next();
        return { kind: "list", items: this.items("]"), token };
      case "<<":
        this.next();
        return { kind: "bag", items: this.items(">>"), token };
      case "{":
        this.next();
        return this.struct(token);
      case "@": {
        // `@x` names x in the lexical scope: for DynamoDB, the attribute x.
        this.next();
        const name = this.next();
        if (name.type !== "identifier" && name.type !== "quoted") this.fail(name);
        return { kind: "name", name: name.value, quoted: name.type === "quoted", token: name };
      }
      default:
        return this.fail();
    }
  }

  /** "(" expression ")" is the expression; "(" expression ("," expression)+ ")" a list. */
  private parenthesized(): Expr {
    const open = this.next();
    const first = this.expression();
    if (this.is(")")) {
      this.next();
      return first;
    }
    const items = [first];
    while (this.is(",")) {
      this.next();
      items.push(this.expression());
    }
    this.expect(")");
    return { kind: "list", items, token: open };
  }

  /** Comma-separated expressions up to `close` (which may come first: an empty list). */
  private items(close: string): Expr[] {
    const items: Expr[] = [];
    if (!this.is(close)) {
      items.push(this.expression());
      while (this.is(",")) {
        this.next();
        items.push(this.expression());
      }
    }
    this.expect(close);
    return items;
  }

  private struct(token: Token): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    if (!this.is("}")) {
      for (;;) {
        const key = this.expression();
        this.expect(":");
        entries.push({ key, value: this.expression() });
        if (!this.is(",")) break;
        this.next();
      }
    }
    this.expect("}");
    return { kind: "struct", entries, token };
  }

  /** name "(" [expression ("," expression)*] ")", and count(*). */
  private call(token: Token, name: string): Expr {
    this.expect("(");
    const aggregate = token.type === "keyword" && AGGREGATES.has(name);
    if (aggregate && name === "count" && this.is("*")) {
      this.next();
      this.expect(")");
      return { kind: "call", name, args: [], aggregate, token };
    }
    if (aggregate) this.acceptKeyword("all") ?? this.acceptKeyword("distinct");
    return { kind: "call", name, args: this.items(")"), aggregate, token };
  }
}

function isZero(text: string): boolean {
  return !/[1-9]/.test(text.replace(/[eE].*$/, ""));
}
