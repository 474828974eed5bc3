/**
 * A TOML parser for the subset wrangler.toml uses, so the self-hosted server can read the
 * Worker's configuration without a dependency.
 *
 * Supported: comments; bare, quoted and dotted keys; `[table]` and `[[array.of.tables]]`
 * headers; basic and literal strings (single- and multi-line); decimal integers and floats;
 * booleans; arrays (across lines, trailing comma allowed); inline tables.
 * Not supported (throws with the line number): dates and times, hex/octal/binary integers.
 * Duplicate keys are rejected, as TOML requires.
 * @see https://toml.io/en/v1.0.0
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export function parseToml(text: string): TomlTable {
  return new Parser(text).document();
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

class Parser {
  private pos = 0;
  private readonly root: TomlTable = {};
  /** Tables opened by a `[header]`, which may not be opened again. */
  private readonly headed = new Set<TomlTable>();

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  document(): TomlTable {
    let table = this.root;
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) return this.root;
      if (this.text.startsWith("[[", this.pos)) {
        this.pos += 2;
        const path = this.key();
        this.expect("]]");
        table = this.arrayTable(path);
      } else if (this.peek() === "[") {
        this.pos += 1;
        const path = this.key();
        this.expect("]");
        table = this.table(this.root, path);
        if (this.headed.has(table)) this.fail(`table "${path.join(".")}" defined twice`);
        this.headed.add(table);
      } else {
        this.keyValue(table);
      }
      this.endOfLine();
    }
  }

  private keyValue(table: TomlTable): void {
    const path = this.key();
    this.skipBlank(false);
    this.expect("=");
    this.skipBlank(false);
    const value = this.value();
    const parent = this.table(table, path.slice(0, -1));
    const last = path[path.length - 1];
    if (Object.hasOwn(parent, last)) this.fail(`duplicate key "${path.join(".")}"`);
    parent[last] = value;
  }

  /** Walks (creating as needed) the tables along `path`; an array of tables yields its last element. */
  private table(from: TomlTable, path: string[]): TomlTable {
    let table = from;
    for (const part of path) {
      if (!Object.hasOwn(table, part)) table[part] = {};
      const next = table[part];
      const resolved = Array.isArray(next) ? next[next.length - 1] : next;
      if (!isTable(resolved)) this.fail(`"${part}" is not a table`);
      table = resolved;
    }
    return table;
  }

  private arrayTable(path: string[]): TomlTable {
    const parent = this.table(this.root, path.slice(0, -1));
    const last = path[path.length - 1];
    if (!Object.hasOwn(parent, last)) parent[last] = [];
    const array = parent[last];
    if (!Array.isArray(array)) this.fail(`"${path.join(".")}" is not an array of tables`);
    const table: TomlTable = {};
    array.push(table);
    return table;
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlank(false);
      const c = this.peek();
      if (c === '"' || c === "'") {
        parts.push(this.string());
      } else {
        const start = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos])) this.pos += 1;
        if (start === this.pos) this.fail("expected a key");
        parts.push(this.text.slice(start, this.pos));
      }
      this.skipBlank(false);
      if (this.peek() !== ".") return parts;
      this.pos += 1;
    }
  }

  private value(): TomlValue {
    const c = this.peek();
    if (c === '"' || c === "'") return this.string();
    if (c === "[") return this.array();
    if (c === "{") return this.inlineTable();
    const match = /^[^\s,\]}#]+/.exec(this.text.slice(this.pos));
    if (!match) this.fail("expected a value");
    const token = match[0];
    this.pos += token.length;
    if (token === "true") return true;
    if (token === "false") return false;
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(token)) return Number(token.replaceAll("_", ""));
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(token)) {
      return Number(token.replaceAll("_", ""));
    }
    if (/^[+-]?(inf|nan)$/.test(token))
      return token.includes("nan") ? Number.NaN : Number(token.replace("inf", "Infinity"));
    return this.fail(`unsupported value "${token}"`);
  }

  private array(): TomlValue[] {
    this.expect("[");
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.peek() === "]") break;
      items.push(this.value());
      this.skipBlank(true);
      if (this.peek() !== ",") break;
      this.pos += 1;
    }
    this.skipBlank(true);
    this.expect("]");
    return items;
  }

  private inlineTable(): TomlTable {
    this.expect("{");
    const table: TomlTable = {};
    this.skipBlank(false);
    if (this.peek() === "}") {
      this.pos += 1;
      return table;
    }
    for (;;) {
      this.keyValue(table);
      this.skipBlank(false);
      if (this.peek() !== ",") break;
      this.pos += 1;
    }
    this.expect("}");
    return table;
  }

  private string(): string {
    const quote = this.peek();
    const multiline = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = multiline ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    if (multiline && this.text[this.pos] === "\n") this.pos += 1;
    else if (multiline && this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) this.fail("unterminated string");
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const c = this.text[this.pos];
      if (c === "\n" && !multiline) this.fail("newline in a single-line string");
      if (c === "\\" && quote === '"') {
        out += this.escape(multiline);
      } else {
        out += c;
        this.pos += 1;
      }
    }
  }

  private escape(multiline: boolean): string {
    const c = this.text[this.pos + 1];
    if (multiline && /[ \t\r\n]/.test(c)) {
      // A line-ending backslash trims the newline and the whitespace after it.
      const rest = /^\\[ \t]*\r?\n[\s]*/.exec(this.text.slice(this.pos));
      if (!rest) this.fail("invalid escape");
      this.pos += rest[0].length;
      return "";
    }
    if (c === "u" || c === "U") {
      const digits = c === "u" ? 4 : 8;
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail("invalid unicode escape");
      this.pos += 2 + digits;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    const escaped = ESCAPES[c];
    if (escaped === undefined) this.fail(`invalid escape "\\${c}"`);
    this.pos += 2;
    return escaped;
  }

  /** Skips spaces, tabs and comments; also newlines when `newlines` is set. */
  private skipBlank(newlines: boolean): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === " " || c === "\t" || (newlines && (c === "\n" || c === "\r"))) {
        this.pos += 1;
      } else if (c === "#") {
        while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos += 1;
      } else {
        return;
      }
    }
  }

  private endOfLine(): void {
    this.skipBlank(false);
    if (this.pos >= this.text.length) return;
    if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    else if (this.peek() === "\n") this.pos += 1;
    else this.fail("expected the end of the line");
  }

  private peek(): string {
    return this.text[this.pos] ?? "";
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }

  private fail(message: string): never {
    const line = this.text.slice(0, this.pos).split("\n").length;
    throw new SyntaxError(`TOML line ${line}: ${message}`);
  }
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
