import * as zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { crc32, crc32Text } from "../../../../workers/router/crc32";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("crc32", () => {
  test.each([
    { input: "", expected: 0x00000000 },
    { input: "a", expected: 0xe8b7be43 },
    { input: "abc", expected: 0x352441c2 },
    { input: "123456789", expected: 0xcbf43926 },
    { input: "The quick brown fox jumps over the lazy dog", expected: 0x414fa339 },
    { input: "healthy: dynamodb.us-east-1.amazonaws.com ", expected: 3128867991 },
  ])("crc32($input) is the IEEE known answer $expected", ({ input, expected }) => {
    expect(crc32(bytes(input))).toBe(expected);
  });

  test("crc32 agrees with zlib's for random byte strings of every length up to 300", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let length = 0; length <= 300; length++) {
      const data = Uint8Array.from({ length }, next);
      expect(crc32(data)).toBe(zlib.crc32(data));
    }
  });

  test("crc32 is an unsigned 32-bit integer, as the SDKs compare it", () => {
    const value = crc32(bytes('{"TableNames":[]}'));
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(2 ** 32);
  });
});

describe("crc32Text", () => {
  test.each([
    "",
    '{"Item":{"pk":{"S":"a"}}}',
    "ключ-✓-🔑",
    "mixed ascii then é",
    "\u007f\u0080\u07ff\u0800\uffff",
    "lone surrogate \ud800 end",
  ])("crc32Text(%j) is the crc32 of its UTF-8 bytes", (text) => {
    expect(crc32Text(text)).toBe(crc32(bytes(text)));
  });

  test("crc32Text agrees with zlib for ASCII texts of every length up to 300 (words and the tail)", () => {
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return 32 + ((seed >>> 16) % 95);
    };
    for (let length = 0; length <= 300; length++) {
      const text = String.fromCharCode(...Array.from({ length }, next));
      expect(crc32Text(text)).toBe(zlib.crc32(text));
    }
  });

  test("a non-ASCII character anywhere, in a word or in the tail, makes it read the UTF-8 bytes", () => {
    for (let length = 1; length <= 11; length++) {
      for (let at = 0; at < length; at++) {
        const chars = Array.from({ length }, (_, i) => (i === at ? "é" : String.fromCharCode(97 + i)));
        const text = chars.join("");
        expect(crc32Text(text), text).toBe(zlib.crc32(Buffer.from(text, "utf8")));
      }
    }
  });
});
