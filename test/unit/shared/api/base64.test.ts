import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ByteLength, base64Problem, decodeBase64, encodeBase64 } from "../../../../shared/api/base64";

describe("base64", () => {
  it("encodeBase64/decodeBase64: round-trip any bytes and agree with Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
        expect(base64ByteLength(text)).toBe(bytes.length);
      }),
    );
  });

  it.each([
    ["", ""],
    ["Yg==", "62"],
    ["YWI=", "6162"],
    ["YWJj", "616263"],
    ["AAEC/w==", "000102ff"],
  ])("decodeBase64: %j decodes to hex %s", (text, hex) => {
    expect(Buffer.from(decodeBase64(text)).toString("hex")).toBe(hex);
  });

  it.each([
    ["23456", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
    ["=+/=", "Invalid Base64 character: '='"],
    ["Y===", "Invalid Base64 character: '='"],
    ["ab!d", "Invalid Base64 character: '!'"],
    ["YWJ-", "Invalid Base64 character: '-'"],
    ["Yh==", "Invalid last non-pad Base64 character dectected"],
    ["+/+=", "Invalid last non-pad Base64 character dectected"],
  ])("base64Problem: rejects %j as DynamoDB's deserializer does", (text, problem) => {
    expect(base64Problem(text)).toBe(problem);
    expect(() => decodeBase64(text)).toThrow(problem);
  });

  it("base64Problem: accepts strict base64", () => {
    expect(base64Problem("YWJj")).toBeUndefined();
    expect(base64Problem("")).toBeUndefined();
  });
});
