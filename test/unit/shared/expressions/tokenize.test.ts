import { describe, expect, it } from "vitest";
import { isReservedWord, RESERVED_WORD_COUNT } from "../../../../shared/expressions/reserved-words";
import { tokenize } from "../../../../shared/expressions/tokenize";

const shape = (text: string) => tokenize(text).map((token) => `${token.type}:${token.text}`);

describe("tokenize", () => {
  it.each([
    [
      "a.b[12] = :v",
      [
        "identifier:a",
        "punct:.",
        "identifier:b",
        "punct:[",
        "number:12",
        "punct:]",
        "punct:=",
        "value::v",
        "eof:<EOF>",
      ],
    ],
    ["#n<>:v_1", ["name:#n", "punct:<>", "value::v_1", "eof:<EOF>"]],
    [
      "a<=b>=c<d>e",
      [
        "identifier:a",
        "punct:<=",
        "identifier:b",
        "punct:>=",
        "identifier:c",
        "punct:<",
        "identifier:d",
        "punct:>",
        "identifier:e",
        "eof:<EOF>",
      ],
    ],
    ["x + y - z", ["identifier:x", "punct:+", "identifier:y", "punct:-", "identifier:z", "eof:<EOF>"]],
    [
      "and Or nOT between IN set add delete remove",
      [
        "keyword:and",
        "keyword:Or",
        "keyword:nOT",
        "keyword:between",
        "keyword:IN",
        "keyword:set",
        "keyword:add",
        "keyword:delete",
        "keyword:remove",
        "eof:<EOF>",
      ],
    ],
  ])("tokenize: %s", (text, tokens) => {
    expect(shape(text)).toEqual(tokens);
  });

  it.each([
    ["01", ["number:0", "number:1", "eof:<EOF>"]],
    ["_a", ["unknown:_", "identifier:a", "eof:<EOF>"]],
    ["a-b", ["identifier:a", "punct:-", "identifier:b", "eof:<EOF>"]],
    ["# :", ["unknown:#", "unknown::", "eof:<EOF>"]],
    ["'x' $", ["unknown:'", "identifier:x", "unknown:'", "unknown:$", "eof:<EOF>"]],
    ["😀", ["unknown:😀", "eof:<EOF>"]],
  ])("tokenize: lexes %s the way DynamoDB does", (text, tokens) => {
    expect(shape(text)).toEqual(tokens);
  });

  it("tokenize: records offsets, and eof sits at the end of the text (after trailing spaces)", () => {
    const tokens = tokenize(" ab  ");
    expect(tokens[0]).toEqual({ type: "identifier", text: "ab", start: 1, end: 3 });
    expect(tokens[1]).toEqual({ type: "eof", text: "<EOF>", start: 5, end: 5 });
  });
});

describe("reserved words", () => {
  it("holds the 573 documented words", () => {
    expect(RESERVED_WORD_COUNT).toBe(573);
  });

  it.each(["status", "STATUS", "Name", "size", "convert", "zone", "abort"])("treats %s as reserved", (word) => {
    expect(isReservedWord(word)).toBe(true);
  });

  it.each(["a", "pk", "statuses", "myname", "remove_me"])("accepts %s as a bare name", (word) => {
    expect(isReservedWord(word)).toBe(false);
  });
});
