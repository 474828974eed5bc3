import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AttributeValue } from "../../../../shared/api/attribute-value";
import { encodeBase64 } from "../../../../shared/api/base64";
import { ValidationException } from "../../../../shared/api/errors";
import { canonicalNumber, compareNumbers } from "../../../../shared/api/numbers";
import {
  bytesToHex,
  compareBytes,
  compareKeyValues,
  decodeKeyValue,
  encodeKeyValue,
  hexToBytes,
} from "../../../../shared/keys/key-encoding";

/** Numbers across DynamoDB's whole range: up to 38 digits, leading digit at 10^-130 … 10^125. */
const dynamoNumber = fc
  .record({
    negative: fc.boolean(),
    digits: fc.stringMatching(/^[1-9]([0-9]{0,36}[1-9])?$/),
    magnitude: fc.integer({ min: -130, max: 125 }),
  })
  .map(({ negative, digits, magnitude }) => `${negative ? "-" : ""}${digits[0]}.${digits.slice(1)}0e${magnitude}`);
const anyNumber = fc.oneof(
  dynamoNumber,
  fc.integer().map(String),
  fc.constantFrom("0", "-0", "1", "-1", "0.5", "-0.5"),
);

const sign = (n: number) => Math.sign(n);

describe("encodeKeyValue: N", () => {
  it.each([
    ["0", "02"],
    ["1", "0382" + "02"],
    ["-1", "01" + (255 - 130).toString(16) + "09ff"],
    ["12.5", "0383" + "020306"],
    ["0.01", "03" + (128).toString(16) + "02"],
  ])("encodeKeyValue: N %s encodes as %s", (n, hex) => {
    expect(bytesToHex(encodeKeyValue({ N: n }))).toBe(hex);
  });

  it.each([
    ["-1", "-1E-130", "0", "1E-130", "1"],
    ["-100", "-99.9", "-5", "-1.55", "-1.5", "-1", "-0.5", "0", "0.5", "1", "1.5", "1.55", "5", "99.9", "100"],
  ])("encodeKeyValue: numbers in order encode in byte order (%#)", (...ordered) => {
    const encoded = ordered.map((n) => encodeKeyValue({ N: n }));
    for (let i = 1; i < encoded.length; i++) expect(compareBytes(encoded[i - 1], encoded[i])).toBeLessThan(0);
  });

  it("encodeKeyValue: byte order of N equals numeric order", () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, (a, b) => {
        expect(sign(compareBytes(encodeKeyValue({ N: a }), encodeKeyValue({ N: b })))).toBe(sign(compareNumbers(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("decodeKeyValue: N round-trips to the canonical number", () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        expect(decodeKeyValue(encodeKeyValue({ N: n }), "N")).toEqual({ N: canonicalNumber(n) });
      }),
      { numRuns: 2000 },
    );
  });

  it("decodeKeyValue: equal numbers in different notations encode identically", () => {
    expect(encodeKeyValue({ N: "1.50" })).toEqual(encodeKeyValue({ N: "15e-1" }));
    expect(encodeKeyValue({ N: "-0" })).toEqual(encodeKeyValue({ N: "0.000" }));
  });

  it("encodeKeyValue: rejects a number DynamoDB cannot store", () => {
    expect(() => encodeKeyValue({ N: "1e126" })).toThrow(ValidationException);
    expect(() => encodeKeyValue({ N: "abc" })).toThrow(ValidationException);
  });

  it.each(["", "04", "0382", "0182", "0182ff", "03820b", "01820bff", "018209"])(
    "decodeKeyValue: rejects malformed N bytes %j",
    (hex) => {
      expect(() => decodeKeyValue(hexToBytes(hex), "N")).toThrow(/malformed/);
    },
  );
});

describe("encodeKeyValue: S and B", () => {
  it("encodeKeyValue: S is its UTF-8 bytes", () => {
    expect(bytesToHex(encodeKeyValue({ S: "aé€😀" }))).toBe("61c3a9e282acf09f9880");
  });

  it("encodeKeyValue: B is its raw bytes", () => {
    expect(bytesToHex(encodeKeyValue({ B: "AAEC/w==" }))).toBe("000102ff");
  });

  it("encodeKeyValue: S sorts by UTF-8 bytes, not UTF-16 code units", () => {
    // U+FF61 is above U+1F600 in UTF-16 code units (0xFF61 > 0xD83D) but below it in UTF-8.
    expect(compareKeyValues({ S: "\uff61" }, { S: "😀" })).toBeLessThan(0);
    expect("\uff61" > "😀").toBe(true);
  });

  it("encodeKeyValue: byte order of S equals UTF-8 byte order and round-trips", () => {
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        const ea = encodeKeyValue({ S: a });
        expect(sign(compareBytes(ea, encodeKeyValue({ S: b })))).toBe(
          sign(Buffer.compare(Buffer.from(utf8.encode(a)), Buffer.from(utf8.encode(b)))),
        );
        expect(decodeKeyValue(ea, "S")).toEqual({ S: a });
      }),
    );
  });

  it("encodeKeyValue: byte order of B equals unsigned byte order and round-trips", () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const ea = encodeKeyValue({ B: encodeBase64(a) });
        expect(sign(compareBytes(ea, encodeKeyValue({ B: encodeBase64(b) })))).toBe(
          sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
        );
        expect(decodeKeyValue(ea, "B")).toEqual({ B: encodeBase64(a) });
        expect(encodeBase64(a)).toBe(Buffer.from(a).toString("base64"));
      }),
    );
  });

  it("encodeKeyValue: rejects non-key types", () => {
    expect(() => encodeKeyValue({ BOOL: true } as AttributeValue)).toThrow(/not a key attribute value/);
  });
});

describe("compareBytes and hex", () => {
  it.each([
    ["", "", 0],
    ["", "00", -1],
    ["00", "", 1],
    ["7f", "80", -1],
    ["ff", "0000", 1],
    ["0102", "0102", 0],
    ["0102", "010203", -1],
  ])("compareBytes: %j vs %j has the sign of %d", (a, b, expected) => {
    expect(sign(compareBytes(hexToBytes(a), hexToBytes(b)))).toBe(expected);
  });

  it("bytesToHex: round-trips and sorts like the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        expect(hexToBytes(bytesToHex(a))).toEqual(a);
        const byHex = bytesToHex(a) < bytesToHex(b) ? -1 : bytesToHex(a) > bytesToHex(b) ? 1 : 0;
        expect(byHex).toBe(sign(compareBytes(a, b)));
      }),
    );
  });

  it.each(["0", "zz", "0g"])("hexToBytes: rejects %j", (hex) => {
    expect(() => hexToBytes(hex)).toThrow(/not hex/);
  });
});
