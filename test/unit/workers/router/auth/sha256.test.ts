import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  BlockMemo,
  hmac,
  hmacEnd,
  hmacHex,
  hmacKey,
  hmacStream,
  sha256,
  sha256Stream,
} from "../../../../../workers/router/auth/sha256";

const bytes = (text: string) => new TextEncoder().encode(text);
const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");

describe("sha256", () => {
  it("gives FIPS 180's digests", () => {
    expect(hex(sha256(bytes("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(bytes("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with node:crypto on every length across the block and padding boundaries", () => {
    for (let length = 0; length <= 300; length++) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("hashes text as UTF-8, whatever mix of ASCII and other characters it holds", () => {
    for (const text of ["", "abc", "é", "a".repeat(70) + "ሴ" + "b".repeat(70), "ü".repeat(40), "x😀y".repeat(30)]) {
      expect(hex(sha256(text))).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });
});

describe("hmac", () => {
  it("gives RFC 4231's test case 2", () => {
    expect(hex(hmac(hmacKey(bytes("Jefe")), bytes("what do ya want for nothing?")))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("agrees with node:crypto for keys shorter and longer than a block, over many lengths", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 131]) {
      const key = new Uint8Array(keyLength).map((_, i) => (i * 7 + 3) & 0xff);
      const cached = hmacKey(key);
      for (let length = 0; length <= 200; length += 13) {
        const data = new Uint8Array(length).map((_, i) => (i * 11 + keyLength) & 0xff);
        expect(hex(hmac(cached, data))).toBe(createHmac("sha256", key).update(data).digest("hex"));
        expect(hmacHex(cached, "é".repeat(length))).toBe(
          createHmac("sha256", key).update("é".repeat(length)).digest("hex"),
        );
      }
    }
  });
});

describe("block memo", () => {
  it("gives the same digests as without it, whether messages begin alike or not", () => {
    const memo = new BlockMemo();
    const messages = [
      "a".repeat(200),
      `${"a".repeat(64)}b${"a".repeat(90)}`,
      "b".repeat(130),
      "a".repeat(200),
      "é".repeat(80),
    ];
    for (const message of [...messages, ...messages.reverse()]) {
      const started = hmacStream(hmacKey(bytes("key")), memo);
      expect(hmacEnd(hmacKey(bytes("key")), started.text(message)).digestHex()).toBe(
        createHmac("sha256", "key").update(message).digest("hex"),
      );
      expect(sha256Stream(memo).text(message.slice(0, 7)).text(message.slice(7)).finish().digestHex()).toBe(
        createHash("sha256").update(message).digest("hex"),
      );
    }
  });
});
