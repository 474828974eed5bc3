/** The PartiQL lexer (shared/partiql/tokenize.ts): token classes, values, and DynamoDB's positions. */
import { describe, expect, it } from "vitest";
import { tokenize } from "../../../../shared/partiql/tokenize";

const shape = (text: string) => tokenize(text).map((token) => `${token.type}:${token.value}`);

describe("tokenize", () => {
  it("reads keywords in any case, and keeps identifiers as written", () => {
    expect(shape("SeLeCt Foo FROM $x _y a1")).toEqual([
      "keyword:select",
      "identifier:Foo",
      "keyword:from",
      "identifier:$x",
      "identifier:_y",
      "identifier:a1",
      "eof:",
    ]);
  });

  it("treats partiql-lang-kotlin's reserved words as keywords", () => {
    expect(shape("value size date inner name")).toEqual([
      "keyword:value",
      "keyword:size",
      "keyword:date",
      "keyword:inner",
      "identifier:name",
      "eof:",
    ]);
  });

  it("unquotes identifiers and strings, a doubled quote standing for one", () => {
    expect(shape(`"a ""b"" SELECT" 'it''s' "" ''`)).toEqual([
      'quoted:a "b" SELECT',
      "string:it's",
      "quoted:",
      "string:",
      "eof:",
    ]);
    expect(tokenize(`'a\\nb'`)[0].value).toBe("a\\nb");
  });

  it.each([
    ["12", ["number:12"]],
    ["1.5", ["number:1.5"]],
    ["1.", ["number:1."]],
    [".5", ["number:.5"]],
    ["1e3", ["number:1e3"]],
    ["1.5E-2", ["number:1.5E-2"]],
    ["1.e5", ["number:1.e5"]],
    ["1e", ["unknown:"]],
    ["1x", ["unknown:"]],
    ["1e2147483648", ["unknown:"]],
    ["-1", ["punct:-", "number:1"]],
  ])("numbers: %j", (text, tokens) => {
    expect(shape(text)).toEqual([...tokens, "eof:"]);
  });

  it("numbers parameters from 0 in text order", () => {
    expect(shape("? = ?")).toEqual(["parameter:0", "punct:=", "parameter:1", "eof:"]);
  });

  it("reads punctuation and operators, `!=` as `<>`", () => {
    expect(shape("( ) [ ] { } , . * : ; = <> != < <= > >= + - / % || << >> @")).toEqual([
      ...["(", ")", "[", "]", "{", "}", ",", ".", "*", ":", ";", "=", "<>", "<>", "<", "<=", ">", ">="].map(
        (mark) => `punct:${mark}`,
      ),
      ...["+", "-", "/", "%", "||", "<<", ">>", "@"].map((mark) => `punct:${mark}`),
      "eof:",
    ]);
    expect(shape("x<<<1>>>1")).toEqual([
      "identifier:x",
      "punct:<<",
      "punct:<",
      "number:1",
      "punct:>>",
      "punct:>",
      "number:1",
      "eof:",
    ]);
  });

  it("skips comments and all of DynamoDB's whitespace", () => {
    expect(shape("a -- b\n/* c\n d */ e\t\v\f\r\nf --")).toEqual([
      "identifier:a",
      "identifier:e",
      "identifier:f",
      "eof:",
    ]);
  });

  it.each([
    ["'abc", "'abc"],
    ['"abc', '"abc'],
    ["`1", "`1"],
    ["/* abc", "/* abc"],
    ["#", "#"],
    ["!", "!"],
    ["|", "|"],
    ["é", "é"],
    ["😀", "😀"],
  ])("%j is an unknown token", (text, source) => {
    expect(tokenize(text)[0]).toMatchObject({ type: "unknown", text: source });
  });

  it("reads Ion literals between backticks", () => {
    expect(tokenize("`{a: 1}`")[0]).toMatchObject({ type: "ion", value: "{a: 1}", length: 8 });
  });

  it("positions tokens by line and code-point column, lines split at LF, CR LF and CR", () => {
    const at = (text: string) => tokenize(text).map((token) => [token.line, token.column, token.length]);
    expect(at("a\nbb\r\nc\rd")).toEqual([
      [1, 1, 1],
      [2, 1, 2],
      [3, 1, 1],
      [4, 1, 1],
      [4, 2, 0],
    ]);
    expect(at("'😀é' x")).toEqual([
      [1, 1, 4],
      [1, 6, 1],
      [1, 7, 0],
    ]);
    expect(at("'a\nb' x")[1]).toEqual([2, 4, 1]);
  });
});
