import { describe, expect, it } from "vitest";
import { byteText, storedKeyText } from "../../../../workers/replica/stored-key";

const bytes = (...values: number[]) => new Uint8Array(values);
const H = "0123456789abcdef";

describe("storedKeyText", () => {
  it("tells apart keys whose bytes only differ in where the partition key ends", () => {
    // With a separator byte in between, both would read "a\0\0".
    const a = storedKeyText({ h: H, pk: bytes(0x61, 0), sk: bytes() });
    const b = storedKeyText({ h: H, pk: bytes(0x61), sk: bytes(0) });
    expect(a).not.toBe(b);
  });

  it("is the same for equal keys held in different arrays", () => {
    expect(storedKeyText({ h: H, pk: bytes(1, 2), sk: bytes(3) })).toBe(
      storedKeyText({ h: H, pk: bytes(1, 2), sk: bytes(3) }),
    );
  });
});

describe("byteText", () => {
  it("has one char code per byte, across the chunks it builds long keys in", () => {
    const long = new Uint8Array(20_000).map((_, i) => i % 256);
    const text = byteText(long);
    expect(text.length).toBe(20_000);
    expect(text.charCodeAt(8191)).toBe(8191 % 256);
    expect(text.charCodeAt(8192)).toBe(8192 % 256);
    expect(text.charCodeAt(19_999)).toBe(19_999 % 256);
  });
});
