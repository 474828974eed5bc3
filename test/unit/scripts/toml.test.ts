import { describe, expect, test } from "vitest";
import { parseToml } from "../../../scripts/toml";

describe("parseToml", () => {
  test.each([
    { name: "bare, quoted and dotted keys", toml: 'a = 1\n"b c" = 2\nd.e = 3', value: { a: 1, "b c": 2, d: { e: 3 } } },
    { name: "basic string escapes", toml: 's = "q\\"\\\\\\n\\t\\u00e9"', value: { s: 'q"\\\n\té' } },
    { name: "literal strings keep backslashes", toml: "s = 'C:\\path'", value: { s: "C:\\path" } },
    {
      name: "multi-line strings drop the first newline",
      toml: 's = """\nline 1\nline 2"""',
      value: { s: "line 1\nline 2" },
    },
    { name: "line-ending backslash trims", toml: 's = """a \\\n    b"""', value: { s: "a b" } },
    { name: "multi-line literal strings", toml: "s = '''\n{\"x\": 1}'''", value: { s: '{"x": 1}' } },
    {
      name: "numbers and booleans",
      toml: "i = -1_000\nf = 2.5e3\nt = true\nn = false",
      value: { i: -1000, f: 2500, t: true, n: false },
    },
    {
      name: "arrays across lines with comments and trailing comma",
      toml: 'a = [\n  "x", # one\n  "y",\n]',
      value: { a: ["x", "y"] },
    },
    { name: "inline tables", toml: "t = { a = 1, b.c = 'd' }", value: { t: { a: 1, b: { c: "d" } } } },
    { name: "comments after values", toml: 'a = "#not a comment" # a comment', value: { a: "#not a comment" } },
    {
      name: "tables and arrays of tables",
      toml: "[x.y]\na = 1\n[[list]]\nn = 1\n[[list]]\nn = 2\n[list.sub]\nm = 3",
      value: { x: { y: { a: 1 } }, list: [{ n: 1 }, { n: 2, sub: { m: 3 } }] },
    },
  ])("parses $name", ({ toml, value }) => {
    expect(parseToml(toml)).toEqual(value);
  });

  test.each([
    { name: "a duplicate key", toml: "a = 1\na = 2", message: 'line 2: duplicate key "a"' },
    { name: "a table defined twice", toml: "[a]\n[a]", message: 'line 2: table "a" defined twice' },
    { name: "a date", toml: "d = 2026-11-01", message: 'line 1: unsupported value "2026-11-01"' },
    { name: "an unterminated string", toml: 's = "abc', message: "line 1: unterminated string" },
    { name: "two values on a line", toml: "a = 1 b = 2", message: "line 1: expected the end of the line" },
    { name: "a key that is not a table", toml: "a = 1\n[a.b]", message: 'line 2: "a" is not a table' },
  ])("rejects $name with its line", ({ toml, message }) => {
    expect(() => parseToml(toml)).toThrow(message);
  });
});
